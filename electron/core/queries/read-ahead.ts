/**
 * Reading ahead on another thread (issue 13): a scan's summary batches read by a second, read-only
 * connection in its own thread (worker/read-ahead-thread.ts) while the core's thread decodes the
 * batches already read and runs the rules on them. At 50,000 children the summary's pages, read cold
 * and decrypted, were about a sixth of the first scan after unlock; on two cores that now overlaps.
 *
 * The thread runs only the statements named here (never SQL sent as text), each answering one TEXT
 * value, all of one request in one read transaction, after guards that must all answer 0 or null in
 * that snapshot (say, "the summary holds"). Why that is as consistent as reading on the core's own
 * connection: the core is the caseload's only writer in the app and refreshes the summary before it
 * asks; another program's commit between the two snapshots is seen by the guards (an unrefreshed
 * summary) or by the next request's data_version check, which drops every cached analysis
 * (app/external-changes.ts) — the same window as between a scan and the table rows read after it.
 */
import type Database from 'better-sqlite3'
import type { ReadAheadGuard, ReadAheadParams, ReadAheadStatement } from './read-ahead-statements'

export type { ReadAheadParams }

export interface ReadAhead {
  /**
   * The answers of `statement` run with each of `params`, in order, from one snapshot, after the
   * guards; null when the thread is not ready yet (ask again later). The answers may end early —
   * none when a guard refused, fewer than asked when the thread failed or was too slow — and the
   * caller then reads the rest itself. `whenIdle`: null also while the thread is still serving an
   * earlier read (a read the caller can start on its own and hand over later, rather than wait).
   * `afterNext`: never null; a read wanted later, asked early, that must not hold up the reads asked
   * after it: sent at once if the thread is idle, else after those — when the caller first waits for
   * an answer. When its own answers are taken before it was sent, it is sent then if the thread is
   * ready, else it gives none.
   */
  read(
    statement: ReadAheadStatement,
    params: readonly ReadAheadParams[],
    guards: readonly { guard: ReadAheadGuard; params: ReadAheadParams }[],
    options?: { whenIdle?: boolean; afterNext?: boolean },
  ): Iterable<string | null> | null
  /**
   * Closes the other connection until the next read; returns once it is closed. For a write that
   * needs the only connection to the file (db/caseload-db.ts withRollbackJournal: an import).
   */
  suspend(): void
}

const byConnection = new WeakMap<Database.Database, ReadAhead>()

/** The read-ahead serving this connection's reads (the session sets it at unlock, clears it at lock). */
export function setReadAhead(sqlite: Database.Database, readAhead: ReadAhead | null): void {
  if (readAhead) byConnection.set(sqlite, readAhead)
  else byConnection.delete(sqlite)
}

export function readAheadOf(sqlite: Database.Database): ReadAhead | undefined {
  return byConnection.get(sqlite)
}
