import type { Finding } from '../../../../shared/drift-types'
import { NONE, add, finding, firstOfProfessional, type Rule } from './common'

/** Each current member whose professional has neither email nor phone (null or blank): low, flag. */
export const contactDetailsMissing: Rule = (p) => {
  let out: Finding[] | null = null
  const current = p.currentMembers
  for (let i = 0; i < current.length; i++) {
    const m = current[i]!
    if (m.hasContact || !firstOfProfessional(current, i)) continue
    out = add(out, finding('contact-details-missing', p, 'low', 'flag', null, 'professional', m.professionalId, 'A current core group member has no email address or phone number recorded.'))
  }
  return out ?? NONE
}
