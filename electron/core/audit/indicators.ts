/**
 * The audit's indicators (issue 6, item 4) over 100% of the caseload for a period [from, to], each
 * with its numerator, denominator and the cases behind it, and the trend by calendar month.
 *
 * Why: `reference/core-groups-audit-key-messages.txt` sampled 14 cases by hand. These indicators
 * measure the same standards over every plan, with the timescales of the caseload's drift policy
 * (shared/drift-policy.ts) and the England and Wales working-day calendar.
 *
 * Common terms (the README quotes them):
 * - **In scope**: a plan with `startDate <= to` and (`endDate` null or `endDate >= from`). Only plans
 *   in scope, and their children, meetings, actions and disagreements, are counted.
 * - **A plan's meetings**: core group meetings whose `planIds` include it, dated on or after its start.
 * - **Open on d**: `startDate <= d` and (`endDate` null or `endDate > d`).
 * - **Occasion**: one thing that is measured (a plan, a meeting, an action…). Each occasion has a date
 *   (its deadline, or the day it happened) and counts in the period, and in the month, holding that
 *   date. Only records dated on or before `to` are read, so a past period gives what was known then.
 * - **Deadline occasions** (first core group, core group interval, distribution, review conference,
 *   disagreement): met when the thing was done by the deadline; not met when it was not and the plan
 *   was still open on the deadline; a plan that ended before the deadline without it is left out.
 * - Percent = numerator / denominator × 100, to one decimal; none when the denominator is 0.
 */
import { addDays, addMonths, isCivilDate, type CivilDate } from '../../../shared/civil-date'
import type { DriftPolicy } from '../../../shared/drift-policy'
import { DriftwatchError } from '../../../shared/errors'
import type { CaseloadDb } from '../db/caseload-db'
import { defaultCalendar, type WorkingDayCalendar } from '../drift/calendar'
import { loadAuditFacts, type AuditFacts, type AuditPlanRow } from '../queries/audit'
import { loadCalendar, loadPolicy } from '../queries/policy-settings'

export const INDICATOR_IDS = [
  'first-core-group',
  'core-group-interval',
  'decisions-distributed',
  'plan-available',
  'child-views-recorded',
  'risk-reviewed',
  'actions-smart',
  'complex-case-chair',
  'review-conference-on-time',
  'disagreement-resolved',
  'worker-stability',
] as const
export type IndicatorId = (typeof INDICATOR_IDS)[number]

export type CaseKind = 'plan' | 'meeting' | 'conference' | 'action' | 'disagreement' | 'child'

/** One occasion behind an indicator. */
export interface IndicatorCase {
  /** What was measured, and its id (for a review conference due after the plan start with no initial conference recorded: the plan). */
  kind: CaseKind
  id: string
  childIds: string[]
  planIds: string[]
  /** The date that places the occasion in the period and the month. */
  date: CivilDate
  met: boolean
}

export interface IndicatorCount {
  numerator: number
  denominator: number
  /** numerator / denominator × 100 to one decimal, or null when the denominator is 0. */
  percent: number | null
}

export interface MonthCount extends IndicatorCount {
  /** YYYY-MM */
  month: string
  from: CivilDate
  to: CivilDate
}

export interface IndicatorResult extends IndicatorCount {
  id: IndicatorId
  title: string
  /** The exact definition with the policy's numbers. */
  definition: string
  /** The audit's key message this indicator measures (its number in the 2014 audit). */
  auditPoint: number
  cases: IndicatorCase[]
  monthly: MonthCount[]
}

export interface AuditResult {
  from: CivilDate
  to: CivilDate
  policy: DriftPolicy
  /** Plans and children in scope. */
  scope: { plans: number; children: number }
  indicators: IndicatorResult[]
}

export interface AuditOptions {
  from: CivilDate
  to: CivilDate
  policy?: DriftPolicy
  calendar?: WorkingDayCalendar
}

interface Describe {
  title: string
  auditPoint: number
  definition: (p: DriftPolicy) => string
}

/**
 * The exact definition of each indicator. `definition(policy)` fills in the policy's numbers (the
 * defaults are 10 working days, 28 days, 10 working days, 3 and 6 months, 20 working days).
 */
export const INDICATORS: Readonly<Record<IndicatorId, Describe>> = {
  /**
   * Each plan in scope whose deadline D = addWD(start, firstCoreGroupWorkingDays) falls in the period.
   * Met: the plan has a meeting dated in [start, D]. Left out: no such meeting and the plan ended on
   * or before D.
   */
  'first-core-group': {
    title: 'First core group within the timescale',
    auditPoint: 1,
    definition: (p) =>
      `Plans whose first core group was due in the period (due = ${p.firstCoreGroupWorkingDays} working days after the plan start, the initial conference). Met when a core group covering the plan was held on or after the start and by the due date. A plan that ended before the due date without one is left out.`,
  },
  /**
   * Each meeting M of a plan in scope whose next-due date D = M.date + coreGroupIntervalDays falls in
   * the period (one occasion per plan and meeting). Met: the plan's next meeting after M.date is
   * dated <= D. Left out: none by D and the plan ended on or before D.
   */
  'core-group-interval': {
    title: 'Core groups held within the interval',
    auditPoint: 1,
    definition: (p) =>
      `For each plan, each core group whose next one was due in the period (due = ${p.coreGroupIntervalDays} days after it). Met when the plan's next core group was held by the due date. A plan that ended before the due date without one is left out.`,
  },
  /**
   * Each meeting M dated on or after the start of a plan in scope it covers (and not after that plan's
   * end) whose deadline D = addWD(M.date, distributionWorkingDays) falls in the period, and that had at
   * least one member current on M.date (`fromDate <= M.date` and `toDate` null or `>= M.date`) across
   * the plans it covered. Met: every such member, present or not, has a distribution of M dated <= D.
   */
  'decisions-distributed': {
    title: 'Decisions sent to every core group member in time',
    auditPoint: 10,
    definition: (p) =>
      `Core group meetings whose decisions were due to be sent in the period (due = ${p.distributionWorkingDays} working days after the meeting). Met when every member of the core group on the meeting date, whether they attended or not, was sent the decisions by the due date. Meetings with no recorded member are left out.`,
  },
  /** Each meeting dated in the period covering a plan in scope (dated within that plan): met when `planAvailable`. */
  'plan-available': {
    title: 'Child protection plan available at the core group',
    auditPoint: 11,
    definition: () => 'Core group meetings held in the period. Met when the child protection plan was available at the meeting.',
  },
  /** Each meeting dated in the period covering a plan in scope: met when `childViewsRecorded`. */
  'child-views-recorded': {
    title: "Child's views and wishes recorded",
    auditPoint: 12,
    definition: () => "Core group meetings held in the period. Met when the views and wishes of the child (or observations of a younger child) were recorded.",
  },
  /** Each meeting dated in the period covering a plan in scope: met when `riskReviewed`. */
  'risk-reviewed': {
    title: 'Risk reviewed at the core group',
    auditPoint: 13,
    definition: () => 'Core group meetings held in the period. Met when risk was reviewed at the meeting.',
  },
  /** Each action of a plan in scope created in the period: met when it has an owner, a due date and a non-blank outcome. */
  'actions-smart': {
    title: 'Actions with an owner, a due date and an outcome',
    auditPoint: 3,
    definition: () =>
      'Actions created in the period. Met when the action has an owner, a due date and an expected outcome (not blank).',
  },
  /**
   * Each meeting dated in the period covering the plan in scope of a child marked complex: met when
   * the chair's role is `deputy-manager`.
   */
  'complex-case-chair': {
    title: "Complex cases' core groups chaired by a deputy manager",
    auditPoint: 15,
    definition: () =>
      'Core group meetings held in the period for a child marked complex. Met when the meeting was chaired by a deputy manager.',
  },
  /**
   * For each plan in scope, each anchor: its conferences dated <= to, plus the plan start as the
   * initial conference when none of kind `initial` is recorded. D = anchor + reviewAfterInitialMonths
   * (initial) or + reviewAfterReviewMonths (review), when D falls in the period. Met: a review
   * conference of the plan is dated in (anchor, D]. Left out: none and the plan ended on or before D.
   */
  'review-conference-on-time': {
    title: 'Review conferences on time',
    auditPoint: 16,
    definition: (p) =>
      `Review conferences due in the period (due = ${p.reviewAfterInitialMonths} months after the initial conference, ${p.reviewAfterReviewMonths} months after a review). Met when a review conference was held after the previous conference and by the due date. A plan that ended before the due date without one is left out.`,
  },
  /**
   * Each disagreement of a plan in scope whose deadline D = addWD(raisedDate, disagreementCapWorkingDays)
   * falls in the period. Met: resolvedDate <= D.
   */
  'disagreement-resolved': {
    title: 'Professional disagreements resolved in time',
    auditPoint: 14,
    definition: (p) =>
      `Professional disagreements whose resolution was due in the period (due = ${p.disagreementCapWorkingDays} working days after it was raised). Met when it was resolved by the due date.`,
  },
  /**
   * Each child with a plan in scope (for a month: a plan with start <= month end and end null or >=
   * month start). Met: no allocation of the child other than its earliest (by start date, then id)
   * starts in the period (month).
   */
  'worker-stability': {
    title: 'Children with no change of social worker',
    auditPoint: 15,
    definition: () =>
      'Children with a plan during the period. Met when no new allocated social worker started for the child in the period (the child\'s first ever allocation is not a change).',
  },
}

const round1 = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 10)

function count(cases: readonly { met: boolean }[]): IndicatorCount {
  let n = 0
  for (const c of cases) if (c.met) n++
  return { numerator: n, denominator: cases.length, percent: round1(n, cases.length) }
}

/** Calendar months overlapping [from, to], clipped to it. */
export function monthsOf(from: CivilDate, to: CivilDate): { month: string; from: CivilDate; to: CivilDate }[] {
  const out: { month: string; from: CivilDate; to: CivilDate }[] = []
  let start = `${from.slice(0, 7)}-01`
  while (start <= to) {
    const next = addMonths(start, 1)
    const end = addDays(next, -1)
    out.push({ month: start.slice(0, 7), from: start < from ? from : start, to: end > to ? to : end })
    start = next
  }
  return out
}

const openOn = (p: AuditPlanRow, d: CivilDate) => p.startDate <= d && (p.endDate === null || p.endDate > d)
const within = (p: AuditPlanRow, d: CivilDate) => p.startDate <= d && (p.endDate === null || p.endDate >= d)
const byDateId = (a: IndicatorCase, b: IndicatorCase) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

function checkPeriod(from: unknown, to: unknown): asserts from is CivilDate {
  const problems = []
  if (!isCivilDate(from)) problems.push({ path: 'from', reason: 'is not a real date in the form YYYY-MM-DD' })
  if (!isCivilDate(to)) problems.push({ path: 'to', reason: 'is not a real date in the form YYYY-MM-DD' })
  if (problems.length) {
    throw new DriftwatchError('BAD_INPUT', `The audit period ${JSON.stringify(from)} to ${JSON.stringify(to)} is not two real dates in the form YYYY-MM-DD.`, problems)
  }
  if ((to as string) < (from as string)) {
    throw new DriftwatchError('BAD_INPUT', `The audit period ends (${String(to)}) before it starts (${String(from)}).`, [{ path: 'to', reason: 'is before from' }])
  }
}

/** Calendar days that always cover `n` working days back (weekends plus a generous margin for bank holidays). */
const spanOf = (n: number) => Math.ceil((n * 7) / 5) + 30

/** Computes every indicator for [from, to] from the database (the caseload's policy and bank holidays unless given). */
export function auditIndicators(db: CaseloadDb, options: AuditOptions): AuditResult {
  checkPeriod(options.from, options.to)
  const policy = options.policy ?? loadPolicy(db)
  const calendar = options.calendar ?? loadCalendar(db)
  const { from, to } = options
  const meetingsFrom = addDays(from, -Math.max(policy.coreGroupIntervalDays, spanOf(policy.distributionWorkingDays)))
  const disagreementsFrom = addDays(from, -spanOf(policy.disagreementCapWorkingDays))
  const facts = loadAuditFacts(db.sqlite, { from, to, meetingsFrom, disagreementsFrom })
  return computeIndicators(facts, { from, to, policy, calendar })
}

/** The indicators from loaded facts (pure: no database). */
export function computeIndicators(
  facts: AuditFacts,
  o: { from: CivilDate; to: CivilDate; policy: DriftPolicy; calendar?: WorkingDayCalendar },
): AuditResult {
  const { from, to, policy } = o
  const cal = o.calendar ?? defaultCalendar()
  const inPeriod = (d: CivilDate) => d >= from && d <= to
  const plans = new Map(facts.plans.map((p) => [p.id, p]))
  const cases: Record<IndicatorId, IndicatorCase[]> = Object.fromEntries(INDICATOR_IDS.map((id) => [id, []])) as never
  const planCase = (kind: CaseKind, id: string, p: AuditPlanRow, date: CivilDate, met: boolean): IndicatorCase => ({
    kind,
    id,
    childIds: [p.childId],
    planIds: [p.id],
    date,
    met,
  })

  // First core group.
  for (const p of facts.plans) {
    const due = cal.addWD(p.startDate, policy.firstCoreGroupWorkingDays)
    if (!inPeriod(due)) continue
    const met = p.firstMeetingDate !== null && p.firstMeetingDate <= due
    if (!met && !openOn(p, due)) continue
    cases['first-core-group'].push(planCase('plan', p.id, p, due, met))
  }

  // Meetings per plan (dated within the plan), in date then id order.
  const planMeetings = new Map<string, { id: string; date: CivilDate }[]>()
  for (const m of facts.meetings) {
    for (const pid of m.planIds) {
      const p = plans.get(pid)
      if (!p || !within(p, m.date)) continue
      let list = planMeetings.get(pid)
      if (!list) planMeetings.set(pid, (list = []))
      list.push({ id: m.id, date: m.date })
    }
  }

  // Core group interval.
  for (const [pid, list] of planMeetings) {
    const p = plans.get(pid)!
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!
      const due = addDays(m.date, policy.coreGroupIntervalDays)
      if (!inPeriod(due)) continue
      let next: CivilDate | null = null
      for (let j = i + 1; j < list.length; j++) {
        if (list[j]!.date > m.date) {
          next = list[j]!.date
          break
        }
      }
      const met = next !== null && next <= due
      if (!met && !openOn(p, due)) continue
      cases['core-group-interval'].push({ ...planCase('meeting', m.id, p, due, met) })
    }
  }

  // Members by plan.
  const membersByPlan = new Map<string, AuditFacts['members']>()
  for (const mb of facts.members) {
    let list = membersByPlan.get(mb.planId)
    if (!list) membersByPlan.set(mb.planId, (list = []))
    list.push(mb)
  }

  // Meeting-based indicators.
  for (const m of facts.meetings) {
    const covered = m.planIds.map((id) => plans.get(id)).filter((p): p is AuditPlanRow => !!p && within(p, m.date))
    if (!covered.length) continue
    const childIds = [...new Set(covered.map((p) => p.childId))].sort()
    const planIds = covered.map((p) => p.id)
    const meetingCase = (date: CivilDate, met: boolean, only?: AuditPlanRow[]): IndicatorCase => {
      const ps = only ?? covered
      return { kind: 'meeting', id: m.id, childIds: only ? [...new Set(ps.map((p) => p.childId))].sort() : childIds, planIds: only ? ps.map((p) => p.id) : planIds, date, met }
    }
    const due = cal.addWD(m.date, policy.distributionWorkingDays)
    if (inPeriod(due)) {
      const required = new Set<string>()
      for (const p of covered) {
        for (const mb of membersByPlan.get(p.id) ?? []) {
          if (mb.fromDate <= m.date && (mb.toDate === null || mb.toDate >= m.date)) required.add(mb.professionalId)
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
        cases['decisions-distributed'].push(meetingCase(due, met))
      }
    }
    if (!inPeriod(m.date)) continue
    cases['plan-available'].push(meetingCase(m.date, m.planAvailable))
    cases['child-views-recorded'].push(meetingCase(m.date, m.childViewsRecorded))
    cases['risk-reviewed'].push(meetingCase(m.date, m.riskReviewed))
    const complex = covered.filter((p) => p.complex)
    if (complex.length) cases['complex-case-chair'].push(meetingCase(m.date, m.chairRole === 'deputy-manager', complex))
  }

  // Actions created in the period.
  for (const a of facts.actions) {
    const p = plans.get(a.planId)
    if (!p) continue
    cases['actions-smart'].push(planCase('action', a.id, p, a.createdDate, a.ownerId !== null && a.dueDate !== null && !a.outcomeBlank))
  }

  // Review conferences.
  const confByPlan = new Map<string, AuditFacts['conferences']>()
  for (const c of facts.conferences) {
    let list = confByPlan.get(c.planId)
    if (!list) confByPlan.set(c.planId, (list = []))
    list.push(c)
  }
  for (const p of facts.plans) {
    const confs = confByPlan.get(p.id) ?? []
    const anchors: { kind: CaseKind; id: string; type: 'initial' | 'review'; date: CivilDate }[] = confs.map((c) => ({
      kind: 'conference',
      id: c.id,
      type: c.kind,
      date: c.date,
    }))
    if (!confs.some((c) => c.kind === 'initial')) anchors.push({ kind: 'plan', id: p.id, type: 'initial', date: p.startDate })
    for (const a of anchors) {
      const due = addMonths(a.date, a.type === 'initial' ? policy.reviewAfterInitialMonths : policy.reviewAfterReviewMonths)
      if (!inPeriod(due)) continue
      const met = confs.some((c) => c.kind === 'review' && c.date > a.date && c.date <= due)
      if (!met && !openOn(p, due)) continue
      cases['review-conference-on-time'].push(planCase(a.kind, a.id, p, due, met))
    }
  }

  // Disagreements.
  for (const d of facts.disagreements) {
    const p = plans.get(d.planId)
    if (!p) continue
    const due = cal.addWD(d.raisedDate, policy.disagreementCapWorkingDays)
    if (!inPeriod(due)) continue
    cases['disagreement-resolved'].push(planCase('disagreement', d.id, p, due, d.resolvedDate !== null && d.resolvedDate <= due))
  }

  // Worker stability: per window (the period, then each month).
  const plansByChild = new Map<string, AuditPlanRow[]>()
  for (const p of facts.plans) {
    let list = plansByChild.get(p.childId)
    if (!list) plansByChild.set(p.childId, (list = []))
    list.push(p)
  }
  const changesByChild = new Map<string, { id: string; startDate: CivilDate }[]>()
  {
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
  }
  const stability = (wFrom: CivilDate, wTo: CivilDate): IndicatorCase[] => {
    const out: IndicatorCase[] = []
    for (const [childId, ps] of plansByChild) {
      const during = ps.filter((p) => p.startDate <= wTo && (p.endDate === null || p.endDate >= wFrom))
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
  cases['worker-stability'] = stability(from, to)

  const months = monthsOf(from, to)
  const indicators: IndicatorResult[] = INDICATOR_IDS.map((id) => {
    const list = cases[id].sort(byDateId)
    const monthly: MonthCount[] = months.map((mo) => {
      const inMonth = id === 'worker-stability' ? stability(mo.from, mo.to) : list.filter((c) => c.date >= mo.from && c.date <= mo.to)
      return { ...mo, ...count(inMonth) }
    })
    const d = INDICATORS[id]
    return { id, title: d.title, definition: d.definition(policy), auditPoint: d.auditPoint, ...count(list), cases: list, monthly }
  })
  return { from, to, policy, scope: { plans: facts.plans.length, children: plansByChild.size }, indicators }
}
