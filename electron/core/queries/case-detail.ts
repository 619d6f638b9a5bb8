/**
 * Everything recorded about one child, in interchange-format shapes (shared/caseload-format.ts):
 * the child, their plans and everything hanging off them, and every professional referred to.
 * A fixed set of prepared statements keyed by the child id; each uses an index on child or plan.
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

export interface CaseRecords {
  child: Child
  plans: Plan[]
  conferences: Conference[]
  members: Member[]
  meetings: Meeting[]
  distributions: Distribution[]
  actions: Action[]
  allocations: Allocation[]
  disagreements: Disagreement[]
  visits: Visit[]
  professionals: Professional[]
}

const CHILD_PLANS = `SELECT id FROM plans WHERE child_id = @childId`
const CHILD_MEETINGS = `SELECT DISTINCT meeting_id FROM meeting_plans WHERE plan_id IN (${CHILD_PLANS})`

const Q = {
  child: `SELECT id, name, date_of_birth AS dateOfBirth, gender, ethnicity, complex, team FROM children WHERE id = @childId`,
  plans: `SELECT id, child_id AS childId, start_date AS startDate, end_date AS endDate, initial_category AS initialCategory,
                 latest_category AS latestCategory, previous_plans AS previousPlans
            FROM plans WHERE child_id = @childId ORDER BY start_date, id`,
  conferences: `SELECT id, plan_id AS planId, kind, date FROM conferences WHERE plan_id IN (${CHILD_PLANS}) ORDER BY date, id`,
  members: `SELECT plan_id AS planId, professional_id AS professionalId, from_date AS fromDate, to_date AS toDate
              FROM members WHERE plan_id IN (${CHILD_PLANS}) ORDER BY from_date, professional_id, row_id`,
  meetings: `SELECT id, date, chair_id AS chairId, plan_available AS planAvailable, child_views_recorded AS childViewsRecorded,
                    risk_reviewed AS riskReviewed, risk_score AS riskScore, risk_scale AS riskScale
               FROM meetings WHERE id IN (${CHILD_MEETINGS}) ORDER BY date, id`,
  meetingPlans: `SELECT meeting_id AS meetingId, plan_id AS planId FROM meeting_plans
                  WHERE meeting_id IN (${CHILD_MEETINGS}) ORDER BY plan_id`,
  attendance: `SELECT meeting_id AS meetingId, professional_id AS professionalId, attended FROM meeting_attendance
                WHERE meeting_id IN (${CHILD_MEETINGS}) ORDER BY professional_id`,
  distributions: `SELECT meeting_id AS meetingId, professional_id AS professionalId, date FROM distributions
                   WHERE meeting_id IN (${CHILD_MEETINGS}) ORDER BY date, professional_id, row_id`,
  actions: `SELECT id, plan_id AS planId, created_date AS createdDate, description, outcome, owner_id AS ownerId,
                   due_date AS dueDate, status, closed_date AS closedDate, last_reviewed_date AS lastReviewedDate
              FROM actions WHERE plan_id IN (${CHILD_PLANS}) ORDER BY created_date, id`,
  allocations: `SELECT id, child_id AS childId, professional_id AS professionalId, start_date AS startDate,
                       end_date AS endDate, change_reason AS changeReason
                  FROM allocations WHERE child_id = @childId ORDER BY start_date, id`,
  disagreements: `SELECT id, plan_id AS planId, raised_date AS raisedDate, raised_by_id AS raisedById, category,
                         resolved_date AS resolvedDate, outcome
                    FROM disagreements WHERE plan_id IN (${CHILD_PLANS}) ORDER BY raised_date, id`,
  stages: `SELECT disagreement_id AS disagreementId, stage, start_date AS startDate, responded_date AS respondedDate
             FROM disagreement_stages
            WHERE disagreement_id IN (SELECT id FROM disagreements WHERE plan_id IN (${CHILD_PLANS}))
            ORDER BY disagreement_id, seq`,
  visits: `SELECT id, child_id AS childId, date, seen_alone AS seenAlone FROM visits WHERE child_id = @childId ORDER BY date, id`,
  professionals: `SELECT id, name, role, agency, email, phone FROM professionals WHERE id IN (
            SELECT professional_id FROM allocations WHERE child_id = @childId
      UNION SELECT professional_id FROM members WHERE plan_id IN (${CHILD_PLANS})
      UNION SELECT chair_id FROM meetings WHERE id IN (${CHILD_MEETINGS})
      UNION SELECT professional_id FROM meeting_attendance WHERE meeting_id IN (${CHILD_MEETINGS})
      UNION SELECT professional_id FROM distributions WHERE meeting_id IN (${CHILD_MEETINGS})
      UNION SELECT owner_id FROM actions WHERE plan_id IN (${CHILD_PLANS})
      UNION SELECT raised_by_id FROM disagreements WHERE plan_id IN (${CHILD_PLANS}))
    ORDER BY name, id`,
} as const

type Row = Record<string, unknown>

function groupBy<T extends Row>(rows: T[], key: string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const k = r[key] as string
    const list = out.get(k)
    if (list) list.push(r)
    else out.set(k, [r])
  }
  return out
}

/** The child's records, or null when there is no child with that id. */
export function caseRecords(sqlite: Database.Database, childId: string): CaseRecords | null {
  const params = { childId }
  const all = (sql: string) => prepared(sqlite, sql).all(params) as Row[]
  const childRow = prepared(sqlite, Q.child).get(params) as Row | undefined
  if (!childRow) return null

  const planIdsByMeeting = groupBy(all(Q.meetingPlans), 'meetingId')
  const attendanceByMeeting = groupBy(all(Q.attendance), 'meetingId')
  const stagesByDisagreement = groupBy(all(Q.stages), 'disagreementId')

  const meetings = all(Q.meetings).map((m): Meeting => {
    const attendance = attendanceByMeeting.get(m.id as string) ?? []
    return {
      id: m.id as string,
      planIds: (planIdsByMeeting.get(m.id as string) ?? []).map((p) => p.planId as string),
      date: m.date as string,
      chairId: m.chairId as string,
      attended: attendance.filter((a) => a.attended === 1).map((a) => a.professionalId as string),
      apologies: attendance.filter((a) => a.attended !== 1).map((a) => a.professionalId as string),
      planAvailable: m.planAvailable === 1,
      childViewsRecorded: m.childViewsRecorded === 1,
      riskReviewed: m.riskReviewed === 1,
      riskScore:
        m.riskScore === null || m.riskScale === null
          ? null
          : { score: m.riskScore as number, scale: m.riskScale as 'safety' | 'danger' },
    }
  })

  return {
    child: { ...(childRow as unknown as Child), complex: childRow.complex === 1 },
    plans: all(Q.plans) as unknown as Plan[],
    conferences: all(Q.conferences) as unknown as Conference[],
    members: all(Q.members) as unknown as Member[],
    meetings,
    distributions: all(Q.distributions) as unknown as Distribution[],
    actions: all(Q.actions) as unknown as Action[],
    allocations: all(Q.allocations) as unknown as Allocation[],
    disagreements: all(Q.disagreements).map((d) => ({
      ...(d as unknown as Omit<Disagreement, 'stages'>),
      stages: (stagesByDisagreement.get(d.id as string) ?? []).map((s) => ({
        stage: s.stage as number,
        startDate: s.startDate as string,
        respondedDate: (s.respondedDate as string | null) ?? null,
      })),
    })),
    visits: all(Q.visits).map((v) => ({ ...(v as unknown as Visit), seenAlone: v.seenAlone === 1 })),
    professionals: all(Q.professionals) as unknown as Professional[],
  }
}
