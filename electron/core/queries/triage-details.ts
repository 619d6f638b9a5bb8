/**
 * What a triage's next steps name beyond the findings themselves: who has not received a core
 * group's decisions, who raised a disagreement, what an action says and who owns it, and so on.
 * Only the records behind the findings asked about are read (ids passed as one JSON array per
 * kind and looked up by primary key: CROSS JOIN keeps the id list as the outer loop, where SQLite's
 * planner would otherwise scan the whole table and probe the list), so a short "Start here" list reads a handful of rows even
 * in a 50,000-child caseload.
 */
import type Database from 'better-sqlite3'
import type { CivilDate } from '../../../shared/civil-date'
import { prepared } from './prepared'
import { memberOnSql } from './period-sql'
import { blank } from './professional-facts'

export interface Person {
  id: string
  name: string
  agency: string
}

export interface MeetingDetail {
  date: CivilDate
  chair: Person | null
  riskScore: number | null
  riskScale: 'safety' | 'danger' | null
}
export interface ConferenceDetail {
  kind: 'initial' | 'review'
  date: CivilDate
}
export interface ActionDetail {
  description: string
  createdDate: CivilDate
  lastReviewedDate: CivilDate | null
  dueDate: CivilDate | null
  owner: Person | null
  outcomeBlank: boolean
}
export interface DisagreementDetail {
  raisedDate: CivilDate
  raisedBy: Person | null
  /** The last recorded stage that had started by A (stage 1 when none). */
  stage: number
}
export interface AllocationDetail {
  worker: Person | null
  startDate: CivilDate
  /** The worker of the child's allocation that started before this one (latest first), if any. */
  previous: Person | null
}
export interface SupervisionActionDetail {
  description: string
  createdDate: CivilDate
  dueDate: CivilDate
  owner: Person | null
}
export interface LastAllocation {
  worker: Person | null
  endDate: CivilDate | null
}

export interface DetailRequest {
  asOf: CivilDate
  meetings: Iterable<string>
  conferences: Iterable<string>
  actions: Iterable<string>
  disagreements: Iterable<string>
  allocations: Iterable<string>
  professionals: Iterable<string>
  supervisionActions: Iterable<string>
  /** [meetingId, planId]: members current on the meeting date with no distribution dated <= A. */
  undistributed: Iterable<readonly [string, string]>
  /** [planId, planStart]: the plan's two latest core groups dated in [start, A]. */
  latestMeetings: Iterable<readonly [string, CivilDate]>
  /** [childId, planStart]: the child's two latest visits dated in [start, A]. */
  latestVisits: Iterable<readonly [string, CivilDate]>
  /** Children with no worker on A: their latest allocation started by A. */
  lastAllocations: Iterable<string>
}

export interface TriageDetails {
  meetings: Map<string, MeetingDetail>
  conferences: Map<string, ConferenceDetail>
  actions: Map<string, ActionDetail>
  disagreements: Map<string, DisagreementDetail>
  allocations: Map<string, AllocationDetail>
  professionals: Map<string, Person>
  supervisionActions: Map<string, SupervisionActionDetail>
  /** Key `${meetingId}\u0000${planId}`: names, sorted by name. */
  undistributed: Map<string, Person[]>
  /** Plan id → the dates of its two latest core groups, latest first. */
  latestMeetings: Map<string, CivilDate[]>
  /** Child id → its two latest visits, latest first. */
  latestVisits: Map<string, { date: CivilDate; seenAlone: boolean }[]>
  lastAllocations: Map<string, LastAllocation>
}

const ids = (it: Iterable<string>) => JSON.stringify([...new Set(it)])
const person = (id: string | null, name: string | null, agency: string | null): Person | null =>
  id === null || name === null ? null : { id, name, agency: agency ?? '' }

const SQL_MEETINGS = `
  SELECT m.id, m.date, m.chair_id AS chairId, c.name AS chairName, c.agency AS chairAgency, m.risk_score AS riskScore, m.risk_scale AS riskScale
    FROM json_each(@ids) j CROSS JOIN meetings m ON m.id = j.value LEFT JOIN professionals c ON c.id = m.chair_id`
const SQL_CONFERENCES = `SELECT c.id, c.kind, c.date FROM json_each(@ids) j CROSS JOIN conferences c ON c.id = j.value`
const SQL_ACTIONS = `
  SELECT a.id, a.description, a.created_date AS createdDate,
         CASE WHEN a.last_reviewed_date <= @asOf THEN a.last_reviewed_date END AS lastReviewedDate,
         a.due_date AS dueDate, a.owner_id AS ownerId, o.name AS ownerName, o.agency AS ownerAgency,
         ${blank('a.outcome')} AS outcomeBlank
    FROM json_each(@ids) j CROSS JOIN actions a ON a.id = j.value LEFT JOIN professionals o ON o.id = a.owner_id`
const SQL_DISAGREEMENTS = `
  SELECT d.id, d.raised_date AS raisedDate, d.raised_by_id AS byId, r.name AS byName, r.agency AS byAgency,
         (SELECT s.stage FROM disagreement_stages s WHERE s.disagreement_id = d.id AND s.start_date <= @asOf ORDER BY s.seq DESC LIMIT 1) AS stage
    FROM json_each(@ids) j CROSS JOIN disagreements d ON d.id = j.value LEFT JOIN professionals r ON r.id = d.raised_by_id`
const SQL_ALLOCATIONS = `
  SELECT a.id, a.start_date AS startDate, a.professional_id AS workerId, w.name AS workerName, w.agency AS workerAgency,
         p.professional_id AS prevId, pw.name AS prevName, pw.agency AS prevAgency
    FROM json_each(@ids) j CROSS JOIN allocations a ON a.id = j.value
    LEFT JOIN professionals w ON w.id = a.professional_id
    LEFT JOIN allocations p ON p.id = (SELECT x.id FROM allocations x WHERE x.child_id = a.child_id AND (x.start_date < a.start_date OR (x.start_date = a.start_date AND x.id < a.id))
                                       ORDER BY x.start_date DESC, x.id DESC LIMIT 1)
    LEFT JOIN professionals pw ON pw.id = p.professional_id`
const SQL_PROFESSIONALS = `SELECT p.id, p.name, p.agency FROM json_each(@ids) j CROSS JOIN professionals p ON p.id = j.value`
const SQL_SUPERVISION_ACTIONS = `
  SELECT a.id, a.description, a.created_date AS createdDate, a.due_date AS dueDate, a.owner_id AS ownerId, o.name AS ownerName, o.agency AS ownerAgency
    FROM json_each(@ids) j CROSS JOIN supervision_actions a ON a.id = j.value LEFT JOIN professionals o ON o.id = a.owner_id`
const SQL_UNDISTRIBUTED = `
  SELECT DISTINCT q.meetingId, q.planId, pr.id, pr.name, pr.agency
    FROM (SELECT json_extract(value, '$[0]') AS meetingId, json_extract(value, '$[1]') AS planId FROM json_each(@pairs)) q
    CROSS JOIN meetings m ON m.id = q.meetingId
    CROSS JOIN members mem ON mem.plan_id = q.planId AND ${memberOnSql('mem', 'm.date')}
    JOIN professionals pr ON pr.id = mem.professional_id
   WHERE NOT EXISTS (SELECT 1 FROM distributions d WHERE d.meeting_id = m.id AND d.professional_id = mem.professional_id AND d.date <= @asOf)
   ORDER BY pr.name, pr.id`
const SQL_LATEST_MEETINGS = `
  SELECT m.date FROM meeting_plans mp JOIN meetings m ON m.id = mp.meeting_id
   WHERE mp.plan_id = @planId AND m.date <= @asOf AND m.date >= @start ORDER BY m.date DESC, m.id DESC LIMIT 2`
const SQL_LATEST_VISITS = `
  SELECT date, seen_alone AS seenAlone FROM visits WHERE child_id = @childId AND date <= @asOf AND date >= @start ORDER BY date DESC, id DESC LIMIT 2`
const SQL_LAST_ALLOCATION = `
  SELECT a.end_date AS endDate, a.professional_id AS workerId, w.name AS workerName, w.agency AS workerAgency
    FROM allocations a LEFT JOIN professionals w ON w.id = a.professional_id
   WHERE a.child_id = @childId AND a.start_date <= @asOf ORDER BY a.start_date DESC, a.id DESC LIMIT 1`

type Row = Record<string, string | number | null>
const s = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v))

/** Reads the records behind the findings named in `req` (one statement per kind, or per plan for the last three). */
export function triageDetails(sqlite: Database.Database, req: DetailRequest): TriageDetails {
  const all = (sql: string, list: Iterable<string>) => prepared(sqlite, sql).all({ ids: ids(list), asOf: req.asOf }) as Row[]
  const out: TriageDetails = {
    meetings: new Map(),
    conferences: new Map(),
    actions: new Map(),
    disagreements: new Map(),
    allocations: new Map(),
    professionals: new Map(),
    supervisionActions: new Map(),
    undistributed: new Map(),
    latestMeetings: new Map(),
    latestVisits: new Map(),
    lastAllocations: new Map(),
  }
  for (const r of all(SQL_MEETINGS, req.meetings)) {
    out.meetings.set(String(r.id), {
      date: String(r.date),
      chair: person(s(r.chairId), s(r.chairName), s(r.chairAgency)),
      riskScore: r.riskScore === null ? null : Number(r.riskScore),
      riskScale: (s(r.riskScale) as MeetingDetail['riskScale']) ?? null,
    })
  }
  for (const r of all(SQL_CONFERENCES, req.conferences)) out.conferences.set(String(r.id), { kind: r.kind as ConferenceDetail['kind'], date: String(r.date) })
  for (const r of all(SQL_ACTIONS, req.actions)) {
    out.actions.set(String(r.id), {
      description: String(r.description),
      createdDate: String(r.createdDate),
      lastReviewedDate: s(r.lastReviewedDate),
      dueDate: s(r.dueDate),
      owner: person(s(r.ownerId), s(r.ownerName), s(r.ownerAgency)),
      outcomeBlank: r.outcomeBlank === 1,
    })
  }
  for (const r of all(SQL_DISAGREEMENTS, req.disagreements)) {
    out.disagreements.set(String(r.id), { raisedDate: String(r.raisedDate), raisedBy: person(s(r.byId), s(r.byName), s(r.byAgency)), stage: r.stage === null ? 1 : Number(r.stage) })
  }
  for (const r of all(SQL_ALLOCATIONS, req.allocations)) {
    out.allocations.set(String(r.id), {
      startDate: String(r.startDate),
      worker: person(s(r.workerId), s(r.workerName), s(r.workerAgency)),
      previous: person(s(r.prevId), s(r.prevName), s(r.prevAgency)),
    })
  }
  for (const r of all(SQL_PROFESSIONALS, req.professionals)) out.professionals.set(String(r.id), { id: String(r.id), name: String(r.name), agency: String(r.agency) })
  for (const r of all(SQL_SUPERVISION_ACTIONS, req.supervisionActions)) {
    out.supervisionActions.set(String(r.id), {
      description: String(r.description),
      createdDate: String(r.createdDate),
      dueDate: String(r.dueDate),
      owner: person(s(r.ownerId), s(r.ownerName), s(r.ownerAgency)),
    })
  }
  const pairs = [...req.undistributed]
  if (pairs.length) {
    const rows = prepared(sqlite, SQL_UNDISTRIBUTED).all({ pairs: JSON.stringify(pairs), asOf: req.asOf }) as Row[]
    for (const r of rows) {
      const key = `${String(r.meetingId)}\u0000${String(r.planId)}`
      const list = out.undistributed.get(key) ?? []
      list.push({ id: String(r.id), name: String(r.name), agency: String(r.agency) })
      out.undistributed.set(key, list)
    }
  }
  for (const [planId, start] of req.latestMeetings) {
    if (out.latestMeetings.has(planId)) continue
    const rows = prepared(sqlite, SQL_LATEST_MEETINGS).all({ planId, start, asOf: req.asOf }) as { date: string }[]
    out.latestMeetings.set(planId, rows.map((r) => r.date))
  }
  for (const [childId, start] of req.latestVisits) {
    if (out.latestVisits.has(childId)) continue
    const rows = prepared(sqlite, SQL_LATEST_VISITS).all({ childId, start, asOf: req.asOf }) as { date: string; seenAlone: number }[]
    out.latestVisits.set(childId, rows.map((r) => ({ date: r.date, seenAlone: r.seenAlone === 1 })))
  }
  for (const childId of req.lastAllocations) {
    if (out.lastAllocations.has(childId)) continue
    const r = prepared(sqlite, SQL_LAST_ALLOCATION).get({ childId, asOf: req.asOf }) as Row | undefined
    out.lastAllocations.set(childId, r ? { worker: person(s(r.workerId), s(r.workerName), s(r.workerAgency)), endDate: s(r.endDate) } : { worker: null, endDate: null })
  }
  return out
}
