/**
 * The past-date scan alone (issue 13: under 1.5 s at 50,000 children), quicker than the whole drift
 * bench: on a caseload made by `drift-bench.ts --generate PATH 50000`, on drift-bench's past as-of
 * date (26 Aug 2026: every open plan there has a record dated after it, so the summary holds for none
 * and the history loader reads them all), `runs` times each after one warm-up, back to back:
 * - pastDate: `scanCaseload` as the app calls it;
 * - history: `scanCaseload` with `fromHistory: true`;
 * - loaderAndRulesUnnamed: the history loader and the rules in one read transaction, without the
 *   database look-ups of the findings' sentences (names of actions and professionals: one primary-key
 *   read each, ~70,000 on that date, whose pages evict the loader's from the page cache) — what the
 *   scan costs once those are looked up only for the findings shown;
 * each with the median and every run's wall and CPU milliseconds (CPU is the steadier figure on a
 * loaded machine) and the steps of the median run.
 *
 *   npx tsx test/bench/past-scan-bench.ts PATH [runs] [asOf]
 */
import { openCaseload } from '../../electron/core/db/caseload-db'
import { ruleContext, runRules } from '../../electron/core/drift/engine'
import { scanCaseload } from '../../electron/core/drift/scan'
import type { Finding } from '../../shared/drift-types'
import { loadDriftFacts } from '../../electron/core/queries/drift-facts'
import { loadCalendar, loadPolicy } from '../../electron/core/queries/policy-settings'

const PASSPHRASE = 'bench passphrase'
const PAST_AS_OF = '2026-08-26'

const round = (x: number) => Math.round(x * 10) / 10

interface Run {
  wallMs: number
  cpuMs: number
  findings: number
  steps: Record<string, number>
}

function measure(runs: number, f: () => { findings: number; steps: Record<string, number> }) {
  f()
  const out: Run[] = []
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage()
    const t = performance.now()
    const r = f()
    const wallMs = performance.now() - t
    const u = process.cpuUsage(c)
    out.push({ wallMs, cpuMs: (u.user + u.system) / 1000, ...r })
  }
  const byWall = [...out].sort((a, b) => a.wallMs - b.wallMs)
  const mid = byWall[byWall.length >> 1]!
  const cpus = out.map((r) => r.cpuMs).sort((a, b) => a - b)
  return {
    medianMs: round(mid.wallMs),
    medianCpuMs: round(cpus[cpus.length >> 1]!),
    runsMs: out.map((r) => round(r.wallMs)),
    runsCpuMs: out.map((r) => round(r.cpuMs)),
    stepsMs: Object.fromEntries(Object.entries(mid.steps).map(([k, v]) => [k, round(v)])),
    findings: mid.findings,
  }
}

async function main(): Promise<void> {
  const [path, runsArg, asOfArg] = process.argv.slice(2)
  if (!path) throw new Error('usage: past-scan-bench.ts PATH [runs] [asOf]')
  const runs = Number(runsArg ?? 3)
  const asOf = asOfArg ?? PAST_AS_OF
  const db = await openCaseload({ path, passphrase: PASSPHRASE })
  try {
    const open = db.sqlite
      .prepare(`SELECT count(*), sum(valid_from > :asOf) FROM drift_facts WHERE start_date <= :asOf AND (end_date IS NULL OR end_date > :asOf)`)
      .raw(true)
      .get({ asOf }) as [number, number | null]
    const scan = (fromHistory: boolean) => () => {
      const s = scanCaseload(db, { asOf, fromHistory })
      return { findings: s.findings.length, steps: s.timings ?? {} }
    }
    const policy = loadPolicy(db)
    const calendar = loadCalendar(db)
    const unnamed = () =>
      db.sqlite.transaction(() => {
        const { plans, timings } = loadDriftFacts(db.sqlite, asOf, policy, calendar)
        const t = performance.now()
        const ctx = ruleContext({ asOf, policy, calendar })
        const findings: Finding[] = []
        for (let i = 0; i < plans.length; i++) runRules(plans[i]!, ctx, findings)
        return { findings: findings.length, steps: { ...timings, rules: performance.now() - t } }
      })()
    const pastDate = measure(runs, scan(false))
    const history = measure(runs, scan(true))
    const loaderAndRulesUnnamed = measure(runs, unnamed)
    console.log(
      JSON.stringify(
        { bench: 'past-scan', asOf, openPlans: open[0], plansWhoseSummaryDoesNotHold: open[1] ?? 0, pastDate, history, loaderAndRulesUnnamed, node: process.version },
        null,
        2,
      ),
    )
  } finally {
    db.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
