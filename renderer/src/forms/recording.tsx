/**
 * Recording from the case view: the "Record" toolbar, the dialog open now, the change history with
 * Undo, and the toast that follows every save ("Saved … Undo").
 */
import { createContext, useContext, useState, type ReactNode } from 'react'
import type { Action, Disagreement, Member, Professional } from '../../../shared/caseload-format'
import type { CaseDetail } from '../../../shared/ipc-contract'
import type { Saved } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { call } from '../api/client'
import { useHistory, useInvalidateCaseload } from '../api/records'
import { useSession } from '../api/queries'
import { ActionForm } from './ActionForm'
import { DisagreementForm } from './DisagreementForm'
import { DeleteDialog, EndPlanDialog, NewPlanForm } from './ChildForms'
import { DistributionForm, MeetingForm } from './MeetingForms'
import { MemberForm, ProfessionalForm } from './MemberForms'
import { ConferenceForm, VisitForm } from './VisitForms'
import { WorkerForm } from './WorkerForm'

// ---------------------------------------------------------------- the last change, with Undo

interface Changes {
  /** Call after a save: shows the toast with Undo and refreshes what depends on it. */
  saved(s: Saved): void
}
const ChangesContext = createContext<Changes>({ saved: () => undefined })
export const useChanges = () => useContext(ChangesContext)

export function ChangesProvider({ children }: { children: ReactNode }) {
  const [last, setLast] = useState<Saved | null>(null)
  const [undoing, setUndoing] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const invalidate = useInvalidateCaseload()
  const undo = async () => {
    if (!last) return
    setUndoing(true)
    try {
      const r = await call('history:undo', { changeId: last.changeId })
      setLast(null)
      setMessage(r.summary)
    } catch (e) {
      setMessage(e instanceof Error ? e.message : 'That could not be undone.')
    } finally {
      setUndoing(false)
      void invalidate()
    }
  }
  return (
    <ChangesContext.Provider
      value={{
        saved: (s) => {
          setLast(s)
          setMessage(null)
        },
      }}
    >
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {(last || message) && (
          <div className="toast">
            <span>{last ? <>Saved. {last.summary}</> : message}</span>
            {last && (
              <button type="button" className="button small toast-undo" onClick={() => void undo()} disabled={undoing}>
                {undoing ? 'Undoing…' : 'Undo'}
              </button>
            )}
            <button
              type="button"
              className="link-button toast-dismiss"
              onClick={() => {
                setLast(null)
                setMessage(null)
              }}
            >
              Dismiss
            </button>
          </div>
        )}
      </div>
    </ChangesContext.Provider>
  )
}

// ---------------------------------------------------------------- the forms of one case

export type FormSpec =
  | { kind: 'meeting' }
  | { kind: 'distribution'; meetingId?: string }
  | { kind: 'member'; member?: Member }
  | { kind: 'professional'; professional?: Professional }
  | { kind: 'action'; action?: Action }
  | { kind: 'worker' }
  | { kind: 'disagreement'; disagreement?: Disagreement }
  | { kind: 'visit' }
  | { kind: 'conference' }
  | { kind: 'plan' }
  | { kind: 'plan-end' }
  | { kind: 'delete'; record: 'action' | 'visit' | 'meeting' | 'conference' | 'disagreement'; id: string; what: string }

interface CaseRecording {
  open(spec: FormSpec): void
}
const CaseRecordingContext = createContext<CaseRecording>({ open: () => undefined })
export const useCaseRecording = () => useContext(CaseRecordingContext)

/** What every case form gets: the case, today, and how to finish. */
export interface CaseFormProps {
  detail: CaseDetail
  today: string
  onClose(): void
  onSaved(s: Saved): void
}

/** The plan the forms record against: the open plan on the as-of date, else the latest (chosen by the core's case-view model). */
export function currentPlan(detail: CaseDetail) {
  return detail.plans.find((p) => p.id === detail.view.currentPlanId)
}

export function CaseRecordingProvider({ detail, children }: { detail: CaseDetail; children: ReactNode }) {
  const [spec, setSpec] = useState<FormSpec | null>(null)
  const session = useSession()
  const changes = useChanges()
  const today = session.data?.today ?? detail.asOf
  const props: CaseFormProps = {
    detail,
    today,
    onClose: () => setSpec(null),
    onSaved: (s) => {
      changes.saved(s)
      setSpec(null)
    },
  }
  return (
    <CaseRecordingContext.Provider value={{ open: setSpec }}>
      {children}
      {spec?.kind === 'meeting' && <MeetingForm {...props} />}
      {spec?.kind === 'distribution' && <DistributionForm {...props} meetingId={spec.meetingId} />}
      {spec?.kind === 'member' && <MemberForm {...props} member={spec.member} />}
      {spec?.kind === 'professional' && <ProfessionalForm {...props} professional={spec.professional} />}
      {spec?.kind === 'action' && <ActionForm {...props} action={spec.action} />}
      {spec?.kind === 'worker' && <WorkerForm {...props} />}
      {spec?.kind === 'disagreement' && <DisagreementForm {...props} disagreement={spec.disagreement} />}
      {spec?.kind === 'visit' && <VisitForm {...props} />}
      {spec?.kind === 'conference' && <ConferenceForm {...props} />}
      {spec?.kind === 'plan' && <NewPlanForm {...props} />}
      {spec?.kind === 'plan-end' && <EndPlanDialog {...props} />}
      {spec?.kind === 'delete' && <DeleteDialog {...props} record={spec.record} id={spec.id} what={spec.what} />}
    </CaseRecordingContext.Provider>
  )
}

/** The buttons that open each form, reachable by keyboard in reading order. */
export function RecordToolbar({ detail }: { detail: CaseDetail }) {
  const { open } = useCaseRecording()
  const plan = currentPlan(detail)
  const planOpen = plan && detail.view.planOpen
  const b = (label: string, spec: FormSpec, disabled = false) => (
    <li>
      <button type="button" className="button secondary small" onClick={() => open(spec)} disabled={disabled}>
        {label}
      </button>
    </li>
  )
  return (
    <section className="panel record-panel" aria-labelledby="record-heading">
      <h2 id="record-heading">Record</h2>
      {!plan ? (
        <ul className="record-buttons">{b('Start a plan', { kind: 'plan' })}</ul>
      ) : (
        <ul className="record-buttons">
          {b('Core group meeting', { kind: 'meeting' }, !planOpen)}
          {b('Decisions sent', { kind: 'distribution' }, detail.meetings.length === 0)}
          {b('Core group member', { kind: 'member' }, !planOpen)}
          {b('New professional', { kind: 'professional' })}
          {b('Action', { kind: 'action' }, !planOpen)}
          {b('Social worker', { kind: 'worker' })}
          {b('Disagreement', { kind: 'disagreement' }, !planOpen)}
          {b('Visit', { kind: 'visit' })}
          {b('Review conference', { kind: 'conference' }, !planOpen)}
          {planOpen ? b('End the plan', { kind: 'plan-end' }) : b('Start a new plan', { kind: 'plan' })}
        </ul>
      )}
    </section>
  )
}

/** Buttons beside one timeline record: update it, and delete it (with a confirmation). */
export function RecordItemActions({ detail, kind, id }: { detail: CaseDetail; kind: string; id: string }) {
  const { open } = useCaseRecording()
  const del = (record: Extract<FormSpec, { kind: 'delete' }>['record'], what: string) => (
    <button type="button" className="link-button danger-link" onClick={() => open({ kind: 'delete', record, id, what })}>
      Delete
    </button>
  )
  if (kind === 'action') {
    const action = detail.actions.find((a) => a.id === id)
    if (!action) return null
    return (
      <div className="item-actions">
        <button type="button" className="link-button" onClick={() => open({ kind: 'action', action })}>
          Update this action
        </button>
        {del('action', `the action "${action.description}"`)}
      </div>
    )
  }
  if (kind === 'disagreement') {
    const disagreement = detail.disagreements.find((d) => d.id === id)
    if (!disagreement) return null
    return (
      <div className="item-actions">
        {!disagreement.resolvedDate && (
          <button type="button" className="link-button" onClick={() => open({ kind: 'disagreement', disagreement })}>
            Next stage or resolve
          </button>
        )}
        {del('disagreement', `the disagreement raised on ${formatUK(disagreement.raisedDate)}`)}
      </div>
    )
  }
  if (kind === 'meeting') {
    const meeting = detail.meetings.find((m) => m.id === id)
    if (!meeting) return null
    return (
      <div className="item-actions">
        <button type="button" className="link-button" onClick={() => open({ kind: 'distribution', meetingId: id })}>
          Record decisions sent
        </button>
        {del('meeting', `the core group meeting of ${formatUK(meeting.date)} and the record of its decisions being sent`)}
      </div>
    )
  }
  if (kind === 'visit') {
    const visit = detail.visits.find((v) => v.id === id)
    return visit ? <div className="item-actions">{del('visit', `the visit of ${formatUK(visit.date)}`)}</div> : null
  }
  if (kind === 'conference') {
    const conference = detail.conferences.find((c) => c.id === id)
    return conference && conference.kind === 'review' ? <div className="item-actions">{del('conference', `the review conference of ${formatUK(conference.date)}`)}</div> : null
  }
  return null
}

/** Buttons beside one core group member. */
export function MemberItemActions({ member, professional }: { member: Member; professional: Professional }) {
  const { open } = useCaseRecording()
  return (
    <div className="item-actions">
      {!member.toDate && (
        <button type="button" className="link-button" onClick={() => open({ kind: 'member', member })}>
          End membership<span className="visually-hidden"> of {professional.name}</span>
        </button>
      )}
      <button type="button" className="link-button" onClick={() => open({ kind: 'professional', professional })}>
        Contact details<span className="visually-hidden"> of {professional.name}</span>
      </button>
    </div>
  )
}

/** Who changed what and when in this case, newest first, with Undo for the latest change. */
export function HistoryPanel({ childId }: { childId: string }) {
  const history = useHistory(childId)
  const invalidate = useInvalidateCaseload()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const entries = history.data?.entries ?? []
  const undoable = history.data?.undoable
  return (
    <section className="panel history-panel" aria-labelledby="history-heading">
      <div className="panel-head">
        <h2 id="history-heading">Change history</h2>
        <p className="panel-sub">Who recorded what in this case, newest first. Kept inside the encrypted caseload.</p>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="empty">Nothing has been recorded in Driftwatch for this case yet.</p>
      ) : (
        <ol className="history-list">
          {entries.map((e) => (
            <li key={e.changeId} className={e.undone ? 'undone' : undefined}>
              <span className="history-when">{formatWhen(e.at)}</span>
              <span className="history-what">
                {e.summary}
                {e.undone && <span className="tag"> undone</span>}
              </span>
              <span className="history-who muted">by {e.actor}</span>
              {undoable && undoable.changeId === e.changeId && (
                <button
                  type="button"
                  className="button secondary small"
                  disabled={busy}
                  onClick={async () => {
                    setBusy(true)
                    setError(null)
                    try {
                      await call('history:undo', { changeId: e.changeId })
                    } catch (x) {
                      setError(x instanceof Error ? x.message : 'That could not be undone.')
                    } finally {
                      setBusy(false)
                      void invalidate()
                    }
                  }}
                >
                  Undo this
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

/** An ISO timestamp as a UK date and time in Europe/London. */
function formatWhen(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d)
}
