/**
 * Supervision sessions (issue 6, item 1): choose who (a worker, a team, or the whole caseload) and
 * the date; Driftwatch prepares the agenda child by child; record the discussion, decisions and
 * supervision actions; export the note (whole session, or one child's) as Word, PDF or plain text.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import { formatUK, isCivilDate } from '../../../shared/civil-date'
import type { InputOf } from '../../../shared/ipc-contract'
import type { Agenda, AgendaChild, Scope, SupervisionAction } from '../../../shared/supervision'
import { isApiError } from '../api/client'
import { useOverview } from '../api/queries'
import { useProfessionals } from '../api/records'
import { useActionStatus, useAgenda, useSaveSession, useSessions } from '../api/supervision'
import { FindingLine, ScoreValue } from '../components/Severity'
import { ErrorNotice, Loading } from '../components/Status'
import { plural } from '../labels'
import type { Navigate } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { ExportButtons } from './ExportButtons'
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

interface NewAction {
  key: number
  childId: string
  description: string
  ownerId: string
  dueDate: string
}

function SessionEditor({ agenda, today, navigate, onSaved }: { agenda: Agenda; today: string; navigate: Navigate; onSaved(sessionId: string): void }) {
  const [supervisor, setSupervisor] = useState(agenda.session?.supervisor ?? '')
  const [notes, setNotes] = useState(agenda.session?.notes ?? '')
  const [talk, setTalk] = useState<Record<string, { discussion: string; decisions: string }>>(() =>
    Object.fromEntries(agenda.children.map((c) => [c.childId, { discussion: c.discussion, decisions: c.decisions }])),
  )
  const [added, setAdded] = useState<NewAction[]>([])
  // Actions being typed but not yet added, per child: kept on save when complete, or named in a warning.
  const [drafts, setDrafts] = useState<Record<string, Draft>>({})
  const [onlyDrifting, setOnlyDrifting] = useState(agenda.children.length > 20)
  const shownChildren = useMemo(
    () => (onlyDrifting ? agenda.children.filter((c) => c.findings.length > 0 || c.changes.length > 0) : agenda.children),
    [agenda.children, onlyDrifting],
  )
  const drawn = useProgressive(shownChildren.length)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const save = useSaveSession()
  const ids = { supervisor: useId(), notes: useId() }
  const recorded = agenda.session !== null
  const findings = agenda.children.reduce((n, c) => n + c.findings.length, 0)

  const submit = async () => {
    setError(null)
    setDone(null)
    if (!supervisor.trim()) return setError('Enter the supervisor’s name.')
    const incomplete = added.find((a) => !a.description.trim() || !isCivilDate(a.dueDate))
    if (incomplete) return setError('Each new supervision action needs what is to be done and a due date.')
    const pending = pendingDrafts(drafts, agenda)
    if (pending.problems.length) {
      return setError(
        `A supervision action was started but not added for ${pending.problems.map((p) => `${p.childName} (${p.reason})`).join('; ')}. Complete it and choose Add action, or clear it, before saving.`,
      )
    }
    const toSave = [...added, ...pending.complete]
    try {
      const r = await save.mutateAsync({
        ...(agenda.session ? { id: agenda.session.id } : {}),
        date: agenda.date,
        scope: agenda.scope,
        supervisor: supervisor.trim(),
        notes,
        children: agenda.children
          .map((c) => ({ childId: c.childId, ...talk[c.childId]! }))
          .filter((c) => c.discussion.trim() || c.decisions.trim() || agenda.children.find((x) => x.childId === c.childId)!.discussion),
        actions: toSave.map((a) => ({ childId: a.childId, description: a.description.trim(), ownerId: a.ownerId || null, dueDate: a.dueDate })),
      })
      setAdded([])
      setDrafts({})
      setDone('Session saved.')
      onSaved(r.sessionId)
    } catch (e) {
      setError(isApiError(e) && e.problems.length ? `${e.message} ${e.problems.map((p) => `${p.path} ${p.reason}`).join('; ')}` : e instanceof Error ? e.message : 'The session could not be saved.')
    }
  }

  return (
    <section className="session" aria-labelledby="session-heading">
      <div className="panel session-head">
        <h2 id="session-heading">
          {recorded ? 'Supervision session' : 'Agenda'}: {agenda.scopeName}, {formatUK(agenda.date)}
        </h2>
        <p className="panel-sub">
          {plural(agenda.children.length, 'child', 'children')} with a plan open on {formatUK(agenda.date)}, {plural(findings, 'drift finding')}.{' '}
          {recorded ? `Recorded by ${agenda.session!.recordedBy}.` : 'Not saved yet: record the discussion and decisions below, then save.'}
        </p>
        {agenda.warnings.map((w) => (
          <p key={w} className="notice notice-warning">
            {w}
          </p>
        ))}
        {recorded ? (
          <ExportButtons target={{ kind: 'session', sessionId: agenda.session!.id }} what="the whole session" />
        ) : (
          <p className="hint">Save the session to export the supervision note (Word, PDF or plain text).</p>
        )}
        {agenda.children.length > 1 && (
          <nav className="agenda-jump" aria-label="Children in this session">
            <span className="export-label">Children, most drift first (drift score):</span>
            {shownChildren.slice(0, 60).map((c) => (
              <a key={c.childId} href={`#${cardId(c.childId)}`}>
                {c.childName} <span className="muted">({c.score})</span>
              </a>
            ))}
          </nav>
        )}
        <div className="session-meta">
          <div className="field">
            <label htmlFor={ids.supervisor}>Supervisor</label>
            <input id={ids.supervisor} className="input" value={supervisor} onChange={(e) => setSupervisor(e.target.value)} autoComplete="name" />
          </div>
          <div className="field grow">
            <label htmlFor={ids.notes}>Notes about the whole session (optional)</label>
            <textarea id={ids.notes} className="input" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
          </div>
        </div>
      </div>
      {agenda.children.length === 0 && <p className="empty">No child with an open plan in this group on {formatUK(agenda.date)}.</p>}
      {agenda.children.length > 0 && (
        <div className="agenda-filter">
          <label>
            <input type="checkbox" checked={onlyDrifting} onChange={(e) => setOnlyDrifting(e.target.checked)} /> Show only children with drift findings or
            changes
          </label>
          <span className="muted" role="status">
            {plural(shownChildren.length, 'child', 'children')} shown of {agenda.children.length.toLocaleString('en-GB')}, most drift first
            {drawn < shownChildren.length ? ` (drawing ${drawn.toLocaleString('en-GB')}…)` : ''}
          </span>
        </div>
      )}
      {shownChildren.slice(0, drawn).map((c) => (
        <ChildAgenda
          key={c.childId}
          child={c}
          agenda={agenda}
          today={today}
          navigate={navigate}
          talk={talk[c.childId]!}
          onTalk={(t) => setTalk((all) => ({ ...all, [c.childId]: t }))}
          added={added.filter((a) => a.childId === c.childId)}
          onAdd={(a) => setAdded((all) => [...all, a])}
          onRemove={(key) => setAdded((all) => all.filter((a) => a.key !== key))}
          draft={drafts[c.childId] ?? EMPTY_DRAFT}
          onDraft={(d) => setDrafts((all) => ({ ...all, [c.childId]: d }))}
        />
      ))}
      <div className="panel session-save">
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="button" className="button" onClick={() => void submit()} disabled={save.isPending}>
          {save.isPending ? 'Saving…' : recorded ? 'Save changes to the session' : 'Save the session'}
        </button>
        <span role="status" className="export-message">
          {done ?? ''}
        </span>
      </div>
    </section>
  )
}

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

let nextKey = 1

interface Draft {
  description: string
  ownerId: string
  dueDate: string
}
const EMPTY_DRAFT: Draft = { description: '', ownerId: '', dueDate: '' }

/** Drafts with something typed: complete ones are saved with the session; the rest are named. */
function pendingDrafts(drafts: Record<string, Draft>, agenda: Agenda): { complete: NewAction[]; problems: { childName: string; reason: string }[] } {
  const complete: NewAction[] = []
  const problems: { childName: string; reason: string }[] = []
  for (const c of agenda.children) {
    const d = drafts[c.childId]
    if (!d || (!d.description.trim() && !d.dueDate && !d.ownerId)) continue
    if (!d.description.trim()) problems.push({ childName: c.childName, reason: 'say what is to be done' })
    else if (!isCivilDate(d.dueDate)) problems.push({ childName: c.childName, reason: 'choose a due date' })
    else if (d.dueDate < agenda.date) problems.push({ childName: c.childName, reason: `the due date is before the session, ${formatUK(agenda.date)}` })
    else complete.push({ key: nextKey++, childId: c.childId, ...d })
  }
  return { complete, problems }
}

/** How many of `total` cards to draw: the first ones at once, then more on each frame, so 500 children never block the page. */
function useProgressive(total: number, first = 20, step = 40): number {
  const [drawn, setDrawn] = useState(Math.min(total, first))
  useEffect(() => {
    setDrawn((d) => Math.min(total, Math.max(d, first)))
  }, [total, first])
  useEffect(() => {
    if (drawn >= total) return
    const t = requestAnimationFrame(() => setDrawn((d) => Math.min(total, d + step)))
    return () => cancelAnimationFrame(t)
  }, [drawn, total, step])
  return Math.min(drawn, total)
}

const cardId = (childId: string) => `agenda-${childId.replace(/[^A-Za-z0-9_-]/g, '_')}`

function ChildAgenda({
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
    onAdd({ key: nextKey++, childId: c.childId, ...draft })
    setDraft({ description: '', ownerId: '', dueDate: '' })
  }
  const doneOn = agenda.date <= today ? agenda.date : today

  return (
    <article className="panel agenda-child" aria-labelledby={headingId} id={cardId(c.childId)}>
      <header className="agenda-child-head">
        <h3 id={headingId}>
          <button type="button" className="link-button child-link" onClick={() => navigate.toCase(c.childId)}>
            {c.childName}
          </button>
          {c.complex && <span className="tag tag-complex">Complex case</span>}
        </h3>
        <span className="muted">
          {c.workerName ? `Social worker: ${c.workerName}` : 'No allocated social worker'}
          {c.team ? ` · ${c.team}` : ''}
        </span>
        <span className="agenda-score">
          Drift score <ScoreValue score={c.score} findings={c.findings} />
        </span>
      </header>
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
      {agenda.session && (
        <ExportButtons target={{ kind: 'session-child', sessionId: agenda.session.id, childId: c.childId }} what={`${c.childName}'s note`} />
      )}
    </article>
  )
}
