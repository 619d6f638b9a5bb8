/**
 * The triage order (issue 11), in one place for the app and the CLI.
 *
 * Children with at least one finding, by: (1) their worst severity, high > medium > low; (2) whether
 * a finding of that worst severity is overdue (yes first); (3) drift score, highest first; (4) the
 * earliest due date among their overdue findings, of any severity (none last); (5) childId.
 *
 * A child's findings, worst first: severity; then status overdue, due-soon, flag; then due date,
 * earliest first and undated last (a dated deadline is the more pressing of two equal findings, and
 * a flag has none); then ruleId; then the subject id and the plan id, so that the order is total.
 * Ids compare by code unit, as the drift contract does.
 */
import { SEVERITY_WEIGHT, type Finding, type Severity } from '../../../shared/drift-types'

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 }
export const STATUS_RANK: Readonly<Record<Finding['status'], number>> = { overdue: 0, 'due-soon': 1, flag: 2 }

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function compareChildFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    (a.dueDate === b.dueDate ? 0 : a.dueDate === null ? 1 : b.dueDate === null ? -1 : cmp(a.dueDate, b.dueDate)) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.subject.id, b.subject.id) ||
    cmp(a.planId, b.planId) ||
    cmp(a.subject.kind, b.subject.kind)
  )
}

/** One child's findings with the keys the order uses. */
export interface TriageGroup {
  childId: string
  /** Worst first (compareChildFindings). */
  findings: Finding[]
  worst: Severity
  worstOverdue: boolean
  score: number
  /** Earliest due date among the overdue findings, or null. */
  earliestOverdue: string | null
}

export function compareGroups(a: TriageGroup, b: TriageGroup): number {
  return (
    SEVERITY_RANK[a.worst] - SEVERITY_RANK[b.worst] ||
    Number(b.worstOverdue) - Number(a.worstOverdue) ||
    b.score - a.score ||
    (a.earliestOverdue === b.earliestOverdue ? 0 : a.earliestOverdue === null ? 1 : b.earliestOverdue === null ? -1 : cmp(a.earliestOverdue, b.earliestOverdue)) ||
    cmp(a.childId, b.childId)
  )
}

/** Groups findings by child and puts the children, and each child's findings, in triage order. */
export function orderForTriage(findings: readonly Finding[]): TriageGroup[] {
  const byChild = new Map<string, Finding[]>()
  for (const f of findings) {
    const list = byChild.get(f.childId)
    if (list) list.push(f)
    else byChild.set(f.childId, [f])
  }
  const groups: TriageGroup[] = []
  for (const [childId, list] of byChild) {
    list.sort(compareChildFindings)
    const worst = list[0]!.severity
    let worstOverdue = false
    let score = 0
    let earliestOverdue: string | null = null
    for (const f of list) {
      score += SEVERITY_WEIGHT[f.severity]
      if (f.status !== 'overdue') continue
      if (f.severity === worst) worstOverdue = true
      if (f.dueDate !== null && (earliestOverdue === null || f.dueDate < earliestOverdue)) earliestOverdue = f.dueDate
    }
    groups.push({ childId, findings: list, worst, worstOverdue, score, earliestOverdue })
  }
  return groups.sort(compareGroups)
}
