import { useState } from 'react'
import { formatUK } from '../../../shared/civil-date'
import type { TriagedChild, TriagedFinding } from '../../../shared/triage-types'
import { useTriage } from '../api/queries'
import { SeverityBadge, StatusTag } from '../components/Severity'
import { ErrorNotice, Loading } from '../components/Status'
import { findingLabel, plural } from '../labels'
import type { Navigate } from '../nav'

/** How many children Start here lists at first (the dashboard asks for them alongside the overview). */
export const START_HERE_FIRST = 10
const PAGE = 100

/**
 * "Start here": the children to act on first and why (the core's triage order), each with its worst
 * one or two findings, their next steps, the worker, and one click to the case or to the record
 * behind a finding. The first ten, then all of them, drawn a hundred at a time.
 */
export function StartHere({ asOf, navigate }: { asOf: string; navigate: Navigate }) {
  const [all, setAll] = useState(false)
  const [shown, setShown] = useState(PAGE)
  const triage = useTriage(asOf, all ? null : START_HERE_FIRST)
  const data = triage.data
  const children = data ? (all ? data.children.slice(0, shown) : data.children) : []
  return (
    <section className="panel start-here" aria-labelledby="start-here-heading">
      <div className="start-here-head">
        <h2 id="start-here-heading">Start here</h2>
        {data && data.total > 0 && (
          <p className="panel-sub">
            {plural(data.total, 'child has', 'children have')} drift findings on {formatUK(data.asOf)}. Worst first: high before medium before
            low, overdue before flagged, then the higher drift score.
          </p>
        )}
      </div>
      {triage.isPending && <Loading label="Putting the children in order" />}
      {triage.isError && <ErrorNotice error={triage.error} onRetry={() => void triage.refetch()} />}
      {data && data.total === 0 && <p className="empty">No child has a drift finding on {formatUK(data.asOf)}: nothing needs acting on today.</p>}
      {children.length > 0 && (
        <ol className="start-list">
          {children.map((c, i) => (
            <StartItem key={c.childId} rank={i + 1} child={c} navigate={navigate} />
          ))}
        </ol>
      )}
      {data && !all && data.total > data.children.length && (
        <button type="button" className="button secondary" onClick={() => setAll(true)}>
          Show all {data.total.toLocaleString('en-GB')} children with findings
        </button>
      )}
      {data && all && shown < data.children.length && (
        <button type="button" className="button secondary" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, data.children.length - shown)} more (of {data.children.length.toLocaleString('en-GB')})
        </button>
      )}
      {all && triage.isFetching && <Loading label="Loading every child" />}
    </section>
  )
}

function StartItem({ rank, child, navigate }: { rank: number; child: TriagedChild; navigate: Navigate }) {
  // The worst reason, and a second one when it is as serious (or it is the only other finding).
  const reasons = child.findings.filter((f, i) => i === 0 || (i === 1 && (f.severity === child.worst || child.findings.length === 2)))
  const rest = child.findings.length - reasons.length
  return (
    <li
      className={`start-item start-${child.worst}`}
      data-child-id={child.childId}
      data-worst={child.worst}
      data-worst-overdue={String(child.findings[0]?.status === 'overdue')}
      data-score={child.score}
    >
      <div className="start-rank" aria-hidden="true">
        {rank}
      </div>
      <div className="start-body">
        <div className="start-who">
          <button type="button" className="link-button child-link" onClick={() => navigate.toCase(child.childId)}>
            {child.name}
          </button>
          <span className="start-meta">
            {child.worker ? `Social worker: ${child.worker}` : <span className="warn-text">No allocated social worker</span>}
            {child.team ? ` · ${child.team}` : ''} · drift score {child.score}
          </span>
        </div>
        <ul className="start-reasons">
          {reasons.map((f, i) => (
            <Reason key={i} finding={f} onRecord={() => navigate.toCase(child.childId, { ruleId: f.ruleId, subject: f.subject })} />
          ))}
        </ul>
        {rest > 0 && (
          <button type="button" className="link-button start-more" onClick={() => navigate.toCase(child.childId)}>
            and {plural(rest, 'other finding')}: open the case
          </button>
        )}
      </div>
    </li>
  )
}

function Reason({ finding: f, onRecord }: { finding: TriagedFinding; onRecord(): void }) {
  return (
    // The finding's own sentence is one hover or one click away (the case lists it): here, what and what next.
    <li className="start-reason" title={f.message}>
      <div className="finding-head">
        <SeverityBadge severity={f.severity} />
        <span className="finding-rule">{findingLabel(f)}</span>
        <StatusTag status={f.status} />
        {f.dueDate && <span className="finding-due">{f.status === 'overdue' ? 'Was due' : 'Due'} {formatUK(f.dueDate)}</span>}
      </div>
      <p className="next-step">
        <strong>Next step:</strong> {f.nextStep}{' '}
        {f.subject.kind !== 'supervision-action' && (
          <button type="button" className="link-button" onClick={onRecord}>
            See the record
          </button>
        )}
      </p>
    </li>
  )
}
