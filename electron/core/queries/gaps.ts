/**
 * The gaps an imported caseload leaves (issue 10 item 5): imported plans open on a date with no core
 * group recorded (the SSD and Annex A hold none), the professionals known for each such plan's child,
 * and the open plans a tracker template lists.
 */
import type Database from 'better-sqlite3'
import { prepared } from './prepared'
import { planOpenSql } from './period-sql'

/** Open on @asOf: started on or before it and not ended before it (as the caseload table counts). */
const OPEN_PLAN = planOpenSql('p', '@asOf')
/**
 * Plans an SSD or Annex A import brought in (neither source holds core groups) with no meeting held
 * by @asOf — so a scan of a past date and the notice agree. A plan typed in here is left out: its
 * first core group is simply due, and the drift rules already say when. A meeting dated before the
 * plan started is none of its core groups (design.md §4), as the drift rules count it.
 */
const NO_CORE_GROUP = `p.source IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meeting_plans mp JOIN meetings m ON m.id = mp.meeting_id
                                    WHERE mp.plan_id = p.id AND m.date <= @asOf AND m.date >= p.start_date)`

export function countPlansWithoutCoreGroup(sqlite: Database.Database, asOf: string): number {
  const row = prepared(sqlite, `SELECT count(*) AS n FROM plans p WHERE ${OPEN_PLAN} AND ${NO_CORE_GROUP}`).get({ asOf }) as { n: number }
  return row.n
}

export interface PlanWithoutCoreGroup {
  planId: string
  childId: string
  childName: string
  planStart: string
}

/** Those plans with their child, by child name then plan id; `limit` rows at most. */
export function plansWithoutCoreGroup(sqlite: Database.Database, asOf: string, limit: number): PlanWithoutCoreGroup[] {
  return prepared(
    sqlite,
    `SELECT p.id AS planId, c.id AS childId, c.name AS childName, p.start_date AS planStart
       FROM plans p JOIN children c ON c.id = p.child_id
      WHERE ${OPEN_PLAN} AND ${NO_CORE_GROUP}
      ORDER BY c.name, c.id, p.id
      LIMIT @limit`,
  ).all({ asOf, limit }) as PlanWithoutCoreGroup[]
}

export interface KnownProfessional {
  planId: string
  id: string
  name: string
  role: string
  /** 'member' (of the plan's core group) or 'worker' (allocated to the child). */
  why: 'member' | 'worker'
}

/**
 * For each plan: its core group members (at any time) and the child's allocated workers (any that
 * started by @asOf), each professional once per plan (membership first), by name.
 */
export function professionalsKnownFor(sqlite: Database.Database, planIds: readonly string[], asOf: string): KnownProfessional[] {
  if (planIds.length === 0) return []
  const out: KnownProfessional[] = []
  const members = prepared(
    sqlite,
    `SELECT DISTINCT m.plan_id AS planId, pr.id, pr.name, pr.role, 'member' AS why
       FROM members m JOIN professionals pr ON pr.id = m.professional_id
      WHERE m.plan_id = @planId AND m.from_date <= @asOf
      ORDER BY pr.name, pr.id`,
  )
  const workers = prepared(
    sqlite,
    `SELECT DISTINCT p.id AS planId, pr.id, pr.name, pr.role, 'worker' AS why
       FROM plans p JOIN allocations a ON a.child_id = p.child_id JOIN professionals pr ON pr.id = a.professional_id
      WHERE p.id = @planId AND a.start_date <= @asOf
      ORDER BY pr.name, pr.id`,
  )
  for (const planId of planIds) {
    const seen = new Set<string>()
    for (const r of [...members.all({ planId, asOf }), ...workers.all({ planId, asOf })] as KnownProfessional[]) {
      if (seen.has(r.id)) continue
      seen.add(r.id)
      out.push(r)
    }
  }
  return out
}

export interface TemplatePlanRow {
  childId: string
  childName: string
  planId: string
  planStart: string
}

/** Every plan open on @asOf with its child, by child id then plan start (a spreadsheet's natural order). */
export function openPlansForTemplate(sqlite: Database.Database, asOf: string): TemplatePlanRow[] {
  return prepared(
    sqlite,
    `SELECT c.id AS childId, c.name AS childName, p.id AS planId, p.start_date AS planStart
       FROM plans p JOIN children c ON c.id = p.child_id
      WHERE ${OPEN_PLAN}
      ORDER BY c.id, p.start_date, p.id`,
  ).all({ asOf }) as TemplatePlanRow[]
}

/** How many children the caseload holds (a JSON import asks before replacing any). */
export function countChildren(sqlite: Database.Database): number {
  return (prepared(sqlite, 'SELECT count(*) AS n FROM children').get() as { n: number }).n
}
