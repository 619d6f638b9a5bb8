/**
 * The dashboard's figures (`caseload:overview`) from one analysis: groups, upcoming deadlines,
 * findings by rule, and drift by worker and by team. Computed once per analysis (app/analysis.ts
 * keeps it until the analysis changes).
 */
import type { OutputOf } from '../../../shared/ipc-contract'
import { driftScore, type Finding } from '../../../shared/drift-types'
import { addDays } from '../../../shared/civil-date'
import { countByGroup } from '../../../shared/rule-groups'
import type { OpenPlanRow } from '../queries/caseload-rows'

/** How many upcoming deadlines the overview lists (soonest first). */
export const UPCOMING_LIMIT = 200
const UPCOMING_DAYS = 28

export interface OverviewInput {
  rows: readonly OpenPlanRow[]
  findingsByPlan: ReadonlyMap<string, readonly Finding[]>
  findings: readonly Finding[]
  warnings: readonly string[]
}

export function overviewOf(asOf: string, { rows, findings, findingsByPlan, warnings }: OverviewInput): OutputOf<'caseload:overview'> {
  const childNames = new Map<string, string>()
  for (const r of rows) childNames.set(r.childId, r.childName)

  const groups = countByGroup(findings)

  const horizon = addDays(asOf, UPCOMING_DAYS)
  const upcoming = findings
    .filter((f) => f.dueDate !== null && f.dueDate >= asOf && f.dueDate <= horizon)
    .sort((a, b) => (a.dueDate! < b.dueDate! ? -1 : a.dueDate! > b.dueDate! ? 1 : a.childId < b.childId ? -1 : 1))
    .slice(0, UPCOMING_LIMIT)
    .map((finding) => ({ finding, childName: childNames.get(finding.childId) ?? finding.childId }))

  const byRuleMap = new Map<string, { ruleId: string; high: number; medium: number; low: number }>()
  for (const f of findings) {
    let r = byRuleMap.get(f.ruleId)
    if (!r) byRuleMap.set(f.ruleId, (r = { ruleId: f.ruleId, high: 0, medium: 0, low: 0 }))
    r[f.severity] += 1
  }

  const workers = new Map<string, { workerId: string | null; workerName: string; children: Set<string>; score: number; withFindings: Set<string>; withHigh: Set<string> }>()
  const teams = new Map<string, { team: string; children: Set<string>; score: number }>()
  const children = new Set<string>()
  for (const row of rows) {
    children.add(row.childId)
    const planFindings = findingsByPlan.get(row.planId)
    const score = planFindings ? driftScore(planFindings) : 0
    const wKey = row.workerId ?? ''
    let w = workers.get(wKey)
    if (!w) {
      w = { workerId: row.workerId, workerName: row.workerName ?? 'No allocated worker', children: new Set(), score: 0, withFindings: new Set(), withHigh: new Set() }
      workers.set(wKey, w)
    }
    w.children.add(row.childId)
    w.score += score
    if (planFindings?.length) {
      w.withFindings.add(row.childId)
      if (planFindings.some((f) => f.severity === 'high')) w.withHigh.add(row.childId)
    }
    const team = row.team ?? 'No team'
    let t = teams.get(team)
    if (!t) teams.set(team, (t = { team, children: new Set(), score: 0 }))
    t.children.add(row.childId)
    t.score += score
  }
  const byScore = (a: { score: number; name: string }, b: { score: number; name: string }) =>
    b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

  return {
    asOf,
    children: children.size,
    openPlans: rows.length,
    groups,
    upcoming,
    byRule: [...byRuleMap.values()].sort((a, b) => b.high * 3 + b.medium * 2 + b.low - (a.high * 3 + a.medium * 2 + a.low) || (a.ruleId < b.ruleId ? -1 : 1)),
    byWorker: [...workers.values()]
      .map((w) => ({
        workerId: w.workerId,
        workerName: w.workerName,
        children: w.children.size,
        score: w.score,
        withFindings: w.withFindings.size,
        withHigh: w.withHigh.size,
        name: w.workerName,
      }))
      .sort(byScore)
      .map(({ name: _name, ...w }) => w),
    byTeam: [...teams.values()]
      .map((t) => ({ team: t.team, children: t.children.size, score: t.score, name: t.team }))
      .sort(byScore)
      .map(({ name: _name, ...t }) => t),
    warnings: [...warnings],
  }
}
