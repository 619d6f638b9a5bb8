import { formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'
import { personWords } from './names'

/** The child is complex and the latest meeting's chair is not a deputy-manager (or is unknown): medium, flag. */
export const complexCaseChair: Rule = (p, ctx) => {
  const m = p.meetings[0]
  if (!p.facts.complex || !m || m.chairRole === 'deputy-manager') return NONE
  // The sentence holds the date and chair, not the meeting (with its attendance list).
  const { date, chairId } = m
  return [finding('complex-case-chair', p, 'medium', 'flag', null, 'meeting', m.id, () => `The last core group for this complex case, on ${formatUKFast(date)}, was chaired by ${personWords(ctx, chairId) ?? 'someone'}, not by a deputy manager.`)]
}
