/**
 * Drift policy (design brief §4): every timescale of the drift rules, with the brief's defaults.
 * An authority may change them (stored in the caseload's settings); every scan records the policy
 * it used. Shared because the settings screen edits it. Missing fields take the default; unknown
 * fields are errors, so a typo in a policy file is never silently ignored.
 */
import { z } from 'zod'
import { DriftwatchError, jsonPath, type Problem } from './errors'

/** A whole number from min to max: every refusal says the whole range, so the chair knows what to type. */
const whole = (min: number, max: number, d: number, note = '') => {
  const range = `must be a whole number from ${min} to ${max}${note}`
  return z.number().int(range).min(min, range).max(max, range).default(d)
}
const wdays = (d: number) => whole(0, 260, d)
const days = (d: number) => whole(1, 3660, d)
const months = (d: number) => whole(1, 120, d)
const window = (d: number) => whole(0, 60, d, ' (0: no due-soon state)')

export const dueSoonSchema = z
  .strictObject({
    'first-core-group-overdue': window(5),
    'core-group-overdue': window(5),
    'review-conference-overdue': window(10),
    'action-overdue': window(5),
    'visit-overdue': window(2),
  })
  .prefault({})

export const driftPolicySchema = z
  .strictObject({
    /** first-core-group-overdue: working days after the initial conference (plan start). */
    firstCoreGroupWorkingDays: wdays(10),
    /** core-group-overdue: calendar days between core groups. */
    coreGroupIntervalDays: days(28),
    /** review-conference-overdue: months after the initial conference, and after a review. */
    reviewAfterInitialMonths: months(3),
    reviewAfterReviewMonths: months(6),
    /** decisions-not-distributed: working days to circulate decisions, and how far back to look. */
    distributionWorkingDays: wdays(10),
    distributionLookbackDays: days(90),
    /** action-stale: calendar days without activity. */
    staleActionDays: days(28),
    /** worker-changed: lookback, the longer lookback for repeated changes, and how many count as repeated. */
    workerChangeLookbackDays: days(90),
    workerChangeRepeatLookbackDays: days(180),
    workerChangeRepeatCount: whole(2, 20, 2),
    /** disagreement-unresolved: working days allowed at stages 1–4, and the overall cap from raising it. */
    disagreementStageWorkingDays: z
      .tuple([wdays(5), wdays(5), wdays(10), wdays(10)])
      .default([5, 5, 10, 10]),
    disagreementCapWorkingDays: wdays(20),
    /** visit-overdue: working days between statutory visits. */
    visitWorkingDays: wdays(10),
    /** long-plan: months after the start for medium and high. */
    longPlanMediumMonths: months(18),
    longPlanHighMonths: months(24),
    /** risk-scale-low: a safety score at or below this is flagged. */
    riskSafetyThreshold: z.number().min(0, 'must be between 0 and 10').max(10, 'must be between 0 and 10').default(2),
    /** Due-soon windows in working days per rule (0: the rule has no due-soon state). */
    dueSoonWorkingDays: dueSoonSchema,
  })
  .check((ctx) => {
    const v = ctx.value
    if (v.longPlanHighMonths < v.longPlanMediumMonths) {
      ctx.issues.push({ code: 'custom', input: v.longPlanHighMonths, path: ['longPlanHighMonths'], message: 'must not be less than longPlanMediumMonths' })
    }
    if (v.workerChangeRepeatLookbackDays < v.workerChangeLookbackDays) {
      ctx.issues.push({
        code: 'custom',
        input: v.workerChangeRepeatLookbackDays,
        path: ['workerChangeRepeatLookbackDays'],
        message: 'must not be less than workerChangeLookbackDays',
      })
    }
  })

export type DriftPolicy = z.output<typeof driftPolicySchema>
export type DriftPolicyInput = z.input<typeof driftPolicySchema>
export type DueSoonRuleId = keyof DriftPolicy['dueSoonWorkingDays']

export const DEFAULT_POLICY: DriftPolicy = Object.freeze(driftPolicySchema.parse({})) as DriftPolicy

export interface PolicyValidation {
  ok: boolean
  policy?: DriftPolicy
  problems: Problem[]
}

export function validatePolicy(input: unknown): PolicyValidation {
  const r = driftPolicySchema.safeParse(input)
  if (r.success) return { ok: true, policy: r.data, problems: [] }
  return { ok: false, problems: r.error.issues.map((i) => ({ path: jsonPath(i.path), reason: i.message })) }
}

/** Parses a policy (missing fields take the defaults); throws BAD_INPUT naming each field and reason. */
export function parsePolicy(input: unknown, source = 'policy'): DriftPolicy {
  const v = validatePolicy(input)
  if (v.ok && v.policy) return v.policy
  throw new DriftwatchError(
    'BAD_INPUT',
    `Invalid drift policy in ${source}: ${v.problems.map((p) => `${p.path} ${p.reason}`).join('; ')}`,
    v.problems,
  )
}
