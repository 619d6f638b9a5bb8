/**
 * The scan and table rows for an as-of date, shared by every screen (overview, table, case, Start
 * here, supervision), kept up to date INCREMENTALLY after this app's own changes.
 *
 * How affected plans are found: TEMP triggers on this connection (queries/change-marks.ts) record,
 * inside each writing transaction, every plan the drift summary's triggers mark as changed (a
 * child's name, team or complexity marks all its plans; a visit or allocation all the child's
 * plans; a meeting every plan it covers; …), whatever the write path (records, undo, delete,
 * supervision, baselines). Before answering, a cached analysis takes those marks and patches
 * itself: the rules run again on those plans only (drift/scan.ts `scanPlans`, from their freshly
 * rebuilt summaries), their table rows are read again, and the findings are merged back in order.
 * Supervision actions' overdue findings are read again in full every time (one small query).
 *
 * What drops the cached analyses instead (the next request scans in full), and why:
 * - a professional, the drift policy or the bank holidays changed: any plan's findings may change
 *   (roles, contacts and names are read at scan time; the policy and calendar drive every rule);
 * - an import, a restore or another program's change (Session.invalidate: imports rebuild every
 *   summary without the per-row triggers; other programs' writes are seen through data_version);
 * - a changed plan whose summary does not hold on that as-of date (a record dated after it: only
 *   the history loader, which reads the whole caseload, gives its facts) — that date only;
 * - a calendar warning before or after (it is one sentence over every plan's deadlines);
 * - more than MAX_PATCH plans changed at once (a full scan is then about as quick);
 * - a scanner without `plans` (the tests' stand-ins) or a connection without the marks.
 */
import { lowerBound } from './sorted-list'
import type { Finding } from '../../../shared/drift-types'
import type { CaseloadDb } from '../db/caseload-db'
import { compareFindings } from '../drift/engine'
import { supervisionFindings, type PlansScan } from '../drift/scan'
import { compareRows, dropRowsAhead, openPlanRows, openPlanRowsAhead, openPlanRowsOf, type OpenPlanRow } from '../queries/caseload-rows'
import { clearChangeMarks, hasChangeMarks, installChangeMarks, takeChangeMarks } from '../queries/change-marks'
import { overdueSupervisionActions } from '../queries/supervision'
import { OverviewTally, type Overview } from './overview'
import type { Session } from './session'

export interface ScanOutcome {
  findings: readonly Finding[]
  warnings: readonly string[]
  /** The open plans scanned, with each one's allocated worker on the date (the table rows take it from here). */
  cases?: readonly { planId: string; workerId: string | null }[]
}

/**
 * The drift engine (electron/core/drift/scan.ts `scanCaseload`), or a stand-in in tests. `plans`:
 * the rules on a few plans only (`scanPlans`); without it every change drops the cached analyses.
 */
export type Scanner = ((db: CaseloadDb, options: { asOf: string }) => ScanOutcome) & {
  plans?: (db: CaseloadDb, planIds: readonly string[], options: { asOf: string }) => PlansScan | null
}

/**
 * One as-of date's scan, as the screens read it. Patched in place (AnalysisCache.patch), so that no
 * patch walks all 50,000 plans: rows and plans with findings are kept sorted and edited by binary
 * search; the flat list of findings is rebuilt only when a screen asks for it, in order without
 * sorting (plans in (child, plan) order, each plan's findings sorted: the contract's order).
 */
export class Analysis {
  /** Open plans in the table's order (child name, plan id). */
  readonly rows: OpenPlanRow[]
  readonly rowByPlan = new Map<string, OpenPlanRow>()
  readonly findingsByPlan = new Map<string, Finding[]>()
  /** `${childId}\0${planId}` of every plan with findings, sorted: the findings' order by plan. */
  private readonly planKeys: string[] = []
  /** Plans with an overdue supervision action's finding (read again in full by every patch). */
  readonly supervisionPlans = new Set<string>()
  private flat: readonly Finding[] | null

  constructor(
    rows: OpenPlanRow[],
    findings: readonly Finding[],
    readonly warnings: readonly string[],
  ) {
    this.rows = rows
    for (const r of rows) this.rowByPlan.set(r.planId, r)
    for (const f of findings) {
      const list = this.findingsByPlan.get(f.planId)
      if (list) list.push(f)
      else {
        this.findingsByPlan.set(f.planId, [f])
        this.planKeys.push(planKey(f))
      }
      if (f.ruleId === SUPERVISION_RULE) this.supervisionPlans.add(f.planId)
    }
    this.flat = findings
    // A stand-in scanner's findings may come in any order.
    if (!isSorted(findings, compareFindings)) {
      this.planKeys.sort(cmpString)
      for (const list of this.findingsByPlan.values()) list.sort(compareFindings)
      this.flat = null
    }
  }

  /** Every finding, in the contract's order (child, plan, rule, subject). */
  get findings(): readonly Finding[] {
    if (!this.flat) {
      const out: Finding[] = []
      for (const key of this.planKeys) for (const f of this.findingsByPlan.get(key.slice(key.indexOf('\0') + 1))!) out.push(f)
      this.flat = out
    }
    return this.flat
  }

  /** A plan's row now (null: not open on the date). */
  setRow(planId: string, row: OpenPlanRow | null): void {
    const old = this.rowByPlan.get(planId)
    if (old) {
      this.rows.splice(lowerBound(this.rows, old, compareRows), 1)
      this.rowByPlan.delete(planId)
    }
    if (row) {
      this.rows.splice(lowerBound(this.rows, row, compareRows), 0, row)
      this.rowByPlan.set(planId, row)
    }
  }

  /** A plan's findings now (sorted by compareFindings; empty: none). */
  setFindings(planId: string, list: Finding[]): void {
    const old = this.findingsByPlan.get(planId)
    if (old) {
      this.planKeys.splice(lowerBound(this.planKeys, planKey(old[0]!), cmpString), 1)
      this.findingsByPlan.delete(planId)
    }
    this.supervisionPlans.delete(planId)
    if (list.length) {
      const key = planKey(list[0]!)
      this.planKeys.splice(lowerBound(this.planKeys, key, cmpString), 0, key)
      this.findingsByPlan.set(planId, list)
      if (list.some((f) => f.ruleId === SUPERVISION_RULE)) this.supervisionPlans.add(planId)
    }
    this.flat = null
  }
}

const planKey = (f: Pick<Finding, 'childId' | 'planId'>) => `${f.childId}\0${f.planId}`
const cmpString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function isSorted<T>(xs: readonly T[], cmp: (a: T, b: T) => number): boolean {
  for (let i = 1; i < xs.length; i++) if (cmp(xs[i - 1]!, xs[i]!) > 0) return false
  return true
}


/** Cached as-of dates (today, plus a few looked at in the past or future). */
const MAX_DATES = 4
/** Beyond this many changed plans at once a full scan is about as quick as the patch. */
export const MAX_PATCH = 2000

const SUPERVISION_RULE = 'supervision-action-overdue'

interface Entry {
  analysis: Analysis
  /** The overview's running totals, made at the first overview and patched with the analysis. */
  tally: OverviewTally | null
  overview: Overview | null
}

export interface AnalysisStats {
  fullScans: number
  patches: number
  dropped: number
}

const bySession = new WeakMap<Session, AnalysisCache>()

export class AnalysisCache {
  /** The cache of a session's handlers (tests and the bench read its stats). */
  static of(session: Session): AnalysisCache | undefined {
    return bySession.get(session)
  }

  private entries = new Map<string, Entry>()
  private db: CaseloadDb | null = null
  private tracking = false
  /** Counts for tests and the bench: how the analyses were brought up to date. */
  readonly stats: AnalysisStats = { fullScans: 0, patches: 0, dropped: 0 }

  constructor(
    private readonly session: Session,
    private readonly scan: Scanner,
  ) {
    bySession.set(session, this)
    session.onInvalidate(() => this.drop())
    session.onClose(() => {
      this.drop()
      this.db = null
    })
  }

  /** The analysis on `asOf`, patched with this app's changes since it was computed. */
  get(asOf: string): Analysis {
    return this.entry(asOf).analysis
  }

  /** The dashboard's figures on `asOf`, computed once per version of the analysis. */
  overview(asOf: string): Overview {
    const e = this.entry(asOf)
    e.tally ??= new OverviewTally(asOf, e.analysis)
    return (e.overview ??= e.tally.output(e.analysis.warnings))
  }

  /** After a change written by this app: without the marks, the only safe answer is to drop everything. */
  changed(): void {
    if (!this.tracking) this.drop()
  }

  drop(): void {
    this.stats.dropped += this.entries.size
    this.entries.clear()
  }

  private entry(asOf: string): Entry {
    const db = this.session.database()
    if (db !== this.db) {
      this.drop()
      this.db = db
      this.tracking = installChangeMarks(db.sqlite)
    }
    if (this.tracking) this.sync(db)
    let e = this.entries.get(asOf)
    if (!e) {
      e = { analysis: this.full(db, asOf), tally: null, overview: null }
      if (this.entries.size >= MAX_DATES) this.entries.delete(this.entries.keys().next().value as string)
      this.entries.set(asOf, e)
    }
    return e
  }

  private full(db: CaseloadDb, asOf: string): Analysis {
    this.stats.fullScans++
    // Asked first: the read-ahead thread reads the rows while this thread scans.
    const ahead = openPlanRowsAhead(db.sqlite, asOf)
    let scanned: ScanOutcome
    try {
      scanned = this.scan(db, { asOf })
    } catch (e) {
      // Taken, so that the thread's answers are not kept for nothing.
      dropRowsAhead(ahead)
      throw e
    }
    const { findings, warnings, cases } = scanned
    const workers = cases && new Map(cases.map((c) => [c.planId, c.workerId]))
    return new Analysis(openPlanRows(db.sqlite, asOf, workers, ahead), findings, warnings)
  }

  /** Takes this connection's change marks and patches (or drops) every cached analysis with them. */
  private sync(db: CaseloadDb): void {
    if (!hasChangeMarks(db.sqlite)) return
    const marks = takeChangeMarks(db.sqlite)
    if (!this.entries.size) return
    if (marks.all || !this.scan.plans || marks.planIds.length > MAX_PATCH) return this.drop()
    for (const [asOf, e] of [...this.entries]) {
      let patched = false
      try {
        patched = this.patch(db, asOf, e.analysis, marks.planIds, e.tally)
      } finally {
        // A patch cut short leaves a half-patched analysis: never kept.
        if (!patched) this.entries.delete(asOf)
      }
      if (patched) {
        this.stats.patches++
        e.overview = null
      } else {
        this.stats.dropped++
      }
    }
    // The patches' own reads mark nothing, but a full scan must never see marks it already covers.
    clearChangeMarks(db.sqlite)
  }

  /** Patches the analysis in place with `planIds` scanned again; false when only a full scan will do (see the header). */
  private patch(db: CaseloadDb, asOf: string, a: Analysis, planIds: readonly string[], tally: OverviewTally | null): boolean {
    const scanned = planIds.length ? this.scan.plans!(db, planIds, { asOf }) : { findings: [], warnings: [], cases: [] }
    if (!scanned) return false
    if (a.warnings.length || scanned.warnings.length) return false
    const changed = new Set(planIds)

    const rows = new Map(openPlanRowsOf(db.sqlite, asOf, planIds).map((r) => [r.planId, r]))
    for (const id of changed) a.setRow(id, rows.get(id) ?? null)

    // Supervision actions' findings: all read again (one small query), on the plans open now.
    const overdue = overdueSupervisionActions(db.sqlite, asOf).filter((s) => a.rowByPlan.has(s.planId))
    const supervision = supervisionFindings(overdue, overdue.map((s) => ({ childId: s.childId, planId: s.planId, team: null, workerId: null })))

    // The plans whose lists can differ: the changed ones and those with supervision findings before or after.
    const relist = new Set([...changed, ...a.supervisionPlans, ...supervision.map((f) => f.planId)])
    const lists = new Map<string, Finding[]>()
    const push = (f: Finding) => {
      const list = lists.get(f.planId)
      if (list) list.push(f)
      else lists.set(f.planId, [f])
    }
    for (const f of scanned.findings) push(f)
    for (const f of supervision) push(f)
    for (const id of relist) {
      if (changed.has(id)) continue
      for (const f of a.findingsByPlan.get(id) ?? []) if (f.ruleId !== SUPERVISION_RULE) push(f)
    }
    for (const list of lists.values()) list.sort(compareFindings)
    tally?.patch(
      relist,
      (id) => a.findingsByPlan.get(id) ?? [],
      (id) => ({ row: changed.has(id) ? (rows.get(id) ?? null) : undefined, findings: lists.get(id) ?? [] }),
    )
    for (const id of relist) a.setFindings(id, lists.get(id) ?? [])
    return true
  }
}
