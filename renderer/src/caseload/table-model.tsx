/** The caseload table's columns, features and findings filter (TanStack Table v9's feature API). */
import {
  columnFilteringFeature,
  columnGroupingFeature,
  createColumnHelper,
  createExpandedRowModel,
  createFilteredRowModel,
  createGroupedRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowExpandingFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  type Row,
} from '@tanstack/react-table'
import type { CaseRow, FindingKind } from '../../../shared/caseload-table'
import { CATEGORY_LABELS, findingMatchesFilter } from '../labels'
import type { TableFilters } from '../nav'
import { compareNames } from '../compare-names'

export const NO_TEAM = 'No team recorded'
export const NO_WORKER = 'No allocated worker'
export const ROW_HEIGHT = 48
export const GROUP_COLUMN: Record<TableFilters['groupBy'], string | null> = { none: null, worker: 'worker', team: 'team' }
/**
 * Seven columns across the whole window: the findings column takes what is left and never less than
 * room for two tags and "+N more" (its tags shorten with an ellipsis rather than push the count out).
 */
export const GRID_TEMPLATE = 'minmax(140px, 1.1fr) minmax(128px, 0.8fr) minmax(130px, 1fr) minmax(90px, 0.6fr) 104px 96px minmax(330px, 3fr)'

export type FindingsFilter = { findings: string; severity: TableFilters['severity'] }

/** Does this finding match the table's findings filter (labels.ts findingMatchesFilter) and severity? */
export function findingMatches(f: FindingKind, filter: FindingsFilter): boolean {
  if (filter.severity !== 'all' && f.severity !== filter.severity) return false
  return findingMatchesFilter(f, filter.findings)
}

export const features = tableFeatures({
  columnFilteringFeature,
  globalFilteringFeature,
  rowSortingFeature,
  columnGroupingFeature,
  rowExpandingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  groupedRowModel: createGroupedRowModel(),
  expandedRowModel: createExpandedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
})
export type Features = typeof features
export type TableRow = Row<Features, CaseRow>

const helper = createColumnHelper<Features, CaseRow>()
export const columns = helper.columns([
  helper.accessor('childName', { id: 'child', header: 'Child', sortFn: 'alphanumeric', enableGrouping: false }),
  helper.accessor((r) => r.team ?? NO_TEAM, {
    id: 'team',
    header: 'Team',
    sortFn: 'alphanumeric',
    filterFn: (row, id, value: string) => row.getValue(id) === value,
  }),
  helper.accessor((r) => r.workerName ?? NO_WORKER, {
    id: 'worker',
    header: 'Social worker',
    sortFn: 'alphanumeric',
    filterFn: (row, id, value: string) => row.getValue(id) === value,
  }),
  helper.accessor((r) => CATEGORY_LABELS[r.category] ?? r.category, {
    id: 'category',
    header: 'Category',
    sortFn: 'alphanumeric',
    enableGlobalFilter: false,
  }),
  helper.accessor('planStart', { id: 'planStart', header: 'Plan started', sortFn: 'basic', enableGlobalFilter: false }),
  helper.accessor('score', { id: 'score', header: 'Drift score', sortFn: 'basic', enableGlobalFilter: false, sortDescFirst: true }),
  helper.accessor('findings', {
    id: 'findings',
    header: 'Findings',
    enableSorting: false,
    enableGlobalFilter: false,
    enableGrouping: false,
    filterFn: (row, id, value: FindingsFilter) => row.getValue<readonly FindingKind[]>(id).some((f) => findingMatches(f, value)),
  }),
])

/** The total drift score of a group row's children. */
export function groupScore(row: Pick<TableRow, 'getLeafRows'>): number {
  let total = 0
  for (const r of row.getLeafRows()) if (!r.getIsGrouped()) total += r.original.score
  return total
}

/**
 * Groups (worker or team) by total drift, highest first, each followed by its children as the
 * table model put them; ties by name. Rows that are not grouped are returned as they are.
 */
export function sortGroupsByDrift(rows: readonly TableRow[]): TableRow[] {
  if (!rows.some((r) => r.getIsGrouped())) return rows as TableRow[]
  const segments: { score: number; name: string; rows: TableRow[] }[] = []
  for (const r of rows) {
    if (r.depth === 0 && r.getIsGrouped()) segments.push({ score: groupScore(r), name: String(r.groupingValue), rows: [r] })
    else if (segments.length) segments[segments.length - 1]!.rows.push(r)
    else segments.push({ score: -1, name: '', rows: [r] })
  }
  segments.sort((a, b) => b.score - a.score || compareNames(a.name, b.name))
  return segments.flatMap((s) => s.rows)
}
