import { formatUKFast } from '../calendar'
import type { Finding } from '../../../../shared/drift-types'
import { isOpenOnA } from './actions'
import { NONE, add, finding, type Rule } from './common'

/**
 * Each action open on A with an owner who is neither a current member of the plan on A nor the
 * child's allocated worker on A (an allocation with startDate <= A and endDate null or >= A): high, flag.
 * An action without an owner does not fire here (action-not-smart covers it).
 */
export const actionOwnerDeparted: Rule = (p, ctx) => {
  let out: Finding[] | null = null
  let present: Set<string> | null = null
  for (const a of p.facts.actions) {
    if (a.ownerId === null || !isOpenOnA(a, ctx.asOf)) continue
    if (!present) {
      present = new Set(p.currentMembers.map((m) => m.professionalId))
      for (const al of p.facts.allocations) {
        if (al.startDate <= ctx.asOf && (al.endDate === null || al.endDate >= ctx.asOf)) present.add(al.professionalId)
      }
    }
    if (present.has(a.ownerId)) continue
    out = add(out, 
      finding('action-owner-departed', p, 'high', 'flag', null, 'action', a.id, `Open action set on ${formatUKFast(a.createdDate)} belongs to someone who on ${formatUKFast(ctx.asOf)} is neither in the core group nor the allocated worker.`),
    )
  }
  return out ?? NONE
}
