import { formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'

/**
 * The latest of the plan's meetings (dated in [start, A]) that has a riskScore: fires (high, flag)
 * when safety <= 2, where safety = score on a safety scale and 10 − score on a danger scale.
 */
export const riskScaleLow: Rule = (p, ctx) => {
  const m = p.meetings.find((x) => x.riskScore !== null)
  if (!m || !m.riskScore) return NONE
  const { score, scale } = m.riskScore
  const safety = scale === 'safety' ? score : 10 - score
  if (!(safety <= ctx.policy.riskSafetyThreshold)) return NONE
  // Said once, with the scale's meaning: a chair should not have to know which way a scale runs.
  const shown =
    scale === 'safety'
      ? `scored ${score} on the 0–10 safety scale (10 = safe)`
      : `scored ${score} on the 0–10 danger scale (10 = in danger), which is ${safety} on the 0–10 safety scale (10 = safe)`
  const date = m.date
  return [finding('risk-scale-low', p, 'high', 'flag', null, 'meeting', m.id, () => `The core group on ${formatUKFast(date)} ${shown}.`)]
}
