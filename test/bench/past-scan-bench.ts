/**
 * The past-date scan alone (issue 13: under 1.5 s at 50,000 children), quicker than the whole drift
 * bench: on a caseload made by `drift-bench.ts --generate PATH 50000`, the scan on drift-bench's past
 * as-of date (`scanCaseload`, what the app does) and the pure history scan (`fromHistory: true`), each
 * `runs` times back to back after one warm-up, with the median, every run and the steps of the median
 * run; also how many open plans' summaries do not hold on that date (the ones the history loader reads).
 *
 *   npx tsx test/bench/past-scan-bench.ts PATH [runs] [asOf]
 */
import { openCaseload } from '../../electron/core/db/caseload-db'
import { scanCaseload, type DriftScan } from '../../electron/core/drift/scan'

const PASSPHRASE = 'bench passphrase'
const PAST_AS_OF = '2026-08-26'

const round = (x: number) => Math.round(x * 10) / 10

async function main(): Promise<void> {
  const [path, runsArg, asOfArg] = process.argv.slice(2)
  if (!path) throw new Error('usage: past-scan-bench.ts PATH [runs] [asOf]')
  const runs = Number(runsArg ?? 3)
  const asOf = asOfArg ?? PAST_AS_OF
  const db = await openCaseload({ path, passphrase: PASSPHRASE })
  try {
    const measure = (fromHistory: boolean) => {
      scanCaseload(db, { asOf, fromHistory })
      const out: { ms: number; scan: DriftScan }[] = []
      for (let i = 0; i < runs; i++) {
        const t = performance.now()
        const scan = scanCaseload(db, { asOf, fromHistory })
        out.push({ ms: performance.now() - t, scan })
      }
      out.sort((a, b) => a.ms - b.ms)
      const mid = out[out.length >> 1]!
      return {
        medianMs: round(mid.ms),
        runsMs: out.map((r) => round(r.ms)),
        stepsMs: Object.fromEntries(Object.entries(mid.scan.timings ?? {}).map(([k, v]) => [k, round(v)])),
        findings: mid.scan.findings.length,
        cases: mid.scan.cases.length,
      }
    }
    const open = db.sqlite
      .prepare(`SELECT count(*), sum(valid_from > :asOf) FROM drift_facts WHERE start_date <= :asOf AND (end_date IS NULL OR end_date > :asOf)`)
      .raw(true)
      .get({ asOf }) as [number, number | null]
    const pastDate = measure(false)
    const history = measure(true)
    console.log(
      JSON.stringify({ bench: 'past-scan', asOf, openPlans: open[0], plansWhoseSummaryDoesNotHold: open[1] ?? 0, pastDate, history, node: process.version }, null, 2),
    )
  } finally {
    db.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
