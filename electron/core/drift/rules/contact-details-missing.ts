import type { Finding } from '../../../../shared/drift-types'
import { NONE, add, finding, type Rule } from './common'

/** Each current member whose professional has neither email nor phone (null or blank): low, flag. */
export const contactDetailsMissing: Rule = (p) => {
  let out: Finding[] | null = null
  const seen = new Set<string>()
  for (const m of p.currentMembers) {
    if (m.hasContact || seen.has(m.professionalId)) continue
    seen.add(m.professionalId)
    out = add(out, finding('contact-details-missing', p, 'low', 'flag', null, 'professional', m.professionalId, 'A current core group member has no email address or phone number recorded.'))
  }
  return out ?? NONE
}
