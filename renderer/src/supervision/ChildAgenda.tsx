/**
 * One child's card in a supervision session's agenda (SessionEditor.tsx): the drift found, the
 * previous supervision actions and their state, the discussion and decisions, and new actions.
 */
import { useId, useMemo, useState } from 'react'
import { formatUK, isCivilDate } from '../../../shared/civil-date'
import { recordedOnlyWords, type Agenda, type AgendaChild, type SupervisionAction } from '../../../shared/supervision'
import { useProfessionals } from '../api/records'
import { useActionStatus } from '../api/supervision'
import { FindingLine, ScoreValue } from '../components/Severity'
import type { Navigate } from '../nav'
import { ExportButtons } from './ExportButtons'
import { newActionKey, type Draft, type NewAction } from './action-drafts'

const STATE_TEXT: Record<SupervisionAction['state'], string> = { open: 'Not yet due', overdue: 'Overdue, not done', done: 'Done', dropped: 'Dropped' }

function ActionState({ action }: { action: SupervisionAction }) {
  const cls = action.state === 'overdue' ? 'tag tag-overdue' : action.state === 'done' ? 'tag tag-done' : 'tag'
  return (
    <span className={cls}>
      {STATE_TEXT[action.state]}
      {action.closedDate && (action.state === 'done' || action.state === 'dropped') ? ` ${formatUK(action.closedDate)}` : ''}
    </span>
  )
}

export const cardId = (childId: string) => `agenda-${childId.replace(/[^A-Za-z0-9_-]/g, '_')}`

export function ChildAgenda({
  child: c,
  agenda,
  today,
  navigate,
  talk,
  onTalk,
  added,
  onAdd,
  onRemove,
  draft,
  onDraft,
}: {
  child: AgendaChild
  agenda: Agenda
  today: string
  navigate: Navigate
  talk: { discussion: string; decisions: string }
  onTalk(t: { discussion: string; decisions: string }): void
  added: NewAction[]
  onAdd(a: NewAction): void
  onRemove(key: number): void
  draft: Draft
  onDraft(d: Draft): void
}) {
  const professionals = useProfessionals()
  const status = useActionStatus()
  const setDraft = onDraft
  const [draftError, setDraftError] = useState<string | null>(null)
  const idBase = useId()
  const id = (s: string) => `${idBase}-${s}`
  const owners = useMemo(
    () => [...(professionals.data?.professionals ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1)),
    [professionals.data],
  )
  const headingId = id('h')
  const add = () => {
    if (!draft.description.trim()) return setDraftError('Say what is to be done.')
    if (!isCivilDate(draft.dueDate)) return setDraftError('Choose a due date.')
    if (draft.dueDate < agenda.date) return setDraftError(`The due date cannot be before the session (${formatUK(agenda.date)}).`)
    setDraftError(null)
    onAdd({ key: newActionKey(), childId: c.childId, ...draft })
    setDraft({ description: '', ownerId: '', dueDate: '' })
  }
  const doneOn = agenda.date <= today ? agenda.date : today

  return (
    <article className="panel agenda-child" aria-labelledby={headingId} id={cardId(c.childId)}>
      <header className="agenda-child-head">
        <h3 id={headingId}>
          {c.recordedOnly === 'removed' ? (
            c.childName
          ) : (
            <button type="button" className="link-button child-link" onClick={() => navigate.toCase(c.childId)}>
              {c.childName}
            </button>
          )}
          {c.complex && <span className="tag tag-complex">Complex case</span>}
        </h3>
        {!c.recordedOnly && (
          <>
            <span className="muted">
              {c.workerName ? `Social worker: ${c.workerName}` : 'No allocated social worker'}
              {c.team ? ` · ${c.team}` : ''}
            </span>
            <span className="agenda-score">
              Drift score <ScoreValue score={c.score} findings={c.findings} />
            </span>
          </>
        )}
      </header>
      {c.recordedOnly && <p className="notice notice-info">{recordedOnlyWords(c, agenda.date)}</p>}
      {!c.recordedOnly && (
        <div className="agenda-grid">
          <div>
            <h4>Drift on {formatUK(agenda.date)}</h4>
            {c.findings.length === 0 ? (
              <p className="empty">Nothing is drifting.</p>
            ) : (
              <ul className="finding-list">
                {c.findings.map((f) => (
                  <li key={`${f.ruleId}-${f.subject.id}-${f.planId}`}>
                    <FindingLine finding={f} compact />
                  </li>
                ))}
              </ul>
          )}
          <h4>
            {c.sinceLastSupervision ? `Since the last supervision (${formatUK(c.since)})` : `In the last two months (no earlier supervision recorded)`}
          </h4>
          {c.changes.length === 0 ? (
            <p className="empty">Nothing recorded.</p>
          ) : (
            <ul className="change-list">
              {c.changes.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h4>Plan actions overdue or due in the next 28 days</h4>
          {c.actionsDue.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <ul className="change-list">
              {c.actionsDue.map((a) => (
                <li key={a.id}>
                  {a.description} <span className="muted">({a.ownerName ?? 'no owner'})</span> — due {formatUK(a.dueDate)}
                  {a.overdue && <span className="tag tag-overdue">Overdue</span>}
                </li>
              ))}
            </ul>
          )}
          <h4>Previous supervision</h4>
          {c.previous ? (
            <div className="previous">
              <p>
                <strong>{formatUK(c.previous.date)}. Decisions:</strong> {c.previous.decisions.trim() || <span className="empty">none recorded</span>}
              </p>
            </div>
          ) : (
            <p className="empty">No earlier supervision of this child is recorded.</p>
          )}
          {c.carriedForward.length > 0 && (
            <ul className="action-list" aria-label={`Supervision actions carried forward for ${c.childName}`}>
              {c.carriedForward.map((a) => (
                <li key={a.id}>
                  <span>
                    {a.description} <span className="muted">({a.ownerName ?? 'no owner'}, due {formatUK(a.dueDate)})</span>
                  </span>
                  <ActionState action={a} />
                  {(a.state === 'open' || a.state === 'overdue') && (
                    <button
                      type="button"
                      className="button secondary small"
                      disabled={status.isPending}
                      onClick={() => status.mutate({ id: a.id, status: 'done', closedDate: doneOn })}
                      aria-label={`Mark done on ${formatUK(doneOn)}: ${a.description}`}
                    >
                      Mark done
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      )}
      <div className="agenda-record">
        <div className="field">
          <label htmlFor={id('discussion')}>Discussion</label>
          <textarea id={id('discussion')} className="input" rows={3} value={talk.discussion} onChange={(e) => onTalk({ ...talk, discussion: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={id('decisions')}>Decisions</label>
          <textarea id={id('decisions')} className="input" rows={3} value={talk.decisions} onChange={(e) => onTalk({ ...talk, decisions: e.target.value })} />
        </div>
      </div>
      <h4>Supervision actions</h4>
      {c.actions.length + added.length === 0 && <p className="empty">None set in this session yet.</p>}
      <ul className="action-list">
        {c.actions.map((a) => (
          <li key={a.id}>
            <span>
              {a.description} <span className="muted">({a.ownerName ?? 'no owner'}, due {formatUK(a.dueDate)})</span>
            </span>
            <ActionState action={a} />
          </li>
        ))}
        {added.map((a) => (
          <li key={a.key}>
            <span>
              {a.description} <span className="muted">({owners.find((o) => o.id === a.ownerId)?.name ?? 'no owner'}, due {formatUK(a.dueDate)})</span>
            </span>
            <span className="tag">Not saved yet</span>
            <button type="button" className="link-button" onClick={() => onRemove(a.key)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {!c.recordedOnly && (
        <fieldset className="add-action">
          <legend>Add a supervision action for {c.childName}</legend>
          <div className="field grow">
            <label htmlFor={id('what')}>What is to be done</label>
            <input id={id('what')} className="input" value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={id('owner')}>Who</label>
            <select id={id('owner')} className="input" value={draft.ownerId} onChange={(e) => setDraft({ ...draft, ownerId: e.target.value })}>
              <option value="">No one named</option>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={id('due')}>Due</label>
            <span className="date-row">
              <input id={id('due')} type="date" className="input" value={draft.dueDate} min={agenda.date} onChange={(e) => setDraft({ ...draft, dueDate: e.target.value })} />
              {isCivilDate(draft.dueDate) && <span className="muted">{formatUK(draft.dueDate)}</span>}
            </span>
          </div>
          <button type="button" className="button secondary" onClick={add}>
            Add action
          </button>
          {draftError && (
            <p className="field-error" role="alert">
              {draftError}
            </p>
        )}
      </fieldset>
      )}
      {agenda.session && (
        <ExportButtons target={{ kind: 'session-child', sessionId: agenda.session.id, childId: c.childId }} what={`${c.childName}'s note`} />
      )}
    </article>
  )
}
