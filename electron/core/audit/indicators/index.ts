/**
 * The audit's indicators (issue 6, item 4) over 100% of the caseload for a period [from, to], each
 * with its numerator, denominator and the cases behind it, and the trend by calendar month.
 *
 * Why: `reference/core-groups-audit-key-messages.txt` sampled 14 cases by hand. These indicators
 * measure the same standards over every plan, with the timescales of the caseload's drift policy
 * (shared/drift-policy.ts) and the England and Wales working-day calendar.
 *
 * Common terms (the README quotes them):
 * - **In scope**: a plan with `startDate <= to` and (`endDate` null or `endDate >= from`). Only plans
 *   in scope, and their children, meetings, actions and disagreements, are counted.
 * - **Dated within a plan**: `startDate <= d <= endDate` (the end day included: the conference that
 *   ends a plan is dated that day). shared/period.ts `datedWithinPlan`.
 * - **A plan's meetings**: core group meetings whose `planIds` include it, dated on or after its start.
 * - **Open on d**: `startDate <= d` and (`endDate` null or `endDate > d`) (design brief §4; shared/period.ts `planOpenOn`).
 * - **Occasion**: one thing that is measured (a plan, a meeting, an action…). Each occasion has a date
 *   (its deadline, or the day it happened) and counts in the period, and in the month, holding that
 *   date. Only records dated on or before `to` are read, so a past period gives what was known then.
 * - **Deadline occasions** (first core group, core group interval, distribution, review conference,
 *   disagreement): met when the thing was done by the deadline; not met when it was not and the plan
 *   was still open on the deadline; a plan that ended before the deadline without it is left out.
 * - Percent = numerator / denominator × 100, to one decimal; none when the denominator is 0.
 *
 * One module per concern: types.ts (the shapes), definitions.ts (the words), deadlines.ts,
 * meetings.ts and worker-stability.ts (the counting), counting.ts (numbers and months), compute.ts.
 */
import { addDays, isCivilDate, type CivilDate } from '../../../../shared/civil-date'
import { DriftwatchError } from '../../../../shared/errors'
import type { CaseloadDb } from '../../db/caseload-db'
import { loadAuditFacts } from '../../queries/audit'
import { loadCalendar, loadPolicy } from '../../queries/policy-settings'
import { computeIndicators } from './compute'
import type { AuditOptions, AuditResult } from './types'

export { computeIndicators } from './compute'
export { monthsOf } from './counting'
export { INDICATORS } from './definitions'
export { INDICATOR_IDS } from './types'
export type { AuditOptions, AuditResult, CaseKind, IndicatorCase, IndicatorCount, IndicatorId, IndicatorResult, MonthCount } from './types'

function checkPeriod(from: unknown, to: unknown): asserts from is CivilDate {
  const problems = []
  if (!isCivilDate(from)) problems.push({ path: 'from', reason: 'is not a real date in the form YYYY-MM-DD' })
  if (!isCivilDate(to)) problems.push({ path: 'to', reason: 'is not a real date in the form YYYY-MM-DD' })
  if (problems.length) {
    throw new DriftwatchError('BAD_INPUT', `The audit period ${JSON.stringify(from)} to ${JSON.stringify(to)} is not two real dates in the form YYYY-MM-DD.`, problems)
  }
  if ((to as string) < (from as string)) {
    throw new DriftwatchError('BAD_INPUT', `The audit period ends (${String(to)}) before it starts (${String(from)}).`, [{ path: 'to', reason: 'is before from' }])
  }
}

/** Calendar days that always cover `n` working days back (weekends plus a generous margin for bank holidays). */
const spanOf = (n: number) => Math.ceil((n * 7) / 5) + 30

/** Computes every indicator for [from, to] from the database (the caseload's policy and bank holidays unless given). */
export function auditIndicators(db: CaseloadDb, options: AuditOptions): AuditResult {
  checkPeriod(options.from, options.to)
  const policy = options.policy ?? loadPolicy(db)
  const calendar = options.calendar ?? loadCalendar(db)
  const { from, to } = options
  const meetingsFrom = addDays(from, -Math.max(policy.coreGroupIntervalDays, spanOf(policy.distributionWorkingDays)))
  const disagreementsFrom = addDays(from, -spanOf(policy.disagreementCapWorkingDays))
  const facts = loadAuditFacts(db.sqlite, { from, to, meetingsFrom, disagreementsFrom })
  return computeIndicators(facts, { from, to, policy, calendar, ...(options.today ? { today: options.today } : {}) })
}
