/**
 * The caseload tables' CHECK constraints (real dates, enums, ranges; drizzle/schema.ts) are set aside
 * while an interchange import inserts rows that its Checker (caseload/import-check.ts) has already
 * passed. Why: SQLite evaluates every CHECK of every row, and the date ones a GLOB and date() on
 * each of the 5 million dates of a 50,000-child import: 2.2-2.9 s of the import thread's CPU (of
 * about 17 s for the rows and their indexes; A/B on a shared machine, README § Benchmarks), for a
 * check the Checker has made already, more strictly (years 1900-2200, exact enums and ranges).
 * test/imports/check-constraints-covered.test.ts holds the Checker to that: for every CHECK of the
 * caseload tables a value that breaks it is refused by the import, with its JSON path.
 *
 * NOT NULL, the keys and the foreign keys stay on (the foreign keys checked at commit), and the
 * constraints are back on as soon as the rows are in, whatever happens: the pragma belongs to the
 * connection, not to the transaction, so a rollback would not restore it.
 */
import type Database from 'better-sqlite3'

/** Sets the CHECK constraints aside on this connection; the returned function puts them back (once). */
export function suspendCheckConstraints(sqlite: Database.Database): () => void {
  const before = sqlite.pragma('ignore_check_constraints', { simple: true }) as number
  sqlite.pragma('ignore_check_constraints = ON')
  let restored = false
  return () => {
    if (restored) return
    restored = true
    // Closed meanwhile (locked during a stepwise import): a new connection starts with them on.
    if (sqlite.open) sqlite.pragma(`ignore_check_constraints = ${before ? 'ON' : 'OFF'}`)
  }
}
