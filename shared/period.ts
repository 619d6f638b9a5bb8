/**
 * Is a dated period current on day d: the one place that decides whether an end date counts.
 *
 * Why one helper: the same check was copied by hand into the drift facts and rules, the audit, the
 * mid-way review, the case view and the forms, with `>` in some and `>=` in others. The brief uses
 * two conventions, and which one applies depends on what the end date records (design brief §4,
 * "Terms"; the SQL twins are in electron/core/queries/period-sql.ts):
 *
 * - **exclusive**: the end date is the day the thing stopped, so it is no longer current that day.
 *   A plan is *open* when `startDate <= A` and (`endDate` null or `endDate > A`): the conference that
 *   ends a plan ends it on its date. A disagreement counts unless resolved on or before A
 *   (`resolvedDate > A`); an action is open on A unless done or dropped on or before A (`closedDate > A`).
 * - **inclusive**: the end date is the last day it held. A *current member*: `fromDate <= A` and
 *   (`toDate` null or `toDate >= A`), and a member on a meeting's date `fromDate <= M.date <= toDate`;
 *   an allocation *covers* A: `startDate <= A`, `endDate` null or `>= A`.
 *
 * A period whose start is after its end is current on no day (the records' checks refuse one, but an
 * import from another system may still hold one).
 */
import type { CivilDate } from './civil-date'

export type EndRule = 'exclusive' | 'inclusive'

/** Which convention each kind of period follows (design brief §4). */
export const END_RULES = {
  plan: 'exclusive',
  disagreement: 'exclusive',
  action: 'exclusive',
  member: 'inclusive',
  allocation: 'inclusive',
} as const satisfies Record<string, EndRule>

type End = CivilDate | null | undefined

/** True when a period with this end has not yet ended on d (the start is not looked at). */
export function notEndedBy(end: End, d: CivilDate, rule: EndRule): boolean {
  return end == null || (rule === 'inclusive' ? end >= d : end > d)
}

/** True when the period [start, end] (end per `rule`; null or undefined: open-ended) is current on d. */
export function isCurrentOn(start: CivilDate, end: End, d: CivilDate, rule: EndRule): boolean {
  return start <= d && notEndedBy(end, d, rule)
}

/**
 * True when the period is current on at least one day of [from, to] (both inclusive). With
 * `inclusive`, a period whose last day is `from` overlaps; with `exclusive`, one that ended on `from` does not.
 */
export function overlaps(start: CivilDate, end: End, from: CivilDate, to: CivilDate, rule: EndRule): boolean {
  if (from > to || (end != null && (rule === 'inclusive' ? end < start : end <= start))) return false
  return start <= to && notEndedBy(end, from, rule)
}

/** A plan open on d (exclusive end): only open plans produce findings. */
export function planOpenOn(p: { startDate: CivilDate; endDate?: End }, d: CivilDate): boolean {
  return isCurrentOn(p.startDate, p.endDate, d, END_RULES.plan)
}

/**
 * A record dated d belongs to the plan's life: [start, end] with the end day included, because the
 * conference that ends a plan (and a core group held that day) is dated on its end date even though
 * the plan is no longer open then. The records' checks allow exactly this ("is after the plan ended").
 */
export function datedWithinPlan(p: { startDate: CivilDate; endDate?: End }, d: CivilDate): boolean {
  return isCurrentOn(p.startDate, p.endDate, d, 'inclusive')
}

/** A core group member current on d (inclusive end). */
export function memberOn(m: { fromDate: CivilDate; toDate?: End }, d: CivilDate): boolean {
  return isCurrentOn(m.fromDate, m.toDate, d, END_RULES.member)
}

/** An allocation of a social worker covering d (inclusive end). */
export function allocationOn(a: { startDate: CivilDate; endDate?: End }, d: CivilDate): boolean {
  return isCurrentOn(a.startDate, a.endDate, d, END_RULES.allocation)
}

/** A disagreement raised on or before d and not resolved on or before d. */
export function disagreementOpenOn(g: { raisedDate: CivilDate; resolvedDate?: End }, d: CivilDate): boolean {
  return isCurrentOn(g.raisedDate, g.resolvedDate, d, END_RULES.disagreement)
}

/**
 * An action open on d: created on or before d, and still open or done or dropped after d. An action
 * marked done or dropped with no date is closed (the records' checks require the date).
 */
export function actionOpenOn(a: { createdDate: CivilDate; status: string; closedDate?: End }, d: CivilDate): boolean {
  if (a.createdDate > d) return false
  return a.status === 'open' || (a.closedDate != null && notEndedBy(a.closedDate, d, END_RULES.action))
}

/** The professionals who are members of the plan on d, once each (the lists forms offer first). */
export function memberIdsOn(members: readonly { planId: string; professionalId: string; fromDate: CivilDate; toDate?: End }[], planId: string, d: CivilDate): Set<string> {
  const out = new Set<string>()
  for (const m of members) if (m.planId === planId && memberOn(m, d)) out.add(m.professionalId)
  return out
}
