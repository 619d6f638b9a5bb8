/**
 * The caseload table's filtering and sorting done once over plain rows, before TanStack Table sees
 * them (it is given the result with `manualFiltering` and `manualSorting`). At 50,000 children
 * TanStack's own filtered and sorted row models took most of the time from a dashboard tile to the
 * table: a per-row map of filter results, each filter function called through several layers, the
 * findings filter parsing its value again for every finding. Here the findings filter is decided once
 * per finding kind (rows share the kind objects), and each sort key is computed once per row.
 *
 * The result must be exactly what TanStack's row models give, same rows in the same order: the
 * comparison functions are TanStack's own (`sortFn_*.sort`, `resolveDataValue`), ties keep the
 * rows' order as the core sent them, and test/platform/table-view.test.ts checks this against
 * TanStack's row models over generated caseloads.
 */
import { sortFn_alphanumeric, sortFn_basic, type SortingState } from '@tanstack/react-table'
import type { CaseRow, FindingKind } from '../../../shared/caseload-table'
import { CATEGORY_LABELS } from '../labels'
import { findingMatches, NO_TEAM, NO_WORKER, type FindingsFilter } from './table-model'

export interface TableQuery {
  findingsFilter: FindingsFilter | null
  /** '' for all teams. */
  team: string
  /** '' for all workers. */
  worker: string
  /** What the chair typed; blank for none. */
  search: string
  sorting: SortingState
}

const teamOf = (r: CaseRow) => r.team ?? NO_TEAM
const workerOf = (r: CaseRow) => r.workerName ?? NO_WORKER

interface SortFn {
  sort(a: unknown, b: unknown): number
  resolveDataValue: ((v: unknown) => unknown) | undefined
}
interface SortColumn {
  value(r: CaseRow): unknown
  fn: SortFn
}

/** TanStack's comparison of two values (alphanumeric and basic never look at the rows it also passes). */
const tanstack = (fn: typeof sortFn_basic): SortFn => ({
  sort: (a, b) => fn.sort(a, b, undefined as never, undefined as never, ''),
  resolveDataValue: fn.resolveDataValue as SortFn['resolveDataValue'],
})
const ALPHANUMERIC = tanstack(sortFn_alphanumeric)
const BASIC = tanstack(sortFn_basic)

/** The sortable columns as table-model.tsx defines them: the same value and the same sort function. */
const SORT_COLUMNS: Record<string, SortColumn> = {
  child: { value: (r) => r.childName, fn: ALPHANUMERIC },
  team: { value: teamOf, fn: ALPHANUMERIC },
  worker: { value: workerOf, fn: ALPHANUMERIC },
  category: { value: (r) => CATEGORY_LABELS[r.category] ?? r.category, fn: ALPHANUMERIC },
  planStart: { value: (r) => r.planStart, fn: BASIC },
  score: { value: (r) => r.score, fn: BASIC },
}

/** Does a row pass the table's filters (findings and severity, team, worker, search), as TanStack's column and global filters decide? */
export function rowFilter(q: Omit<TableQuery, 'sorting'>): ((r: CaseRow) => boolean) | null {
  const tests: ((r: CaseRow) => boolean)[] = []
  const ff = q.findingsFilter
  if (ff) {
    // Decided once per kind: rows share the kind objects the table was unpacked with.
    const decided = new Map<FindingKind, boolean>()
    const matches = (f: FindingKind) => {
      let m = decided.get(f)
      if (m === undefined) decided.set(f, (m = findingMatches(f, ff)))
      return m
    }
    tests.push((r) => r.findings.some(matches))
  }
  if (q.team) tests.push((r) => teamOf(r) === q.team)
  if (q.worker) tests.push((r) => workerOf(r) === q.worker)
  // TanStack skips an empty global filter; one of spaces matches every row (it trims to nothing).
  if (q.search) {
    const s = q.search.trim().toLowerCase()
    if (s) tests.push((r) => r.childName.toLowerCase().includes(s) || teamOf(r).toLowerCase().includes(s) || workerOf(r).toLowerCase().includes(s))
  }
  if (tests.length === 0) return null
  return (r) => {
    for (const t of tests) if (!t(r)) return false
    return true
  }
}

/** The rows the filters leave, in the sort's order (ties in the order given). */
export function viewRows(data: readonly CaseRow[], q: TableQuery): CaseRow[] {
  const keep = rowFilter(q)
  const rows = keep ? data.filter(keep) : [...data]
  const sorts = q.sorting.flatMap((s) => {
    const col = SORT_COLUMNS[s.id]
    return col ? [{ col, desc: s.desc }] : []
  })
  if (sorts.length === 0 || rows.length < 2) return rows
  // Keys once per row, then an index sort: the comparison never calls back into the row.
  const keys = sorts.map(({ col }) => {
    const resolve = col.fn.resolveDataValue
    return rows.map((r) => (resolve ? resolve(col.value(r)) : col.value(r)))
  })
  const order = rows.map((_, i) => i)
  order.sort((a, b) => {
    for (let k = 0; k < sorts.length; k++) {
      const s = sorts[k]!
      const key = keys[k]!
      let c = s.col.fn.sort(key[a], key[b])
      if (c !== 0) {
        if (s.desc) c = -c
        return c
      }
    }
    return a - b
  })
  return order.map((i) => rows[i]!)
}
