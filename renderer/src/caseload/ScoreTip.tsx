import type { CaseRow } from '../../../shared/caseload-table'
import { usePlanFindings } from '../api/queries'
import { FindingLine, SeverityBadge, StatusTag } from '../components/Severity'
import { findingLabel } from '../labels'

/** Where the score's tooltip is open, and for which row. */
export interface Tip {
  rowId: string
  row: CaseRow
  top: number
  left: number
}

const SHOWN = 8

/**
 * The findings behind a drift score. The table has each finding's rule, severity and status; the
 * sentences that explain them are fetched for this one plan when the tooltip opens, and until then
 * the tags' words show.
 */
export function ScoreTip({ tip, id, asOf }: { tip: Tip; id: string; asOf: string }) {
  const { row } = tip
  const full = usePlanFindings(row.planId, asOf)
  const total = row.findings.length
  return (
    <div id={id} role="tooltip" className="score-tip" style={{ top: tip.top, left: tip.left }}>
      <p className="score-tip-title">
        {row.childName}: drift score {row.score}
      </p>
      {total === 0 ? (
        <p>No findings on this date.</p>
      ) : (
        <ul aria-busy={!full.data}>
          {full.data
            ? full.data.findings.slice(0, SHOWN).map((f, i) => (
                <li key={i}>
                  <FindingLine finding={f} compact />
                </li>
              ))
            : row.findings.slice(0, SHOWN).map((f, i) => (
                <li key={i}>
                  <div className={`finding finding-${f.severity} compact`}>
                    <div className="finding-head">
                      <SeverityBadge severity={f.severity} />
                      <span className="finding-rule">{findingLabel(f)}</span>
                      <StatusTag status={f.status} />
                    </div>
                  </div>
                </li>
              ))}
        </ul>
      )}
      {total > SHOWN && <p className="muted">and {total - SHOWN} more: open the case to see them all.</p>}
      <p className="score-tip-foot">High 3, medium 2, low 1 per finding.</p>
    </div>
  )
}
