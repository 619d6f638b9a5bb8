/**
 * Triage (issue 11): which child to act on first and why. The CLI's `triage --json` and the
 * dashboard's "Start here" list speak this shape; the order is made in electron/core/triage/.
 */
import { z } from 'zod'
import { FINDING_STATUSES, SEVERITIES, SUBJECT_KINDS } from './drift-types'

export const triagedFindingSchema = z.strictObject({
  ruleId: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(FINDING_STATUSES),
  dueDate: z.string().nullable(),
  subject: z.strictObject({ kind: z.enum(SUBJECT_KINDS), id: z.string() }),
  message: z.string(),
  /** One imperative sentence with the names and dates that make the finding actionable. */
  nextStep: z.string().min(1),
})
export type TriagedFinding = z.infer<typeof triagedFindingSchema>

export const triagedChildSchema = z.strictObject({
  childId: z.string(),
  name: z.string(),
  /** The plan of the child's worst finding. */
  planId: z.string(),
  /** Drift score over all the child's findings (high 3, medium 2, low 1). */
  score: z.number().int().min(0),
  worst: z.enum(SEVERITIES),
  /** The allocated social worker's name on the as-of date, or null. */
  worker: z.string().nullable(),
  team: z.string().nullable(),
  /** Every finding of the child, worst first. */
  findings: z.array(triagedFindingSchema),
})
export type TriagedChild = z.infer<typeof triagedChildSchema>

export const triageSchema = z.strictObject({
  asOf: z.string(),
  /** Children with at least one finding (all of them, also when `children` is cut to a limit). */
  total: z.number().int().min(0),
  children: z.array(triagedChildSchema),
})
export type Triage = z.infer<typeof triageSchema>
