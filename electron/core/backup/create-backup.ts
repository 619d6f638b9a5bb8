/**
 * Making a backup of an open caseload: a consistent snapshot, encrypted with the same cipher and key
 * as the caseload — so not one plaintext byte reaches the disk, not even in a temporary file: the
 * encrypted database file copied under the write lock after a full checkpoint, or, when another
 * program keeps the WAL busy, SQLite's `VACUUM INTO` (one transaction's view, rebuilt into a new file
 * encrypted with the caseload's key while other connections go on writing) — checked (integrity, foreign keys, record counts), packaged with the key file
 * into one `.dwbackup` file written atomically, and read back to check the file on disk.
 */
import { randomBytes } from 'node:crypto'
import { constants, copyFileSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type Database from 'better-sqlite3'
import { BACKUP_STEPS } from '../../../shared/backup-types'
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
  tableNames,
  vacuumInto,
  type RecordCounts,
} from '../queries/backup-checks'
import { BACKUP_EXTENSION, verifyBackupFile, writeBackupFile } from './backup-file'
import { processAlive } from './interrupted-restore'

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

/**
 * Removes the temporary files of backups whose process died in `folder` (a backup killed part-way:
 * its snapshot is as large as the caseload; encrypted, but not to be left for ever). Only names of
 * exactly that pattern, only of processes no longer running; best effort (a folder that cannot be
 * read is left, and the backup itself then says why it cannot write there).
 */
export function removeDeadLeftovers(folder: string): void {
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return
  }
  for (const name of names) {
    if (!isBackupLeftover(name)) continue
    const pid = Number(name.split('.').at(-3))
    if (Number.isInteger(pid) && !processAlive(pid)) rmSync(join(folder, name), { force: true })
  }
}

/** What a backup is doing, for its progress bar: `total` 0 when no fraction can be measured. */
export interface BackupStep {
  label: string
  done: number
  total: number
}
export type OnBackupStep = (step: BackupStep) => void

/** A snapshot taken on the caseload's own connection, waiting to be checked and packaged. */
export interface TakenSnapshot {
  out: string
  /** The encrypted copy (same cipher and key as the caseload), beside `out`. */
  snapshot: string
  keyFileText: string
  createdAt: string
  /** The caseload's record counts just before the copy (compareCounts), else null. */
  before: RecordCounts | null
}

/**
 * The part of a backup that needs the caseload's connection (so, in the app, the core's thread):
 * the checks of the target, the key file, the record counts before, and the snapshot. Brief (the
 * copy of the encrypted file: about a second at 50,000 children), and nothing can change the
 * caseload meanwhile. The snapshot is removed if this fails.
 */
export function takeSnapshot(db: CaseloadDb, out: string, options: BackupOptions = {}): TakenSnapshot {
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
  // The command line has no rotation to tidy its folder: a backup killed there is tidied by the next one.
  removeDeadLeftovers(dirname(out))
  const snapshot = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.snapshot`)
  try {
    const before = options.compareCounts ? recordCounts(db.sqlite) : null
    if (options.snapshot === 'vacuum' || !copySnapshot(db, snapshot)) vacuumInto(db.sqlite, snapshot)
    return { out, snapshot, keyFileText, createdAt, before }
  } catch (e) {
    removeSnapshot(snapshot)
    throw e
  }
}

export function removeSnapshot(snapshot: string): void {
  for (const p of [snapshot, `${snapshot}-wal`, `${snapshot}-shm`, `${snapshot}-journal`]) rmSync(p, { force: true })
}

/**
 * The checks a restore will make, on the snapshot (`schema`: `main` on the snapshot's own
 * connection, or the name it is attached under): SQLite's integrity check of the whole file — in one
 * call, as the restore runs it (table by table would give a fraction but skip the free pages and
 * pages in use by nothing, and running both doubles the longest step) — then the foreign keys table
 * by table (a real fraction), the record counts and the schema version.
 */
export function checkSnapshot(sqlite: Database.Database, schema: string, onStep: OnBackupStep = () => {}): { counts: RecordCounts; schema: number } {
  onStep({ label: BACKUP_STEPS.checking, done: 0, total: 0 })
  const integrity = integrityProblems(sqlite, schema)
  const tables = tableNames(sqlite, schema)
  const fk: string[] = []
  if (integrity.length === 0) {
    for (const [i, table] of tables.entries()) {
      onStep({ label: BACKUP_STEPS.links, done: i, total: tables.length })
      fk.push(...foreignKeyProblems(sqlite, schema, table))
    }
  }
  if (integrity.length || fk.length) {
    throw new DriftwatchError('UNREADABLE_DATABASE', 'The backup could not be made: the caseload failed its integrity check. Nothing has been written.', [
      ...integrity.slice(0, 5).map((reason) => ({ path: 'integrity', reason })),
      ...fk.slice(0, 5).map((reason) => ({ path: 'foreign keys', reason })),
    ])
  }
  onStep({ label: BACKUP_STEPS.links, done: tables.length, total: tables.length })
  return { counts: recordCounts(sqlite, schema), schema: schemaVersion(sqlite, schema) }
}

/** With the app the only writer, the snapshot must hold exactly what the caseload held. */
export function assertSameCounts(before: RecordCounts | null, counts: RecordCounts): void {
  if (before && JSON.stringify(before) !== JSON.stringify(counts)) {
    throw new DriftwatchError('INTERNAL', 'The backup could not be checked: its record counts differ from the caseload. Nothing has been written; try again.')
  }
}

/**
 * Packages the checked snapshot into the `.dwbackup` (atomically), then reads the file back from
 * the disk: its checksum holds, and its database is byte for byte the snapshot that was checked.
 */
export function packageSnapshot(taken: TakenSnapshot, schema: number, onStep: OnBackupStep = () => {}): { bytes: number } {
  const { bytes, databaseSha256 } = writeBackupFile(taken.out, taken.snapshot, taken.keyFileText, { createdAt: taken.createdAt, schema }, (done, total) =>
    onStep({ label: BACKUP_STEPS.writing, done, total }),
  )
  const read = verifyBackupFile(taken.out, (done, total) => onStep({ label: BACKUP_STEPS.reading, done, total })).databaseSha256
  if (read !== databaseSha256) {
    throw new DriftwatchError('INTERNAL', `The backup ${taken.out} did not read back as it was written. Try again, or choose another folder.`)
  }
  return { bytes }
}

/**
 * The whole backup on the caller's thread (the command line; in the app, the backups on lock, on
 * quit and before a restore, which the app waits for). The app's other backups run the same steps
 * with the checks and packaging in their own thread (worker/backup-in-thread.ts).
 */
export function createBackup(db: CaseloadDb, out: string, options: BackupOptions = {}, onStep?: OnBackupStep): BackupResult {
  onStep?.({ label: BACKUP_STEPS.copying, done: 0, total: 0 })
  let taken: TakenSnapshot
  try {
    taken = takeSnapshot(db, out, options)
  } catch (e) {
    throw inWords(e, out)
  }
  try {
    // Attached without a key, the snapshot is read with the caseload's own key: proof that it is
    // encrypted with it, and the checks a restore will make.
    attachSnapshot(db.sqlite, taken.snapshot, SNAPSHOT_SCHEMA)
    let checked: { counts: RecordCounts; schema: number }
    try {
      checked = checkSnapshot(db.sqlite, SNAPSHOT_SCHEMA, onStep)
    } finally {
      detachSnapshot(db.sqlite, SNAPSHOT_SCHEMA)
    }
    assertSameCounts(taken.before, checked.counts)
    const { bytes } = packageSnapshot(taken, checked.schema, onStep)
    return { file: out, bytes, createdAt: taken.createdAt, counts: checked.counts }
  } catch (e) {
    throw inWords(e, out)
  } finally {
    removeSnapshot(taken.snapshot)
  }
}

/** The folder's own failures (missing, not a folder, not writable, full) in the app's sentence, not an errno naming a temporary file. */
function inWords(e: unknown, out: string): unknown {
  const code = (e as { code?: unknown }).code
  if (typeof code !== 'string' || !FOLDER_ERRORS.has(code)) return e
  return new DriftwatchError('BAD_INPUT', `The backup could not be written to ${dirname(out)}: check that the folder exists, can be written to and has space.`)
}
const FOLDER_ERRORS = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EISDIR', 'EDQUOT'])

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
