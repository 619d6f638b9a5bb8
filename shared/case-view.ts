/**
 * The case view's model: what the case screen shows about one child on the as-of date, built in the
 * core (electron/core/case-view/model.ts) and sent with `case:detail` as its `view`, so the screen only
 * draws it. Dates in the text are already in UK form; every "current on A" decision in it follows
 * shared/period.ts.
 */
import { z } from 'zod'
import { memberSchema, professionalSchema } from './caseload-format'
import { findingSchema, type Finding } from './drift-types'

/** Plan findings shown beside the visits and the worker rather than the plan. */
export const PLAN_VISIT_RULES: ReadonlySet<string> = new Set(['visit-overdue', 'not-seen-alone'])
export const PLAN_WORKER_RULES: ReadonlySet<string> = new Set(['no-allocated-worker'])

export const PLAN_ANCHOR = 'fact-plan'
export const VISITS_ANCHOR = 'fact-visits'
export const WORKER_ANCHOR = 'fact-worker'

/** The element id of a record on the case screen (safe in an id and a URL fragment). */
export function anchorFor(kind: string, id: string): string {
  return `fact-${kind}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`
}

/** Where a finding's record is on the case screen. */
export function anchorOf(f: Pick<Finding, 'ruleId' | 'subject'>): string {
  if (f.subject.kind === 'plan') return PLAN_VISIT_RULES.has(f.ruleId) ? VISITS_ANCHOR : PLAN_WORKER_RULES.has(f.ruleId) ? WORKER_ANCHOR : PLAN_ANCHOR
  return anchorFor(f.subject.kind, f.subject.id)
}

export const TIMELINE_KINDS = ['conference', 'meeting', 'action', 'allocation', 'disagreement', 'visit'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

const text = z.string().max(100_000)
const id = z.string().max(200)
const date = z.string().max(10)
const findings = z.array(findingSchema)

/** One line of a record's details: `no` marks what is missing or not done, `yes` what was done. */
const detailSchema = z.strictObject({ label: text, text, tone: z.enum(['plain', 'yes', 'no']) })
export type CaseViewDetail = z.infer<typeof detailSchema>

const timelineEntrySchema = z.strictObject({
  /** Unique in the timeline: the kind's letter and the record's id. */
  key: text,
  recordId: id,
  anchor: text,
  date,
  kind: z.enum(TIMELINE_KINDS),
  title: text,
  details: z.array(detailSchema),
  /** A disagreement's escalation stages ("from 3 Mar 2026, no answer yet"). */
  stages: z.array(z.strictObject({ stage: z.number().int().min(1).max(4), text })),
  /** A disagreement's resolution line. */
  resolution: z.strictObject({ text, tone: z.enum(['plain', 'no']) }).nullable(),
  findings,
})
export type TimelineEntry = z.infer<typeof timelineEntrySchema>

export const caseViewSchema = z.strictObject({
  /** The plan the screen and the forms are about: the latest-starting plan open on A, else the latest plan. */
  currentPlanId: id.nullable(),
  /** Whether that plan is open on A (a plan is not open on its end date). */
  planOpen: z.boolean(),
  /** Members of that plan current on A (a membership holds on its end date). */
  currentMemberIds: z.array(id),
  /** The social worker whose allocation covers A. */
  worker: z.strictObject({ id, name: text, agency: text }).nullable(),
  /** The child's findings, worst first, each with where its record is and the link's words. */
  attention: z.array(z.strictObject({ finding: findingSchema, anchor: text.nullable(), see: text.nullable() })),
  planFindings: findings,
  visitFindings: findings,
  workerFindings: findings,
  /** Every membership, current ones first, then by name. */
  members: z.array(z.strictObject({ member: memberSchema, professional: professionalSchema, anchor: text, dates: text, findings })),
  lastVisit: z.strictObject({ date, seenAlone: z.boolean() }).nullable(),
  /** Visits dated in [plan start, A]. */
  visitCount: z.number().int().min(0),
  /** Newest first (date, then key). */
  timeline: z.array(timelineEntrySchema),
})
export type CaseView = z.infer<typeof caseViewSchema>
