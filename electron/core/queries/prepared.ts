/**
 * Prepared statements, compiled once per open connection. Every query the app's handlers run
 * lives in this folder as a constant SQL string with named parameters: no SQL is ever built from
 * input.
 */
import type Database from 'better-sqlite3'

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>()

export function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let map = cache.get(sqlite)
  if (!map) {
    map = new Map()
    cache.set(sqlite, map)
  }
  let stmt = map.get(sql)
  if (!stmt) {
    stmt = sqlite.prepare(sql)
    map.set(sql, stmt)
  }
  return stmt
}
