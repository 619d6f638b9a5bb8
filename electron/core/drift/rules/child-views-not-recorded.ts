import { formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'

/** Latest meeting has childViewsRecorded false: medium; high if the two latest both have it false. */
export const childViewsNotRecorded: Rule = (p) => {
  const m1 = p.meetings[0]
  const m2 = p.meetings[1]
  if (!m1 || m1.childViewsRecorded) return NONE
  const both = !!m2 && !m2.childViewsRecorded
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
        ? `The child's views were not recorded at the last two core groups, on ${formatUKFast(m2!.date)} and ${formatUKFast(m1.date)}.`
        : `The child's views were not recorded at the last core group on ${formatUKFast(m1.date)}.`,
    ),
  ]
}
