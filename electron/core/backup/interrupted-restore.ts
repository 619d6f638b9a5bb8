/**
 * The part of a restore that must survive a crash (see restore-backup.ts for the whole procedure):
 * moving the old caseload aside and the new one in, repeatably, and finishing or cleaning up after
 * an interrupted restore. Kept apart from restore-backup.ts so that opening a caseload can call
 * `finishInterruptedRestore` without importing the restore itself.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import { keyFilePath } from '../db/key-file'
import { fsyncDir } from '../files/write-file-atomic'

export const SIDE_FILES = ['-wal', '-shm', '-journal'] as const

export function markerPath(dbPath: string): string {
  return `${dbPath}.restoring`
}

export function previousPath(dbPath: string): string {
  return `${dbPath}.previous`
}

export function removeDatabaseSet(db: string): void {
  for (const p of [db, ...SIDE_FILES.map((s) => db + s), keyFilePath(db)]) rmSync(p, { force: true })
}

function moveIfPresent(from: string, to: string, afterRename?: (to: string) => void): boolean {
  if (!existsSync(from)) return false
  renameSync(from, to)
  afterRename?.(to)
  return true
}

/**
 * Step 3: repeatable after a crash at any point (each rename only if its source is still there).
 * `afterRename` lets the crash test stop it after any one rename.
 */
export function swapIn(dbPath: string, incoming: string, afterRename?: (to: string) => void): void {
  const previous = previousPath(dbPath)
  const incomingKey = keyFilePath(incoming)
  if (existsSync(incoming)) {
    for (const s of SIDE_FILES) moveIfPresent(dbPath + s, previous + s, afterRename)
  }
  // The old key file moves only while the new one is still waiting: afterwards `NAME.key` is the new one.
  if (existsSync(incomingKey)) moveIfPresent(keyFilePath(dbPath), keyFilePath(previous), afterRename)
  if (existsSync(incoming)) moveIfPresent(dbPath, previous, afterRename)
  moveIfPresent(incomingKey, keyFilePath(dbPath), afterRename)
  moveIfPresent(incoming, dbPath, afterRename)
  fsyncDir(dirname(dbPath))
}

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'
  }
}

/**
 * Finishes a restore a crash interrupted after it was decided, or removes what an undecided one
 * left. Cheap when there is nothing to do; called before a caseload is opened, created or restored.
 */
export function finishInterruptedRestore(dbPath: string): void {
  const marker = markerPath(dbPath)
  const dir = dirname(resolve(dbPath))
  if (existsSync(marker)) {
    let incoming: string | null = null
    try {
      const m = JSON.parse(readFileSync(marker, 'utf8')) as { incoming?: unknown }
      if (typeof m.incoming === 'string' && m.incoming === basename(m.incoming) && m.incoming.startsWith(`.${basename(dbPath)}.restore-`)) incoming = join(dir, m.incoming)
    } catch {
      // Written atomically, so never half a marker; unreadable means someone edited it: leave all as is.
    }
    if (!incoming) {
      throw new DriftwatchError('UNREADABLE_DATABASE', `An interrupted restore left ${marker}, which cannot be read. Nothing has been changed; look at the files beside the caseload before removing it.`)
    }
    swapIn(dbPath, incoming)
    removeDatabaseSet(incoming)
    rmSync(marker, { force: true })
    fsyncDir(dir)
    return
  }
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  const prefix = `.${basename(dbPath)}.restore-`
  for (const name of names) {
    // The restore's copy and its key file, or its writer's temporary file (`.` + the copy's name +
    // `.PID.RAND.tmp`), left by a restore killed while it wrote the copy.
    const rest = name.startsWith(prefix) ? name.slice(prefix.length) : name.startsWith(`.${prefix}`) ? name.slice(prefix.length + 1) : null
    if (rest === null) continue
    const pid = Number(/^(\d+)-/.exec(rest)?.[1])
    if (Number.isInteger(pid) && !processAlive(pid)) rmSync(join(dir, name), { force: true })
  }
}

