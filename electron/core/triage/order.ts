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

/**
 * Each child's findings, in the order first met: runs of one child when the findings come in the
 * contract's order (a scan's, sorted by child first) — no map over every child, which at 50,000
 * children was a third of Start here's first answer — and a map when they do not.
 */
function byChild(findings: readonly Finding[]): Iterable<[string, Finding[]]> {
  const runs: [string, Finding[]][] = []
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!
    const last = runs[runs.length - 1]
    if (last && last[0] === f.childId) last[1].push(f)
    else if (last && last[0] > f.childId) return byChildMap(findings)
    else runs.push([f.childId, [f]])
  }
  return runs
}

function byChildMap(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>()
  for (const f of findings) {
    const list = map.get(f.childId)
    if (list) list.push(f)
    else map.set(f.childId, [f])
  }
  return map
}

/** Groups findings by child and puts the children, and each child's findings, in triage order. */
export function orderForTriage(findings: readonly Finding[]): TriageGroup[] {
  const groups: TriageGroup[] = []
  for (const [childId, list] of byChild(findings)) {
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
