import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { exportCaseload, exportCaseloadFile, exportCaseloadJson } from '../../electron/core/caseload/export'
import { importCaseload, importCaseloadFile } from '../../electron/core/caseload/import'
import { walkJsonFile, type TopLevelVisitor } from '../../electron/core/caseload/json-list-reader'
import { LIST_NAMES } from '../../electron/core/caseload/lists'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import type { Caseload } from '../../shared/caseload-format'
import type { DriftwatchError } from '../../shared/errors'
import { tempCaseload } from '../helpers/temp-db'

const FIXTURE = join(__dirname, '..', 'fixtures', 'small-caseload.json')
const fixture = (): Caseload => JSON.parse(readFileSync(FIXTURE, 'utf8'))

/** The round-trip normal form of §3: lists sorted by id, sets sorted, absent = null. */
function normalise(doc: Caseload): unknown {
  const nulls = (o: Record<string, unknown>, keys: string[]) => {
    const out: Record<string, unknown> = { ...o }
    for (const k of keys) out[k] ??= null
    return out
  }
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const byKey = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  return {
    format: doc.format,
    version: doc.version,
    children: byId(doc.children).map((c) => nulls(c, ['dateOfBirth', 'gender', 'ethnicity', 'team'])),
    professionals: byId(doc.professionals).map((p) => nulls(p, ['email', 'phone'])),
    allocations: byId(doc.allocations).map((a) => nulls(a, ['endDate', 'changeReason'])),
    plans: byId(doc.plans).map((p) => nulls(p, ['endDate', 'latestCategory'])),
    conferences: byId(doc.conferences),
    members: byKey(doc.members.map((m) => nulls(m, ['toDate'])), (m) => `${m.planId}\u0000${m.professionalId}\u0000${m.fromDate}`),
    meetings: byId(doc.meetings).map((m) =>
      nulls({ ...m, planIds: [...m.planIds].sort(), attended: [...m.attended].sort(), apologies: [...m.apologies].sort() }, ['riskScore']),
    ),
    distributions: byKey(doc.distributions, (d) => `${d.meetingId}\u0000${d.professionalId}\u0000${d.date}`),
    actions: byId(doc.actions).map((a) => nulls(a, ['outcome', 'ownerId', 'dueDate', 'closedDate', 'lastReviewedDate'])),
    disagreements: byId(doc.disagreements).map((d) =>
      nulls({ ...d, stages: d.stages.map((s) => nulls(s, ['respondedDate'])) }, ['resolvedDate', 'outcome']),
    ),
    visits: byId(doc.visits),
  }
}

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})
async function fresh() {
  const t = await tempCaseload()
  cleanups.push(t.cleanup)
  return t
}

function tableCounts(t: Awaited<ReturnType<typeof fresh>>): Record<string, number> {
  const tables = t.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as { name: string }[]
  return Object.fromEntries(tables.map(({ name }) => [name, (t.db.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]))
}

function validationProblems(fn: () => unknown): { path: string; reason: string }[] {
  try {
    fn()
  } catch (e) {
    const err = e as DriftwatchError
    expect(err.code).toBe('VALIDATION')
    return err.problems
  }
  throw new Error('expected a VALIDATION error')
}

describe('round trip', () => {
  it('imports a caseload made by another program and exports it back equal (lists by id, absent = null)', async () => {
    const t = await fresh()
    importCaseloadFile(t.db, FIXTURE)
    expect(normalise(exportCaseload(t.db))).toEqual(normalise(fixture()))
    expect(exportCaseload(t.db)).toEqual(normalise(fixture()))
  })

  it('export → import → export gives identical bytes, for the demo caseload too', async () => {
    const a = await fresh()
    loadDemoCaseload(a.db, { children: 60, seed: 7, asOf: '2026-11-26' })
    const first = join(a.dir, 'first.json')
    exportCaseloadFile(a.db, first)
    const b = await fresh()
    importCaseloadFile(b.db, first)
    const second = join(b.dir, 'second.json')
    exportCaseloadFile(b.db, second)
    expect(readFileSync(second)).toEqual(readFileSync(first))
    expect(exportCaseloadJson(b.db)).toBe(readFileSync(first, 'utf8'))
    // and the demo generator's own document survives the trip
    expect(normalise(JSON.parse(readFileSync(first, 'utf8')))).toEqual(normalise(demoCaseloadDocument({ children: 60, seed: 7, asOf: '2026-11-26' })))
  })

  it('keeps unicode, quotes and backslashes, whatever the read chunk boundaries', async () => {
    const doc = fixture()
    doc.children[0]!.name = 'Zoë “Q” O\'Brien \\ 漢字 😀 "quoted"'
    const t = await fresh()
    const file = join(t.dir, 'tricky.json')
    writeFileSync(file, JSON.stringify(doc, null, 1))
    const expected: unknown[] = []
    const collect = (chunk: number): unknown[] => {
      const seen: unknown[] = []
      const visitor: TopLevelVisitor = {
        value: (k, v) => seen.push([k, v]),
        startList: () => true,
        element: (k, i, v) => seen.push([k, i, v]),
        endList: (k, n) => seen.push([k, n]),
      }
      walkJsonFile(file, visitor, undefined, chunk)
      return seen
    }
    expected.push(...collect(1 << 20))
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (chunk) => {
        expect(collect(chunk)).toEqual(expected)
      }),
      { numRuns: 60 },
    )
    importCaseloadFile(t.db, file)
    expect(exportCaseload(t.db).children.find((c) => c.id === 'C2')!.name).toBe(doc.children[0]!.name)
  })
})

describe('malformed caseloads', () => {
  type Case = [string, (d: Caseload & Record<string, unknown>) => void, string, RegExp]
  const cases: Case[] = [
    ['an impossible date', (d) => (d.plans[0]!.startDate = '2026-02-30'), '$.plans[0].startDate', /not a real date/],
    ['a date in another form', (d) => (d.visits[0]!.date = '10/09/2026'), '$.visits[0].date', /YYYY-MM-DD/],
    ['an unknown field', (d) => ((d.meetings[1] as Record<string, unknown>).notes = 'x'), '$.meetings[1]', /unknown field "notes"/],
    ['an unknown top-level field', (d) => (d.extra = []), '$.extra', /unknown field "extra"/],
    ['an enum value', (d) => ((d.professionals[0] as Record<string, unknown>).role = 'wizard'), '$.professionals[0].role', /must be one of/],
    ['a wrong type', (d) => ((d.children[0] as Record<string, unknown>).complex = 'yes'), '$.children[0].complex', /must be boolean/],
    ['a missing required field', (d) => delete (d.actions[0] as Record<string, unknown>).status, '$.actions[0].status', /is required/],
    ['a missing list', (d) => delete (d as Record<string, unknown>).visits, '$.visits', /is required/],
    ['a wrong format name', (d) => ((d as Record<string, unknown>).format = 'other'), '$.format', /driftwatch\.caseload/],
    ['a newer version', (d) => ((d as Record<string, unknown>).version = 2), '$.version', /newer/],
    ['an unknown child', (d) => (d.visits[1]!.childId = 'C404'), '$.visits[1].childId', /child "C404", which is not in children/],
    ['an unknown professional', (d) => d.meetings[0]!.attended.push('P404'), '$.meetings[0].attended[2]', /professional "P404"/],
    ['an unknown meeting', (d) => (d.distributions[0]!.meetingId = 'M404'), '$.distributions[0].meetingId', /meeting "M404"/],
    ['an unknown plan', (d) => (d.meetings[1]!.planIds = ['PL404']), '$.meetings[1].planIds[0]', /plan "PL404"/],
    ['a duplicate id', (d) => (d.children[1]!.id = 'C2'), '$.children[1].id', /duplicate id "C2"/],
    ['someone both present and absent', (d) => d.meetings[1]!.apologies.push('P1'), '$.meetings[1].apologies[1]', /both as attended and as apologies/],
    ['an end before the start', (d) => (d.plans[1]!.endDate = '2026-08-01'), '$.plans[1].endDate', /before startDate/],
    ['stages out of order', (d) => (d.disagreements[0]!.stages[1]!.stage = 1), '$.disagreements[0].stages[1].stage', /in order/],
    ['a risk score out of range', (d) => (d.meetings[0]!.riskScore = { score: 11, scale: 'safety' }), '$.meetings[0].riskScore.score', /10/],
  ]

  it.each(cases)('rejects %s with its JSON path and reason, leaving the database as it was', async (_name, breakIt, path, reason) => {
    const t = await fresh()
    const before = tableCounts(t)
    const doc = fixture() as Caseload & Record<string, unknown>
    breakIt(doc)
    const problems = validationProblems(() => importCaseload(t.db, doc))
    expect(problems).toContainEqual({ path, reason: expect.stringMatching(reason) })
    expect(tableCounts(t)).toEqual(before)
  })

  it('reports every problem, not just the first', async () => {
    const t = await fresh()
    const doc = fixture()
    doc.plans[0]!.startDate = '2026-02-30'
    doc.visits[1]!.childId = 'C404'
    ;(doc.actions[0] as Record<string, unknown>).status = 'pending'
    const problems = validationProblems(() => importCaseload(t.db, doc))
    expect(problems.map((p) => p.path).sort()).toEqual(['$.actions[0].status', '$.plans[0].startDate', '$.visits[1].childId'])
  })

  it('names the place of a JSON syntax error and imports nothing', async () => {
    const t = await fresh()
    const file = join(t.dir, 'broken.json')
    const text = readFileSync(FIXTURE, 'utf8')
    writeFileSync(file, text.replace('"seenAlone": false', '"seenAlone": fals'))
    const problems = validationProblems(() => importCaseloadFile(t.db, file))
    expect(problems).toHaveLength(1)
    expect(problems[0]!.path).toBe('$.visits[1]')
    expect(problems[0]!.reason).toMatch(/not valid JSON .*broken\.json, line \d+, column \d+/)
    expect(exportCaseload(t.db).children).toEqual([])
  })

  it('rolls back a caseload that fails half-way through writing, and refuses to merge into a non-empty one', async () => {
    const t = await fresh()
    importCaseloadFile(t.db, FIXTURE)
    const before = exportCaseloadJson(t.db)
    expect(() => importCaseloadFile(t.db, FIXTURE)).toThrow(expect.objectContaining({ code: 'CASELOAD_NOT_EMPTY' }))
    const bad = fixture()
    bad.visits.push({ id: 'V9', childId: 'C404', date: '2026-09-11', seenAlone: true })
    expect(() => importCaseload(t.db, bad, { replace: true })).toThrow(expect.objectContaining({ code: 'VALIDATION' }))
    expect(exportCaseloadJson(t.db)).toBe(before)
    // the import wrote with a rollback journal; the database is back in WAL mode either way
    expect(t.db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    // a valid replacement replaces everything in one go
    const replacement = fixture()
    replacement.children[0]!.name = 'Replaced Child'
    importCaseload(t.db, replacement, { replace: true })
    expect(exportCaseload(t.db).children.map((c) => c.name)).toContain('Replaced Child')
  })

  it('keeps every index: rebuilt after an import, restored after a failed one', async () => {
    const t = await fresh()
    const indexes = () => t.db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all()
    const before = indexes()
    expect(before.length).toBeGreaterThan(10)
    const bad = fixture()
    bad.visits[0]!.childId = 'C404'
    expect(() => importCaseload(t.db, bad)).toThrow()
    expect(indexes()).toEqual(before)
    importCaseloadFile(t.db, FIXTURE)
    expect(indexes()).toEqual(before)
    expect(t.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('accepts references that point forward in the document', async () => {
    const t = await fresh()
    const doc = fixture()
    const reordered: Record<string, unknown> = { format: doc.format, version: doc.version }
    for (const list of [...LIST_NAMES].reverse()) reordered[list] = doc[list]
    importCaseload(t.db, reordered)
    expect(normalise(exportCaseload(t.db))).toEqual(normalise(doc))
  })
})
