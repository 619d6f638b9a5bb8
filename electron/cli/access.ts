/**
 * The command line's side of the access log and the writer lock: an export (plaintext leaving the
 * encrypted caseload) is logged before anything is written, under the caseload's own operating-
 * system account; the write verbs hold the writer lock for their whole run.
 */
import { userInfo } from 'node:os'
import type { CaseloadDb } from '../core/db/caseload-db'
import { acquireWriterLock, withWriterLock, type WriterLock } from '../core/db/writer-lock'
import { logAccess, type AccessEventKind } from '../core/queries/access-log'
import { assertSafeTarget } from '../core/files/guard-target'

export function osAccount(): string {
  try {
    return userInfo().username || 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Logs an export to `out` ('-' is standard output); throws BUSY rather than export unrecorded. */
export function logCliAccess(db: CaseloadDb, event: AccessEventKind, out: string | null, childId: string | null = null): void {
  // A target the writer will refuse (the caseload, its key file…) is refused before the log is
  // written, so a refused export changes nothing at all.
  if (out !== null && out !== '-') assertSafeTarget(out)
  withWriterLock(db.path, { purpose: 'an access being logged', waitMs: 2000 }, () =>
    logAccess(db, { event, actor: osAccount(), childId, fileName: out === null || out === '-' ? 'standard output' : out }),
  )
}

/** Takes the writer lock for a write verb (import, demo, init, restore …); refuses at once if held. */
export function lockForWriting(dbPath: string, purpose: string): WriterLock {
  return acquireWriterLock(dbPath, { purpose })
}
