import { pad, weekdayOnOrAfter, weekdayOnOrBefore } from './days'
import { isCurrent, type Family, type Pro } from './types'

/** Core group meetings: one per family, covering every sibling's plan. */
export function emitMeetings(f: Family): void {
  const { random, out, A, S, q, quality, famNum, complex, kids, members, allocatedOn, meetingDays, manager, deputy } = f
  const planIds = kids.map((k) => k.planId)
  const scale = random.chance(0.6) ? 'safety' : 'danger'
  let safety = quality === 'poor' ? random.int(1, 4) : random.int(3, 5)
  const progress = quality === 'good' ? 0.35 : quality === 'fair' ? 0.2 : 0.05
  let day = weekdayOnOrAfter(S + random.int(...q.firstCoreGroup))
  let n = 0
  while (day <= A) {
    n++
    const id = `M${pad(famNum, 6)}-${n}`
    meetingDays.push(day)
    const current = members.filter((m) => isCurrent(m, day))
    const worker = allocatedOn(day)
    const chair: Pro = complex && random.chance(0.92) ? deputy : (worker ?? manager)
    const attended: string[] = []
    const apologies: string[] = []
    for (const m of current) {
      const p = m.pro.role === 'social-worker' ? 0.97 : m.pro.role === 'police' ? q.attendance - 0.1 : q.attendance
      if (m.pro === chair || random.chance(p)) attended.push(m.pro.id)
      else if (random.chance(0.75)) apologies.push(m.pro.id)
    }
    if (!attended.includes(chair.id)) attended.push(chair.id)
    safety = Math.max(0, Math.min(10, safety + progress + (random.next() - 0.5) * 1.2))
    const score = Math.round(safety)
    out.add('meetings', {
      id,
      planIds,
      date: out.date(day),
      chairId: chair.id,
      attended,
      apologies,
      planAvailable: random.chance(q.planAvailable),
      childViewsRecorded: random.chance(q.childViews),
      riskReviewed: random.chance(q.riskReviewed),
      riskScore: random.chance(0.85) ? { score: scale === 'safety' ? score : 10 - score, scale } : null,
    })
    // Decisions sent to every current member, attended or not; now and then some never arrive.
    const missed = random.chance(q.distributionMissed)
    const absentOnly = random.chance(0.6)
    const victim = current.length > 0 ? random.pick(current) : null
    for (const m of current) {
      if (missed && (absentOnly ? !attended.includes(m.pro.id) : m === victim)) continue
      const late = random.chance(q.distributionMissed / 2)
      const sent = day + (late ? random.int(15, 35) : random.int(...q.distributionDays))
      if (sent > A) continue
      out.add('distributions', { meetingId: id, professionalId: m.pro.id, date: out.date(sent) })
    }
    day = weekdayOnOrBefore(day + random.int(...q.coreGroupInterval))
  }
}
