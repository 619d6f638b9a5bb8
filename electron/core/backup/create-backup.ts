/**
 * Making a backup of an open caseload: a consistent snapshot (SQLite's `VACUUM INTO`, which reads
 * one transaction's view of the database while other connections go on writing), encrypted with the
 * same cipher and key as the caseload — so not one plaintext byte reaches the disk, not even in a
 * temporary file — checked (integrity, foreign keys, record counts), packaged with the key file
 * into one `.dwbackup` file written atomically, and read back to check the file on disk.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import type { CaseloadDb } from '../db/caseload-db'
import { keyFilePath, readKeyFile } from '../db/key-file'
import { assertSafeTarget } from '../files/guard-target'
import {
  attachSnapshot,
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
}

const SNAPSHOT_SCHEMA = 'dw_backup_snapshot'

/** Temporary files of a backup in progress (encrypted; removed when it ends, or by the next backup). */
export function isBackupLeftover(name: string): boolean {
  return /^\..+\.dwbackup\.\d+\.[0-9a-f]{8}\.(snapshot|tmp)$/.test(name)
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
    vacuumInto(db.sqlite, snapshot)
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
    const { bytes } = writeBackupFile(out, snapshot, keyFileText, { createdAt, schema })
    // Read back from the disk: the file's checksums hold, and its database is byte for byte the
    // snapshot that was just checked.
    verifyBackupFile(out)
    return { file: out, bytes, createdAt, counts }
  } finally {
    rmSync(snapshot, { force: true })
  }
}
