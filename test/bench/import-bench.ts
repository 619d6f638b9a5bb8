/**
 * Benchmark of the foundation (issue 2): demo generation, export and import of 500 and 50,000
 * children, encrypted and (for comparison only) unencrypted. Each phase runs in its own child
 * process so that its peak memory (max RSS) is its own.
 *
 *   npx tsx test/bench/import-bench.ts [sizes…]      e.g. 500 50000
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportCaseloadFile } from '../../electron/core/caseload/export'
import { importCaseloadFileStepwise } from '../../electron/core/caseload/import'
import { createCaseload, openCaseload, openDatabaseFile, type CaseloadDb } from '../../electron/core/db/caseload-db'
import { loadDemoCaseload } from '../../electron/core/demo/load'

const PASSPHRASE = 'benchmark passphrase'
const AS_OF = '2026-11-26'

type Phase = 'generate' | 'export' | 'import' | 'import-plain'

interface PhaseResult {
  phase: Phase
  children: number
  /** The work itself: generation, export or import, in one transaction (wall clock). */
  seconds: number
  /**
   * CPU time of the same work (user + system, this process: the driver runs on its thread). On a
   * shared machine the wall clock measures the other programs too; this stays close to a quiet run.
   */
  cpuSeconds: number
  /**
   * CPU time of the process's main thread alone (Linux; null elsewhere). The import reads and checks
   * the file on a second thread, so on a quiet two-core machine its wall clock follows this, not
   * cpuSeconds; on a loaded one it says what a quiet run would take.
   */
  mainThreadCpuSeconds: number | null
  /** Creating or opening the database, including Argon2id for the encrypted ones. */
  openSeconds: number
  peakRssMB: number
  fileMB: number
}

/** The main thread's CPU seconds so far (its line in /proc; null where there is none). */
function mainThreadCpu(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

function size(path: string): number {
  let total = 0
  for (const p of [path, `${path}-wal`]) {
    try {
      total += statSync(p).size
    } catch {
      // no WAL after a clean close
    }
  }
  return Math.round((total / 1048576) * 10) / 10
}

async function runPhase(phase: Phase, children: number, dir: string): Promise<PhaseResult> {
  const encrypted = join(dir, 'demo.db')
  const json = join(dir, 'demo.json')
  let started = performance.now()
  let openSeconds = 0
  let cpu = process.cpuUsage()
  let mainCpu = mainThreadCpu()
  const opened = () => {
    openSeconds = (performance.now() - started) / 1000
    started = performance.now()
    cpu = process.cpuUsage()
    mainCpu = mainThreadCpu()
  }
  let file = ''
  let db: CaseloadDb
  switch (phase) {
    case 'generate':
      db = await createCaseload({ path: encrypted, passphrase: PASSPHRASE })
      opened()
      loadDemoCaseload(db, { children, seed: 1, asOf: AS_OF })
      db.close()
      file = encrypted
      break
    case 'export':
      db = await openCaseload({ path: encrypted, passphrase: PASSPHRASE })
      opened()
      exportCaseloadFile(db, json)
      db.close()
      file = json
      break
    // The app's import (the Import screen's Apply): stepwise, letting the event loop run every 100 ms.
    case 'import':
      file = join(dir, 'imported.db')
      db = await createCaseload({ path: file, passphrase: PASSPHRASE })
      opened()
      await importCaseloadFileStepwise(db, json)
      db.close()
      break
    case 'import-plain':
      file = join(dir, 'plain.db')
      db = openDatabaseFile(file, null, { create: true })
      opened()
      await importCaseloadFileStepwise(db, json)
      db.close()
      break
  }
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const mainNow = mainThreadCpu()
  return {
    phase,
    children,
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100,
    mainThreadCpuSeconds: mainNow === null || mainCpu === null ? null : Math.round((mainNow - mainCpu) * 100) / 100,
    openSeconds: Math.round(openSeconds * 100) / 100,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    fileMB: phase === 'export' ? Math.round((statSync(file).size / 1048576) * 10) / 10 : size(file),
  }
}

export function benchImport(sizes: number[]): PhaseResult[] {
  const results: PhaseResult[] = []
  for (const children of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `driftwatch-bench-${children}-`))
    try {
      for (const phase of ['generate', 'export', 'import', 'import-plain'] as Phase[]) {
        const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--phase', phase, String(children), dir], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 1 << 20,
        })
        if (r.status !== 0) throw new Error(`phase ${phase} for ${children} children failed`)
        results.push(JSON.parse(r.stdout.trim().split('\n').pop()!))
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return results
}

if (require.main === module) {
  const args = process.argv.slice(2)
  if (args[0] === '--phase') {
    runPhase(args[1] as Phase, Number(args[2]), args[3]!).then((r) => console.log(JSON.stringify(r)))
  } else {
    const sizes = args.length ? args.map(Number) : [500, 50_000]
    const results = benchImport(sizes)
    const byChildren = (n: number, p: Phase) => results.find((r) => r.children === n && r.phase === p)!
    const summary = sizes.map((n) => ({
      children: n,
      encryptionOverhead: `${Math.round((byChildren(n, 'import').seconds / byChildren(n, 'import-plain').seconds - 1) * 100)}%`,
      encryptionOverheadCpu: `${Math.round((byChildren(n, 'import').cpuSeconds / byChildren(n, 'import-plain').cpuSeconds - 1) * 100)}%`,
    }))
    console.log(JSON.stringify({ machine: { node: process.version, cpus: cpus().length }, results, summary }, null, 2))
  }
}
