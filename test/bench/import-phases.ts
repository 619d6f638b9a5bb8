/**
 * Where the main thread's time goes in one interchange import (issue 13 item 4): the rows, the
 * indexes, the drift summary and the commit, each in wall-clock and main-thread CPU seconds, for a
 * document already exported (e.g. by `import-bench.ts --phase export N DIR`, which leaves DIR/demo.json).
 *
 *   npx tsx test/bench/import-phases.ts DIR/demo.json  [--plain] [--runs N] [--cache MiB]
 *
 * Each run imports into a new caseload in a temporary folder (removed after). On a shared machine
 * compare the CPU columns, not the wall clock.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importCaseloadFileStepwise } from '../../electron/core/caseload/import'
import { createCaseload, openDatabaseFile, type CaseloadDb } from '../../electron/core/db/caseload-db'

/** The main thread's CPU seconds so far (Linux; 0 elsewhere). */
function mainThreadCpu(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

const round = (x: number) => Math.round(x * 100) / 100

async function run(json: string, plain: boolean, cacheMiB: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-phases-'))
  try {
    const path = join(dir, 'imported.db')
    const db: CaseloadDb = plain ? openDatabaseFile(path, null, { create: true }) : await createCaseload({ path, passphrase: 'benchmark passphrase' })
    // An experiment: a larger page cache for this import only.
    if (cacheMiB) db.sqlite.pragma(`cache_size = -${cacheMiB * 1024}`)
    const marks: { name: string; at: number; cpu: number }[] = []
    const mark = (name: string) => marks.push({ name, at: performance.now(), cpu: mainThreadCpu() })
    // The commit is the one statement after the summary: marked as it is prepared.
    const prepare = db.sqlite.prepare.bind(db.sqlite)
    ;(db.sqlite as { prepare: typeof prepare }).prepare = ((sql: string) => {
      if (sql === 'COMMIT') mark('summary')
      return prepare(sql)
    }) as typeof prepare
    mark('start')
    let rowsDone = false
    await importCaseloadFileStepwise(db, json, {
      onStage: (stage) => {
        if (!rowsDone) {
          rowsDone = true
          mark('rows')
        }
        if (stage === 'Working out the findings') mark('indexes')
      },
    })
    mark('commit')
    db.close()
    const out: Record<string, unknown> = { plain }
    for (let i = 1; i < marks.length; i++) {
      out[marks[i]!.name] = { wall: round((marks[i]!.at - marks[i - 1]!.at) / 1000), cpu: round(marks[i]!.cpu - marks[i - 1]!.cpu) }
    }
    const last = marks[marks.length - 1]!
    out.total = { wall: round((last.at - marks[0]!.at) / 1000), cpu: round(last.cpu - marks[0]!.cpu) }
    out.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024)
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const args = process.argv.slice(2)
  const json = args.find((a) => !a.startsWith('--'))
  if (!json) throw new Error('usage: import-phases.ts FILE.json [--plain] [--runs N]')
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 1) || 1
  void (async () => {
    for (let i = 0; i < runs; i++) console.log(JSON.stringify(await run(json, args.includes('--plain'), args.includes('--cache') ? Number(args[args.indexOf('--cache') + 1]) : 0)))
  })()
}
