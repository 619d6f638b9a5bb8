import type { ChangeReason } from '../../../../shared/caseload-format'
import type { Random } from '../random'
import { pad } from './days'
import type { Emitter } from './emitter'
import { CHANGE_REASON_WEIGHTS, type QualityProfile } from './profiles'
import { pickOther } from './professionals'
import type { Allocation, ChildPlan, Pro, TeamPool } from './types'

/** Allocated social worker history (shared by the siblings), with SSD change reasons. */
export function emitAllocations(
  random: Random,
  out: Emitter,
  f: { q: QualityProfile; team: TeamPool; complex: boolean; S: number; A: number; kids: readonly ChildPlan[] },
): Allocation[] {
  const { q, team, complex, S, A, kids } = f
  const allocations: Allocation[] = []
  let worker = random.pick(team.socialWorkers)
  let from = S - random.int(7, 90)
  let reason: ChangeReason | null = null
  const rate = q.workerChangesPerYear * (complex ? 1.8 : 1)
  let t = S
  for (;;) {
    t += Math.max(14, Math.round((-Math.log(1 - random.next()) * 365) / rate))
    if (t > A) break
    allocations.push({ pro: worker, from, to: t - 1, reason })
    reason = random.weighted(CHANGE_REASON_WEIGHTS)
    worker = pickOther(random, team.socialWorkers, worker)
    from = t
  }
  let to: number | null = null
  if (random.chance(q.noCurrentWorker) && A - from > 20) to = A - random.int(1, Math.min(40, A - from - 1))
  allocations.push({ pro: worker, from, to, reason })
  for (const kid of kids) {
    allocations.forEach((a, i) => {
      out.add('allocations', {
        id: `A${pad(kid.childNum, 6)}-${i + 1}`,
        childId: kid.childId,
        professionalId: a.pro.id,
        startDate: out.date(a.from),
        endDate: a.to === null ? null : out.date(a.to),
        changeReason: a.reason,
      })
    })
  }
  return allocations
}

/** The family's allocated worker on a day, or null (between allocations). */
export function allocatedOnFor(allocations: readonly Allocation[]): (day: number) => Pro | null {
  return (day) => {
    for (const a of allocations) if (a.from <= day && (a.to === null || a.to >= day)) return a.pro
    return null
  }
}
