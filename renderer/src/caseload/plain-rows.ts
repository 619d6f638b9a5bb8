/**
 * The caseload table's rows when they are not grouped: one small object per child over the row the
 * core sent, with the few parts of a TanStack row the grid uses. TanStack's own rows (each with its
 * caches, filter state and sub-row list) came to about 30 MB at 50,000 children, most of the page's
 * heap: the garbage collector's pauses while scrolling grew with it. Grouped, the table still uses
 * TanStack's rows (groups, expanding and leaf rows are its work).
 */
import type { CaseRow } from '../../../shared/caseload-table'
import type { TableRow } from './table-model'

/** What the grid reads from a row: a TanStack row, or a plain one. */
export type GridRowModel = Pick<TableRow, 'id' | 'depth' | 'original' | 'groupingValue' | 'getIsGrouped' | 'getIsExpanded' | 'getLeafRows' | 'toggleExpanded'>

const NO_LEAVES: TableRow[] = []

/** A child's row, ungrouped; its id is TanStack's (getRowId in useCaseloadTable), made when asked. */
export class PlainRow implements GridRowModel {
  constructor(readonly original: CaseRow) {}
  get id(): string {
    return rowId(this.original)
  }
  get depth(): number {
    return 0
  }
  get groupingValue(): unknown {
    return undefined
  }
  getIsGrouped(): boolean {
    return false
  }
  getIsExpanded(): boolean {
    return false
  }
  getLeafRows(): TableRow[] {
    return NO_LEAVES
  }
  toggleExpanded(): void {}
}

/** A row's id in the table: the plan, which is unique (a child with two open plans has two rows). */
export const rowId = (r: CaseRow): string => `${r.childId}:${r.planId}`
