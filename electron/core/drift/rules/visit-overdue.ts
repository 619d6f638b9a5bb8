import { formatUKFast } from '../calendar'
import { NONE, deadlineState, finding, type Rule } from './common'

/** V = latest visit of the child dated in [plan start, A], else the plan start; due = addWD(V, 10); high, overdue. */
export const visitOverdue: Rule = (p, ctx) => {
  const v = p.visits[0]
  const from = v ? v.date : p.facts.startDate
  const n = ctx.policy.visitWorkingDays
  const due = ctx.calendar.addWD(from, n)
  const state = deadlineState('visit-overdue', due, ctx)
  if (!state) return NONE
  // Made with the sentence, when it is read.
  const seen = !!v
  const why = () => seen ? `${n} working days after the last visit on ${formatUKFast(from)}` : `${n} working days after the plan started on ${formatUKFast(from)}, with no visit since`
  return [
    state === 'overdue'
      ? finding('visit-overdue', p, 'high', 'overdue', due, 'plan', p.facts.planId, () => `A statutory visit is overdue: it was due by ${formatUKFast(due)}, ${why()}.`)
      : finding('visit-overdue', p, 'low', 'due-soon', due, 'plan', p.facts.planId, () => `A statutory visit is due by ${formatUKFast(due)}, ${why()}.`),
  ]
}
