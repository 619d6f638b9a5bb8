/**
 * The triage order (issue 11), in one place for the app and the CLI.
 *
 * Children with at least one finding, by: (1) their worst severity, high > medium > low; (2) whether
 * a finding of that worst severity is overdue (yes first); (3) drift score, highest first; (4) the
 * earliest due date among their overdue findings, of any severity (none last); (5) childId.
 *
 * A child's findings, worst first: shared/finding-order.ts (the caseload table uses the same order).
 */
import { SEVERITY_WEIGHT, type Finding, type Severity } from '../../../shared/drift-types'
import { compareChildFindings, SEVERITY_RANK } from '../../../shared/finding-order'

export { compareChildFindings, SEVERITY_RANK }

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

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
