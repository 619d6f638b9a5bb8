/**
 * The chair's mid-way review of a child's plan (issue 6, item 2), in the case view: what changed
 * since the last conference, a RAG rating given in words (never colour alone), and a decision.
 * Earlier reviews are listed with their exports.
 */
import { useId, useState } from 'react'
import { formatUK } from '../../../shared/civil-date'
import {
  MIDWAY_DECISION_LABELS,
  MIDWAY_DECISIONS,
  RAG_LABELS,
  RAG_RATINGS,
  type MidwayChanges,
  type MidwayDecision,
  type Rag,
} from '../../../shared/supervision'
import { isApiError } from '../api/client'
import { useSession } from '../api/queries'
import { useMidwayList, useMidwayPrepare, useSaveMidway } from '../api/supervision'
import { ErrorNotice, Loading } from '../components/Status'
import { ExportButtons } from './ExportButtons'
import './supervision.css'

const RAG_WORD: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' }

export function RagBadge({ rag }: { rag: Rag }) {
  return <span className={`rag rag-${rag}`}>{RAG_WORD[rag]}</span>
}

export function MidwayPanel({ childId, childName, asOf, hasOpenPlan }: { childId: string; childName: string; asOf: string; hasOpenPlan: boolean }) {
  const today = useSession().data?.today ?? asOf
  const list = useMidwayList(childId)
  const [reviewDate, setReviewDate] = useState<string | null>(null)
  const date = asOf <= today ? asOf : today
  return (
    <section className="panel midway" aria-labelledby="midway-heading">
      <div className="panel-head">
        <h2 id="midway-heading">Mid-way reviews</h2>
        {hasOpenPlan && reviewDate === null && (
          <button type="button" className="button secondary" onClick={() => setReviewDate(date)}>
            Start a mid-way review ({formatUK(date)})
          </button>
        )}
      </div>
      <p className="panel-sub">The chair&apos;s check between conferences: what changed since the last conference, a rating and a decision.</p>
      {reviewDate !== null && <MidwayForm childId={childId} date={reviewDate} onDone={() => setReviewDate(null)} />}
      {list.isPending && <Loading label="Loading mid-way reviews" />}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.reviews.length === 0 && reviewDate === null && <p className="empty">No mid-way review recorded for {childName}.</p>}
      {list.data && list.data.reviews.length > 0 && (
        <ul className="midway-list">
          {list.data.reviews.map((r) => (
            <li key={r.id}>
              <p>
                <strong>{formatUK(r.date)}</strong> <RagBadge rag={r.rag} /> {RAG_LABELS[r.rag].replace(/^[A-Za-z]+: /, '')}. <strong>Why:</strong> {r.ragReason}
              </p>
              <p>
                <strong>Decision:</strong> {MIDWAY_DECISION_LABELS[r.decision]}.{r.decisionNote.trim() ? ` ${r.decisionNote}` : ''}{' '}
                <span className="muted">Recorded by {r.recordedBy}.</span>
              </p>
              <ExportButtons target={{ kind: 'midway', reviewId: r.id }} what={`the mid-way review of ${formatUK(r.date)}`} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Changes({ ch }: { ch: MidwayChanges }) {
  const list = (items: string[], none: string) =>
    items.length ? (
      <ul className="change-list">
        {items.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
    ) : (
      <p className="empty">{none}</p>
    )
  return (
    <div>
      <p>
        Since {ch.sinceWhat}. Review conference due <strong>{formatUK(ch.reviewDue)}</strong>.
      </p>
      <div className="midway-grid">
        <div>
          <h4>Core group attendance</h4>
          {ch.attendance.length === 0 ? (
            <p className="empty">No core group since the conference.</p>
          ) : (
            <ul className="change-list">
              {ch.attendance.map((a) => (
                <li key={a.meetingId}>
                  {formatUK(a.date)}: attended {a.attended.join(', ') || 'nobody'}
                  {a.apologies.length > 0 && `; apologies ${a.apologies.join(', ')}`}
                  {a.absent.length > 0 && (
                    <>
                      ; <strong>absent</strong> {a.absent.join(', ')}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h4>Actions</h4>
          {list([...ch.actions.added.map((a) => `Added ${a}`), ...ch.actions.closed.map((a) => `Closed ${a}`), ...ch.actions.overdue.map((a) => `OVERDUE: ${a}`)], 'No action added, closed or overdue.')}
          <h4>Social worker</h4>
          {list(ch.workers, '')}
        </div>
        <div>
          <h4>Risk scores</h4>
          {list(
            ch.risk.map((r) => r.text),
            'No risk score recorded since the conference.',
          )}
          <h4>The child&apos;s voice</h4>
          {list(ch.childVoice, '')}
          <h4>Drift now</h4>
          {list(ch.findings, 'Nothing is drifting.')}
        </div>
      </div>
    </div>
  )
}

function MidwayForm({ childId, date, onDone }: { childId: string; date: string; onDone(): void }) {
  const prepared = useMidwayPrepare(childId, date)
  const save = useSaveMidway()
  const [rag, setRag] = useState<Rag | null>(null)
  const [reason, setReason] = useState('')
  const [decision, setDecision] = useState<MidwayDecision | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const base = useId()
  const submit = async () => {
    setError(null)
    if (!rag) return setError('Choose a rating.')
    if (!reason.trim()) return setError('Say why, in words (the rating is not enough on its own).')
    if (!decision) return setError('Choose a decision.')
    try {
      await save.mutateAsync({ childId, date, rag, ragReason: reason.trim(), decision, decisionNote: note })
      onDone()
    } catch (e) {
      setError(isApiError(e) ? e.message : 'The review could not be saved.')
    }
  }
  return (
    <div className="midway-form" aria-label="New mid-way review">
      <h3>Mid-way review on {formatUK(date)}</h3>
      {prepared.isPending && <Loading label="Gathering what changed" />}
      {prepared.isError && <ErrorNotice error={prepared.error} onRetry={() => void prepared.refetch()} />}
      {prepared.data && (
        <>
          <Changes ch={prepared.data} />
          <fieldset className="field">
            <legend>Rating</legend>
            <span className="hint">
              Suggested from the drift findings: <RagBadge rag={prepared.data.suggestedRag} />. Your judgement decides.
            </span>
            <div className="rag-options">
              {RAG_RATINGS.map((r) => (
                <label key={r}>
                  <input type="radio" name={`${base}-rag`} value={r} checked={rag === r} onChange={() => setRag(r)} /> <RagBadge rag={r} /> {RAG_LABELS[r].replace(/^[A-Za-z]+: /, '')}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={`${base}-why`}>Why this rating</label>
            <textarea id={`${base}-why`} className="input" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <fieldset className="field">
            <legend>Decision</legend>
            <div className="decision-options">
              {MIDWAY_DECISIONS.map((d) => (
                <label key={d}>
                  <input type="radio" name={`${base}-decision`} value={d} checked={decision === d} onChange={() => setDecision(d)} /> {MIDWAY_DECISION_LABELS[d]}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={`${base}-note`}>Notes on the decision (optional)</label>
            <textarea id={`${base}-note`} className="input" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="export-buttons">
            <button type="button" className="button" onClick={() => void submit()} disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save the mid-way review'}
            </button>
            <button type="button" className="button secondary" onClick={onDone}>
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  )
}
