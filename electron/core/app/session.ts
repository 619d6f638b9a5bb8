/**
 * The app's session, independent of any host (Electron main, the browser host, tests): where the
 * caseload lives, and the open database or none. States:
 *   no-caseload  no database file yet (the first run: create one, optionally with the demo)
 *   locked       a database exists but is not open
 *   unlocked     the database is open and every channel works
 * Locking closes the database (the driver forgets the key) and drops every cached result, so
 * nothing from the caseload stays in this process's memory on purpose.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { userInfo } from 'node:os'
import { loadUserName } from '../queries/user-settings'
import { changePassphrase, createCaseload, openCaseload, type CaseloadDb } from '../db/caseload-db'
import type { KdfCost } from '../db/key-file'
import { DriftwatchError } from '../../../shared/errors'
import { todayInLondon } from '../../../shared/civil-date'
import type { SessionState } from '../../../shared/ipc-contract'

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
  /** Delay per wrong passphrase beyond the first three in a row (default 1 s, capped at 30 s). */
  backoffMs?: number
  /** How the back-off waits (tests record the delays instead of sleeping). */
  wait?: (ms: number) => Promise<void>
  /** Who is recording changes, for the change history (default: the operating system's user name). */
  actor?: string
}

const FREE_ATTEMPTS = 3
const MAX_BACKOFF_MS = 30_000

export const DEMO_CHILDREN = 80
export const DEMO_SEED = 'demo'

export class Session {
  private db: CaseloadDb | null = null
  private cache = new Map<string, unknown>()
  /** Serialises create/unlock/lock so two quick clicks never open the database twice. */
  private queue: Promise<unknown> = Promise.resolve()
  /** Wrong passphrases in a row: after a few, each attempt waits longer (against guessing). */
  private failures = 0

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
    const state = this.db ? 'unlocked' : existsSync(this.options.dbPath) ? 'locked' : 'no-caseload'
    return { state, location: this.options.dbPath, today: this.today() }
  }

  /** The open database; LOCKED when there is none (dispatch normally refuses earlier). */
  database(): CaseloadDb {
    if (!this.db) throw new DriftwatchError('LOCKED', 'The caseload is locked. Unlock it with your passphrase to continue.')
    return this.db
  }

  /**
   * A result computed once per open database and key (for example the drift scan for one as-of
   * date, which the overview, the table and the case view all need). Small: a few keys at most.
   */
  cached<T>(key: string, compute: (db: CaseloadDb) => T): T {
    const db = this.database()
    if (this.cache.has(key)) return this.cache.get(key) as T
    const value = compute(db)
    if (this.cache.size >= 4) this.cache.delete(this.cache.keys().next().value as string)
    this.cache.set(key, value)
    return value
  }

  /** Drops every cached result: after a change to the caseload, so findings follow at once. */
  invalidate(): void {
    this.cache.clear()
  }

  /**
   * Who is making changes, as shown in "recorded by" and the change history: the name the user gave
   * (Settings, or the prompt after unlocking), else the computer account, marked as such.
   */
  actor(): string {
    if (this.options.actor) return this.options.actor
    const named = this.db ? loadUserName(this.db) : null
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

  /** Re-wraps the data key under a new passphrase (the database is not rewritten). */
  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<SessionState> {
    return this.serial(async () => {
      this.database()
      try {
        await changePassphrase({ path: this.options.dbPath, oldPassphrase, newPassphrase })
      } catch (e) {
        if (e instanceof DriftwatchError && e.code === 'WRONG_PASSPHRASE') this.failures += 1
        throw e
      }
      this.failures = 0
      return this.status()
    })
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work)
    this.queue = next.catch(() => undefined)
    return next
  }

  create(passphrase: string, withDemo: boolean): Promise<SessionState> {
    return this.serial(async () => {
      if (existsSync(this.options.dbPath)) {
        throw new DriftwatchError('DATABASE_EXISTS', 'A caseload already exists here. Unlock it with its passphrase.')
      }
      this.closeNow()
      await mkdir(dirname(this.options.dbPath), { recursive: true, mode: 0o700 })
      const db = await createCaseload({
        path: this.options.dbPath,
        passphrase,
        ...(this.options.kdf ? { kdf: this.options.kdf } : {}),
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      })
      try {
        if (withDemo) {
          if (!this.options.loadDemo) throw new DriftwatchError('INTERNAL', 'The demo caseload is not available in this build.')
          await this.options.loadDemo(db, {
            children: this.options.demoChildren ?? DEMO_CHILDREN,
            seed: DEMO_SEED,
            asOf: this.today(),
          })
        }
      } catch (e) {
        // The caseload exists and is usable (empty); keep it open so the user is not locked out.
        this.db = db
        throw e
      }
      this.db = db
      return this.status()
    })
  }

  unlock(passphrase: string): Promise<SessionState> {
    return this.serial(async () => {
      if (this.db) return this.status()
      const excess = this.failures - FREE_ATTEMPTS + 1
      if (excess > 0) {
        const delay = Math.min(excess * (this.options.backoffMs ?? 1000), MAX_BACKOFF_MS)
        await (this.options.wait ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(delay)
      }
      try {
        this.db = await openCaseload({
          path: this.options.dbPath,
          passphrase,
          ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
        })
      } catch (e) {
        if (e instanceof DriftwatchError && e.code === 'WRONG_PASSPHRASE') this.failures += 1
        throw e
      }
      this.failures = 0
      return this.status()
    })
  }

  lock(): Promise<SessionState> {
    return this.serial(async () => {
      this.closeNow()
      return this.status()
    })
  }

  /** Closes at once, outside the queue: for suspend, lock-screen and quit. */
  closeNow(): void {
    this.cache.clear()
    const db = this.db
    this.db = null
    db?.close()
  }
}
