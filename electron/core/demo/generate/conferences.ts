import { addMonthsN, pad, weekdayOnOrAfter, weekdayOnOrBefore } from './days'
import type { Emitter } from './emitter'
import type { QualityProfile } from './profiles'
import type { Random } from '../random'
import type { ChildPlan } from './types'

/** Review conferences: ICPC at S, then 3 months, then every 6 months; a few late or not yet held. */
export function emitConferences(random: Random, out: Emitter, q: QualityProfile, S: number, A: number, kids: readonly ChildPlan[]): void {
  const dates: number[] = [S]
  let c = S
  for (let n = 1; ; n++) {
    const due = addMonthsN(c, n === 1 ? 3 : 6)
    const held = random.chance(q.conferenceLate)
      ? weekdayOnOrAfter(due + random.int(3, 30))
      : weekdayOnOrBefore(due - random.int(0, 10))
    if (held > A) break
    dates.push(held)
    c = held
  }
  for (const kid of kids) {
    dates.forEach((d, i) => {
      out.add('conferences', {
        id: `CF${pad(kid.childNum, 6)}-${kid.planId.endsWith('-2') ? 2 : 1}-${i + 1}`,
        planId: kid.planId,
        kind: i === 0 ? 'initial' : 'review',
        date: out.date(d),
      })
    })
  }
}
