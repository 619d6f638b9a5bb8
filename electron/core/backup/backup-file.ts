/**
 * The `.dwbackup` file: one file that is never a bare SQLite database, carrying everything needed
 * to restore a caseload with its passphrase (and, once key files carry one, its recovery code).
 *
 *   offset 0   "DWBACKUP"                      8 bytes (magic)
 *          8   format version, uint32 BE       1
 *         12   header length H, uint32 BE
 *         16   header, H bytes of UTF-8 JSON   { format, version, createdAt, schema,
 *                                                keyFile (the key file's text, verbatim),
 *                                                database: { bytes } }
 *     16 + H   the database file, N bytes      encrypted exactly as on disk (SQLCipher 4 pages)
 *    end − 32  SHA-256 of everything before it
 *
 * Nothing in it is plaintext case data: the key file holds the data key wrapped under the
 * passphrase (AES-256-GCM, Argon2id), and the database is the encrypted snapshot. The header says
 * when the backup was made and how big it is, nothing about the children.
 */
import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { z } from 'zod'
import { DriftwatchError } from '../../../shared/errors'
import { openAtomicFile } from '../files/write-file-atomic'

export const BACKUP_MAGIC = Buffer.from('DWBACKUP', 'latin1')
export const BACKUP_VERSION = 1
export const BACKUP_EXTENSION = '.dwbackup'
const PREFIX = 16
const TRAILER = 32
const MAX_HEADER = 1 << 20
const CHUNK = 4 << 20

const headerSchema = z.strictObject({
  format: z.literal('driftwatch.backup'),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.iso.datetime(),
  schema: z.number().int().min(0),
  keyFile: z.string().min(2).max(65_536),
  database: z.strictObject({ bytes: z.number().int().min(1) }),
})
export type BackupHeader = z.infer<typeof headerSchema>

function damaged(file: string, why: string): DriftwatchError {
  return new DriftwatchError(
    'UNREADABLE_DATABASE',
    `The backup ${file} cannot be used: ${why}. Nothing has been changed. Choose another backup.`,
    [{ path: file, reason: why }],
  )
}

/** Streams `length` bytes of an open file from `offset` through `each`. */
function readRange(fd: number, offset: number, length: number, each: (chunk: Buffer) => void): void {
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(length, 1)))
  let done = 0
  while (done < length) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, length - done), offset + done)
    if (n === 0) throw new Error('unexpected end of file')
    each(buf.subarray(0, n))
    done += n
  }
}

/**
 * Packages the encrypted database file `dbFile` and the key file's text into `out`, atomically
 * (temporary file, fsync, rename, folder fsync) and never over the caseload (the writer's guard).
 */
export function writeBackupFile(
  out: string,
  dbFile: string,
  keyFileText: string,
  meta: { createdAt: string; schema: number },
  /** Bytes of the database written so far (the backup thread's progress). */
  onProgress?: (done: number, total: number) => void,
): { bytes: number; databaseSha256: string } {
  const dbFd = openSync(dbFile, 'r')
  try {
    const dbBytes = fstatSync(dbFd).size
    const header: BackupHeader = {
      format: 'driftwatch.backup',
      version: BACKUP_VERSION,
      createdAt: meta.createdAt,
      schema: meta.schema,
      keyFile: keyFileText,
      database: { bytes: dbBytes },
    }
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
    const prefix = Buffer.alloc(PREFIX)
    BACKUP_MAGIC.copy(prefix, 0)
    prefix.writeUInt32BE(BACKUP_VERSION, 8)
    prefix.writeUInt32BE(headerBytes.length, 12)

    const whole = createHash('sha256')
    const dbHash = createHash('sha256')
    const file = openAtomicFile(out)
    try {
      const put = (b: Buffer) => {
        whole.update(b)
        file.write(b)
      }
      put(prefix)
      put(headerBytes)
      let written = 0
      readRange(dbFd, 0, dbBytes, (c) => {
        dbHash.update(c)
        put(c)
        written += c.length
        onProgress?.(written, dbBytes)
      })
      file.write(whole.digest())
      file.commit()
    } catch (e) {
      file.abort()
      throw e
    }
    return { bytes: PREFIX + headerBytes.length + dbBytes + TRAILER, databaseSha256: dbHash.digest('hex') }
  } finally {
    closeSync(dbFd)
  }
}

export interface OpenedBackup {
  header: BackupHeader
  /** SHA-256 of the database section as read back (createBackup compares it with what it wrote). */
  databaseSha256: string
  /** Where the database bytes start in the file. */
  offset: number
  size: number
}

/**
 * Checks a backup file end to end without loading it into memory: the magic, the version, the
 * header, the length, the whole-file SHA-256 and the database section's own SHA-256. Any flipped
 * or missing byte is caught here, before anything is replaced.
 */
export function verifyBackupFile(file: string, onProgress?: (done: number, total: number) => void): OpenedBackup {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (e) {
    const code = (e as { code?: string }).code
    throw new DriftwatchError('BAD_INPUT', code === 'ENOENT' ? `There is no backup file at ${file}.` : `The backup ${file} cannot be read (${code ?? 'error'}).`)
  }
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) throw new DriftwatchError('BAD_INPUT', `${file} is a folder, not a backup file: choose the .dwbackup file inside it.`)
    const size = stat.size
    if (size < PREFIX + TRAILER) throw damaged(file, 'it is too short to be a Driftwatch backup (it may have been cut off)')
    const prefix = Buffer.alloc(PREFIX)
    readSync(fd, prefix, 0, PREFIX, 0)
    if (!prefix.subarray(0, 8).equals(BACKUP_MAGIC)) throw damaged(file, 'it is not a Driftwatch backup file')
    const version = prefix.readUInt32BE(8)
    if (version > BACKUP_VERSION) {
      throw new DriftwatchError('DATABASE_FROM_FUTURE', `The backup ${file} was made by a newer version of Driftwatch (backup version ${version}). Update Driftwatch to restore it.`)
    }
    if (version !== BACKUP_VERSION) throw damaged(file, `its version (${version}) is not one this Driftwatch knows`)
    const headerLength = prefix.readUInt32BE(12)
    if (headerLength > MAX_HEADER || PREFIX + headerLength + TRAILER > size) throw damaged(file, 'it is damaged or cut off (its header is too long)')

    const headerBytes = Buffer.alloc(headerLength)
    readSync(fd, headerBytes, 0, headerLength, PREFIX)
    let header: BackupHeader | null = null
    try {
      const parsed = headerSchema.safeParse(JSON.parse(headerBytes.toString('utf8')))
      if (parsed.success) header = parsed.data
    } catch {
      // judged below, after the checksum: a damaged header is first of all a checksum mismatch
    }
    const offset = PREFIX + headerLength
    const dbBytes = header?.database.bytes ?? -1

    // One pass over the file: the whole-file checksum, and the database section's own hash.
    const whole = createHash('sha256')
    const dbHash = createHash('sha256')
    let at = 0
    readRange(fd, 0, size - TRAILER, (c) => {
      whole.update(c)
      const from = Math.max(offset, at)
      const to = Math.min(offset + dbBytes, at + c.length)
      if (to > from) dbHash.update(c.subarray(from - at, to - at))
      at += c.length
      onProgress?.(at, size - TRAILER)
    })
    const trailer = Buffer.alloc(TRAILER)
    readSync(fd, trailer, 0, TRAILER, size - TRAILER)
    if (!whole.digest().equals(trailer)) throw damaged(file, 'it is damaged or cut off (its checksum does not match)')
    if (!header) throw damaged(file, 'its header is not that of a Driftwatch backup')
    if (offset + header.database.bytes + TRAILER !== size) throw damaged(file, 'its length does not match its header (it may have been cut off)')
    const databaseSha256 = dbHash.digest('hex')
    return { header, databaseSha256, offset, size }
  } finally {
    closeSync(fd)
  }
}

/**
 * The key file text of a backup's header, read without checking the file (a tenth of a second
 * where verifyBackupFile takes seconds on a large backup): so that a restore can try the passphrase
 * first. Null when the header cannot be read; verifyBackupFile then says what is wrong.
 */
export function peekBackupKeyFile(file: string): string | null {
  try {
    const fd = openSync(file, 'r')
    try {
      const prefix = Buffer.alloc(PREFIX)
      if (readSync(fd, prefix, 0, PREFIX, 0) !== PREFIX || !prefix.subarray(0, 8).equals(BACKUP_MAGIC) || prefix.readUInt32BE(8) !== BACKUP_VERSION) return null
      const headerLength = prefix.readUInt32BE(12)
      if (headerLength > MAX_HEADER) return null
      const headerBytes = Buffer.alloc(headerLength)
      if (readSync(fd, headerBytes, 0, headerLength, PREFIX) !== headerLength) return null
      const parsed = headerSchema.safeParse(JSON.parse(headerBytes.toString('utf8')))
      return parsed.success ? parsed.data.keyFile : null
    } finally {
      closeSync(fd)
    }
  } catch {
    return null
  }
}

/** Copies the (still encrypted) database section of a verified backup into `out`, flushed to disk. */
export function extractDatabase(file: string, opened: OpenedBackup, write: (chunk: Buffer) => void): void {
  const fd = openSync(file, 'r')
  try {
    readRange(fd, opened.offset, opened.header.database.bytes, write)
  } finally {
    closeSync(fd)
  }
}
