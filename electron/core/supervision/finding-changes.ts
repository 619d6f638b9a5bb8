/**
 * Which findings are new and which are resolved between two dates, for the supervision agenda
 * (issue 11, item 6). A finding is the same finding when its rule says the same thing about the same
 * record: for a rule about the plan as a whole or its latest core group or visit (a low safety
 * score, the child's views, a core group or visit overdue, a change of worker…), that is the rule on
 * the plan — a new core group that scores safety just as low is the same risk, not a risk resolved
 * and a new one; for a rule about one record (an action, a disagreement, a meeting's decisions, a
 * professional, a supervision action), it is the rule on that record. Resolved means that finding no
 * longer holds: never judged by the sentence, which two records can share.
 */
import type { Finding } from '../../../shared/drift-types'

/** Rules whose finding is about the plan as a whole, whatever record it names as its subject today. */
const PER_PLAN = new Set([
  'first-core-group-overdue',
  'core-group-overdue',
  'review-conference-overdue',
  'child-views-not-recorded',
  'plan-not-available',
  'risk-not-reviewed',
  'risk-scale-low',
  'complex-case-chair',
  'no-allocated-worker',
  'worker-changed',
  'visit-overdue',
  'not-seen-alone',
  'long-plan',
])

export function findingIdentity(f: Pick<Finding, 'ruleId' | 'planId' | 'subject'>): string {
  return PER_PLAN.has(f.ruleId) ? `${f.ruleId}\u0000${f.planId}` : `${f.ruleId}\u0000${f.planId}\u0000${f.subject.kind}\u0000${f.subject.id}`
}

/**
 * Rules that are one concern at two stages about the same record: an action with no recorded progress
 * (stale) that then passes its due date (overdue) has not been resolved, it has got worse. The newer
 * finding is still new; the older one is not called resolved while the other holds.
 */
const SAME_CONCERN: Readonly<Record<string, string>> = { 'action-stale': 'action-no-progress', 'action-overdue': 'action-no-progress' }
const concernIdentity = (f: Pick<Finding, 'ruleId' | 'planId' | 'subject'>) => findingIdentity({ ...f, ruleId: SAME_CONCERN[f.ruleId] ?? f.ruleId })

/**
 * Findings of `now` that did not hold `before`, and findings of `before` that no longer hold `now`
 * (nor, in a later stage of the same concern, SAME_CONCERN).
 */
export function findingChanges(before: readonly Finding[], now: readonly Finding[]): { added: Finding[]; resolved: Finding[] } {
  const then = new Set(before.map(findingIdentity))
  const still = new Set(now.map(findingIdentity))
  const concerns = new Set(now.map(concernIdentity))
  return {
    added: now.filter((f) => !then.has(findingIdentity(f))),
    resolved: before.filter((f) => !still.has(findingIdentity(f)) && !concerns.has(concernIdentity(f))),
  }
}
