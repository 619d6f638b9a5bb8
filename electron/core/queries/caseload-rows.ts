/**
 * The caseload table's rows: one per plan open on the as-of date, with its child and the worker
 * allocated on that date. One statement, one pass: the current allocation is a correlated lookup
 * on the `allocations_child (child_id, start_date)` index, so 50,000 plans cost 50,000 index
 * probes inside SQLite and no round trips.
 */
import type Database from 'better-sqlite3'
import { prepared } from './prepared'

export interface OpenPlanRow {
  childId: string
  childName: string
  complex: boolean
  team: string | null
  planId: string
  planStart: string
  category: string
  workerId: string | null
  workerName: string | null
}

const OPEN_PLANS = `
  SELECT c.id AS childId, c.name AS childName, c.complex AS complex, c.team AS team,
         p.id AS planId, p.start_date AS planStart,
         COALESCE(p.latest_category, p.initial_category) AS category,
         w.id AS workerId, w.name AS workerName
    FROM plans p
    JOIN children c ON c.id = p.child_id
    LEFT JOIN professionals w ON w.id = (
      SELECT a.professional_id FROM allocations a
       WHERE a.child_id = c.id AND a.start_date <= @asOf AND (a.end_date IS NULL OR a.end_date >= @asOf)
       ORDER BY a.start_date DESC, a.id DESC LIMIT 1)
   WHERE p.start_date <= @asOf AND (p.end_date IS NULL OR p.end_date > @asOf)
   ORDER BY c.name, c.id, p.id`

export function openPlanRows(sqlite: Database.Database, asOf: string): OpenPlanRow[] {
  const rows = prepared(sqlite, OPEN_PLANS).all({ asOf }) as (Omit<OpenPlanRow, 'complex'> & { complex: number })[]
  return rows.map((r) => ({ ...r, complex: r.complex === 1 }))
}

const CHILD_COUNT = `SELECT count(*) AS n FROM children`

export function childCount(sqlite: Database.Database): number {
  return (prepared(sqlite, CHILD_COUNT).get() as { n: number }).n
}
