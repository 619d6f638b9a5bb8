/**
 * The interchange import sets the caseload tables' CHECK constraints aside while it inserts rows the
 * Checker has passed (electron/core/db/check-constraints.ts: they were a third of the inserting
 * thread's time at 50,000 children). That is only sound if the Checker refuses everything the
 * constraints would: so for EVERY CHECK constraint of the caseload tables (read from the schema, so
 * a new one without a case here fails), a document with a value that breaks it is refused with
 * the element's JSON path and leaves the caseload as it was, and the same value written by SQL is
 * refused by that very constraint (the case is not vacuous, and the constraints are back on after
 * an import). Real encrypted caseloads, a document exported by the app.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload, importCaseloadFile, importCaseloadFileStepwise } from '../../electron/core/caseload/import'
import { ImportCancelled } from '../../electron/core/caseload/run-steps'
import { isCivilDate } from '../../shared/civil-date'
import { DriftwatchError } from '../../shared/errors'
import { tableContents } from '../helpers/table-contents'
import { exportedDemoDocument } from '../helpers/demo-document'
import { tempCaseload, tempDir } from '../helpers/temp-db'

type Doc = Record<string, Record<string, unknown>[]>

interface Case {
  /** The constraint's name in the schema. */
  constraint: string
  /** Where the bad value goes in the document: the list, and the element's field (or a path below it). */
  list: string
  path: (string | number)[]
  value: unknown
  /** The same bad value in SQL: `UPDATE table SET …` on one row. */
  table: string
  set: string
}

const BAD_DATE = '2026-02-30'
const dateCase = (constraint: string, list: string, field: string, table: string, column: string): Case => ({
  constraint,
  list,
  path: [field],
  value: BAD_DATE,
  table,
  set: `${column} = '${BAD_DATE}'`,
})

const CASES: Case[] = [
  { constraint: 'actions_status', list: 'actions', path: ['status'], value: 'closed', table: 'actions', set: `status = 'closed'` },
  dateCase('actions_created_date', 'actions', 'createdDate', 'actions', 'created_date'),
  dateCase('actions_due_date', 'actions', 'dueDate', 'actions', 'due_date'),
  dateCase('actions_closed_date', 'actions', 'closedDate', 'actions', 'closed_date'),
  dateCase('actions_last_reviewed_date', 'actions', 'lastReviewedDate', 'actions', 'last_reviewed_date'),
  dateCase('allocations_start_date', 'allocations', 'startDate', 'allocations', 'start_date'),
  dateCase('allocations_end_date', 'allocations', 'endDate', 'allocations', 'end_date'),
  { constraint: 'allocations_change_reason', list: 'allocations', path: ['changeReason'], value: 'RETIRE', table: 'allocations', set: `change_reason = 'RETIRE'` },
  dateCase('children_dob_date', 'children', 'dateOfBirth', 'children', 'date_of_birth'),
  { constraint: 'conferences_kind', list: 'conferences', path: ['kind'], value: 'final', table: 'conferences', set: `kind = 'final'` },
  dateCase('conferences_date', 'conferences', 'date', 'conferences', 'date'),
  { constraint: 'disagreement_stages_stage', list: 'disagreements', path: ['stages', 0, 'stage'], value: 5, table: 'disagreement_stages', set: 'stage = 5' },
  { ...dateCase('disagreement_stages_start_date', 'disagreements', 'x', 'disagreement_stages', 'start_date'), path: ['stages', 0, 'startDate'] },
  { ...dateCase('disagreement_stages_responded_date', 'disagreements', 'x', 'disagreement_stages', 'responded_date'), path: ['stages', 0, 'respondedDate'] },
  { constraint: 'disagreements_category', list: 'disagreements', path: ['category'], value: 'money', table: 'disagreements', set: `category = 'money'` },
  dateCase('disagreements_raised_date', 'disagreements', 'raisedDate', 'disagreements', 'raised_date'),
  dateCase('disagreements_resolved_date', 'disagreements', 'resolvedDate', 'disagreements', 'resolved_date'),
  dateCase('distributions_date', 'distributions', 'date', 'distributions', 'date'),
  dateCase('meetings_date', 'meetings', 'date', 'meetings', 'date'),
  { constraint: 'meetings_risk', list: 'meetings', path: ['riskScore'], value: { score: 11, scale: 'safety' }, table: 'meetings', set: `risk_score = 11, risk_scale = 'safety'` },
  dateCase('members_from_date', 'members', 'fromDate', 'members', 'from_date'),
  dateCase('members_to_date', 'members', 'toDate', 'members', 'to_date'),
  dateCase('plans_start_date', 'plans', 'startDate', 'plans', 'start_date'),
  dateCase('plans_end_date', 'plans', 'endDate', 'plans', 'end_date'),
  { constraint: 'plans_initial_category', list: 'plans', path: ['initialCategory'], value: 'other', table: 'plans', set: `initial_category = 'other'` },
  { constraint: 'plans_latest_category', list: 'plans', path: ['latestCategory'], value: 'other', table: 'plans', set: `latest_category = 'other'` },
  { constraint: 'plans_previous_plans', list: 'plans', path: ['previousPlans'], value: -1, table: 'plans', set: 'previous_plans = -1' },
  { constraint: 'professionals_role', list: 'professionals', path: ['role'], value: 'boss', table: 'professionals', set: `role = 'boss'` },
  dateCase('visits_date', 'visits', 'date', 'visits', 'date'),
]

/** The tables an interchange import writes. */
const CASELOAD_TABLES = new Set(CASES.map((c) => c.table))

let shared: { dir: string; cleanup(): void }
let documentText: string

beforeAll(async () => {
  shared = tempDir()
  await exportedDemoDocument(join(shared.dir, 'exported.json'), { children: 40, seed: 3, asOf: '2026-11-26' })
  documentText = readFileSync(join(shared.dir, 'exported.json'), 'utf8')
}, 120_000)
afterAll(() => shared?.cleanup())

/** The document with `c`'s bad value in the list's first element that has the stages it needs. */
function broken(c: Case): { doc: Doc; index: number } {
  const doc = JSON.parse(documentText) as Doc
  const list = doc[c.list]!
  const index = c.path[0] === 'stages' ? list.findIndex((d) => (d['stages'] as unknown[]).length > 0) : 0
  let target: Record<string | number, unknown> = list[index]!
  for (const key of c.path.slice(0, -1)) target = target[key] as Record<string | number, unknown>
  target[c.path[c.path.length - 1]!] = c.value
  return { doc, index }
}

const ignoringChecks = (db: { sqlite: { pragma(s: string, o: { simple: true }): unknown } }) => db.sqlite.pragma('ignore_check_constraints', { simple: true })

describe('the CHECK constraints set aside during an import', () => {
  it('has a case for every CHECK constraint of the tables the import writes', async () => {
    const t = await tempCaseload()
    try {
      const sql = t.db.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).all() as { name: string; sql: string }[]
      const constraints = sql
        .flatMap((s) => [...s.sql.matchAll(/CONSTRAINT\s+["`]?([a-z_]+)["`]?\s+CHECK/g)].map((m) => ({ table: s.name, name: m[1]! })))
        .filter((c) => CASELOAD_TABLES.has(c.table))
      expect(constraints.map((c) => c.name).sort()).toEqual(CASES.map((c) => c.constraint).sort())
      // The list of tables is the import's: every table it writes has a case or no CHECK at all.
      for (const table of ['children', 'professionals', 'allocations', 'plans', 'conferences', 'members', 'meetings', 'meeting_plans', 'meeting_attendance', 'distributions', 'actions', 'disagreements', 'disagreement_stages', 'visits']) {
        const create = sql.find((s) => s.name === table)!.sql
        if (/CHECK/.test(create)) expect(CASELOAD_TABLES.has(table), table).toBe(true)
      }
    } finally {
      t.cleanup()
    }
  })

  for (const c of CASES) {
    it(`${c.constraint}: the import refuses a value that breaks it, with its path, and writes nothing; SQL is refused by the constraint`, async () => {
      const t = await tempCaseload()
      try {
        const { doc, index } = broken(c)
        const before = tableContents(t.db)
        let error: unknown = null
        try {
          importCaseload(t.db, doc)
        } catch (e) {
          error = e
        }
        expect(error).toBeInstanceOf(DriftwatchError)
        const e = error as DriftwatchError
        expect(e.code).toBe('VALIDATION')
        expect(e.problems.map((p) => p.path).some((p) => p.startsWith(`$.${c.list}[${index}]`))).toBe(true)
        expect(tableContents(t.db)).toEqual(before)
        expect(ignoringChecks(t.db)).toBe(0)

        // The valid document goes in, and the constraint is in force again: SQL with the same value is refused by it.
        importCaseload(t.db, JSON.parse(documentText))
        expect(ignoringChecks(t.db)).toBe(0)
        expect(() => t.db.sqlite.prepare(`UPDATE ${c.table} SET ${c.set} WHERE rowid = (SELECT min(rowid) FROM ${c.table})`).run()).toThrow(
          `CHECK constraint failed: ${c.constraint}`,
        )
      } finally {
        t.cleanup()
      }
    })
  }

  it('every date the Checker takes, each CHECK on dates takes too (1899-2201, months 0-13, days 0-32, and odd forms)', async () => {
    const t = await tempCaseload()
    try {
      const candidates: string[] = ['0000-01-01', '2026-1-01', ' 2026-01-01', '2026-01-01 ', '2026-01-01T00:00', '２０２６-01-01', '2026/01/01', '+2026-01-01', '2026-01-0a', '']
      const pad = (n: number, w: number) => String(n).padStart(w, '0')
      for (let y = 1899; y <= 2201; y++) for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) candidates.push(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`)
      const sqlTakes = t.db.sqlite
        .prepare(`SELECT value FROM json_each(?) WHERE value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(value) = value`)
        .pluck()
        .all(JSON.stringify(candidates)) as string[]
      const sqlSet = new Set(sqlTakes)
      const checkerTakes = candidates.filter((s) => isCivilDate(s))
      expect(checkerTakes.length).toBeGreaterThan(100_000)
      expect(checkerTakes.filter((s) => !sqlSet.has(s))).toEqual([])
    } finally {
      t.cleanup()
    }
  })

  it('the file imports (one thread and reader thread) refuse a bad date and put the constraints back after success, refusal and cancel', async () => {
    const t = await tempCaseload()
    try {
      const bad = join(shared.dir, 'bad-date.json')
      writeFileSync(bad, JSON.stringify(broken(CASES.find((c) => c.constraint === 'visits_date')!).doc))
      const good = join(shared.dir, 'good.json')
      writeFileSync(good, documentText)
      const before = tableContents(t.db)
      expect(() => importCaseloadFile(t.db, bad)).toThrow(DriftwatchError)
      for (const readerThread of [false, true]) {
        await expect(importCaseloadFileStepwise(t.db, bad, { readerThread, sliceMs: 5 })).rejects.toMatchObject({ code: 'VALIDATION' })
        expect(ignoringChecks(t.db)).toBe(0)
        expect(tableContents(t.db)).toEqual(before)
        const controller = new AbortController()
        const cancelled = importCaseloadFileStepwise(t.db, good, {
          readerThread,
          sliceMs: 1,
          signal: controller.signal,
          // As the app's cancel arrives: a message answered between two steps of the import.
          onProgress: () => setImmediate(() => controller.abort()),
        })
        await expect(cancelled).rejects.toBeInstanceOf(ImportCancelled)
        expect(ignoringChecks(t.db)).toBe(0)
        expect(tableContents(t.db)).toEqual(before)
      }
      await importCaseloadFileStepwise(t.db, good, { readerThread: true, sliceMs: 5 })
      expect(ignoringChecks(t.db)).toBe(0)
      expect(() => t.db.sqlite.prepare(`UPDATE visits SET date = '${BAD_DATE}' WHERE rowid = (SELECT min(rowid) FROM visits)`).run()).toThrow('CHECK constraint failed: visits_date')
    } finally {
      t.cleanup()
    }
  }, 60_000)
})
