/**
 * PRAGMA data_version changes when another connection commits — and also when this connection
 * switches its journal mode (withRollbackJournal: an import leaves WAL mode and comes back), which
 * is not anyone else's change. A connection that did so records the value it left behind here,
 * so the session's watch (app/external-changes.ts) does not take its own import for another
 * program's.
 */
import type Database from 'better-sqlite3'

const own = new WeakMap<Database.Database, number>()

export function markOwnChange(sqlite: Database.Database): void {
  try {
    own.set(sqlite, sqlite.pragma('data_version', { simple: true }) as number)
  } catch {
    own.delete(sqlite)
  }
}

/** The data_version this connection's own journal-mode switch left, if any. */
export function ownVersion(sqlite: Database.Database): number | undefined {
  return own.get(sqlite)
}
