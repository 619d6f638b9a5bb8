/** What each indicator counts and when it is met, in the words the report prints. */
import type { DriftPolicy } from '../../../../shared/drift-policy'
import type { IndicatorId } from './types'

interface Describe {
  title: string
  auditPoint: number
  definition: (p: DriftPolicy) => string
}

/**
 * The exact definition of each indicator. `definition(policy)` fills in the policy's numbers (the
 * defaults are 10 working days, 28 days, 10 working days, 3 and 6 months, 20 working days).
 */
export const INDICATORS: Readonly<Record<IndicatorId, Describe>> = {
  /**
   * Each plan in scope whose deadline D = addWD(start, firstCoreGroupWorkingDays) falls in the period.
   * Met: the plan has a meeting dated in [start, D]. Left out: no such meeting and the plan ended on
   * or before D.
   */
  'first-core-group': {
    title: 'First core group within the timescale',
    auditPoint: 1,
    definition: (p) =>
      `Plans whose first core group was due in the period (due = ${p.firstCoreGroupWorkingDays} working days after the plan start, the initial conference). Met when a core group covering the plan was held on or after the start and by the due date. A plan that ended before the due date without one is left out.`,
  },
  /**
   * Each meeting M of a plan in scope whose next-due date D = M.date + coreGroupIntervalDays falls in
   * the period (one occasion per plan and meeting). Met: the plan's next meeting after M.date is
   * dated <= D. Left out: none by D and the plan ended on or before D.
   */
  'core-group-interval': {
    title: 'Core groups held within the interval',
    auditPoint: 1,
    definition: (p) =>
      `For each plan, each core group whose next one was due in the period (due = ${p.coreGroupIntervalDays} days after it). Met when the plan's next core group was held by the due date. A plan that ended before the due date without one is left out.`,
  },
  /**
   * Each meeting M dated on or after the start of a plan in scope it covers (and not after that plan's
   * end) whose deadline D = addWD(M.date, distributionWorkingDays) falls in the period, and that had at
   * least one member current on M.date (`fromDate <= M.date` and `toDate` null or `>= M.date`) across
   * the plans it covered. Met: every such member, present or not, has a distribution of M dated <= D.
   */
  'decisions-distributed': {
    title: 'Decisions sent to every core group member in time',
    auditPoint: 10,
    definition: (p) =>
      `Core group meetings whose decisions were due to be sent in the period (due = ${p.distributionWorkingDays} working days after the meeting). Met when every member of the core group on the meeting date, whether they attended or not, was sent the decisions by the due date. Meetings with no recorded member are left out.`,
  },
  /** Each meeting dated in the period covering a plan in scope (dated within that plan): met when `planAvailable`. */
  'plan-available': {
    title: 'Child protection plan available at the core group',
    auditPoint: 11,
    definition: () => 'Core group meetings held in the period. Met when the child protection plan was available at the meeting.',
  },
  /** Each meeting dated in the period covering a plan in scope: met when `childViewsRecorded`. */
  'child-views-recorded': {
    title: "Child's views and wishes recorded",
    auditPoint: 12,
    definition: () => "Core group meetings held in the period. Met when the views and wishes of the child (or observations of a younger child) were recorded.",
  },
  /** Each meeting dated in the period covering a plan in scope: met when `riskReviewed`. */
  'risk-reviewed': {
    title: 'Risk reviewed at the core group',
    auditPoint: 13,
    definition: () => 'Core group meetings held in the period. Met when risk was reviewed at the meeting.',
  },
  /** Each action of a plan in scope created in the period: met when it has an owner, a due date and a non-blank outcome. */
  'actions-smart': {
    title: 'Actions with an owner, a due date and an outcome',
    auditPoint: 3,
    definition: () =>
      'Actions created in the period. Met when the action has an owner, a due date and an expected outcome (not blank).',
  },
  /**
   * Each meeting dated in the period covering the plan in scope of a child marked complex: met when
   * the chair's role is `deputy-manager`.
   */
  'complex-case-chair': {
    title: "Complex cases' core groups chaired by a deputy manager",
    auditPoint: 15,
    definition: () =>
      'Core group meetings held in the period for a child marked complex. Met when the meeting was chaired by a deputy manager.',
  },
  /**
   * For each plan in scope, each anchor: its conferences dated <= to, plus the plan start as the
   * initial conference when none of kind `initial` is recorded. D = anchor + reviewAfterInitialMonths
   * (initial) or + reviewAfterReviewMonths (review), when D falls in the period. Met: a review
   * conference of the plan is dated in (anchor, D]. Left out: none and the plan ended on or before D.
   */
  'review-conference-on-time': {
    title: 'Review conferences on time',
    auditPoint: 16,
    definition: (p) =>
      `Review conferences due in the period (due = ${p.reviewAfterInitialMonths} months after the initial conference, ${p.reviewAfterReviewMonths} months after a review). Met when a review conference was held after the previous conference and by the due date. A plan that ended before the due date without one is left out.`,
  },
  /**
   * Each disagreement of a plan in scope whose deadline D = addWD(raisedDate, disagreementCapWorkingDays)
   * falls in the period. Met: resolvedDate <= D.
   */
  'disagreement-resolved': {
    title: 'Professional disagreements resolved in time',
    auditPoint: 14,
    definition: (p) =>
      `Professional disagreements whose resolution was due in the period (due = ${p.disagreementCapWorkingDays} working days after it was raised). Met when it was resolved by the due date.`,
  },
  /**
   * Each child with a plan in scope (for a month: a plan with start <= month end and end null or >=
   * month start). Met: no allocation of the child other than its earliest (by start date, then id)
   * starts in the period (month).
   */
  'worker-stability': {
    title: 'Children with no change of social worker',
    auditPoint: 15,
    definition: () =>
      'Children with a plan during the period. Met when no new allocated social worker started for the child in the period (the child\'s first ever allocation is not a change).',
  },
}
