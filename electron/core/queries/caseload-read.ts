/**
 * Reading the caseload back as interchange format v1 elements, list by list, in the order the
 * round-trip rule fixes (design brief §3: lists sorted by id; planIds, attended and apologies
 * sorted; lists without ids by their natural key). Rows are streamed, never all held at once.
 */
import type Database from 'better-sqlite3'
import type { ElementOf, ListName } from '../caseload/lists'

const bool = (v: unknown): boolean => v === 1

/* eslint-disable @typescript-eslint/no-explicit-any -- rows come from SQL typed by the statements below */
const READERS: { [L in ListName]: { sql: string; map: (r: any) => ElementOf<L> } } = {
  children: {
    sql: 'SELECT * FROM children ORDER BY id',
    map: (r) => ({
      id: r.id,
      name: r.name,
      dateOfBirth: r.date_of_birth,
      gender: r.gender,
      ethnicity: r.ethnicity,
      complex: bool(r.complex),
      team: r.team,
    }),
  },
  professionals: {
    sql: 'SELECT * FROM professionals ORDER BY id',
    map: (r) => ({ id: r.id, name: r.name, role: r.role, agency: r.agency, email: r.email, phone: r.phone }),
  },
  allocations: {
    sql: 'SELECT * FROM allocations ORDER BY id',
    map: (r) => ({
      id: r.id,
      childId: r.child_id,
      professionalId: r.professional_id,
      startDate: r.start_date,
      endDate: r.end_date,
      changeReason: r.change_reason,
    }),
  },
  plans: {
    sql: 'SELECT * FROM plans ORDER BY id',
    map: (r) => ({
      id: r.id,
      childId: r.child_id,
      startDate: r.start_date,
      endDate: r.end_date,
      initialCategory: r.initial_category,
      latestCategory: r.latest_category,
      previousPlans: r.previous_plans,
    }),
  },
  conferences: {
    sql: 'SELECT * FROM conferences ORDER BY id',
    map: (r) => ({ id: r.id, planId: r.plan_id, kind: r.kind, date: r.date }),
  },
  members: {
    sql: 'SELECT * FROM members ORDER BY plan_id, professional_id, from_date, to_date IS NOT NULL, to_date, row_id',
    map: (r) => ({ planId: r.plan_id, professionalId: r.professional_id, fromDate: r.from_date, toDate: r.to_date }),
  },
  meetings: {
    sql: `SELECT m.*,
      (SELECT json_group_array(plan_id) FROM (SELECT plan_id FROM meeting_plans WHERE meeting_id = m.id ORDER BY plan_id)) AS plan_ids,
      (SELECT json_group_array(professional_id) FROM (SELECT professional_id FROM meeting_attendance WHERE meeting_id = m.id AND attended = 1 ORDER BY professional_id)) AS attended,
      (SELECT json_group_array(professional_id) FROM (SELECT professional_id FROM meeting_attendance WHERE meeting_id = m.id AND attended = 0 ORDER BY professional_id)) AS apologies
      FROM meetings m ORDER BY m.id`,
    map: (r) => ({
      id: r.id,
      planIds: JSON.parse(r.plan_ids),
      date: r.date,
      chairId: r.chair_id,
      attended: JSON.parse(r.attended),
      apologies: JSON.parse(r.apologies),
      planAvailable: bool(r.plan_available),
      childViewsRecorded: bool(r.child_views_recorded),
      riskReviewed: bool(r.risk_reviewed),
      riskScore: r.risk_scale === null ? null : { score: r.risk_score, scale: r.risk_scale },
    }),
  },
  distributions: {
    sql: 'SELECT * FROM distributions ORDER BY meeting_id, professional_id, date, row_id',
    map: (r) => ({ meetingId: r.meeting_id, professionalId: r.professional_id, date: r.date }),
  },
  actions: {
    sql: 'SELECT * FROM actions ORDER BY id',
    map: (r) => ({
      id: r.id,
      planId: r.plan_id,
      createdDate: r.created_date,
      description: r.description,
      outcome: r.outcome,
      ownerId: r.owner_id,
      dueDate: r.due_date,
      status: r.status,
      closedDate: r.closed_date,
      lastReviewedDate: r.last_reviewed_date,
    }),
  },
  disagreements: {
    sql: `SELECT d.*,
      (SELECT json_group_array(json_object('stage', stage, 'startDate', start_date, 'respondedDate', responded_date))
         FROM (SELECT * FROM disagreement_stages WHERE disagreement_id = d.id ORDER BY seq)) AS stages
      FROM disagreements d ORDER BY d.id`,
    map: (r) => ({
      id: r.id,
      planId: r.plan_id,
      raisedDate: r.raised_date,
      raisedById: r.raised_by_id,
      category: r.category,
      stages: JSON.parse(r.stages),
      resolvedDate: r.resolved_date,
      outcome: r.outcome,
    }),
  },
  visits: {
    sql: 'SELECT * FROM visits ORDER BY id',
    map: (r) => ({ id: r.id, childId: r.child_id, date: r.date, seenAlone: bool(r.seen_alone) }),
  },
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Streams one list's elements in export order. */
export function* readList<L extends ListName>(sqlite: Database.Database, list: L): Generator<ElementOf<L>> {
  const reader = READERS[list]
  for (const row of sqlite.prepare(reader.sql).iterate()) yield reader.map(row)
}
