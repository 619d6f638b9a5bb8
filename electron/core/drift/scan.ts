/**
 * A drift scan (design brief §4): every finding on the as-of date, the policy it used and any
 * warnings (for example deadlines past the last year with known bank holidays).
 */
import type { Caseload } from '../../../shared/caseload-format'
import { formatUK, isCivilDate, type CivilDate } from '../../../shared/civil-date'
import { DEFAULT_POLICY, type DriftPolicy } from '../../../shared/drift-policy'
import { driftScore, type Finding } from '../../../shared/drift-types'
import { DriftwatchError } from '../../../shared/errors'
import { allocationOn } from '../../../shared/period'
import type { CaseloadDb } from '../db/caseload-db'
import { loadDriftFacts, type DriftFactsTimings } from '../queries/drift-facts'
import { emptyDriftSummary, refreshDriftSummary, summaryFacts, summaryFactsOf } from '../queries/drift-summary'
import { SummaryFormatError } from '../queries/drift-summary-decode'
import { loadCalendar, loadPolicy } from '../queries/policy-settings'
import { overdueSupervisionActions, type SupervisionActionRow } from '../queries/supervision'
import { defaultCalendar, type WorkingDayCalendar } from './calendar'
import { compareFindings, ruleContext, runRules } from './engine'
import { factsFromCaseload, isOpenOn, type PlanFacts } from './facts'
import type { FindingNames } from './rules/names'
import { databaseNames, documentNames } from '../queries/finding-names'

/** One open plan of the scan: who it is allocated to on A and which team, for totals. */
export interface ScannedCase {
  childId: string
  planId: string
  team: string | null
  /** The allocated worker on A (the latest allocation covering A, ties by id), or null. */
  workerId: string | null
}

export interface DriftScan {
  asOf: CivilDate
  policy: DriftPolicy
  findings: Finding[]
  warnings: string[]
  /** The open plans scanned (also those with no finding). */
  cases: ScannedCase[]
  /** Milliseconds per step (loading facts, rules, sorting). */
  timings?: DriftFactsTimings
}

export interface ScanOptions {
  asOf: CivilDate
  /** Overrides the caseload's stored policy. */
  policy?: DriftPolicy
  calendar?: WorkingDayCalendar
  /**
   * Read the facts from the history tables even where the drift summary holds (tests compare the
   * two; the benchmark measures both). Default: the summary when it holds for the as-of date.
   */
  fromHistory?: boolean
}

function checkAsOf(asOf: unknown): asserts asOf is CivilDate {
  if (!isCivilDate(asOf)) throw new DriftwatchError('BAD_INPUT', `The as-of date ${JSON.stringify(asOf)} is not a real date in the form YYYY-MM-DD.`, [{ path: 'asOf', reason: 'is not a real date in the form YYYY-MM-DD' }])
}

function caseOf(p: PlanFacts, asOf: CivilDate): ScannedCase {
  let worker: PlanFacts['allocations'][number] | null = null
  for (const a of p.allocations) {
    if (!allocationOn(a, asOf)) continue
    if (!worker || a.startDate > worker.startDate || (a.startDate === worker.startDate && a.id > worker.id)) worker = a
  }
  return { childId: p.childId, planId: p.planId, team: p.team, workerId: worker ? worker.professionalId : null }
}

/** Runs the rules over batches of plans' facts (plans not open on A are skipped). */
function run(batches: Iterable<readonly PlanFacts[]>, asOf: CivilDate, policy: DriftPolicy, calendar: WorkingDayCalendar, timings: DriftFactsTimings, names?: FindingNames): DriftScan {
  const ctx = ruleContext({ asOf, policy, calendar, ...(names ? { names } : {}) })
  calendar.resetWarning()
  const findings: Finding[] = []
  const cases: ScannedCase[] = []
  let t0 = performance.now()
  let rulesMs = 0
  for (const plans of batches) {
    const t = performance.now()
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i]!
      if (!isOpenOn(p.startDate, p.endDate, asOf)) continue
      runRules(p, ctx, findings)
      cases.push(caseOf(p, asOf))
    }
    rulesMs += performance.now() - t
  }
  let t = performance.now()
  // Batches read while the rules run (the summary): the reading is the time not spent in the rules.
  if (timings.summary !== undefined) timings.summary = t - t0 - rulesMs
  timings.rules = rulesMs
  t0 = t
  findings.sort(compareFindings)
  cases.sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : a.planId < b.planId ? -1 : a.planId > b.planId ? 1 : 0))
  t = performance.now()
  timings.sort = t - t0
  const warnings: string[] = []
  const w = calendar.takeWarning()
  if (w) warnings.push(w)
  return { asOf, policy, findings, warnings, cases, timings }
}

/** Brings the summary up to date; 0 when this process may not write now (the scans then read the history). */
function tryRefresh(db: CaseloadDb): number {
  try {
    return refreshDriftSummary(db.sqlite)
  } catch (e) {
    // A database this process may only read, or another process writing for longer than the busy
    // timeout: the scan does not need the summary (it reads the history when the summary is not up
    // to date), so it goes on.
    const code = (e as { code?: unknown }).code
    if (typeof code !== 'string' || !(code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_BUSY'))) throw e
    return 0
  }
}

/** What scanPlans found for the plans it was given: their findings and table cases, not the supervision actions'. */
export interface PlansScan {
  findings: Finding[]
  warnings: string[]
  cases: ScannedCase[]
}

/**
 * The rules run again on a few plans only (after a change to them), from their drift summaries
 * built afresh (queries/drift-summary.ts `summaryFactsOf`: read-only, nothing committed); null when the summary does not hold for one of them on `asOf` (a record dated after A: the
 * history loader is needed, which reads the whole caseload) — then the caller scans in full. Plans not open on A give nothing. Supervision actions are not
 * included: `supervisionFindings` over the whole caseload is cheap and the caller adds them.
 * `policy` and `calendar` must be the ones of the scan being patched.
 */
export function scanPlans(
  db: CaseloadDb,
  planIds: readonly string[],
  options: ScanOptions,
): PlansScan | null {
  checkAsOf(options.asOf)
  const policy = options.policy ?? loadPolicy(db)
  const calendar = options.calendar ?? loadCalendar(db)
  const read = db.sqlite.transaction(() => {
    const plans = summaryFactsOf(db.sqlite, options.asOf, planIds)
    return plans && run([plans], options.asOf, policy, calendar, {}, databaseNames(db.sqlite))
  })
  let scan: DriftScan | null
  try {
    scan = read()
  } catch (e) {
    // Built afresh, so never an old row's shape; still, the full scan is the safe answer.
    if (!(e instanceof SummaryFormatError)) throw e
    return null
  }
  return scan && { findings: scan.findings, warnings: scan.warnings, cases: scan.cases }
}

/** Scans the caseload database on `asOf` with its stored policy (or the one given) and bank holidays. */
export function scanCaseload(db: CaseloadDb, options: ScanOptions): DriftScan {
  checkAsOf(options.asOf)
  const policy = options.policy ?? loadPolicy(db)
  const calendar = options.calendar ?? loadCalendar(db)
  const t0 = performance.now()
  const refreshed = tryRefresh(db)
  const refreshMs = performance.now() - t0
  // One read transaction: the facts (read batch by batch while the rules run) and the supervision
  // actions are one snapshot.
  const read = db.sqlite.transaction((fromHistory: boolean) => {
    const summary = fromHistory ? null : summaryFacts(db.sqlite, options.asOf)
    let scan: DriftScan
    if (summary) {
      scan = run(summary, options.asOf, policy, calendar, { summary: 0 }, databaseNames(db.sqlite))
    } else {
      const { plans, timings } = loadDriftFacts(db.sqlite, options.asOf, policy, calendar)
      scan = run([plans], options.asOf, policy, calendar, timings, databaseNames(db.sqlite))
    }
    return { scan, supervision: overdueSupervisionActions(db.sqlite, options.asOf) }
  })
  let result: ReturnType<typeof read>
  try {
    result = read(options.fromHistory ?? false)
  } catch (e) {
    if (!(e instanceof SummaryFormatError)) throw e
    // A summary row that cannot be read (derived data, never the caseload itself): this scan reads
    // the history, and every summary is built again before the next one.
    emptyDriftSummary(db.sqlite)
    result = read(true)
  }
  const { scan, supervision } = result
  if (refreshed > 0) scan.timings!.refreshSummary = refreshMs
  if (supervision.length) {
    scan.findings.push(...supervisionFindings(supervision, scan.cases))
    scan.findings.sort(compareFindings)
  }
  return scan
}

/** `supervision-action-overdue` (shared/drift-types.ts LOCAL_RULE_IDS): rows already filtered to open on A and due before A. */
export function supervisionFindings(rows: readonly SupervisionActionRow[], cases: readonly ScannedCase[]): Finding[] {
  const open = new Set(cases.map((c) => c.planId))
  return rows
    .filter((a) => open.has(a.planId))
    .map((a) => ({
      ruleId: 'supervision-action-overdue',
      childId: a.childId,
      planId: a.planId,
      severity: 'medium' as const,
      status: 'overdue' as const,
      dueDate: a.dueDate,
      subject: { kind: 'supervision-action' as const, id: a.id },
      message: `The supervision action “${a.description}”${a.ownerName ? ` for ${a.ownerName}` : ''}, set on ${formatUK(a.createdDate)}, is overdue: it was due by ${formatUK(a.dueDate)} and is not done.`,
    }))
}

/** Scans an in-memory caseload document. */
export function scanDocument(doc: Caseload, options: ScanOptions): DriftScan {
  checkAsOf(options.asOf)
  return run([factsFromCaseload(doc)], options.asOf, options.policy ?? DEFAULT_POLICY, options.calendar ?? defaultCalendar(), {}, documentNames(doc))
}

export interface ScoreTotal {
  /** Open plans counted. */
  cases: number
  /** Plans with at least one finding. */
  casesWithFindings: number
  findings: number
  high: number
  medium: number
  low: number
  /** Sum of the cases' drift scores. */
  score: number
}

export interface DriftSummary {
  /** Drift score per plan (plan id → score), every open plan included. */
  byCase: { childId: string; planId: string; team: string | null; workerId: string | null; score: number; findings: number }[]
  /** Key: the allocated worker's professional id, or '' for unallocated. */
  byWorker: Map<string, ScoreTotal>
  /** Key: the child's team, or '' for none. */
  byTeam: Map<string, ScoreTotal>
  total: ScoreTotal
}

const emptyTotal = (): ScoreTotal => ({ cases: 0, casesWithFindings: 0, findings: 0, high: 0, medium: 0, low: 0, score: 0 })

/** Drift score per case (high 3, medium 2, low 1) and totals by allocated worker and by team. */
export function summariseByWorkerAndTeam(scan: Pick<DriftScan, 'findings' | 'cases'>): DriftSummary {
  const byPlan = new Map<string, Finding[]>()
  for (const f of scan.findings) {
    const list = byPlan.get(f.planId)
    if (list) list.push(f)
    else byPlan.set(f.planId, [f])
  }
  const byWorker = new Map<string, ScoreTotal>()
  const byTeam = new Map<string, ScoreTotal>()
  const total = emptyTotal()
  const byCase: DriftSummary['byCase'] = []
  const add = (t: ScoreTotal, fs: readonly Finding[], score: number) => {
    t.cases++
    if (fs.length) t.casesWithFindings++
    t.findings += fs.length
    for (const f of fs) t[f.severity]++
    t.score += score
  }
  for (const c of scan.cases) {
    const fs = byPlan.get(c.planId) ?? []
    const score = driftScore(fs)
    byCase.push({ ...c, score, findings: fs.length })
    const wk = c.workerId ?? ''
    const tk = c.team ?? ''
    if (!byWorker.has(wk)) byWorker.set(wk, emptyTotal())
    if (!byTeam.has(tk)) byTeam.set(tk, emptyTotal())
    add(byWorker.get(wk)!, fs, score)
    add(byTeam.get(tk)!, fs, score)
    add(total, fs, score)
  }
  return { byCase, byWorker, byTeam, total }
}
