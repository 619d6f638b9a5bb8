import { pad, weekdayOnOrAfter, weekdayOnOrBefore } from './days'
import type { Family } from './types'

/** Statutory visits: siblings are usually seen on the same visit; each child seen alone or not. */
export function emitVisits(f: Family): void {
  const { random, out, A, S, q, size, kids } = f
  const counters = kids.map(() => 0)
  let day = weekdayOnOrAfter(S + random.int(1, 7))
  while (day <= A) {
    kids.forEach((kid, i) => {
      if (size > 1 && !random.chance(0.97)) return
      counters[i] = (counters[i] ?? 0) + 1
      const age = (day - kid.dob) / 365.25
      const p = age < 3 ? 0.5 : age < 5 ? 0.65 : q.seenAloneOlder
      out.add('visits', {
        id: `V${pad(kid.childNum, 6)}-${counters[i]}`,
        childId: kid.childId,
        date: out.date(day),
        seenAlone: random.chance(p),
      })
    })
    day = weekdayOnOrBefore(day + random.int(...q.visitInterval))
  }
}
