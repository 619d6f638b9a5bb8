/**
 * Supervision sessions (issue 6, item 1): choose who (a worker, a team, or the whole caseload) and
 * the date; Driftwatch prepares the agenda child by child; record the discussion, decisions and
 * supervision actions; export the note (whole session, or one child's) as Word, PDF or plain text.
 */
import { useId, useState } from 'react'
import { formatUK, isCivilDate } from '../../../shared/civil-date'
import type { InputOf } from '../../../shared/ipc-contract'
import type { Scope } from '../../../shared/supervision'
import { useOverview } from '../api/queries'
import { useAgenda, useSessions } from '../api/supervision'
import { ErrorNotice, Loading } from '../components/Status'
import { plural } from '../labels'
import type { Navigate } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { SessionEditor } from './SessionEditor'
import './supervision.css'

type AgendaInput = InputOf<'supervision:agenda'>

const scopeKey = (s: Scope) => `${s.kind}:${s.id}`
const parseScope = (key: string): Scope => {
  const i = key.indexOf(':')
  return { kind: key.slice(0, i) as Scope['kind'], id: key.slice(i + 1) }
}

export function SupervisionScreen({ asOf, today, navigate }: { asOf: string; today: string; navigate: Navigate }) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const overview = useOverview(asOf)
  const sessions = useSessions()
  const [scope, setScope] = useState('')
  const [date, setDate] = useState(asOf)
  const [request, setRequest] = useState<AgendaInput | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const ids = { who: useId(), date: useId() }
  const agenda = useAgenda(request)

  const workers = (overview.data?.byWorker ?? []).filter((w) => w.workerId !== null).sort((a, b) => (a.workerName < b.workerName ? -1 : 1))
  const teams = (overview.data?.byTeam ?? []).filter((t) => t.team !== 'No team')

  const prepare = () => {
    if (!scope) return setProblem('Choose who is being supervised.')
    if (!isCivilDate(date)) return setProblem('Enter the date of the session.')
    if (date > today) return setProblem(`The session date cannot be after today (${formatUK(today)}).`)
    setProblem(null)
    setRequest({ scope: parseScope(scope), date })
  }

  return (
    <div className="screen screen-supervision">
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          Supervision
        </h1>
        <p className="lede">
          Prepare a supervision session: for each child, what is drifting, what changed since the last supervision, actions due, and whether the last
          supervision&apos;s decisions were done. Record what you discuss and decide, then export the note for the case record.
        </p>
      </div>
      <div className="supervision-top">
        <form
          className="panel supervision-choose"
          aria-labelledby="prepare-heading"
          onSubmit={(e) => {
            e.preventDefault()
            prepare()
          }}
        >
          <h2 id="prepare-heading">Prepare a session</h2>
          <div className="field">
            <label htmlFor={ids.who}>Who is being supervised</label>
            <select id={ids.who} className="input" value={scope} onChange={(e) => setScope(e.target.value)}>
              <option value="">Choose…</option>
              <optgroup label="A social worker (their allocated children)">
                {workers.map((w) => (
                  <option key={w.workerId} value={`worker:${w.workerId}`}>
                    {w.workerName} ({plural(w.children, 'child', 'children')})
                  </option>
                ))}
              </optgroup>
              <optgroup label="A team">
                {teams.map((t) => (
                  <option key={t.team} value={`team:${t.team}`}>
                    {t.team} ({plural(t.children, 'child', 'children')})
                  </option>
                ))}
              </optgroup>
              <optgroup label="Everyone">
                <option value="caseload:">The whole caseload (a chair&apos;s own)</option>
              </optgroup>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.date}>Date of the session</label>
            <span className="date-row">
              <input id={ids.date} type="date" className="input" value={date} max={today} onChange={(e) => setDate(e.target.value)} />
              {isCivilDate(date) && <span className="muted">{formatUK(date)}</span>}
            </span>
          </div>
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="button">
            Prepare the agenda
          </button>
        </form>
        <section className="panel supervision-history" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Recorded sessions</h2>
          {sessions.data && sessions.data.sessions.length === 0 && <p className="empty">No session recorded yet.</p>}
          {sessions.data && sessions.data.sessions.length > 0 && (
            <ul className="session-list">
              {sessions.data.sessions.slice(0, 12).map((s) => (
                <li key={s.id}>
                  <button type="button" className="link-button" onClick={() => setRequest({ scope: s.scope, date: s.date, sessionId: s.id })}>
                    {formatUK(s.date)}: {s.scopeName}
                  </button>{' '}
                  <span className="muted">
                    {plural(s.children, 'child', 'children')} discussed, {plural(s.actions, 'action')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {agenda.isPending && request && <Loading label="Preparing the agenda" />}
      {agenda.isError && <ErrorNotice error={agenda.error} onRetry={() => void agenda.refetch()} />}
      {agenda.data && request && (
        <SessionEditor
          key={`${scopeKey(agenda.data.scope)}|${agenda.data.date}|${agenda.data.session?.id ?? 'new'}`}
          agenda={agenda.data}
          today={today}
          navigate={navigate}
          onSaved={(sessionId) => setRequest({ scope: agenda.data.scope, date: agenda.data.date, sessionId })}
        />
      )}
    </div>
  )
}
