import { findingsFilterLabel, plural, SEVERITY_LABELS } from '../labels'
import type { TableFilters } from '../nav'

/** How many children the filters leave, in words that name each filter, and the way to clear them. */
export function TableSummary({ id, matched, total, filters, onClear }: { id: string; matched: number; total: number; filters: TableFilters; onClear(): void }) {
  const filtered = filters.findings !== 'all' || filters.severity !== 'all' || filters.team || filters.worker || filters.search
  return (
    <div className="table-summary">
      <p role="status" aria-live="polite" id={id}>
        Showing <strong>{plural(matched, 'child', 'children')}</strong> of {total.toLocaleString('en-GB')}
        {filters.findings !== 'all' && <> · {findingsFilterLabel(filters.findings)}</>}
        {filters.severity !== 'all' && <> · {SEVERITY_LABELS[filters.severity]} severity</>}
        {filters.team && <> · {filters.team}</>}
        {filters.worker && <> · {filters.worker}</>}
        {filters.search && <> · matching “{filters.search}”</>}
      </p>
      {filtered && (
        <button type="button" className="button secondary small" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  )
}
