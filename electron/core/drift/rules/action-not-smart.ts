import { formatUKFast } from '../calendar'
import type { Finding } from '../../../../shared/drift-types'
import { isOpenOnA } from './actions'
import { NONE, add, finding, type Rule } from './common'
import { theAction } from './names'

/** Each action open on A with no owner, no dueDate or a blank outcome (missing, or only spaces, tabs or line breaks): low, flag. */
export const actionNotSmart: Rule = (p, ctx) => {
  let out: Finding[] | null = null
  for (const a of p.facts.actions) {
    if (!isOpenOnA(a, ctx.asOf)) continue
    const gaps: string[] = []
    if (a.ownerId === null) gaps.push('owner')
    if (a.dueDate === null) gaps.push('due date')
    if (a.outcomeBlank) gaps.push('expected outcome')
    if (!gaps.length) continue
    const list = gaps.length === 1 ? gaps[0] : `${gaps.slice(0, -1).join(', ')} or ${gaps[gaps.length - 1]}`
    out = add(out, finding('action-not-smart', p, 'low', 'flag', null, 'action', a.id, () => `${theAction(ctx, a.id, formatUKFast(a.createdDate))} has no ${list}.`))
  }
  return out ?? NONE
}
