/**
 * Restoring a `.dwbackup` over (or in place of) a caseload, so that a kill -9 at any moment leaves
 * either the old caseload intact or the new one complete.
 *
 * 1. Everything is checked before anything is replaced: the file's checksums, the key unwrapped
 *    with the passphrase (or, later, the recovery code), the database written beside the caseload
 *    under a temporary name `.NAME.restore-PID-RAND` (+ `.key`, both encrypted), opened, migrated
 *    if it is older, and put through SQLite's integrity and foreign key checks.
 * 2. A marker, `NAME.restoring`, is written atomically: from then on the restore is decided, and
 *    whoever opens the caseload next finishes it (`finishInterruptedRestore`).
 * 3. The old caseload moves aside as a whole, as `NAME.previous` (with its -wal, -shm or -journal,
 *    so it stays openable, and `NAME.previous.key`), then the new key file and database are
 *    renamed into place, the folder is flushed and the marker removed.
 * Each step of 3 is a rename that is done only if its source still exists, in an order that makes
 * repeating them after a crash finish the job. Without a marker, temporary files of a restore whose
 * process has died are removed, and the caseload is the old one, untouched.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { DriftwatchError, isDriftwatchError } from '../../../shared/errors'
import { openDatabaseFile, type CaseloadDb } from '../db/caseload-db'
import { keyFilePath } from '../db/key-file'
import { isSameFile, protectFile } from '../files/guard-target'
import { fsyncDir, openAtomicFile, writeFileAtomic } from '../files/write-file-atomic'
import { finishInterruptedRestore, markerPath, previousPath, removeDatabaseSet, SIDE_FILES, swapIn } from './interrupted-restore'
import { foreignKeyProblems, integrityProblems, recordCounts, type RecordCounts } from '../queries/backup-checks'
import { extractDatabase, peekBackupKeyFile, verifyBackupFile } from './backup-file'
import type { BackupStep } from './create-backup'
import { RESTORE_STEPS } from '../../../shared/backup-types'

/** Where a restore goes, checked before anything is read: the caseload it replaces, if there is one. */
export interface RestoreTarget {
  from: string
  dbPath: string
  /** A caseload (or its key file) is there and will be moved aside as NAME.previous. */
  exists: boolean
}

/** The restore's steps, for its progress (`total` 0 when no fraction can be measured). */
export type OnRestoreStep = (step: BackupStep) => void

export interface PrepareOptions {
  /**
   * Unwraps the backup's data key. `dbWithKeyFile` is a database path whose `.key` is the backup's
   * own key file, so `unwrapDataKey(readKeyFile(dbWithKeyFile), passphrase)` does it.
   */
  unlockKey(dbWithKeyFile: string): Promise<Buffer>
  nativeBinding?: string
  migrationsFolder?: string
  /**
   * Writes into the restored caseload once it has passed every check, before the swap (the access
   * log's 'restore' entry): it lands atomically with the restore, never in the caseload moved aside.
   */
  record?: (db: CaseloadDb) => void
}

export interface RestoreOptions extends PrepareOptions {
  from: string
  dbPath: string
  /** Replace an existing caseload (kept as NAME.previous). Without it an existing caseload is refused. */
  replace: boolean
  /**
   * Called once the backup has passed every check, just before the swap: the app closes its open
   * caseload here (a failed check leaves it open and untouched).
   */
  beforeSwap?: () => void
  /** Tests only: called after each rename of the swap (a throw there is a crash at that point). */
  afterRename?: (to: string) => void
  /** Each step of the checks, for progress (the command line's on a terminal). */
  onStep?: OnRestoreStep
}

/** A backup checked in full and written beside the caseload, ready to be swapped in. */
export interface PreparedRestore {
  /** The restored database's temporary path (with its `.key`), beside the caseload. */
  incoming: string
  createdAt: string
  counts: RecordCounts
}

export interface RestoreResult {
  createdAt: string
  counts: RecordCounts
  /** Where the replaced caseload was kept, when there was one. */
  previous: string | null
}

/** The checks of where a restore goes (never over the backup itself, never over one of a caseload's files). */
export function checkRestoreTarget(o: { from: string; dbPath: string; replace: boolean }): RestoreTarget {
  const dbPath = resolve(o.dbPath)
  const from = resolve(o.from)
  finishInterruptedRestore(dbPath)
  for (const p of [dbPath, ...SIDE_FILES.map((s) => dbPath + s), keyFilePath(dbPath), previousPath(dbPath), keyFilePath(previousPath(dbPath))]) {
    if (isSameFile(from, p)) {
      throw new DriftwatchError('BAD_INPUT', `Driftwatch will not restore ${from} over itself: it is the caseload (or one of its files) that would be replaced. Copy the backup elsewhere first.`)
    }
  }
  for (const suffix of ['.key', ...SIDE_FILES]) {
    if (dbPath.endsWith(suffix) && existsSync(dbPath.slice(0, -suffix.length))) {
      throw new DriftwatchError('BAD_INPUT', `Driftwatch will not restore to ${dbPath}: it is one of the files of the caseload ${dbPath.slice(0, -suffix.length)}. Give the caseload's own name with --db.`)
    }
  }
  const exists = existsSync(dbPath) || existsSync(keyFilePath(dbPath))
  if (exists && !o.replace) {
    throw new DriftwatchError(
      'DATABASE_EXISTS',
      `A caseload already exists at ${dbPath}. Restoring would replace it: give --replace to do so (it is kept as ${basename(previousPath(dbPath))} until the next restore).`,
    )
  }
  return { from, dbPath, exists }
}

/** The temporary name of a restore's database beside the caseload (removed unless the restore is decided). */
export function incomingPath(dbPath: string): string {
  return join(dirname(dbPath), `.${basename(dbPath)}.restore-${process.pid}-${randomBytes(4).toString('hex')}`)
}

/**
 * Removes a restore's copy that will not be swapped in, with the temporary files of its writers
 * (`.<incoming>.<pid>.<random>.tmp`: a thread ended mid-write leaves one, encrypted but large).
 */
export function removeIncoming(incoming: string): void {
  removeDatabaseSet(incoming)
  const prefix = `.${basename(incoming)}.`
  try {
    for (const name of readdirSync(dirname(incoming))) if (name.startsWith(prefix)) rmSync(join(dirname(incoming), name), { force: true })
  } catch {
    // The folder cannot be listed: nothing more can be done here.
  }
}

/**
 * Step 1: checks the backup in full and writes it beside the caseload as `incoming` (see the header).
 * Nothing of the caseload is touched; on any failure `incoming` is removed before this throws. Runs
 * on the core's thread (the command line) or in a backup's thread (the app: backup-worker.ts), and
 * says each step as it goes.
 */
export async function prepareRestore(from: string, incoming: string, o: PrepareOptions, onStep: OnRestoreStep = () => {}): Promise<PreparedRestore> {
  mkdirSync(dirname(incoming), { recursive: true, mode: 0o700 })
  let kept = false
  const verify = () => verifyBackupFile(from, (done, total) => onStep({ label: RESTORE_STEPS.verifying, done, total }))
  const unlock = async (keyFile: string) => {
    writeFileAtomic(keyFilePath(incoming), keyFile)
    onStep({ label: RESTORE_STEPS.unlocking, done: 0, total: 0 })
    try {
      return await o.unlockKey(incoming)
    } catch (e) {
      // A backup keeps the passphrase of its day: after a change, the caseload's new one does not open it.
      if (isDriftwatchError(e) && e.code === 'WRONG_PASSPHRASE') {
        throw new DriftwatchError('WRONG_PASSPHRASE', 'That passphrase does not open this backup. A backup needs the passphrase that was in use when it was made. Nothing has been changed.')
      }
      throw e
    }
  }
  try {
    // The passphrase first (a tenth of a second), so that a wrong one is said before the seconds of
    // checking and writing a large backup. A damaged header can fail like a wrong passphrase, so
    // then the file's own checks speak first.
    const early = peekBackupKeyFile(from)
    let key: Buffer | null = null
    if (early !== null) {
      try {
        key = await unlock(early)
      } catch (e) {
        verify()
        throw e
      } finally {
        // Written again below: the writer refuses to write a database beside a key file.
        rmSync(keyFilePath(incoming), { force: true })
      }
    }
    const opened = verify()
    const out = openAtomicFile(incoming)
    try {
      const total = opened.header.database.bytes
      let done = 0
      extractDatabase(from, opened, (chunk) => {
        out.write(chunk)
        done += chunk.length
        onStep({ label: RESTORE_STEPS.writing, done, total })
      })
      out.commit()
    } catch (e) {
      out.abort()
      throw e
    }
    // The checked header's key file is the one kept (the same bytes, unless the early read was not).
    if (key === null || opened.header.keyFile !== early) {
      key?.fill(0)
      key = await unlock(opened.header.keyFile)
    } else {
      writeFileAtomic(keyFilePath(incoming), opened.header.keyFile)
    }
    let counts: RecordCounts
    let db: ReturnType<typeof openDatabaseFile>
    try {
      db = openDatabaseFile(incoming, key, {
        ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}),
        ...(o.migrationsFolder ? { migrationsFolder: o.migrationsFolder } : {}),
      })
    } catch (e) {
      // Said of the backup, not of the hidden copy being made from it (its checksum held, so the
      // damage was there when it was written).
      if (isDriftwatchError(e) && (e.code === 'DATABASE_DAMAGED' || e.code === 'UNREADABLE_DATABASE')) {
        throw new DriftwatchError('UNREADABLE_DATABASE', `The backup ${from} opens but its database is damaged. Nothing has been changed. Choose another backup.`)
      }
      throw e
    }
    try {
      onStep({ label: RESTORE_STEPS.checking, done: 0, total: 0 })
      const integrity = integrityProblems(db.sqlite)
      const fk = integrity.length ? [] : foreignKeyProblems(db.sqlite)
      if (integrity.length || fk.length) {
        throw new DriftwatchError('UNREADABLE_DATABASE', `The backup ${from} opens but its database is damaged. Nothing has been changed. Choose another backup.`, [
          ...integrity.slice(0, 5).map((reason) => ({ path: 'integrity', reason })),
          ...fk.slice(0, 5).map((reason) => ({ path: 'foreign keys', reason })),
        ])
      }
      counts = recordCounts(db.sqlite)
      o.record?.(db)
    } finally {
      db.close()
    }
    fsyncDir(dirname(incoming))
    kept = true
    return { incoming, createdAt: opened.header.createdAt, counts }
  } finally {
    if (!kept) removeDatabaseSet(incoming)
  }
}

/**
 * Steps 2 and 3: decided from the marker on (a crash is finished by the next open, never undone),
 * the old caseload moved aside and the restored one renamed into place. The caller has closed the
 * caseload (and made its backup of it) first.
 */
export function commitRestore(target: RestoreTarget, prepared: PreparedRestore, afterRename?: (to: string) => void): RestoreResult {
  const { dbPath, from, exists } = target
  try {
    if (exists) removeDatabaseSet(previousPath(dbPath))
    writeFileAtomic(markerPath(dbPath), `${JSON.stringify({ incoming: basename(prepared.incoming), from: basename(from), at: new Date().toISOString() })}\n`)
  } catch (e) {
    // Not decided yet (no marker): the caseload is the old one, and the restored copy goes.
    removeDatabaseSet(prepared.incoming)
    throw e
  }
  swapIn(dbPath, prepared.incoming, afterRename)
  rmSync(markerPath(dbPath), { force: true })
  fsyncDir(dirname(dbPath))
  return { createdAt: prepared.createdAt, counts: prepared.counts, previous: exists ? previousPath(dbPath) : null }
}

/** The whole restore on this thread (the command line's `restore`, tests). */
export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const target = checkRestoreTarget(o)
  mkdirSync(dirname(target.dbPath), { recursive: true, mode: 0o700 })
  const release = protectFile(target.from, 'the backup being restored')
  try {
    const prepared = await prepareRestore(target.from, incomingPath(target.dbPath), o, o.onStep)
    try {
      o.beforeSwap?.()
    } catch (e) {
      removeDatabaseSet(prepared.incoming)
      throw e
    }
    return commitRestore(target, prepared, o.afterRename)
  } finally {
    release()
  }
}
