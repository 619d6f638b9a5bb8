import type { Finding } from '../../../../shared/drift-types'
import { NONE, add, finding, firstOfProfessional, type Rule } from './common'
import { personWords } from './names'

/** Each current member whose professional has neither email nor phone (null or blank): low, flag. */
export const contactDetailsMissing: Rule = (p, ctx) => {
  let out: Finding[] | null = null
  const current = p.currentMembers
  for (let i = 0; i < current.length; i++) {
    const m = current[i]!
    if (m.hasContact || !firstOfProfessional(current, i)) continue
    out = add(out, finding('contact-details-missing', p, 'low', 'flag', null, 'professional', m.professionalId, () => `${personWords(ctx, m.professionalId) ?? 'A current core group member'}${personWords(ctx, m.professionalId) ? ', a core group member,' : ''} has no email address or phone number recorded.`))
  }
  return out ?? NONE
}
