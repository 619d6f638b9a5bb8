/**
 * One writer at a time, across processes: the app, the browser host and the command line's write
 * verbs (import, demo, restore, …) each take this lock before they change a caseload.
 *
 * SQLite serialises single statements, but not what a program means by "one change": an import
 * replaces every row in one long transaction, and an app that saved a form in the middle of it (or
 * kept showing the caseload from before it) would put a record on whichever child now has that id.
 * The lock is a small file beside the caseload, `<db>.lock`, created with O_EXCL, holding who took
 * it (pid, program, what it is doing, when it started), so that anyone else — a second writer, or a
 * reader that SQLite keeps waiting — can say in a sentence why it cannot go on.
 *
 * A lock whose process is gone (same machine, pid not alive) is stale and is taken over. The lock
 * is re-entrant within one process (a nested write in the same program is the same writer).
 * It holds no case data: only a process id, a program name, a purpose and a time.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { basename } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import { formatUK, todayInLondon } from '../../../shared/civil-date'

export interface WriterLockInfo {
  pid: number
  /** The program holding it: "Driftwatch", "the browser host", "the command line". */
  program: string
  /** What it is doing, as a noun phrase: "an import", "a restore", "a change being saved". */
  purpose: string
  /** ISO 8601 (UTC) time it was taken. */
  startedAt: string
  host: string
}

export interface WriterLock {
  readonly info: WriterLockInfo
  release(): void
}

export interface AcquireOptions {
  purpose: string
  /** Defaults to a description of this process (set once with `setLockProgram`). */
  program?: string
  /** How long to wait for another writer to finish (ms). Default 0: refuse at once. */
  waitMs?: number
  now?: () => Date
}

export function writerLockPath(dbPath: string): string {
  return `${dbPath}.lock`
}

let processProgram = 'the command line'

/** Names this process in the locks it takes ("Driftwatch", "the browser host"). */
export function setLockProgram(program: string): void {
  processProgram = program
}

/** Locks this process holds, by lock path: re-entrant. */
const held = new Map<string, { count: number; info: WriterLockInfo }>()

/** A lock file left half-written (a crash between create and write) is stale after this long. */
const UNREADABLE_GRACE_MS = 10_000

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function parseInfo(text: string): WriterLockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<WriterLockInfo>
    if (
      typeof v.pid === 'number' &&
      Number.isInteger(v.pid) &&
      typeof v.program === 'string' &&
      typeof v.purpose === 'string' &&
      typeof v.startedAt === 'string' &&
      typeof v.host === 'string'
    ) {
      return { pid: v.pid, program: v.program, purpose: v.purpose, startedAt: v.startedAt, host: v.host }
    }
  } catch {
    // Half-written or damaged: see readHolder.
  }
  return null
}

type Holder = { kind: 'none' } | { kind: 'live'; info: WriterLockInfo | null; raw: string } | { kind: 'stale'; raw: string }

function readHolder(lockPath: string): Holder {
  let raw: string
  let mtimeMs: number
  try {
    raw = readFileSync(lockPath, 'utf8')
    mtimeMs = statSync(lockPath).mtimeMs
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    throw e
  }
  const info = parseInfo(raw)
  if (!info) return Date.now() - mtimeMs > UNREADABLE_GRACE_MS ? { kind: 'stale', raw } : { kind: 'live', info: null, raw }
  // On another machine (a shared folder) we cannot tell whether the process is alive: assume it is.
  if (info.host !== hostname()) return { kind: 'live', info, raw }
  return isAlive(info.pid) ? { kind: 'live', info, raw } : { kind: 'stale', raw }
}

/** Removes a stale lock file, unless someone replaced it meanwhile (then it is theirs, and live). */
function removeStale(lockPath: string, raw: string): void {
  try {
    if (readFileSync(lockPath, 'utf8') === raw) unlinkSync(lockPath)
  } catch {
    // Gone already: fine.
  }
}

/** The live writer of a caseload other than this process, or null. A stale lock counts as none. */
export function currentWriter(dbPath: string): WriterLockInfo | null {
  const lockPath = writerLockPath(dbPath)
  const mine = held.get(lockPath)
  if (mine) return null
  const holder = readHolder(lockPath)
  if (holder.kind !== 'live') return null
  return (
    holder.info ?? { pid: 0, program: 'another program', purpose: 'a change', startedAt: new Date().toISOString(), host: hostname() }
  )
}

function timeOfDay(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false }).format(at)
  const day = todayInLondon(at)
  return day === todayInLondon() ? ` started at ${hm}` : ` started on ${formatUK(day)} at ${hm}`
}

/** The sentence a reader or a second writer sees. */
export function busySentence(info: WriterLockInfo | null): string {
  if (!info) {
    return 'The caseload is being changed by another program. Try again when it has finished; nothing has been changed.'
  }
  return `The caseload is being changed by another program: ${info.purpose}${timeOfDay(info.startedAt)} (${info.program}, process ${info.pid}). Try again when it has finished; nothing has been changed.`
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * Takes the writer lock of a caseload, waiting up to `waitMs` for another writer to finish.
 * Throws BUSY (with the sentence) when another live process holds it.
 */
export function acquireWriterLock(dbPath: string, options: AcquireOptions): WriterLock {
  const lockPath = writerLockPath(dbPath)
  const mine = held.get(lockPath)
  if (mine) {
    mine.count++
    return { info: mine.info, release: once(() => releaseLock(lockPath)) }
  }
  const info: WriterLockInfo = {
    pid: process.pid,
    program: options.program ?? processProgram,
    purpose: options.purpose,
    startedAt: (options.now?.() ?? new Date()).toISOString(),
    host: hostname(),
  }
  const deadline = Date.now() + (options.waitMs ?? 0)
  for (let attempt = 0; ; attempt++) {
    let fd: number
    try {
      fd = openSync(lockPath, 'wx', 0o600)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DriftwatchError('BAD_INPUT', `The caseload's lock file ${basename(lockPath)} cannot be created: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`)
      }
      const holder = readHolder(lockPath)
      if (holder.kind === 'stale') {
        removeStale(lockPath, holder.raw)
        continue
      }
      if (holder.kind === 'none') continue
      if (Date.now() >= deadline || attempt > 10_000) throw new DriftwatchError('BUSY', busySentence(holder.info))
      sleepSync(25)
      continue
    }
    try {
      writeSync(fd, JSON.stringify(info))
    } finally {
      closeSync(fd)
    }
    held.set(lockPath, { count: 1, info })
    return { info, release: once(() => releaseLock(lockPath)) }
  }
}

function once(f: () => void): () => void {
  let done = false
  return () => {
    if (done) return
    done = true
    f()
  }
}

function releaseLock(lockPath: string): void {
  const mine = held.get(lockPath)
  if (!mine) return
  mine.count--
  if (mine.count > 0) return
  held.delete(lockPath)
  try {
    // Only our own file: never someone else's who took over a lock they judged stale.
    if (parseInfo(readFileSync(lockPath, 'utf8'))?.pid === process.pid) unlinkSync(lockPath)
  } catch {
    // Already gone.
  }
}

/** Runs `write` holding the writer lock. */
export function withWriterLock<T>(dbPath: string, options: AcquireOptions, write: () => T): T {
  const lock = acquireWriterLock(dbPath, options)
  try {
    return write()
  } finally {
    lock.release()
  }
}

/** The same for asynchronous work (restore, the demo on first run). */
export async function withWriterLockAsync<T>(dbPath: string, options: AcquireOptions, write: () => Promise<T>): Promise<T> {
  const lock = acquireWriterLock(dbPath, options)
  try {
    return await write()
  } finally {
    lock.release()
  }
}

/** True for SQLite's "database is locked" / "database table is locked" errors. */
export function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)
}

/**
 * Maps SQLite's raw "database is locked" to the sentence naming who is writing; other errors are
 * returned unchanged.
 */
export function explainBusy(dbPath: string, e: unknown): unknown {
  if (!isSqliteBusy(e)) return e
  return new DriftwatchError('BUSY', busySentence(currentWriter(dbPath)))
}
