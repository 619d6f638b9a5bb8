import { addDaysFast } from '../calendar'
import { formatUK } from '../../../../shared/civil-date'
import type { Finding } from '../../../../shared/drift-types'
import { memberOn } from '../facts'
import { finding, plural, type Rule } from './common'

/**
 * Each of the plan's meetings M with A − 90 days <= M.date and due = addWD(M.date, 10) < A: fires
 * (medium, overdue, one finding per meeting) when some member current on M.date
 * (fromDate <= M.date <= toDate) has no distribution for M dated <= A, attended or not.
 */
export const decisionsNotDistributed: Rule = (p, ctx) => {
  const out: Finding[] = []
  const from = addDaysFast(ctx.asOf, -ctx.policy.distributionLookbackDays)
  const n = ctx.policy.distributionWorkingDays
  for (const m of p.meetings) {
    if (m.date < from) break // latest first
    const due = ctx.calendar.addWD(m.date, n)
    if (!(due < ctx.asOf)) continue
    const got = new Set<string>()
    for (const d of m.distributions) if (d.date <= ctx.asOf) got.add(d.professionalId)
    const missing = new Set<string>()
    for (const mem of p.facts.members) if (memberOn(mem, m.date) && !got.has(mem.professionalId)) missing.add(mem.professionalId)
    if (missing.size === 0) continue
    out.push(
      finding(
        'decisions-not-distributed',
        p,
        'medium',
        'overdue',
        due,
        'meeting',
        m.id,
        `Decisions of the core group on ${formatUK(m.date)} were due to reach every member by ${formatUK(due)}; ${plural(missing.size, 'member has', 'members have')} not received them.`,
      ),
    )
  }
  return out
}
