/**
 * The one check every file Driftwatch writes goes through (the atomic writer calls it): a target
 * that is a caseload database, its `-wal`, `-shm` or `-journal`, its key file, or a file a running
 * operation protects (the backup being restored) is refused with a sentence saying why. Writing an
 * export over the caseload or its key file would lose it for good.
 *
 * "Is" means the same file however it is named:
 *   - existing files are compared by identity (device and inode), which catches symlinks, hard
 *     links and any spelling of the path;
 *   - names that do not exist yet (a -wal while the caseload is closed) are compared by the real
 *     path of their folder plus their name, case-insensitively, because macOS and Windows file
 *     systems ignore case. On Linux this refuses a little more than it must ("Caseload.db" beside
 *     "caseload.db"), which costs nothing.
 * Besides the caseloads this process has opened, any file with a key file beside it (`X` with
 * `X.key`) is taken for a caseload, so a command cannot write over another caseload either.
 */
import { realpathSync, statSync, type Stats } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'

/** What SQLite and the key file add to a database's name, and how a chair would name each. */
const COMPANIONS: readonly { suffix: string; what: string }[] = [
  { suffix: '', what: 'the caseload database' },
  { suffix: '-wal', what: "the caseload database's write-ahead log (-wal)" },
  { suffix: '-shm', what: "the caseload database's shared-memory file (-shm)" },
  { suffix: '-journal', what: "the caseload database's rollback journal (-journal)" },
  { suffix: '.key', what: "the caseload's key file (without it the caseload cannot be opened)" },
]

const caseloads = new Set<string>()
const protectedFiles = new Map<string, string>()

/** Records a caseload opened by this process; every later write is checked against it. */
export function protectCaseload(dbPath: string): void {
  caseloads.add(resolve(dbPath))
}

/** Protects one more file for the length of an operation (the backup being restored). */
export function protectFile(path: string, what: string): () => void {
  const key = resolve(path)
  protectedFiles.set(key, what)
  return () => {
    if (protectedFiles.get(key) === what) protectedFiles.delete(key)
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

/** The real folder plus the name, for comparing names that may not exist yet. */
function canonicalName(path: string): string {
  const abs = resolve(path)
  let dir = dirname(abs)
  try {
    dir = realpathSync.native(dir)
  } catch {
    // The folder does not exist: the write will fail on its own; compare as given.
  }
  return join(dir, basename(abs)).normalize('NFC').toLowerCase()
}

interface Candidate {
  path: string
  what: string
}

function candidates(target: string): Candidate[] {
  const list: Candidate[] = []
  for (const db of caseloads) for (const c of COMPANIONS) list.push({ path: db + c.suffix, what: c.what })
  for (const [path, what] of protectedFiles) list.push({ path, what })
  // Another caseload (one with its key file beside it) in the target's own folder.
  const abs = resolve(target)
  for (const c of COMPANIONS) {
    if (c.suffix === '' || !abs.endsWith(c.suffix)) continue
    const db = abs.slice(0, -c.suffix.length)
    const isCaseload = c.suffix === '.key' ? statOrNull(db)?.isFile() && statOrNull(abs)?.isFile() : statOrNull(`${db}.key`)?.isFile()
    if (isCaseload) list.push({ path: abs, what: c.what })
  }
  if (statOrNull(`${abs}.key`)?.isFile()) list.push({ path: abs, what: 'a caseload database (its key file is beside it)' })
  return list
}

/** What the target is, if it is something Driftwatch must never write over; null when it is safe. */
export function protectedTargetReason(target: string): string | null {
  const list = candidates(target)
  if (list.length === 0) return null
  const targetStat = statOrNull(target)
  const targetName = canonicalName(target)
  for (const c of list) {
    if (targetStat) {
      const s = statOrNull(c.path)
      if (s && s.dev === targetStat.dev && s.ino === targetStat.ino) return c.what
    }
    if (canonicalName(c.path) === targetName) return c.what
  }
  return null
}

/**
 * Throws BAD_INPUT (exit 1 on the command line) when `target` must not be written. `ownKeyFileOf`:
 * the key file's own writer (creating a caseload, changing the passphrase) may replace exactly
 * that caseload's key file, and nothing else.
 */
export function assertSafeTarget(target: string, options: { ownKeyFileOf?: string } = {}): void {
  if (options.ownKeyFileOf !== undefined && resolve(target) === resolve(`${options.ownKeyFileOf}.key`)) return
  const what = protectedTargetReason(target)
  if (what) {
    throw new DriftwatchError(
      'BAD_INPUT',
      `Driftwatch will not write to ${target}: it is ${what}, and writing over it would lose the caseload. Choose another file name.`,
      [{ path: target, reason: `is ${what}` }],
    )
  }
}

/** True when `a` and `b` name the same file (by identity when both exist, else by real name). */
export function isSameFile(a: string, b: string): boolean {
  const sa = statOrNull(a)
  const sb = statOrNull(b)
  if (sa && sb && sa.dev === sb.dev && sa.ino === sb.ino) return true
  return canonicalName(a) === canonicalName(b)
}
