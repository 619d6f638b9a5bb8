import { startTransition, useEffect, useId, useState } from 'react'
import { ALL_RULE_IDS, SEVERITIES } from '../../../shared/drift-types'
import { RULE_GROUPS, RULE_GROUP_KEYS } from '../../../shared/rule-groups'
import { GROUP_STATUS_LABELS, SEVERITY_LABELS, ruleLabel } from '../labels'
import type { TableFilters } from '../nav'

/** The caseload table's filters: search, findings (a dashboard group, one of its statuses, or one rule), severity, team, worker, grouping. */
export function TableFilterBar({
  filters,
  set,
  search,
  onSearch,
  teams,
  workers,
}: {
  filters: TableFilters
  set(patch: Partial<TableFilters>): void
  search: string
  onSearch(value: string): void
  teams: readonly string[]
  workers: readonly string[]
}) {
  const id = useId()
  const everyWorker = useAfterFirstPaint()
  // At authority scale this list has thousands of names: drawn just after the table's first paint
  // (with the chosen worker meanwhile), not in the click that opens the table.
  const workerOptions = everyWorker ? workers : filters.worker ? [filters.worker] : []
  return (
    <div className="filters" role="group" aria-label="Filter and group the caseload">
      <div className="field">
        <label htmlFor={`${id}-search`}>Search</label>
        <input id={`${id}-search`} type="search" className="input" placeholder="Child, worker or team" value={search} onChange={(e) => onSearch(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-findings`}>Findings</label>
        <select id={`${id}-findings`} className="input" value={filters.findings} onChange={(e) => set({ findings: e.target.value })}>
          <option value="all">All children</option>
          {RULE_GROUP_KEYS.map((k) => (
            <optgroup key={k} label={RULE_GROUPS[k].title}>
              <option value={`group:${k}`}>{RULE_GROUPS[k].title}: overdue or flagged</option>
              {(['overdue', 'flag', 'due-soon'] as const).map((st) => (
                <option key={st} value={`group:${k}:${st}`}>
                  {RULE_GROUPS[k].title}: {GROUP_STATUS_LABELS[st].toLowerCase()}
                </option>
              ))}
            </optgroup>
          ))}
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
        <select id={`${id}-severity`} className="input" value={filters.severity} onChange={(e) => set({ severity: e.target.value as TableFilters['severity'] })}>
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
          {workerOptions.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-group`}>Group by</label>
        <select id={`${id}-group`} className="input" value={filters.groupBy} onChange={(e) => set({ groupBy: e.target.value as TableFilters['groupBy'] })}>
          <option value="none">No grouping</option>
          <option value="worker">Social worker</option>
          <option value="team">Team</option>
        </select>
      </div>
    </div>
  )
}

/** False on the first render, true once the browser has painted it (a frame, then a task). */
function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setPainted(true)), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [])
  return painted
}
