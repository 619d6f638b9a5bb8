/**
 * The app's automatic backups: on lock, on quit and daily, into a folder the user chooses (by
 * default `Backups` beside the caseload, with advice to choose another disk), rotated (7 daily,
 * 4 weekly), each checked after writing. The folder and the last good backup are kept in a small
 * settings file beside the caseload, `<db>.backups.json` — no case data in it: a folder, a file
 * name, a time and a size. Record counts of the last backup are kept in memory only.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { z } from 'zod'
import { DriftwatchError, isDriftwatchError } from '../../../shared/errors'
import { BACKUP_EXTENSION } from '../backup/backup-file'
import { createBackup, removeDeadLeftovers } from '../backup/create-backup'
import { backupName, parseBackupName, planRotation } from '../backup/rotation'
import type { CaseloadDb } from '../db/caseload-db'
import { writeFileAtomic } from '../files/write-file-atomic'
import type { RecordCounts } from '../queries/backup-checks'
import { consoleLogger, type LogFields, type Logger } from './log'
import { logAccess } from '../queries/access-log'
import { withWriterLock } from '../db/writer-lock'
import { userInfo } from 'node:os'
import type { BackupJob } from '../../../shared/backup-types'
import { backupJobs, type BackupSession } from './backup-jobs'

function osAccountName(): string {
  try {
    return userInfo().username || 'unknown'
  } catch {
    return 'unknown'
  }
}

export const DAILY_MS = 24 * 60 * 60 * 1000
const MAX_LISTED = 60
/** More than rotation ever keeps (7 daily, 4 weekly, 3 newest) plus those a restore spares. */
const MAX_MADE = 200

export type BackupReason = 'lock' | 'quit' | 'daily' | 'manual' | 'restore'

const settingsSchema = z.object({
  version: z.literal(1),
  folder: z.string().nullable(),
  last: z.object({ file: z.string(), at: z.string(), bytes: z.number() }).nullable(),
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
  /**
   * The backups this caseload made (newest last, at most MAX_MADE): rotation removes only these.
   * Why not every file its name pattern matches: two caseloads called caseload.db in different
   * folders, backing up into one folder, make names of the same pattern, and one's rotation removed
   * the other's only backup.
   */
  made: z.array(z.string()).optional(),
})
type Settings = z.infer<typeof settingsSchema>

export interface BackupStatus {
  folder: string
  isDefaultFolder: boolean
  /** True when the folder is on the caseload's own disk: one failing disk would take both. */
  sameDiskAsCaseload: boolean
  last: { file: string; at: string; bytes: number; counts: RecordCounts | null } | null
  lastError: { at: string; message: string } | null
  /** The backup running in its own thread, or the last one's outcome (this session only). */
  job: BackupJob | null
  backups: { file: string; at: string; bytes: number }[]
}

export interface BackupServiceOptions {
  dbPath: string
  /** Who is making the backup, for the access log (default: the operating-system account). */
  actor?: (db: CaseloadDb) => string
  now?: () => Date
  log?: Logger
}

export function backupSettingsPath(dbPath: string): string {
  return `${dbPath}.backups.json`
}

export class BackupService {
  private settings: Settings | null = null
  private lastCounts: { file: string; counts: RecordCounts } | null = null
  /** Backups a restore is reading: rotation never removes them. */
  private readonly spared = new Set<string>()

  constructor(private readonly o: BackupServiceOptions) {}

  private get dbPath(): string {
    return resolve(this.o.dbPath)
  }

  private now(): Date {
    return this.o.now?.() ?? new Date()
  }

  defaultFolder(): string {
    return join(dirname(this.dbPath), 'Backups')
  }

  private load(): Settings {
    if (this.settings) return this.settings
    let s: Settings = { version: 1, folder: null, last: null, lastError: null }
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(readFileSync(backupSettingsPath(this.dbPath), 'utf8')))
      if (parsed.success) s = parsed.data
    } catch {
      // None yet, or unreadable: the defaults (the next backup writes it again).
    }
    this.settings = s
    return s
  }

  private save(change: Partial<Settings>): void {
    this.settings = { ...this.load(), ...change }
    try {
      writeFileAtomic(backupSettingsPath(this.dbPath), `${JSON.stringify(this.settings, null, 2)}\n`)
    } catch (e) {
      this.warn('backup.settings-not-saved', { error: isDriftwatchError(e) ? e.code : 'io' })
    }
  }

  folder(): string {
    return this.load().folder ?? this.defaultFolder()
  }

  /** The backups in the folder that this caseload's automatic backups made, newest first. */
  list(): { file: string; at: Date; bytes: number }[] {
    const folder = this.folder()
    let names: string[]
    try {
      names = readdirSync(folder)
    } catch {
      return []
    }
    const dbName = basename(this.dbPath)
    const out: { file: string; at: Date; bytes: number }[] = []
    for (const name of names) {
      const at = parseBackupName(dbName, name)
      if (!at) continue
      try {
        out.push({ file: name, at, bytes: statSync(join(folder, name)).size })
      } catch {
        // removed meanwhile
      }
    }
    return out.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.file < b.file ? 1 : -1))
  }

  status(): BackupStatus {
    const s = this.load()
    const folder = this.folder()
    let sameDisk = true
    try {
      sameDisk = statSync(existsSync(folder) ? folder : dirname(folder)).dev === statSync(dirname(this.dbPath)).dev
    } catch {
      // The folder's disk cannot be read (unplugged): certainly not a safe second copy right now.
    }
    return {
      folder,
      isDefaultFolder: s.folder === null,
      sameDiskAsCaseload: sameDisk,
      last: s.last ? { ...s.last, counts: this.lastCounts?.file === s.last.file ? this.lastCounts.counts : null } : null,
      lastError: s.lastError,
      job: backupJobs(this).current(),
      backups: this.list()
        .slice(0, MAX_LISTED)
        .map((b) => ({ file: b.file, at: b.at.toISOString(), bytes: b.bytes })),
    }
  }

  setFolder(folder: string): BackupStatus {
    if (!isAbsolute(folder)) {
      throw new DriftwatchError('VALIDATION', 'Give the whole path of the folder, starting from the drive or /.', [{ path: '$.folder', reason: 'is not a whole (absolute) path' }])
    }
    const abs = resolve(folder)
    try {
      mkdirSync(abs, { recursive: true, mode: 0o700 })
      if (!statSync(abs).isDirectory()) throw new Error('not a folder')
    } catch {
      throw new DriftwatchError('VALIDATION', `Driftwatch cannot use ${abs} for backups: it is not a folder it can create or write to.`, [{ path: '$.folder', reason: 'cannot be used' }])
    }
    this.save({ folder: abs === this.defaultFolder() ? null : abs })
    return this.status()
  }

  /** True when the last good backup is a day old or more (or there is none). */
  dailyDue(): boolean {
    const last = this.load().last
    return !last || this.now().getTime() - new Date(last.at).getTime() >= DAILY_MS
  }

  /**
   * Where the next backup goes: a new name in the folder (created if need be), never one that
   * exists or that a backup still running has taken (`reserve`), so the lock's own backup can never
   * land on the name of a threaded one being cancelled.
   */
  nextTarget(): { folder: string; name: string; out: string; at: Date } {
    const folder = this.folder()
    const at = this.now()
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    const dbName = basename(this.dbPath)
    let name = backupName(dbName, at)
    for (let n = 1; existsSync(join(folder, name)) || this.reserved.has(name); n += 1) name = backupName(dbName, at, n)
    return { folder, name, out: join(folder, name), at }
  }

  /** Keeps a name for a backup in its own thread until its files are gone; returns the release. */
  reserve(name: string): () => void {
    this.reserved.add(name)
    return () => this.reserved.delete(name)
  }

  private readonly reserved = new Set<string>()

  /** Makes, checks and rotates one backup; throws (and records the error) when it fails. */
  run(db: CaseloadDb, _reason: BackupReason): BackupStatus {
    const at = this.now()
    try {
      const target = this.nextTarget()
      // No separate checkCaseload (db/check.ts) first: createBackup runs the same integrity_check and
      // foreign key check on the snapshot it writes, and refuses a damaged caseload before writing.
      const r = createBackup(db, target.out, { now: target.at, compareCounts: true })
      this.recordGood(db, target.name, r)
      return this.status()
    } catch (e) {
      throw this.recordFailure(at, e)
    }
  }

  /** A backup made and checked (on this thread or in its own): remembered, logged, then rotation. */
  recordGood(db: CaseloadDb | null, name: string, r: { bytes: number; createdAt: string; counts: RecordCounts }): void {
    this.lastCounts = { file: name, counts: r.counts }
    this.save({ last: { file: name, at: r.createdAt, bytes: r.bytes }, lastError: null, made: [...(this.load().made ?? []).filter((m) => m !== name), name].slice(-MAX_MADE) })
    if (db) this.recordAccess(db, name)
    else this.warn('backup.not-logged', { error: 'busy' })
    this.rotate(name)
  }

  /** A warning in the log (an event name, an error code, the reason: never case data). */
  warn(event: string, fields: LogFields): void {
    ;(this.o.log ?? consoleLogger).warn(event, fields)
  }

  /** Records a failed backup (shown in Settings) and returns the error to throw, in words. */
  recordFailure(at: Date, e: unknown): DriftwatchError {
    const message = isDriftwatchError(e) ? e.message : `The backup could not be written to ${this.folder()}: check that the folder exists, can be written to and has space.`
    this.save({ lastError: { at: at.toISOString(), message } })
    return isDriftwatchError(e) ? e : new DriftwatchError('BAD_INPUT', message)
  }

  /**
   * Logs the backup (its file name only) in the caseload's access log. After the backup, not before
   * as an export is: a backup is a second encrypted copy, and losing one on lock or quit because
   * another program held the writer lock for a few seconds would be worse than a missing entry,
   * which is reported in the log file instead.
   */
  private recordAccess(db: CaseloadDb, file: string): void {
    try {
      const actor = this.o.actor?.(db) ?? `${osAccountName()} (computer account)`
      withWriterLock(this.dbPath, { purpose: 'an access being logged', waitMs: 2000 }, () => logAccess(db, { event: 'backup', actor, fileName: file }))
    } catch (e) {
      this.warn('backup.not-logged', { error: isDriftwatchError(e) ? e.code : 'db' })
    }
  }

  /** An automatic backup: never stops a lock or a quit; a failure is recorded and shown in Settings. */
  auto(db: CaseloadDb, reason: BackupReason): void {
    try {
      this.run(db, reason)
    } catch (e) {
      this.warn('backup.failed', { reason, error: isDriftwatchError(e) ? e.code : 'io' })
    }
  }

  /**
   * The daily backup, when one is due and the caseload is open (after unlock, and every half hour):
   * in its own thread when the session keeps a key for it (the app), so the chair's requests go on
   * being answered; not while another backup runs.
   */
  dailyIfDue(session: BackupSession): void {
    if (!session.isUnlocked() || !this.dailyDue()) return
    const jobs = backupJobs(this)
    if (jobs.isRunning()) return
    try {
      jobs.start(session, 'daily')
    } catch (e) {
      this.warn('backup.failed', { reason: 'daily', error: isDriftwatchError(e) ? e.code : 'io' })
    }
  }

  /** Checks every half hour; never keeps the process alive. Returns the function that stops it. */
  startDaily(session: BackupSession, everyMs = 30 * 60 * 1000): () => void {
    const timer = setInterval(() => this.dailyIfDue(session), everyMs)
    timer.unref?.()
    return () => clearInterval(timer)
  }

  /** The full path of a backup in the folder, given its name from the list (nothing else). */
  fileInFolder(file: string): string {
    if (file !== basename(file) || !this.list().some((b) => b.file === file)) {
      throw new DriftwatchError('NOT_FOUND', 'That backup is not in the backup folder any more.')
    }
    return join(this.folder(), file)
  }

  spare(file: string): () => void {
    this.spared.add(file)
    return () => this.spared.delete(file)
  }

  /**
   * Applies the rotation to the backups this caseload made; never removes the backup just made
   * (`made`), one a restore is reading, or any other file (another caseload's backups of the same
   * name pattern, backups made before this list was kept, the user's own files).
   */
  private rotate(made: string): void {
    const folder = this.folder()
    const mine = new Set(this.load().made ?? [])
    const { remove } = planRotation(this.list().filter((b) => mine.has(b.file)).map((b) => ({ name: b.file, at: b.at })))
    for (const name of remove) {
      if (name !== made && !this.spared.has(name) && name.endsWith(BACKUP_EXTENSION)) rmSync(join(folder, name), { force: true })
    }
    // Temporary files of a backup whose process died (encrypted; only ours, by their exact pattern).
    removeDeadLeftovers(folder)
  }
}
