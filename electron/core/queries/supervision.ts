/**
 * Supervision sessions, supervision actions and mid-way reviews (tables of migration 0002): every
 * SQL statement they need. Callers open the transaction when they write more than one row.
 */
import type Database from 'better-sqlite3'
import type { CivilDate } from '../../../shared/civil-date'
import { prepared } from './prepared'
import { planOpenSql } from './period-sql'

export interface SessionRow {
  id: string
  date: CivilDate
  scopeKind: 'worker' | 'team' | 'caseload'
  scopeId: string
  scopeName: string
  supervisor: string
  notes: string
  recordedAt: string
  recordedBy: string
}

export interface ChildNoteRow {
  sessionId: string
  sessionDate: CivilDate
  childId: string
  discussion: string
  decisions: string
}

export interface SupervisionActionRow {
  id: string
  sessionId: string
  childId: string
  planId: string
  createdDate: CivilDate
  description: string
  ownerId: string | null
  ownerName: string | null
  dueDate: CivilDate
  status: 'open' | 'done' | 'dropped'
  closedDate: CivilDate | null
}

export interface MidwayRow {
  id: string
  childId: string
  planId: string
  date: CivilDate
  sinceDate: CivilDate
  rag: 'red' | 'amber' | 'green'
  ragReason: string
  decision: 'no-change' | 'bring-forward' | 'escalate'
  decisionNote: string
  changes: string
  recordedAt: string
  recordedBy: string
}

const SESSION_COLUMNS = `id, date, scope_kind AS scopeKind, scope_id AS scopeId, scope_name AS scopeName, supervisor, notes,
  recorded_at AS recordedAt, recorded_by AS recordedBy`
const ACTION_COLUMNS = `a.id, a.session_id AS sessionId, a.child_id AS childId, a.plan_id AS planId, a.created_date AS createdDate,
  a.description, a.owner_id AS ownerId, o.name AS ownerName, a.due_date AS dueDate, a.status, a.closed_date AS closedDate`
const MIDWAY_COLUMNS = `id, child_id AS childId, plan_id AS planId, date, since_date AS sinceDate, rag, rag_reason AS ragReason,
  decision, decision_note AS decisionNote, changes, recorded_at AS recordedAt, recorded_by AS recordedBy`

export function insertSession(sqlite: Database.Database, s: SessionRow): void {
  prepared(
    sqlite,
    `INSERT INTO supervision_sessions (id, date, scope_kind, scope_id, scope_name, supervisor, notes, recorded_at, recorded_by)
     VALUES (@id, @date, @scopeKind, @scopeId, @scopeName, @supervisor, @notes, @recordedAt, @recordedBy)`,
  ).run(s)
}

export function updateSession(sqlite: Database.Database, s: Pick<SessionRow, 'id' | 'supervisor' | 'notes' | 'recordedAt' | 'recordedBy'>): void {
  prepared(
    sqlite,
    `UPDATE supervision_sessions SET supervisor = @supervisor, notes = @notes, recorded_at = @recordedAt, recorded_by = @recordedBy WHERE id = @id`,
  ).run(s)
}

export function sessionById(sqlite: Database.Database, id: string): SessionRow | null {
  return (prepared(sqlite, `SELECT ${SESSION_COLUMNS} FROM supervision_sessions WHERE id = ?`).get(id) as SessionRow | undefined) ?? null
}

export function listSessions(sqlite: Database.Database, limit: number): (SessionRow & { children: number; actions: number })[] {
  return prepared(
    sqlite,
    `SELECT ${SESSION_COLUMNS},
       (SELECT count(*) FROM supervision_children c WHERE c.session_id = s.id) AS children,
       (SELECT count(*) FROM supervision_actions a WHERE a.session_id = s.id) AS actions
     FROM supervision_sessions s ORDER BY date DESC, recorded_at DESC, id LIMIT ?`,
  ).all(limit) as (SessionRow & { children: number; actions: number })[]
}

export function upsertChildNote(sqlite: Database.Database, n: Omit<ChildNoteRow, 'sessionDate'>): void {
  prepared(
    sqlite,
    `INSERT INTO supervision_children (session_id, child_id, discussion, decisions) VALUES (@sessionId, @childId, @discussion, @decisions)
     ON CONFLICT (session_id, child_id) DO UPDATE SET discussion = excluded.discussion, decisions = excluded.decisions`,
  ).run(n)
}

/** Every note about these children in sessions dated on or before `upTo`, newest first. */
export function childNotes(sqlite: Database.Database, childIds: readonly string[], upTo: CivilDate): ChildNoteRow[] {
  return prepared(
    sqlite,
    `SELECT n.session_id AS sessionId, s.date AS sessionDate, n.child_id AS childId, n.discussion, n.decisions
       FROM supervision_children n JOIN supervision_sessions s ON s.id = n.session_id
      WHERE n.child_id IN (SELECT value FROM json_each(@children)) AND s.date <= @upTo
      ORDER BY s.date DESC, s.recorded_at DESC, s.id DESC`,
  ).all({ children: JSON.stringify(childIds), upTo }) as ChildNoteRow[]
}

/**
 * The children a session recorded something for (a note, or an action set), each once. A later
 * import may have taken a child out of the session's group, or out of the caseload: what was recorded
 * is still the session's, so its agenda and note show it.
 */
export function childrenRecordedIn(sqlite: Database.Database, sessionId: string): string[] {
  return (
    prepared(
      sqlite,
      `SELECT child_id AS childId FROM supervision_children WHERE session_id = @sessionId
        UNION SELECT child_id FROM supervision_actions WHERE session_id = @sessionId
        ORDER BY 1`,
    ).all({ sessionId }) as { childId: string }[]
  ).map((r) => r.childId)
}

export function insertSupervisionAction(sqlite: Database.Database, a: Omit<SupervisionActionRow, 'ownerName'>): void {
  prepared(
    sqlite,
    `INSERT INTO supervision_actions (id, session_id, child_id, plan_id, created_date, description, owner_id, due_date, status, closed_date)
     VALUES (@id, @sessionId, @childId, @planId, @createdDate, @description, @ownerId, @dueDate, @status, @closedDate)`,
  ).run(a)
}

export function setSupervisionActionStatus(sqlite: Database.Database, id: string, status: string, closedDate: CivilDate | null): number {
  return prepared(sqlite, `UPDATE supervision_actions SET status = ?, closed_date = ? WHERE id = ?`).run(status, closedDate, id).changes
}

export function supervisionActionById(sqlite: Database.Database, id: string): SupervisionActionRow | null {
  return (
    (prepared(sqlite, `SELECT ${ACTION_COLUMNS} FROM supervision_actions a LEFT JOIN professionals o ON o.id = a.owner_id WHERE a.id = ?`).get(id) as
      | SupervisionActionRow
      | undefined) ?? null
  )
}

/** Supervision actions about these children created on or before `upTo`, by due date. */
export function supervisionActionsOf(sqlite: Database.Database, childIds: readonly string[], upTo: CivilDate): SupervisionActionRow[] {
  return prepared(
    sqlite,
    `SELECT ${ACTION_COLUMNS} FROM supervision_actions a LEFT JOIN professionals o ON o.id = a.owner_id
      WHERE a.child_id IN (SELECT value FROM json_each(@children)) AND a.created_date <= @upTo
      ORDER BY a.due_date, a.created_date, a.id`,
  ).all({ children: JSON.stringify(childIds), upTo }) as SupervisionActionRow[]
}

/** Supervision actions open on A (created <= A; open, or closed after A) and due before A. */
export function overdueSupervisionActions(sqlite: Database.Database, asOf: CivilDate): SupervisionActionRow[] {
  return prepared(
    sqlite,
    `SELECT ${ACTION_COLUMNS} FROM supervision_actions a LEFT JOIN professionals o ON o.id = a.owner_id
      WHERE a.created_date <= @asOf AND a.due_date < @asOf AND (a.status = 'open' OR a.closed_date > @asOf)
      ORDER BY a.child_id, a.id`,
  ).all({ asOf }) as SupervisionActionRow[]
}

export function insertMidway(sqlite: Database.Database, m: MidwayRow): void {
  prepared(
    sqlite,
    `INSERT INTO midway_reviews (id, child_id, plan_id, date, since_date, rag, rag_reason, decision, decision_note, changes, recorded_at, recorded_by)
     VALUES (@id, @childId, @planId, @date, @sinceDate, @rag, @ragReason, @decision, @decisionNote, @changes, @recordedAt, @recordedBy)`,
  ).run(m)
}

export function midwayReviewsOf(sqlite: Database.Database, childId: string): MidwayRow[] {
  return prepared(sqlite, `SELECT ${MIDWAY_COLUMNS} FROM midway_reviews WHERE child_id = ? ORDER BY date DESC, recorded_at DESC, id`).all(childId) as MidwayRow[]
}

export function midwayById(sqlite: Database.Database, id: string): MidwayRow | null {
  return (prepared(sqlite, `SELECT ${MIDWAY_COLUMNS} FROM midway_reviews WHERE id = ?`).get(id) as MidwayRow | undefined) ?? null
}

export function professionalName(sqlite: Database.Database, id: string): string | null {
  const r = prepared(sqlite, `SELECT name FROM professionals WHERE id = ?`).get(id) as { name: string } | undefined
  return r?.name ?? null
}

/** The child's open plan on D (the earliest, ties by id), or null. */
export function openPlanOf(sqlite: Database.Database, childId: string, date: CivilDate): string | null {
  const r = prepared(
    sqlite,
    `SELECT id FROM plans WHERE child_id = @childId AND ${planOpenSql('', '@date')}
      ORDER BY start_date, id LIMIT 1`,
  ).get({ childId, date }) as { id: string } | undefined
  return r?.id ?? null
}

/** Child id → name for these ids (ids not in the caseload are left out). */
export function childNames(sqlite: Database.Database, ids: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  const rows = prepared(sqlite, `SELECT id, name FROM children WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { id: string; name: string }[]
  for (const r of rows) out[r.id] = r.name
  return out
}
