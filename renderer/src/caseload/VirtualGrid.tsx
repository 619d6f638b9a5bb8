import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react'
import { noOpenPlansSentence } from '../dashboard/NoOpenPlans'
import type { useTable } from '@tanstack/react-table'
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import type { CaseRow } from '../../../shared/caseload-table'
import { plural } from '../labels'
import { GridRow } from './GridRow'
import { ScoreTip, type Tip } from './ScoreTip'
import { GRID_TEMPLATE, ROW_HEIGHT, type Features, type FindingsFilter } from './table-model'
import type { GridRowModel } from './plain-rows'

export type AnyTable = ReturnType<typeof useTable<Features, CaseRow>>

const estimateSize = () => ROW_HEIGHT

/** The child (or group) whose row or score has the keyboard focus. */
interface FocusedRow {
  rowId: string
  score: boolean
}

/**
 * The caseload as an ARIA grid (a treegrid when grouped): sortable headers, only the rows in view
 * drawn (@tanstack/react-virtual), one row in the tab order with the arrow keys, Page Up/Down,
 * Home and End moving between rows, and the score's tooltip.
 */
export function VirtualGrid({
  asOf,
  today,
  table,
  rows,
  leafCount,
  leafChildren,
  totalCount,
  findingsFilter,
  onOpen,
  returnTo,
  describedBy,
}: {
  asOf: string
  /** Today: with no open plan on another date, the caseload is not empty (dashboard/NoOpenPlans.tsx). */
  today: string
  table: AnyTable
  rows: GridRowModel[]
  leafCount: number
  /** Rows (one per open plan) and children shown, and children in the caseload on the date. */
  leafChildren: number
  totalCount: number
  findingsFilter: FindingsFilter | null
  onOpen(childId: string): void
  /** A child to put the keyboard on when the grid is first drawn (back from their case). */
  returnTo: string | null
  describedBy: string
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const getScrollElement = useCallback(() => scrollRef.current, [])
  const [active, setActive] = useState(0)
  const [tip, setTip] = useState<Tip | null>(null)
  const tipId = useId()
  // Stable between renders: the virtualiser recomputes every row's place (50,000 of them) whenever
  // estimateSize is a new function. Its items keep their index as key: every row has the same fixed
  // height and none is measured, so a key by child would only cost 50,000 ids per change of rows.
  //
  // Four rows beyond each edge are drawn so that a scroll of a few rows never shows a gap, but when
  // the rows in view jump by more than a screen (the scrollbar dragged, a fling) the rows beyond the
  // edges are never seen before the next frame draws others: only the rows in view are drawn then,
  // about 40% less work in each of those frames.
  const lastStart = useRef(0)
  const rangeExtractor = useCallback((range: Range) => {
    const jumped = Math.abs(range.startIndex - lastStart.current) > range.endIndex - range.startIndex + 1
    lastStart.current = range.startIndex
    return defaultRangeExtractor(jumped ? { ...range, overscan: 0 } : range)
  }, [])
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    overscan: 4,
    rangeExtractor,
  })
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1))

  // The row a key has moved to whose element has not taken the focus yet (it does at the next frame).
  // Keys pressed before then act from it, not from the row still holding the focus: otherwise a quick
  // second ArrowDown was lost, and an Enter opened the row before the highlighted one.
  const pending = useRef<number | null>(null)
  // True while the grid itself moves the focus to follow a child (see the layout effect below).
  const movingFocus = useRef(false)
  const focusRow = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(rows.length - 1, index))
      setActive(i)
      pending.current = i
      virtualizer.scrollToIndex(i, { align: 'auto' })
      // The row may not be rendered yet: focus once the virtualiser has drawn it. The grid's box can
      // reach below the window (a laptop's 768 pixels): the page scrolls too, so the row is seen.
      // A row scrolled to may take a few frames to be drawn: until then the move stays pending.
      const focusWhenDrawn = (framesLeft: number) => {
        if (pending.current !== i) return
        const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`)
        if (!el && framesLeft > 0) {
          requestAnimationFrame(() => focusWhenDrawn(framesLeft - 1))
          return
        }
        pending.current = null
        el?.focus({ preventScroll: true })
        el?.scrollIntoView({ block: 'nearest' })
      }
      requestAnimationFrame(() => focusWhenDrawn(30))
    },
    [rows.length, virtualizer],
  )

  // Back from a case opened here: that child's row, in view and with the keyboard, so the chair
  // carries on down the list instead of starting again at the top. Once, when first drawn.
  const returned = useRef(false)
  useEffect(() => {
    if (returned.current || returnTo === null || rows.length === 0) return
    returned.current = true
    const i = rows.findIndex((r) => !r.getIsGrouped() && r.original.childId === returnTo)
    // After the screen's own focus on its heading (useHeadingFocus), which runs on mount too.
    if (i >= 0) setTimeout(() => focusRow(i), 0)
  }, [returnTo, rows, focusRow])

  // Other rows (a filter, a sort): a pending move's index would now be another child's row.
  useEffect(() => {
    pending.current = null
  }, [rows])

  // A row the chair clicks (or tabs to) while a key's move is pending wins over that move; focus
  // following its child after a scroll (below) is not the chair's doing and leaves the move pending.
  const onFocusRow = useCallback((i: number) => {
    if (movingFocus.current && pending.current !== null) return
    if (pending.current !== i) pending.current = null
    setActive(i)
  }, [])

  // Stable across scrolling so that the memoised rows already drawn are not drawn again.
  const onKeyDown = useCallback((e: KeyboardEvent<HTMLDivElement>, focusedIndex: number, focusedRow: GridRowModel) => {
    if (e.target !== e.currentTarget) return
    const index = pending.current ?? focusedIndex
    const row = rows[index] ?? focusedRow
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
  }, [focusRow, onOpen, rows])

  const bodyRef = useRef<HTMLDivElement>(null)
  const focused = useRef<FocusedRow | null>(null)
  const onBodyFocus = useCallback(
    (e: FocusEvent<HTMLDivElement>) => {
      const rowEl = (e.target as HTMLElement).closest<HTMLElement>('[data-index]')
      const row = rowEl ? rows[Number(rowEl.dataset.index)] : undefined
      focused.current = row ? { rowId: row.id, score: e.target !== rowEl } : null
    },
    [rows],
  )
  const onBodyBlur = useCallback((e: FocusEvent<HTMLDivElement>) => {
    if (!(e.relatedTarget instanceof Node) || !e.currentTarget.contains(e.relatedTarget)) focused.current = null
  }, [])
  // The row elements are reused by position (see below), so after a scroll the focused element may
  // show another child: focus goes with the child it was on (or leaves the grid when that child is no
  // longer drawn), as when each child had its own element, so Enter never opens a child not chosen.
  useLayoutEffect(() => {
    const f = focused.current
    const body = bodyRef.current
    const el = document.activeElement
    if (!f || !body || !(el instanceof HTMLElement) || !body.contains(el)) return
    const at = el.closest<HTMLElement>('[data-index]')
    if (rows[Number(at?.dataset.index)]?.id === f.rowId) return
    const to = rows.findIndex((r) => r.id === f.rowId)
    const target = to >= 0 ? body.querySelector<HTMLElement>(`[data-index="${to}"]`) : null
    movingFocus.current = true
    try {
      if (target) (f.score ? (target.querySelector<HTMLElement>('.score-button') ?? target) : target).focus({ preventScroll: true })
      else el.blur()
    } finally {
      movingFocus.current = false
    }
  })

  const showTip = useCallback((row: CaseRow, rowId: string, el: HTMLElement) => {
    // Focus following its child after a scroll is not the chair asking for the reasons.
    if (movingFocus.current) return
    const r = el.getBoundingClientRect()
    const below = r.bottom + 8
    const top = below + 260 > window.innerHeight ? Math.max(8, r.top - 8) : below
    setTip({ rowId, row, top, left: Math.max(8, r.left - 160) })
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
              {totalCount === 0 && asOf !== today ? (
                <>
                  <strong>{noOpenPlansSentence(asOf, today)}</strong> Choose another date above, or Today to see the caseload as it is now.
                </>
              ) : totalCount === 0 ? (
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
          <div ref={bodyRef} className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }} onFocus={onBodyFocus} onBlur={onBodyBlur}>
            {/* Keyed by position among the rows drawn, not by child: a scroll gives the same elements
                other children's text (in the same order on the page) instead of removing a whole
                screen of rows and building another, which made the long frames at 50,000 children. */}
            {items.map((item, slot) => {
              const row = rows[item.index]
              if (!row) return null
              return (
                <GridRow
                  key={slot}
                  row={row}
                  index={item.index}
                  start={item.start}
                  active={item.index === activeIndex}
                  findingsFilter={findingsFilter}
                  tipFor={tip?.rowId === row.id ? tipId : undefined}
                  onKeyDown={onKeyDown}
                  onFocusRow={onFocusRow}
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
        {leafChildren === totalCount ? plural(totalCount, 'child', 'children') : `${plural(leafChildren, 'child', 'children')} of ${totalCount.toLocaleString('en-GB')}`}
        {rows.length !== leafCount && ` in ${plural(rows.length - leafCount, 'group')}`}
      </p>
      {tip && <ScoreTip tip={tip} id={tipId} asOf={asOf} />}
    </div>
  )
}

