/**
 * Opening, creating and re-keying the encrypted caseload database.
 *
 * The database is SQLCipher 4 compatible (better-sqlite3-multiple-ciphers), keyed with a raw
 * 256-bit data key (see key-file.ts). No plaintext touches the disk: the WAL is encrypted page by
 * page like the main file, temporary tables and sorts stay in memory (`temp_store = MEMORY`), and
 * freed pages are overwritten (`secure_delete`).
 */
import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from '../../../drizzle/schema'
import { DriftwatchError } from '../../../shared/errors'
import { passphraseProblem } from '../../../shared/passphrase-rules'
import {
  DEFAULT_KDF_COST,
  createKeyFile,
  keyFilePath,
  readKeyFile,
  removeStaleKeyTemps,
  rewrapPassphrase,
  unwrapDataKey,
  unwrapWithRecoveryCode,
  writeKeyFile,
  type KdfCost,
  type KeyFile,
} from './key-file'
import { newRecoveryCode } from './recovery-code'
import { defaultMigrationsFolder } from './migrations-folder'
import { protectCaseload } from '../files/guard-target'
import { finishInterruptedRestore } from '../backup/interrupted-restore'
import { explainBusy, isSqliteBusy } from './writer-lock'
import { markOwnChange } from './own-changes'
import { readAheadOf } from '../queries/read-ahead'

export type Orm = BetterSQLite3Database<typeof schema>

export interface CaseloadDb {
  readonly path: string
  readonly sqlite: Database.Database
  readonly orm: Orm
  close(): void
}

export interface OpenOptions {
  path: string
  passphrase: string
  /**
   * Given a copy of the data key in its own buffer, for the background check's connection in its
   * own thread (the buffer is transferred there and zeroed after use). Not called by default.
   */
  onKey?: (copy: Uint8Array) => void
  /** Path of the native driver built for this runtime (Electron needs its own ABI build). */
  nativeBinding?: string
  migrationsFolder?: string
}

export interface CreateOptions extends OpenOptions {
  kdf?: KdfCost
  /**
   * Receives the new caseload's recovery code, once, to show to the user. It is never stored in
   * clear anywhere; without this option nobody ever sees it (tests, benchmarks).
   */
  onRecoveryCode?: (code: string) => void
}

/** SQLCipher's page size (legacy = 4): a sound database file is a whole number of these. */
const PAGE_SIZE = 4096
const HEX = Buffer.from('0123456789abcdef', 'latin1')

/**
 * The key in the form SQLite3 Multiple Ciphers reads as a raw key (`x'<64 hex digits>'`), built
 * byte by byte into a Buffer: the key never becomes a JavaScript string, which could not be wiped
 * and would stay on the heap until the garbage collector moved on. The caller zeroes the result.
 */
function rawKeyLiteral(key: Buffer): Buffer {
  const out = Buffer.alloc(key.length * 2 + 3)
  out[0] = 0x78 // x
  out[1] = 0x27 // '
  for (let i = 0; i < key.length; i++) {
    out[2 + 2 * i] = HEX[key[i]! >> 4]!
    out[3 + 2 * i] = HEX[key[i]! & 15]!
  }
  out[out.length - 1] = 0x27
  return out
}

/**
 * A database file that cannot be a caseload before any key is tried: missing beside its key file,
 * empty, or cut short. Each is damage, never "no caseload yet": opening an empty file would make a
 * new, empty caseload over the place of the lost one.
 */
export function assertDatabaseFilePlausible(path: string): void {
  if (!existsSync(path)) {
    if (existsSync(keyFilePath(path))) {
      throw new DriftwatchError(
        'DATABASE_DAMAGED',
        `The caseload database ${path} is missing, but its key file is still there: the database has been moved or deleted. Put it back, or restore the latest good backup.`,
      )
    }
    throw new DriftwatchError('DATABASE_MISSING', `There is no caseload database at ${path}.`)
  }
  const size = statSync(path).size
  if (size === 0) {
    throw new DriftwatchError(
      'DATABASE_DAMAGED',
      `The caseload database ${path} is empty (0 bytes): its contents have been lost, so Driftwatch will not open it as a new caseload. Restore the latest good backup.`,
    )
  }
  if (size % PAGE_SIZE !== 0) {
    throw new DriftwatchError(
      'DATABASE_DAMAGED',
      `The caseload database ${path} has been cut short (${size} bytes, not a whole number of ${PAGE_SIZE}-byte pages). Restore the latest good backup.`,
    )
  }
}

function journalLength(migrationsFolder: string): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[]
  }
  return journal.entries.length
}

/**
 * Opens a database file with the given raw key (or none, only for the benchmark's unencrypted
 * comparison), applies pragmas and migrations. Throws UNREADABLE_DATABASE if the key does not fit
 * the file or the file is not a database, DATABASE_FROM_FUTURE if a newer Driftwatch wrote it.
 */
export function openDatabaseFile(
  path: string,
  key: Buffer | null,
  options: { nativeBinding?: string; migrationsFolder?: string; create?: boolean } = {},
): CaseloadDb {
  // From now on no write of this process may land on this caseload, its WAL or its key file.
  protectCaseload(path)
  let sqlite: Database.Database
  try {
    sqlite = new Database(path, {
      fileMustExist: !options.create,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    })
  } catch (e) {
    throw new DriftwatchError('UNREADABLE_DATABASE', `The caseload database ${path} cannot be opened: ${(e as Error).message}`)
  }
  try {
    // First, before any pragma that may touch the file: a connection that meets another program's
    // write waits for it (up to 5 s) instead of failing at once with "database is locked".
    sqlite.pragma('busy_timeout = 5000')
    if (key) applyKey(sqlite, key)
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get()
    } catch (e) {
      if (isSqliteBusy(e)) throw explainBusy(path, e)
      // The key came out of the key file's authenticated wrap, so it is the key that file was made
      // with: the database's first page is damaged, or the files do not belong together.
      throw new DriftwatchError(
        key ? 'DATABASE_DAMAGED' : 'UNREADABLE_DATABASE',
        `The caseload database ${path} cannot be read: its first page is damaged or the file was cut short (or the key file beside it belongs to another caseload). Restore the latest good backup.`,
      )
    }
    sqlite.pragma('temp_store = MEMORY')
    sqlite.pragma('secure_delete = ON')
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    // 192 MiB of page cache (an upper bound: it only fills with pages actually read). A large import
    // spills pages to the WAL far less often, and a repeat drift scan of 50,000 children (the app
    // scans again on every as-of change) finds the ~160 MiB of covering-index pages it reads already
    // decrypted instead of decrypting them again (64 MiB: ~3.4 s CPU warm; 192 MiB: ~2.5 s).
    sqlite.pragma('cache_size = -196608')

    const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder()
    const known = journalLength(migrationsFolder)
    const userVersion = sqlite.pragma('user_version', { simple: true }) as number
    if (userVersion > known) {
      throw new DriftwatchError(
        'DATABASE_FROM_FUTURE',
        `The caseload database ${path} was written by a newer version of Driftwatch (schema ${userVersion}, this version knows ${known}). Update Driftwatch to open it; nothing has been changed.`,
      )
    }
    const orm = drizzle({ client: sqlite, schema })
    if (userVersion < known) {
      migrate(orm, { migrationsFolder })
      sqlite.pragma(`user_version = ${known}`)
    }
    return {
      path,
      sqlite,
      orm,
      close() {
        if (!sqlite.open) return
        // Fold the WAL back into the main file so only the encrypted database remains.
        try {
          sqlite.pragma('wal_checkpoint(TRUNCATE)')
        } catch (e) {
          // Another connection is still writing (a backup taken while the app works): the WAL is
          // encrypted and the last connection to close folds it back. Anything else is a real error.
          if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e
        } finally {
          sqlite.close()
        }
      },
    }
  } catch (e) {
    sqlite.close()
    throw explainBusy(path, e)
  } finally {
    key?.fill(0)
  }
}

/** Creates a new, empty encrypted caseload and its key file. Refuses to overwrite anything. */
export async function createCaseload(options: CreateOptions): Promise<CaseloadDb> {
  const { path } = options
  // A restore a crash interrupted is finished first: its caseload must not look like a missing one.
  finishInterruptedRestore(path)
  if (existsSync(path) || existsSync(keyFilePath(path))) {
    throw new DriftwatchError('DATABASE_EXISTS', `${path} already exists; Driftwatch will not overwrite a caseload.`)
  }
  const problem = passphraseProblem(options.passphrase)
  if (problem) throw new DriftwatchError('BAD_INPUT', problem, [{ path: 'passphrase', reason: problem }])
  const dataKey = randomBytes(32)
  const recoveryCode = newRecoveryCode()
  const keyFile = await createKeyFile(dataKey, options.passphrase, recoveryCode, options.kdf ?? DEFAULT_KDF_COST)
  writeKeyFile(path, keyFile)
  // Copied before opening: openDatabaseFile zeroes the key it is given.
  const copy = options.onKey ? new Uint8Array(dataKey) : null
  try {
    const db = openDatabaseFile(path, dataKey, { ...options, create: true })
    if (copy) options.onKey!(copy)
    chmodSync(path, 0o600)
    options.onRecoveryCode?.(recoveryCode)
    return db
  } catch (e) {
    copy?.fill(0)
    for (const p of [path, `${path}-wal`, `${path}-shm`, keyFilePath(path)]) rmSync(p, { force: true })
    throw e
  }
}

/** Opens an existing caseload. A wrong passphrase throws WRONG_PASSPHRASE and touches no file. */
export async function openCaseload(options: OpenOptions): Promise<CaseloadDb> {
  // A restore cut short by a crash is finished first, so the checks below see the whole caseload.
  finishInterruptedRestore(options.path)
  removeStaleKeyTemps(options.path)
  assertDatabaseFilePlausible(options.path)
  const dataKey = await unwrapDataKey(readKeyFile(options.path), options.passphrase)
  // Copied before opening: openDatabaseFile zeroes the key it is given.
  const copy = options.onKey ? new Uint8Array(dataKey) : null
  let db: CaseloadDb
  try {
    db = openDatabaseFile(options.path, dataKey, options)
  } catch (e) {
    copy?.fill(0)
    throw e
  }
  if (copy) options.onKey!(copy)
  return db
}

/**
 * A second connection that only reads, for the integrity check in its own thread
 * (worker/check-worker.ts): no migrations and no pragma that writes; temporary tables stay in
 * memory, so nothing decrypted reaches the disk. The key's hex literal is zeroed after use.
 */
export function openForReading(path: string, key: Buffer, options: { nativeBinding?: string } = {}): Database.Database {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
  try {
    sqlite.pragma('busy_timeout = 5000')
    applyKey(sqlite, key)
    sqlite.pragma('temp_store = MEMORY')
    sqlite.pragma('cache_size = -65536')
    return sqlite
  } catch (e) {
    sqlite.close()
    throw e
  }
}

// Defined below the openers on purpose: test/platform/one-writer.test.ts checks that the first pragma
// this file sets is busy_timeout.
/** The cipher (SQLCipher 4 scheme) and the raw key; the key's hex literal is zeroed after use. */
function applyKey(sqlite: Database.Database, key: Buffer): void {
  sqlite.pragma(`cipher = 'sqlcipher'`)
  sqlite.pragma('legacy = 4')
  const literal = rawKeyLiteral(key)
  try {
    sqlite.key(literal)
  } finally {
    literal.fill(0)
  }
}


function costOf(file: KeyFile): KdfCost {
  return { memoryKiB: file.kdf.memoryKiB, iterations: file.kdf.iterations, parallelism: file.kdf.parallelism }
}

function assertNewPassphrase(passphrase: string): void {
  const problem = passphraseProblem(passphrase)
  if (problem) throw new DriftwatchError('BAD_INPUT', problem, [{ path: 'newPassphrase', reason: problem }])
}

/**
 * Re-wraps the data key under a new passphrase. The database file itself is not rewritten. A key
 * file from before recovery codes (version 1) is upgraded: the result carries its new recovery
 * code, to be shown to the user once. Otherwise the recovery code stays as it was.
 */
export async function changePassphrase(options: {
  path: string
  oldPassphrase: string
  newPassphrase: string
  kdf?: KdfCost
}): Promise<{ recoveryCode: string | null }> {
  assertNewPassphrase(options.newPassphrase)
  removeStaleKeyTemps(options.path)
  const current = readKeyFile(options.path)
  const dataKey = await unwrapDataKey(current, options.oldPassphrase)
  try {
    const cost = options.kdf ?? costOf(current)
    if (current.version === 1) {
      const recoveryCode = newRecoveryCode()
      writeKeyFile(options.path, await createKeyFile(dataKey, options.newPassphrase, recoveryCode, cost))
      return { recoveryCode }
    }
    writeKeyFile(options.path, await rewrapPassphrase(current, dataKey, options.newPassphrase, cost))
    return { recoveryCode: null }
  } finally {
    dataKey.fill(0)
  }
}

/**
 * A forgotten passphrase: the recovery code unwraps the data key, which is wrapped again under the
 * new passphrase and a NEW recovery code (returned, to be shown once). The old code is spent: it
 * has been out of its envelope or password manager entry and typed on this machine.
 *
 * The new key file replaces the old one in one atomic rename, so a crash at any moment leaves the
 * caseload opening with the old passphrase and code, or with the new ones. The database is not
 * touched.
 */
export async function resetPassphraseWithRecoveryCode(options: {
  path: string
  recoveryCode: string
  newPassphrase: string
  kdf?: KdfCost
}): Promise<{ recoveryCode: string }> {
  assertNewPassphrase(options.newPassphrase)
  removeStaleKeyTemps(options.path)
  assertDatabaseFilePlausible(options.path)
  const current = readKeyFile(options.path)
  const dataKey = unwrapWithRecoveryCode(current, options.recoveryCode)
  try {
    const recoveryCode = newRecoveryCode()
    writeKeyFile(options.path, await createKeyFile(dataKey, options.newPassphrase, recoveryCode, options.kdf ?? costOf(current)))
    return { recoveryCode }
  } finally {
    dataKey.fill(0)
  }
}

/** Replaces the recovery code (a lost or exposed one) after checking the passphrase. */
export async function replaceRecoveryCode(options: { path: string; passphrase: string }): Promise<{ recoveryCode: string }> {
  removeStaleKeyTemps(options.path)
  const current = readKeyFile(options.path)
  const dataKey = await unwrapDataKey(current, options.passphrase)
  try {
    const recoveryCode = newRecoveryCode()
    writeKeyFile(options.path, await createKeyFile(dataKey, options.passphrase, recoveryCode, costOf(current)))
    return { recoveryCode }
  } finally {
    dataKey.fill(0)
  }
}

/**
 * Runs `write` (one bulk transaction, such as an import) with a rollback journal instead of the
 * WAL, then returns to WAL mode.
 *
 * Why: in WAL mode every page of a 50,000-child import (~490 MB) is encrypted into the WAL, then
 * decrypted again and re-encrypted into the main file by the checkpoint: encryption cost three
 * passes over the data where one is enough. With a rollback journal the new pages go straight to the
 * main file, encrypted once; the journal holds only the (encrypted) pages the transaction changed,
 * so it is as crash-safe as the WAL: with synchronous = FULL the journal is synced before the main
 * file is written, and a journal left by a crash is "hot": the next connection rolls it back before
 * reading anything (openDatabaseFile's first query), then switches the file back to WAL.
 *
 * The switch needs the only connection to the file; if it cannot be made, the write runs in WAL
 * mode as before.
 */
export function withRollbackJournal<T>(sqlite: Database.Database, write: () => T): T {
  const switched = toRollbackJournal(sqlite)
  try {
    return write()
  } finally {
    if (switched) backToWal(sqlite)
  }
}

/** withRollbackJournal for a write that spans turns of the event loop (the stepwise import). */
export async function withRollbackJournalAsync<T>(sqlite: Database.Database, write: () => Promise<T>): Promise<T> {
  const switched = toRollbackJournal(sqlite)
  try {
    return await write()
  } finally {
    if (switched) backToWal(sqlite)
  }
}

function toRollbackJournal(sqlite: Database.Database): boolean {
  // The scans' read-ahead connection would keep the switch from being made (after busy_timeout).
  readAheadOf(sqlite)?.suspend()
  try {
    return sqlite.pragma('journal_mode = DELETE', { simple: true }) === 'delete'
  } catch {
    // Another connection has the file open (SQLITE_BUSY): keep the WAL.
    return false
  }
}

function backToWal(sqlite: Database.Database): void {
  // Closed meanwhile (the caseload was locked during a stepwise import): the next open switches.
  if (!sqlite.open) return
  try {
    sqlite.pragma('journal_mode = WAL')
    markOwnChange(sqlite)
  } catch {
    // Only if another connection opened the file meanwhile. The write's own outcome (committed,
    // or its error) is what the caller must see; rollback mode is just as safe, and the next
    // open switches the file back to WAL.
  }
}
