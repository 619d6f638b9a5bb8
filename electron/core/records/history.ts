/**
 * The change history (who changed what and when) and undo of the last change: each record put back
 * as it was before (from the change log's JSON), in one transaction, itself logged as a change.
 */
import type { CaseloadDb } from '../db/caseload-db'
import { changeRows, insertChangeRow, lastUndoableChange, listChanges, nextChangeId } from '../queries/change-log'
import { stores, type RecordKind, RECORD_KINDS } from '../queries/records'
import { DriftwatchError } from '../../../shared/errors'
import type { HistoryEntry, Saved } from '../../../shared/record-inputs'
import type { RecordContext } from './change'

export function listHistory(db: CaseloadDb, options: { childId?: string | null; limit?: number } = {}): HistoryEntry[] {
  return listChanges(db.sqlite, options.childId ?? null, Math.min(Math.max(options.limit ?? 50, 1), 500)).map((r) => ({
    changeId: r.changeId,
    at: r.at,
    actor: r.actor,
    action: r.action,
    summary: r.summary,
    childId: r.childId,
    undoes: r.undoes,
    undone: r.undone > 0,
  }))
}

/** The change that Undo would reverse now, or null. */
export function undoableChange(db: CaseloadDb): HistoryEntry | null {
  const id = lastUndoableChange(db.sqlite)
  if (id === null) return null
  const first = changeRows(db.sqlite, id)[0]
  return first ? { changeId: id, at: first.at, actor: first.actor, action: first.action, summary: first.summary, childId: first.childId, undoes: null, undone: false } : null
}

/**
 * Reverses the last change that is not an undo and not yet undone (repeating it walks back through
 * the history). With `changeId`, refuses unless that is the change that would be undone, so an Undo
 * button never undoes something else. Refuses if a record was changed outside the log since.
 */
export function undoLast(db: CaseloadDb, ctx: RecordContext, changeId?: number): Saved {
  const sqlite = db.sqlite
  const tx = sqlite.transaction((): Saved => {
    const target = lastUndoableChange(sqlite)
    if (target === null) throw new DriftwatchError('NOT_FOUND', 'There is nothing to undo.')
    if (changeId !== undefined && changeId !== target) {
      // Undo walks back through the caseload's changes in order; the later one may be another child's,
      // not in this case's history, so it is named.
      const later = changeRows(sqlite, target)[0]
      const child = later?.childId ? stores.child.read(sqlite, later.childId)?.name : null
      throw new DriftwatchError(
        'BAD_INPUT',
        `That change can no longer be undone on its own: a later change was made${later ? ` ("${later.summary}"${child ? `, in ${child}'s case` : ''})` : ''}. Undo reverses changes latest first: undo that one first.`,
      )
    }
    const rows = changeRows(sqlite, target)
    const undoId = nextChangeId(sqlite)
    const at = (ctx.now ?? (() => new Date().toISOString()))()
    const summary = `Undid: ${rows[0]!.summary}`
    for (const row of [...rows].reverse()) {
      const kind = row.tableName as RecordKind
      if (!(RECORD_KINDS as readonly string[]).includes(kind)) throw new DriftwatchError('INTERNAL', 'The change log names an unknown kind of record.')
      const store = stores[kind]
      const current = store.read(sqlite, row.recordId)
      if (JSON.stringify(current) !== (row.after ?? 'null')) {
        throw new DriftwatchError('BAD_INPUT', 'This change cannot be undone: the record has been changed another way since (for example by an import).')
      }
      const before = row.before === null ? null : (JSON.parse(row.before) as never)
      if (before === null) store.remove(sqlite, row.recordId)
      else if (current === null) store.insert(sqlite, row.recordId, before)
      else store.update(sqlite, row.recordId, before)
      insertChangeRow(sqlite, {
        changeId: undoId,
        at,
        actor: ctx.actor,
        action: 'undo',
        summary,
        childId: row.childId,
        tableName: row.tableName,
        recordId: row.recordId,
        before: row.after,
        after: row.before,
        undoes: target,
      })
    }
    return { changeId: undoId, id: rows[0]!.recordId, summary, childId: rows[0]!.childId }
  })
  return tx.immediate()
}
