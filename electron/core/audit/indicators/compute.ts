/** The indicators from loaded facts (pure: no database): each concern fills its cases, then counts by period and month. */
import type { CivilDate } from '../../../../shared/civil-date'
import type { DriftPolicy } from '../../../../shared/drift-policy'
import { defaultCalendar, type WorkingDayCalendar } from '../../drift/calendar'
import type { AuditFacts } from '../../queries/audit'
import type { IndicatorContext } from './context'
import { byDateId, count, monthsOf } from './counting'
import { coreGroupInterval, disagreementsResolved, firstCoreGroup, reviewConferences } from './deadlines'
import { INDICATORS } from './definitions'
import { actionsSmart, meetingIndicators, meetingsByPlan } from './meetings'
import { INDICATOR_IDS, type AuditResult, type IndicatorCase, type IndicatorId, type IndicatorResult, type MonthCount } from './types'
import { workerStability } from './worker-stability'

export function computeIndicators(
  facts: AuditFacts,
  o: { from: CivilDate; to: CivilDate; policy: DriftPolicy; calendar?: WorkingDayCalendar; today?: CivilDate },
): AuditResult {
  const { from, to, policy } = o
  const c: IndicatorContext = {
    from,
    to,
    policy,
    cal: o.calendar ?? defaultCalendar(),
    plans: new Map(facts.plans.map((p) => [p.id, p])),
    cases: Object.fromEntries(INDICATOR_IDS.map((id) => [id, []])) as unknown as Record<IndicatorId, IndicatorCase[]>,
    ...(o.today ? { today: o.today } : {}),
  }
  firstCoreGroup(c, facts)
  coreGroupInterval(c, meetingsByPlan(c, facts))
  meetingIndicators(c, facts)
  actionsSmart(c, facts)
  reviewConferences(c, facts)
  disagreementsResolved(c, facts)
  const stability = workerStability(facts)
  c.cases['worker-stability'] = stability.window(from, to)

  const months = monthsOf(from, to)
  const indicators: IndicatorResult[] = INDICATOR_IDS.map((id) => {
    const list = c.cases[id].sort(byDateId)
    const monthly: MonthCount[] = months.map((mo) => {
      const inMonth = id === 'worker-stability' ? stability.window(mo.from, mo.to) : list.filter((x) => x.date >= mo.from && x.date <= mo.to)
      return { ...mo, ...count(inMonth) }
    })
    const d = INDICATORS[id]
    return { id, title: d.title, definition: d.definition(policy), auditPoint: d.auditPoint, ...count(list), cases: list, monthly }
  })
  return { from, to, policy, scope: { plans: facts.plans.length, children: stability.children }, indicators }
}
