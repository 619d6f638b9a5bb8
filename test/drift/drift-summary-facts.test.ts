/**
 * The drift summary and the history loader must hold the same facts (README, "Adding a fact to the
 * drift summary"). The scan-level tests (drift-summary.test.ts) compare findings, which a fact no
 * random caseload happens to trip would not change; this compares the PlanFacts themselves, plan by
 * plan, so a fact added to one side only (or decoded differently) fails here first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import type { PlanFacts } from '../../electron/core/drift/facts'
import { loadDriftFacts } from '../../electron/core/queries/drift-facts'
import { refreshDriftSummary, summaryFacts } from '../../electron/core/queries/drift-summary'
import { clearCaseload } from '../../electron/core/queries/caseload-write'
import { loadCalendar, loadPolicy } from '../../electron/core/queries/policy-settings'
import { addDays } from '../../shared/civil-date'
import type { DriftPolicy } from '../../shared/drift-policy'
import type { WorkingDayCalendar } from '../../electron/core/drift/calendar'
import { tempCaseload } from '../helpers/temp-db'
import { randomCaseload } from './random-caseload'

let db: CaseloadDb
let cleanup: () => void
beforeAll(async () => {
  ;({ db, cleanup } = await tempCaseload())
})
afterAll(() => cleanup())

/**
 * What both sides must hold identically on `asOf`. They differ by design in two places, where the
 * rules themselves apply the as-of conditions: the history loader gives decisions-not-distributed
 * counts only for the lookback window (the summary for every meeting; rules/decisions-not-distributed.ts
 * picks the window), and a different set of older meetings, with attendance and distributions only
 * where its own rules need them. So meetings are compared on the plan's two latest (which every rule
 * that reads attendance or the latest core group uses) without their distributions, and the counts
 * on the ones the rule reads; every other fact, including any new one, must be equal as it is.
 */
function asRead(p: PlanFacts, asOf: string, policy: DriftPolicy, calendar: WorkingDayCalendar): unknown {
  const from = addDays(asOf, -policy.distributionLookbackDays)
  const undistributed = (p.undistributed ?? []).filter(
    (u) => u.date >= from && u.date <= asOf && u.date >= p.startDate && u.missing > 0 && calendar.addWD(u.date, policy.distributionWorkingDays) < asOf,
  )
  const latestMeetings = p.meetings.slice(0, 2).map(({ distributions: _d, ...m }) => m)
  return { ...p, meetings: latestMeetings, undistributed }
}

/** Both sides' facts on `asOf`, by plan id, read in one snapshot. */
function bothSides(asOf: string): { summary: Map<string, unknown>; history: Map<string, unknown> } {
  refreshDriftSummary(db.sqlite)
  return db.sqlite.transaction(() => {
    const batches = summaryFacts(db.sqlite, asOf)
    expect(batches, `the summary does not hold on ${asOf}`).not.toBeNull()
    const summary = new Map<string, PlanFacts>()
    for (const batch of batches!) for (const p of batch) summary.set(p.planId, p)
    const policy = loadPolicy(db)
    const calendar = loadCalendar(db)
    const { plans } = loadDriftFacts(db.sqlite, asOf, policy, calendar)
    const read = (p: PlanFacts) => asRead(p, asOf, policy, calendar)
    return {
      summary: new Map([...summary].map(([id, p]) => [id, read(p)])),
      history: new Map(plans.map((p) => [p.planId, read(p)])),
    }
  })()
}

describe('the drift summary and the history loader', () => {
  it.each([201, 202, 203, 204])('give the same facts for every open plan (random caseload %i)', (seed) => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(seed, '2026-12-15', 16))
    const latest = db.sqlite.prepare('SELECT max(valid_from) FROM drift_facts').pluck().get() as string
    for (const asOf of [latest, addDays(latest, 45)]) {
      const { summary, history } = bothSides(asOf)
      expect(history.size).toBeGreaterThan(0)
      expect([...summary.keys()].sort()).toEqual([...history.keys()].sort())
      for (const [id, facts] of history) expect(summary.get(id), `plan ${id} on ${asOf}`).toEqual(facts)
    }
  })
})
