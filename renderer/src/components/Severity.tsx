import type { Finding, Severity } from '../../../shared/drift-types'
import { formatUK } from '../../../shared/civil-date'
import { worstSeverity } from '../../../shared/finding-order'
import { SEVERITY_LABELS, STATUS_LABELS, findingLabel } from '../labels'

/** Severity with its word, never colour alone. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge badge-${severity}`}>{SEVERITY_LABELS[severity]}</span>
}

export function StatusTag({ status }: { status: Finding['status'] }) {
  if (status === 'flag') return null
  return <span className={`tag tag-${status}`}>{STATUS_LABELS[status]}</span>
}

/** One finding: its severity, its short name and the sentence that explains it. */
export function FindingLine({ finding, compact = false }: { finding: Finding; compact?: boolean }) {
  return (
    <div className={`finding finding-${finding.severity}${compact ? ' compact' : ''}`}>
      <div className="finding-head">
        <SeverityBadge severity={finding.severity} />
        <span className="finding-rule">{findingLabel(finding)}</span>
        <StatusTag status={finding.status} />
        {finding.dueDate && <span className="finding-due">Due {formatUK(finding.dueDate)}</span>}
      </div>
      <p className="finding-message">{finding.message}</p>
    </div>
  )
}

/** The drift score, coloured by the worst finding behind it (any high is red), never by the sum alone. */
export function ScoreValue({ score, findings }: { score: number; findings: readonly Pick<Finding, 'severity'>[] }) {
  const level = worstSeverity(findings) ?? 'none'
  return (
    <span className={`score score-${level}`} data-worst={level}>
      {score}
    </span>
  )
}
