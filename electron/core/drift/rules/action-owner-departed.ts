import { formatUKFast } from '../calendar'
import type { Finding } from '../../../../shared/drift-types'
import { allocationOn } from '../../../../shared/period'
import type { PlanState } from '../facts'
import { isOpenOnA } from './actions'
import { NONE, add, finding, type Rule } from './common'
import { personWords, theAction } from './names'

/**
 * Each action open on A with an owner who is neither a current member of the plan on A nor the
 * child's allocated worker on A (an allocation with startDate <= A and endDate null or >= A): high, flag.
 * An action without an owner does not fire here (action-not-smart covers it).
 */
/** A current member on A, or the child's allocated worker on A (a plan has a handful of each). */
function isPresent(p: PlanState, professionalId: string, asOf: string): boolean {
  for (const m of p.currentMembers) if (m.professionalId === professionalId) return true
  for (const al of p.facts.allocations) {
    if (al.professionalId === professionalId && allocationOn(al, asOf)) return true
  }
  return false
}

export const actionOwnerDeparted: Rule = (p, ctx) => {
  let out: Finding[] | null = null
  for (const a of p.facts.actions) {
    if (a.ownerId === null || !isOpenOnA(a, ctx.asOf) || isPresent(p, a.ownerId, ctx.asOf)) continue
    out = add(out, 
      finding('action-owner-departed', p, 'high', 'flag', null, 'action', a.id, () => `${theAction(ctx, a.id, formatUKFast(a.createdDate))} belongs to ${personWords(ctx, a.ownerId) ?? 'someone'} who on ${formatUKFast(ctx.asOf)} is neither in the core group nor the allocated worker.`),
    )
  }
  return out ?? NONE
}
