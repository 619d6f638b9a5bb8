import type { Finding, Severity } from '../../shared/drift-types'

export type GroupBy = 'none' | 'worker' | 'team'

/** The caseload table's filters. `findings`: see labels.ts findingMatchesFilter ('all', 'group:…' or 'rule:…'). */
export interface TableFilters {
  findings: string
  severity: 'all' | Severity
  team: string
  worker: string
  search: string
  groupBy: GroupBy
}

export const NO_FILTERS: TableFilters = { findings: 'all', severity: 'all', team: '', worker: '', search: '', groupBy: 'none' }

export type View =
  | { screen: 'dashboard' }
  /** `returnTo`: the child whose case the chair came back from (the table puts them back on that row). */
  | { screen: 'table'; returnTo?: string }
  | { screen: 'settings' }
  | { screen: 'supervision' }
  | { screen: 'audit' }
  | { screen: 'import' }
  | { screen: 'baseline' }
  | { screen: 'case'; childId: string; from: 'dashboard' | 'table' | 'supervision' | 'audit'; record?: RecordRef }

/** The record behind a finding, to open the case at (issue 11: "Start here" opens it in one click). */
export interface RecordRef {
  ruleId: string
  subject: { kind: Finding['subject']['kind']; id: string }
}

export interface Navigate {
  toDashboard(): void
  toTable(filters?: Partial<TableFilters>): void
  toCase(childId: string, record?: RecordRef): void
  /** The baseline table: the latest core group of each plan that has none recorded (issue 10). */
  toBaseline(): void
}
