/**
 * The caseload table's rows: one per plan open on the as-of date, with its child and the worker
 * allocated on that date (the latest allocation covering A, ties by id, as the drift rules say).
 *
 * Two statements, each one pass: the open plans with their child and current worker id (a
 * correlated lookup on the `allocations_child (child_id, start_date)` index), then the
 * professionals' names, joined here. Measured at 50,000 children this is faster than letting
 * SQLite join the names or sort the rows (both add a temporary B-tree over encrypted pages).
 */
import type Database from 'better-sqlite3'
import { prepared } from './prepared'
import { readAheadOf } from './read-ahead'
import type { PlanRow } from '../../../shared/caseload-table'

/** One open plan with its child and worker: the row the caseload table shows (shared/caseload-table.ts). */
export type OpenPlanRow = PlanRow

const OPEN_PLANS_ONLY = `
  SELECT c.id AS childId, c.name AS childName, c.complex AS complex, c.team AS team,
         p.id AS planId, p.start_date AS planStart,
         COALESCE(p.latest_category, p.initial_category) AS category`
const OPEN_PLANS_FROM = `
    FROM plans p
    JOIN children c ON c.id = p.child_id
   WHERE p.start_date <= @asOf AND (p.end_date IS NULL OR p.end_date > @asOf)`

const OPEN_PLANS = `${OPEN_PLANS_ONLY},
         (SELECT a.professional_id FROM allocations a
           WHERE a.child_id = p.child_id AND a.start_date <= @asOf AND (a.end_date IS NULL OR a.end_date >= @asOf)
           ORDER BY a.start_date DESC, a.id DESC LIMIT 1) AS workerId${OPEN_PLANS_FROM}`

// Without the worker: the caller has it from the drift scan (drift/scan.ts ScannedCase.workerId, the
// same rule). The correlated lookup above is most of this query's time at 50,000 children (it reads
// the allocations index cold, one plan at a time), and the scan has just worked it out.
// One JSON text rather than a row per plan: the driver's cost per row (an object and its strings made
// one call at a time) was half of this query's time at 50,000 children, and JSON.parse makes the
// same strings in one pass. Positions as in OpenRowJson.
const OPEN_PLANS_NO_WORKER = `SELECT json_group_array(json_array(c.id, c.name, c.complex, c.team, p.id, p.start_date,
         COALESCE(p.latest_category, p.initial_category)))${OPEN_PLANS_FROM}`
type OpenRowJson = [childId: string, childName: string, complex: number, team: string | null, planId: string, planStart: string, category: string]

/**
 * A worker as the table, its filters and groups, and the dashboard's by-worker figures name them: the
 * name, and where two professionals share it (two Sam Reids at authority scale), with their e-mail,
 * phone or id after it, so that a filter, a group or a bar never merges two people's children.
 */
const LABELLED = `SELECT id, CASE WHEN count(*) OVER (PARTITION BY name) > 1 THEN name || ' (' || COALESCE(email, phone, id) || ')' ELSE name END AS name FROM professionals`
const PROFESSIONAL_NAMES = LABELLED

// For the read-ahead thread (read-ahead-statements.ts): each answers one JSON text.
// The rows come sorted by SQLite (its sort costs that thread, which has time for it while the scan
// runs), so that openPlanRows' sort (still needed: SQLite orders text by UTF-8 bytes, JavaScript by
// UTF-16 code units) finds them in order and is a single pass.
export const SQL_OPEN_ROWS_JSON = `SELECT json_group_array(json_array(childId, childName, complex, team, planId, planStart, category)) FROM (
  SELECT c.id AS childId, c.name AS childName, c.complex AS complex, c.team AS team, p.id AS planId, p.start_date AS planStart,
         COALESCE(p.latest_category, p.initial_category) AS category${OPEN_PLANS_FROM}
   ORDER BY c.name, p.id)`
export const SQL_PROFESSIONAL_NAMES_JSON = `SELECT json_group_array(json_array(id, name)) FROM (${LABELLED})`

// The same rows for a few plans (after a change): json_each, so one statement serves any number of ids.
const OPEN_PLANS_OF = `${OPEN_PLANS} AND p.id IN (SELECT value FROM json_each(@ids))`

// Its own text: prepared statements are shared by SQL text, and this one is plucked.
const PROFESSIONAL_NAME = `SELECT CASE WHEN EXISTS (SELECT 1 FROM professionals q WHERE q.name = p.name AND q.id <> p.id)
  THEN p.name || ' (' || COALESCE(p.email, p.phone, p.id) || ')' ELSE p.name END AS workerName FROM professionals p WHERE p.id = ?`

type RawRow = Omit<OpenPlanRow, 'complex' | 'workerName'> & { complex: number }

/** The table's order: by child name, then plan id. */
export function compareRows(a: OpenPlanRow, b: OpenPlanRow): number {
  return a.childName < b.childName ? -1 : a.childName > b.childName ? 1 : a.planId < b.planId ? -1 : a.planId > b.planId ? 1 : 0
}

const rowOf = (r: Omit<RawRow, 'workerId'>, workerId: string | null, name: (id: string) => string | null): OpenPlanRow => ({
  childId: r.childId,
  childName: r.childName,
  complex: r.complex === 1,
  team: r.team,
  planId: r.planId,
  planStart: r.planStart,
  category: r.category,
  workerId,
  workerName: workerId === null ? null : name(workerId),
})

/** The rows' two reads, asked of the read-ahead thread before a scan (openPlanRowsAhead) and taken by openPlanRows after it. */
export interface RowsAhead {
  names: Iterable<string | null>
  rows: Iterable<string | null>
}

/**
 * Asks the read-ahead thread (queries/read-ahead.ts), when there is one, for the professionals' names
 * and the open plans' rows on `asOf`, so that it reads them while this thread runs the scan that
 * comes first (app/analysis.ts): at 50,000 children they were a fifth of the first overview after
 * unlock. They go to the thread after the scan's own reads (`afterNext`), so they never hold them
 * up. Pass the result to openPlanRows, which takes the answers (or reads itself).
 */
export function openPlanRowsAhead(sqlite: Database.Database, asOf: string): RowsAhead | null {
  const readAhead = readAheadOf(sqlite)
  if (!readAhead) return null
  return {
    names: readAhead.read('professionalNames', [{}], [], { afterNext: true }) ?? [],
    rows: readAhead.read('openPlanRows', [{ asOf }], [], { afterNext: true }) ?? [],
  }
}

/** Takes the answers of reads asked ahead and not wanted after all (the scan failed). */
export function dropRowsAhead(ahead: RowsAhead | null): void {
  if (!ahead) return
  takeText(ahead.names)
  takeText(ahead.rows)
}

/** The one answer of a read (null when it ended without one); always taken to the end, which frees the read. */
function takeText(answers: Iterable<string | null>): string | null {
  let text: string | null = null
  for (const t of answers) text ??= t
  return text
}

/**
 * Every plan open on `asOf`, in the table's order. `workers`: each open plan's allocated worker on
 * `asOf` (plan id → professional id or null) when the caller already knows it, as a scan of the same
 * snapshot does; a plan missing from it makes the rows read it themselves. `ahead`: the reads asked
 * of the read-ahead thread (openPlanRowsAhead), taken here whether used or not.
 */
export function openPlanRows(sqlite: Database.Database, asOf: string, workers?: ReadonlyMap<string, string | null>, ahead?: RowsAhead | null): OpenPlanRow[] {
  const namesText = ahead ? takeText(ahead.names) : null
  const rowsText = ahead ? takeText(ahead.rows) : null
  const names = new Map<string, string>()
  if (namesText !== null) for (const [id, n] of JSON.parse(namesText) as [string, string][]) names.set(id, n)
  else for (const p of prepared(sqlite, PROFESSIONAL_NAMES).all() as { id: string; name: string }[]) names.set(p.id, p.name)
  const name = (id: string) => names.get(id) ?? null
  let rows: OpenPlanRow[] | null = null
  if (workers) {
    const bare = JSON.parse(rowsText ?? (prepared(sqlite, OPEN_PLANS_NO_WORKER).pluck(true).get({ asOf }) as string)) as OpenRowJson[]
    rows = []
    for (const [childId, childName, complex, team, planId, planStart, category] of bare) {
      const workerId = workers.get(planId)
      if (workerId === undefined) {
        rows = null
        break
      }
      rows.push(rowOf({ childId, childName, complex, team, planId, planStart, category }, workerId, name))
    }
  }
  rows ??= (prepared(sqlite, OPEN_PLANS).all({ asOf }) as RawRow[]).map((r) => rowOf(r, r.workerId, name))
  return rows.sort(compareRows)
}

/** The rows of the given plans that are open on `asOf` (any order): the table patched after a change. */
export function openPlanRowsOf(sqlite: Database.Database, asOf: string, planIds: readonly string[]): OpenPlanRow[] {
  const rows = prepared(sqlite, OPEN_PLANS_OF).all({ asOf, ids: JSON.stringify(planIds) }) as RawRow[]
  const name = (id: string) => (prepared(sqlite, PROFESSIONAL_NAME).pluck(true).get(id) as string | undefined) ?? null
  return rows.map((r) => rowOf(r, r.workerId, name))
}
