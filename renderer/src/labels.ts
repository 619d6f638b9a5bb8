/**
 * Plain-English labels for the UI: rule names, severities, tiles. The drift rules themselves live in
 * the core; this file only says what to call them on screen.
 */
import type { Finding, LocalRuleId, RuleId, Severity } from '../../shared/drift-types'

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

export const TILE_KEYS = ['overdueMeetings', 'actions', 'workers', 'disagreements'] as const
export type TileKey = (typeof TILE_KEYS)[number]

export interface TileDef {
  key: TileKey
  title: string
  explain: string
  rules: readonly RuleId[]
}

/** The dashboard's four headline tiles and the findings each one opens in the caseload table. */
export const TILES: Record<TileKey, TileDef> = {
  overdueMeetings: {
    key: 'overdueMeetings',
    title: 'Overdue meetings',
    explain: 'Core groups and review conferences past their date',
    rules: ['first-core-group-overdue', 'core-group-overdue', 'review-conference-overdue'],
  },
  actions: {
    key: 'actions',
    title: 'Overdue and stale actions',
    explain: 'Actions past their due date or not reviewed for 28 days',
    rules: ['action-overdue', 'action-stale'],
  },
  workers: {
    key: 'workers',
    title: 'Worker changes',
    explain: 'Social worker changed in the last 90 days, or no allocated worker',
    rules: ['worker-changed', 'no-allocated-worker'],
  },
  disagreements: {
    key: 'disagreements',
    title: 'Unresolved disagreements',
    explain: 'Professional disagreements still open, at any stage',
    rules: ['disagreement-unresolved'],
  },
}

/** A finding counts towards a tile when its rule is one of the tile's and it is not merely due soon. */
export function findingInTile(f: Finding, tile: TileKey): boolean {
  return f.status !== 'due-soon' && (TILES[tile].rules as readonly string[]).includes(f.ruleId)
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

export const DISAGREEMENT_LABELS: Record<string, string> = {
  'plan-progress': 'Progress of the plan',
  threshold: 'Threshold decision',
  visits: 'Visits',
  'information-sharing': 'Information sharing',
  resources: 'Resources',
  'conference-decision': 'Conference decision',
  other: 'Other',
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
}
