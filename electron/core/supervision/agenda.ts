/**
 * A supervision session's agenda (issue 6, item 1): for a worker, a team or the whole caseload on a
 * date D, each child with a plan open on D and, for each, the drift findings on D, what changed since
 * the last supervision that discussed the child (or in the two months before D when there was none),
 * the plan's actions overdue or due within 28 days, the previous supervision's discussion and
 * decisions, and the supervision actions carried forward with whether they were done. For a recorded
 * session the same agenda (computed on the session's date) also carries what was discussed, decided
 * and set. "Nothing dated after D counts" (design brief §4) applies throughout.
 */
import { addDays, addMonths, formatUK, type CivilDate } from '../../../shared/civil-date'
import { END_RULES, notEndedBy } from '../../../shared/period'
import { CHANGE_REASON_LABELS, type ChangeReason } from '../../../shared/caseload-format'
import { driftScore, type Finding } from '../../../shared/drift-types'
import { DriftwatchError } from '../../../shared/errors'
import type { Agenda, AgendaChild, Scope, SupervisionAction } from '../../../shared/supervision'
import type { CaseloadDb } from '../db/caseload-db'
import { caseRecords, type CaseRecords } from '../queries/case-detail'
import { openPlanRows, type OpenPlanRow } from '../queries/caseload-rows'
import { childNames, childNotes, childrenRecordedIn, professionalName, sessionById, supervisionActionsOf, type SupervisionActionRow } from '../queries/supervision'
import { recordsAsOf } from '../app/case-as-of'
import { compareChildFindings } from '../../../shared/finding-order'
import { orderForTriage } from '../triage/order'
import { findingChanges } from './finding-changes'

/** Findings of the whole caseload on a date (the handlers pass their cached scan). */
export type FindingsOn = (asOf: CivilDate) => readonly Finding[]

/** With no earlier supervision of a child, changes are shown over this many months (the A17 oversight interval). */
export const LOOKBACK_MONTHS = 2
/** Actions due within this many days count as "due". */
export const DUE_WITHIN_DAYS = 28

export function scopeName(db: CaseloadDb, scope: Scope): string {
  if (scope.kind === 'caseload') return 'Whole caseload'
  if (scope.kind === 'team') return scope.id === '' ? 'No team' : scope.id
  const name = professionalName(db.sqlite, scope.id)
  if (name === null) {
    throw new DriftwatchError('NOT_FOUND', 'There is no worker with that id in this caseload.', [{ path: '$.scope.id', reason: 'is not a professional in this caseload' }])
  }
  return name
}

/** The open plans (one per child: its earliest) of the children in scope on D, by child name. */
export function childrenInScope(db: CaseloadDb, scope: Scope, date: CivilDate): OpenPlanRow[] {
  const seen = new Set<string>()
  return openPlanRows(db.sqlite, date).filter((r) => {
    if (scope.kind === 'worker' && r.workerId !== scope.id) return false
    if (scope.kind === 'team' && (r.team ?? '') !== scope.id) return false
    if (seen.has(r.childId)) return false
    seen.add(r.childId)
    return true
  })
}

export function actionState(a: Pick<SupervisionActionRow, 'status' | 'closedDate' | 'dueDate'>, date: CivilDate): SupervisionAction['state'] {
  if (a.status !== 'open' && a.closedDate !== null && !notEndedBy(a.closedDate, date, END_RULES.action)) return a.status
  return a.dueDate < date ? 'overdue' : 'open'
}

const toAction = (a: SupervisionActionRow, date: CivilDate): SupervisionAction => ({ ...a, state: actionState(a, date) })

/** What changed in (since, date] for one child, one plain sentence each, oldest first. */
export function changesSince(r: CaseRecords, since: CivilDate, date: CivilDate, before: readonly Finding[], now: readonly Finding[]): string[] {
  const inRange = (d: string | null | undefined) => d != null && d > since && d <= date
  const name = new Map(r.professionals.map((p) => [p.id, p.name]))
  const who = (id: string | null | undefined) => (id ? (name.get(id) ?? id) : 'no owner')
  const out: { date: string; text: string }[] = []
  for (const c of r.conferences) if (inRange(c.date)) out.push({ date: c.date, text: `${c.kind === 'initial' ? 'Initial' : 'Review'} conference held on ${formatUK(c.date)}.` })
  for (const m of r.meetings) {
    if (!inRange(m.date)) continue
    const flags = [
      m.childViewsRecorded ? "child's views recorded" : "child's views NOT recorded",
      m.planAvailable ? null : 'plan NOT available',
      m.riskReviewed ? null : 'risk NOT reviewed',
    ].filter((x): x is string => x !== null)
    out.push({ date: m.date, text: `Core group on ${formatUK(m.date)}: ${m.attended.length} attended, ${m.apologies.length} sent apologies; ${flags.join(', ')}.` })
  }
  for (const a of r.actions) {
    if (inRange(a.createdDate)) out.push({ date: a.createdDate, text: `Action added on ${formatUK(a.createdDate)}: ${a.description} (${who(a.ownerId)}${a.dueDate ? `, due ${formatUK(a.dueDate)}` : ', no due date'}).` })
    if (a.status !== 'open' && inRange(a.closedDate)) out.push({ date: a.closedDate!, text: `Action ${a.status === 'done' ? 'done' : 'dropped'} on ${formatUK(a.closedDate)}: ${a.description}.` })
  }
  const allocations = [...r.allocations].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.id < b.id ? -1 : 1))
  allocations.forEach((a, i) => {
    if (!inRange(a.startDate)) return
    const reason = a.changeReason ? ` (${CHANGE_REASON_LABELS[a.changeReason as ChangeReason] ?? a.changeReason})` : ''
    out.push({ date: a.startDate, text: i === 0 ? `${who(a.professionalId)} allocated as social worker on ${formatUK(a.startDate)}.` : `Social worker changed to ${who(a.professionalId)} on ${formatUK(a.startDate)}${reason}.` })
  })
  for (const d of r.disagreements) {
    if (inRange(d.raisedDate)) out.push({ date: d.raisedDate, text: `Professional disagreement raised by ${who(d.raisedById)} on ${formatUK(d.raisedDate)}.` })
    if (inRange(d.resolvedDate)) out.push({ date: d.resolvedDate!, text: `Professional disagreement resolved on ${formatUK(d.resolvedDate)}.` })
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const lines = out.map((o) => o.text)
  const { added, resolved } = findingChanges(before, now)
  for (const f of added) lines.push(`New finding: ${f.message}`)
  for (const f of resolved) lines.push(`Resolved since: ${f.message}`)
  return lines
}

export interface AgendaOptions {
  scope: Scope
  date: CivilDate
  sessionId?: string
}

/** Builds the agenda (for a recorded session: on its own date and scope, with what was recorded). */
export function buildAgenda(db: CaseloadDb, o: AgendaOptions, findingsOn: FindingsOn, warnings: readonly string[] = []): Agenda {
  let scope = o.scope
  let date = o.date
  let session: Agenda['session'] = null
  let name: string
  if (o.sessionId) {
    const s = sessionById(db.sqlite, o.sessionId)
    if (!s) throw new DriftwatchError('NOT_FOUND', 'There is no supervision session with that id.')
    scope = { kind: s.scopeKind, id: s.scopeId }
    date = s.date
    name = s.scopeName
    session = { id: s.id, supervisor: s.supervisor, notes: s.notes, recordedAt: s.recordedAt, recordedBy: s.recordedBy }
  } else {
    name = scopeName(db, scope)
  }
  const rows = childrenInScope(db, scope, date)
  const ids = rows.map((r) => r.childId)
  const wanted = new Set(ids)

  const byChildOn = new Map<CivilDate, Map<string, Finding[]>>()
  const findingsOf = (childId: string, d: CivilDate): Finding[] => {
    let map = byChildOn.get(d)
    if (!map) {
      map = new Map()
      for (const f of findingsOn(d)) {
        if (!wanted.has(f.childId)) continue
        const list = map.get(f.childId)
        if (list) list.push(f)
        else map.set(f.childId, [f])
      }
      byChildOn.set(d, map)
    }
    return map.get(childId) ?? []
  }

  const notes = childNotes(db.sqlite, ids, date)
  const actions = supervisionActionsOf(db.sqlite, ids, date)
  const children: AgendaChild[] = rows.map((row) => {
    const mine = notes.filter((n) => n.childId === row.childId)
    const current = session ? mine.find((n) => n.sessionId === session.id) : undefined
    const previous = mine.find((n) => n.sessionId !== session?.id && n.sessionDate <= date) ?? null
    const since = previous ? previous.sessionDate : addMonths(date, -LOOKBACK_MONTHS)
    const records = caseRecords(db.sqlite, row.childId)
    const now = findingsOf(row.childId, date)
    const changes = records ? changesSince(recordsAsOf(records, date), since, date, findingsOf(row.childId, since), now) : []
    const horizon = addDays(date, DUE_WITHIN_DAYS)
    const actionsDue = records
      ? recordsAsOf(records, date)
          .actions.filter((a) => a.planId === row.planId && a.status === 'open' && a.dueDate != null && a.dueDate <= horizon)
          .sort((a, b) => (a.dueDate! < b.dueDate! ? -1 : a.dueDate! > b.dueDate! ? 1 : a.id < b.id ? -1 : 1))
          .map((a) => ({
            id: a.id,
            description: a.description,
            ownerName: a.ownerId ? (records.professionals.find((p) => p.id === a.ownerId)?.name ?? a.ownerId) : null,
            dueDate: a.dueDate!,
            overdue: a.dueDate! < date,
          }))
      : []
    const childActions = actions.filter((a) => a.childId === row.childId)
    const carriedForward = childActions
      .filter((a) => a.sessionId !== session?.id)
      .map((a) => toAction(a, date))
      .filter((a) => a.state === 'open' || a.state === 'overdue' || (a.closedDate !== null && a.closedDate > since) || a.createdDate === since)
    return {
      childId: row.childId,
      childName: row.childName,
      team: row.team,
      complex: row.complex,
      planId: row.planId,
      workerName: row.workerName,
      findings: now,
      score: driftScore(now),
      since,
      sinceLastSupervision: previous !== null,
      changes,
      actionsDue,
      previous: previous ? { sessionId: previous.sessionId, date: previous.sessionDate, discussion: previous.discussion, decisions: previous.decisions } : null,
      carriedForward,
      discussion: current?.discussion ?? '',
      decisions: current?.decisions ?? '',
      actions: session ? childActions.filter((a) => a.sessionId === session.id).map((a) => toAction(a, date)) : [],
      recordedOnly: null,
    }
  })
  const recorded = session ? recordedOutsideGroup(db, session.id, wanted, date) : []
  return { date, scope, scopeName: name, session, children: [...byDrift(children), ...recorded], warnings: [...warnings] }
}

/**
 * A recorded session's children who are no longer in its group on its date, or in the caseload (an
 * import since then moved or removed them): what the session recorded for them is shown after the
 * group's children, by name, without findings (they are no longer this group's to act on).
 */
function recordedOutsideGroup(db: CaseloadDb, sessionId: string, inGroup: ReadonlySet<string>, date: CivilDate): AgendaChild[] {
  const ids = childrenRecordedIn(db.sqlite, sessionId).filter((id) => !inGroup.has(id))
  if (ids.length === 0) return []
  const names = childNames(db.sqlite, ids)
  const notes = childNotes(db.sqlite, ids, date).filter((n) => n.sessionId === sessionId)
  const actions = supervisionActionsOf(db.sqlite, ids, date).filter((a) => a.sessionId === sessionId)
  return ids
    .map((childId): AgendaChild => {
      const note = notes.find((n) => n.childId === childId)
      const mine = actions.filter((a) => a.childId === childId)
      return {
        childId,
        childName: names[childId] ?? `Child ${childId}`,
        team: null,
        complex: false,
        planId: mine[0]?.planId ?? '',
        workerName: null,
        findings: [],
        score: 0,
        since: date,
        sinceLastSupervision: false,
        changes: [],
        actionsDue: [],
        previous: null,
        carriedForward: [],
        discussion: note?.discussion ?? '',
        decisions: note?.decisions ?? '',
        actions: mine.map((a) => toAction(a, date)),
        recordedOnly: childId in names ? 'out-of-scope' : 'removed',
      }
    })
    .sort((a, b) => a.childName.localeCompare(b.childName, 'en-GB') || (a.childId < b.childId ? -1 : 1))
}

/**
 * Children in the triage order (worst severity, an overdue finding of it, drift score, earliest
 * overdue date), each child's findings worst first; children with nothing drifting after them, by name.
 */
function byDrift(children: AgendaChild[]): AgendaChild[] {
  const rank = new Map<string, number>()
  orderForTriage(children.flatMap((c) => c.findings)).forEach((g, i) => rank.set(g.childId, i))
  for (const c of children) c.findings = [...c.findings].sort(compareChildFindings)
  const none = children.length
  return [...children].sort((a, b) => (rank.get(a.childId) ?? none) - (rank.get(b.childId) ?? none) || a.childName.localeCompare(b.childName, 'en-GB') || (a.childId < b.childId ? -1 : 1))
}
