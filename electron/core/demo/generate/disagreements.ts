import type { Disagreement, DisagreementStage } from '../../../../shared/caseload-format'
import { DISAGREEMENT_CATEGORIES } from '../../../../shared/caseload-format'
import { pad, weekdayOnOrAfter, weekdayOnOrBefore } from './days'
import { DISAGREEMENT_OUTCOMES } from './profiles'
import { isCurrent, type Family } from './types'

/** Professional disagreements, escalated through stages 1–4; most resolved. */
export function emitDisagreements(f: Family): void {
  const { random, out, A, S, q, quality, kids, members, cpChair } = f
  const expected = q.disagreementsPerYear * Math.max(0, (A - S - 14) / 365.25)
  let count = 0
  const r = random.next()
  let p = Math.exp(-expected)
  let cumulative = p
  while (r > cumulative && count < 5) {
    count++
    p *= expected / count
    cumulative += p
  }
  for (let i = 0; i < count; i++) {
    const kid = random.pick(kids)
    const raised = weekdayOnOrBefore(random.int(S + 14, A))
    if (raised < S) continue
    const candidates = members.filter((m) => isCurrent(m, raised) && m.pro.role !== 'social-worker')
    const raisedBy = candidates.length === 0 || random.chance(0.4) ? cpChair : random.pick(candidates).pro
    const stages: DisagreementStage[] = []
    let stage = random.chance(0.1) ? 2 : 1
    let start = raised
    let resolved: number | null = null
    for (;;) {
      const slow = quality === 'poor' ? 8 : 3
      const respond = weekdayOnOrAfter(start + random.int(1, (stage <= 2 ? 7 : 14) + slow))
      if (respond > A) {
        stages.push({ stage, startDate: out.date(start), respondedDate: null })
        break
      }
      stages.push({ stage, startDate: out.date(start), respondedDate: out.date(respond) })
      if (stage === 4 || random.chance(0.5)) {
        const done = respond + random.int(0, 20)
        if (done <= A) resolved = done
        break
      }
      const next = weekdayOnOrAfter(respond + random.int(1, 5))
      if (next > A) break
      stage++
      start = next
    }
    const d: Disagreement = {
      id: `D${pad(kid.childNum, 6)}-${i + 1}`,
      planId: kid.planId,
      raisedDate: out.date(raised),
      raisedById: raisedBy.id,
      category: random.pick(DISAGREEMENT_CATEGORIES),
      stages,
      resolvedDate: resolved === null ? null : out.date(resolved),
      outcome: resolved === null ? null : random.pick(DISAGREEMENT_OUTCOMES),
    }
    out.add('disagreements', d)
  }
}
