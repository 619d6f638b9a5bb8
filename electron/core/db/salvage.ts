/**
 * What can still be read from a damaged caseload: every row of every table that the pages still
 * give up, table by table. A page that fails its check ends a scan; the scan then probes further
 * and further ahead by rowid (1, 2, 4, … rows past the last one read) and carries on from the first
 * row it can reach, so one damaged leaf page loses only its own rows. Rows come out as SQLite holds
 * them (column names and values), not in the interchange format: a damaged caseload may not make a
 * valid document, and these rows are for a person rebuilding the caseload, not for `import`.
 */
import type { CaseloadDb } from './caseload-db'

export interface SalvagedTable {
  name: string
  rows: Record<string, unknown>[]
  /** True when every row was read; false when some pages could not be. */
  complete: boolean
}

const MAX_PROBE = 1 << 40

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function salvageCaseload(db: Pick<CaseloadDb, 'sqlite'>): SalvagedTable[] {
  let tables: string[]
  try {
    tables = (db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`).all() as { name: string }[]).map(
      (r) => r.name,
    )
  } catch {
    return []
  }
  return tables.map((name) => salvageTable(db, name))
}

function salvageTable(db: Pick<CaseloadDb, 'sqlite'>, name: string): SalvagedTable {
  const rows: Record<string, unknown>[] = []
  const from = db.sqlite.prepare(`SELECT rowid AS __rowid, * FROM ${quoteIdent(name)} WHERE rowid > ? ORDER BY rowid`)
  let complete = true
  let last = -1
  for (;;) {
    try {
      for (const row of from.iterate(last) as Iterable<Record<string, unknown> & { __rowid: number }>) {
        last = row.__rowid
        const { __rowid: _rowid, ...values } = row
        rows.push(values)
      }
      return { name, rows, complete }
    } catch {
      complete = false
      // Probe ahead for the first readable row past the damage.
      let step = 1
      let resumed = false
      while (step < MAX_PROBE) {
        try {
          const next = db.sqlite.prepare(`SELECT rowid AS r FROM ${quoteIdent(name)} WHERE rowid > ? ORDER BY rowid LIMIT 1`).get(last + step) as { r: number } | undefined
          if (!next) return { name, rows, complete }
          last = next.r - 1
          resumed = true
          break
        } catch {
          step *= 2
        }
      }
      if (!resumed) return { name, rows, complete }
    }
  }
}
