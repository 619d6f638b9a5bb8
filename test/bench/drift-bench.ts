/**
 * Drift scan benchmark (design brief §7, issue 3). For each size: a demo caseload generated into a
 * temporary encrypted database, then the median of a few full scans, against the median time to
 * simply read every row of every table of the same database (the floor).
 * Budgets: 50,000 children under 1 s and no slower than the floor; 500 children under 50 ms.
 *
 *   npx tsx test/bench/drift-bench.ts [sizes…]      (default 80 500 50000)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createCaseload } from '../../electron/core/db/caseload-db'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { scanCaseload } from '../../electron/core/drift/scan'

const AS_OF = '2026-11-26'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
const round = (x: number) => Math.round(x * 10) / 10

export interface DriftBenchResult {
  children: number
  rows: number
  plansScanned: number
  findings: number
  scanMs: number
  scanRunsMs: number[]
  floorMs: number
  scanStepsMs: Record<string, number>
  peakRssMiB: number
  heapUsedMiB: number
  budgetMs: number | null
  withinBudget: boolean | null
  notSlowerThanFloor: boolean
}

export async function benchDrift(sizes: number[] = [80, 500, 50_000], runs = 5): Promise<DriftBenchResult[]> {
  const results: DriftBenchResult[] = []
  for (const children of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'))
    const db = await createCaseload({ path: join(dir, 'bench.db'), passphrase: 'bench passphrase', kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 } })
    try {
      loadDemoCaseload(db, { children, seed: 1, asOf: AS_OF })
      db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
      const tables = (db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`).all() as { name: string }[]).map((t) => t.name)
      const readAll = () => {
        let n = 0
        for (const t of tables) for (const row of db.sqlite.prepare(`SELECT * FROM "${t}"`).raw(true).iterate()) if (row) n++
        return n
      }
      const scanRuns: number[] = []
      const floorRuns: number[] = []
      let rows = 0
      let last = scanCaseload(db, { asOf: AS_OF }) // warm-up (JIT, statement cache)
      readAll()
      const steps: Record<string, number[]> = {}
      for (let i = 0; i < runs; i++) {
        let t = performance.now()
        last = scanCaseload(db, { asOf: AS_OF })
        scanRuns.push(performance.now() - t)
        for (const [k, v] of Object.entries(last.timings ?? {})) (steps[k] ??= []).push(v)
        t = performance.now()
        rows = readAll()
        floorRuns.push(performance.now() - t)
      }
      const scanMs = median(scanRuns)
      const floorMs = median(floorRuns)
      const budgetMs = children >= 50_000 ? 1000 : children >= 500 ? 50 : children >= 80 ? 100 : null
      results.push({
        children,
        rows,
        plansScanned: last.cases.length,
        findings: last.findings.length,
        scanMs: round(scanMs),
        scanRunsMs: scanRuns.map(round),
        floorMs: round(floorMs),
        scanStepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(median(v))])),
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
        budgetMs,
        withinBudget: budgetMs === null ? null : scanMs < budgetMs,
        notSlowerThanFloor: scanMs <= floorMs,
      })
    } finally {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return results
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0)
  benchDrift(sizes.length ? sizes : [80, 500, 50_000])
    .then((r) => console.log(JSON.stringify({ bench: 'drift', asOf: AS_OF, node: process.version, results: r }, null, 2)))
    .catch((e: unknown) => {
      console.error(e)
      process.exit(1)
    })
}
