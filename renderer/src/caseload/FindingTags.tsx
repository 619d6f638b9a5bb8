import type { FindingKind } from '../../../shared/caseload-table'
import { findingLabel, SEVERITY_LABELS, STATUS_LABELS } from '../labels'

/**
 * A row's findings as tags, worst first (the core sends them in shared/finding-order.ts order): the
 * first two that match the filter, then how many more. A long label ends in an ellipsis so the
 * count always shows; the full words are in the tag's title and in the score's tooltip.
 */
export function FindingTags({ findings, shown }: { findings: readonly FindingKind[]; shown: readonly FindingKind[] }) {
  if (findings.length === 0) return <span className="muted">None</span>
  const first = shown.slice(0, 2)
  const more = findings.length - first.length
  return (
    <span className="findings-summary">
      {first.map((f, i) => {
        const label = findingLabel(f)
        const status = f.status === 'flag' ? '' : ` (${STATUS_LABELS[f.status].toLowerCase()})`
        return (
          <span key={i} className={`mini mini-${f.severity}`} title={`${SEVERITY_LABELS[f.severity]}: ${label}${status}`} data-severity={f.severity}>
            <span className="mini-sev">{SEVERITY_LABELS[f.severity]}</span>
            <span className="mini-label">{label}</span>
          </span>
        )
      })}
      {more > 0 && <span className="mini-more">+{more} more</span>}
    </span>
  )
}
