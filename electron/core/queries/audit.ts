/**
 * What the audit indicators (core/audit/indicators.ts) read for a period [from, to]: the plans in
 * scope and, for them, their meetings, core group membership, distributions, conferences, actions,
 * disagreements and the children's allocations. Nothing dated after `to` is read, so an audit of a
 * past period gives what was known at its end.
 *
 * A plan is in scope when `start_date <= :to` and (`end_date` is null or `end_date >= :from`).
 */
import type Database from 'better-sqlite3'
import type { CivilDate } from '../../../shared/civil-date'
import type { ProfessionalRole } from '../../../shared/caseload-format'
import { prepared } from './prepared'
import { planOverlapsSql } from './period-sql'
import { blank } from './professional-facts'

const BLANK_OUTCOME = blank('a.outcome')

const SCOPE = planOverlapsSql('p', ':from', ':to')

const SQL_PLANS = `
SELECT p.id, p.child_id, p.start_date, p.end_date, c.complex
FROM plans p JOIN children c ON c.id = p.child_id
WHERE ${SCOPE}
ORDER BY p.id`

/** Meetings dated in [:mFrom, :to] covering a plan in scope, one row per (meeting, plan). */
const SQL_MEETINGS = `
SELECT m.id, m.date, m.chair_id, pr.role, m.plan_available, m.child_views_recorded, m.risk_reviewed, mp.plan_id
FROM meetings m
JOIN meeting_plans mp ON mp.meeting_id = m.id
JOIN plans p ON p.id = mp.plan_id
LEFT JOIN professionals pr ON pr.id = m.chair_id
WHERE m.date >= :mFrom AND m.date <= :to AND ${SCOPE}
ORDER BY m.date, m.id, mp.plan_id`

/** The earliest meeting of each plan in scope dated on or after its start and <= :to. */
const SQL_FIRST_MEETINGS = `
SELECT p.id,
  (SELECT m.date FROM meeting_plans mp JOIN meetings m ON m.id = mp.meeting_id
     WHERE mp.plan_id = p.id AND m.date >= p.start_date AND m.date <= :to
     ORDER BY m.date, m.id LIMIT 1)
FROM plans p WHERE ${SCOPE}`

const SQL_MEMBERS = `
SELECT mb.plan_id, mb.professional_id, mb.from_date, mb.to_date
FROM members mb JOIN plans p ON p.id = mb.plan_id
WHERE ${SCOPE} AND mb.from_date <= :to`

const SQL_DISTRIBUTIONS = `
SELECT d.meeting_id, d.professional_id, d.date
FROM distributions d JOIN meetings m ON m.id = d.meeting_id
WHERE m.date >= :mFrom AND m.date <= :to AND d.date <= :to`

const SQL_CONFERENCES = `
SELECT cf.id, cf.plan_id, cf.kind, cf.date
FROM conferences cf JOIN plans p ON p.id = cf.plan_id
WHERE ${SCOPE} AND cf.date <= :to
ORDER BY cf.plan_id, cf.date, cf.id`

const SQL_ACTIONS = `
SELECT a.id, a.plan_id, a.created_date, a.owner_id, a.due_date, ${BLANK_OUTCOME}
FROM actions a JOIN plans p ON p.id = a.plan_id
WHERE a.created_date >= :from AND a.created_date <= :to AND ${SCOPE}
ORDER BY a.id`

const SQL_DISAGREEMENTS = `
SELECT d.id, d.plan_id, d.raised_date, d.resolved_date
FROM disagreements d JOIN plans p ON p.id = d.plan_id
WHERE d.raised_date >= :dFrom AND d.raised_date <= :to AND ${SCOPE}
ORDER BY d.id`

/** Every allocation starting <= :to of a child with a plan in scope (to find each child's earliest). */
const SQL_ALLOCATIONS = `
SELECT a.id, a.child_id, a.professional_id, a.start_date
FROM allocations a
WHERE a.start_date <= :to AND a.child_id IN (SELECT p.child_id FROM plans p WHERE ${SCOPE})
ORDER BY a.child_id, a.start_date, a.id`

export interface AuditPlanRow {
  id: string
  childId: string
  startDate: CivilDate
  endDate: CivilDate | null
  complex: boolean
  /** Earliest meeting of the plan dated in [start, to], or null. */
  firstMeetingDate: CivilDate | null
}

export interface AuditMeetingRow {
  id: string
  date: CivilDate
  chairId: string
  chairRole: ProfessionalRole | null
  planAvailable: boolean
  childViewsRecorded: boolean
  riskReviewed: boolean
  /** Plans in scope that the meeting covered (sorted). */
  planIds: string[]
}

export interface AuditMemberRow {
  planId: string
  professionalId: string
  fromDate: CivilDate
  toDate: CivilDate | null
}

export interface AuditFacts {
  plans: AuditPlanRow[]
  meetings: AuditMeetingRow[]
  members: AuditMemberRow[]
  /** meeting id → professional id → earliest distribution date (<= to). */
  distributions: Map<string, Map<string, CivilDate>>
  conferences: { id: string; planId: string; kind: 'initial' | 'review'; date: CivilDate }[]
  actions: { id: string; planId: string; createdDate: CivilDate; ownerId: string | null; dueDate: CivilDate | null; outcomeBlank: boolean }[]
  disagreements: { id: string; planId: string; raisedDate: CivilDate; resolvedDate: CivilDate | null }[]
  allocations: { id: string; childId: string; professionalId: string; startDate: CivilDate }[]
}

export interface AuditWindow {
  from: CivilDate
  to: CivilDate
  /** Earliest meeting date read (meetings before `from` whose deadlines fall in the period). */
  meetingsFrom: CivilDate
  /** Earliest disagreement raised date read. */
  disagreementsFrom: CivilDate
}

type Row = unknown[]
const rows = (sqlite: Database.Database, sql: string, params: Record<string, unknown>): Row[] =>
  prepared(sqlite, sql).raw(true).all(params) as Row[]

/** Reads the audit's facts in one read transaction. */
export function loadAuditFacts(sqlite: Database.Database, w: AuditWindow): AuditFacts {
  const read = sqlite.transaction((): AuditFacts => {
    const scope = { from: w.from, to: w.to }
    const firstMeeting = new Map<string, CivilDate | null>()
    for (const r of rows(sqlite, SQL_FIRST_MEETINGS, scope)) firstMeeting.set(r[0] as string, r[1] as CivilDate | null)
    const plans: AuditPlanRow[] = rows(sqlite, SQL_PLANS, scope).map((r) => ({
      id: r[0] as string,
      childId: r[1] as string,
      startDate: r[2] as string,
      endDate: r[3] as string | null,
      complex: r[4] === 1,
      firstMeetingDate: firstMeeting.get(r[0] as string) ?? null,
    }))

    const meetings: AuditMeetingRow[] = []
    let last: AuditMeetingRow | null = null
    for (const r of rows(sqlite, SQL_MEETINGS, { ...scope, mFrom: w.meetingsFrom })) {
      const id = r[0] as string
      if (!last || last.id !== id) {
        last = {
          id,
          date: r[1] as string,
          chairId: r[2] as string,
          chairRole: (r[3] as ProfessionalRole | null) ?? null,
          planAvailable: r[4] === 1,
          childViewsRecorded: r[5] === 1,
          riskReviewed: r[6] === 1,
          planIds: [],
        }
        meetings.push(last)
      }
      last.planIds.push(r[7] as string)
    }

    const members: AuditMemberRow[] = rows(sqlite, SQL_MEMBERS, scope).map((r) => ({
      planId: r[0] as string,
      professionalId: r[1] as string,
      fromDate: r[2] as string,
      toDate: r[3] as string | null,
    }))

    const distributions = new Map<string, Map<string, CivilDate>>()
    for (const r of rows(sqlite, SQL_DISTRIBUTIONS, { to: w.to, mFrom: w.meetingsFrom })) {
      const meetingId = r[0] as string
      const pro = r[1] as string
      const date = r[2] as string
      let m = distributions.get(meetingId)
      if (!m) distributions.set(meetingId, (m = new Map()))
      const prev = m.get(pro)
      if (prev === undefined || date < prev) m.set(pro, date)
    }

    const conferences = rows(sqlite, SQL_CONFERENCES, scope).map((r) => ({
      id: r[0] as string,
      planId: r[1] as string,
      kind: r[2] as 'initial' | 'review',
      date: r[3] as string,
    }))
    const actions = rows(sqlite, SQL_ACTIONS, scope).map((r) => ({
      id: r[0] as string,
      planId: r[1] as string,
      createdDate: r[2] as string,
      ownerId: r[3] as string | null,
      dueDate: r[4] as string | null,
      outcomeBlank: r[5] === 1,
    }))
    const disagreements = rows(sqlite, SQL_DISAGREEMENTS, { ...scope, dFrom: w.disagreementsFrom }).map((r) => ({
      id: r[0] as string,
      planId: r[1] as string,
      raisedDate: r[2] as string,
      resolvedDate: r[3] as string | null,
    }))
    const allocations = rows(sqlite, SQL_ALLOCATIONS, scope).map((r) => ({
      id: r[0] as string,
      childId: r[1] as string,
      professionalId: r[2] as string,
      startDate: r[3] as string,
    }))
    return { plans, meetings, members, distributions, conferences, actions, disagreements, allocations }
  })
  return read()
}
