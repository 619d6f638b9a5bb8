/** The caseload table's state: the rows from the core, the chair's filters, sorting and grouping, and the TanStack table over them. */
import { useCallback, useEffect, useMemo, useState } from 'react'
import { childCount } from './child-count'
import { useTable, type ExpandedState, type SortingState } from '@tanstack/react-table'
import { unpackCaseloadTable, type CaseloadTable, type CaseRow } from '../../../shared/caseload-table'
import { useCaseTable } from '../api/queries'
import { compareNames } from '../compare-names'
import type { TableFilters } from '../nav'
import { columns, features, GROUP_COLUMN, NO_TEAM, NO_WORKER, sortGroupsByDrift, type FindingsFilter } from './table-model'
import { viewRows } from './table-view'
import { PlainRow, rowId, type GridRowModel } from './plain-rows'

/** The table from the core as row objects, unpacked once per fetch, with its team and worker filter lists. */
export function useCaseRows(asOf: string) {
  const query = useCaseTable(asOf)
  const rows = useMemo(() => (query.data ? unpackCaseloadTable(query.data) : null), [query.data])
  const choices = useMemo(() => (query.data ? filterChoices(query.data) : null), [query.data])
  return { query, rows, choices }
}

export interface FilterChoices {
  teams: string[]
  workers: string[]
}

/**
 * Every team and worker name the rows show, sorted, read from the compact table's short lists (which
 * hold only what some row points at) rather than from 50,000 rows.
 */
export function filterChoices(t: CaseloadTable): FilterChoices {
  const teams = new Set(t.teams)
  const workers = new Set(t.workers.map(([, name]) => name ?? NO_WORKER))
  if (t.columns.team.includes(-1)) teams.add(NO_TEAM)
  if (t.columns.worker.includes(-1)) workers.add(NO_WORKER)
  return { teams: [...teams].sort(compareNames), workers: [...workers].sort(compareNames) }
}

/** Drift score, highest first; the tests start from other sorts. */
export const DEFAULT_SORTING: SortingState = [{ id: 'score', desc: true }]

export function useCaseloadTable(
  data: CaseRow[],
  choices: FilterChoices,
  filters: TableFilters,
  onFiltersChange: (f: TableFilters) => void,
  initialSorting: SortingState = DEFAULT_SORTING,
) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting)
  const [expanded, setExpanded] = useState<ExpandedState>(true)
  const [search, setSearch] = useState(filters.search)
  const set = useCallback((patch: Partial<TableFilters>) => onFiltersChange({ ...filters, ...patch }), [filters, onFiltersChange])

  // Typing filters after a short pause so 50,000 rows are not refiltered on every key.
  useEffect(() => {
    if (search === filters.search) return
    const t = setTimeout(() => set({ search }), 150)
    return () => clearTimeout(t)
  }, [search, filters.search, set])

  const findingsFilter = useMemo<FindingsFilter | null>(
    () => (filters.findings !== 'all' || filters.severity !== 'all' ? { findings: filters.findings, severity: filters.severity } : null),
    [filters.findings, filters.severity],
  )
  // Filtered and sorted here, once (table-view.ts); TanStack groups, expands and draws the headers.
  const shownData = useMemo(
    () => viewRows(data, { findingsFilter, team: filters.team, worker: filters.worker, search: filters.search, sorting }),
    [data, findingsFilter, filters.team, filters.worker, filters.search, sorting],
  )
  const grouping = useMemo(() => {
    const col = GROUP_COLUMN[filters.groupBy]
    return col ? [col] : []
  }, [filters.groupBy])
  useEffect(() => setExpanded(true), [filters.groupBy])

  const table = useTable({
    features,
    columns,
    data: shownData,
    getRowId: rowId,
    state: { sorting, grouping, expanded },
    manualFiltering: true,
    manualSorting: true,
    onSortingChange: setSorting,
    onExpandedChange: setExpanded,
    groupedColumnMode: false,
    autoResetExpanded: false,
  })

  // Not grouped, TanStack's row model is never asked for (so never built): plain rows, same order.
  const modelRows = grouping.length > 0 ? table.getRowModel().rows : null
  const rows = useMemo<GridRowModel[]>(() => (modelRows ? sortGroupsByDrift(modelRows) : shownData.map((r) => new PlainRow(r))), [modelRows, shownData])
  const leafCount = useMemo(() => {
    let n = 0
    for (const r of rows) if (!r.getIsGrouped()) n++
    return n
  }, [rows])
  const matched = useMemo(() => childCount(shownData), [shownData])
  const leafChildren = useMemo(() => childCount(rows.filter((r) => !r.getIsGrouped()).map((r) => r.original)), [rows])

  return { table, rows, leafCount, leafChildren, matched, teams: choices.teams, workers: choices.workers, search, setSearch, set, findingsFilter }
}
