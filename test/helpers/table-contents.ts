import type { CaseloadDb } from '../../electron/core/db/caseload-db'

/**
 * Every row of every table (settings, change history and the drift summary included), each table's
 * rows sorted: the caseload's logical content, to compare before and after something that must
 * write nothing, or two ways of writing the same. `skip`: tables left out (the access log, which
 * each unlock and request may add to).
 */
export function tableContents(db: CaseloadDb, skip: readonly string[] = []): Record<string, string[]> {
  const tables = db.sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`)
    .pluck()
    .all() as string[]
  const out: Record<string, string[]> = {}
  for (const t of tables) {
    if (skip.includes(t)) continue
    out[t] = (db.sqlite.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort()
  }
  return out
}
