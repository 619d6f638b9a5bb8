/**
 * The caseload table filtered and sorted once in renderer/src/caseload/table-view.ts, then handed to
 * TanStack Table with manualFiltering and manualSorting (useCaseloadTable), must show exactly the rows
 * TanStack's own filtered and sorted row models showed before, in the same order, grouped or not: a
 * faster table that hides a child or puts one in the wrong place is worse than a slow one. Each case
 * renders both with React (server rendering, no DOM needed) over generated caseloads.
 */
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { useTable, type SortingState } from '@tanstack/react-table'
import { describe, expect, it } from 'vitest'
import { packCaseloadTable, unpackCaseloadTable, type CaseRow, type FindingKind, type PlanRow } from '../../shared/caseload-table'
import { ALL_RULE_IDS, FINDING_STATUSES, SEVERITIES } from '../../shared/drift-types'
import { RULE_GROUP_KEYS } from '../../shared/rule-groups'
import { NO_FILTERS, type TableFilters } from '../../renderer/src/nav'
import { columns, features, GROUP_COLUMN, sortGroupsByDrift, type FindingsFilter } from '../../renderer/src/caseload/table-model'
import type { GridRowModel } from '../../renderer/src/caseload/plain-rows'
import { filterChoices, useCaseloadTable } from '../../renderer/src/caseload/useCaseloadTable'
import { viewRows } from '../../renderer/src/caseload/table-view'

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Names that exercise the alphanumeric sort: case, digits, accents, spaces, duplicates.
const FIRST = ['Amy', 'amy', 'Ben', 'Zoë', 'Émile', 'child 2', 'child 10', 'Child 1', 'O’Neil', 'de Souza', 'Ava-Mae', 'x']
const TEAMS = ['North', 'north', 'South 2', 'South 10', 'Éast', 'No team recorded']
const WORKERS = ['Jo Smith', 'jo smith', 'Ali 3', 'Ali 12', 'Sam', 'Zed']
const CATEGORIES = ['neglect', 'emotional', 'physical', 'sexual', 'multiple', 'unknown-code']

function caseload(seed: number, n: number): { rows: CaseRow[]; choices: ReturnType<typeof filterChoices> } {
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const plans: PlanRow[] = []
  const findings = new Map<string, FindingKind[]>()
  for (let i = 0; i < n; i++) {
    const w = rnd() < 0.15 ? null : Math.floor(rnd() * 8)
    const planId = `P${Math.floor(rnd() * 1000)}-${i}`
    plans.push({
      childId: `C${Math.floor(rnd() * n)}`,
      childName: `${pick(FIRST)}${rnd() < 0.5 ? ` ${pick(FIRST)}` : ''}`,
      complex: rnd() < 0.2,
      team: rnd() < 0.1 ? null : pick(TEAMS),
      planId,
      // Equal dates and edge dates, so ties and year ends are sorted.
      planStart: pick(['2025-12-31', '2026-01-01', '2026-02-28', '2024-02-29', '2026-11-30', '2026-01-01']),
      category: pick(CATEGORIES),
      workerId: w === null ? null : `W${w}`,
      // W6 and W7 name nobody known; W0 and W1 share a name in different case.
      workerName: w === null || w >= 6 ? null : WORKERS[w]!,
    })
    const k = Math.floor(rnd() * 5)
    findings.set(
      planId,
      Array.from({ length: k }, () => ({ ruleId: pick(ALL_RULE_IDS), severity: pick(SEVERITIES), status: pick(FINDING_STATUSES) })),
    )
  }
  const t = packCaseloadTable('2026-11-30', plans, (r) => findings.get(r.planId) ?? [])
  return { rows: unpackCaseloadTable(JSON.parse(JSON.stringify(t))), choices: filterChoices(t) }
}

const FINDINGS_VALUES = ['all', ...RULE_GROUP_KEYS.flatMap((k) => [`group:${k}`, `group:${k}:overdue`, `group:${k}:flag`, `group:${k}:due-soon`]), ...ALL_RULE_IDS.map((r) => `rule:${r}`)]
const SEARCHES = ['', ' ', 'amy', 'AMY ', 'child 1', 'smith', 'no team', 'allocated', 'ë', 'zzz']
const SORTINGS: SortingState[] = [
  [{ id: 'score', desc: true }],
  [{ id: 'score', desc: false }],
  [{ id: 'child', desc: false }],
  [{ id: 'child', desc: true }],
  [{ id: 'team', desc: false }],
  [{ id: 'worker', desc: true }],
  [{ id: 'category', desc: false }],
  [{ id: 'planStart', desc: false }],
  [{ id: 'planStart', desc: true }],
  [{ id: 'team', desc: false }, { id: 'score', desc: true }],
  [{ id: 'worker', desc: false }, { id: 'planStart', desc: true }, { id: 'child', desc: false }],
  [],
]

/** The table as it was before table-view.ts: TanStack's filtered and sorted row models. */
function tanstackIds(data: CaseRow[], filters: TableFilters, sorting: SortingState): string[] {
  let ids: string[] = []
  function Old() {
    const findingsFilter: FindingsFilter | null = filters.findings !== 'all' || filters.severity !== 'all' ? { findings: filters.findings, severity: filters.severity } : null
    const columnFilters = []
    if (findingsFilter) columnFilters.push({ id: 'findings', value: findingsFilter })
    if (filters.team) columnFilters.push({ id: 'team', value: filters.team })
    if (filters.worker) columnFilters.push({ id: 'worker', value: filters.worker })
    const col = GROUP_COLUMN[filters.groupBy]
    const table = useTable({
      features,
      columns,
      data,
      getRowId: (r) => `${r.childId}:${r.planId}`,
      state: { sorting, columnFilters, globalFilter: filters.search, grouping: col ? [col] : [], expanded: true },
      globalFilterFn: (row, columnId, value: string) =>
        String(row.getValue(columnId) ?? '')
          .toLowerCase()
          .includes(value.trim().toLowerCase()),
      groupedColumnMode: false,
      autoResetExpanded: false,
    })
    ids = idsOf(sortGroupsByDrift(table.getRowModel().rows))
    return null
  }
  renderToString(createElement(Old))
  return ids
}

function newIds(data: CaseRow[], choices: ReturnType<typeof filterChoices>, filters: TableFilters, sorting: SortingState): { ids: string[]; matched: number } {
  let out = { ids: [] as string[], matched: -1 }
  function New() {
    const t = useCaseloadTable(data, choices, filters, () => {}, sorting)
    out = { ids: idsOf(t.rows), matched: t.matched }
    return null
  }
  renderToString(createElement(New))
  return out
}

const idsOf = (rows: readonly GridRowModel[]) => rows.map((r) => (r.getIsGrouped() ? `group:${String(r.groupingValue)}:${r.getLeafRows().length}` : r.id))

describe('the caseload table filtered and sorted before TanStack (table-view.ts)', () => {
  it('shows the same rows in the same order as TanStack’s own row models, for every filter, search, sort and grouping', () => {
    let compared = 0
    for (const seed of [1, 2, 3]) {
      const { rows, choices } = caseload(seed, 160)
      const rnd = prng(seed * 7919)
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
      for (let i = 0; i < 70; i++) {
        const filters: TableFilters = {
          ...NO_FILTERS,
          findings: rnd() < 0.3 ? 'all' : pick(FINDINGS_VALUES),
          severity: rnd() < 0.5 ? 'all' : pick(SEVERITIES),
          team: rnd() < 0.7 ? '' : pick(choices.teams),
          worker: rnd() < 0.7 ? '' : pick(choices.workers),
          search: rnd() < 0.5 ? '' : pick(SEARCHES),
          groupBy: pick(['none', 'none', 'worker', 'team'] as const),
        }
        const sorting = pick(SORTINGS)
        const want = tanstackIds(rows, filters, sorting)
        const got = newIds(rows, choices, filters, sorting)
        expect(got.ids, JSON.stringify({ seed, filters, sorting })).toEqual(want)
        // Children, not rows: a child with two open plans is one (caseload/child-count.ts).
        expect(got.matched).toBe(new Set(viewRows(rows, { sorting: [], ...pickQuery(filters) }).map((r) => r.childId)).size)
        compared++
      }
    }
    expect(compared).toBe(210)
  })

  it('lists every team and worker the rows show, once each, sorted, with the words for none', () => {
    for (const seed of [4, 5]) {
      const { rows, choices } = caseload(seed, 120)
      const names = (xs: (string | null)[], none: string) => [...new Set(xs.map((x) => x ?? none))].sort(new Intl.Collator('en-GB').compare)
      expect(choices.teams).toEqual(names(rows.map((r) => r.team), 'No team recorded'))
      expect(choices.workers).toEqual(names(rows.map((r) => r.workerName), 'No allocated worker'))
    }
  })

  it('keeps a filtered row set small and leaves the rows given untouched', () => {
    const { rows } = caseload(9, 200)
    const before = rows.map((r) => r.planId)
    const shown = viewRows(rows, { findingsFilter: { findings: 'rule:no-allocated-worker', severity: 'all' }, team: '', worker: '', search: '', sorting: [{ id: 'score', desc: true }] })
    expect(rows.map((r) => r.planId)).toEqual(before)
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.length).toBeLessThan(rows.length)
    for (const r of shown) expect(r.findings.some((f) => f.ruleId === 'no-allocated-worker')).toBe(true)
    for (let i = 1; i < shown.length; i++) expect(shown[i - 1]!.score).toBeGreaterThanOrEqual(shown[i]!.score)
  })
})

function pickQuery(f: TableFilters) {
  return {
    findingsFilter: f.findings !== 'all' || f.severity !== 'all' ? { findings: f.findings, severity: f.severity } : null,
    team: f.team,
    worker: f.worker,
    search: f.search,
  }
}
