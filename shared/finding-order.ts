/**
 * A child's findings worst first (issue 11), shared by the core's triage, the caseload table's tags
 * and the score colour: severity high > medium > low; then status overdue, due-soon, flag; then due
 * date, earliest first and undated last (a dated deadline is the more pressing of two equal
 * findings, and a flag has none); then ruleId; then subject id and plan id, so the order is total.
 * Ids compare by code unit, as the drift contract does.
 */
import type { Finding, Severity } from './drift-types'

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

/** The worst severity among findings, or null when there are none. */
export function worstSeverity(findings: readonly Pick<Finding, 'severity'>[]): Severity | null {
  let worst: Severity | null = null
  for (const f of findings) {
    if (f.severity === 'high') return 'high'
    if (f.severity === 'medium' || worst === null) worst = f.severity
  }
  return worst
}
