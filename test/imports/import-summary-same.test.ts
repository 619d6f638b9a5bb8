/**
 * After an import the drift summary of every plan is built in one pass with every plan's meetings
 * joined once beforehand (queries/drift-summary.ts, IMPORT_PLAN_MEETINGS). It must be exactly what
 * the per-plan build gives (the one the app uses after every edit, refreshDriftSummary): every row
 * of drift_facts, its dates, valid_from and facts, byte for byte. A generated caseload exported by
 * the app, with the cases the meetings' reads must get right made sure of: meetings shared by
 * siblings' plans, meetings before a plan's start, two meetings of a plan on one date (ties broken
 * by id), meetings with and without a risk score. Real encrypted caseloads, both file imports.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseloadFile, importCaseloadFileStepwise } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { refreshDriftSummary } from '../../electron/core/queries/drift-summary'
import { exportedDemoDocument } from '../helpers/demo-document'
import { tempCaseload, tempDir } from '../helpers/temp-db'

interface Meeting {
  id: string
  planIds: string[]
  date: string
  riskScore?: { score: number; scale: string } | null
}
interface Plan {
  id: string
  startDate: string
}

let shared: { dir: string; cleanup(): void }
let documentPath: string

beforeAll(async () => {
  shared = tempDir()
  const exported = join(shared.dir, 'exported.json')
  await exportedDemoDocument(exported, { children: 300, seed: 7, asOf: '2026-11-26' })
  const doc = JSON.parse(readFileSync(exported, 'utf8')) as { meetings: Meeting[]; plans: Plan[] }
  // Ties: a plan's second meeting moved to the date of its first, one with a score and one without.
  const byPlan = new Map<string, Meeting[]>()
  for (const m of doc.meetings) for (const p of m.planIds) byPlan.set(p, [...(byPlan.get(p) ?? []), m])
  let ties = 0
  for (const ms of byPlan.values()) {
    if (ms.length < 3 || ms.some((m) => m.planIds.length > 1) || ties >= 20) continue
    ms[1]!.date = ms[0]!.date
    ms[1]!.riskScore = ties % 2 ? null : { score: 4, scale: 'danger' }
    ms[0]!.riskScore = ties % 2 ? { score: 7, scale: 'safety' } : null
    ties++
  }
  expect(ties).toBe(20)
  // Before a plan's start: a meeting of a plan dated a year before it.
  const plan = doc.plans.find((p) => byPlan.get(p.id)?.some((m) => m.planIds.length === 1))!
  const early = byPlan.get(plan.id)!.find((m) => m.planIds.length === 1)!
  early.date = `${Number(plan.startDate.slice(0, 4)) - 1}${plan.startDate.slice(4)}`
  expect(doc.meetings.some((m) => m.planIds.length > 1)).toBe(true)
  documentPath = join(shared.dir, 'authority.json')
  writeFileSync(documentPath, JSON.stringify(doc))
}, 120_000)
afterAll(() => shared?.cleanup())

const summaryRows = (db: CaseloadDb) =>
  db.sqlite.prepare('SELECT plan_id, start_date, end_date, valid_from, facts FROM drift_facts ORDER BY plan_id').raw().all() as unknown[][]

/** The summary built again plan by plan, as after an edit in the app. */
function rebuiltPlanByPlan(db: CaseloadDb): unknown[][] {
  db.sqlite.prepare('DELETE FROM drift_facts').run()
  expect(refreshDriftSummary(db.sqlite)).toBeGreaterThan(300)
  return summaryRows(db)
}

describe('the drift summary built by an import', () => {
  for (const how of ['reader thread', 'one thread'] as const) {
    it(`equals the per-plan build, row for row (${how})`, async () => {
      const t = await tempCaseload()
      try {
        if (how === 'reader thread') await importCaseloadFileStepwise(t.db, documentPath, { readerThread: true, sliceMs: 5 })
        else importCaseloadFile(t.db, documentPath)
        const imported = summaryRows(t.db)
        // The joined meetings are gone with the import's transaction.
        expect(t.db.sqlite.prepare(`SELECT count(*) FROM temp.sqlite_master`).pluck().get()).toBe(0)
        expect(imported.length).toBe(t.db.sqlite.prepare('SELECT count(*) FROM plans').pluck().get())
        // Not vacuous: plans with meetings, risk scores and undistributed decisions in their facts.
        expect(imported.filter((r) => (r[4] as string).includes('"safety"') || (r[4] as string).includes('"danger"')).length).toBeGreaterThan(50)
        expect(rebuiltPlanByPlan(t.db)).toEqual(imported)
      } finally {
        t.cleanup()
      }
    }, 120_000)
  }
})
