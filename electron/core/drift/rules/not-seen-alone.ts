import { formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'

/** The child's two latest visits dated in [plan start, A] both have seenAlone false: medium, flag, subject plan. */
export const notSeenAlone: Rule = (p) => {
  const v1 = p.visits[0]
  const v2 = p.visits[1]
  if (!v1 || !v2 || v1.seenAlone || v2.seenAlone) return NONE
  return [finding('not-seen-alone', p, 'medium', 'flag', null, 'plan', p.facts.planId, () => `The child was not seen alone at the last two visits, on ${formatUKFast(v2.date)} and ${formatUKFast(v1.date)}.`)]
}
