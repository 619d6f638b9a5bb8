/**
 * Plain-English labels for the UI: rule names, severities, the table's findings filters. The drift rules themselves live in
 * the core; this file only says what to call them on screen.
 */
import type { Finding, LocalRuleId, RuleId, Severity } from '../../shared/drift-types'
import { findingInGroup, RULE_GROUPS, type GroupStatus, type RuleGroupKey } from '../../shared/rule-groups'

export const RULE_LABELS: Record<RuleId, string> = {
  'first-core-group-overdue': 'First core group overdue',
  'core-group-overdue': 'Core group overdue',
  'review-conference-overdue': 'Review conference overdue',
  'decisions-not-distributed': 'Decisions not sent to members',
  'action-overdue': 'Action overdue',
  'action-stale': 'Action not reviewed',
  'action-not-smart': 'Action missing owner, date or outcome',
  'action-owner-departed': 'Action owner has left',
  'no-allocated-worker': 'No allocated social worker',
  'worker-changed': 'Social worker changed',
  'disagreement-unresolved': 'Disagreement unresolved',
  'child-views-not-recorded': "Child's views not recorded",
  'plan-not-available': 'Plan not available at meeting',
  'risk-not-reviewed': 'Risk not reviewed',
  'risk-scale-low': 'Low safety score',
  'agency-absent': 'Agency absent from meetings',
  'contact-details-missing': 'Contact details missing',
  'complex-case-chair': 'Complex case not chaired by a deputy manager',
  'visit-overdue': 'Visit overdue',
  'not-seen-alone': 'Child not seen alone',
  'long-plan': 'Plan open 18 months or more',
}

/** Rules over the app's own records (not §4): shared/drift-types.ts LOCAL_RULE_IDS. */
export const LOCAL_RULE_LABELS: Record<LocalRuleId, string> = {
  'supervision-action-overdue': 'Supervision action overdue',
}

export function ruleLabel(ruleId: string): string {
  return (RULE_LABELS as Record<string, string>)[ruleId] ?? (LOCAL_RULE_LABELS as Record<string, string>)[ruleId] ?? ruleId
}

/** While a deadline is only near, "overdue" would be wrong: say what is due. */
const DUE_SOON_LABELS: Partial<Record<RuleId, string>> = {
  'first-core-group-overdue': 'First core group due',
  'core-group-overdue': 'Core group due',
  'review-conference-overdue': 'Review conference due',
  'action-overdue': 'Action due',
  'visit-overdue': 'Visit due',
}

/** The short name of a finding, in the right tense for its status. */
export function findingLabel(f: Pick<Finding, 'ruleId' | 'status'>): string {
  if (f.status === 'due-soon') return (DUE_SOON_LABELS as Record<string, string>)[f.ruleId] ?? ruleLabel(f.ruleId)
  return ruleLabel(f.ruleId)
}

export const SEVERITY_LABELS: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' }

export const STATUS_LABELS: Record<Finding['status'], string> = {
  overdue: 'Overdue',
  'due-soon': 'Due soon',
  flag: 'Flag',
}

export const GROUP_STATUS_LABELS: Record<GroupStatus, string> = { overdue: 'Overdue', flag: 'Flagged', 'due-soon': 'Due soon' }

/**
 * The caseload table's findings filter: 'all', 'group:<key>' (the group's findings that need acting
 * on now: overdue or flagged), 'group:<key>:<status>' (one status) or 'rule:<ruleId>'. The group
 * filters count exactly what the dashboard's tiles and chart count (shared/rule-groups.ts).
 */
export function findingMatchesFilter(f: Pick<Finding, 'ruleId' | 'status'>, value: string): boolean {
  if (value === 'all') return true
  if (value.startsWith('rule:')) return f.ruleId === value.slice(5)
  if (value.startsWith('group:')) {
    const [key, status] = value.slice(6).split(':') as [RuleGroupKey, GroupStatus | undefined]
    if (!(key in RULE_GROUPS)) return false
    return status ? findingInGroup(f, key, status) : findingInGroup(f, key) && f.status !== 'due-soon'
  }
  return true
}

export function findingsFilterLabel(value: string): string {
  if (value === 'all') return 'All children'
  if (value.startsWith('rule:')) return ruleLabel(value.slice(5))
  if (value.startsWith('group:')) {
    const [key, status] = value.slice(6).split(':') as [RuleGroupKey, GroupStatus | undefined]
    const g = RULE_GROUPS[key]
    if (!g) return value
    return status ? `${g.title}: ${GROUP_STATUS_LABELS[status].toLowerCase()}` : `${g.title}: overdue or flagged`
  }
  return value
}

export const ROLE_LABELS: Record<string, string> = {
  'social-worker': 'Social worker',
  'team-manager': 'Team manager',
  'deputy-manager': 'Deputy manager',
  'cp-chair': 'CP chair',
  health: 'Health',
  education: 'Education',
  police: 'Police',
  other: 'Other agency',
}

export const CATEGORY_LABELS: Record<string, string> = {
  neglect: 'Neglect',
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  emotional: 'Emotional abuse',
  multiple: 'Multiple categories',
}

export { DISAGREEMENT_LABELS } from '../../shared/record-labels'

// One formatter made once: toLocaleString with a locale builds one on every call, which the table's
// rows did on every frame of a scroll.
const wholeNumber = new Intl.NumberFormat('en-GB')

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${wholeNumber.format(n)} ${n === 1 ? one : many}`
}
