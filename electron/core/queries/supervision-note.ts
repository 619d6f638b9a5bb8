/**
 * What a supervision note reads for one worker on an as-of date A: the worker, every child allocated
 * to them on A (an allocation with `start_date <= A` and `end_date` null or `>= A`), those children's
 * plans open on A (start <= A, end null or > A) with the latest conference, core group and visit dated
 * <= A, and the actions open on A (created <= A; status open, or closed after A).
 */
import type Database from 'better-sqlite3'
import type { CivilDate } from '../../../shared/civil-date'
import { prepared } from './prepared'
import { allocationOnSql, planOpenSql } from './period-sql'

const SQL_PROFESSIONAL = `SELECT id, name, role, agency FROM professionals WHERE id = :id`

const SQL_ALLOCATED = `
SELECT c.id, c.name, c.date_of_birth, c.complex, c.team, a.id, a.start_date
FROM allocations a JOIN children c ON c.id = a.child_id
WHERE a.professional_id = :worker AND ${allocationOnSql('a', ':asOf')}
ORDER BY c.name, c.id, a.start_date DESC, a.id DESC`

const SQL_OPEN_PLANS = `
SELECT p.id, p.child_id, p.start_date, p.initial_category, p.latest_category,
  (SELECT json_array(cf.kind, cf.date) FROM conferences cf WHERE cf.plan_id = p.id AND cf.date <= :asOf
     ORDER BY cf.date DESC, cf.id DESC LIMIT 1),
  (SELECT m.date FROM meeting_plans mp JOIN meetings m ON m.id = mp.meeting_id
     WHERE mp.plan_id = p.id AND m.date >= p.start_date AND m.date <= :asOf ORDER BY m.date DESC, m.id DESC LIMIT 1),
  (SELECT v.date FROM visits v WHERE v.child_id = p.child_id AND v.date >= p.start_date AND v.date <= :asOf
     ORDER BY v.date DESC, v.id DESC LIMIT 1)
FROM plans p
WHERE p.child_id IN (SELECT value FROM json_each(:children))
  AND ${planOpenSql('p', ':asOf')}
ORDER BY p.child_id, p.start_date, p.id`

const SQL_OPEN_ACTIONS = `
SELECT a.id, a.plan_id, a.created_date, a.description, a.outcome, a.owner_id, o.name, a.due_date,
  CASE WHEN a.last_reviewed_date <= :asOf THEN a.last_reviewed_date END
FROM actions a LEFT JOIN professionals o ON o.id = a.owner_id
WHERE a.plan_id IN (SELECT value FROM json_each(:plans)) AND a.created_date <= :asOf
  AND (a.status = 'open' OR (a.status <> 'open' AND a.closed_date > :asOf))
ORDER BY a.plan_id, a.due_date IS NULL, a.due_date, a.id`

export interface NoteProfessional {
  id: string
  name: string
  role: string
  agency: string
}

export interface NoteChildRow {
  id: string
  name: string
  dateOfBirth: CivilDate | null
  complex: boolean
  team: string | null
  allocationId: string
  allocatedFrom: CivilDate
}

export interface NotePlanRow {
  id: string
  childId: string
  startDate: CivilDate
  category: string
  latestConference: { kind: 'initial' | 'review'; date: CivilDate } | null
  latestMeetingDate: CivilDate | null
  latestVisitDate: CivilDate | null
}

export interface NoteActionRow {
  id: string
  planId: string
  createdDate: CivilDate
  description: string
  outcome: string | null
  ownerId: string | null
  ownerName: string | null
  dueDate: CivilDate | null
  lastReviewedDate: CivilDate | null
}

type Row = unknown[]
const rows = (sqlite: Database.Database, sql: string, params: Record<string, unknown>): Row[] =>
  prepared(sqlite, sql).raw(true).all(params) as Row[]

export function professionalById(sqlite: Database.Database, id: string): NoteProfessional | null {
  const r = rows(sqlite, SQL_PROFESSIONAL, { id })[0]
  return r ? { id: r[0] as string, name: r[1] as string, role: r[2] as string, agency: r[3] as string } : null
}

/** Children allocated to the worker on A (one row per child: its latest such allocation), by name. */
export function childrenAllocatedTo(sqlite: Database.Database, worker: string, asOf: CivilDate): NoteChildRow[] {
  const seen = new Set<string>()
  const out: NoteChildRow[] = []
  for (const r of rows(sqlite, SQL_ALLOCATED, { worker, asOf })) {
    const id = r[0] as string
    if (seen.has(id)) continue
    seen.add(id)
    out.push({
      id,
      name: r[1] as string,
      dateOfBirth: r[2] as string | null,
      complex: r[3] === 1,
      team: r[4] as string | null,
      allocationId: r[5] as string,
      allocatedFrom: r[6] as string,
    })
  }
  return out
}

export function openPlansOf(sqlite: Database.Database, childIds: readonly string[], asOf: CivilDate): NotePlanRow[] {
  return rows(sqlite, SQL_OPEN_PLANS, { children: JSON.stringify(childIds), asOf }).map((r) => {
    const conf = r[5] ? (JSON.parse(r[5] as string) as ['initial' | 'review', string]) : null
    return {
      id: r[0] as string,
      childId: r[1] as string,
      startDate: r[2] as string,
      category: ((r[4] as string | null) ?? r[3]) as string,
      latestConference: conf ? { kind: conf[0], date: conf[1] } : null,
      latestMeetingDate: r[6] as string | null,
      latestVisitDate: r[7] as string | null,
    }
  })
}

export function actionsOpenOn(sqlite: Database.Database, planIds: readonly string[], asOf: CivilDate): NoteActionRow[] {
  return rows(sqlite, SQL_OPEN_ACTIONS, { plans: JSON.stringify(planIds), asOf }).map((r) => ({
    id: r[0] as string,
    planId: r[1] as string,
    createdDate: r[2] as string,
    description: r[3] as string,
    outcome: r[4] as string | null,
    ownerId: r[5] as string | null,
    ownerName: r[6] as string | null,
    dueDate: r[7] as string | null,
    lastReviewedDate: r[8] as string | null,
  }))
}

/** Professionals whose name contains the text (case-insensitive; blanks collapsed), by name. */
export function professionalsNamed(sqlite: Database.Database, text: string): NoteProfessional[] {
  const needle = text.trim().replace(/\s+/g, ' ').toLowerCase()
  return (
    prepared(sqlite, 'SELECT id, name, role, agency FROM professionals ORDER BY name, id').all() as NoteProfessional[]
  ).filter((p) => p.name.replace(/\s+/g, ' ').toLowerCase().includes(needle))
}
