import type { Finding, Severity } from '../../../shared/drift-types'
import { formatUK } from '../../../shared/civil-date'
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

export function ScoreValue({ score }: { score: number }) {
  const level = score >= 10 ? 'high' : score >= 5 ? 'medium' : score > 0 ? 'low' : 'none'
  return <span className={`score score-${level}`}>{score}</span>
}
