import { addDaysFast, formatUKFast } from '../calendar'
import type { AllocationFacts } from '../facts'
import { NONE, finding, type Rule } from './common'
import { personWords } from './names'

const earlier = (a: AllocationFacts, b: AllocationFacts) => a.startDate < b.startDate || (a.startDate === b.startDate && a.id < b.id)

/**
 * An allocation of the child that is not its earliest (by startDate, then id, over all of the
 * child's allocations) starts in (A − 90 days, A]: one finding per plan, subject the latest such
 * allocation (by startDate, then id). High if the child is complex or two or more such (non-earliest)
 * starts fall in (A − 180 days, A]; else medium.
 */
export const workerChanged: Rule = (p, ctx) => {
  const all = p.facts.allocations
  if (all.length < 2) return NONE
  let first = all[0]!
  for (const a of all) if (earlier(a, first)) first = a
  const from = addDaysFast(ctx.asOf, -ctx.policy.workerChangeLookbackDays)
  const fromRepeat = addDaysFast(ctx.asOf, -ctx.policy.workerChangeRepeatLookbackDays)
  let latest: AllocationFacts | null = null
  let repeat = 0
  for (const a of all) {
    if (a === first || a.startDate > ctx.asOf) continue
    if (a.startDate > fromRepeat) repeat++
    if (a.startDate > from && (!latest || earlier(latest, a))) latest = a
  }
  if (!latest) return NONE
  const high = p.facts.complex || repeat >= ctx.policy.workerChangeRepeatCount
  const extra = repeat >= 2 ? `, one of ${repeat} changes in the last ${ctx.policy.workerChangeRepeatLookbackDays} days` : ''
  return [
    finding('worker-changed', p, high ? 'high' : 'medium', 'flag', null, 'allocation', latest.id, () => `The allocated social worker changed on ${formatUKFast(latest.startDate)}${personWords(ctx, latest.professionalId) ? ` to ${personWords(ctx, latest.professionalId)}` : ''}${extra}.`),
  ]
}
