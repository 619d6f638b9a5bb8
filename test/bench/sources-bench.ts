/**
 * Benchmark of source imports (issue 10): an SSD extract of N children with a realistic history
 * (about 24 visits a child: 1.2 million for 50,000), written by the test extract writer, imported into
 * a new encrypted caseload; then a sync of a week's change (about 1% of rows). Budgets for 50,000
 * children: import under 60 s, sync under 15 s, peak memory under 1 GB. Each phase runs in its own
 * process so that its peak memory (max RSS) is its own.
 *
 *   npx tsx test/bench/sources-bench.ts [sizes…]      e.g. 500 50000
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Caseload } from '../../shared/caseload-format'
import { createCaseload, openCaseload, type CaseloadDb } from '../../electron/core/db/caseload-db'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import { runSourceImport } from '../../electron/core/sources'
import { writeCsv, writeSsdExtract } from '../helpers/source-extracts'

const PASSPHRASE = 'benchmark passphrase'
const AS_OF = '2026-11-26'
const VISITS_PER_CHILD = 24

type Phase = 'write' | 'import' | 'sync'

interface PhaseResult {
  phase: Phase
  children: number
  seconds: number
  /** CPU time of the process (user + system, all threads): on a shared machine, closer to the work than the wall clock. */
  cpuSeconds: number
  peakRssMB: number
  rows?: Record<string, number>
  changes?: Record<string, number>
}

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The demo caseload's SSD-shaped lists, with older visits added up to VISITS_PER_CHILD a child. */
function extractDoc(children: number): Pick<Caseload, 'children' | 'professionals' | 'allocations' | 'plans' | 'conferences' | 'visits'> {
  const doc = demoCaseloadDocument({ children, seed: 1, asOf: AS_OF })
  const visits = doc.visits
  const extra = VISITS_PER_CHILD * children - visits.length
  for (let i = 0; i < extra; i++) {
    const v = visits[i % visits.length]!
    visits.push({ id: `${v.id}-h${Math.floor(i / visits.length)}`, childId: v.childId, date: shiftDays(v.date, -7 * (1 + Math.floor(i / visits.length))), seenAlone: i % 3 === 0 })
  }
  return { children: doc.children, professionals: doc.professionals, allocations: doc.allocations, plans: doc.plans, conferences: doc.conferences, visits }
}

/** A week's change: 1% of visits corrected, 1% new, 1% of plans ended, 1% of allocations closed. */
function weekLater(doc: ReturnType<typeof extractDoc>): ReturnType<typeof extractDoc> {
  const visits = doc.visits.map((v, i) => (i % 100 === 0 ? { ...v, seenAlone: !v.seenAlone } : v))
  const added = Math.floor(doc.visits.length / 100)
  for (let i = 0; i < added; i++) {
    const c = doc.children[i % doc.children.length]!
    visits.push({ id: `VW-${i}`, childId: c.id, date: AS_OF, seenAlone: true })
  }
  const plans = doc.plans.map((p, i) => (i % 100 === 0 && !p.endDate ? { ...p, endDate: AS_OF } : p))
  const allocations = doc.allocations.map((a, i) => (i % 100 === 0 && !a.endDate && a.startDate <= AS_OF ? { ...a, endDate: AS_OF } : a))
  return { ...doc, visits, plans, allocations }
}

async function runPhase(phase: Phase, children: number, dir: string): Promise<PhaseResult> {
  const started = performance.now()
  const db = join(dir, 'caseload.db')
  let rows: Record<string, number> | undefined
  let changes: Record<string, number> | undefined
  if (phase === 'write') {
    const doc = extractDoc(children)
    const first = join(dir, 'week1')
    const second = join(dir, 'week2')
    mkdirSync(first)
    mkdirSync(second)
    await writeSsdExtract(first, doc)
    // The SSD holds the authority's whole cohort: persons with no plan too.
    await writeCsv(
      join(first, 'ssd_person.csv'),
      ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_gender', 'pers_ethnicity', 'pers_dob'],
      (function* () {
        for (const c of doc.children) yield [c.id, c.name.split(' ')[0], c.name.split(' ').slice(1).join(' '), c.gender === 'male' ? 'M' : 'F', c.ethnicity ?? null, c.dateOfBirth ? `${c.dateOfBirth} 00:00:00.000` : null]
        for (let i = 0; i < children * 2; i++) yield [`X${i}`, 'Other', 'Person', 'U', null, null]
      })(),
    )
    await writeSsdExtract(second, weekLater(doc))
    rows = { children: doc.children.length, plans: doc.plans.length, visits: doc.visits.length }
  } else {
    let caseload: CaseloadDb
    if (phase === 'import') caseload = await createCaseload({ path: db, passphrase: PASSPHRASE })
    else caseload = await openCaseload({ path: db, passphrase: PASSPHRASE })
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const result = await runSourceImport(caseload, { source: 'ssd', path: join(dir, phase === 'import' ? 'week1' : 'week2'), dryRun: false })
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(c0)
    caseload.close()
    const count = (ids: Record<string, string[]>) => Object.fromEntries(Object.entries(ids).filter(([, l]) => l.length > 0).map(([k, l]) => [k, l.length]))
    changes = phase === 'import' ? count(result.added) : { ...Object.fromEntries(Object.entries(count(result.added)).map(([k, n]) => [`added ${k}`, n])), ...Object.fromEntries(Object.entries(count(result.changed)).map(([k, n]) => [`changed ${k}`, n])) }
    return { phase, children, seconds: Math.round(seconds * 100) / 100, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), changes }
  }
  const cpu = process.cpuUsage()
  return { phase, children, seconds: Math.round(((performance.now() - started) / 1000) * 100) / 100, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), rows, changes }
}

export function benchSources(sizes: number[]): PhaseResult[] {
  const results: PhaseResult[] = []
  for (const children of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `driftwatch-sources-bench-${children}-`))
    try {
      for (const phase of ['write', 'import', 'sync'] as Phase[]) {
        const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--phase', phase, String(children), dir], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 1 << 20,
        })
        if (r.status !== 0) throw new Error(`phase ${phase} for ${children} children failed`)
        results.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as PhaseResult)
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
    runPhase(args[1] as Phase, Number(args[2]), args[3]!).then(
      (r) => console.log(JSON.stringify(r)),
      (e: unknown) => {
        console.error(e)
        process.exit(1)
      },
    )
  } else {
    const sizes = args.length ? args.map(Number) : [500, 50_000]
    console.log(JSON.stringify({ node: process.version, results: benchSources(sizes) }, null, 2))
  }
}
