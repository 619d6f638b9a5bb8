import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
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
  useTable,
  type ColumnFiltersState,
  type ExpandedState,
  type Row,
  type SortingState,
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { formatUK } from '../../../shared/civil-date'
import { ALL_RULE_IDS, SEVERITIES, type Finding } from '../../../shared/drift-types'
import type { CaseRow } from '../../../shared/ipc-contract'
import { useCaseTable } from '../api/queries'
import { FindingLine, ScoreValue } from '../components/Severity'
import { ErrorNotice, Loading } from '../components/Status'
import { CATEGORY_LABELS, SEVERITY_LABELS, TILES, TILE_KEYS, findingInTile, findingLabel, plural, ruleLabel, type TileKey } from '../labels'
import type { Navigate, TableFilters } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'

const NO_TEAM = 'No team recorded'
const NO_WORKER = 'No allocated worker'
const ROW_HEIGHT = 48
const GROUP_COLUMN: Record<TableFilters['groupBy'], string | null> = { none: null, worker: 'worker', team: 'team' }

type FindingsFilter = { findings: string; severity: TableFilters['severity'] }

/** Does this finding match the table's findings filter ('all', 'tile:…' or 'rule:…') and severity? */
function findingMatches(f: Finding, filter: FindingsFilter): boolean {
  if (filter.severity !== 'all' && f.severity !== filter.severity) return false
  if (filter.findings === 'all') return true
  if (filter.findings.startsWith('tile:')) return findingInTile(f, filter.findings.slice(5) as TileKey)
  if (filter.findings.startsWith('rule:')) return f.ruleId === filter.findings.slice(5)
  return true
}

const features = tableFeatures({
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
type Features = typeof features
type TableRow = Row<Features, CaseRow>

const helper = createColumnHelper<Features, CaseRow>()
const columns = helper.columns([
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
    filterFn: (row, id, value: FindingsFilter) => row.getValue<Finding[]>(id).some((f) => findingMatches(f, value)),
  }),
])

const GRID_TEMPLATE = 'minmax(160px, 1.3fr) minmax(130px, 1fr) minmax(150px, 1.1fr) minmax(110px, 0.8fr) 120px 110px minmax(240px, 2.2fr)'

function findingsOptionLabel(value: string): string {
  if (value === 'all') return 'All children'
  if (value.startsWith('tile:')) return TILES[value.slice(5) as TileKey].title
  return ruleLabel(value.slice(5))
}

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

  const rows = table.getRowModel().rows
  const leafCount = useMemo(() => {
    let n = 0
    for (const r of rows) if (!r.getIsGrouped()) n++
    return n
  }, [rows])
  const matched = table.getFilteredRowModel().rows.length

  const filtered = filters.findings !== 'all' || filters.severity !== 'all' || filters.team || filters.worker || filters.search

  return (
    <>
      <div className="filters" role="group" aria-label="Filter and group the caseload">
        <div className="field">
          <label htmlFor={`${id}-search`}>Search</label>
          <input
            id={`${id}-search`}
            type="search"
            className="input"
            placeholder="Child, worker or team"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-findings`}>Findings</label>
          <select id={`${id}-findings`} className="input" value={filters.findings} onChange={(e) => set({ findings: e.target.value })}>
            <option value="all">All children</option>
            <optgroup label="Dashboard headlines">
              {TILE_KEYS.map((k) => (
                <option key={k} value={`tile:${k}`}>
                  {TILES[k].title}
                </option>
              ))}
            </optgroup>
            <optgroup label="One rule">
              {ALL_RULE_IDS.map((r) => (
                <option key={r} value={`rule:${r}`}>
                  {ruleLabel(r)}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-severity`}>Severity</label>
          <select
            id={`${id}-severity`}
            className="input"
            value={filters.severity}
            onChange={(e) => set({ severity: e.target.value as TableFilters['severity'] })}
          >
            <option value="all">Any severity</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-team`}>Team</label>
          <select id={`${id}-team`} className="input" value={filters.team} onChange={(e) => set({ team: e.target.value })}>
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-worker`}>Social worker</label>
          <select id={`${id}-worker`} className="input" value={filters.worker} onChange={(e) => set({ worker: e.target.value })}>
            <option value="">All workers</option>
            {workers.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-group`}>Group by</label>
          <select
            id={`${id}-group`}
            className="input"
            value={filters.groupBy}
            onChange={(e) => set({ groupBy: e.target.value as TableFilters['groupBy'] })}
          >
            <option value="none">No grouping</option>
            <option value="worker">Social worker</option>
            <option value="team">Team</option>
          </select>
        </div>
      </div>
      <div className="table-summary">
        <p role="status" aria-live="polite" id={`${id}-count`}>
          Showing <strong>{plural(matched, 'child', 'children')}</strong> of {data.length.toLocaleString('en-GB')}
          {filters.findings !== 'all' && <> · {findingsOptionLabel(filters.findings)}</>}
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
            <div role="gridcell">No children match these filters.</div>
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

const GridRow = memo(function GridRow({
  row,
  index,
  start,
  active,
  findingsFilter,
  tipFor,
  onKeyDown,
  onFocusRow,
  onOpen,
  showTip,
  hideTip,
}: {
  row: TableRow
  index: number
  start: number
  active: boolean
  findingsFilter: FindingsFilter | null
  tipFor: string | undefined
  onKeyDown(e: KeyboardEvent<HTMLDivElement>, index: number, row: TableRow): void
  onFocusRow(index: number): void
  onOpen(childId: string): void
  showTip(row: CaseRow, rowId: string, el: HTMLElement): void
  hideTip(): void
}) {
  const style = { transform: `translateY(${start}px)`, height: ROW_HEIGHT, gridTemplateColumns: GRID_TEMPLATE }
  if (row.getIsGrouped()) {
    const leaves = row.getLeafRows().filter((r) => !r.getIsGrouped())
    const score = leaves.reduce((s, r) => s + r.original.score, 0)
    const expanded = row.getIsExpanded()
    return (
      <div
        role="row"
        className="grid-row group-row"
        style={style}
        data-index={index}
        aria-rowindex={index + 2}
        aria-level={1}
        aria-expanded={expanded}
        tabIndex={active ? 0 : -1}
        onKeyDown={(e) => onKeyDown(e, index, row)}
        onFocus={() => onFocusRow(index)}
        onClick={() => row.toggleExpanded()}
      >
        <div role="gridcell" className="grid-cell group-cell" aria-colspan={7}>
          <span className="group-toggle" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>
          <strong>{String(row.groupingValue)}</strong>
          <span className="group-meta">
            {plural(leaves.length, 'child', 'children')} · total drift score {score}
          </span>
        </div>
      </div>
    )
  }
  const r = row.original
  const shown = findingsFilter ? r.findings.filter((f) => findingMatches(f, findingsFilter)) : r.findings
  const rest = r.findings.length - shown.length
  return (
    <div
      role="row"
      className={`grid-row${row.depth > 0 ? ' nested' : ''}`}
      style={style}
      data-index={index}
      data-child-id={r.childId}
      aria-rowindex={index + 2}
      aria-level={row.depth > 0 ? row.depth + 1 : undefined}
      tabIndex={active ? 0 : -1}
      onKeyDown={(e) => onKeyDown(e, index, row)}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocusRow(index)
      }}
      onClick={() => onOpen(r.childId)}
    >
      <div role="gridcell" className="grid-cell cell-child">
        <span className="child-name">{r.childName}</span>
        {r.complex && <span className="tag tag-complex">Complex</span>}
      </div>
      <div role="gridcell" className="grid-cell">
        {r.team ?? <span className="muted">{NO_TEAM}</span>}
      </div>
      <div role="gridcell" className="grid-cell">
        {r.workerName ?? <span className="warn-text">{NO_WORKER}</span>}
      </div>
      <div role="gridcell" className="grid-cell">
        {CATEGORY_LABELS[r.category] ?? r.category}
      </div>
      <div role="gridcell" className="grid-cell">
        {formatUK(r.planStart)}
      </div>
      <div role="gridcell" className="grid-cell cell-score">
        <button
          type="button"
          className="score-button"
          tabIndex={active ? 0 : -1}
          aria-label={`Drift score ${r.score}, ${plural(r.findings.length, 'finding')}`}
          aria-describedby={tipFor}
          onMouseEnter={(e) => showTip(r, row.id, e.currentTarget)}
          onMouseLeave={hideTip}
          onFocus={(e) => showTip(r, row.id, e.currentTarget)}
          onBlur={hideTip}
          onClick={(e) => {
            e.stopPropagation()
            showTip(r, row.id, e.currentTarget)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.stopPropagation()
              e.preventDefault()
              onOpen(r.childId)
            }
          }}
        >
          <ScoreValue score={r.score} />
        </button>
      </div>
      <div role="gridcell" className="grid-cell cell-findings">
        {r.findings.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <span className="findings-summary">
            {shown.slice(0, 2).map((f, i) => (
              <span key={i} className={`mini mini-${f.severity}`}>
                <span className="mini-sev">{SEVERITY_LABELS[f.severity]}</span>
                {findingLabel(f)}
              </span>
            ))}
            {shown.length + rest > 2 && <span className="muted">+{shown.length + rest - Math.min(2, shown.length)} more</span>}
          </span>
        )}
      </div>
    </div>
  )
})
