/**
 * Writing caseload elements (interchange format v1) into the database, one prepared statement per
 * table. Used by import and by the demo loader, always inside one transaction opened by the caller.
 */
import type Database from 'better-sqlite3'
import type { CaseloadSink, ElementOf, ListName } from '../caseload/lists'

const b = (v: boolean): number => (v ? 1 : 0)
const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v)

type Writers = { [L in ListName]: (e: ElementOf<L>) => void }

export function createDbSink(sqlite: Database.Database): CaseloadSink & { counts: Record<ListName, number> } {
  const s = (sql: string) => sqlite.prepare(sql)
  const child = s('INSERT INTO children (id, name, date_of_birth, gender, ethnicity, complex, team) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const professional = s('INSERT INTO professionals (id, name, role, agency, email, phone) VALUES (?, ?, ?, ?, ?, ?)')
  const allocation = s(
    'INSERT INTO allocations (id, child_id, professional_id, start_date, end_date, change_reason) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const plan = s(
    'INSERT INTO plans (id, child_id, start_date, end_date, initial_category, latest_category, previous_plans) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const conference = s('INSERT INTO conferences (id, plan_id, kind, date) VALUES (?, ?, ?, ?)')
  const member = s('INSERT INTO members (plan_id, professional_id, from_date, to_date) VALUES (?, ?, ?, ?)')
  const meeting = s(
    'INSERT INTO meetings (id, date, chair_id, plan_available, child_views_recorded, risk_reviewed, risk_score, risk_scale) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const meetingPlan = s('INSERT INTO meeting_plans (meeting_id, plan_id) VALUES (?, ?)')
  const attendance = s('INSERT INTO meeting_attendance (meeting_id, professional_id, attended) VALUES (?, ?, ?)')
  const distribution = s('INSERT INTO distributions (meeting_id, professional_id, date) VALUES (?, ?, ?)')
  const action = s(
    'INSERT INTO actions (id, plan_id, created_date, description, outcome, owner_id, due_date, status, closed_date, last_reviewed_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const disagreement = s(
    'INSERT INTO disagreements (id, plan_id, raised_date, raised_by_id, category, resolved_date, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const stage = s(
    'INSERT INTO disagreement_stages (disagreement_id, seq, stage, start_date, responded_date) VALUES (?, ?, ?, ?, ?)',
  )
  const visit = s('INSERT INTO visits (id, child_id, date, seen_alone) VALUES (?, ?, ?, ?)')

  const writers: Writers = {
    children: (e) => child.run(e.id, e.name, n(e.dateOfBirth), n(e.gender), n(e.ethnicity), b(e.complex), n(e.team)),
    professionals: (e) => professional.run(e.id, e.name, e.role, e.agency, n(e.email), n(e.phone)),
    allocations: (e) => allocation.run(e.id, e.childId, e.professionalId, e.startDate, n(e.endDate), n(e.changeReason)),
    plans: (e) =>
      plan.run(e.id, e.childId, e.startDate, n(e.endDate), e.initialCategory, n(e.latestCategory), e.previousPlans),
    conferences: (e) => conference.run(e.id, e.planId, e.kind, e.date),
    members: (e) => member.run(e.planId, e.professionalId, e.fromDate, n(e.toDate)),
    meetings: (e) => {
      meeting.run(
        e.id,
        e.date,
        e.chairId,
        b(e.planAvailable),
        b(e.childViewsRecorded),
        b(e.riskReviewed),
        e.riskScore ? e.riskScore.score : null,
        e.riskScore ? e.riskScore.scale : null,
      )
      for (const planId of e.planIds) meetingPlan.run(e.id, planId)
      for (const p of e.attended) attendance.run(e.id, p, 1)
      for (const p of e.apologies) attendance.run(e.id, p, 0)
    },
    distributions: (e) => distribution.run(e.meetingId, e.professionalId, e.date),
    actions: (e) =>
      action.run(
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
      disagreement.run(e.id, e.planId, e.raisedDate, e.raisedById, e.category, n(e.resolvedDate), n(e.outcome))
      e.stages.forEach((st, i) => stage.run(e.id, i, st.stage, st.startDate, n(st.respondedDate)))
    },
    visits: (e) => visit.run(e.id, e.childId, e.date, b(e.seenAlone)),
  }

  const counts = Object.fromEntries(Object.keys(writers).map((k) => [k, 0])) as Record<ListName, number>
  return {
    counts,
    add(list, element) {
      ;(writers[list] as (e: typeof element) => void)(element)
      counts[list]++
    },
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
  const placeholders = CASELOAD_TABLES.map(() => '?').join(', ')
  const indexes = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders})`)
    .all(...CASELOAD_TABLES) as { name: string; sql: string }[]
  for (const { name } of indexes) sqlite.prepare(`DROP INDEX "${name.replaceAll('"', '""')}"`).run()
  return () => {
    for (const { sql } of indexes) sqlite.prepare(sql).run()
  }
}

/** Removes every caseload record (not settings), children last so foreign keys hold. */
export function clearCaseload(sqlite: Database.Database): void {
  // Parents are listed first, so the reverse deletes every child row before its parent.
  for (const table of [...CASELOAD_TABLES].reverse()) {
    sqlite.prepare(`DELETE FROM ${table}`).run()
  }
}
