/**
 * The back-off against guessing, kept beside the caseload (`<db>.attempts`) so that it survives a
 * restart and is shared by the app, the browser host and the command line: the first three wrong
 * passphrases (or recovery codes) in a row are free, then each attempt waits 1 s longer than the
 * last, up to 30 s. A right one resets it.
 *
 * The file holds only a count and a time, never anything secret, with a checksum bound to the
 * caseload's file name. A file that is damaged, edited by hand or copied from another caseload is
 * ignored, exactly as a deleted one: the worst a person with access to the folder can do is reset
 * the count to its default (no wrong tries), never lower the wait below that or lock the user out
 * for longer than 30 s a try. Such a person can copy the key file and guess offline anyway; against
 * that the Argon2id costs protect, not this file. Its purpose is the person at the keyboard (or a
 * script driving the app or the CLI) trying passphrase after passphrase.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { basename } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import { writeFileAtomic } from '../files/write-file-atomic'

export const FREE_ATTEMPTS = 3
export const MAX_BACKOFF_MS = 30_000
const MAX_COUNTED = 10_000

export function attemptsFilePath(dbPath: string): string {
  return `${dbPath}.attempts`
}

interface AttemptsFile {
  format: 'driftwatch.attempts'
  version: 1
  failures: number
  lastFailureAt: string
  checksum: string
}

function checksum(dbPath: string, failures: number, lastFailureAt: string): string {
  return createHash('sha256').update(`driftwatch.attempts\u00001\u0000${basename(dbPath)}\u0000${failures}\u0000${lastFailureAt}`).digest('hex')
}

/** Wrong tries in a row recorded for this caseload; 0 when there is no sound file. */
export function recordedFailures(dbPath: string): number {
  const path = attemptsFilePath(dbPath)
  if (!existsSync(path)) return 0
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<AttemptsFile>
    if (
      file.format !== 'driftwatch.attempts' ||
      file.version !== 1 ||
      typeof file.failures !== 'number' ||
      !Number.isSafeInteger(file.failures) ||
      file.failures < 0 ||
      typeof file.lastFailureAt !== 'string' ||
      file.checksum !== checksum(dbPath, file.failures, file.lastFailureAt)
    ) {
      return 0
    }
    return Math.min(file.failures, MAX_COUNTED)
  } catch {
    return 0
  }
}

function record(dbPath: string, failures: number): void {
  const path = attemptsFilePath(dbPath)
  try {
    if (failures === 0) {
      rmSync(path, { force: true })
      return
    }
    const lastFailureAt = new Date().toISOString()
    const file: AttemptsFile = { format: 'driftwatch.attempts', version: 1, failures, lastFailureAt, checksum: checksum(dbPath, failures, lastFailureAt) }
    writeFileAtomic(path, `${JSON.stringify(file)}\n`)
  } catch {
    // A read-only folder cannot keep the count; the wait still applies within this process run
    // (the caller's count) and the passphrase check itself is unaffected.
  }
}

/** How long the next try waits after `failures` wrong ones in a row. */
export function backoffDelayMs(failures: number, unitMs = 1000): number {
  const excess = failures - FREE_ATTEMPTS + 1
  return excess > 0 ? Math.min(excess * unitMs, MAX_BACKOFF_MS) : 0
}

export interface BackoffOptions {
  /** Delay per wrong try beyond the free ones (default 1 s). */
  unitMs?: number
  /** How to wait (tests record the delays instead of sleeping). */
  wait?: (ms: number) => Promise<void>
}

const WRONG_SECRET = new Set(['WRONG_PASSPHRASE', 'WRONG_RECOVERY_CODE'])

/**
 * Runs one try of a passphrase or recovery code against this caseload, after the wait its recorded
 * wrong tries call for; records the outcome. Other failures (a damaged file) neither count nor reset.
 */
export async function withBackoff<T>(dbPath: string, attempt: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const failures = recordedFailures(dbPath)
  const delay = backoffDelayMs(failures, options.unitMs)
  if (delay > 0) await (options.wait ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(delay)
  let result: T
  try {
    result = await attempt()
  } catch (e) {
    // Read again: another process may have counted a wrong try while this one waited.
    if (e instanceof DriftwatchError && WRONG_SECRET.has(e.code)) record(dbPath, Math.max(failures, recordedFailures(dbPath)) + 1)
    throw e
  }
  if (failures > 0 || recordedFailures(dbPath) > 0) record(dbPath, 0)
  return result
}
