/**
 * The change log (table `change_log`): one row per record changed, grouped by `change_id` (one
 * user action). Callers open the transaction that also writes the records.
 */
import type Database from 'better-sqlite3'
import { prepared } from './prepared'

export interface ChangeLogRow {
  id: number
  changeId: number
  at: string
  actor: string
  action: string
  summary: string
  childId: string | null
  tableName: string
  recordId: string
  before: string | null
  after: string | null
  undoes: number | null
}

const COLUMNS = `id, change_id AS changeId, at, actor, action, summary, child_id AS childId, table_name AS tableName,
                 record_id AS recordId, before, after, undoes`

export function nextChangeId(sqlite: Database.Database): number {
  const r = prepared(sqlite, 'SELECT coalesce(max(change_id), 0) + 1 AS next FROM change_log').get() as { next: number }
  return r.next
}

export function insertChangeRow(sqlite: Database.Database, row: Omit<ChangeLogRow, 'id'>): void {
  prepared(
    sqlite,
    `INSERT INTO change_log (change_id, at, actor, action, summary, child_id, table_name, record_id, before, after, undoes)
     VALUES (@changeId, @at, @actor, @action, @summary, @childId, @tableName, @recordId, @before, @after, @undoes)`,
  ).run(row)
}

/** The latest change that is not an undo and has not been undone, or null. */
export function lastUndoableChange(sqlite: Database.Database): number | null {
  const r = prepared(
    sqlite,
    `SELECT max(change_id) AS changeId FROM change_log
      WHERE undoes IS NULL AND change_id NOT IN (SELECT undoes FROM change_log WHERE undoes IS NOT NULL)`,
  ).get() as { changeId: number | null }
  return r.changeId
}

/** The rows of one change, in the order they were written. */
export function changeRows(sqlite: Database.Database, changeId: number): ChangeLogRow[] {
  return prepared(sqlite, `SELECT ${COLUMNS} FROM change_log WHERE change_id = ? ORDER BY id`).all(changeId) as ChangeLogRow[]
}

/** The first row of each change (newest first), for one child or the whole caseload. */
export function listChanges(sqlite: Database.Database, childId: string | null, limit: number): (ChangeLogRow & { undone: number })[] {
  const undone = `(SELECT count(*) FROM change_log u WHERE u.undoes = c.change_id) AS undone`
  const first = `id IN (SELECT min(id) FROM change_log GROUP BY change_id)`
  return (
    childId === null
      ? prepared(sqlite, `SELECT ${COLUMNS}, ${undone} FROM change_log c WHERE ${first} ORDER BY change_id DESC LIMIT ?`).all(limit)
      : prepared(
          sqlite,
          `SELECT ${COLUMNS}, ${undone} FROM change_log c
            WHERE ${first} AND change_id IN (SELECT change_id FROM change_log WHERE child_id = ?)
            ORDER BY change_id DESC LIMIT ?`,
        ).all(childId, limit)
  ) as (ChangeLogRow & { undone: number })[]
}

/**
 * The changes made here to a record and not undone, latest first (summary, when, and the record before
 * and after as JSON): a sync keeps a source record whose fields the chair changed here (ended a plan, a
 * new social worker closing the previous allocation) rather than put the extract's older values back
 * over them (sources/sync.ts). `kind` is the record kind ('plan').
 */
export function localChanges(sqlite: Database.Database, kind: string, recordId: string): { summary: string; at: string; before: string | null; after: string | null }[] {
  return prepared(
    sqlite,
    `SELECT summary, at, before, after FROM change_log c WHERE table_name = ? AND record_id = ? AND undoes IS NULL
       AND NOT EXISTS (SELECT 1 FROM change_log u WHERE u.undoes = c.change_id) ORDER BY id DESC`,
  ).all(kind, recordId) as { summary: string; at: string; before: string | null; after: string | null }[]
}

/** `${kind}\0${recordId}` of every record the change log holds a change of (one read per sync, so that localChanges is asked only of those). */
export function changedRecordKeys(sqlite: Database.Database): Set<string> {
  const keys = new Set<string>()
  for (const r of prepared(sqlite, 'SELECT DISTINCT table_name AS kind, record_id AS id FROM change_log').all() as { kind: string; id: string }[]) keys.add(`${r.kind}\0${r.id}`)
  return keys
}
