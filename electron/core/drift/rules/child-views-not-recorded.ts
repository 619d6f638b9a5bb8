import { formatUK } from '../../../../shared/civil-date'
import { finding, type Rule } from './common'

/** Latest meeting has childViewsRecorded false: medium; high if the two latest both have it false. */
export const childViewsNotRecorded: Rule = (p) => {
  const [m1, m2] = p.meetings
  if (!m1 || m1.childViewsRecorded) return []
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
        ? `The child's views were not recorded at the last two core groups, on ${formatUK(m2!.date)} and ${formatUK(m1.date)}.`
        : `The child's views were not recorded at the last core group on ${formatUK(m1.date)}.`,
    ),
  ]
}
