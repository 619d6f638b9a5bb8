import { useCallback, useEffect, useMemo, useRef, useState, useId, type KeyboardEvent } from 'react'
import { useTable, type ColumnFiltersState, type ExpandedState, type SortingState } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { formatUK } from '../../../shared/civil-date'
import type { Finding } from '../../../shared/drift-types'
import type { CaseRow } from '../../../shared/ipc-contract'
import { useCaseTable } from '../api/queries'
import { FindingLine } from '../components/Severity'
import { ErrorNotice, Loading } from '../components/Status'
import { findingsFilterLabel, plural, SEVERITY_LABELS } from '../labels'
import type { Navigate, TableFilters } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { GridRow } from '../caseload/GridRow'
import { TableFilterBar } from '../caseload/TableFilterBar'
import { columns, features, GRID_TEMPLATE, GROUP_COLUMN, NO_TEAM, NO_WORKER, ROW_HEIGHT, sortGroupsByDrift, type Features, type FindingsFilter, type TableRow } from '../caseload/table-model'

interface Tip {
  rowId: string
  childName: string
  score: number
  findings: Finding[]
  top: number
  left: number
}

export function CaseloadTable({
  asOf,
  filters,
  onFiltersChange,
  navigate,
}: {
  asOf: string
  filters: TableFilters
  onFiltersChange(f: TableFilters): void
  navigate: Navigate
}) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const query = useCaseTable(asOf)
  return (
    <div className="screen screen-table">
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          Caseload
        </h1>
        <p className="lede">Every child with an open plan on {formatUK(asOf)}, with the findings behind each drift score.</p>
      </div>
      {query.isPending && <Loading label="Loading the caseload" />}
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && <TableBody rows={query.data.rows} filters={filters} onFiltersChange={onFiltersChange} navigate={navigate} />}
    </div>
  )
}

function TableBody({
  rows: data,
  filters,
  onFiltersChange,
  navigate,
}: {
  rows: CaseRow[]
  filters: TableFilters
  onFiltersChange(f: TableFilters): void
  navigate: Navigate
}) {
  const id = useId()
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

  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const out: ColumnFiltersState = []
    if (filters.findings !== 'all' || filters.severity !== 'all') {
      out.push({ id: 'findings', value: { findings: filters.findings, severity: filters.severity } satisfies FindingsFilter })
    }
    if (filters.team) out.push({ id: 'team', value: filters.team })
    if (filters.worker) out.push({ id: 'worker', value: filters.worker })
    return out
  }, [filters.findings, filters.severity, filters.team, filters.worker])
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
    const byName = (a: string, b: string) => a.localeCompare(b, 'en-GB')
    return { teams: [...t].sort(byName), workers: [...w].sort(byName) }
  }, [data])

  const table = useTable({
    features,
    columns,
    data,
    getRowId: (r) => `${r.childId}:${r.planId}`,
    state: { sorting, columnFilters, globalFilter: filters.search, grouping, expanded },
    onSortingChange: setSorting,
    onExpandedChange: setExpanded,
    globalFilterFn: (row, columnId, value: string) =>
      String(row.getValue(columnId) ?? '')
        .toLowerCase()
        .includes(value.trim().toLowerCase()),
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

  const filtered = filters.findings !== 'all' || filters.severity !== 'all' || filters.team || filters.worker || filters.search

  return (
    <>
      <TableFilterBar filters={filters} set={set} search={search} onSearch={setSearch} teams={teams} workers={workers} />
      <div className="table-summary">
        <p role="status" aria-live="polite" id={`${id}-count`}>
          Showing <strong>{plural(matched, 'child', 'children')}</strong> of {data.length.toLocaleString('en-GB')}
          {filters.findings !== 'all' && <> · {findingsFilterLabel(filters.findings)}</>}
          {filters.severity !== 'all' && <> · {SEVERITY_LABELS[filters.severity]} severity</>}
          {filters.team && <> · {filters.team}</>}
          {filters.worker && <> · {filters.worker}</>}
          {filters.search && <> · matching “{filters.search}”</>}
        </p>
        {filtered && (
          <button
            type="button"
            className="button secondary small"
            onClick={() => {
              setSearch('')
              onFiltersChange({ ...filters, findings: 'all', severity: 'all', team: '', worker: '', search: '' })
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      <VirtualGrid
        table={table}
        rows={rows}
        leafCount={leafCount}
        totalCount={data.length}
        findingsFilter={filters.findings !== 'all' || filters.severity !== 'all' ? { findings: filters.findings, severity: filters.severity } : null}
        onOpen={navigate.toCase}
        describedBy={`${id}-count ${id}-help`}
      />
      <p id={`${id}-help`} className="hint">
        Use the up and down arrow keys to move between rows and Enter to open a case. Tab to a drift score to read the findings behind it.
      </p>
    </>
  )
}

type AnyTable = ReturnType<typeof useTable<Features, CaseRow>>

function VirtualGrid({
  table,
  rows,
  leafCount,
  totalCount,
  findingsFilter,
  onOpen,
  describedBy,
}: {
  table: AnyTable
  rows: TableRow[]
  leafCount: number
  totalCount: number
  findingsFilter: FindingsFilter | null
  onOpen(childId: string): void
  describedBy: string
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(0)
  const [tip, setTip] = useState<Tip | null>(null)
  const tipId = useId()
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => rows[i]?.id ?? i,
  })
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1))

  const focusRow = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(rows.length - 1, index))
      setActive(i)
      virtualizer.scrollToIndex(i, { align: 'auto' })
      // The row may not be rendered yet: focus once the virtualiser has drawn it.
      requestAnimationFrame(() => {
        const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`)
        el?.focus({ preventScroll: true })
      })
    },
    [rows.length, virtualizer],
  )

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number, row: TableRow) => {
    if (e.target !== e.currentTarget) return
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1)
    switch (e.key) {
      case 'ArrowDown':
        focusRow(index + 1)
        break
      case 'ArrowUp':
        focusRow(index - 1)
        break
      case 'PageDown':
        focusRow(index + page)
        break
      case 'PageUp':
        focusRow(index - page)
        break
      case 'Home':
        focusRow(0)
        break
      case 'End':
        focusRow(rows.length - 1)
        break
      case 'Enter':
      case ' ':
        if (row.getIsGrouped()) row.toggleExpanded()
        else onOpen(row.original.childId)
        break
      case 'ArrowRight':
        if (row.getIsGrouped() && !row.getIsExpanded()) row.toggleExpanded(true)
        else return
        break
      case 'ArrowLeft':
        if (row.getIsGrouped() && row.getIsExpanded()) row.toggleExpanded(false)
        else return
        break
      default:
        return
    }
    e.preventDefault()
  }

  const showTip = useCallback((row: CaseRow, rowId: string, el: HTMLElement) => {
    const r = el.getBoundingClientRect()
    const below = r.bottom + 8
    const top = below + 260 > window.innerHeight ? Math.max(8, r.top - 8) : below
    setTip({ rowId, childName: row.childName, score: row.score, findings: row.findings, top, left: Math.max(8, r.left - 160) })
  }, [])
  const hideTip = useCallback(() => setTip(null), [])

  useEffect(() => {
    if (!tip) return
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') setTip(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [tip])

  const headerGroup = table.getHeaderGroups()[0]
  const grouped = rows.length !== leafCount
  const items = virtualizer.getVirtualItems()

  return (
    <div
      className="grid"
      role={grouped ? 'treegrid' : 'grid'}
      aria-label="Children with an open plan"
      aria-rowcount={rows.length + 1}
      aria-colcount={7}
      aria-describedby={describedBy}
    >
      <div className="grid-head" role="rowgroup">
        <div className="grid-row grid-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: GRID_TEMPLATE }}>
          {headerGroup?.headers.map((header) => {
            const sorted = header.column.getIsSorted()
            const canSort = header.column.getCanSort()
            return (
              <div
                key={header.id}
                role="columnheader"
                className="grid-cell grid-header"
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined}
              >
                {canSort ? (
                  <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                    <table.FlexRender header={header} />
                    <span className="sort-mark" aria-hidden="true">
                      {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                    </span>
                  </button>
                ) : (
                  <table.FlexRender header={header} />
                )}
              </div>
            )
          })}
        </div>
      </div>
      <div ref={scrollRef} className="grid-scroll" onScroll={tip ? hideTip : undefined}>
        {rows.length === 0 ? (
          <div className="grid-empty" role="row">
            <div role="gridcell">
              {totalCount === 0 ? (
                <>
                  <strong>No children yet.</strong> Use <em>Add a child</em> above to start a caseload, or bring one in on the{' '}
                  <em>Import</em> screen (the authority's SSD extract, Annex A List 7, a tracker or a Driftwatch caseload file).
                </>
              ) : (
                <>
                  <strong>No child matches these filters.</strong> {plural(totalCount, 'child', 'children')} in the caseload: change or clear the filters to see them.
                </>
              )}
            </div>
          </div>
        ) : (
          <div className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index]
              if (!row) return null
              return (
                <GridRow
                  key={row.id}
                  row={row}
                  index={item.index}
                  start={item.start}
                  active={item.index === activeIndex}
                  findingsFilter={findingsFilter}
                  tipFor={tip?.rowId === row.id ? tipId : undefined}
                  onKeyDown={onKeyDown}
                  onFocusRow={setActive}
                  onOpen={onOpen}
                  showTip={showTip}
                  hideTip={hideTip}
                />
              )
            })}
          </div>
        )}
      </div>
      <p className="grid-foot">
        {leafCount === totalCount ? plural(totalCount, 'child', 'children') : `${plural(leafCount, 'child', 'children')} of ${totalCount.toLocaleString('en-GB')}`}
        {rows.length !== leafCount && ` in ${plural(rows.length - leafCount, 'group')}`}
      </p>
      {tip && (
        <div
          id={tipId}
          role="tooltip"
          className="score-tip"
          style={{ top: tip.top, left: tip.left }}
          data-below={tip.top > 0 ? 'true' : 'false'}
        >
          <p className="score-tip-title">
            {tip.childName}: drift score {tip.score}
          </p>
          {tip.findings.length === 0 ? (
            <p>No findings on this date.</p>
          ) : (
            <ul>
              {tip.findings.slice(0, 8).map((f, i) => (
                <li key={i}>
                  <FindingLine finding={f} compact />
                </li>
              ))}
            </ul>
          )}
          {tip.findings.length > 8 && <p className="muted">and {tip.findings.length - 8} more: open the case to see them all.</p>}
          <p className="score-tip-foot">High 3, medium 2, low 1 per finding.</p>
        </div>
      )}
    </div>
  )
}

