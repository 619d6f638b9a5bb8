/**
 * A bulk write that keeps its transaction open across turns of the event loop (the stepwise
 * interchange import, caseload/import.ts): between its steps the core answers other requests on
 * the same connection, which would otherwise read the half-written caseload or write into the
 * import's transaction (and be rolled back with it, or committed with it).
 *
 * So while one is open the session refuses other database work (BUSY, in a chair's words), and
 * closing the caseload ends the write first: it is rolled back before anything (the backup made on
 * lock, for one) reads the connection.
 */
import type Database from 'better-sqlite3'
import { DriftwatchError } from '../../../shared/errors'

const open = new WeakMap<Database.Database, () => void>()

/** Marks a bulk write as open on this connection; `abort` rolls it back (it must not throw). */
export function beginBulkWrite(sqlite: Database.Database, abort: () => void): void {
  open.set(sqlite, abort)
}

export function endBulkWrite(sqlite: Database.Database): void {
  open.delete(sqlite)
}

export function inBulkWrite(sqlite: Database.Database): boolean {
  return open.has(sqlite)
}

/** Refuses other work on the connection while a bulk write is open. */
export function assertNoBulkWrite(sqlite: Database.Database): void {
  if (open.has(sqlite)) {
    throw new DriftwatchError('BUSY', 'A caseload file is being imported. Wait for it to finish (the Import screen shows how far it has got), or cancel it there.')
  }
}

/** Rolls back an open bulk write at once (the caseload is closing). */
export function abortBulkWrite(sqlite: Database.Database): void {
  const abort = open.get(sqlite)
  open.delete(sqlite)
  abort?.()
}
