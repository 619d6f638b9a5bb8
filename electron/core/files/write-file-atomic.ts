/**
 * Writes a file atomically with mode 0600: a temporary file in the same folder, flushed to disk,
 * then renamed over the target. A reader never sees half a file, and a crash or failure leaves the
 * target as it was. Used for the key file and for exports (the user's explicit act, design brief §6:
 * nothing else writes plaintext).
 */
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'

/**
 * Flushes a folder's entry list, so a rename just made survives a power cut (without it the new
 * name may still point at the old file, or at nothing, after a crash). Some platforms (Windows)
 * cannot open a folder; there the rename is as durable as the file system makes it.
 */
export function fsyncFolder(folder: string): void {
  let fd: number
  try {
    fd = openSync(folder, 'r')
  } catch {
    return
  }
  try {
    fsyncSync(fd)
  } catch {
    // EISDIR/EINVAL on file systems that cannot sync a folder: nothing more can be done.
  } finally {
    closeSync(fd)
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  let fd: number
  try {
    fd = openSync(tmp, 'wx', 0o600)
  } catch (e) {
    throw new DriftwatchError('BAD_INPUT', `Cannot write ${path}: ${(e as Error).message}`, [{ path, reason: 'cannot be written' }])
  }
  try {
    try {
      fchmodSync(fd, 0o600)
      let off = 0
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
    fsyncFolder(dirname(path))
  } catch (e) {
    rmSync(tmp, { force: true })
    throw new DriftwatchError('BAD_INPUT', `Cannot write ${path}: ${(e as Error).message}`, [{ path, reason: 'cannot be written' }])
  }
}
