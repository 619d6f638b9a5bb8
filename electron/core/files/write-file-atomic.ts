/**
 * Writes a file atomically with mode 0600: a temporary file in the same folder, flushed to disk,
 * then renamed over the target, and the folder flushed so the rename itself survives a power cut.
 * A reader never sees half a file, and a crash or failure leaves the target as it was. Used for the
 * key file, exports (the user's explicit act, design brief §6: nothing else writes plaintext) and
 * backups. Every target first passes the guard (guard-target.ts): never the caseload, its WAL,
 * journal or key file.
 */
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import { assertSafeTarget } from './guard-target'

/** A file being written: bytes go to a temporary file until `commit` renames it into place. */
export interface AtomicFile {
  write(data: string | Uint8Array): void
  /** Flushes, renames over the target and flushes the folder. */
  commit(): void
  /** Removes the temporary file (safe to call after a failure, or twice). */
  abort(): void
}

function cannotWrite(path: string, e: unknown): DriftwatchError {
  return new DriftwatchError('BAD_INPUT', `Cannot write ${path}: ${(e as Error).message}`, [{ path, reason: 'cannot be written' }])
}

/** Flushes a folder's entries (a rename is only durable once its folder is). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Some platforms (Windows) cannot open a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

export interface AtomicWriteOptions {
  /** Only the key file's writer: may replace this caseload's own key file (see assertSafeTarget). */
  ownKeyFileOf?: string
}

export function openAtomicFile(path: string, options: AtomicWriteOptions = {}): AtomicFile {
  assertSafeTarget(path, options)
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  let fd: number | null
  try {
    fd = openSync(tmp, 'wx', 0o600)
    fchmodSync(fd, 0o600)
  } catch (e) {
    throw cannotWrite(path, e)
  }
  const close = () => {
    if (fd === null) return
    const f = fd
    fd = null
    closeSync(f)
  }
  const file: AtomicFile = {
    write(data) {
      if (fd === null) throw cannotWrite(path, new Error('already closed'))
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
      try {
        let off = 0
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off)
      } catch (e) {
        file.abort()
        throw cannotWrite(path, e)
      }
    },
    commit() {
      try {
        if (fd === null) throw new Error('already closed')
        fsyncSync(fd)
        close()
        // Checked again: the target may have become something protected while we wrote.
        assertSafeTarget(path, options)
        renameSync(tmp, path)
        fsyncDir(dirname(path))
      } catch (e) {
        file.abort()
        throw e instanceof DriftwatchError ? e : cannotWrite(path, e)
      }
    },
    abort() {
      try {
        close()
      } catch {
        // already closed
      }
      rmSync(tmp, { force: true })
    },
  }
  return file
}

export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const file = openAtomicFile(path, options)
  file.write(data)
  file.commit()
}
