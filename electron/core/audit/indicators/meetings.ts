/**
 * The indicators about core group meetings (decisions distributed, plan available, child's views,
 * risk reviewed, complex cases' chair) and about actions (SMART). A meeting counts for the plans it
 * covered that it is dated within.
 */
import type { CivilDate } from '../../../../shared/civil-date'
import { memberOn } from '../../../../shared/period'
import type { AuditFacts, AuditPlanRow } from '../../queries/audit'
import { groupBy } from './counting'
import { inPeriod, planCase, within, type IndicatorContext } from './context'
import type { IndicatorCase } from './types'

/** Each plan's meetings dated within it, in the facts' date then id order. */
export function meetingsByPlan(c: IndicatorContext, facts: AuditFacts): Map<string, { id: string; date: CivilDate }[]> {
  const out = new Map<string, { id: string; date: CivilDate }[]>()
  for (const m of facts.meetings) {
    for (const pid of m.planIds) {
      const p = c.plans.get(pid)
      if (!p || !within(p, m.date)) continue
      let list = out.get(pid)
      if (!list) out.set(pid, (list = []))
      list.push({ id: m.id, date: m.date })
    }
  }
  return out
}

export function meetingIndicators(c: IndicatorContext, facts: AuditFacts): void {
  const membersByPlan = groupBy(facts.members, (mb) => mb.planId)
  for (const m of facts.meetings) {
    const covered = m.planIds.map((id) => c.plans.get(id)).filter((p): p is AuditPlanRow => !!p && within(p, m.date))
    if (!covered.length) continue
    const childIds = [...new Set(covered.map((p) => p.childId))].sort()
    const planIds = covered.map((p) => p.id)
    const meetingCase = (date: CivilDate, met: boolean, only?: AuditPlanRow[]): IndicatorCase => {
      const ps = only ?? covered
      return { kind: 'meeting', id: m.id, childIds: only ? [...new Set(ps.map((p) => p.childId))].sort() : childIds, planIds: only ? ps.map((p) => p.id) : planIds, date, met }
    }
    const due = c.cal.addWD(m.date, c.policy.distributionWorkingDays)
    if (inPeriod(c, due)) {
      const required = new Set<string>()
      for (const p of covered) {
        for (const mb of membersByPlan.get(p.id) ?? []) {
          if (memberOn(mb, m.date)) required.add(mb.professionalId)
        }
      }
      if (required.size) {
        const sent = facts.distributions.get(m.id)
        let met = true
        for (const pro of required) {
          const d = sent?.get(pro)
          if (d === undefined || d > due) {
            met = false
            break
          }
        }
        c.cases['decisions-distributed'].push(meetingCase(due, met))
      }
    }
    if (!inPeriod(c, m.date)) continue
    c.cases['plan-available'].push(meetingCase(m.date, m.planAvailable))
    c.cases['child-views-recorded'].push(meetingCase(m.date, m.childViewsRecorded))
    c.cases['risk-reviewed'].push(meetingCase(m.date, m.riskReviewed))
    const complex = covered.filter((p) => p.complex)
    if (complex.length) c.cases['complex-case-chair'].push(meetingCase(m.date, m.chairRole === 'deputy-manager', complex))
  }
}

/** Actions created in the period (the facts hold only those). */
export function actionsSmart(c: IndicatorContext, facts: AuditFacts): void {
  for (const a of facts.actions) {
    const p = c.plans.get(a.planId)
    if (!p) continue
    c.cases['actions-smart'].push(planCase('action', a.id, p, a.createdDate, a.ownerId !== null && a.dueDate !== null && !a.outcomeBlank))
  }
}
