/**
 * The checks a backup and a restore run on a database: SQLite's integrity and foreign key checks,
 * and the number of rows in each table (the "record counts" a chair sees after a backup).
 * `schema` is `main` for an open caseload or the name a snapshot is attached under.
 */
import type Database from 'better-sqlite3'

export type RecordCounts = Record<string, number>

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/

function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`bad schema name ${schema}`)
  return schema
}

/** Every table of ours, by name: not SQLite's own, not drizzle's migration log. */
export function tableNames(sqlite: Database.Database, schema = 'main'): string[] {
  const s = quoteSchema(schema)
  return sqlite
    .prepare(`SELECT name FROM ${s}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_\\_drizzle%' ESCAPE '\\' ORDER BY name`)
    .pluck()
    .all() as string[]
}

/** Rows per table (every table of ours: not SQLite's own, not drizzle's migration log). */
export function recordCounts(sqlite: Database.Database, schema = 'main'): RecordCounts {
  const s = quoteSchema(schema)
  const counts: RecordCounts = {}
  for (const t of tableNames(sqlite, schema)) counts[t] = sqlite.prepare(`SELECT count(*) FROM ${s}."${t.replace(/"/g, '""')}"`).pluck().get() as number
  return counts
}

/** `ok`, or the first problems SQLite's integrity check names (page numbers, never row content). */
export function integrityProblems(sqlite: Database.Database, schema = 'main'): string[] {
  const s = quoteSchema(schema)
  const rows = sqlite.prepare(`PRAGMA ${s}.integrity_check(20)`).pluck().all() as string[]
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows
}

/**
 * Rows whose foreign key points nowhere, as `table → parent` pairs (never their content); of one
 * table when `table` is given (the backup thread goes table by table to report a real fraction).
 */
export function foreignKeyProblems(sqlite: Database.Database, schema = 'main', table?: string): string[] {
  const s = quoteSchema(schema)
  const pragma = table === undefined ? `PRAGMA ${s}.foreign_key_check` : `PRAGMA ${s}.foreign_key_check("${table.replace(/"/g, '""')}")`
  const rows = sqlite.prepare(pragma).all() as { table: string; parent: string }[]
  return [...new Set(rows.map((r) => `${r.table} → ${r.parent}`))].slice(0, 20)
}

/** Writes a consistent, encrypted copy of the open database to `path` (same cipher and key). */
export function vacuumInto(sqlite: Database.Database, path: string): void {
  sqlite.prepare('VACUUM INTO ?').run(path)
}

export function attachSnapshot(sqlite: Database.Database, path: string, as: string): void {
  sqlite.prepare(`ATTACH DATABASE ? AS ${quoteSchema(as)}`).run(path)
}

export function detachSnapshot(sqlite: Database.Database, as: string): void {
  sqlite.exec(`DETACH DATABASE ${quoteSchema(as)}`)
}

export function schemaVersion(sqlite: Database.Database, schema = 'main'): number {
  return sqlite.prepare(`PRAGMA ${quoteSchema(schema)}.user_version`).pluck().get() as number
}

/**
 * Folds the whole WAL back into the database file. True only when every frame was copied and the
 * WAL truncated (false when another connection is reading or writing: SQLite reports busy).
 */
export function checkpointTruncate(sqlite: Database.Database): boolean {
  try {
    const r = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[]
    const row = r[0]
    return !!row && row.busy === 0 && row.log === row.checkpointed
  } catch {
    return false
  }
}

/**
 * Runs `work` holding the write lock (BEGIN IMMEDIATE), so no other connection can change the
 * database meanwhile; always rolled back (it writes nothing).
 */
export function withWriteLock<T>(sqlite: Database.Database, work: () => T): T {
  sqlite.exec('BEGIN IMMEDIATE')
  try {
    return work()
  } finally {
    sqlite.exec('ROLLBACK')
  }
}
