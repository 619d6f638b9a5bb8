import { formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'

/** Latest meeting has childViewsRecorded false: medium; high if the two latest both have it false. */
export const childViewsNotRecorded: Rule = (p) => {
  const m1 = p.meetings[0]
  const m2 = p.meetings[1]
  if (!m1 || m1.childViewsRecorded) return NONE
  const both = !!m2 && !m2.childViewsRecorded
  // The sentence holds the dates, not the meetings (with their attendance lists).
  const d1 = m1.date
  const d2 = m2?.date
  return [
    finding(
      'child-views-not-recorded',
      p,
      both ? 'high' : 'medium',
      'flag',
      null,
      'meeting',
      m1.id,
      both
        ? () => `The child's views were not recorded at the last two core groups, on ${formatUKFast(d2!)} and ${formatUKFast(d1)}.`
        : () => `The child's views were not recorded at the last core group on ${formatUKFast(d1)}.`,
    ),
  ]
}
