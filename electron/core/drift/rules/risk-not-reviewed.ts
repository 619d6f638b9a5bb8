import { formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'

/** Latest meeting has riskReviewed false: medium, flag, subject that meeting. */
export const riskNotReviewed: Rule = (p) => {
  const m = p.meetings[0]
  if (!m || m.riskReviewed) return NONE
  const date = m.date
  return [finding('risk-not-reviewed', p, 'medium', 'flag', null, 'meeting', m.id, () => `Risk was not reviewed at the last core group on ${formatUKFast(date)}.`)]
}
