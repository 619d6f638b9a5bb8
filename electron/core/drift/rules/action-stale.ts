import { addDaysFast, formatUKFast } from '../calendar'
import type { Finding } from '../../../../shared/drift-types'
import { isOpenOnA } from './actions'
import { NONE, add, finding, type Rule } from './common'
import { actionWords } from './names'

/**
 * Each action open on A and not overdue (no dueDate, or dueDate >= A); last activity =
 * max(createdDate, lastReviewedDate if <= A); fires (medium, flag, due = last + 28 days) when A > due.
 */
export const actionStale: Rule = (p, ctx) => {
  let out: Finding[] | null = null
  const n = ctx.policy.staleActionDays
  for (const a of p.facts.actions) {
    if (!isOpenOnA(a, ctx.asOf)) continue
    if (a.dueDate !== null && a.dueDate < ctx.asOf) continue
    const reviewed = a.lastReviewedDate !== null && a.lastReviewedDate <= ctx.asOf && a.lastReviewedDate > a.createdDate
    const last = reviewed ? a.lastReviewedDate! : a.createdDate
    const due = addDaysFast(last, n)
    if (!(ctx.asOf > due)) continue
    out = add(out, 
      finding('action-stale', p, 'medium', 'flag', due, 'action', a.id, () => `${actionWords(ctx, a.id) ? `The action ${actionWords(ctx, a.id)}` : 'The action'} has had no recorded progress since it was ${reviewed ? 'last reviewed' : 'set'} on ${formatUKFast(last)}, more than ${n} days ago.`),
    )
  }
  return out ?? NONE
}
