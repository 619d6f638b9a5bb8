import { formatUKFast } from '../calendar'
import { NONE, deadlineState, finding, type Rule } from './common'

/** No meetings; due = addWD(start, 10); overdue (high) when A > due; due soon within W working days. */
export const firstCoreGroupOverdue: Rule = (p, ctx) => {
  if (p.meetings.length > 0) return NONE
  const n = ctx.policy.firstCoreGroupWorkingDays
  const due = ctx.calendar.addWD(p.facts.startDate, n)
  const state = deadlineState('first-core-group-overdue', due, ctx)
  if (!state) return NONE
  // Made with the sentence, when it is read.
  const start = p.facts.startDate
  const why = () => `${n} working days after the initial conference on ${formatUKFast(start)}`
  return [
    state === 'overdue'
      ? finding('first-core-group-overdue', p, 'high', 'overdue', due, 'plan', p.facts.planId, () => `The first core group is overdue: it was due by ${formatUKFast(due)}, ${why()}, and none is recorded.`)
      : finding('first-core-group-overdue', p, 'low', 'due-soon', due, 'plan', p.facts.planId, () => `The first core group is due by ${formatUKFast(due)}, ${why()}; none is recorded yet.`),
  ]
}
