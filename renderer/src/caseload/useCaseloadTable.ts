/** The caseload table's state: the rows from the core, the chair's filters, sorting and grouping, and the TanStack table over them. */
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTable, type ColumnFiltersState, type ExpandedState, type SortingState } from '@tanstack/react-table'
import { unpackCaseloadTable, type CaseRow } from '../../../shared/caseload-table'
import { useCaseTable } from '../api/queries'
import { compareNames } from '../compare-names'
import type { TableFilters } from '../nav'
import { columns, features, GROUP_COLUMN, NO_TEAM, NO_WORKER, sortGroupsByDrift, type FindingsFilter } from './table-model'

/** The table from the core as row objects, unpacked once per fetch. */
export function useCaseRows(asOf: string) {
  const query = useCaseTable(asOf)
  const rows = useMemo(() => (query.data ? unpackCaseloadTable(query.data) : null), [query.data])
  return { query, rows }
}

const matchesSearch = (value: unknown, search: string) =>
  String(value ?? '')
    .toLowerCase()
    .includes(search.trim().toLowerCase())

export function useCaseloadTable(data: CaseRow[], filters: TableFilters, onFiltersChange: (f: TableFilters) => void) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'score', desc: true }])
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
  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const out: ColumnFiltersState = []
    if (findingsFilter) out.push({ id: 'findings', value: findingsFilter })
    if (filters.team) out.push({ id: 'team', value: filters.team })
    if (filters.worker) out.push({ id: 'worker', value: filters.worker })
    return out
  }, [findingsFilter, filters.team, filters.worker])
  const grouping = useMemo(() => {
    const col = GROUP_COLUMN[filters.groupBy]
    return col ? [col] : []
  }, [filters.groupBy])
  useEffect(() => setExpanded(true), [filters.groupBy])

  const { teams, workers } = useMemo(() => {
    const t = new Set<string>()
    const w = new Set<string>()
    for (const r of data) {
      t.add(r.team ?? NO_TEAM)
      w.add(r.workerName ?? NO_WORKER)
    }
    return { teams: [...t].sort(compareNames), workers: [...w].sort(compareNames) }
  }, [data])

  const table = useTable({
    features,
    columns,
    data,
    getRowId: (r) => `${r.childId}:${r.planId}`,
    state: { sorting, columnFilters, globalFilter: filters.search, grouping, expanded },
    onSortingChange: setSorting,
    onExpandedChange: setExpanded,
    globalFilterFn: (row, columnId, value: string) => matchesSearch(row.getValue(columnId), value),
    groupedColumnMode: false,
    autoResetExpanded: false,
  })

  const modelRows = table.getRowModel().rows
  const rows = useMemo(() => sortGroupsByDrift(modelRows), [modelRows])
  const leafCount = useMemo(() => {
    let n = 0
    for (const r of rows) if (!r.getIsGrouped()) n++
    return n
  }, [rows])
  const matched = table.getFilteredRowModel().rows.length

  return { table, rows, leafCount, matched, teams, workers, search, setSearch, set, findingsFilter }
}
