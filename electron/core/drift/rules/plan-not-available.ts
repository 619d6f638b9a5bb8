import { formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'

/** Latest meeting has planAvailable false: medium, flag, subject that meeting. */
export const planNotAvailable: Rule = (p) => {
  const m = p.meetings[0]
  if (!m || m.planAvailable) return NONE
  const date = m.date
  return [finding('plan-not-available', p, 'medium', 'flag', null, 'meeting', m.id, () => `The child protection plan was not available at the last core group on ${formatUKFast(date)}.`)]
}
