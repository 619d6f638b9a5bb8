/**
 * Drift findings (design brief §4). A contract: the CLI's `drift --json`, the IPC layer and the
 * dashboard all speak this shape.
 */
import { z } from 'zod'

export const RULE_IDS = [
  'first-core-group-overdue',
  'core-group-overdue',
  'review-conference-overdue',
  'decisions-not-distributed',
  'action-overdue',
  'action-stale',
  'action-not-smart',
  'action-owner-departed',
  'no-allocated-worker',
  'worker-changed',
  'disagreement-unresolved',
  'child-views-not-recorded',
  'plan-not-available',
  'risk-not-reviewed',
  'risk-scale-low',
  'agency-absent',
  'contact-details-missing',
  'complex-case-chair',
  'visit-overdue',
  'not-seen-alone',
  'long-plan',
] as const
export type RuleId = (typeof RULE_IDS)[number]

/**
 * Rules over the app's own working records (not design brief §4, not interchange format v1):
 * `supervision-action-overdue` (medium, overdue, dueDate, subject supervision-action) fires for a
 * supervision action open on A (created <= A; open, or closed after A) whose due date is before A,
 * when its plan is open on A. The DB scan adds them; the §4 reference does not know them.
 */
export const LOCAL_RULE_IDS = ['supervision-action-overdue'] as const
export type LocalRuleId = (typeof LOCAL_RULE_IDS)[number]
/** Every rule a scan of the app's database can report. */
export const ALL_RULE_IDS = [...RULE_IDS, ...LOCAL_RULE_IDS] as const
export type AnyRuleId = RuleId | LocalRuleId

export const SEVERITIES = ['high', 'medium', 'low'] as const
export type Severity = (typeof SEVERITIES)[number]
export const FINDING_STATUSES = ['overdue', 'due-soon', 'flag'] as const
export type FindingStatus = (typeof FINDING_STATUSES)[number]
export const SUBJECT_KINDS = [
  'plan',
  'meeting',
  'conference',
  'action',
  'allocation',
  'disagreement',
  'professional',
  'supervision-action',
] as const
export type SubjectKind = (typeof SUBJECT_KINDS)[number]

export const findingSchema = z.strictObject({
  ruleId: z.string(),
  childId: z.string(),
  planId: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(FINDING_STATUSES),
  dueDate: z.string().nullable(),
  subject: z.strictObject({ kind: z.enum(SUBJECT_KINDS), id: z.string() }),
  message: z.string(),
})
export type Finding = z.infer<typeof findingSchema>

export const SEVERITY_WEIGHT: Record<Severity, number> = { high: 3, medium: 2, low: 1 }

/** A case's drift score: high 3, medium 2, low 1, summed over its findings. */
export function driftScore(findings: readonly Pick<Finding, 'severity'>[]): number {
  let total = 0
  for (const f of findings) total += SEVERITY_WEIGHT[f.severity]
  return total
}
