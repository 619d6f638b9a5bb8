/** The shapes of the audit's indicators (the report, the screen and the CLI read these). */
import type { CivilDate } from '../../../../shared/civil-date'
import type { DriftPolicy } from '../../../../shared/drift-policy'
import type { WorkingDayCalendar } from '../../drift/calendar'

export const INDICATOR_IDS = [
  'first-core-group',
  'core-group-interval',
  'decisions-distributed',
  'plan-available',
  'child-views-recorded',
  'risk-reviewed',
  'actions-smart',
  'complex-case-chair',
  'review-conference-on-time',
  'disagreement-resolved',
  'worker-stability',
] as const
export type IndicatorId = (typeof INDICATOR_IDS)[number]

export type CaseKind = 'plan' | 'meeting' | 'conference' | 'action' | 'disagreement' | 'child'

/** One occasion behind an indicator. */
export interface IndicatorCase {
  /** What was measured, and its id (for a review conference due after the plan start with no initial conference recorded: the plan). */
  kind: CaseKind
  id: string
  childIds: string[]
  planIds: string[]
  /** The date that places the occasion in the period and the month. */
  date: CivilDate
  met: boolean
}

export interface IndicatorCount {
  numerator: number
  denominator: number
  /** numerator / denominator × 100 to one decimal, or null when the denominator is 0. */
  percent: number | null
}

export interface MonthCount extends IndicatorCount {
  /** YYYY-MM */
  month: string
  from: CivilDate
  to: CivilDate
}

export interface IndicatorResult extends IndicatorCount {
  id: IndicatorId
  title: string
  /** The exact definition with the policy's numbers. */
  definition: string
  /** The audit's key message this indicator measures (its number in the 2014 audit). */
  auditPoint: number
  cases: IndicatorCase[]
  monthly: MonthCount[]
}

export interface AuditResult {
  from: CivilDate
  to: CivilDate
  policy: DriftPolicy
  /** Plans and children in scope. */
  scope: { plans: number; children: number }
  indicators: IndicatorResult[]
}

export interface AuditOptions {
  from: CivilDate
  to: CivilDate
  policy?: DriftPolicy
  calendar?: WorkingDayCalendar
  /** Today: deadlines from today on are not counted yet (a period may run past today). */
  today?: CivilDate
}
