/**
 * What the app's forms send to record something (issue 5): the interchange-format schemas of
 * `caseload-format.ts` with the id optional (no id: a new record; the core chooses the id), plus
 * the few inputs that are not one record (a new child with a plan, decisions sent to several
 * people, ending a plan). Used by the IPC contract (validated in main) and by the forms (the same
 * schemas validate in the renderer), so a form and main can never disagree about what is valid.
 */
import { z } from 'zod'
import {
  actionSchema,
  CATEGORIES,
  CHANGE_REASONS,
  childSchema,
  conferenceSchema,
  disagreementSchema,
  meetingSchema,
  memberSchema,
  planSchema,
  professionalSchema,
  visitSchema,
  MAX_ID_LENGTH,
  MAX_LIST_LENGTH,
} from './caseload-format'
import { isCivilDate } from './civil-date'

// Bounded first (issue 12): a date is 10 characters; a longer string is refused before any parsing.
const civilDate = z.string().max(10, { message: 'is not a real date in the form YYYY-MM-DD', abort: true }).refine(isCivilDate, { message: 'is not a real date in the form YYYY-MM-DD' })
const id = z.string().min(1, 'must not be empty').max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
const newOrExisting = { id: id.optional() }

export const childInputSchema = childSchema.extend({
  ...newOrExisting,
  /** With a new child: their plan, whose initial conference is on the plan's start date. */
  plan: z
    .strictObject({
      startDate: civilDate,
      initialCategory: z.enum(CATEGORIES),
      previousPlans: z.number().int('must be a whole number').min(0, 'must be 0 or more'),
      /** The allocated social worker from the plan's start; null or absent: no worker yet. */
      socialWorkerId: id.nullish(),
    })
    .optional(),
})
export const planInputSchema = planSchema.extend(newOrExisting)
export const professionalInputSchema = professionalSchema.extend(newOrExisting)
export const conferenceInputSchema = conferenceSchema.extend(newOrExisting)
export const meetingInputSchema = meetingSchema.extend(newOrExisting)
export const actionInputSchema = actionSchema.extend(newOrExisting)
export const disagreementInputSchema = disagreementSchema.extend(newOrExisting)
export const visitInputSchema = visitSchema.extend(newOrExisting)
/** Add a member (no row for this plan, professional and start date yet) or end one (set `toDate`). */
export const memberInputSchema = memberSchema

/** Decisions of a core group sent to one or more people on one date. */
export const distributionInputSchema = z.strictObject({
  meetingId: id,
  professionalIds: z.array(id).min(1, 'must include at least one person').max(MAX_LIST_LENGTH),
  date: civilDate,
})

/** A new allocated social worker; the current allocation ends the day before. */
export const allocationInputSchema = z.strictObject({
  childId: id,
  professionalId: id,
  startDate: civilDate,
  changeReason: z.enum(CHANGE_REASONS).nullish(),
})

export const planEndInputSchema = z.strictObject({ planId: id, endDate: civilDate })

export const DELETABLE_KINDS = ['action', 'visit', 'meeting', 'conference', 'disagreement'] as const
export const deleteInputSchema = z.strictObject({ kind: z.enum(DELETABLE_KINDS), id })

export type ChildInput = z.infer<typeof childInputSchema>
export type PlanInput = z.infer<typeof planInputSchema>
export type ProfessionalInput = z.infer<typeof professionalInputSchema>
export type ConferenceInput = z.infer<typeof conferenceInputSchema>
export type MeetingInput = z.infer<typeof meetingInputSchema>
export type ActionInput = z.infer<typeof actionInputSchema>
export type DisagreementInput = z.infer<typeof disagreementInputSchema>
export type VisitInput = z.infer<typeof visitInputSchema>
export type MemberInput = z.infer<typeof memberInputSchema>
export type DistributionInput = z.infer<typeof distributionInputSchema>
export type AllocationInput = z.infer<typeof allocationInputSchema>
export type PlanEndInput = z.infer<typeof planEndInputSchema>
export type DeleteInput = z.infer<typeof deleteInputSchema>

/** One entry of the change history (the first record of one change). */
export const historyEntrySchema = z.strictObject({
  changeId: z.number().int(),
  /** ISO timestamp (UTC). */
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  summary: z.string(),
  childId: z.string().nullable(),
  /** Another change this one undid, or null. */
  undoes: z.number().int().nullable(),
  /** True when this change has since been undone. */
  undone: z.boolean(),
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>

/** What every save returns: the change it made (for Undo) and the saved record's id. */
export const savedSchema = z.strictObject({
  changeId: z.number().int(),
  id: z.string(),
  summary: z.string(),
  childId: z.string().nullable(),
})
export type Saved = z.infer<typeof savedSchema>

/**
 * A zod reason in plain English. zod's own wording for a wrong type ("Invalid input: expected
 * string, received undefined") means, in a form, that nothing was entered or chosen.
 */
export function plainReason(reason: string): string {
  if (/^Invalid input: expected (string|number|boolean|array)/.test(reason)) return 'is required'
  if (/^Invalid option/.test(reason)) return 'must be chosen from the list'
  if (/^Too small: expected number to be >=(\d+)/.test(reason)) return `must be ${/>=(\d+)/.exec(reason)![1]} or more`
  if (/^Too big: expected number to be <=(\d+)/.test(reason)) return `must be ${/<=(\d+)/.exec(reason)![1]} or less`
  const unknown = /^Unrecognized keys?: (.+)$/.exec(reason)
  if (unknown) return `has ${unknown[1]}, which is not a field of this form`
  return reason
}
