/**
 * Supervision sessions, mid-way reviews, the audit screen and in-app exports (issue 6): the shapes
 * the IPC contract validates in main and the forms validate in the renderer. Supervision records
 * and mid-way reviews are the app's own working records, not part of interchange format v1.
 */
import { z } from 'zod'
import { findingSchema } from './drift-types'
import { formatUK, isCivilDate } from './civil-date'

// Bounded first (issue 12): a date is 10 characters; a longer string is refused before any parsing.
const civilDate = z.string().max(10, { message: 'is not a real date in the form YYYY-MM-DD', abort: true }).refine(isCivilDate, { message: 'is not a real date in the form YYYY-MM-DD' })
const id = z.string().min(1, 'must not be empty').max(200, 'is too long')
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)
/** Words required: spaces alone are none (the forms trim; main refuses the same). */
const required = (max: number, message: string) => text(max).refine((s) => s.trim() !== '', message)

export const SCOPE_KINDS = ['worker', 'team', 'caseload'] as const
export type ScopeKind = (typeof SCOPE_KINDS)[number]
/** Who a session is about: one worker's children, one team's, or the whole caseload (a chair's own). */
export const scopeSchema = z.strictObject({
  kind: z.enum(SCOPE_KINDS),
  /** The worker's professional id, or the team's name; '' for the whole caseload. */
  id: z.string().max(200),
})
export type Scope = z.infer<typeof scopeSchema>

export const SUPERVISION_ACTION_STATES = ['open', 'overdue', 'done', 'dropped'] as const
export const supervisionActionSchema = z.strictObject({
  id: z.string(),
  sessionId: z.string(),
  childId: z.string(),
  planId: z.string(),
  createdDate: civilDate,
  description: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueDate: civilDate,
  status: z.enum(['open', 'done', 'dropped']),
  closedDate: civilDate.nullable(),
  /** Its state on the agenda's date: done or dropped by then, overdue (due before it), or open. */
  state: z.enum(SUPERVISION_ACTION_STATES),
})
export type SupervisionAction = z.infer<typeof supervisionActionSchema>

export const agendaChildSchema = z.strictObject({
  childId: z.string(),
  childName: z.string(),
  team: z.string().nullable(),
  complex: z.boolean(),
  planId: z.string(),
  workerName: z.string().nullable(),
  findings: z.array(findingSchema),
  score: z.number().int().min(0),
  /** The date changes are counted from: the last supervision that discussed this child, or two months back. */
  since: civilDate,
  sinceLastSupervision: z.boolean(),
  /** What changed in (since, date], one plain sentence each. */
  changes: z.array(z.string()),
  /** Plan actions open on the date that are overdue or due within 28 days. */
  actionsDue: z.array(
    z.strictObject({ id: z.string(), description: z.string(), ownerName: z.string().nullable(), dueDate: civilDate, overdue: z.boolean() }),
  ),
  /** The last earlier supervision of this child: what was discussed and decided. */
  previous: z.strictObject({ sessionId: z.string(), date: civilDate, discussion: z.string(), decisions: z.string() }).nullable(),
  /** Supervision actions from earlier sessions still relevant (open at, or closed since, the last one), with whether they were done. */
  carriedForward: z.array(supervisionActionSchema),
  /** In a recorded session: what was discussed and decided, and the actions set. */
  discussion: z.string(),
  decisions: z.string(),
  actions: z.array(supervisionActionSchema),
  /**
   * Set only in a recorded session, for a child it recorded something for who is no longer in its group
   * on its date ('out-of-scope': a later import moved them) or no longer in the caseload ('removed'):
   * what was discussed, decided and set is still shown and exported, and nothing else is (no findings).
   */
  recordedOnly: z.enum(['out-of-scope', 'removed']).nullable(),
})
export type AgendaChild = z.infer<typeof agendaChildSchema>

export const agendaSchema = z.strictObject({
  date: civilDate,
  scope: scopeSchema,
  scopeName: z.string(),
  /** The recorded session shown, or null while only prepared. */
  session: z
    .strictObject({ id: z.string(), supervisor: z.string(), notes: z.string(), recordedAt: z.string(), recordedBy: z.string() })
    .nullable(),
  children: z.array(agendaChildSchema),
  warnings: z.array(z.string()),
})
export type Agenda = z.infer<typeof agendaSchema>

export const agendaInputSchema = z.strictObject({ scope: scopeSchema, date: civilDate, sessionId: id.optional() })

export const sessionInputSchema = z.strictObject({
  /** An existing session to update (its date and scope stay as they were). */
  id: id.optional(),
  date: civilDate,
  scope: scopeSchema,
  supervisor: required(200, 'is required'),
  notes: text(20_000),
  children: z.array(z.strictObject({ childId: id, discussion: text(20_000), decisions: text(20_000) })).max(2000),
  /** New supervision actions. */
  actions: z
    .array(
      z.strictObject({
        childId: id,
        description: required(2000, 'is required'),
        ownerId: id.nullable(),
        dueDate: civilDate,
      }),
    )
    .max(500),
})
export type SessionInput = z.infer<typeof sessionInputSchema>

export const actionStatusInputSchema = z.strictObject({
  id,
  status: z.enum(['open', 'done', 'dropped']),
  /** When it was done or dropped (null when reopened). */
  closedDate: civilDate.nullable(),
})

export const sessionSummarySchema = z.strictObject({
  id: z.string(),
  date: civilDate,
  scope: scopeSchema,
  scopeName: z.string(),
  supervisor: z.string(),
  children: z.number().int(),
  actions: z.number().int(),
})
export type SessionSummary = z.infer<typeof sessionSummarySchema>

// Mid-way reviews.
export const RAG_RATINGS = ['red', 'amber', 'green'] as const
export type Rag = (typeof RAG_RATINGS)[number]
export const RAG_LABELS: Record<Rag, string> = {
  red: 'Red: the plan is not protecting the child or is not progressing',
  amber: 'Amber: some drift or delay that needs to be put right before the review',
  green: 'Green: the plan is on track',
}
export const MIDWAY_DECISIONS = ['no-change', 'bring-forward', 'escalate'] as const
export type MidwayDecision = (typeof MIDWAY_DECISIONS)[number]
export const MIDWAY_DECISION_LABELS: Record<MidwayDecision, string> = {
  'no-change': 'No change: review conference as planned',
  'bring-forward': 'Bring the review conference forward',
  escalate: 'Escalate (chair challenge / dispute resolution)',
}

export const midwayChangesSchema = z.strictObject({
  planId: z.string(),
  /** The latest conference on or before the date (or the plan start). */
  since: civilDate,
  sinceWhat: z.string(),
  reviewDue: civilDate,
  attendance: z.array(
    z.strictObject({ meetingId: z.string(), date: civilDate, attended: z.array(z.string()), apologies: z.array(z.string()), absent: z.array(z.string()) }),
  ),
  actions: z.strictObject({ added: z.array(z.string()), closed: z.array(z.string()), overdue: z.array(z.string()) }),
  workers: z.array(z.string()),
  risk: z.array(z.strictObject({ date: civilDate, text: z.string(), safety: z.number() })),
  childVoice: z.array(z.string()),
  findings: z.array(z.string()),
  /** A starting point for the chair, from the findings: red with a high one, amber with a medium, else green. */
  suggestedRag: z.enum(RAG_RATINGS),
})
export type MidwayChanges = z.infer<typeof midwayChangesSchema>

export const midwayReviewSchema = z.strictObject({
  id: z.string(),
  childId: z.string(),
  planId: z.string(),
  date: civilDate,
  rag: z.enum(RAG_RATINGS),
  ragReason: z.string(),
  decision: z.enum(MIDWAY_DECISIONS),
  decisionNote: z.string(),
  changes: midwayChangesSchema,
  recordedAt: z.string(),
  recordedBy: z.string(),
})
export type MidwayReview = z.infer<typeof midwayReviewSchema>

export const midwayInputSchema = z.strictObject({
  childId: id,
  date: civilDate,
  rag: z.enum(RAG_RATINGS),
  ragReason: required(5000, 'say why, in words (not the colour alone)'),
  decision: z.enum(MIDWAY_DECISIONS),
  decisionNote: text(20_000),
})
export type MidwayInput = z.infer<typeof midwayInputSchema>

// Exports from the app.
export const EXPORT_FORMAT_IDS = ['docx', 'pdf', 'txt'] as const
export const exportTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('session'), sessionId: id }),
  /** The supervision note for one child of a session (to put on that child's record). */
  z.strictObject({ kind: z.literal('session-child'), sessionId: id, childId: id }),
  z.strictObject({ kind: z.literal('midway'), reviewId: id }),
  z.strictObject({ kind: z.literal('audit'), from: civilDate, to: civilDate }),
])
export type ExportTarget = z.infer<typeof exportTargetSchema>

export const exportInputSchema = z.strictObject({
  target: exportTargetSchema,
  format: z.enum(EXPORT_FORMAT_IDS),
  /** 'file': save (Electron asks where) or download (browser); 'clipboard': the plain text back. */
  purpose: z.enum(['file', 'clipboard']),
})
export const exportOutputSchema = z.discriminatedUnion('kind', [
  /** Written where the user chose (Electron's save dialog). */
  z.strictObject({ kind: z.literal('saved'), fileName: z.string(), hash: z.string() }),
  z.strictObject({ kind: z.literal('cancelled') }),
  /** The bytes for the page to offer as a download (the browser asks where). */
  z.strictObject({ kind: z.literal('download'), fileName: z.string(), mimeType: z.string(), base64: z.string(), hash: z.string() }),
  z.strictObject({ kind: z.literal('text'), text: z.string(), hash: z.string() }),
  /** Put on the clipboard by the host (Electron main: the page itself has no clipboard permission). */
  z.strictObject({ kind: z.literal('copied'), hash: z.string() }),
])
export type ExportOutput = z.infer<typeof exportOutputSchema>

/** Why a recorded session's child is shown with only what was recorded (AgendaChild.recordedOnly). */
export function recordedOnlyWords(c: Pick<AgendaChild, 'recordedOnly'>, date: string): string | null {
  if (c.recordedOnly === 'removed') return 'No longer in the caseload (an import since this session removed this child): what the session recorded is kept and shown here.'
  if (c.recordedOnly === 'out-of-scope') return `No longer one of this group's children on ${formatUK(date)} (the records have changed since this session): what the session recorded is kept and shown here.`
  return null
}
