import { addDaysFast, formatUKFast } from '../calendar'
import { NONE, deadlineState, finding, type Rule } from './common'

/** Has meetings; L = latest meeting; due = L + 28 calendar days; overdue (high) when A > due. */
export const coreGroupOverdue: Rule = (p, ctx) => {
  const latest = p.meetings[0]
  if (!latest) return NONE
  const n = ctx.policy.coreGroupIntervalDays
  const due = addDaysFast(latest.date, n)
  const last = latest.date
  const state = deadlineState('core-group-overdue', due, ctx)
  if (!state) return NONE
  return [
    state === 'overdue'
      ? finding('core-group-overdue', p, 'high', 'overdue', due, 'meeting', latest.id, () => `The next core group is overdue: it was due by ${formatUKFast(due)}, ${n} days after the last one on ${formatUKFast(last)}, and none has been held since.`)
      : finding('core-group-overdue', p, 'low', 'due-soon', due, 'meeting', latest.id, () => `The next core group is due by ${formatUKFast(due)}, ${n} days after the last one on ${formatUKFast(last)}.`),
  ]
}
