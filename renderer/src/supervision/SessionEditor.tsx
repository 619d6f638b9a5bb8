/**
 * One supervision session being written (SupervisionScreen.tsx): the supervisor, the notes about the
 * whole session, each child's discussion and decisions, the supervision actions added, and saving it
 * all at once. Action drafts still being typed are named before saving, so nothing typed is lost.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import { formatUK, isCivilDate } from '../../../shared/civil-date'
import type { Agenda } from '../../../shared/supervision'
import { isApiError } from '../api/client'
import { useSaveSession } from '../api/supervision'
import { plural } from '../labels'
import type { Navigate } from '../nav'
import { ExportButtons } from './ExportButtons'
import { ChildAgenda, cardId } from './ChildAgenda'
import { EMPTY_DRAFT, pendingDrafts, type Draft, type NewAction } from './action-drafts'

export function SessionEditor({ agenda, today, navigate, onSaved }: { agenda: Agenda; today: string; navigate: Navigate; onSaved(sessionId: string): void }) {
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
    () => (onlyDrifting ? agenda.children.filter((c) => c.findings.length > 0 || c.changes.length > 0 || c.recordedOnly) : agenda.children),
    [agenda.children, onlyDrifting],
  )
  const drawn = useProgressive(shownChildren.length)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const save = useSaveSession()
  const ids = { supervisor: useId(), notes: useId() }
  const recorded = agenda.session !== null
  const findings = agenda.children.reduce((n, c) => n + c.findings.length, 0)
  // Children this recorded session has notes for who are no longer in its group (AgendaChild.recordedOnly).
  const outside = agenda.children.filter((c) => c.recordedOnly).length

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
    const talked = agenda.children
      .map((c) => ({ childId: c.childId, ...talk[c.childId]! }))
      .filter((c) => c.discussion.trim() || c.decisions.trim() || agenda.children.find((x) => x.childId === c.childId)!.discussion)
    try {
      const r = await save.mutateAsync({
        ...(agenda.session ? { id: agenda.session.id } : {}),
        date: agenda.date,
        scope: agenda.scope,
        supervisor: supervisor.trim(),
        notes,
        children: talked,
        actions: toSave.map((a) => ({ childId: a.childId, description: a.description.trim(), ownerId: a.ownerId || null, dueDate: a.dueDate })),
      })
      setAdded([])
      setDrafts({})
      setDone('Session saved.')
      onSaved(r.sessionId)
    } catch (e) {
      const childName = (id: string | undefined) => agenda.children.find((c) => c.childId === id)?.childName ?? 'a child'
      setError(
        isApiError(e) && e.problems.length
          ? `${e.message} ${e.problems.map((p) => problemInWords(p.path, p.reason, (i) => childName(toSave[i]?.childId), (i) => childName(talked[i]?.childId))).join('; ')}.`
          : e instanceof Error
            ? e.message
            : 'The session could not be saved.',
      )
    }
  }

  return (
    <section className="session" aria-labelledby="session-heading">
      <div className="panel session-head">
        <h2 id="session-heading">
          {recorded ? 'Supervision session' : 'Agenda'}: {agenda.scopeName}, {formatUK(agenda.date)}
        </h2>
        <p className="panel-sub">
          {plural(agenda.children.length - outside, 'child', 'children')} with a plan open on {formatUK(agenda.date)}, {plural(findings, 'drift finding')}.{' '}
          {outside > 0 && `What was recorded for ${plural(outside, 'child', 'children')} no longer in this group is kept, last below. `}
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

const ACTION_FIELDS: Record<string, string> = { description: 'what is to be done', dueDate: 'its due date', ownerId: 'its owner', childId: 'its child' }
const CHILD_FIELDS: Record<string, string> = { discussion: 'what was discussed', decisions: 'the decisions' }

/** A refusal of the core's, by the field's name and its child, never by its JSON path ("$.actions[0].description"). */
export function problemInWords(path: string, reason: string, actionChild: (i: number) => string, talkChild: (i: number) => string): string {
  const action = /^\$\.actions\[(\d+)\]\.(\w+)$/.exec(path)
  if (action) return `the action for ${actionChild(Number(action[1]))}: ${ACTION_FIELDS[action[2]!] ?? 'a field'} ${reason}`
  const talk = /^\$\.children\[(\d+)\]\.(\w+)$/.exec(path)
  if (talk) return `for ${talkChild(Number(talk[1]))}, ${CHILD_FIELDS[talk[2]!] ?? 'a field'} ${reason}`
  if (path === '$.supervisor') return `the supervisor ${reason}`
  if (path === '$.notes') return `the notes ${reason}`
  return reason
}
