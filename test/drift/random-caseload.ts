/** Random but valid interchange documents for the drift property tests (seeded, deterministic). */
import { addDays, type CivilDate } from '../../shared/civil-date'
import { emptyCaseload, PROFESSIONAL_ROLES, type Caseload } from '../../shared/caseload-format'

export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A caseload whose dates fall around `around` (±~8 months), dense enough to hit every rule's edges. */
export function randomCaseload(seed: number, around: CivilDate = '2026-12-15', size = 6): Caseload {
  const r = rng(seed)
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!
  const chance = (p: number) => r() < p
  const date = (lo = -240, hi = 40) => addDays(around, int(lo, hi))
  const after = (d: CivilDate, lo: number, hi: number) => addDays(d, int(lo, hi))
  const doc = emptyCaseload()
  const profIds: string[] = []
  for (let i = 0; i < 10; i++) {
    const id = `PR${i}`
    profIds.push(id)
    doc.professionals.push({
      id,
      name: `Professional ${i}`,
      role: i < 2 ? 'deputy-manager' : pick(PROFESSIONAL_ROLES),
      agency: 'Agency',
      email: chance(0.6) ? `p${i}@example.org` : chance(0.3) ? ' ' : null,
      phone: chance(0.4) ? '0100 000000' : null,
    })
  }
  let n = 0
  const next = (p: string) => `${p}${String(n++).padStart(3, '0')}`
  for (let c = 0; c < size; c++) {
    const childId = `C${c}`
    doc.children.push({ id: childId, name: `Child ${c}`, complex: chance(0.3), team: chance(0.8) ? pick(['North', 'South']) : null })
    for (let a = int(0, 3); a > 0; a--) {
      const start = date(-300, 20)
      doc.allocations.push({ id: next('AL'), childId, professionalId: pick(profIds), startDate: start, endDate: chance(0.4) ? after(start, 0, 200) : null })
    }
    for (let v = int(0, 6); v > 0; v--) doc.visits.push({ id: next('V'), childId, date: date(-120, 20), seenAlone: chance(0.5) })
    for (let p = int(1, 2); p > 0; p--) {
      const planId = next('PL')
      const start = chance(0.2) ? date(-800, -500) : date()
      doc.plans.push({ id: planId, childId, startDate: start, endDate: chance(0.2) ? after(start, 1, 300) : null, initialCategory: 'neglect', previousPlans: 0 })
      for (let k = int(0, 3); k > 0; k--) doc.conferences.push({ id: next('CF'), planId, kind: chance(0.4) ? 'initial' : 'review', date: after(start, -5, 300) })
      const memberIds: string[] = []
      for (let k = int(0, 5); k > 0; k--) {
        const pid = pick(profIds)
        memberIds.push(pid)
        const from = after(start, -10, 120)
        doc.members.push({ planId, professionalId: pid, fromDate: from, toDate: chance(0.3) ? after(from, 0, 150) : null })
      }
      for (let k = int(0, 6); k > 0; k--) {
        const id = next('M')
        const mdate = chance(0.15) ? after(start, -5, 14) : after(start, 0, 300)
        const shuffled = [...profIds].sort(() => r() - 0.5)
        const attended = shuffled.slice(0, int(0, 4)).sort()
        const apologies = shuffled.slice(4, 4 + int(0, 2)).sort()
        doc.meetings.push({
          id,
          planIds: [planId],
          date: mdate,
          chairId: pick(profIds),
          attended,
          apologies,
          planAvailable: chance(0.8),
          childViewsRecorded: chance(0.6),
          riskReviewed: chance(0.8),
          riskScore: chance(0.6) ? { score: int(0, 10), scale: chance(0.5) ? 'safety' : 'danger' } : null,
        })
        for (const pid of new Set(memberIds)) if (chance(0.7)) doc.distributions.push({ meetingId: id, professionalId: pid, date: after(mdate, 0, 25) })
      }
      for (let k = int(0, 5); k > 0; k--) {
        const created = after(start, 0, 300)
        const status = pick(['open', 'open', 'done', 'dropped'] as const)
        doc.actions.push({
          id: next('AC'),
          planId,
          createdDate: created,
          description: 'Do something',
          outcome: chance(0.7) ? 'Outcome' : chance(0.5) ? '  ' : null,
          ownerId: chance(0.8) ? pick(profIds) : null,
          dueDate: chance(0.8) ? after(created, 0, 60) : null,
          status,
          closedDate: status === 'open' ? null : after(created, 0, 80),
          lastReviewedDate: chance(0.5) ? after(created, 0, 60) : null,
        })
      }
      for (let k = int(0, 2); k > 0; k--) {
        const raised = after(start, 0, 300)
        const stages: Caseload['disagreements'][number]['stages'] = []
        let d = raised
        for (let s = 1; s <= int(0, 4); s++) {
          stages.push({ stage: s, startDate: d })
          d = after(d, 1, 20)
        }
        doc.disagreements.push({
          id: next('DG'),
          planId,
          raisedDate: raised,
          raisedById: pick(profIds),
          category: 'other',
          stages,
          resolvedDate: chance(0.4) ? after(raised, 0, 60) : null,
        })
      }
    }
  }
  // Siblings share core groups now and then.
  for (const m of doc.meetings) if (chance(0.1)) m.planIds = [...new Set([...m.planIds, pick(doc.plans).id])].sort()
  return doc
}
