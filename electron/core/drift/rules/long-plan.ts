import { addMonthsFast, formatUKFast } from '../calendar'
import { NONE, finding, type Rule } from './common'

/** A >= addMonthsFast(start, 24): high; else A >= addMonthsFast(start, 18): medium. Flag, subject plan. */
export const longPlan: Rule = (p, ctx) => {
  const start = p.facts.startDate
  const hi = ctx.policy.longPlanHighMonths
  const med = ctx.policy.longPlanMediumMonths
  if (ctx.asOf >= addMonthsFast(start, hi)) {
    return [finding('long-plan', p, 'high', 'flag', null, 'plan', p.facts.planId, () => `The plan has lasted ${hi} months or more: it started on ${formatUKFast(start)}.`)]
  }
  if (ctx.asOf >= addMonthsFast(start, med)) {
    return [finding('long-plan', p, 'medium', 'flag', null, 'plan', p.facts.planId, () => `The plan has lasted ${med} months or more: it started on ${formatUKFast(start)}.`)]
  }
  return NONE
}
