/**
 * One change to the caseload: its records written and its change-log rows, in ONE transaction.
 * Every `record*` function of this folder runs its writes through `runChange`; the log keeps each
 * record's before and after (interchange-format JSON) so that `undoLast` can reverse it.
 */
import { randomUUID } from 'node:crypto'
import type { CaseloadDb } from '../db/caseload-db'
import { insertChangeRow, nextChangeId } from '../queries/change-log'
import { insertRow, stores, type RecordKind, type RecordKinds } from '../queries/records'
import type { Saved } from '../../../shared/record-inputs'

export interface RecordContext {
  /** Who is making the change (shown in the history). */
  actor: string
  /** Today's civil date in Europe/London: nothing may be recorded as happening after it. */
  today: string
  /** The moment of the change, an ISO timestamp (tests fix it). */
  now?: () => string
}

/** A new record id. Ids are opaque strings (format v1); these never collide with imported ones in practice. */
export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`
}

export interface ChangeWriter {
  create<K extends RecordKind>(kind: K, id: string, record: RecordKinds[K]): RecordKinds[K]
  /** Inserts a member or distribution (no id in the format); returns its row id. */
  createRow(kind: 'member' | 'distribution', record: RecordKinds['member'] | RecordKinds['distribution']): string
  update<K extends RecordKind>(kind: K, id: string, record: RecordKinds[K]): RecordKinds[K]
  remove(kind: RecordKind, id: string): void
}

export interface ChangeDescription {
  action: string
  summary: string
  childId: string | null
}

/** Runs `write` in one transaction with its change-log rows; returns the change id and write's id. */
export function runChange(db: CaseloadDb, ctx: RecordContext, what: ChangeDescription, write: (w: ChangeWriter) => string): Saved {
  const sqlite = db.sqlite
  const tx = sqlite.transaction((): Saved => {
    const changeId = nextChangeId(sqlite)
    const at = (ctx.now ?? (() => new Date().toISOString()))()
    const log = (kind: RecordKind, id: string, before: unknown, after: unknown) =>
      insertChangeRow(sqlite, {
        changeId,
        at,
        actor: ctx.actor,
        action: what.action,
        summary: what.summary,
        childId: what.childId,
        tableName: kind,
        recordId: id,
        before: before == null ? null : JSON.stringify(before),
        after: after == null ? null : JSON.stringify(after),
        undoes: null,
      })
    const w: ChangeWriter = {
      create(kind, id, record) {
        stores[kind].insert(sqlite, id, record as never)
        const after = stores[kind].read(sqlite, id)!
        log(kind, id, null, after)
        return after as never
      },
      createRow(kind, record) {
        const id = insertRow(sqlite, kind, record)
        log(kind, id, null, stores[kind].read(sqlite, id))
        return id
      },
      update(kind, id, record) {
        const before = stores[kind].read(sqlite, id)
        stores[kind].update(sqlite, id, record as never)
        const after = stores[kind].read(sqlite, id)!
        if (JSON.stringify(before) !== JSON.stringify(after)) log(kind, id, before, after)
        return after as never
      },
      remove(kind, id) {
        const before = stores[kind].read(sqlite, id)
        if (!before) return
        stores[kind].remove(sqlite, id)
        log(kind, id, before, null)
      },
    }
    const id = write(w)
    return { changeId, id, summary: what.summary, childId: what.childId }
  })
  return tx.immediate()
}
