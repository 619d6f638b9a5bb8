import { allocationOn } from '../../../../shared/period'
import { formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'

/** No allocation of the child covers A (startDate <= A and endDate null or >= A): high, flag, subject plan. */
export const noAllocatedWorker: Rule = (p, ctx) => {
  for (const al of p.facts.allocations) {
    if (allocationOn(al, ctx.asOf)) return NONE
  }
  return [finding('no-allocated-worker', p, 'high', 'flag', null, 'plan', p.facts.planId, () => `No social worker is allocated to the child on ${formatUKFast(ctx.asOf)}.`)]
}
