import { formatUKFast } from '../calendar'
import type { Finding } from '../../../../shared/drift-types'
import { memberOn } from '../facts'
import { NONE, add, finding, firstOfProfessional, type Rule, type RuleContext } from './common'
import { personWords } from './names'

/**
 * Each professional who is a current member on A, was a member on the date of each of the plan's
 * two latest meetings, and attended neither (apologies count as not attending): medium, flag,
 * one finding per professional.
 */
export const agencyAbsent: Rule = (p, ctx) => {
  const m1 = p.meetings[0]
  const m2 = p.meetings[1]
  if (!m1 || !m2) return NONE
  let out: Finding[] | null = null
  const current = p.currentMembers
  for (let i = 0; i < current.length; i++) {
    if (!firstOfProfessional(current, i)) continue
    const id = current[i]!.professionalId
    if (m1.attended.includes(id) || m2.attended.includes(id)) continue
    let on1 = false
    let on2 = false
    for (const mem of p.facts.members) {
      if (mem.professionalId !== id) continue
      if (memberOn(mem, m1.date)) on1 = true
      if (memberOn(mem, m2.date)) on2 = true
    }
    if (!on1 || !on2) continue
    out = add(out, finding('agency-absent', p, 'medium', 'flag', null, 'professional', id, sentence(ctx, id, m1.date, m2.date)))
  }
  return out ?? NONE
}

/** Made apart from the rule so the sentence holds two dates, not the meetings (and their attendance lists). */
const sentence = (ctx: RuleContext, id: string, d1: string, d2: string) => () =>
  `${personWords(ctx, id) ?? 'A core group member'} attended neither of the last two core groups, on ${formatUKFast(d2)} and ${formatUKFast(d1)}.`
