import type { Random } from '../random'
import { canReplace, pickForAge } from '../fit'
import type { Emitter } from './emitter'
import { pickOther } from './professionals'
import type { Allocation, ChildPlan, Membership, Pro, TeamPool } from './types'

/**
 * Core group membership: the allocated worker, health, education, sometimes police and others, with
 * staff turnover in partner agencies. Returns the members and who replaced whom (actions follow an
 * owner's replacement).
 */
export function emitCoreGroup(
  random: Random,
  out: Emitter,
  f: { team: TeamPool; complex: boolean; size: number; S: number; A: number; years: number; kids: readonly ChildPlan[]; allocations: readonly Allocation[] },
): { members: Membership[]; replacements: Map<Membership, Membership> } {
  const { team, complex, size, S, A, years, kids, allocations } = f
  const members: Membership[] = []
  for (const a of allocations) {
    const to = a.to
    if (to !== null && to < S) continue
    members.push({ pro: a.pro, from: Math.max(a.from, S), to })
  }
  // kids[0] is the youngest: each later sibling was born earlier.
  const youngestAge = (A - (kids[0]?.dob ?? A)) / 365.25
  const oldestAge = (A - (kids[kids.length - 1]?.dob ?? A)) / 365.25
  // Partners whose services fit the children's ages: a health visitor for a baby, a high school for a teenager.
  const partners: Pro[] = [pickForAge(random, team.health, youngestAge)]
  if (random.chance(0.35)) partners.push(pickForAge(random, team.health.filter((p) => p !== partners[0]), oldestAge))
  if (oldestAge >= 2) partners.push(pickForAge(random, team.education, oldestAge))
  if (size > 1 && youngestAge >= 2 && oldestAge - youngestAge > 3 && random.chance(0.6)) partners.push(pickForAge(random, team.education, youngestAge))
  if (random.chance(complex ? 0.6 : 0.25)) partners.push(random.pick(team.police))
  const others = random.weighted([[0, 40], [1, 40], [2, 20]] as const)
  for (let i = 0; i < others; i++) partners.push(random.pick(team.other))
  const replacements = new Map<Membership, Membership>()
  const seen = new Set<string>()
  for (const pro of partners) {
    if (seen.has(pro.id)) continue
    seen.add(pro.id)
    const from = pro.role === 'other' && random.chance(0.2) ? Math.min(A, S + random.int(20, 120)) : S
    const m: Membership = { pro, from, to: null }
    members.push(m)
    // Staff turnover in partner agencies: some members are replaced, a few leave without one.
    if (A - from > 60 && random.chance(Math.min(0.6, years * 0.25))) {
      const change = from + random.int(30, A - from)
      m.to = change - 1
      if (random.chance(0.85)) {
        const pool = team[pro.role as 'health' | 'education' | 'police' | 'other']
        const colleagues = pool.filter((x) => canReplace(pro, x))
        const next = colleagues.length > 0 ? random.pick(colleagues) : pickOther(random, pool, pro)
        if (!seen.has(next.id)) {
          seen.add(next.id)
          const r: Membership = { pro: next, from: change, to: null }
          members.push(r)
          replacements.set(m, r)
        }
      }
    }
  }
  for (const kid of kids) {
    for (const m of members) {
      out.add('members', {
        planId: kid.planId,
        professionalId: m.pro.id,
        fromDate: out.date(m.from),
        toDate: m.to === null ? null : out.date(m.to),
      })
    }
  }
  return { members, replacements }
}
