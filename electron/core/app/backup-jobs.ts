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
import { BACKUP_STEPS, RESTORE_STEPS, type BackupJob } from '../../../shared/backup-types'
import { removeSnapshot, takeSnapshot, type BackupStep } from '../backup/create-backup'
import type { CaseloadDb } from '../db/caseload-db'
import { inBulkWrite } from '../db/bulk-write'
import { backupInThread, restoreInThread, type ThreadedBackup } from '../worker/backup-in-thread'
import { checkRestoreTarget, commitRestore, incomingPath, prepareRestore, removeIncoming, type PreparedRestore } from '../backup/restore-backup'
import { readKeyFile, unwrapDataKey } from '../db/key-file'
import { acquireWriterLock } from '../db/writer-lock'
import { protectFile } from '../files/guard-target'
import { logAccess } from '../queries/access-log'
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

/** What a restore needs of the session (app/session.ts Session). */
export interface RestoreSession extends BackupSession {
  readonly path: string
  actor(): string
  beginRestore(): void
  endRestore(): void
  writeDuringRestore<T>(work: () => T): T
  endCheck(): Promise<void>
  closeNow(why: 'restore'): void
}

interface Restoring {
  job: BackupJob
  cancelled: boolean
  /** From "Replacing the caseload" on: no cancel any more. */
  decided: boolean
  /** Ends the thread of the stage under way; resolves once it has ended. */
  stop: (() => Promise<void>) | null
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
  private restoring: Restoring | null = null
  private nextId = 1

  constructor(private readonly service: BackupService) {}

  /** The running job, or the last one's outcome. */
  current(): BackupJob | null {
    return this.job ? { ...this.job, step: this.job.step ? { ...this.job.step } : null } : null
  }

  isRunning(): boolean {
    return this.running !== null || this.restoring !== null
  }

  /** Forgets an ended job's outcome (on close), unless another has started since. */
  forget(id: number | undefined): void {
    if (id !== undefined && this.job?.id === id && !this.isRunning()) this.job = null
  }

  /** Settles once no job is running (tests, and a restore waiting for a cancel). */
  async idle(): Promise<void> {
    while (this.running || this.restoring) await (this.running ?? this.restoring)!.ended
  }

  /**
   * Starts a backup and returns at once with its job (running, or already ended when the snapshot
   * could not be taken, or when this session backs up on its own thread). A second one while one
   * runs is refused with a sentence.
   */
  start(session: BackupSession, reason: 'manual' | 'daily'): BackupJob {
    if (this.restoring) throw new DriftwatchError('BUSY', 'A backup is being restored. Wait for it to finish, or cancel it.')
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
      // Not counting every table first (compareCounts): from a cold cache that read most of a large
      // caseload on this thread, 4.1 s at 50,000 children just after unlock (0.24 s warm), and the
      // page waited for it. The snapshot is the encrypted file copied byte for byte under the write
      // lock with the WAL folded in (or SQLite's VACUUM INTO, one transaction's view), and the thread
      // checks and counts that copy. Backups on the core's thread (lock, quit, the CLI) still compare.
      taken = takeSnapshot(db, target.out, { now: target.at })
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
    const restoring = this.restoring
    if (restoring) {
      // Once the caseload is being replaced (a few renames) it finishes: that is what was confirmed.
      if (restoring.decided) return false
      if (!restoring.cancelled) {
        restoring.cancelled = true
        restoring.job.state = 'cancelling'
        void restoring.stop?.()
      }
      await restoring.ended
      return true
    }
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
   * Restores a backup over the open caseload as a job the page follows (Settings → Backups), with
   * its steps and a Cancel that works until the caseload is being replaced:
   * 1. the backup checked in full and written beside the caseload (restore-backup.ts
   *    prepareRestore), in a backup's thread when the session keeps a key for threads (the app),
   *    else here;
   * 2. a backup of the caseload as it is now, so that the restore can be undone — in its own thread
   *    likewise (its failure is recorded and shown, but does not stop the restore: the old caseload
   *    is kept whole as NAME.previous as well);
   * 3. the caseload closed and the restored one swapped in (commitRestore).
   * Throughout, the writer lock is held (another program is refused) and the session's connection
   * refuses every write (Session.beginRestore), so nothing is saved into a caseload about to be
   * replaced; the core answers the page's reads meanwhile. Closing the caseload (lock, quit,
   * sleep) cancels the restore, as it does a backup. Resolves true when the caseload was replaced,
   * false when the restore was cancelled (nothing changed); throws when it failed (nothing changed).
   */
  async restore(session: RestoreSession, r: { from: string; file: string; passphrase: string }): Promise<boolean> {
    if (this.running || this.restoring) throw new DriftwatchError('BUSY', 'A backup is being made or restored. Wait for it to finish, or cancel it.')
    const target = checkRestoreTarget({ from: r.from, dbPath: session.path, replace: true })
    // Another program (the command line's import, say) must not write while the caseload is
    // replaced under it; refused at once, with the sentence naming it, if one is writing now.
    const lock = acquireWriterLock(session.path, { purpose: 'a restore' })
    const releaseFile = protectFile(target.from, 'the backup being restored')
    const releaseSpared = this.service.spare(r.file)
    const job: BackupJob = { id: this.nextId++, reason: 'restore', state: 'running', step: null, stepSince: null, startedAt: new Date().toISOString(), endedAt: null, file: null, message: null }
    this.job = job
    let ended!: () => void
    const run: Restoring = { job, cancelled: false, decided: false, stop: null, ended: new Promise((resolve) => (ended = resolve)) }
    this.restoring = run
    const onStep = (step: BackupStep) => {
      if (!run.cancelled && !run.decided) this.step(job, step)
    }
    const key = session.backupKeyCopy?.() ?? null
    const incoming = incomingPath(target.dbPath)
    try {
      session.beginRestore()
      let prepared: PreparedRestore
      if (key) {
        const thread = restoreInThread({ from: target.from, incoming, passphrase: r.passphrase, actor: session.actor(), file: r.file, nativeBinding: session.nativeBinding }, onStep)
        run.stop = thread.cancel
        try {
          prepared = await thread.result
        } finally {
          // Its files go below only once it has ended.
          await thread.cancel()
          run.stop = null
        }
      } else {
        prepared = await prepareRestore(
          target.from,
          incoming,
          {
            unlockKey: (withKey) => unwrapDataKey(readKeyFile(withKey), r.passphrase),
            record: (db) => logAccess(db, { event: 'restore', actor: session.actor(), fileName: r.file }),
            ...(session.nativeBinding ? { nativeBinding: session.nativeBinding } : {}),
          },
          onStep,
        )
      }
      if (run.cancelled) return this.restoreCancelled(run, incoming)

      this.step(job, { label: RESTORE_STEPS.backingUp, done: 0, total: 0 })
      await this.backupBeforeRestore(session, run, key)
      await session.endCheck()
      if (run.cancelled) return this.restoreCancelled(run, incoming)

      run.decided = true
      this.step(job, { label: RESTORE_STEPS.replacing, done: 0, total: 0 })
      session.closeNow('restore')
      commitRestore(target, prepared)
      this.end(job, 'done', r.file, null)
      return true
    } catch (e) {
      if (run.cancelled) return this.restoreCancelled(run, incoming)
      if (!run.decided) removeIncoming(incoming)
      this.end(job, 'failed', null, isDriftwatchError(e) ? e.message : 'The backup could not be restored. Nothing has been changed.')
      throw e
    } finally {
      key?.fill(0)
      session.endRestore()
      lock.release()
      releaseSpared()
      releaseFile()
      this.restoring = null
      ended()
    }
  }

  private restoreCancelled(run: Restoring, incoming: string): false {
    removeIncoming(incoming)
    this.end(run.job, 'cancelled', null, null)
    return false
  }

  /**
   * Step 2 of a restore: the caseload as it stands, backed up (reason 'restore') — its snapshot
   * here, its checks and packaging in a thread when there is a key for one. A failure is recorded
   * (Settings shows it) and the restore goes on; a cancel ends the thread and removes its files.
   */
  private async backupBeforeRestore(session: RestoreSession, run: Restoring, key: Uint8Array | null): Promise<void> {
    const db = session.database()
    if (!key) {
      session.writeDuringRestore(() => this.service.auto(db, 'restore'))
      return
    }
    const startedAt = new Date()
    let target: ReturnType<BackupService['nextTarget']>
    let taken: ReturnType<typeof takeSnapshot>
    try {
      target = this.service.nextTarget()
      // Without the counts before the copy, as `start` (and here no write can come at all: the
      // connection refuses writes and the writer lock is held).
      taken = session.writeDuringRestore(() => takeSnapshot(db, target.out, { now: target.at }))
    } catch (e) {
      this.service.recordFailure(startedAt, e)
      this.service.warn('backup.failed', { reason: 'restore', error: isDriftwatchError(e) ? e.code : 'io' })
      return
    }
    const releaseName = this.service.reserve(target.name)
    // A copy: the restore's own copy of the key stays with it until it ends.
    const thread = backupInThread(taken, new Uint8Array(key), session.nativeBinding, (step) => {
      // Its megabytes written and read back, as the restore's step 5 (its tables' count is not megabytes).
      const bytes = step.label === BACKUP_STEPS.writing || step.label === BACKUP_STEPS.reading
      if (!run.cancelled && bytes && step.total > 0) this.step(run.job, { label: RESTORE_STEPS.backingUp, done: step.done, total: step.total })
    })
    run.stop = thread.cancel
    try {
      const made = await thread.result
      removeSnapshot(taken.snapshot)
      session.writeDuringRestore(() => this.service.recordGood(this.openForLog(session), target.name, { bytes: made.bytes, createdAt: taken.createdAt, counts: made.counts }))
    } catch (e) {
      await thread.cancel()
      removeBackupFiles(taken.snapshot, target.out, target.folder, target.name)
      if (!run.cancelled) {
        this.service.recordFailure(startedAt, e)
        this.service.warn('backup.failed', { reason: 'restore', error: isDriftwatchError(e) ? e.code : 'io' })
      }
    } finally {
      run.stop = null
      releaseName()
    }
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
    if (removeOutput) removeBackupFiles(running.snapshot, running.out, running.folder, running.name)
    else removeSnapshot(running.snapshot)
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

/** A backup that did not succeed: its snapshot, its file and its temporary files go. */
function removeBackupFiles(snapshot: string, out: string, folder: string, name: string): void {
  removeSnapshot(snapshot)
  rmSync(out, { force: true })
  // Its temporary file: `.NAME.<pid>.<random>.tmp` (the atomic writer's), and any snapshot leftover.
  try {
    for (const f of readdirSync(folder)) if (f.startsWith(`.${name}.`)) rmSync(join(folder, f), { force: true })
  } catch {
    // The folder has gone (an unplugged disk): nothing is left in it.
  }
}
