/**
 * Caseload interchange format, version 1 (design brief §3). A contract: import and export use it,
 * other programs produce it. Unknown fields are errors, so every object is strict.
 */
import { z } from 'zod'
import { civilDateProblem, isCivilDate, NOT_A_CIVIL_DATE } from './civil-date'

export const FORMAT_NAME = 'driftwatch.caseload'
export const FORMAT_VERSION = 1

const civilDate = z
  .string()
  .max(10, { message: NOT_A_CIVIL_DATE, abort: true })
  .refine(isCivilDate, { error: (issue) => civilDateProblem(issue.input) ?? NOT_A_CIVIL_DATE })
/**
 * Longest strings and lists (README, "Caseload interchange format"): every string has a maximum so
 * that a bad or hostile file is refused with its path instead of filling memory and the database.
 * The import's fast guards (electron/core/caseload/element-guards.ts) apply the same numbers.
 */
export const MAX_ID_LENGTH = 200
export const MAX_NAME_LENGTH = 200
export const MAX_TEXT_LENGTH = 10_000
export const MAX_LIST_LENGTH = 1000
const tooLong = (max: number) => `must be at most ${max.toLocaleString('en-GB')} characters`
const id = z.string().min(1, 'must not be empty').max(MAX_ID_LENGTH, tooLong(MAX_ID_LENGTH))
/** Names, agencies, teams, contact details and other short text. */
const text = z.string().max(MAX_NAME_LENGTH, tooLong(MAX_NAME_LENGTH))
const name = z.string().min(1, 'must not be empty').max(MAX_NAME_LENGTH, tooLong(MAX_NAME_LENGTH))
/** Free text: an action's description and outcome, a disagreement's outcome. */
const freeText = z.string().max(MAX_TEXT_LENGTH, tooLong(MAX_TEXT_LENGTH))
const idList = z.array(id).max(MAX_LIST_LENGTH, `must list at most ${MAX_LIST_LENGTH.toLocaleString('en-GB')} ids`)
const optional = <T extends z.ZodType>(schema: T) => schema.nullish()

export const PROFESSIONAL_ROLES = [
  'social-worker',
  'team-manager',
  'deputy-manager',
  'cp-chair',
  'health',
  'education',
  'police',
  'other',
] as const
export const CHANGE_REASONS = [
  'LEFTRL',
  'ORGRST',
  'MANAGE',
  'TSPROC',
  'ABSENC',
  'CHCHAN',
  'PCCHAN',
  'FCONTA',
  'SWDIED',
  'OTHERS',
] as const
export const CHANGE_REASON_LABELS: Record<(typeof CHANGE_REASONS)[number], string> = {
  LEFTRL: 'Worker left the role',
  ORGRST: 'Organisational restructure',
  MANAGE: 'Management decision',
  TSPROC: 'Transfer between teams as part of the process',
  ABSENC: 'Worker absent (sickness, leave)',
  CHCHAN: "Child's circumstances changed",
  PCCHAN: "Parent or carer's request or circumstances",
  FCONTA: 'Family contact difficulties',
  SWDIED: 'Worker died',
  OTHERS: 'Other reason',
}
export const CATEGORIES = ['neglect', 'physical', 'sexual', 'emotional', 'multiple'] as const
export const CONFERENCE_KINDS = ['initial', 'review'] as const
export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const
export const RISK_SCALES = ['safety', 'danger'] as const
export const DISAGREEMENT_CATEGORIES = [
  'plan-progress',
  'threshold',
  'visits',
  'information-sharing',
  'resources',
  'conference-decision',
  'other',
] as const

export const childSchema = z.strictObject({
  id,
  name,
  dateOfBirth: optional(civilDate),
  gender: optional(text),
  ethnicity: optional(text),
  complex: z.boolean(),
  team: optional(text),
})

export const professionalSchema = z.strictObject({
  id,
  name,
  role: z.enum(PROFESSIONAL_ROLES),
  agency: text,
  email: optional(text),
  phone: optional(text),
})

export const allocationSchema = z.strictObject({
  id,
  childId: id,
  professionalId: id,
  startDate: civilDate,
  endDate: optional(civilDate),
  changeReason: optional(z.enum(CHANGE_REASONS)),
})

export const planSchema = z.strictObject({
  id,
  childId: id,
  startDate: civilDate,
  endDate: optional(civilDate),
  initialCategory: z.enum(CATEGORIES),
  latestCategory: optional(z.enum(CATEGORIES)),
  previousPlans: z.number().int().min(0),
})

export const conferenceSchema = z.strictObject({
  id,
  planId: id,
  kind: z.enum(CONFERENCE_KINDS),
  date: civilDate,
})

export const memberSchema = z.strictObject({
  planId: id,
  professionalId: id,
  fromDate: civilDate,
  toDate: optional(civilDate),
})

export const riskScoreSchema = z.strictObject({
  score: z.number().min(0).max(10),
  scale: z.enum(RISK_SCALES),
})

export const meetingSchema = z.strictObject({
  id,
  planIds: idList.min(1, 'must list at least one plan'),
  date: civilDate,
  chairId: id,
  attended: idList,
  apologies: idList,
  planAvailable: z.boolean(),
  childViewsRecorded: z.boolean(),
  riskReviewed: z.boolean(),
  riskScore: optional(riskScoreSchema),
})

export const distributionSchema = z.strictObject({
  meetingId: id,
  professionalId: id,
  date: civilDate,
})

export const actionSchema = z.strictObject({
  id,
  planId: id,
  createdDate: civilDate,
  description: freeText.min(1, 'must not be empty'),
  outcome: optional(freeText),
  ownerId: optional(id),
  dueDate: optional(civilDate),
  status: z.enum(ACTION_STATUSES),
  closedDate: optional(civilDate),
  lastReviewedDate: optional(civilDate),
})

export const disagreementStageSchema = z.strictObject({
  stage: z.number().int().min(1).max(4),
  startDate: civilDate,
  respondedDate: optional(civilDate),
})

export const disagreementSchema = z.strictObject({
  id,
  planId: id,
  raisedDate: civilDate,
  raisedById: id,
  category: z.enum(DISAGREEMENT_CATEGORIES),
  stages: z.array(disagreementStageSchema).max(MAX_LIST_LENGTH),
  resolvedDate: optional(civilDate),
  outcome: optional(freeText),
})

export const visitSchema = z.strictObject({
  id,
  childId: id,
  date: civilDate,
  seenAlone: z.boolean(),
})

export const caseloadSchema = z.strictObject({
  format: z.literal(FORMAT_NAME),
  version: z.literal(FORMAT_VERSION),
  children: z.array(childSchema),
  professionals: z.array(professionalSchema),
  allocations: z.array(allocationSchema),
  plans: z.array(planSchema),
  conferences: z.array(conferenceSchema),
  members: z.array(memberSchema),
  meetings: z.array(meetingSchema),
  distributions: z.array(distributionSchema),
  actions: z.array(actionSchema),
  disagreements: z.array(disagreementSchema),
  visits: z.array(visitSchema),
})

export type Caseload = z.infer<typeof caseloadSchema>

/** The lists of interchange format v1, in document order (import, export, sync results). */
export const CASELOAD_LISTS = [
  'children',
  'professionals',
  'allocations',
  'plans',
  'conferences',
  'members',
  'meetings',
  'distributions',
  'actions',
  'disagreements',
  'visits',
] as const satisfies readonly (keyof Caseload)[]
export type Child = z.infer<typeof childSchema>
export type Professional = z.infer<typeof professionalSchema>
export type Allocation = z.infer<typeof allocationSchema>
export type Plan = z.infer<typeof planSchema>
export type Conference = z.infer<typeof conferenceSchema>
export type Member = z.infer<typeof memberSchema>
export type Meeting = z.infer<typeof meetingSchema>
export type RiskScore = z.infer<typeof riskScoreSchema>
export type Distribution = z.infer<typeof distributionSchema>
export type Action = z.infer<typeof actionSchema>
export type DisagreementStage = z.infer<typeof disagreementStageSchema>
export type Disagreement = z.infer<typeof disagreementSchema>
export type Visit = z.infer<typeof visitSchema>
export type ProfessionalRole = (typeof PROFESSIONAL_ROLES)[number]
export type ChangeReason = (typeof CHANGE_REASONS)[number]
export type Category = (typeof CATEGORIES)[number]

export function emptyCaseload(): Caseload {
  return {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    children: [],
    professionals: [],
    allocations: [],
    plans: [],
    conferences: [],
    members: [],
    meetings: [],
    distributions: [],
    actions: [],
    disagreements: [],
    visits: [],
  }
}
