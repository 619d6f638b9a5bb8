/** What every rule module shares: its context, the finding builder and the due/due-soon test. */
import type { CivilDate } from '../../../../shared/civil-date'
import type { DriftPolicy, DueSoonRuleId } from '../../../../shared/drift-policy'
import type { Finding, FindingStatus, RuleId, Severity, SubjectKind } from '../../../../shared/drift-types'
import type { WorkingDayCalendar } from '../calendar'
import type { PlanState } from '../facts'
import type { FindingNames } from './names'

export interface RuleContext {
  asOf: CivilDate
  policy: DriftPolicy
  calendar: WorkingDayCalendar
  /** Names for the sentences only (rules/names.ts); never for deciding. */
  names?: FindingNames
}

/** A rule: a pure function of one plan's facts (seen on A), the policy, A and the calendar. */
export type Rule = (plan: PlanState, ctx: RuleContext) => Finding[]

/** The result of a rule that finds nothing: one shared frozen array, so the hot loop allocates nothing. */
export const NONE: Finding[] = Object.freeze([]) as unknown as Finding[]

/** Appends a finding to a rule's result, allocating the array only for the first one. */
/**
 * Whether `list[i]` is the first item of `list` with its professional: a plan has a handful of
 * members, so a scan of those before it costs less than building a Set for every plan.
 */
export function firstOfProfessional(list: readonly { professionalId: string }[], i: number): boolean {
  const id = list[i]!.professionalId
  for (let j = 0; j < i; j++) if (list[j]!.professionalId === id) return false
  return true
}

export function add(out: Finding[] | null, f: Finding): Finding[] {
  if (!out) return [f]
  out.push(f)
  return out
}

/**
 * A finding. `message` may be given as a function when its sentence names people or actions
 * (rules/names.ts): those names are read from the caseload one id at a time, and at 50,000 children
 * naming every finding cost more than the rest of the first scan (the dashboard and the table never
 * show the sentences; Start here shows ten children's, a case its own). The sentence is then made the
 * first time it is read (a screen, an export, JSON) and kept. Nothing that decides which findings
 * there are may depend on it.
 */
export function finding(
  ruleId: RuleId,
  plan: PlanState,
  severity: Severity,
  status: FindingStatus,
  dueDate: CivilDate | null,
  kind: SubjectKind,
  id: string,
  message: string | (() => string),
): Finding {
  const childId = plan.facts.childId
  const planId = plan.facts.planId
  const subject = { kind, id }
  if (typeof message === 'string') return { ruleId, childId, planId, severity, status, dueDate, subject, message }
  let text: string | null = null
  return {
    ruleId,
    childId,
    planId,
    severity,
    status,
    dueDate,
    subject,
    // An own, enumerable accessor: JSON, spreading, zod and deep equality all read it like a field.
    get message(): string {
      return (text ??= message())
    },
    set message(v: string) {
      text = v
    },
  }
}

/**
 * The state of a deadline on A: `overdue` when A > due; `due-soon` when due >= A and
 * wd(A, due) <= W (W from the policy; W = 0: the rule has no due-soon state); otherwise null.
 */
export function deadlineState(ruleId: DueSoonRuleId | null, due: CivilDate, ctx: RuleContext): 'overdue' | 'due-soon' | null {
  if (ctx.asOf > due) return 'overdue'
  const w = ruleId ? ctx.policy.dueSoonWorkingDays[ruleId] : 0
  if (w > 0 && ctx.calendar.wd(ctx.asOf, due) <= w) return 'due-soon'
  return null
}


export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`
