/**
 * The app's session, independent of any host (Electron main, the browser host, tests): where the
 * caseload lives, and the open database or none. States:
 *   no-caseload  no database file yet (the first run: create one, optionally with the demo)
 *   locked       a database exists but is not open
 *   unlocked     the database is open and every channel works
 * Locking closes the database (the driver forgets the key) and drops every cached result, so
 * nothing from the caseload stays in this process's memory on purpose.
 */
import { existsSync, statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { userInfo } from 'node:os'
import {
  changePassphrase,
  createCaseload,
  openCaseload,
  replaceRecoveryCode,
  resetPassphraseWithRecoveryCode,
  type CaseloadDb,
} from '../db/caseload-db'
import { keyFilePath, type KdfCost } from '../db/key-file'
import { withBackoff } from '../db/backoff'
import { checkCaseloadStepwise, type CheckReport } from '../db/check'
import { checkInThread } from '../worker/check-in-thread'
import { ReadAheadThread } from '../worker/read-ahead-thread'
import { setReadAhead } from '../queries/read-ahead'
import { historyWarmUp } from '../queries/history-warm-up'
import { finishInterruptedRestore } from '../backup/interrupted-restore'
import { loadUserName } from '../queries/user-settings'
import { CHANGED_ELSEWHERE_MESSAGE, DriftwatchError } from '../../../shared/errors'
import { todayInLondon } from '../../../shared/civil-date'
import type { SessionState } from '../../../shared/ipc-contract'
import { withWriterLock, withWriterLockAsync } from '../db/writer-lock'
import { abortBulkWrite, assertNoBulkWrite, inBulkWrite } from '../db/bulk-write'
import { ExternalChanges } from './external-changes'
import { logAccess, type AccessEvent } from '../queries/access-log'

/** The background integrity check of the open caseload (see db/check.ts). */
export interface IntegrityState {
  state: 'pending' | 'sound' | 'damaged'
  problems: string[]
  checkedAt: string | null
}

/** A session state with the recovery code that was just made, to be shown once (null when none). */
export type SessionStateWithCode = SessionState & { recoveryCode: string | null }

/** Fills an empty caseload with the fictional demo (the lead's demo loader, passed in by hosts). */
export type DemoLoader = (db: CaseloadDb, options: { children: number; seed: string; asOf: string }) => unknown

export interface SessionOptions {
  dbPath: string
  /** The native driver built for this runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string
  /** Argon2id costs for new caseloads; tests pass tiny ones. */
  kdf?: KdfCost
  /** Today's civil date in Europe/London (tests fix it). */
  today?: () => string
  loadDemo?: DemoLoader
  /** Size of the demo caseload offered on first run. */
  demoChildren?: number
  /**
   * Delay per wrong passphrase beyond the first three in a row (default 1 s, capped at 30 s). The
   * count is kept beside the caseload (db/backoff.ts), so it survives restarts.
   */
  backoffMs?: number
  /** How the back-off waits (tests record the delays instead of sleeping). */
  wait?: (ms: number) => Promise<void>
  /** Who is recording changes, for the change history (default: the operating system's user name). */
  actor?: string
  /**
   * Run the integrity check after unlock in its own thread with its own read-only connection
   * (worker/check-worker.ts): the app's core worker does, so a 50,000-child check never holds up a
   * request. Without it (the command line, most tests) the check runs between requests, table by table.
   */
  checkInThread?: boolean
  /**
   * Give the scans a read-ahead thread with its own read-only connection, opened at unlock
   * (worker/read-ahead-thread.ts, queries/read-ahead.ts): the app's core worker does. Without it
   * (the command line, most tests) a scan reads everything on the session's connection.
   */
  readAhead?: boolean
  /**
   * Keep a copy of the data key while unlocked, for the app's backups in their own thread
   * (worker/backup-worker.ts): each backup gets a copy, transferred and zeroed there. Zeroed on
   * every close. Without it (the command line, most tests) backups run on the caller's thread.
   */
  backupInThread?: boolean
}

/** Why the caseload is closing: a backup is made on lock, quit and restore, never while going to sleep. */
/** `replaced`: another program replaced the file under the open connection (a restore from the command line). */
export type CloseReason = 'lock' | 'quit' | 'suspend' | 'restore' | 'replaced'

/** `db` is null when nothing was open. */
export type CloseListener = (db: CaseloadDb | null, why: CloseReason) => void

const restoringError = () =>
  new DriftwatchError('BUSY', 'A backup is being restored, so nothing can be saved until it has finished. Settings → Backups shows how far it has got, and can cancel it.')

export const DEMO_CHILDREN = 80
export const DEMO_SEED = 'demo'
/** The longest the history warm-up holds the core's thread at a time: a request arriving meanwhile waits no longer. */
const WARM_UP_SLICE_MS = 8

export class Session {
  private db: CaseloadDb | null = null
  /** The open file's identity (device and inode), to notice it being replaced under the connection. */
  private fileId: string | null = null
  /** Serialises create/unlock/lock so two quick clicks never open the database twice. */
  private queue: Promise<unknown> = Promise.resolve()
  /** The background check of the open database; `generation` tells a check of an earlier unlock to stop. */
  private integrity: IntegrityState = { state: 'pending', problems: [], checkedAt: null }
  private generation = 0
  /** The check's own thread while it runs (checkInThread). */
  private checker: { terminate(): Promise<number> } | null = null
  /** The thread check waiting to start (it holds the key's copy until then). */
  private deferredCheck: (() => void) | null = null
  /** The scans' read-ahead thread while the caseload is open (readAhead). */
  private readAhead: ReadAheadThread | null = null
  /** The data key's copy for threaded backups (backupInThread), while unlocked. */
  private backupKey: Uint8Array | null = null

  /** A fresh copy of the data key for one backup's thread (null when backups run on this thread). */
  backupKeyCopy(): Uint8Array | null {
    return this.db && this.backupKey ? new Uint8Array(this.backupKey) : null
  }

  get nativeBinding(): string | undefined {
    return this.options.nativeBinding
  }

  /**
   * Keeps a copy for backups when asked to; returns the key only if the check's thread or the
   * read-ahead thread takes it (opened() gives it to them).
   */
  private keyArrived(key: Uint8Array | null): Uint8Array | null {
    if (key && this.options.backupInThread) this.backupKey = new Uint8Array(key)
    if (key && !this.options.checkInThread && !this.options.readAhead) {
      key.fill(0)
      return null
    }
    return key
  }

  /** Whether the opener must hand over a copy of the key. */
  private get wantsKey(): boolean {
    return !!(this.options.checkInThread || this.options.backupInThread || this.options.readAhead)
  }

  /**
   * Ends the background check (its thread, or the one waiting to start, whose key's copy is then
   * zeroed) and waits until its thread has ended and closed its connection: a restore replaces the
   * caseload's file next, which Windows refuses while another handle is open on it. The check is
   * not run again for this unlock; its state stays pending (the restored caseload gets its own).
   */
  async endCheck(): Promise<void> {
    this.generation += 1
    const waiting = this.deferredCheck
    this.deferredCheck = null
    waiting?.()
    const checker = this.checker
    this.checker = null
    await checker?.terminate()
  }

  /** Starts the integrity check in its own thread, if one is waiting (core.ts calls it in a pause). */
  startDeferredCheck(): void {
    const start = this.deferredCheck
    this.deferredCheck = null
    start?.()
  }
  /**
   * Reads the pages a past-date scan reads on this connection (queries/history-warm-up.ts), a slice
   * of a few milliseconds at a time between other work, so that a past date picked later finds them
   * decrypted (core.ts calls it in the pause after unlock). Stops when the caseload closes or an
   * import writes; resolves with whether every page was read.
   */
  warmHistoryPages(): Promise<boolean> {
    const db = this.db
    if (!db) return Promise.resolve(false)
    const warmUp = historyWarmUp(db.sqlite)
    return new Promise((resolve) => {
      const slice = () => {
        try {
          if (this.db !== db || inBulkWrite(db.sqlite)) return resolve(false)
          if (warmUp.step(WARM_UP_SLICE_MS)) setImmediate(slice)
          else resolve(true)
        } catch {
          // Only a head start: the scan that needs these pages reads them, and says what is wrong.
          resolve(false)
        }
      }
      setImmediate(slice)
    })
  }

  /** Changes committed by other programs (PRAGMA data_version), noticed request by request. */
  readonly external = new ExternalChanges()
  /**
   * Called whenever the caseload closes (lock, suspend, quit, restore), with the database still open
   * but no longer the session's: features forget what they held for it, and automatic backups are
   * made from it. Must not throw (a throw is ignored: closing never fails).
   */
  private readonly closeListeners: CloseListener[] = []

  constructor(private readonly options: SessionOptions) {}

  get path(): string {
    return this.options.dbPath
  }

  today(): string {
    return (this.options.today ?? (() => todayInLondon()))()
  }

  isUnlocked(): boolean {
    return this.db !== null
  }

  status(): SessionState {
    // Before "is there a caseload?": a restore cut short by a crash is finished, never taken for none.
    if (!this.db) finishInterruptedRestore(this.options.dbPath)
    // A key file without its database is a lost caseload, not a first run: unlocking names the damage.
    const state = this.db ? 'unlocked' : existsSync(this.options.dbPath) || existsSync(keyFilePath(this.options.dbPath)) ? 'locked' : 'no-caseload'
    return { state, location: this.options.dbPath, today: this.today() }
  }

  /** The open database; LOCKED when there is none (dispatch normally refuses earlier). */
  database(): CaseloadDb {
    if (!this.db) throw new DriftwatchError('LOCKED', 'The caseload is locked. Unlock it with your passphrase to continue.')
    // A stepwise import holds the connection's transaction open between its steps.
    assertNoBulkWrite(this.db.sqlite)
    return this.db
  }

  /** Tells every cache of results (app/analysis.ts) to drop them: after an import, a restore, another program's change. */
  invalidate(): void {
    for (const listener of this.invalidateListeners) listener()
  }

  private readonly invalidateListeners: (() => void)[] = []

  /**
   * A restore under way (app/backup-jobs.ts `restore`): the connection is made read-only (SQLite's
   * query_only), so that no write of any kind — a record, a setting, an import, a passphrase
   * change — lands in the caseload about to be replaced; `explainRefused` says so in words. The
   * chair can go on reading meanwhile.
   */
  private restoring = false
  /** The restored caseload being opened (reopenAfterRestore). */
  private reopening: Promise<SessionState> | null = null

  beginRestore(): void {
    this.database().sqlite.pragma('query_only = ON')
    this.restoring = true
  }

  endRestore(): void {
    this.restoring = false
    this.db?.sqlite.pragma('query_only = OFF')
  }

  isRestoring(): boolean {
    return this.restoring
  }

  /** The restore's own writes to the caseload it replaces (its backup's snapshot and log entry): synchronous, so no request comes between. */
  writeDuringRestore<T>(work: () => T): T {
    const sqlite = this.db?.sqlite
    if (!this.restoring || !sqlite) return work()
    sqlite.pragma('query_only = OFF')
    try {
      return work()
    } finally {
      sqlite.pragma('query_only = ON')
    }
  }

  /** SQLite's refusal to write while a restore runs, as a sentence; any other error unchanged. */
  explainRefused(e: unknown): unknown {
    const code = (e as { code?: unknown } | null)?.code
    if (!this.restoring || typeof code !== 'string' || !code.startsWith('SQLITE_READONLY')) return e
    return restoringError()
  }

  /** Refuses work that would write (an import) while a restore runs, before it starts. */
  assertNotRestoring(): void {
    if (this.restoring) throw restoringError()
  }

  /** Features keeping their own cached results (app/analysis.ts) drop them when the session invalidates. */
  onInvalidate(listener: () => void): void {
    this.invalidateListeners.push(listener)
  }

  /**
   * Called before every request: when another program has changed the caseload since the last
   * one, drops every cached result so this request answers from the new data.
   */
  checkExternalChanges(): boolean {
    if (!this.db) return false
    this.assertSameFile()
    const changed = this.external.check(this.db.sqlite)
    if (changed) this.invalidate()
    return changed
  }

  /**
   * Runs one change holding the caseload's writer lock (waiting up to 2 s for another writer's
   * save). Refused when this very request found that another program changed the caseload: the
   * form was filled in on a screen drawn from data that is no longer there.
   */
  write<T>(work: () => T): T {
    if (this.external.justChanged) {
      throw new DriftwatchError('CHANGED_ELSEWHERE', CHANGED_ELSEWHERE_MESSAGE)
    }
    return withWriterLock(this.options.dbPath, { purpose: 'a change being saved', waitMs: 2000 }, () => {
      // Under the lock a restore from the command line also takes: the file cannot be swapped between
      // this check and the save.
      this.assertSameFile()
      return work()
    })
  }

  private fileIdentity(): string | null {
    try {
      const s = statSync(this.options.dbPath)
      return `${s.dev}:${s.ino}`
    } catch {
      return null
    }
  }

  /**
   * Another program (the command line's `restore`) can swap the caseload's file while this
   * connection holds the old one open: every save would then go into the old copy, renamed
   * `.previous`, and be lost with it at the next restore. So the file at the path must still be the
   * one opened; if not, the caseload is closed (no backup of the old copy: the restore kept it) and
   * the chair unlocks the restored one.
   */
  private assertSameFile(): void {
    if (!this.db || this.fileId === null || this.fileIdentity() === this.fileId) return
    this.closeNow('replaced')
    throw new DriftwatchError(
      'LOCKED',
      'Another program replaced the caseload (a backup restored from the command line), so it has been closed and nothing more is saved into the old copy. Unlock it again to go on with the restored caseload.',
    )
  }

  /**
   * Appends to the access log (queries/access-log.ts) under the writer lock; `actor` is this
   * session's. Throws (BUSY) rather than let an access go unrecorded.
   */
  logAccess(event: Omit<AccessEvent, 'actor'>): void {
    const db = this.database()
    withWriterLock(this.options.dbPath, { purpose: 'an access being logged', waitMs: 2000 }, () =>
      logAccess(db, { ...event, actor: this.actor() }),
    )
  }

  /** When each case was last logged as opened: a case re-read within 30 minutes is the same opening. */
  private opensLogged = new Map<string, number>()

  /** Logs a case as opened (once per 30 minutes per child, not on every refresh of the screen). */
  caseOpened(childId: string): void {
    const now = Date.now()
    const last = this.opensLogged.get(childId)
    if (last !== undefined && now - last < 30 * 60_000) return
    this.logAccess({ event: 'case-opened', childId })
    this.opensLogged.set(childId, now)
  }

  /**
   * Who is making changes, as shown in "recorded by" and the change history: the name the user gave
   * (Settings, or the prompt after unlocking), else the computer account, marked as such.
   */
  actor(): string {
    return this.actorOf(this.db)
  }

  /** The same for a given database (a close hook's, once the session has let it go). */
  actorOf(db: CaseloadDb | null): string {
    if (this.options.actor) return this.options.actor
    const named = db ? loadUserName(db) : null
    return named ?? `${this.account()} (computer account)`
  }

  /** The computer account's name, which is shown only until the user gives their own name. */
  account(): string {
    try {
      return userInfo().username || "This computer's user"
    } catch {
      return "This computer's user"
    }
  }

  /**
   * Re-wraps the data key under a new passphrase (the database is not rewritten). The old
   * passphrase is checked under the same back-off as unlocking. A key file from before recovery
   * codes is upgraded, and the new code comes back to be shown once.
   */
  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<SessionStateWithCode> {
    return this.serial(async () => {
      this.database()
      const { recoveryCode } = await withBackoff(
        this.options.dbPath,
        () => changePassphrase({ path: this.options.dbPath, oldPassphrase, newPassphrase }),
        this.backoff(),
      )
      return { ...this.status(), recoveryCode }
    })
  }

  /**
   * "Forgotten your passphrase?": the recovery code re-wraps the key under a new passphrase and a
   * new recovery code (returned, to be shown once), then the caseload is opened with it.
   */
  resetPassphrase(recoveryCode: string, newPassphrase: string): Promise<SessionStateWithCode> {
    return this.serial(async () => {
      if (this.db) throw new DriftwatchError('BAD_INPUT', 'The caseload is open. Change the passphrase in Settings instead.')
      const path = this.options.dbPath
      const reset = await withBackoff(path, () => resetPassphraseWithRecoveryCode({ path, recoveryCode, newPassphrase }), this.backoff())
      let key: Uint8Array | null = null
      const db = await openCaseload({
        path,
        passphrase: newPassphrase,
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
        ...(this.wantsKey ? { onKey: (copy: Uint8Array) => (key = copy) } : {}),
      })
      // As an unlock: the key's copies for the backups, the check's thread and the read-ahead thread.
      this.opened(db, true, this.keyArrived(key))
      return { ...this.status(), recoveryCode: reset.recoveryCode }
    })
  }

  /** A new recovery code (the old one stops working), after checking the passphrase under the back-off. */
  newRecoveryCode(passphrase: string): Promise<SessionStateWithCode> {
    return this.serial(async () => {
      this.database()
      const path = this.options.dbPath
      const { recoveryCode } = await withBackoff(path, () => replaceRecoveryCode({ path, passphrase }), this.backoff())
      return { ...this.status(), recoveryCode }
    })
  }

  /** The background check's outcome so far. */
  integrityState(): IntegrityState {
    this.database()
    return { ...this.integrity, problems: [...this.integrity.problems] }
  }

  /**
   * Refuses a save when the caseload has been found damaged: writing more into a damaged file can
   * only make the damage worse or hide it, and the chair's next step is a restore, not more saves.
   */
  assertWritable(): void {
    this.database()
    if (this.integrity.state === 'damaged') {
      throw new DriftwatchError(
        'DATABASE_DAMAGED',
        'The caseload is damaged, so Driftwatch is not saving changes. Nothing you typed was saved: note it down, then restore the latest good backup.',
      )
    }
  }

  private backoff() {
    return {
      ...(this.options.backoffMs !== undefined ? { unitMs: this.options.backoffMs } : {}),
      ...(this.options.wait ? { wait: this.options.wait } : {}),
    }
  }

  /** Takes an opened database as the session's, and checks it in the background. */
  private opened(db: CaseloadDb, check = true, key: Uint8Array | null = null): void {
    this.db = db
    this.fileId = this.fileIdentity()
    this.external.reset(db.sqlite)
    this.opensLogged.clear()
    try {
      this.logAccess({ event: 'unlock' })
    } catch (e) {
      // Unrecorded access is not allowed: close again and say why.
      this.closeNow()
      throw e
    }
    const generation = ++this.generation
    if (key && this.options.readAhead) {
      // A copy of its own, transferred to the thread (the check's copy goes to its thread later).
      this.readAhead = new ReadAheadThread(db.path, new Uint8Array(key), this.options.nativeBinding)
      setReadAhead(db.sqlite, this.readAhead)
    }
    if (key && !this.options.checkInThread) {
      key.fill(0)
      key = null
    }
    this.integrity = { state: check ? 'pending' : 'sound', problems: [], checkedAt: check ? null : new Date().toISOString() }
    if (!check) {
      key?.fill(0)
      return
    }
    if (key) {
      // Its own thread and connection, started by startDeferredCheck once the first screens are
      // served (core.ts); the key is transferred there then (nothing stays here).
      const threadKey = key
      this.deferredCheck = () => {
        if (generation !== this.generation || this.db !== db) return threadKey.fill(0)
        this.checker = checkInThread(db.path, threadKey, this.options.nativeBinding, (report) => this.recordCheck(generation, report))
      }
      return
    }
    // After the unlock's answer has gone back, so the first screens are not held up.
    setTimeout(() => {
      if (generation !== this.generation || this.db !== db) return
      // An import begun meanwhile would make the check read half-written tables: it stops (stays pending).
      void checkCaseloadStepwise(db, { stillWanted: () => generation === this.generation && this.db === db && !inBulkWrite(db.sqlite) }).then(
        (report) => this.recordCheck(generation, report),
        () => this.recordCheck(generation, null),
      )
    }, 50)
  }

  private recordCheck(generation: number, report: CheckReport | null): void {
    if (generation !== this.generation || !report) return
    this.integrity = { state: report.sound ? 'sound' : 'damaged', problems: report.problems, checkedAt: report.checkedAt }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work)
    this.queue = next.catch(() => undefined)
    return next
  }

  create(passphrase: string, withDemo: boolean): Promise<SessionStateWithCode> {
    return this.serial(async () => {
      if (existsSync(this.options.dbPath)) {
        throw new DriftwatchError('DATABASE_EXISTS', 'A caseload already exists here. Unlock it with its passphrase.')
      }
      this.closeNow()
      await mkdir(dirname(this.options.dbPath), { recursive: true, mode: 0o700 })
      let recoveryCode: string | null = null
      let key: Uint8Array | null = null
      const db = await createCaseload({
        path: this.options.dbPath,
        passphrase,
        onRecoveryCode: (code) => {
          recoveryCode = code
        },
        ...(this.options.backupInThread ? { onKey: (copy: Uint8Array) => (key = copy) } : {}),
        ...(this.options.kdf ? { kdf: this.options.kdf } : {}),
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      })
      // A new caseload is not checked in a thread: only the backups' copy is kept.
      this.keyArrived(key)?.fill(0)
      try {
        if (withDemo) {
          if (!this.options.loadDemo) throw new DriftwatchError('INTERNAL', 'The demo caseload is not available in this build.')
          const loadDemo = this.options.loadDemo
          await withWriterLockAsync(this.options.dbPath, { purpose: 'the demo caseload being created' }, async () =>
            loadDemo(db, {
              children: this.options.demoChildren ?? DEMO_CHILDREN,
              seed: DEMO_SEED,
              asOf: this.today(),
            }),
          )
        }
      } catch (e) {
        // The caseload exists and is usable (empty); keep it open so the user is not locked out.
        // The recovery code cannot be shown now: the user makes a new one from Settings.
        this.opened(db, false)
        throw e
      }
      // A new file has nothing to find yet; it is checked from the next unlock on.
      this.opened(db, false)
      return { ...this.status(), recoveryCode }
    })
  }

  /**
   * The restored caseload opened (backup-handlers.ts). Between the swap and this unlock the caseload
   * is closed for a moment, and the page's state checks (`settledStatus`) wait for the reopening
   * rather than answer "locked": the chair would see the lock screen flash and lose their place.
   */
  reopenAfterRestore(passphrase: string): Promise<SessionState> {
    const reopening = this.unlock(passphrase)
    this.reopening = reopening
    const done = () => {
      if (this.reopening === reopening) this.reopening = null
    }
    reopening.then(done, done)
    return reopening
  }

  /** The session's state, once a restore's reopening (if one is under way) has ended. */
  async settledStatus(): Promise<SessionState> {
    if (this.reopening) await this.reopening.catch(() => undefined)
    return this.status()
  }

  unlock(passphrase: string): Promise<SessionState> {
    return this.serial(async () => {
      if (this.db) return this.status()
      const path = this.options.dbPath
      let key: Uint8Array | null = null
      const db = await withBackoff(
        path,
        () =>
          openCaseload({
            path,
            passphrase,
            ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
            ...(this.wantsKey ? { onKey: (copy: Uint8Array) => (key = copy) } : {}),
          }),
        this.backoff(),
      )
      this.opened(db, true, this.keyArrived(key))
      return this.status()
    })
  }

  lock(): Promise<SessionState> {
    return this.serial(async () => {
      this.closeNow()
      return this.status()
    })
  }

  onClose(listener: CloseListener): void {
    this.closeListeners.push(listener)
  }

  /** Closes at once, outside the queue: for suspend, lock-screen and quit. */
  closeNow(why: CloseReason = 'lock'): void {
    this.external.reset(null)
    this.generation += 1
    this.integrity = { state: 'pending', problems: [], checkedAt: null }
    void this.checker?.terminate()
    this.checker = null
    // A check that never started: its copy of the key goes too.
    this.deferredCheck?.()
    this.deferredCheck = null
    // Its connection closed before this returns (suspend waits for it): a restore then replaces the
    // file, which Windows refuses while another handle is open on it.
    this.readAhead?.suspend()
    this.readAhead?.stop()
    this.readAhead = null
    this.backupKey?.fill(0)
    this.backupKey = null
    const db = this.db
    this.db = null
    // Closing cancels a restore still under way (core.ts): the lock's or quit's backup may write again.
    if (db && this.restoring) db.sqlite.pragma('query_only = OFF')
    this.restoring = false
    if (db) setReadAhead(db.sqlite, null)
    // An import still open is rolled back before anything (the backup on lock) reads the connection.
    if (db) abortBulkWrite(db.sqlite)
    for (const listener of this.closeListeners) {
      try {
        listener(db, why)
      } catch {
        // Closing must never fail because a feature could not tidy up (or a backup failed: the
        // backup service records that itself).
      }
    }
    db?.close()
  }
}
