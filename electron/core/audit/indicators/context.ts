/**
 * What every indicator's counting shares: the period, the policy, the calendar, the plans in scope,
 * and the case lists being filled. Plans follow shared/period.ts: a plan is *open* on a deadline
 * with its end date excluded (design brief §4), while a record dated on the plan's end day still
 * belongs to it (`datedWithinPlan`: the conference that ends a plan is dated that day).
 */
import type { CivilDate } from '../../../../shared/civil-date'
import type { DriftPolicy } from '../../../../shared/drift-policy'
import { datedWithinPlan, planOpenOn } from '../../../../shared/period'
import type { WorkingDayCalendar } from '../../drift/calendar'
import type { AuditPlanRow } from '../../queries/audit'
import type { CaseKind, IndicatorCase, IndicatorId } from './types'

export interface IndicatorContext {
  from: CivilDate
  to: CivilDate
  policy: DriftPolicy
  cal: WorkingDayCalendar
  plans: ReadonlyMap<string, AuditPlanRow>
  cases: Record<IndicatorId, IndicatorCase[]>
  /** Today, when the period may run past it (AuditOptions.today). */
  today?: CivilDate
}

export const inPeriod = (c: IndicatorContext, d: CivilDate) => d >= c.from && d <= c.to

/**
 * A deadline that counts in the period: inside it, and passed. One from today on may still be met
 * (an audit of the current month, asked for mid-month), so it is not counted yet, met or not.
 */
export const deadlineCounts = (c: IndicatorContext, due: CivilDate) => inPeriod(c, due) && (c.today === undefined || due < c.today)

/** A deadline's plan: open on the deadline (end date excluded). */
export const openOn = (p: AuditPlanRow, d: CivilDate) => planOpenOn(p, d)

/** A record dated d belongs to the plan (its end day included). */
export const within = (p: AuditPlanRow, d: CivilDate) => datedWithinPlan(p, d)

export function planCase(kind: CaseKind, id: string, p: AuditPlanRow, date: CivilDate, met: boolean): IndicatorCase {
  return { kind, id, childIds: [p.childId], planIds: [p.id], date, met }
}
