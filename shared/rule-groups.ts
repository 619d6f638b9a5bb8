/**
 * The dashboard's rule groups (issue 11): each rule in exactly one group. The headline tiles, the
 * chart of findings by group and the caseload table's group filter all count from this one
 * definition (countByGroup, findingInGroup), so a tile and its bar can never disagree.
 *
 * Counts are split by status and never mixed: "overdue" is only findings past a deadline,
 * "flagged" findings with no deadline (or a disagreement not yet overdue), "due soon" deadlines
 * that are near but not passed.
 */
import type { AnyRuleId, Finding, FindingStatus } from './drift-types'

export const RULE_GROUP_KEYS = ['safety', 'visits', 'voice', 'meetings', 'actions', 'workers', 'disagreements'] as const
export type RuleGroupKey = (typeof RULE_GROUP_KEYS)[number]

export interface RuleGroup {
  key: RuleGroupKey
  title: string
  explain: string
  rules: readonly AnyRuleId[]
}

export const RULE_GROUPS: Readonly<Record<RuleGroupKey, RuleGroup>> = {
  safety: { key: 'safety', title: 'Safety', explain: 'A low safety score, or risk not reviewed at the last core group', rules: ['risk-scale-low', 'risk-not-reviewed'] },
  visits: { key: 'visits', title: 'Visits', explain: 'Statutory visits late, or the child not seen alone', rules: ['visit-overdue', 'not-seen-alone'] },
  voice: { key: 'voice', title: "Child's voice", explain: "The child's views not recorded at the last core group", rules: ['child-views-not-recorded'] },
  meetings: {
    key: 'meetings',
    title: 'Meetings and plan',
    explain: 'Core groups and reviews, decisions sent, attendance, the plan at the meeting, long plans',
    rules: [
      'first-core-group-overdue',
      'core-group-overdue',
      'review-conference-overdue',
      'decisions-not-distributed',
      'plan-not-available',
      'agency-absent',
      'complex-case-chair',
      'contact-details-missing',
      'long-plan',
    ],
  },
  actions: {
    key: 'actions',
    title: 'Actions',
    explain: 'Plan and supervision actions late, not reviewed, incomplete, or owned by someone who left',
    rules: ['action-overdue', 'action-stale', 'action-not-smart', 'action-owner-departed', 'supervision-action-overdue'],
  },
  workers: { key: 'workers', title: 'Social workers', explain: 'No allocated social worker, or a recent change of worker', rules: ['no-allocated-worker', 'worker-changed'] },
  disagreements: { key: 'disagreements', title: 'Disagreements', explain: 'Professional disagreements not resolved', rules: ['disagreement-unresolved'] },
}

const GROUP_OF = new Map<string, RuleGroupKey>()
for (const g of Object.values(RULE_GROUPS)) for (const r of g.rules) GROUP_OF.set(r, g.key)

/** The group of a rule (every rule has one; an unknown rule id, which no scan gives, counts under meetings). */
export function groupOfRule(ruleId: string): RuleGroupKey {
  return GROUP_OF.get(ruleId) ?? 'meetings'
}

export const GROUP_STATUSES = ['overdue', 'flag', 'due-soon'] as const
export type GroupStatus = (typeof GROUP_STATUSES)[number]

export interface StatusCount {
  /** Distinct children with at least one such finding. */
  children: number
  findings: number
}

export interface GroupCount {
  key: RuleGroupKey
  overdue: StatusCount
  flag: StatusCount
  'due-soon': StatusCount
  /** Children with an overdue or flagged finding of the group (what needs acting on now; due soon apart). */
  childrenNow: number
  /** High-severity findings of the group. */
  high: number
}

/** Does a finding belong to a group, and (when given) have that status? */
export function findingInGroup(f: Pick<Finding, 'ruleId' | 'status'>, key: RuleGroupKey, status?: FindingStatus): boolean {
  return groupOfRule(f.ruleId) === key && (status === undefined || f.status === status)
}

/** Every group's counts, in RULE_GROUP_KEYS order: the tiles and the chart both show these. */
export function countByGroup(findings: readonly Pick<Finding, 'ruleId' | 'status' | 'severity' | 'childId'>[]): GroupCount[] {
  const sets = new Map<RuleGroupKey, Record<GroupStatus | 'now', Set<string>> & { findings: Record<GroupStatus, number>; high: number }>()
  for (const k of RULE_GROUP_KEYS) {
    sets.set(k, { overdue: new Set(), flag: new Set(), 'due-soon': new Set(), now: new Set(), findings: { overdue: 0, flag: 0, 'due-soon': 0 }, high: 0 })
  }
  for (const f of findings) {
    const s = sets.get(groupOfRule(f.ruleId))!
    s[f.status].add(f.childId)
    s.findings[f.status]++
    if (f.status !== 'due-soon') s.now.add(f.childId)
    if (f.severity === 'high') s.high++
  }
  return RULE_GROUP_KEYS.map((key) => {
    const s = sets.get(key)!
    const c = (st: GroupStatus): StatusCount => ({ children: s[st].size, findings: s.findings[st] })
    return { key, overdue: c('overdue'), flag: c('flag'), 'due-soon': c('due-soon'), childrenNow: s.now.size, high: s.high }
  })
}
