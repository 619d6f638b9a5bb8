import type { Severity } from '../../shared/drift-types'

export type GroupBy = 'none' | 'worker' | 'team'

/** The caseload table's filters. `findings` is 'all', 'tile:<TileKey>' or 'rule:<RuleId>'. */
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
  | { screen: 'table' }
  | { screen: 'settings' }
  | { screen: 'supervision' }
  | { screen: 'audit' }
  | { screen: 'import' }
  | { screen: 'baseline' }
  | { screen: 'case'; childId: string; from: 'dashboard' | 'table' | 'supervision' | 'audit' }

export interface Navigate {
  toDashboard(): void
  toTable(filters?: Partial<TableFilters>): void
  toCase(childId: string): void
  /** The baseline table: the latest core group of each plan that has none recorded (issue 10). */
  toBaseline(): void
}
