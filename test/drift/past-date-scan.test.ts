/**
 * The past-date scan (issue 13: under 1.5 s at 50,000 children) reads the history tables through a
 * faster loader (queries/drift-facts.ts: the plans decoded by the drift summary's decoder, closed
 * actions from their covering index). Whatever it does to be fast, it must say exactly what was true
 * on the date: the scan the app makes on a past date, the scan forced to read the history
 * (`fromHistory`) and the independent reference over the exported document must agree on every
 * as-of date where a fact changes — every record's own dates, the day before and the day after, and
 * the edges the rules count from them (the distribution deadline and lookback of each meeting).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportCaseloadJson } from '../../electron/core/caseload/export'
import { importCaseload } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { scanCaseload } from '../../electron/core/drift/scan'
import { clearCaseload } from '../../electron/core/queries/caseload-write'
import { addDays } from '../../shared/civil-date'
import { DEFAULT_POLICY } from '../../shared/drift-policy'
import type { Caseload } from '../../shared/caseload-format'
import { tempCaseload } from '../helpers/temp-db'
import { keyOf, refAddWD, referenceDrift } from './reference-drift'
import { randomCaseload } from './random-caseload'

let db: CaseloadDb
let cleanup: () => void
beforeAll(async () => {
  ;({ db, cleanup } = await tempCaseload())
})
afterAll(() => cleanup())

/** Every date at which some fact of the caseload can change, with its neighbours. */
function edgeDates(doc: Caseload): string[] {
  const dates = new Set<string>()
  const add = (d: string | null | undefined) => {
    if (!d) return
    for (const x of [addDays(d, -1), d, addDays(d, 1)]) dates.add(x)
  }
  for (const p of doc.plans) {
    add(p.startDate)
    add(p.endDate)
  }
  for (const c of doc.conferences) add(c.date)
  for (const v of doc.visits) add(v.date)
  for (const a of doc.allocations) {
    add(a.startDate)
    add(a.endDate)
  }
  for (const m of doc.members) {
    add(m.fromDate)
    add(m.toDate)
  }
  for (const m of doc.meetings) {
    add(m.date)
    add(refAddWD(m.date, DEFAULT_POLICY.distributionWorkingDays))
    add(addDays(m.date, DEFAULT_POLICY.distributionLookbackDays))
  }
  for (const d of doc.distributions) add(d.date)
  for (const a of doc.actions) for (const d of [a.createdDate, a.closedDate, a.dueDate, a.lastReviewedDate]) add(d)
  for (const d of doc.disagreements) {
    add(d.raisedDate)
    add(d.resolvedDate)
    for (const s of d.stages) add(s.startDate)
  }
  return [...dates].sort()
}

describe('a past-date scan', () => {
  it.each([301, 302, 303])('says what the history and the reference say on every date a fact changes (random caseload %i)', (seed) => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(seed, '2026-12-15', 10))
    const doc = JSON.parse(exportCaseloadJson(db)) as Caseload
    const all = edgeDates(doc)
    // Every third edge date (a few hundred scans in all), plus the first and the last.
    const dates = all.filter((_, i) => i % 3 === 0 || i === all.length - 1)
    let past = 0
    let withFindings = 0
    let closedActionsSeen = 0
    for (const asOf of dates) {
      const scan = scanCaseload(db, { asOf, policy: DEFAULT_POLICY })
      const history = scanCaseload(db, { asOf, policy: DEFAULT_POLICY, fromHistory: true })
      if (scan.timings?.summary === undefined) past++
      expect(scan.findings, asOf).toEqual(history.findings)
      expect(scan.cases, asOf).toEqual(history.cases)
      expect(scan.findings.map(keyOf), asOf).toEqual(referenceDrift(doc, asOf, DEFAULT_POLICY))
      if (scan.findings.length) withFindings++
      // An action done or dropped later, found on a date it was still open: read through the closed actions' index.
      for (const f of scan.findings) {
        const action = f.subject.kind === 'action' ? doc.actions.find((a) => a.id === f.subject.id) : undefined
        if (action && action.status !== 'open') closedActionsSeen++
      }
    }
    expect(past, 'no as-of date read the history').toBeGreaterThan(dates.length / 2)
    expect(withFindings).toBeGreaterThan(dates.length / 2)
    expect(closedActionsSeen, 'no finding on an action closed later').toBeGreaterThan(0)
  })
})
