/**
 * Making a backup of an open caseload: a consistent snapshot, encrypted with the same cipher and key
 * as the caseload — so not one plaintext byte reaches the disk, not even in a temporary file: the
 * encrypted database file copied under the write lock after a full checkpoint, or, when another
 * program keeps the WAL busy, SQLite's `VACUUM INTO` (one transaction's view, rebuilt into a new file
 * encrypted with the caseload's key while other connections go on writing) — checked (integrity, foreign keys, record counts), packaged with the key file
 * into one `.dwbackup` file written atomically, and read back to check the file on disk.
 */
import { randomBytes } from 'node:crypto'
import { constants, copyFileSync, readFileSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import type { CaseloadDb } from '../db/caseload-db'
import { keyFilePath, readKeyFile } from '../db/key-file'
import { assertSafeTarget } from '../files/guard-target'
import {
  attachSnapshot,
  checkpointTruncate,
  withWriteLock,
  detachSnapshot,
  foreignKeyProblems,
  integrityProblems,
  recordCounts,
  schemaVersion,
  vacuumInto,
  type RecordCounts,
} from '../queries/backup-checks'
import { BACKUP_EXTENSION, verifyBackupFile, writeBackupFile } from './backup-file'

export interface BackupResult {
  file: string
  bytes: number
  createdAt: string
  counts: RecordCounts
}

export interface BackupOptions {
  now?: Date
  /**
   * Also require the snapshot's record counts to equal the caseload's just before it was taken.
   * True in the app, the only writer of its caseload; false on the command line, where another
   * program may be writing while the backup runs (the snapshot is consistent either way).
   */
  compareCounts?: boolean
  /** Tests only: force the slower `VACUUM INTO` snapshot (taken when the WAL is busy). */
  snapshot?: 'copy' | 'vacuum'
}

const SNAPSHOT_SCHEMA = 'dw_backup_snapshot'

/** Temporary files of a backup in progress (encrypted; removed when it ends, or by the next backup). */
export function isBackupLeftover(name: string): boolean {
  return /^\..+\.dwbackup\.\d+\.[0-9a-f]{8}\.(snapshot(-wal|-shm|-journal)?|tmp)$/.test(name)
}

export function createBackup(db: CaseloadDb, out: string, options: BackupOptions = {}): BackupResult {
  // The writer checks again; checked first here so that the reason given is the important one.
  assertSafeTarget(out)
  if (!out.endsWith(BACKUP_EXTENSION)) {
    throw new DriftwatchError('BAD_INPUT', `A backup's name must end in ${BACKUP_EXTENSION} (not ${basename(out)}), so that it is never mistaken for a caseload.`, [
      { path: out, reason: `must end in ${BACKUP_EXTENSION}` },
    ])
  }
  // The key file is taken as it is on disk (it may be newer than this version's reader knows how
  // to write, but it must at least be one it can read).
  readKeyFile(db.path)
  const keyFileText = readFileSync(keyFilePath(db.path), 'utf8')
  const createdAt = (options.now ?? new Date()).toISOString()

  const snapshot = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.snapshot`)
  try {
    const before = options.compareCounts ? recordCounts(db.sqlite) : null
    if (options.snapshot === 'vacuum' || !copySnapshot(db, snapshot)) vacuumInto(db.sqlite, snapshot)
    // Attached without a key, the snapshot is read with the caseload's own key: proof that it is
    // encrypted with it, and the checks a restore will make.
    attachSnapshot(db.sqlite, snapshot, SNAPSHOT_SCHEMA)
    let counts: RecordCounts
    let schema: number
    try {
      const integrity = integrityProblems(db.sqlite, SNAPSHOT_SCHEMA)
      const fk = foreignKeyProblems(db.sqlite, SNAPSHOT_SCHEMA)
      if (integrity.length || fk.length) {
        throw new DriftwatchError('UNREADABLE_DATABASE', 'The backup could not be made: the caseload failed its integrity check. Nothing has been written.', [
          ...integrity.slice(0, 5).map((reason) => ({ path: 'integrity', reason })),
          ...fk.slice(0, 5).map((reason) => ({ path: 'foreign keys', reason })),
        ])
      }
      counts = recordCounts(db.sqlite, SNAPSHOT_SCHEMA)
      schema = schemaVersion(db.sqlite, SNAPSHOT_SCHEMA)
    } finally {
      detachSnapshot(db.sqlite, SNAPSHOT_SCHEMA)
    }
    if (before && JSON.stringify(before) !== JSON.stringify(counts)) {
      throw new DriftwatchError('INTERNAL', 'The backup could not be checked: its record counts differ from the caseload. Nothing has been written; try again.')
    }
    const { bytes, databaseSha256 } = writeBackupFile(out, snapshot, keyFileText, { createdAt, schema })
    // Read back from the disk: the file's checksum holds, and its database is byte for byte the
    // snapshot that was just checked.
    if (verifyBackupFile(out).databaseSha256 !== databaseSha256) {
      throw new DriftwatchError('INTERNAL', `The backup ${out} did not read back as it was written. Try again, or choose another folder.`)
    }
    return { file: out, bytes, createdAt, counts }
  } finally {
    for (const p of [snapshot, `${snapshot}-wal`, `${snapshot}-shm`, `${snapshot}-journal`]) rmSync(p, { force: true })
  }
}

/**
 * The fast snapshot: the database file copied byte for byte (it is already encrypted), with nothing
 * able to change it meanwhile. The WAL is first folded into the file (a full checkpoint); then, with
 * the write lock held, the WAL must still be empty — so the file on disk is the whole database and no
 * writer or checkpoint can touch it until the copy is done. When another program keeps the WAL busy,
 * this gives up (false) and the caller takes `VACUUM INTO`, which rebuilds the database page by page
 * (slower, but it never holds the write lock).
 */
function copySnapshot(db: CaseloadDb, snapshot: string): boolean {
  if (!checkpointTruncate(db.sqlite)) return false
  return withWriteLock(db.sqlite, () => {
    try {
      if (statSync(`${db.path}-wal`).size !== 0) return false
    } catch {
      // No WAL file at all: nothing can be pending in it.
    }
    copyFileSync(db.path, snapshot, constants.COPYFILE_EXCL)
    return true
  })
}
