/**
 * Recording supervision (sessions, what was discussed and decided per child, supervision actions)
 * and chairs' mid-way reviews. Validated with the shared schemas (the forms use the same), then
 * business checks, then written in one transaction. These are the app's own working records: they
 * are not in the change log (whose undo reverses interchange-format records only); each row says
 * who recorded it and when instead.
 */
import { randomUUID } from 'node:crypto'
import { formatUK, type CivilDate } from '../../../shared/civil-date'
import { DriftwatchError } from '../../../shared/errors'
import {
  actionStatusInputSchema,
  midwayInputSchema,
  sessionInputSchema,
  type MidwayChanges,
  type MidwayReview,
} from '../../../shared/supervision'
import type { CaseloadDb } from '../db/caseload-db'
import {
  childrenRecordedIn,
  insertMidway,
  insertSession,
  insertSupervisionAction,
  midwayById,
  midwayReviewsOf,
  openPlanOf,
  professionalName,
  sessionById,
  setSupervisionActionStatus,
  supervisionActionById,
  updateSession,
  upsertChildNote,
  type MidwayRow,
} from '../queries/supervision'
import { Checks, parseInput } from '../records/checks'
import type { RecordContext } from '../records/change'
import { childrenInScope, scopeName } from './agenda'

const now = (ctx: RecordContext) => (ctx.now ?? (() => new Date().toISOString()))()

/** Records a new session, or updates one (its date and scope stay). Returns its id. */
export function saveSession(db: CaseloadDb, ctx: RecordContext, input: unknown): { sessionId: string } {
  const v = parseInput(sessionInputSchema, input)
  const sqlite = db.sqlite
  const c = new Checks(ctx.today)
  const existing = v.id ? sessionById(sqlite, v.id) : null
  if (v.id) c.exists('$.id', existing, 'is not a supervision session in this caseload')
  const date = existing ? existing.date : v.date
  c.notFuture('$.date', date)
  const name = existing ? existing.scopeName : scopeName(db, v.scope)
  const plans = new Map<string, string | null>()
  const planOf = (childId: string) => {
    if (!plans.has(childId)) plans.set(childId, openPlanOf(sqlite, childId, date))
    return plans.get(childId)!
  }
  // Only the children of the session's scope on its date (its agenda's): a note recorded for another
  // worker's child would be shown in no supervision of theirs, yet count as that child's last one.
  const scope = existing ? { kind: existing.scopeKind, id: existing.scopeId } : v.scope
  let inScope: Set<string> | null = null
  const outOfScope = (childId: string) => {
    if (scope.kind === 'caseload') return false
    inScope ??= new Set(childrenInScope(db, scope, date).map((r) => r.childId))
    return !inScope.has(childId)
  }
  // A child this session already recorded a note for keeps it, and it may be corrected, even if an
  // import has since taken them out of the group or the caseload (the agenda still shows that note).
  const recordedHere = new Set(existing ? childrenRecordedIn(sqlite, existing.id) : [])
  v.children.forEach((ch, i) => {
    if (recordedHere.has(ch.childId)) return
    if (planOf(ch.childId) === null) c.fail(`$.children[${i}].childId`, `has no plan open on ${formatUK(date)}`)
    else if (outOfScope(ch.childId)) c.fail(`$.children[${i}].childId`, `is not one of ${name}'s children on ${formatUK(date)}`)
  })
  v.actions.forEach((a, i) => {
    if (planOf(a.childId) === null) c.fail(`$.actions[${i}].childId`, `has no plan open on ${formatUK(date)}`)
    else if (outOfScope(a.childId)) c.fail(`$.actions[${i}].childId`, `is not one of ${name}'s children on ${formatUK(date)}`)
    if (a.ownerId !== null && professionalName(sqlite, a.ownerId) === null) c.fail(`$.actions[${i}].ownerId`, 'is not a professional in this caseload')
    c.notBefore(`$.actions[${i}].dueDate`, a.dueDate, date, 'the session')
  })
  c.done()
  const id = existing?.id ?? `supervision-${randomUUID()}`
  const at = now(ctx)
  sqlite.transaction(() => {
    if (existing) updateSession(sqlite, { id, supervisor: v.supervisor, notes: v.notes, recordedAt: at, recordedBy: ctx.actor })
    else {
      insertSession(sqlite, { id, date, scopeKind: v.scope.kind, scopeId: v.scope.id, scopeName: name, supervisor: v.supervisor, notes: v.notes, recordedAt: at, recordedBy: ctx.actor })
    }
    for (const ch of v.children) upsertChildNote(sqlite, { sessionId: id, childId: ch.childId, discussion: ch.discussion, decisions: ch.decisions })
    for (const a of v.actions) {
      insertSupervisionAction(sqlite, {
        id: `supervision-action-${randomUUID()}`,
        sessionId: id,
        childId: a.childId,
        planId: planOf(a.childId)!,
        createdDate: date,
        description: a.description,
        ownerId: a.ownerId,
        dueDate: a.dueDate,
        status: 'open',
        closedDate: null,
      })
    }
  }).immediate()
  return { sessionId: id }
}

/** Marks a supervision action done or dropped on a date, or reopens it. */
export function setActionStatus(db: CaseloadDb, ctx: RecordContext, input: unknown): { id: string } {
  const v = parseInput(actionStatusInputSchema, input)
  const c = new Checks(ctx.today)
  const a = supervisionActionById(db.sqlite, v.id)
  c.exists('$.id', a, 'is not a supervision action in this caseload')
  if (v.status === 'open' && v.closedDate !== null) c.fail('$.closedDate', 'must be empty for an open action')
  if (v.status !== 'open' && v.closedDate === null) c.fail('$.closedDate', 'is required when an action is done or dropped')
  c.notFuture('$.closedDate', v.closedDate)
  if (a) c.notBefore('$.closedDate', v.closedDate, a.createdDate, 'the session that set it')
  c.done()
  db.sqlite.transaction(() => setSupervisionActionStatus(db.sqlite, v.id, v.status, v.closedDate)).immediate()
  return { id: v.id }
}

function toReview(r: MidwayRow): MidwayReview {
  const { sinceDate: _since, changes, ...rest } = r
  return { ...rest, changes: JSON.parse(changes) as MidwayChanges }
}

export function listMidwayReviews(db: CaseloadDb, childId: string): MidwayReview[] {
  return midwayReviewsOf(db.sqlite, childId).map(toReview)
}

export function midwayReview(db: CaseloadDb, id: string): MidwayReview {
  const r = midwayById(db.sqlite, id)
  if (!r) throw new DriftwatchError('NOT_FOUND', 'There is no mid-way review with that id.')
  return toReview(r)
}

/** Records a mid-way review with the changes as they stood on its date (computed by `prepare`). */
export function saveMidwayReview(db: CaseloadDb, ctx: RecordContext, input: unknown, prepare: (childId: string, date: CivilDate) => MidwayChanges): { id: string } {
  const v = parseInput(midwayInputSchema, input)
  const c = new Checks(ctx.today)
  c.notFuture('$.date', v.date)
  c.done()
  const changes = prepare(v.childId, v.date)
  const id = `midway-${randomUUID()}`
  db.sqlite
    .transaction(() =>
      insertMidway(db.sqlite, {
        id,
        childId: v.childId,
        planId: changes.planId,
        date: v.date,
        sinceDate: changes.since,
        rag: v.rag,
        ragReason: v.ragReason,
        decision: v.decision,
        decisionNote: v.decisionNote,
        changes: JSON.stringify(changes),
        recordedAt: now(ctx),
        recordedBy: ctx.actor,
      }),
    )
    .immediate()
  return { id }
}
