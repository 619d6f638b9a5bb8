/**
 * Reading, inserting, updating and deleting one caseload record by its id, for recording in the
 * app (electron/core/records/). Records are in interchange-format shapes (shared/caseload-format.ts).
 * Members and distributions have no id of their own in the format: their `row_id` is their id here.
 * Every statement is a constant string with parameters; callers open the transaction.
 */
import type Database from 'better-sqlite3'
import type {
  Action,
  Allocation,
  Child,
  Conference,
  Disagreement,
  Distribution,
  Meeting,
  Member,
  Plan,
  Professional,
  Visit,
} from '../../../shared/caseload-format'
import { prepared } from './prepared'
import { memberOnSql, planOpenSql } from './period-sql'

export interface RecordKinds {
  child: Child
  professional: Professional
  plan: Plan
  conference: Conference
  member: Member
  meeting: Meeting
  distribution: Distribution
  action: Action
  allocation: Allocation
  disagreement: Disagreement
  visit: Visit
}
export type RecordKind = keyof RecordKinds
export const RECORD_KINDS = [
  'child',
  'professional',
  'plan',
  'conference',
  'member',
  'meeting',
  'distribution',
  'action',
  'allocation',
  'disagreement',
  'visit',
] as const satisfies readonly RecordKind[]

type Row = Record<string, unknown>
const b = (v: boolean): number => (v ? 1 : 0)
const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v)

interface Store<T> {
  read(sqlite: Database.Database, id: string): T | null
  insert(sqlite: Database.Database, id: string, r: T): void
  update(sqlite: Database.Database, id: string, r: T): void
  remove(sqlite: Database.Database, id: string): void
}

const get = (sqlite: Database.Database, sql: string, ...params: unknown[]) => prepared(sqlite, sql).get(...params) as Row | undefined
const run = (sqlite: Database.Database, sql: string, ...params: unknown[]) => {
  prepared(sqlite, sql).run(...params)
}

const child: Store<Child> = {
  read(sqlite, id) {
    const r = get(sqlite, 'SELECT id, name, date_of_birth AS dateOfBirth, gender, ethnicity, complex, team FROM children WHERE id = ?', id)
    return r ? ({ ...(r as unknown as Child), complex: r.complex === 1 }) : null
  },
  insert(sqlite, id, e) {
    run(sqlite, 'INSERT INTO children (id, name, date_of_birth, gender, ethnicity, complex, team) VALUES (?, ?, ?, ?, ?, ?, ?)', id, e.name, n(e.dateOfBirth), n(e.gender), n(e.ethnicity), b(e.complex), n(e.team))
  },
  update(sqlite, id, e) {
    run(sqlite, 'UPDATE children SET name = ?, date_of_birth = ?, gender = ?, ethnicity = ?, complex = ?, team = ? WHERE id = ?', e.name, n(e.dateOfBirth), n(e.gender), n(e.ethnicity), b(e.complex), n(e.team), id)
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM children WHERE id = ?', id)
  },
}

const professional: Store<Professional> = {
  read(sqlite, id) {
    return (get(sqlite, 'SELECT id, name, role, agency, email, phone FROM professionals WHERE id = ?', id) as unknown as Professional | undefined) ?? null
  },
  insert(sqlite, id, e) {
    run(sqlite, 'INSERT INTO professionals (id, name, role, agency, email, phone) VALUES (?, ?, ?, ?, ?, ?)', id, e.name, e.role, e.agency, n(e.email), n(e.phone))
  },
  update(sqlite, id, e) {
    run(sqlite, 'UPDATE professionals SET name = ?, role = ?, agency = ?, email = ?, phone = ? WHERE id = ?', e.name, e.role, e.agency, n(e.email), n(e.phone), id)
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM professionals WHERE id = ?', id)
  },
}

const plan: Store<Plan> = {
  read(sqlite, id) {
    return (
      (get(
        sqlite,
        `SELECT id, child_id AS childId, start_date AS startDate, end_date AS endDate, initial_category AS initialCategory,
                latest_category AS latestCategory, previous_plans AS previousPlans FROM plans WHERE id = ?`,
        id,
      ) as unknown as Plan | undefined) ?? null
    )
  },
  insert(sqlite, id, e) {
    run(
      sqlite,
      'INSERT INTO plans (id, child_id, start_date, end_date, initial_category, latest_category, previous_plans) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id, e.childId, e.startDate, n(e.endDate), e.initialCategory, n(e.latestCategory), e.previousPlans,
    )
  },
  update(sqlite, id, e) {
    run(
      sqlite,
      'UPDATE plans SET child_id = ?, start_date = ?, end_date = ?, initial_category = ?, latest_category = ?, previous_plans = ? WHERE id = ?',
      e.childId, e.startDate, n(e.endDate), e.initialCategory, n(e.latestCategory), e.previousPlans, id,
    )
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM plans WHERE id = ?', id)
  },
}

const conference: Store<Conference> = {
  read(sqlite, id) {
    return (get(sqlite, 'SELECT id, plan_id AS planId, kind, date FROM conferences WHERE id = ?', id) as unknown as Conference | undefined) ?? null
  },
  insert(sqlite, id, e) {
    run(sqlite, 'INSERT INTO conferences (id, plan_id, kind, date) VALUES (?, ?, ?, ?)', id, e.planId, e.kind, e.date)
  },
  update(sqlite, id, e) {
    run(sqlite, 'UPDATE conferences SET plan_id = ?, kind = ?, date = ? WHERE id = ?', e.planId, e.kind, e.date, id)
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM conferences WHERE id = ?', id)
  },
}

const member: Store<Member> = {
  read(sqlite, id) {
    return (
      (get(sqlite, 'SELECT plan_id AS planId, professional_id AS professionalId, from_date AS fromDate, to_date AS toDate FROM members WHERE row_id = ?', Number(id)) as unknown as
        | Member
        | undefined) ?? null
    )
  },
  insert(sqlite, id, e) {
    run(sqlite, 'INSERT INTO members (row_id, plan_id, professional_id, from_date, to_date) VALUES (?, ?, ?, ?, ?)', Number(id), e.planId, e.professionalId, e.fromDate, n(e.toDate))
  },
  update(sqlite, id, e) {
    run(sqlite, 'UPDATE members SET plan_id = ?, professional_id = ?, from_date = ?, to_date = ? WHERE row_id = ?', e.planId, e.professionalId, e.fromDate, n(e.toDate), Number(id))
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM members WHERE row_id = ?', Number(id))
  },
}

const distribution: Store<Distribution> = {
  read(sqlite, id) {
    return (
      (get(sqlite, 'SELECT meeting_id AS meetingId, professional_id AS professionalId, date FROM distributions WHERE row_id = ?', Number(id)) as unknown as
        | Distribution
        | undefined) ?? null
    )
  },
  insert(sqlite, id, e) {
    run(sqlite, 'INSERT INTO distributions (row_id, meeting_id, professional_id, date) VALUES (?, ?, ?, ?)', Number(id), e.meetingId, e.professionalId, e.date)
  },
  update(sqlite, id, e) {
    run(sqlite, 'UPDATE distributions SET meeting_id = ?, professional_id = ?, date = ? WHERE row_id = ?', e.meetingId, e.professionalId, e.date, Number(id))
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM distributions WHERE row_id = ?', Number(id))
  },
}

function writeMeetingLists(sqlite: Database.Database, id: string, e: Meeting): void {
  run(sqlite, 'DELETE FROM meeting_plans WHERE meeting_id = ?', id)
  run(sqlite, 'DELETE FROM meeting_attendance WHERE meeting_id = ?', id)
  for (const p of e.planIds) run(sqlite, 'INSERT INTO meeting_plans (meeting_id, plan_id) VALUES (?, ?)', id, p)
  for (const p of e.attended) run(sqlite, 'INSERT INTO meeting_attendance (meeting_id, professional_id, attended) VALUES (?, ?, ?)', id, p, 1)
  for (const p of e.apologies) run(sqlite, 'INSERT INTO meeting_attendance (meeting_id, professional_id, attended) VALUES (?, ?, ?)', id, p, 0)
}

const meeting: Store<Meeting> = {
  read(sqlite, id) {
    const m = get(
      sqlite,
      `SELECT id, date, chair_id AS chairId, plan_available AS planAvailable, child_views_recorded AS childViewsRecorded,
              risk_reviewed AS riskReviewed, risk_score AS riskScore, risk_scale AS riskScale FROM meetings WHERE id = ?`,
      id,
    )
    if (!m) return null
    const planIds = (prepared(sqlite, 'SELECT plan_id AS planId FROM meeting_plans WHERE meeting_id = ? ORDER BY plan_id').all(id) as Row[]).map((r) => r.planId as string)
    const attendance = prepared(sqlite, 'SELECT professional_id AS professionalId, attended FROM meeting_attendance WHERE meeting_id = ? ORDER BY professional_id').all(id) as Row[]
    return {
      id,
      planIds,
      date: m.date as string,
      chairId: m.chairId as string,
      attended: attendance.filter((a) => a.attended === 1).map((a) => a.professionalId as string),
      apologies: attendance.filter((a) => a.attended !== 1).map((a) => a.professionalId as string),
      planAvailable: m.planAvailable === 1,
      childViewsRecorded: m.childViewsRecorded === 1,
      riskReviewed: m.riskReviewed === 1,
      riskScore: m.riskScore === null || m.riskScale === null ? null : { score: m.riskScore as number, scale: m.riskScale as 'safety' | 'danger' },
    }
  },
  insert(sqlite, id, e) {
    run(
      sqlite,
      'INSERT INTO meetings (id, date, chair_id, plan_available, child_views_recorded, risk_reviewed, risk_score, risk_scale) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      id, e.date, e.chairId, b(e.planAvailable), b(e.childViewsRecorded), b(e.riskReviewed), e.riskScore ? e.riskScore.score : null, e.riskScore ? e.riskScore.scale : null,
    )
    writeMeetingLists(sqlite, id, e)
  },
  update(sqlite, id, e) {
    run(
      sqlite,
      'UPDATE meetings SET date = ?, chair_id = ?, plan_available = ?, child_views_recorded = ?, risk_reviewed = ?, risk_score = ?, risk_scale = ? WHERE id = ?',
      e.date, e.chairId, b(e.planAvailable), b(e.childViewsRecorded), b(e.riskReviewed), e.riskScore ? e.riskScore.score : null, e.riskScore ? e.riskScore.scale : null, id,
    )
    writeMeetingLists(sqlite, id, e)
  },
  remove(sqlite, id) {
    // Its plan links and attendance go with it (ON DELETE CASCADE); distributions are removed by the caller, logged.
    run(sqlite, 'DELETE FROM meetings WHERE id = ?', id)
  },
}

const action: Store<Action> = {
  read(sqlite, id) {
    return (
      (get(
        sqlite,
        `SELECT id, plan_id AS planId, created_date AS createdDate, description, outcome, owner_id AS ownerId,
                due_date AS dueDate, status, closed_date AS closedDate, last_reviewed_date AS lastReviewedDate FROM actions WHERE id = ?`,
        id,
      ) as unknown as Action | undefined) ?? null
    )
  },
  insert(sqlite, id, e) {
    run(
      sqlite,
      'INSERT INTO actions (id, plan_id, created_date, description, outcome, owner_id, due_date, status, closed_date, last_reviewed_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      id, e.planId, e.createdDate, e.description, n(e.outcome), n(e.ownerId), n(e.dueDate), e.status, n(e.closedDate), n(e.lastReviewedDate),
    )
  },
  update(sqlite, id, e) {
    run(
      sqlite,
      'UPDATE actions SET plan_id = ?, created_date = ?, description = ?, outcome = ?, owner_id = ?, due_date = ?, status = ?, closed_date = ?, last_reviewed_date = ? WHERE id = ?',
      e.planId, e.createdDate, e.description, n(e.outcome), n(e.ownerId), n(e.dueDate), e.status, n(e.closedDate), n(e.lastReviewedDate), id,
    )
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM actions WHERE id = ?', id)
  },
}

const allocation: Store<Allocation> = {
  read(sqlite, id) {
    return (
      (get(
        sqlite,
        `SELECT id, child_id AS childId, professional_id AS professionalId, start_date AS startDate, end_date AS endDate,
                change_reason AS changeReason FROM allocations WHERE id = ?`,
        id,
      ) as unknown as Allocation | undefined) ?? null
    )
  },
  insert(sqlite, id, e) {
    run(sqlite, 'INSERT INTO allocations (id, child_id, professional_id, start_date, end_date, change_reason) VALUES (?, ?, ?, ?, ?, ?)', id, e.childId, e.professionalId, e.startDate, n(e.endDate), n(e.changeReason))
  },
  update(sqlite, id, e) {
    run(sqlite, 'UPDATE allocations SET child_id = ?, professional_id = ?, start_date = ?, end_date = ?, change_reason = ? WHERE id = ?', e.childId, e.professionalId, e.startDate, n(e.endDate), n(e.changeReason), id)
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM allocations WHERE id = ?', id)
  },
}

function writeStages(sqlite: Database.Database, id: string, e: Disagreement): void {
  run(sqlite, 'DELETE FROM disagreement_stages WHERE disagreement_id = ?', id)
  e.stages.forEach((s, i) => run(sqlite, 'INSERT INTO disagreement_stages (disagreement_id, seq, stage, start_date, responded_date) VALUES (?, ?, ?, ?, ?)', id, i, s.stage, s.startDate, n(s.respondedDate)))
}

const disagreement: Store<Disagreement> = {
  read(sqlite, id) {
    const d = get(
      sqlite,
      `SELECT id, plan_id AS planId, raised_date AS raisedDate, raised_by_id AS raisedById, category, resolved_date AS resolvedDate, outcome
         FROM disagreements WHERE id = ?`,
      id,
    )
    if (!d) return null
    const stages = (prepared(sqlite, 'SELECT stage, start_date AS startDate, responded_date AS respondedDate FROM disagreement_stages WHERE disagreement_id = ? ORDER BY seq').all(id) as Row[]).map((s) => ({
      stage: s.stage as number,
      startDate: s.startDate as string,
      respondedDate: (s.respondedDate as string | null) ?? null,
    }))
    return { ...(d as unknown as Omit<Disagreement, 'stages'>), stages }
  },
  insert(sqlite, id, e) {
    run(sqlite, 'INSERT INTO disagreements (id, plan_id, raised_date, raised_by_id, category, resolved_date, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)', id, e.planId, e.raisedDate, e.raisedById, e.category, n(e.resolvedDate), n(e.outcome))
    writeStages(sqlite, id, e)
  },
  update(sqlite, id, e) {
    run(sqlite, 'UPDATE disagreements SET plan_id = ?, raised_date = ?, raised_by_id = ?, category = ?, resolved_date = ?, outcome = ? WHERE id = ?', e.planId, e.raisedDate, e.raisedById, e.category, n(e.resolvedDate), n(e.outcome), id)
    writeStages(sqlite, id, e)
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM disagreements WHERE id = ?', id)
  },
}

const visit: Store<Visit> = {
  read(sqlite, id) {
    const r = get(sqlite, 'SELECT id, child_id AS childId, date, seen_alone AS seenAlone FROM visits WHERE id = ?', id)
    return r ? ({ ...(r as unknown as Visit), seenAlone: r.seenAlone === 1 }) : null
  },
  insert(sqlite, id, e) {
    run(sqlite, 'INSERT INTO visits (id, child_id, date, seen_alone) VALUES (?, ?, ?, ?)', id, e.childId, e.date, b(e.seenAlone))
  },
  update(sqlite, id, e) {
    run(sqlite, 'UPDATE visits SET child_id = ?, date = ?, seen_alone = ? WHERE id = ?', e.childId, e.date, b(e.seenAlone), id)
  },
  remove(sqlite, id) {
    run(sqlite, 'DELETE FROM visits WHERE id = ?', id)
  },
}

export const stores: { [K in RecordKind]: Store<RecordKinds[K]> } = {
  child,
  professional,
  plan,
  conference,
  member,
  meeting,
  distribution,
  action,
  allocation,
  disagreement,
  visit,
}

/** Inserts a member or distribution (no id in the format) and returns its new row id as a string. */
export function insertRow(sqlite: Database.Database, kind: 'member' | 'distribution', e: Member | Distribution): string {
  const info =
    kind === 'member'
      ? prepared(sqlite, 'INSERT INTO members (plan_id, professional_id, from_date, to_date) VALUES (?, ?, ?, ?)').run((e as Member).planId, e.professionalId, (e as Member).fromDate, n((e as Member).toDate))
      : prepared(sqlite, 'INSERT INTO distributions (meeting_id, professional_id, date) VALUES (?, ?, ?)').run((e as Distribution).meetingId, e.professionalId, (e as Distribution).date)
  return String(info.lastInsertRowid)
}

/** The member rows of a plan with their row ids. */
export function planMemberRows(sqlite: Database.Database, planId: string): (Member & { rowId: string })[] {
  return (
    prepared(sqlite, 'SELECT row_id AS rowId, plan_id AS planId, professional_id AS professionalId, from_date AS fromDate, to_date AS toDate FROM members WHERE plan_id = ? ORDER BY from_date, row_id').all(planId) as Row[]
  ).map((r) => ({ ...(r as unknown as Member), rowId: String(r.rowId) }))
}

/** Members of any of these plans current on a date (`fromDate <= date`, `toDate` null or `>= date`). */
export function membersOn(sqlite: Database.Database, planId: string, date: string): string[] {
  return (
    prepared(sqlite, `SELECT DISTINCT professional_id AS id FROM members WHERE plan_id = ? AND ${memberOnSql('', '?')}`).all(planId, date, date) as Row[]
  ).map((r) => r.id as string)
}

/** The distribution rows of a meeting with their row ids. */
export function meetingDistributionRows(sqlite: Database.Database, meetingId: string): (Distribution & { rowId: string })[] {
  return (
    prepared(sqlite, 'SELECT row_id AS rowId, meeting_id AS meetingId, professional_id AS professionalId, date FROM distributions WHERE meeting_id = ? ORDER BY row_id').all(meetingId) as Row[]
  ).map((r) => ({ ...(r as unknown as Distribution), rowId: String(r.rowId) }))
}

/** A child's allocations, earliest first. */
export function childAllocations(sqlite: Database.Database, childId: string): Allocation[] {
  return prepared(
    sqlite,
    `SELECT id, child_id AS childId, professional_id AS professionalId, start_date AS startDate, end_date AS endDate,
            change_reason AS changeReason FROM allocations WHERE child_id = ? ORDER BY start_date, id`,
  ).all(childId) as Allocation[]
}

/** Every professional in the caseload, by name (for choosing members, owners, workers). */
export function allProfessionals(sqlite: Database.Database): Professional[] {
  return prepared(sqlite, 'SELECT id, name, role, agency, email, phone FROM professionals ORDER BY name, id').all() as Professional[]
}

/** The child a record belongs to (for the case view's history), or null. */
export function childOfPlan(sqlite: Database.Database, planId: string): string | null {
  return (get(sqlite, 'SELECT child_id AS childId FROM plans WHERE id = ?', planId)?.childId as string | undefined) ?? null
}

/** How many records refer to a plan other than its initial conference (a plan with history is never deleted). */
export function conferencesOfPlan(sqlite: Database.Database, planId: string): Conference[] {
  return prepared(sqlite, 'SELECT id, plan_id AS planId, kind, date FROM conferences WHERE plan_id = ? ORDER BY date, id').all(planId) as Conference[]
}

/** A child's plans open on a date (started on or before it, not ended before it). */
export function openPlansOfChild(sqlite: Database.Database, childId: string, date: string): Plan[] {
  return prepared(
    sqlite,
    `SELECT id, child_id AS childId, start_date AS startDate, end_date AS endDate, initial_category AS initialCategory,
            latest_category AS latestCategory, previous_plans AS previousPlans
       FROM plans WHERE child_id = ? AND ${planOpenSql('', '?')} ORDER BY start_date, id`,
  ).all(childId, date, date) as Plan[]
}

/**
 * The earliest date of a plan's own records that must stay within it when its start moves: its
 * meetings, actions, disagreements, conferences other than the initial one, and memberships other than
 * those from its start (those move with it). Null when it has none.
 */
export function earliestRecordOfPlan(sqlite: Database.Database, planId: string, start: string): { date: string; what: string } | null {
  const row = get(
    sqlite,
    `SELECT date, what FROM (
       SELECT m.date AS date, 'a core group meeting' AS what FROM meetings m JOIN meeting_plans mp ON mp.meeting_id = m.id WHERE mp.plan_id = :plan
       UNION ALL SELECT created_date, 'an action' FROM actions WHERE plan_id = :plan
       UNION ALL SELECT raised_date, 'a disagreement' FROM disagreements WHERE plan_id = :plan
       UNION ALL SELECT date, 'a review conference' FROM conferences WHERE plan_id = :plan AND kind <> 'initial'
       UNION ALL SELECT from_date, 'a core group membership' FROM members WHERE plan_id = :plan AND from_date <> :start
     ) ORDER BY date LIMIT 1`,
    { plan: planId, start },
  )
  return row ? { date: row.date as string, what: row.what as string } : null
}

/** The start of a child's first plan, or null when they have none. */
export function firstPlanStart(sqlite: Database.Database, childId: string): string | null {
  return (get(sqlite, 'SELECT min(start_date) AS startDate FROM plans WHERE child_id = ?', childId)?.startDate as string | null | undefined) ?? null
}

/** The teams children are in, for choosing one when adding a child (a new one can be typed). */
export function knownTeams(sqlite: Database.Database): string[] {
  return (prepared(sqlite, "SELECT DISTINCT team FROM children WHERE team IS NOT NULL AND trim(team) <> '' ORDER BY team").all() as { team: string }[]).map((r) => r.team)
}
