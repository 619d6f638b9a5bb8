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

/** Where a finding keeps its sentence, or the function that makes it: hidden (not enumerable), so JSON, spreading and equality see only `message`. */
const SENTENCE = Symbol('sentence')

interface LazyFinding extends Finding {
  [SENTENCE]: string | (() => string)
}

/**
 * `message` as one accessor shared by every finding (not a getter and setter made per finding): an
 * object literal with its own `get`/`set` is a dictionary-mode object of about 800 bytes, slower to
 * make and to collect than a plain one, and a 50,000-child scan makes 110,000 findings. With one
 * shared pair they keep V8's fast shape, one map for all (about 300 bytes each with the sentence's
 * function).
 */
const MESSAGE: PropertyDescriptor = {
  get(this: LazyFinding): string {
    const m = this[SENTENCE]
    if (typeof m === 'string') return m
    const text = m()
    this[SENTENCE] = text
    return text
  },
  set(this: LazyFinding, v: string) {
    this[SENTENCE] = v
  },
  enumerable: true,
  configurable: true,
}
/** Reused for each finding's hidden sentence (its value is set and cleared around each use). */
const HIDDEN: PropertyDescriptor = { value: null, writable: true, enumerable: false, configurable: true }

/**
 * A finding. Its `message` is given as a function: the sentence is made the first time it is read (a
 * screen, an export, JSON) and kept. Why: sentences name actions and people (rules/names.ts), read from
 * the caseload one id at a time, and at 50,000 children making every sentence cost more than the rest
 * of the first scan, while the dashboard and the table never show them (Start here shows ten
 * children's, a case its own). `message` is an own, enumerable accessor, so JSON, spreading, zod and
 * deep equality read it like a field. Nothing that decides which findings there are may depend on it.
 */
export function finding(
  ruleId: RuleId,
  plan: PlanState,
  severity: Severity,
  status: FindingStatus,
  dueDate: CivilDate | null,
  kind: SubjectKind,
  id: string,
  message: () => string,
): Finding {
  const f = { ruleId, childId: plan.facts.childId, planId: plan.facts.planId, severity, status, dueDate, subject: { kind, id } } as Omit<Finding, 'message'>
  HIDDEN.value = message
  Object.defineProperty(f, SENTENCE, HIDDEN)
  HIDDEN.value = null
  return Object.defineProperty(f, 'message', MESSAGE) as Finding
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
