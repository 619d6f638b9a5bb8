/**
 * The first scan of an as-of date shared between two threads (issue 13: at 50,000 children the
 * scan after unlock is most of the time to the dashboard, and the machine has a second core the
 * core's thread leaves idle). The stored drift summary is split by rowid: another thread with its
 * own read-only connection (worker/scan-thread.ts) reads and runs the rules on one part while this
 * thread does the other; the parts are merged into exactly what `scanCaseload` gives.
 *
 * What crosses between the threads is small and plain: the request (date, policy, bank holidays,
 * rowid range) and, back, each finding's fields without its sentence, each case, and the days the
 * calendar touched outside the known years (so one warning covers both parts). A sentence names
 * actions and people (rules/names.ts), which the other thread does not look up: a finding from there
 * makes its sentence when first read, by running the rules again on its one plan here
 * (`scanPlans`, from the plan's facts built afresh) — a screen reads a few plans' sentences, an
 * export scans on its own thread anyway.
 *
 * Used only for the summary: a date where the summary does not hold (a past date), a policy given
 * for one scan, or no other thread, scan here as before (`scanCaseload`).
 */
import type { CivilDate } from '../../../shared/civil-date'
import type { DriftPolicy } from '../../../shared/drift-policy'
import type { Finding, FindingStatus, RuleId, Severity, SubjectKind } from '../../../shared/drift-types'
import { DriftwatchError } from '../../../shared/errors'
import type Database from 'better-sqlite3'
import type { CaseloadDb } from '../db/caseload-db'
import { summaryFacts, summaryRowids, type RowidRange } from '../queries/drift-summary'
import { SummaryFormatError } from '../queries/drift-summary-decode'
import { databaseNames } from '../queries/finding-names'
import { loadCalendar, loadPolicy } from '../queries/policy-settings'
import { overdueSupervisionActions } from '../queries/supervision'
import { WorkingDayCalendar, type HolidayEvent } from './calendar'
import { ruleContext } from './engine'
import { findingOf } from './rules/common'
import { checkAsOf, completeScan, finish, runRulesOver, scanCaseload, scanPlans, tryRefresh, type DriftScan, type ScannedCase } from './scan'

/** What the other thread is asked to scan. */
export interface PartRequest {
  asOf: CivilDate
  policy: DriftPolicy
  holidays: readonly HolidayEvent[]
  range: RowidRange
}

/** Per finding: ruleId, childId, planId, severity, status, dueDate, subject kind, subject id. */
export type PartFinding = [RuleId, string, string, Severity, FindingStatus, CivilDate | null, SubjectKind, string]

/** The other thread's part: null when the summary does not hold in its snapshot (then this thread does that part too). */
export interface PartScan {
  findings: PartFinding[]
  /** childId, planId, team, workerId. */
  cases: [string, string, string | null, string | null][]
  touched: { low: number | null; high: number | null }
}

/** The other thread, as this one sees it: `start` asks, and the answer is waited for (blocking) only when this part is done. */
export interface OtherThread {
  /** null: not ready (or gone), so this thread scans everything. */
  start(request: PartRequest): { wait(): PartScan | null } | null
}

const calendars = new Map<string, WorkingDayCalendar>()

/** The other thread's side: scans one part of the summary on its own connection, without sentences. */
export function scanPart(sqlite: Database.Database, request: PartRequest): PartScan | null {
  checkAsOf(request.asOf)
  const key = JSON.stringify(request.holidays)
  let calendar = calendars.get(key)
  if (!calendar) {
    calendar = new WorkingDayCalendar(request.holidays)
    calendars.clear()
    calendars.set(key, calendar)
  }
  const read = sqlite.transaction(() => {
    const batches = summaryFacts(sqlite, request.asOf, request.range)
    if (!batches) return null
    calendar.resetWarning()
    const findings: Finding[] = []
    const cases: ScannedCase[] = []
    runRulesOver(batches, request.asOf, ruleContext({ asOf: request.asOf, policy: request.policy, calendar }), findings, cases)
    return {
      findings: findings.map((f): PartFinding => [f.ruleId as RuleId, f.childId, f.planId, f.severity, f.status, f.dueDate, f.subject.kind, f.subject.id]),
      cases: cases.map((c): PartScan['cases'][number] => [c.childId, c.planId, c.team, c.workerId]),
      touched: calendar.touched(),
    }
  })
  try {
    return read()
  } catch (e) {
    // A summary row that cannot be read: this thread's full scan deals with it (it rebuilds them).
    if (e instanceof SummaryFormatError) return null
    throw e
  }
}

const subjectKey = (f: Pick<Finding, 'ruleId' | 'subject'>) => `${f.ruleId}\0${f.subject.kind}\0${f.subject.id}`

/** The most plans whose sentences are made at once (see sentencesFrom). */
const SENTENCE_BATCH = 512

/**
 * Sentences for the other thread's findings: the plans' rules run again here, with names, and the
 * finding with the same rule and subject gives its sentence. A screen reads a few plans' sentences
 * (Start here's ten children, a case); a caseload-wide supervision agenda reads them all, in the
 * findings' order. So each plan is read once, and with the plan asked for come the next plans of
 * the other thread's part in that order, as many as a quarter of those already read (at most
 * SENTENCE_BATCH): one at a time for a few, in batches for all.
 */
function sentencesFrom(db: CaseloadDb, asOf: CivilDate, policy: DriftPolicy, calendar: WorkingDayCalendar, plansInOrder: () => string[]): (f: Finding) => string {
  // Worked out at the first sentence read, not in the scan the dashboard waits for.
  let plans: string[] = []
  let position: Map<string, number> | null = null
  const read = new Map<string, Map<string, Finding>>()
  const readPlans = (ids: readonly string[]): boolean => {
    const again = scanPlans(db, ids, { asOf, policy, calendar })
    if (!again) return false
    for (const id of ids) read.set(id, new Map())
    for (const g of again.findings) read.get(g.planId)?.set(subjectKey(g), g)
    return true
  }
  return (f) => {
    if (!position) {
      plans = plansInOrder()
      position = new Map(plans.map((id, i) => [id, i]))
    }
    if (!read.has(f.planId)) {
      const batch = [f.planId]
      const size = Math.min(SENTENCE_BATCH, Math.max(1, Math.floor(read.size / 4)))
      for (let i = (position.get(f.planId) ?? plans.length) + 1; i < plans.length && batch.length < size; i++) if (!read.has(plans[i]!)) batch.push(plans[i]!)
      // A plan of the batch whose facts changed since (not this one's business): this plan alone.
      if (!readPlans(batch) && batch.length > 1) readPlans([f.planId])
    }
    const same = read.get(f.planId)?.get(subjectKey(f))
    // Only after a change to the plan that the analysis has not taken in yet, which every request
    // does first (app/analysis.ts): never a sentence from other facts than the finding's.
    if (!same) throw new DriftwatchError('INTERNAL', 'The caseload changed while its findings were being read. Look again.')
    return same.message
  }
}

/**
 * `scanCaseload` on the stored policy and bank holidays, the summary's two parts scanned at once
 * here and in the other thread; the same result (findings in the contract's order, cases, warnings).
 */
export function scanCaseloadInTwo(db: CaseloadDb, asOf: CivilDate, other: OtherThread): DriftScan {
  checkAsOf(asOf)
  const policy = loadPolicy(db)
  const calendar = loadCalendar(db)
  const t0 = performance.now()
  const refreshed = tryRefresh(db)
  const refreshMs = performance.now() - t0
  const read = db.sqlite.transaction(() => {
    const all = summaryRowids(db.sqlite)
    const mid = all.from + Math.ceil((all.to - all.from) / 2)
    const mine = summaryFacts(db.sqlite, asOf, { from: all.from, to: mid })
    if (!mine) return null
    const pending = other.start({ asOf, policy, holidays: calendar.holidays, range: { from: mid, to: all.to } })
    calendar.resetWarning()
    const findings: Finding[] = []
    const cases: ScannedCase[] = []
    const names = databaseNames(db.sqlite)
    const ctx = ruleContext({ asOf, policy, calendar, names })
    const t = performance.now()
    const rulesMs = runRulesOver(mine, asOf, ctx, findings, cases)
    const summaryMs = performance.now() - t - rulesMs
    const w = performance.now()
    let theirs = pending?.wait() ?? null
    const waitMs = performance.now() - w
    if (!theirs) {
      // Not ready, gone, or its snapshot says the summary does not hold: this part here too.
      const rest = summaryFacts(db.sqlite, asOf, { from: mid, to: all.to })
      if (!rest) return null
      runRulesOver(rest, asOf, ctx, findings, cases)
      theirs = { findings: [], cases: [], touched: { low: null, high: null } }
    }
    calendar.addTouched(theirs.touched)
    // Their plans in the findings' order (child, plan): the order a caseload-wide reader goes through them.
    const part = theirs.findings
    const theirPlans = () => [...new Set(part.map((p) => `${p[1]}\0${p[2]}`))].sort().map((k) => k.slice(k.indexOf('\0') + 1))
    const sentence = sentencesFrom(db, asOf, policy, calendar, theirPlans)
    for (const [ruleId, childId, planId, severity, status, dueDate, kind, id] of theirs.findings) {
      const f: Finding = findingOf(ruleId, childId, planId, severity, status, dueDate, kind, id, () => sentence(f))
      findings.push(f)
    }
    for (const [childId, planId, team, workerId] of theirs.cases) cases.push({ childId, planId, team, workerId })
    const scan = finish(asOf, policy, calendar, findings, cases, { summary: summaryMs, rules: rulesMs, otherThread: waitMs })
    return { scan, supervision: overdueSupervisionActions(db.sqlite, asOf) }
  })
  let result: ReturnType<typeof read>
  try {
    result = read()
  } catch (e) {
    if (!(e instanceof SummaryFormatError)) throw e
    result = null
  }
  // The summary does not hold (or a row of it could not be read): the one-thread scan, which reads
  // the history and deals with damaged rows.
  if (!result) return scanCaseload(db, { asOf, policy, calendar })
  return completeScan(result, refreshed > 0 ? refreshMs : null)
}
