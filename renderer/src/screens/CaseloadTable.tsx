/**
 * The caseload table: every child with an open plan, filtered, sorted, searched and grouped in the
 * window. Its parts are in renderer/src/caseload/: the data and table state (useCaseloadTable), the
 * columns and filters (table-model, TableFilterBar), the virtualised grid (VirtualGrid, GridRow) and
 * the score's tooltip (ScoreTip).
 */
import { useId, useMemo } from 'react'
import { formatUK } from '../../../shared/civil-date'
import type { CaseRow } from '../../../shared/caseload-table'
import { ErrorNotice, Loading } from '../components/Status'
import type { Navigate, TableFilters } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { TableFilterBar } from '../caseload/TableFilterBar'
import { TableSummary } from '../caseload/TableSummary'
import { useCaseloadTable, useCaseRows, type FilterChoices } from '../caseload/useCaseloadTable'
import { VirtualGrid } from '../caseload/VirtualGrid'
import { childCount } from '../caseload/child-count'

export function CaseloadTable({
  asOf,
  today,
  filters,
  onFiltersChange,
  navigate,
  returnTo,
}: {
  asOf: string
  today: string
  filters: TableFilters
  onFiltersChange(f: TableFilters): void
  navigate: Navigate
  /** The child whose case the chair has just come back from: their row again, not the top. */
  returnTo: string | null
}) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const { query, rows, choices } = useCaseRows(asOf)
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
      {rows && choices && <TableBody asOf={asOf} today={today} rows={rows} choices={choices} filters={filters} onFiltersChange={onFiltersChange} navigate={navigate} returnTo={returnTo} />}
    </div>
  )
}

function TableBody({
  asOf,
  today,
  rows: data,
  choices,
  filters,
  onFiltersChange,
  navigate,
  returnTo,
}: {
  asOf: string
  today: string
  rows: CaseRow[]
  choices: FilterChoices
  filters: TableFilters
  onFiltersChange(f: TableFilters): void
  navigate: Navigate
  returnTo: string | null
}) {
  const id = useId()
  const total = useMemo(() => childCount(data), [data])
  const { table, rows, leafCount, leafChildren, matched, teams, workers, search, setSearch, set, findingsFilter } = useCaseloadTable(data, choices, filters, onFiltersChange)
  return (
    <>
      <TableFilterBar filters={filters} set={set} search={search} onSearch={setSearch} teams={teams} workers={workers} />
      <TableSummary
        id={`${id}-count`}
        matched={matched}
        total={total}
        filters={filters}
        onClear={() => {
          setSearch('')
          onFiltersChange({ ...filters, findings: 'all', severity: 'all', team: '', worker: '', search: '' })
        }}
      />
      <VirtualGrid
        asOf={asOf}
        today={today}
        table={table}
        rows={rows}
        leafCount={leafCount}
        leafChildren={leafChildren}
        totalCount={total}
        findingsFilter={findingsFilter}
        onOpen={navigate.toCase}
        returnTo={returnTo}
        describedBy={`${id}-count ${id}-help`}
      />
      <p id={`${id}-help`} className="hint">
        Use the up and down arrow keys to move between rows and Enter to open a case. Tab to a drift score to read the findings behind it.
      </p>
    </>
  )
}
