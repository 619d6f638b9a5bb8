import { addMonthsFast, formatUKFast } from '../calendar'
import type { ConferenceFacts } from '../facts'
import { NONE, deadlineState, finding, type Rule } from './common'

/**
 * C = latest conference of the plan dated <= A (by date, then id); none: the plan start counts as
 * the initial conference (subject: the plan). due = C + 3 months after an initial, + 6 after a review.
 * Literal reading: any conference of the plan dated <= A counts, even one dated before the plan start.
 */
export const reviewConferenceOverdue: Rule = (p, ctx) => {
  let c: ConferenceFacts | null = null
  for (const x of p.facts.conferences) {
    if (x.date > ctx.asOf) continue
    if (!c || x.date > c.date || (x.date === c.date && x.id > c.id)) c = x
  }
  const kind = c ? c.kind : 'initial'
  const date = c ? c.date : p.facts.startDate
  const months = kind === 'initial' ? ctx.policy.reviewAfterInitialMonths : ctx.policy.reviewAfterReviewMonths
  const due = addMonthsFast(date, months)
  const state = deadlineState('review-conference-overdue', due, ctx)
  if (!state) return NONE
  const subjectKind = c ? 'conference' : 'plan'
  const subjectId = c ? c.id : p.facts.planId
  // Made with the sentence, when it is read.
  const why = () => `${months} months after the ${kind === 'initial' ? 'initial' : 'last review'} conference on ${formatUKFast(date)}`
  return [
    state === 'overdue'
      ? finding('review-conference-overdue', p, 'high', 'overdue', due, subjectKind, subjectId, () => `The review conference is overdue: it was due by ${formatUKFast(due)}, ${why()}, and none is recorded.`)
      : finding('review-conference-overdue', p, 'low', 'due-soon', due, subjectKind, subjectId, () => `The review conference is due by ${formatUKFast(due)}, ${why()}.`),
  ]
}
