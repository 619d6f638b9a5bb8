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
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import { openDatabaseFile, type CaseloadDb } from '../db/caseload-db'
import { keyFilePath } from '../db/key-file'
import { isSameFile, protectFile } from '../files/guard-target'
import { fsyncDir, openAtomicFile, writeFileAtomic } from '../files/write-file-atomic'
import { finishInterruptedRestore, markerPath, previousPath, removeDatabaseSet, SIDE_FILES, swapIn } from './interrupted-restore'
import { foreignKeyProblems, integrityProblems, recordCounts, type RecordCounts } from '../queries/backup-checks'
import { extractDatabase, verifyBackupFile } from './backup-file'

export interface RestoreOptions {
  from: string
  dbPath: string
  /** Replace an existing caseload (kept as NAME.previous). Without it an existing caseload is refused. */
  replace: boolean
  /**
   * Unwraps the backup's data key. `dbWithKeyFile` is a database path whose `.key` is the backup's
   * own key file, so `unwrapDataKey(readKeyFile(dbWithKeyFile), passphrase)` does it.
   */
  unlockKey(dbWithKeyFile: string): Promise<Buffer>
  nativeBinding?: string
  migrationsFolder?: string
  /**
   * Called once the backup has passed every check, just before the swap: the app closes its open
   * caseload here (a failed check leaves it open and untouched).
   */
  beforeSwap?: () => void
  /**
   * Writes into the restored caseload once it has passed every check, before the swap (the access
   * log's 'restore' entry): it lands atomically with the restore, never in the caseload moved aside.
   */
  record?: (db: CaseloadDb) => void
  /** Tests only: called after each rename of the swap (a throw there is a crash at that point). */
  afterRename?: (to: string) => void
}

export interface RestoreResult {
  createdAt: string
  counts: RecordCounts
  /** Where the replaced caseload was kept, when there was one. */
  previous: string | null
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
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

  mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 })
  const release = protectFile(from, 'the backup being restored')
  const incoming = join(dirname(dbPath), `.${basename(dbPath)}.restore-${process.pid}-${randomBytes(4).toString('hex')}`)
  let decided = false
  try {
    const opened = verifyBackupFile(from)
    const out = openAtomicFile(incoming)
    try {
      extractDatabase(from, opened, (chunk) => out.write(chunk))
      out.commit()
    } catch (e) {
      out.abort()
      throw e
    }
    writeFileAtomic(keyFilePath(incoming), opened.header.keyFile)
    const key = await o.unlockKey(incoming)
    let counts: RecordCounts
    const db = openDatabaseFile(incoming, key, {
      ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}),
      ...(o.migrationsFolder ? { migrationsFolder: o.migrationsFolder } : {}),
    })
    try {
      const integrity = integrityProblems(db.sqlite)
      const fk = foreignKeyProblems(db.sqlite)
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
    fsyncDir(dirname(dbPath))

    o.beforeSwap?.()
    // Decided: from here a crash is finished by the next open, never undone.
    if (exists) removeDatabaseSet(previousPath(dbPath))
    writeFileAtomic(markerPath(dbPath), `${JSON.stringify({ incoming: basename(incoming), from: basename(from), at: new Date().toISOString() })}\n`)
    decided = true
    swapIn(dbPath, incoming, o.afterRename)
    rmSync(markerPath(dbPath), { force: true })
    fsyncDir(dirname(dbPath))
    return { createdAt: opened.header.createdAt, counts, previous: exists ? previousPath(dbPath) : null }
  } finally {
    release()
    if (!decided) removeDatabaseSet(incoming)
  }
}
