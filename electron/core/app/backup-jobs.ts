/**
 * One backup at a time in its own thread (issue 13): *Back up now* and the daily backup. The core's
 * thread takes the snapshot (about a second at 50,000 children: the caseload must not change under
 * the copy, and this connection is the app's only writer), then a thread checks and packages it
 * (worker/backup-worker.ts) while the core goes on answering the page, which asks `backup:status`
 * for the step. When it ends the core records it as `run` does (the last good backup, the access log,
 * rotation). A cancel ends the thread and removes every file it made; it is not a failure, and
 * nothing about it reaches `FILE.backups.json`.
 *
 * Backups on lock, on quit and before a restore stay on the core's thread (BackupService.auto): the
 * app waits for them, so quitting can never lose the last backup. A threaded backup running then is
 * cancelled first (core.ts, backup-handlers.ts).
 */
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DriftwatchError, isDriftwatchError } from '../../../shared/errors'
import { BACKUP_STEPS, type BackupJob } from '../../../shared/backup-types'
import { removeSnapshot, takeSnapshot, type BackupStep } from '../backup/create-backup'
import type { CaseloadDb } from '../db/caseload-db'
import { inBulkWrite } from '../db/bulk-write'
import { backupInThread, type ThreadedBackup } from '../worker/backup-in-thread'
import type { BackupService } from './backup-service'

/** What a backup job needs of the session (core.ts passes a narrower `isUnlocked` for the daily one). */
export interface BackupSession {
  isUnlocked(): boolean
  database(): CaseloadDb
  /** A copy of the data key for the thread; without one (the CLI, most tests) the backup runs here. */
  backupKeyCopy?(): Uint8Array | null
  nativeBinding?: string | undefined
}

interface Running {
  job: BackupJob
  thread: ThreadedBackup
  out: string
  folder: string
  name: string
  snapshot: string
  cancelled: boolean
  release(): void
  /** Settles when the job has ended and its files are gone (tests wait on it). */
  ended: Promise<void>
}

const jobsOf = new WeakMap<BackupService, BackupJobs>()

/** The backup jobs of a backup service (one per caseload, as the service). */
export function backupJobs(service: BackupService): BackupJobs {
  let jobs = jobsOf.get(service)
  if (!jobs) jobsOf.set(service, (jobs = new BackupJobs(service)))
  return jobs
}

const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })

export class BackupJobs {
  private job: BackupJob | null = null
  private running: Running | null = null
  private nextId = 1

  constructor(private readonly service: BackupService) {}

  /** The running job, or the last one's outcome. */
  current(): BackupJob | null {
    return this.job ? { ...this.job, step: this.job.step ? { ...this.job.step } : null } : null
  }

  isRunning(): boolean {
    return this.running !== null
  }

  /** Forgets an ended job's outcome (on close), unless another has started since. */
  forget(id: number | undefined): void {
    if (id !== undefined && this.job?.id === id && !this.running) this.job = null
  }

  /** Settles once no job is running (tests, and a restore waiting for a cancel). */
  async idle(): Promise<void> {
    while (this.running) await this.running.ended
  }

  /**
   * Starts a backup and returns at once with its job (running, or already ended when the snapshot
   * could not be taken, or when this session backs up on its own thread). A second one while one
   * runs is refused with a sentence.
   */
  start(session: BackupSession, reason: BackupJob['reason']): BackupJob {
    if (this.running) {
      const r = this.running.job
      throw new DriftwatchError(
        'BUSY',
        `A backup is already being made (${r.reason === 'daily' ? 'the daily backup, ' : ''}started at ${TIME.format(new Date(r.startedAt))}). Wait for it to finish, or cancel it.`,
      )
    }
    const db = session.database()
    const startedAt = new Date()
    const job: BackupJob = { id: this.nextId++, reason, state: 'running', step: null, stepSince: null, startedAt: startedAt.toISOString(), endedAt: null, file: null, message: null }
    this.job = job
    const key = session.backupKeyCopy?.() ?? null
    if (!key) {
      // No key kept for a thread: the whole backup here, as before (the command line's core, tests).
      try {
        this.service.run(db, reason)
        this.end(job, 'done', this.service.status().last?.file ?? null, null)
      } catch (e) {
        this.end(job, 'failed', null, isDriftwatchError(e) ? e.message : 'The backup could not be made.')
      }
      return this.current()!
    }
    let target: ReturnType<BackupService['nextTarget']>
    let taken: ReturnType<typeof takeSnapshot>
    try {
      this.step(job, { label: BACKUP_STEPS.copying, done: 0, total: 0 })
      target = this.service.nextTarget()
      taken = takeSnapshot(db, target.out, { now: target.at, compareCounts: true })
    } catch (e) {
      key.fill(0)
      this.end(job, 'failed', null, this.service.recordFailure(startedAt, e).message)
      return this.current()!
    }
    const release = this.service.reserve(target.name)
    const thread = backupInThread(taken, key, session.nativeBinding, (step) => {
      if (this.running?.job === job && job.state === 'running') this.step(job, step)
    })
    const running: Running = { job, thread, out: target.out, folder: target.folder, name: target.name, snapshot: taken.snapshot, cancelled: false, release, ended: Promise.resolve() }
    this.running = running
    running.ended = thread.result.then(
      (r) => {
        if (running.cancelled) return
        this.finish(running)
        try {
          this.service.recordGood(this.openForLog(session), target.name, { bytes: r.bytes, createdAt: taken.createdAt, counts: r.counts })
        } catch (e) {
          // The backup is made and recorded as the last good one before rotation; a folder that
          // cannot be listed for rotation now is tidied by the next backup.
          this.service.warn('backup.not-rotated', { error: isDriftwatchError(e) ? e.code : 'io' })
        }
        this.end(job, 'done', target.name, null)
      },
      (e: unknown) => {
        if (running.cancelled) return
        this.finish(running, true)
        this.end(job, 'failed', null, this.service.recordFailure(startedAt, e).message)
      },
    )
    return this.current()!
  }

  /**
   * Cancels the running backup: its thread ends (at the end of the SQLite call under way), then its
   * snapshot, temporary file and, if it got that far, its `.dwbackup` are removed. Resolves true once
   * all that is done; false when no backup was running.
   */
  async cancel(): Promise<boolean> {
    const running = this.running
    if (!running) return false
    if (!running.cancelled) {
      running.cancelled = true
      running.job.state = 'cancelling'
      running.ended = running.thread.cancel().then(() => {
        this.finish(running, true)
        this.end(running.job, 'cancelled', null, null)
      })
    }
    await running.ended
    return true
  }

  /**
   * The session's connection, for the access log, when it may be written now: not while an import
   * holds its transaction open between steps (the entry would be committed or rolled back with the
   * import); then the entry is missed and a warning logged, as when the writer lock is busy.
   */
  private openForLog(session: BackupSession): CaseloadDb | null {
    try {
      const db = session.isUnlocked() ? session.database() : null
      return db && !inBulkWrite(db.sqlite) ? db : null
    } catch {
      return null
    }
  }

  /** The thread has ended: its snapshot goes (and, when it did not succeed, whatever it wrote). */
  private finish(running: Running, removeOutput = false): void {
    removeSnapshot(running.snapshot)
    if (removeOutput) {
      rmSync(running.out, { force: true })
      // Its temporary file: `.NAME.<pid>.<random>.tmp` (the atomic writer's), and any snapshot leftover.
      try {
        for (const f of readdirSync(running.folder)) if (f.startsWith(`.${running.name}.`)) rmSync(join(running.folder, f), { force: true })
      } catch {
        // The folder has gone (an unplugged disk): nothing is left in it.
      }
    }
    running.release()
    if (this.running === running) this.running = null
  }

  private step(job: BackupJob, step: BackupStep): void {
    if (job.step?.label !== step.label) job.stepSince = new Date().toISOString()
    job.step = step
  }

  private end(job: BackupJob, state: 'done' | 'failed' | 'cancelled', file: string | null, message: string | null): void {
    job.state = state
    job.file = file
    job.message = message
    job.endedAt = new Date().toISOString()
  }
}
