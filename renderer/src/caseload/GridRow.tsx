import { memo, type KeyboardEvent } from 'react'
import { childCount } from './child-count'
import { formatUK } from '../../../shared/civil-date'
import type { CaseRow } from '../../../shared/caseload-table'
import { ScoreValue } from '../components/Severity'
import { CATEGORY_LABELS, plural } from '../labels'
import { FindingTags } from './FindingTags'
import { findingMatches, GRID_TEMPLATE, groupScore, NO_TEAM, NO_WORKER, ROW_HEIGHT, type FindingsFilter } from './table-model'
import type { GridRowModel } from './plain-rows'

/** One row of the virtualised caseload grid: a group (worker or team, with its total drift) or a child. */
export const GridRow = memo(function GridRow({
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
  row: GridRowModel
  index: number
  start: number
  active: boolean
  findingsFilter: FindingsFilter | null
  tipFor: string | undefined
  onKeyDown(e: KeyboardEvent<HTMLDivElement>, index: number, row: GridRowModel): void
  onFocusRow(index: number): void
  onOpen(childId: string): void
  showTip(row: CaseRow, rowId: string, el: HTMLElement): void
  hideTip(): void
}) {
  const style = { transform: `translateY(${start}px)`, height: ROW_HEIGHT, gridTemplateColumns: GRID_TEMPLATE }
  if (row.getIsGrouped()) {
    const leaves = row.getLeafRows().filter((r) => !r.getIsGrouped())
    const score = groupScore(row)
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
            {plural(childCount(leaves.map((l) => l.original)), 'child', 'children')} · total drift score {score}
          </span>
        </div>
      </div>
    )
  }
  const r = row.original
  const shown = findingsFilter ? r.findings.filter((f) => findingMatches(f, findingsFilter)) : r.findings
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
          <ScoreValue score={r.score} findings={r.findings} />
        </button>
      </div>
      <div role="gridcell" className="grid-cell cell-findings">
        <FindingTags findings={r.findings} shown={shown} />
      </div>
    </div>
  )
})
