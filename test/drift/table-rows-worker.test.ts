/**
 * The table's rows take each plan's allocated worker from the drift scan (ScannedCase.workerId)
 * instead of looking it up again (queries/caseload-rows.ts `openPlanRows` with `workers`). The two
 * must be the same rule: the latest allocation covering the date, ties by id, end dates inclusive —
 * from the stored summary and from the history loader alike, on dates around allocations' starts
 * and ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { scanCaseload } from '../../electron/core/drift/scan'
import { openPlanRows } from '../../electron/core/queries/caseload-rows'
import { clearCaseload } from '../../electron/core/queries/caseload-write'
import { addDays } from '../../shared/civil-date'
import { tempCaseload } from '../helpers/temp-db'
import { randomCaseload } from './random-caseload'

let db: CaseloadDb
let cleanup: () => void
beforeAll(async () => {
  ;({ db, cleanup } = await tempCaseload())
})
afterAll(() => cleanup())

describe("the table rows' worker taken from the scan", () => {
  it.each([301, 302, 303, 304, 305])('is the worker the rows look up themselves (random caseload %i)', (seed) => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    const doc = randomCaseload(seed, '2026-12-15', 24)
    importCaseload(db, doc)
    // Each allocation's first day, last day and the day after it, plus a few ordinary dates.
    const dates = new Set<string>(['2026-12-15', '2026-10-01', '2027-01-20'])
    for (const a of doc.allocations) {
      dates.add(a.startDate)
      if (a.endDate) {
        dates.add(a.endDate)
        dates.add(addDays(a.endDate, 1))
      }
    }
    let compared = 0
    let allocated = 0
    for (const asOf of [...dates].sort().slice(0, 40)) {
      for (const fromHistory of [false, true]) {
        const scan = scanCaseload(db, { asOf, fromHistory })
        const workers = new Map(scan.cases.map((c) => [c.planId, c.workerId]))
        const mine = openPlanRows(db.sqlite, asOf, workers)
        const looked = openPlanRows(db.sqlite, asOf)
        expect(mine, `${asOf}${fromHistory ? ' (history)' : ''}`).toEqual(looked)
        compared += looked.length
        allocated += looked.filter((r) => r.workerId !== null).length
      }
    }
    expect(compared).toBeGreaterThan(0)
    expect(allocated).toBeGreaterThan(0)
  })

  it('looks the workers up itself when a plan is missing from the ones given', () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(306, '2026-12-15', 12))
    const rows = openPlanRows(db.sqlite, '2026-12-15')
    expect(rows.some((r) => r.workerId !== null)).toBe(true)
    // Every worker given as null but one plan left out: the given ones must not be used.
    const partial = new Map(rows.slice(1).map((r) => [r.planId, null]))
    expect(openPlanRows(db.sqlite, '2026-12-15', partial)).toEqual(rows)
  })

  it('reads every name and team exactly as stored (the rows come as one JSON text)', () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(307, '2026-12-15', 8))
    const awkward = ['Zoë "Zee" O\'Brien', 'back\\slash \\u0041', 'tab\there, new\nline', '😀 Ŵŷñ', '[1,2]', 'null']
    const ids = db.sqlite.prepare('SELECT id FROM children ORDER BY id').pluck().all() as string[]
    ids.forEach((id, i) => {
      db.sqlite.prepare('UPDATE children SET name = ?, team = ?, complex = ? WHERE id = ?').run(awkward[i % awkward.length], i % 2 ? null : awkward[(i + 1) % awkward.length], i % 3 === 0 ? 1 : 0, id)
    })
    const scan = scanCaseload(db, { asOf: '2026-12-15' })
    const rows = openPlanRows(db.sqlite, '2026-12-15', new Map(scan.cases.map((c) => [c.planId, c.workerId])))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows).toEqual(openPlanRows(db.sqlite, '2026-12-15'))
    const stored = new Map((db.sqlite.prepare('SELECT id, name, team, complex FROM children').all() as { id: string; name: string; team: string | null; complex: number }[]).map((c) => [c.id, c]))
    for (const r of rows) {
      const c = stored.get(r.childId)!
      expect([r.childName, r.team, r.complex]).toEqual([c.name, c.team, c.complex === 1])
    }
    expect(new Set(rows.map((r) => r.childName))).toContain('Zoë "Zee" O\'Brien')
  })
})
