/**
 * Writing caseload elements (interchange format v1) into the database, one prepared statement per
 * table. Used by import and by the demo loader, always inside one transaction opened by the caller.
 */
import type Database from 'better-sqlite3'
import type { CaseloadSink, ElementOf, ListName } from '../caseload/lists'

const b = (v: boolean): number => (v ? 1 : 0)
const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v)

type Writers = { [L in ListName]: (e: ElementOf<L>) => void }

/**
 * Rows per INSERT statement. Why: a 50,000-child import writes 4.7 million rows, and one statement
 * call per row spent more time crossing from JavaScript into SQLite (binding, stepping, resetting)
 * than SQLite spent storing the row. 64 rows × at most 10 columns stays far below SQLite's limit
 * on parameters; 16 and 256 rows measured the same within noise.
 */
const BATCH_ROWS = 64

/**
 * Where a batch of rows goes: `table` is the position of its table in `tables()`, `values` holds `rows`
 * rows' values one after another. The database (createRowWriter), or the import's reader thread
 * sending them to the thread that holds the database (worker/import-reader-worker.ts).
 */
export type RowOut = (table: number, rows: number, values: unknown[]) => void

/**
 * Collects the rows of one table and hands them on BATCH_ROWS at a time, in the order added.
 *
 * Rows must still reach SQLite after the rows they refer to (as they did one by one): with foreign
 * keys deferred, a row inserted before its parent counts as a pending violation, and while any is
 * pending SQLite searches the referring tables on every parent insert, without their (dropped)
 * indexes, which made an import many times slower. So a table whose rows refer to another table's
 * rows of the same element (meeting plans to their meeting) flushes that `parent` first, and the
 * sink flushes everything whenever the list changes.
 */
class TableWriter {
  private values: unknown[] = []
  private rows = 0

  constructor(
    private readonly out: RowOut,
    private readonly table: number,
    private readonly parent: TableWriter | null = null,
  ) {}

  /** Queues one row; `values` has exactly one value per column. */
  add(...values: unknown[]): void {
    for (const v of values) this.values.push(v)
    if (++this.rows === BATCH_ROWS) this.flush()
  }

  /** Hands on the queued rows (after the parent's) as one batch. */
  flush(): void {
    if (this.rows === 0) return
    this.parent?.flush()
    // A new array each time: the batch may be sent to another thread, not run at once.
    const values = this.values
    this.values = []
    const rows = this.rows
    this.rows = 0
    this.out(this.table, rows, values)
  }
}

/** Where the records come from, for a source import (source-formats.md §4): the source and each record's id there. */
export interface SinkProvenance {
  source: string
  sourceId: (list: 'children' | 'professionals' | 'allocations' | 'plans' | 'conferences' | 'visits', id: string) => string
}

/** Each table's INSERT head and columns, by position (RowOut's `table`). */
/**
 * The tables a batch position writes, in order: each with the list of the interchange document whose
 * elements give its rows (a table's rows are all written once the reader has moved on to another
 * list: the sink flushes every table when the list changes), its columns, and whether it has the
 * source lists' two provenance columns (migration 0006: written here, not updated after).
 */
const TABLE_DEFS: readonly { table: string; list: ListName; columns: string; provenance?: true }[] = [
  { table: 'children', list: 'children', columns: 'id, name, date_of_birth, gender, ethnicity, complex, team', provenance: true },
  { table: 'professionals', list: 'professionals', columns: 'id, name, role, agency, email, phone', provenance: true },
  { table: 'allocations', list: 'allocations', columns: 'id, child_id, professional_id, start_date, end_date, change_reason', provenance: true },
  { table: 'plans', list: 'plans', columns: 'id, child_id, start_date, end_date, initial_category, latest_category, previous_plans', provenance: true },
  { table: 'conferences', list: 'conferences', columns: 'id, plan_id, kind, date', provenance: true },
  { table: 'members', list: 'members', columns: 'plan_id, professional_id, from_date, to_date' },
  { table: 'meetings', list: 'meetings', columns: 'id, date, chair_id, plan_available, child_views_recorded, risk_reviewed, risk_score, risk_scale' },
  { table: 'meeting_plans', list: 'meetings', columns: 'meeting_id, plan_id' },
  { table: 'meeting_attendance', list: 'meetings', columns: 'meeting_id, professional_id, attended' },
  { table: 'distributions', list: 'distributions', columns: 'meeting_id, professional_id, date' },
  { table: 'actions', list: 'actions', columns: 'id, plan_id, created_date, description, outcome, owner_id, due_date, status, closed_date, last_reviewed_date' },
  { table: 'disagreements', list: 'disagreements', columns: 'id, plan_id, raised_date, raised_by_id, category, resolved_date, outcome' },
  { table: 'disagreement_stages', list: 'disagreements', columns: 'disagreement_id, seq, stage, start_date, responded_date' },
  { table: 'visits', list: 'visits', columns: 'id, child_id, date, seen_alone', provenance: true },
]

function tables(provenance: boolean): { head: string; columns: number }[] {
  return TABLE_DEFS.map((t) => {
    const columns = t.provenance && provenance ? `${t.columns}, source, source_id` : t.columns
    return { head: `INSERT INTO ${t.table} (${columns})`, columns: columns.split(',').length }
  })
}

/**
 * Runs batches of rows (RowOut) as multi-row INSERTs on the connection: one prepared statement per
 * table and number of rows, made when first needed. `provenance` must match the sink's.
 */
export function createRowWriter(sqlite: Database.Database, provenance = false): RowOut {
  const defs = tables(provenance)
  const statements = new Map<number, Database.Statement>()
  return (table, rows, values) => {
    const key = table * 1024 + rows
    let statement = statements.get(key)
    if (!statement) {
      const def = defs[table]!
      const row = `(${new Array<string>(def.columns).fill('?').join(', ')})`
      statement = sqlite.prepare(`${def.head} VALUES ${new Array<string>(rows).fill(row).join(', ')}`)
      statements.set(key, statement)
    }
    statement.run(values)
  }
}

/**
 * The sink that writes elements into the caseload tables. Rows are queued and inserted in batches,
 * so the caller must call `flush()` once all elements are added (before building indexes or
 * committing); foreign keys are deferred during import, so the order of tables does not matter.
 */
export function createDbSink(
  sqlite: Database.Database,
  provenance?: SinkProvenance,
): CaseloadSink & { counts: Record<ListName, number>; flush(): void } {
  return createRowSink(createRowWriter(sqlite, provenance !== undefined), provenance)
}

/**
 * The sink that turns elements into rows for `out`, in batches (see TableWriter), so the caller must
 * call `flush()` once all elements are added.
 */
export function createRowSink(out: RowOut, provenance?: SinkProvenance): CaseloadSink & { counts: Record<ListName, number>; flush(): void } {
  const t = (table: number, parent?: TableWriter) => new TableWriter(out, table, parent)
  const child = t(0)
  const professional = t(1)
  const allocation = t(2)
  const plan = t(3)
  const conference = t(4)
  const member = t(5)
  const meeting = t(6)
  const meetingPlan = t(7, meeting)
  const attendance = t(8, meeting)
  const distribution = t(9)
  const action = t(10)
  const disagreement = t(11)
  const stage = t(12, disagreement)
  const visit = t(13)
  const tables = [
    child,
    professional,
    allocation,
    plan,
    conference,
    member,
    meeting,
    meetingPlan,
    attendance,
    distribution,
    action,
    disagreement,
    stage,
    visit,
  ]

  const p = provenance
  const writers: Writers = {
    children: p
      ? (e) => child.add(e.id, e.name, n(e.dateOfBirth), n(e.gender), n(e.ethnicity), b(e.complex), n(e.team), p.source, p.sourceId('children', e.id))
      : (e) => child.add(e.id, e.name, n(e.dateOfBirth), n(e.gender), n(e.ethnicity), b(e.complex), n(e.team)),
    professionals: p
      ? (e) => professional.add(e.id, e.name, e.role, e.agency, n(e.email), n(e.phone), p.source, p.sourceId('professionals', e.id))
      : (e) => professional.add(e.id, e.name, e.role, e.agency, n(e.email), n(e.phone)),
    allocations: p
      ? (e) => allocation.add(e.id, e.childId, e.professionalId, e.startDate, n(e.endDate), n(e.changeReason), p.source, p.sourceId('allocations', e.id))
      : (e) => allocation.add(e.id, e.childId, e.professionalId, e.startDate, n(e.endDate), n(e.changeReason)),
    plans: p
      ? (e) => plan.add(e.id, e.childId, e.startDate, n(e.endDate), e.initialCategory, n(e.latestCategory), e.previousPlans, p.source, p.sourceId('plans', e.id))
      : (e) => plan.add(e.id, e.childId, e.startDate, n(e.endDate), e.initialCategory, n(e.latestCategory), e.previousPlans),
    conferences: p
      ? (e) => conference.add(e.id, e.planId, e.kind, e.date, p.source, p.sourceId('conferences', e.id))
      : (e) => conference.add(e.id, e.planId, e.kind, e.date),
    members: (e) => member.add(e.planId, e.professionalId, e.fromDate, n(e.toDate)),
    meetings: (e) => {
      meeting.add(
        e.id,
        e.date,
        e.chairId,
        b(e.planAvailable),
        b(e.childViewsRecorded),
        b(e.riskReviewed),
        e.riskScore ? e.riskScore.score : null,
        e.riskScore ? e.riskScore.scale : null,
      )
      for (const planId of e.planIds) meetingPlan.add(e.id, planId)
      for (const p of e.attended) attendance.add(e.id, p, 1)
      for (const p of e.apologies) attendance.add(e.id, p, 0)
    },
    distributions: (e) => distribution.add(e.meetingId, e.professionalId, e.date),
    actions: (e) =>
      action.add(
        e.id,
        e.planId,
        e.createdDate,
        e.description,
        n(e.outcome),
        n(e.ownerId),
        n(e.dueDate),
        e.status,
        n(e.closedDate),
        n(e.lastReviewedDate),
      ),
    disagreements: (e) => {
      disagreement.add(e.id, e.planId, e.raisedDate, e.raisedById, e.category, n(e.resolvedDate), n(e.outcome))
      e.stages.forEach((st, i) => stage.add(e.id, i, st.stage, st.startDate, n(st.respondedDate)))
    },
    visits: p ? (e) => visit.add(e.id, e.childId, e.date, b(e.seenAlone), p.source, p.sourceId('visits', e.id)) : (e) => visit.add(e.id, e.childId, e.date, b(e.seenAlone)),
  }

  const counts = Object.fromEntries(Object.keys(writers).map((k) => [k, 0])) as Record<ListName, number>
  const flush = () => {
    for (const table of tables) table.flush()
  }
  let current: ListName | null = null
  return {
    counts,
    add(list, element) {
      if (list !== current) {
        flush()
        current = list
      }
      ;(writers[list] as (e: typeof element) => void)(element)
      counts[list]++
    },
    flush,
  }
}

/** True when the caseload holds no children and no professionals (a fresh `init`). */
export function isCaseloadEmpty(sqlite: Database.Database): boolean {
  const row = sqlite
    .prepare('SELECT (SELECT count(*) FROM children) + (SELECT count(*) FROM professionals) AS n')
    .get() as { n: number }
  return row.n === 0
}

/** The tables that hold interchange-format records, parents before the rows that refer to them. */
const CASELOAD_TABLES = [
  'children',
  'professionals',
  'allocations',
  'plans',
  'conferences',
  'members',
  'meetings',
  'meeting_plans',
  'meeting_attendance',
  'distributions',
  'actions',
  'disagreements',
  'disagreement_stages',
  'visits',
]

/**
 * Drops the secondary indexes of the (empty) caseload tables and returns the function that builds
 * them again. Why: building an index once over all the rows is several times faster than updating it
 * row by row during a bulk import. Call it only inside the import's transaction, so a failure rolls
 * the drop back with everything else.
 */
export function deferIndexes(sqlite: Database.Database): () => void {
  const build = deferIndexSteps(sqlite)
  return () => {
    const steps = build()
    while (!steps.next().done);
  }
}

/**
 * deferIndexes for a stepwise import: the returned generator builds one index per step, those of
 * `tables` only when given (the stepwise import builds a table's indexes as soon as its rows are all
 * in, while its reader thread still reads the rest), and each index once: a later call builds the
 * ones not built yet. A table's indexes are built one after the other, the tables last written
 * first, while their pages are still in the page cache.
 */
export function deferIndexSteps(sqlite: Database.Database): (tables?: readonly string[]) => Generator<void, void, void> {
  const placeholders = CASELOAD_TABLES.map(() => '?').join(', ')
  const indexes = sqlite
    .prepare(`SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders})`)
    .all(...CASELOAD_TABLES) as { name: string; tbl: string; sql: string }[]
  for (const { name } of indexes) sqlite.prepare(`DROP INDEX "${name.replaceAll('"', '""')}"`).run()
  const rank = (table: string) => -CASELOAD_TABLES.indexOf(table)
  const pending = [...indexes].sort((a, b) => rank(a.tbl) - rank(b.tbl))
  return function* (tables) {
    for (const index of [...pending]) {
      if (tables && !tables.includes(index.tbl)) continue
      pending.splice(pending.indexOf(index), 1)
      sqlite.prepare(index.sql).run()
      yield
    }
  }
}

/** The table each position of a RowOut batch (`tables()` above) writes, and the list whose elements give its rows. */
export const ROW_TABLES: readonly { table: string; list: ListName }[] = TABLE_DEFS.map(({ table, list }) => ({ table, list }))

/**
 * Drops the indexes or triggers that `where` (over sqlite_master) picks and returns the function that
 * creates them again from their stored SQL. Inside the caller's transaction only, so a failure rolls
 * the drop back with everything else.
 */
export function deferSchemaObjects(sqlite: Database.Database, type: 'index' | 'trigger', where: string, ...params: string[]): () => void {
  const objects = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = ? AND ${where}`).all(type, ...params) as { name: string; sql: string }[]
  for (const { name } of objects) sqlite.prepare(`DROP ${type.toUpperCase()} "${name.replaceAll('"', '""')}"`).run()
  return () => {
    for (const { sql } of objects) sqlite.prepare(sql).run()
  }
}

/** Removes every caseload record (not settings), children last so foreign keys hold. */
export function clearCaseload(sqlite: Database.Database): void {
  // Parents are listed first, so the reverse deletes every child row before its parent.
  for (const table of [...CASELOAD_TABLES].reverse()) {
    sqlite.prepare(`DELETE FROM ${table}`).run()
  }
}
