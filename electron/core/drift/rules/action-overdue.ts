import { formatUK } from '../../../../shared/civil-date'
import type { Finding } from '../../../../shared/drift-types'
import { isOpenOnA } from './actions'
import { deadlineState, finding, type Rule } from './common'

/** Each action open on A with dueDate < A: medium, overdue; due soon when due >= A and wd(A, due) <= W. */
export const actionOverdue: Rule = (p, ctx) => {
  const out: Finding[] = []
  for (const a of p.facts.actions) {
    if (!a.dueDate || !isOpenOnA(a, ctx.asOf)) continue
    const state = deadlineState('action-overdue', a.dueDate, ctx)
    if (state === 'overdue') {
      out.push(finding('action-overdue', p, 'medium', 'overdue', a.dueDate, 'action', a.id, `Action set on ${formatUK(a.createdDate)} was due by ${formatUK(a.dueDate)} and is still open.`))
    } else if (state === 'due-soon') {
      out.push(finding('action-overdue', p, 'low', 'due-soon', a.dueDate, 'action', a.id, `Action set on ${formatUK(a.createdDate)} is due by ${formatUK(a.dueDate)} and is still open.`))
    }
  }
  return out
}
