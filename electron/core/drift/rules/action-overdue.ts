import { formatUKFast } from '../calendar'
import type { Finding } from '../../../../shared/drift-types'
import { isOpenOnA } from './actions'
import { NONE, add, deadlineState, finding, type Rule } from './common'
import { theAction } from './names'

/** Each action open on A with dueDate < A: medium, overdue; due soon when due >= A and wd(A, due) <= W. */
export const actionOverdue: Rule = (p, ctx) => {
  let out: Finding[] | null = null
  for (const a of p.facts.actions) {
    if (!a.dueDate || !isOpenOnA(a, ctx.asOf)) continue
    const due = a.dueDate
    const state = deadlineState('action-overdue', due, ctx)
    if (state === 'overdue') {
      out = add(out, finding('action-overdue', p, 'medium', 'overdue', due, 'action', a.id, () => `${theAction(ctx, a.id, formatUKFast(a.createdDate), { owner: true })} is overdue: it was due by ${formatUKFast(due)} and is still open.`))
    } else if (state === 'due-soon') {
      out = add(out, finding('action-overdue', p, 'low', 'due-soon', due, 'action', a.id, () => `${theAction(ctx, a.id, formatUKFast(a.createdDate), { owner: true })} is due by ${formatUKFast(due)}.`))
    }
  }
  return out ?? NONE
}
