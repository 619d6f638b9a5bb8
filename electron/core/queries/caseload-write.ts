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
 * Collects the rows of one table and inserts them BATCH_ROWS at a time, in the order added.
 *
 * Rows must still reach SQLite after the rows they refer to (as they did one by one): with foreign
 * keys deferred, a row inserted before its parent counts as a pending violation, and while any is
 * pending SQLite searches the referring tables on every parent insert, without their (dropped)
 * indexes, which made an import many times slower. So a table whose rows refer to another table's
 * rows of the same element (meeting plans to their meeting) flushes that `parent` first, and the
 * sink flushes everything whenever the list changes.
 */
class TableWriter {
  private readonly values: unknown[] = []
  private rows = 0
  /** Prepared statements by number of rows, made when first needed. */
  private readonly statements = new Map<number, Database.Statement>()

  constructor(
    private readonly sqlite: Database.Database,
    private readonly head: string,
    private readonly columns: number,
    private readonly parent: TableWriter | null = null,
  ) {}

  private statement(rows: number): Database.Statement {
    let statement = this.statements.get(rows)
    if (!statement) {
      const row = `(${new Array<string>(this.columns).fill('?').join(', ')})`
      statement = this.sqlite.prepare(`${this.head} VALUES ${new Array<string>(rows).fill(row).join(', ')}`)
      this.statements.set(rows, statement)
    }
    return statement
  }

  /** Queues one row; `values` has exactly one value per column. */
  add(...values: unknown[]): void {
    for (const v of values) this.values.push(v)
    if (++this.rows === BATCH_ROWS) this.flush()
  }

  /** Inserts the queued rows (after the parent's) in one statement. */
  flush(): void {
    if (this.rows === 0) return
    this.parent?.flush()
    this.statement(this.rows).run(this.values)
    this.values.length = 0
    this.rows = 0
  }
}

/** Where the records come from, for a source import (source-formats.md §4): the source and each record's id there. */
export interface SinkProvenance {
  source: string
  sourceId: (list: 'children' | 'professionals' | 'allocations' | 'plans' | 'conferences' | 'visits', id: string) => string
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
  const t = (head: string, columns: number, parent?: TableWriter) => new TableWriter(sqlite, head, columns, parent)
  // With provenance, the source lists get two more columns (migration 0006): written here, not updated after.
  const src = provenance ? ', source, source_id)' : ')'
  const x = provenance ? 2 : 0
  const child = t(`INSERT INTO children (id, name, date_of_birth, gender, ethnicity, complex, team${src}`, 7 + x)
  const professional = t(`INSERT INTO professionals (id, name, role, agency, email, phone${src}`, 6 + x)
  const allocation = t(`INSERT INTO allocations (id, child_id, professional_id, start_date, end_date, change_reason${src}`, 6 + x)
  const plan = t(`INSERT INTO plans (id, child_id, start_date, end_date, initial_category, latest_category, previous_plans${src}`, 7 + x)
  const conference = t(`INSERT INTO conferences (id, plan_id, kind, date${src}`, 4 + x)
  const member = t('INSERT INTO members (plan_id, professional_id, from_date, to_date)', 4)
  const meeting = t(
    'INSERT INTO meetings (id, date, chair_id, plan_available, child_views_recorded, risk_reviewed, risk_score, risk_scale)',
    8,
  )
  const meetingPlan = t('INSERT INTO meeting_plans (meeting_id, plan_id)', 2, meeting)
  const attendance = t('INSERT INTO meeting_attendance (meeting_id, professional_id, attended)', 3, meeting)
  const distribution = t('INSERT INTO distributions (meeting_id, professional_id, date)', 3)
  const action = t(
    'INSERT INTO actions (id, plan_id, created_date, description, outcome, owner_id, due_date, status, closed_date, last_reviewed_date)',
    10,
  )
  const disagreement = t(
    'INSERT INTO disagreements (id, plan_id, raised_date, raised_by_id, category, resolved_date, outcome)',
    7,
  )
  const stage = t('INSERT INTO disagreement_stages (disagreement_id, seq, stage, start_date, responded_date)', 5, disagreement)
  const visit = t(`INSERT INTO visits (id, child_id, date, seen_alone${src}`, 4 + x)
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

/** deferIndexes for a stepwise import: the returned generator builds one index per step. */
export function deferIndexSteps(sqlite: Database.Database): () => Generator<void, void, void> {
  const placeholders = CASELOAD_TABLES.map(() => '?').join(', ')
  const indexes = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders})`)
    .all(...CASELOAD_TABLES) as { name: string; sql: string }[]
  for (const { name } of indexes) sqlite.prepare(`DROP INDEX "${name.replaceAll('"', '""')}"`).run()
  return function* () {
    for (const { sql } of indexes) {
      sqlite.prepare(sql).run()
      yield
    }
  }
}

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
