import { addDaysFast, formatUKFast } from '../calendar'
import type { Finding } from '../../../../shared/drift-types'
import { memberOn, type MeetingFacts, type PlanState } from '../facts'
import { NONE, add, finding, plural, type Rule } from './common'

function distributedBy(m: MeetingFacts, professionalId: string, asOf: string): boolean {
  for (const d of m.distributions) if (d.professionalId === professionalId && d.date <= asOf) return true
  return false
}

/**
 * Each of the plan's meetings M with A − 90 days <= M.date and due = addWD(M.date, 10) < A: fires
 * (medium, overdue, one finding per meeting) when some member current on M.date
 * (fromDate <= M.date <= toDate) has no distribution for M dated <= A, attended or not.
 * From the database the loader gives those meetings with the count already made (PlanFacts.undistributed).
 */
export const decisionsNotDistributed: Rule = (p, ctx) => {
  let out: Finding[] | null = null
  const from = addDaysFast(ctx.asOf, -ctx.policy.distributionLookbackDays)
  const n = ctx.policy.distributionWorkingDays
  const derived = p.facts.undistributed
  if (derived) {
    // The loader's derived facts: the same conditions, counted in SQL.
    for (const u of derived) {
      if (u.date < from || u.date > ctx.asOf || u.date < p.facts.startDate || u.missing <= 0) continue
      const due = ctx.calendar.addWD(u.date, n)
      if (!(due < ctx.asOf)) continue
      out = add(out, notDistributed(p, due, u.meetingId, u.date, u.missing))
    }
    return out ?? NONE
  }
  for (const m of p.meetings) {
    if (m.date < from) break // latest first
    const due = ctx.calendar.addWD(m.date, n)
    if (!(due < ctx.asOf)) continue
    // Distinct professionals current on M.date with no distribution dated <= A (no allocation: a plan has a handful).
    const members = p.facts.members
    let missing = 0
    for (let i = 0; i < members.length; i++) {
      const mem = members[i]!
      if (!memberOn(mem, m.date) || distributedBy(m, mem.professionalId, ctx.asOf)) continue
      let counted = false
      for (let j = 0; j < i && !counted; j++) counted = members[j]!.professionalId === mem.professionalId && memberOn(members[j]!, m.date)
      if (!counted) missing++
    }
    if (missing === 0) continue
    out = add(out, notDistributed(p, due, m.id, m.date, missing))
  }
  return out ?? NONE
}

function notDistributed(p: PlanState, due: string, meetingId: string, date: string, missing: number): Finding {
  return finding(
    'decisions-not-distributed',
    p,
    'medium',
    'overdue',
    due,
    'meeting',
    meetingId,
    () => `The decisions of the core group on ${formatUKFast(date)} are overdue: they were due to reach every member by ${formatUKFast(due)}, and ${plural(missing, 'member has', 'members have')} not received them.`,
  )
}
