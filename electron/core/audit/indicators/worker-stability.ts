/**
 * Children with no change of social worker, for a window (the period, or one month): each child with
 * a plan during the window; met when no allocation other than the child's earliest starts in it.
 */
import type { CivilDate } from '../../../../shared/civil-date'
import { overlaps } from '../../../../shared/period'
import type { AuditFacts, AuditPlanRow } from '../../queries/audit'
import { byDateId, groupBy } from './counting'
import type { IndicatorCase } from './types'

export function workerStability(facts: AuditFacts): { children: number; window(from: CivilDate, to: CivilDate): IndicatorCase[] } {
  const plansByChild = groupBy<AuditPlanRow>(facts.plans, (p) => p.childId)
  const changesByChild = new Map<string, { id: string; startDate: CivilDate }[]>()
  let prevChild = ''
  for (const a of facts.allocations) {
    // Rows come sorted by child, start date, id: the first of each child is its earliest allocation.
    if (a.childId !== prevChild) {
      prevChild = a.childId
      continue
    }
    let list = changesByChild.get(a.childId)
    if (!list) changesByChild.set(a.childId, (list = []))
    list.push({ id: a.id, startDate: a.startDate })
  }
  const window = (wFrom: CivilDate, wTo: CivilDate): IndicatorCase[] => {
    const out: IndicatorCase[] = []
    for (const [childId, ps] of plansByChild) {
      // "During" the window as the audit's scope reads it: a plan whose end day is the window's first day counts.
      const during = ps.filter((p) => overlaps(p.startDate, p.endDate, wFrom, wTo, 'inclusive'))
      if (!during.length) continue
      const change = (changesByChild.get(childId) ?? []).find((c) => c.startDate >= wFrom && c.startDate <= wTo)
      out.push({
        kind: 'child',
        id: childId,
        childIds: [childId],
        planIds: during.map((p) => p.id),
        date: change ? change.startDate : wTo,
        met: !change,
      })
    }
    return out.sort(byDateId)
  }
  return { children: plansByChild.size, window }
}
