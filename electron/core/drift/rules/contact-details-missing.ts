import type { Finding } from '../../../../shared/drift-types'
import { finding, type Rule } from './common'

/** Each current member whose professional has neither email nor phone (null or blank): low, flag. */
export const contactDetailsMissing: Rule = (p) => {
  const out: Finding[] = []
  const seen = new Set<string>()
  for (const m of p.currentMembers) {
    if (m.hasContact || seen.has(m.professionalId)) continue
    seen.add(m.professionalId)
    out.push(finding('contact-details-missing', p, 'low', 'flag', null, 'professional', m.professionalId, 'A current core group member has no email address or phone number recorded.'))
  }
  return out
}
