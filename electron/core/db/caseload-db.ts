/**
 * Opening, creating and re-keying the encrypted caseload database.
 *
 * The database is SQLCipher 4 compatible (better-sqlite3-multiple-ciphers), keyed with a raw
 * 256-bit data key (see key-file.ts). No plaintext touches the disk: the WAL is encrypted page by
 * page like the main file, temporary tables and sorts stay in memory (`temp_store = MEMORY`), and
 * freed pages are overwritten (`secure_delete`).
 */
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from '../../../drizzle/schema'
import { DriftwatchError } from '../../../shared/errors'
import { DEFAULT_KDF_COST, keyFilePath, readKeyFile, unwrapDataKey, wrapDataKey, writeKeyFile, type KdfCost } from './key-file'
import { defaultMigrationsFolder } from './migrations-folder'
import { explainBusy, isSqliteBusy } from './writer-lock'
import { markOwnChange } from './own-changes'

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
  /** Path of the native driver built for this runtime (Electron needs its own ABI build). */
  nativeBinding?: string
  migrationsFolder?: string
}

export interface CreateOptions extends OpenOptions {
  kdf?: KdfCost
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
    if (key) {
      sqlite.pragma(`cipher = 'sqlcipher'`)
      sqlite.pragma('legacy = 4')
      sqlite.pragma(`key = "x'${key.toString('hex')}'"`)
    }
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get()
    } catch (e) {
      if (isSqliteBusy(e)) throw explainBusy(path, e)
      throw new DriftwatchError(
        'UNREADABLE_DATABASE',
        `The caseload database ${path} cannot be read with its key file: it is damaged, or the key file belongs to another database.`,
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
  if (existsSync(path) || existsSync(keyFilePath(path))) {
    throw new DriftwatchError('DATABASE_EXISTS', `${path} already exists; Driftwatch will not overwrite a caseload.`)
  }
  if (options.passphrase.length === 0) {
    throw new DriftwatchError('BAD_INPUT', 'The passphrase must not be empty.')
  }
  const dataKey = randomBytes(32)
  const keyFile = await wrapDataKey(dataKey, options.passphrase, options.kdf ?? DEFAULT_KDF_COST)
  writeKeyFile(path, keyFile)
  try {
    const db = openDatabaseFile(path, dataKey, { ...options, create: true })
    chmodSync(path, 0o600)
    return db
  } catch (e) {
    for (const p of [path, `${path}-wal`, `${path}-shm`, keyFilePath(path)]) rmSync(p, { force: true })
    throw e
  }
}

/** Opens an existing caseload. A wrong passphrase throws WRONG_PASSPHRASE and touches no file. */
export async function openCaseload(options: OpenOptions): Promise<CaseloadDb> {
  if (!existsSync(options.path)) {
    throw new DriftwatchError('DATABASE_MISSING', `There is no caseload database at ${options.path}.`)
  }
  const dataKey = await unwrapDataKey(readKeyFile(options.path), options.passphrase)
  return openDatabaseFile(options.path, dataKey, options)
}

/** Re-wraps the data key under a new passphrase. The database file itself is not rewritten. */
export async function changePassphrase(options: {
  path: string
  oldPassphrase: string
  newPassphrase: string
  kdf?: KdfCost
}): Promise<void> {
  if (options.newPassphrase.length === 0) {
    throw new DriftwatchError('BAD_INPUT', 'The new passphrase must not be empty.')
  }
  const current = readKeyFile(options.path)
  const dataKey = await unwrapDataKey(current, options.oldPassphrase)
  try {
    const cost = options.kdf ?? { memoryKiB: current.kdf.memoryKiB, iterations: current.kdf.iterations, parallelism: current.kdf.parallelism }
    writeKeyFile(options.path, await wrapDataKey(dataKey, options.newPassphrase, cost))
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
  let switched = false
  try {
    switched = sqlite.pragma('journal_mode = DELETE', { simple: true }) === 'delete'
  } catch {
    // Another connection has the file open (SQLITE_BUSY): keep the WAL.
  }
  try {
    return write()
  } finally {
    if (switched) {
      try {
        sqlite.pragma('journal_mode = WAL')
        markOwnChange(sqlite)
      } catch {
        // Only if another connection opened the file meanwhile. The write's own outcome (committed,
        // or its error) is what the caller must see; rollback mode is just as safe, and the next
        // open switches the file back to WAL.
      }
    }
  }
}
