import { formatUKFast } from '../calendar'
import type { Finding } from '../../../../shared/drift-types'
import { disagreementOpenOn } from '../../../../shared/period'
import { NONE, add, finding, type Rule } from './common'
import { personWords } from './names'

/**
 * Each disagreement raised on or before A and not resolved on or before A. S = its last stage with
 * startDate <= A in recorded order (literal reading of "last": the last one listed, not the highest
 * number); none yet: stage 1 from raisedDate. stageDue = addWD(S.startDate, [5,5,10,10][S.stage − 1]),
 * capDue = addWD(raisedDate, 20), due = min. Overdue (high) when A > due, else flag (medium).
 */
export const disagreementUnresolved: Rule = (p, ctx) => {
  let out: Finding[] | null = null
  const limits = ctx.policy.disagreementStageWorkingDays
  for (const d of p.facts.disagreements) {
    if (!disagreementOpenOn(d, ctx.asOf)) continue
    let stage = 1
    let stageStart = d.raisedDate
    for (const s of d.stages) {
      if (s.startDate <= ctx.asOf) {
        stage = s.stage
        stageStart = s.startDate
      }
    }
    const stageDue = ctx.calendar.addWD(stageStart, limits[Math.min(Math.max(stage, 1), 4) - 1]!)
    const capDue = ctx.calendar.addWD(d.raisedDate, ctx.policy.disagreementCapWorkingDays)
    const due = stageDue <= capDue ? stageDue : capDue
    const overdue = ctx.asOf > due
    // Named when read (rules/common.ts `finding`).
    const by = () => {
      const raiser = personWords(ctx, ctx.names?.disagreement(d.id)?.raisedById ?? null)
      return raiser ? ` by ${raiser}` : ''
    }
    const which = () => (due === stageDue ? `stage ${stage}, which began on ${formatUKFast(stageStart)}` : `the overall limit from ${formatUKFast(d.raisedDate)}`)
    out = add(
      out,
      finding(
        'disagreement-unresolved',
        p,
        overdue ? 'high' : 'medium',
        overdue ? 'overdue' : 'flag',
        due,
        'disagreement',
        d.id,
        overdue
          ? () => `The professional disagreement raised${by()} on ${formatUKFast(d.raisedDate)} is overdue: it was due to be settled by ${formatUKFast(due)} under ${which()}, and is unresolved.`
          : () => `The professional disagreement raised${by()} on ${formatUKFast(d.raisedDate)} is unresolved; it is due to be settled by ${formatUKFast(due)} under ${which()}.`,
      ),
    )
  }
  return out ?? NONE
}
