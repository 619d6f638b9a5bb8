/**
 * The deadline indicators: first core group, core group interval, review conferences on time and
 * disagreements resolved in time. Each occasion counts in the period holding its deadline, once that
 * deadline has passed (context.ts deadlineCounts); a plan that ended on or before the deadline without
 * the thing done is left out.
 */
import { addDays, addMonths, type CivilDate } from '../../../../shared/civil-date'
import type { AuditFacts } from '../../queries/audit'
import { groupBy } from './counting'
import { deadlineCounts, openOn, planCase, type IndicatorContext } from './context'
import type { CaseKind } from './types'

export function firstCoreGroup(c: IndicatorContext, facts: AuditFacts): void {
  for (const p of facts.plans) {
    const due = c.cal.addWD(p.startDate, c.policy.firstCoreGroupWorkingDays)
    if (!deadlineCounts(c, due)) continue
    const met = p.firstMeetingDate !== null && p.firstMeetingDate <= due
    if (!met && !openOn(p, due)) continue
    c.cases['first-core-group'].push(planCase('plan', p.id, p, due, met))
  }
}

/** `planMeetings`: each plan's meetings dated within it, in date then id order. */
export function coreGroupInterval(c: IndicatorContext, planMeetings: ReadonlyMap<string, { id: string; date: CivilDate }[]>): void {
  for (const [pid, list] of planMeetings) {
    const p = c.plans.get(pid)!
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!
      const due = addDays(m.date, c.policy.coreGroupIntervalDays)
      if (!deadlineCounts(c, due)) continue
      let next: CivilDate | null = null
      for (let j = i + 1; j < list.length; j++) {
        if (list[j]!.date > m.date) {
          next = list[j]!.date
          break
        }
      }
      const met = next !== null && next <= due
      if (!met && !openOn(p, due)) continue
      c.cases['core-group-interval'].push(planCase('meeting', m.id, p, due, met))
    }
  }
}

export function reviewConferences(c: IndicatorContext, facts: AuditFacts): void {
  const confByPlan = groupBy(facts.conferences, (x) => x.planId)
  for (const p of facts.plans) {
    const confs = confByPlan.get(p.id) ?? []
    const anchors: { kind: CaseKind; id: string; type: 'initial' | 'review'; date: CivilDate }[] = confs.map((x) => ({
      kind: 'conference',
      id: x.id,
      type: x.kind,
      date: x.date,
    }))
    if (!confs.some((x) => x.kind === 'initial')) anchors.push({ kind: 'plan', id: p.id, type: 'initial', date: p.startDate })
    for (const a of anchors) {
      const due = addMonths(a.date, a.type === 'initial' ? c.policy.reviewAfterInitialMonths : c.policy.reviewAfterReviewMonths)
      if (!deadlineCounts(c, due)) continue
      const met = confs.some((x) => x.kind === 'review' && x.date > a.date && x.date <= due)
      if (!met && !openOn(p, due)) continue
      c.cases['review-conference-on-time'].push(planCase(a.kind, a.id, p, due, met))
    }
  }
}

export function disagreementsResolved(c: IndicatorContext, facts: AuditFacts): void {
  for (const d of facts.disagreements) {
    const p = c.plans.get(d.planId)
    if (!p) continue
    const due = c.cal.addWD(d.raisedDate, c.policy.disagreementCapWorkingDays)
    if (!deadlineCounts(c, due)) continue
    c.cases['disagreement-resolved'].push(planCase('disagreement', d.id, p, due, d.resolvedDate !== null && d.resolvedDate <= due))
  }
}
