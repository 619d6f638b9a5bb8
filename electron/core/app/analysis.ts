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
import type { Finding } from '../../../shared/drift-types'
import type { OutputOf } from '../../../shared/ipc-contract'
import type { CaseloadDb } from '../db/caseload-db'
import { compareFindings } from '../drift/engine'
import { supervisionFindings, type PlansScan } from '../drift/scan'
import { compareRows, openPlanRows, openPlanRowsOf, type OpenPlanRow } from '../queries/caseload-rows'
import { clearChangeMarks, hasChangeMarks, installChangeMarks, takeChangeMarks } from '../queries/change-marks'
import { overdueSupervisionActions } from '../queries/supervision'
import { overviewOf } from './overview'
import type { Session } from './session'

export interface ScanOutcome {
  findings: readonly Finding[]
  warnings: readonly string[]
}

/**
 * The drift engine (electron/core/drift/scan.ts `scanCaseload`), or a stand-in in tests. `plans`:
 * the rules on a few plans only (`scanPlans`); without it every change drops the cached analyses.
 */
export type Scanner = ((db: CaseloadDb, options: { asOf: string }) => ScanOutcome) & {
  plans?: (db: CaseloadDb, planIds: readonly string[], options: { asOf: string }) => PlansScan | null
}

export interface Analysis {
  rows: OpenPlanRow[]
  findingsByPlan: Map<string, Finding[]>
  findings: readonly Finding[]
  warnings: readonly string[]
}

/** Cached as-of dates (today, plus a few looked at in the past or future). */
const MAX_DATES = 4
/** Beyond this many changed plans at once a full scan is about as quick as the patch. */
export const MAX_PATCH = 2000

const SUPERVISION_RULE = 'supervision-action-overdue'

interface Entry {
  analysis: Analysis
  overview: OutputOf<'caseload:overview'> | null
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
  overview(asOf: string): OutputOf<'caseload:overview'> {
    const e = this.entry(asOf)
    return (e.overview ??= overviewOf(asOf, e.analysis))
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
      e = { analysis: this.full(db, asOf), overview: null }
      if (this.entries.size >= MAX_DATES) this.entries.delete(this.entries.keys().next().value as string)
      this.entries.set(asOf, e)
    }
    return e
  }

  private full(db: CaseloadDb, asOf: string): Analysis {
    this.stats.fullScans++
    const { findings, warnings } = this.scan(db, { asOf })
    const findingsByPlan = new Map<string, Finding[]>()
    for (const f of findings) {
      const list = findingsByPlan.get(f.planId)
      if (list) list.push(f)
      else findingsByPlan.set(f.planId, [f])
    }
    return { rows: openPlanRows(db.sqlite, asOf), findingsByPlan, findings, warnings }
  }

  /** Takes this connection's change marks and patches (or drops) every cached analysis with them. */
  private sync(db: CaseloadDb): void {
    if (!hasChangeMarks(db.sqlite)) return
    const marks = takeChangeMarks(db.sqlite)
    if (!this.entries.size) return
    if (marks.all || !this.scan.plans || marks.planIds.length > MAX_PATCH) return this.drop()
    for (const [asOf, e] of [...this.entries]) {
      const patched = this.patch(db, asOf, e.analysis, marks.planIds)
      if (patched) {
        this.stats.patches++
        this.entries.set(asOf, { analysis: patched, overview: null })
      } else {
        this.stats.dropped++
        this.entries.delete(asOf)
      }
    }
    // The patches' own reads mark nothing, but a full scan must never see marks it already covers.
    clearChangeMarks(db.sqlite)
  }

  /** The analysis with `planIds` scanned again; null when only a full scan will do (see the header). */
  private patch(db: CaseloadDb, asOf: string, old: Analysis, planIds: readonly string[]): Analysis | null {
    const scanned = planIds.length ? this.scan.plans!(db, planIds, { asOf }) : { findings: [], warnings: [], cases: [] }
    if (!scanned) return null
    if (old.warnings.length || scanned.warnings.length) return null
    const changed = new Set(planIds)

    const newRows = openPlanRowsOf(db.sqlite, asOf, planIds).sort(compareRows)
    const rows = changed.size ? old.rows.filter((r) => !changed.has(r.planId)) : old.rows.slice()
    for (const r of newRows) rows.splice(insertionPoint(rows, r, compareRows), 0, r)

    const supervision = supervisionFindings(overdueSupervisionActions(db.sqlite, asOf), rows).sort(compareFindings)
    const kept = old.findings.filter((f) => !changed.has(f.planId) && f.ruleId !== SUPERVISION_RULE)
    const findings = merge(merge(kept, scanned.findings, compareFindings), supervision, compareFindings)

    // Only the plans whose lists can differ: the changed ones and those with supervision findings before or after.
    const findingsByPlan = old.findingsByPlan
    const relist = new Set(changed)
    for (const f of old.findings) if (f.ruleId === SUPERVISION_RULE) relist.add(f.planId)
    for (const f of supervision) relist.add(f.planId)
    for (const id of relist) findingsByPlan.delete(id)
    const lists = new Map<string, Finding[]>()
    for (const f of [...scanned.findings, ...supervision, ...kept.filter((f) => relist.has(f.planId))]) {
      const list = lists.get(f.planId)
      if (list) list.push(f)
      else lists.set(f.planId, [f])
    }
    for (const [id, list] of lists) findingsByPlan.set(id, list.sort(compareFindings))
    return { rows, findingsByPlan, findings, warnings: old.warnings }
  }
}

function insertionPoint<T>(xs: readonly T[], x: T, cmp: (a: T, b: T) => number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cmp(xs[mid]!, x) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

function merge<T>(a: readonly T[], b: readonly T[], cmp: (x: T, y: T) => number): T[] {
  if (!b.length) return a.slice()
  const out: T[] = new Array<T>(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) out[k++] = cmp(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!
  while (i < a.length) out[k++] = a[i++]!
  while (j < b.length) out[k++] = b[j++]!
  return out
}
