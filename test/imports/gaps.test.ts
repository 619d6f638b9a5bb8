/**
 * Filling the gaps an import leaves (issue 10 item 5): the count of plans with no core group, the
 * baseline table (recorded through the record API, all rows or none), and the tracker template
 * (exactly source-formats.md §3's columns, which the tracker import takes back).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import { scanCaseload } from '../../electron/core/drift/scan'
import { recordBaseline } from '../../electron/core/gaps/baseline'
import { TRACKER_HEADERS, trackerTemplate } from '../../electron/core/gaps/tracker-template'
import { countPlansWithoutCoreGroup, plansWithoutCoreGroup, professionalsKnownFor } from '../../electron/core/queries/gaps'
import { runSourceImport } from '../../electron/core/sources'
import { runCli } from '../../electron/cli/main'
import { createHandlers } from '../../electron/core/app/handlers'
import { Session } from '../../electron/core/app/session'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { DriftwatchError } from '../../shared/errors'
import { captureStream } from '../helpers/capture'
import { tempCaseload, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'
import { unpackCaseloadTable } from '../../shared/caseload-table'

const TODAY = '2026-11-26'
const ctx = { actor: 'Test chair', today: TODAY, now: () => '2026-11-26T10:00:00.000Z' }

/** Three children with plans; only PL2 has a core group. C3's name would run as a spreadsheet formula. */
const DOC = {
  format: 'driftwatch.caseload',
  version: 1,
  children: [
    { id: 'C1', name: 'Fictional Ant', complex: false },
    { id: 'C2', name: 'Fictional Bee', complex: false },
    { id: 'C3', name: '=Fictional Cee', complex: false },
  ],
  professionals: [
    { id: 'P1', name: 'Sam Worker', role: 'social-worker', agency: "Children's Social Care" },
    { id: 'P2', name: 'Hana Visitor', role: 'health', agency: 'Health' },
    { id: 'P3', name: 'Chris Chair', role: 'cp-chair', agency: "Children's Social Care" },
  ],
  allocations: [
    { id: 'A1', childId: 'C1', professionalId: 'P1', startDate: '2026-08-01' },
    { id: 'A3', childId: 'C3', professionalId: 'P1', startDate: '2026-09-20' },
  ],
  plans: [
    { id: 'PL1', childId: 'C1', startDate: '2026-09-01', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PL2', childId: 'C2', startDate: '2026-09-01', initialCategory: 'physical', previousPlans: 0 },
    { id: 'PL3', childId: 'C3', startDate: '2026-10-01', initialCategory: 'emotional', previousPlans: 0 },
  ],
  conferences: [],
  members: [{ planId: 'PL2', professionalId: 'P2', fromDate: '2026-09-01' }],
  meetings: [
    { id: 'M1', planIds: ['PL2'], date: '2026-09-14', chairId: 'P3', attended: ['P2'], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true },
  ],
  distributions: [],
  actions: [],
  disagreements: [],
  visits: [],
}

let t: Awaited<ReturnType<typeof tempCaseload>>
beforeEach(async () => {
  t = await tempCaseload()
  importCaseload(t.db, DOC)
  // As if an SSD extract had brought the plans in (a JSON import's records are local).
  t.db.sqlite.prepare("UPDATE plans SET source = 'ssd', source_id = id").run()
})
afterEach(() => t.cleanup())

const firstCoreGroupFindings = (db: CaseloadDb) =>
  scanCaseload(db, { asOf: TODAY })
    .findings.filter((f) => f.ruleId === 'first-core-group-overdue')
    .map((f) => f.planId)
    .sort()
const counts = (db: CaseloadDb) =>
  db.sqlite.prepare('SELECT (SELECT count(*) FROM meetings) AS meetings, (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM change_log) AS changes').get()

const row = (planId: string, date: string, extra: Record<string, unknown> = {}) => ({
  planId,
  date,
  chairId: 'P3',
  attended: [] as string[],
  planAvailable: true,
  childViewsRecorded: false,
  riskReviewed: true,
  ...extra,
})

describe('plans with no core group recorded', () => {
  it('counts the imported plans open on the date with no meeting held by then', () => {
    expect(countPlansWithoutCoreGroup(t.db.sqlite, TODAY)).toBe(2)
    // A plan typed in here is not an import's gap: the drift rules say when its first core group is due.
    t.db.sqlite.prepare("UPDATE plans SET source = NULL, source_id = NULL WHERE id = 'PL3'").run()
    expect(countPlansWithoutCoreGroup(t.db.sqlite, TODAY)).toBe(1)
    t.db.sqlite.prepare("UPDATE plans SET source = 'annex-a', source_id = id WHERE id = 'PL3'").run()
    expect(countPlansWithoutCoreGroup(t.db.sqlite, TODAY)).toBe(2)
    // Before PL2's meeting and before PL3 started: PL1 and PL2.
    expect(plansWithoutCoreGroup(t.db.sqlite, '2026-09-10', 10).map((p) => p.planId)).toEqual(['PL1', 'PL2'])
    expect(plansWithoutCoreGroup(t.db.sqlite, TODAY, 10)).toEqual([
      { planId: 'PL3', childId: 'C3', childName: '=Fictional Cee', planStart: '2026-10-01' },
      { planId: 'PL1', childId: 'C1', childName: 'Fictional Ant', planStart: '2026-09-01' },
    ])
    expect(plansWithoutCoreGroup(t.db.sqlite, TODAY, 1)).toHaveLength(1)
  })

  it('knows the professionals of each plan: members first, then the child’s allocated workers', () => {
    expect(professionalsKnownFor(t.db.sqlite, ['PL1', 'PL2'], TODAY)).toEqual([
      { planId: 'PL1', id: 'P1', name: 'Sam Worker', role: 'social-worker', why: 'worker' },
      { planId: 'PL2', id: 'P2', name: 'Hana Visitor', role: 'health', why: 'member' },
    ])
    // A worker allocated after the date is not known yet.
    expect(professionalsKnownFor(t.db.sqlite, ['PL3'], '2026-09-10')).toEqual([])
  })
})

describe('baseline table', () => {
  it('records a core group per filled row, adds attendees to the core group, and the plan’s first-core-group finding goes', () => {
    expect(firstCoreGroupFindings(t.db)).toEqual(['PL1', 'PL3'])
    const result = recordBaseline(t.db, ctx, { rows: [row('PL1', '2026-10-15', { attended: ['P1'] })] })
    expect(result).toEqual({
      meetings: 1,
      membersAdded: 1,
      summary: 'Recorded one core group meeting as the latest before Driftwatch, and added one attendee to their plan’s core group from the plan start (15 Oct 2026).'.replace('’', "'"),
    })
    expect(firstCoreGroupFindings(t.db)).toEqual(['PL3'])
    expect(countPlansWithoutCoreGroup(t.db.sqlite, TODAY)).toBe(1)
    const meeting = t.db.sqlite.prepare("SELECT m.date, m.chair_id AS chair, m.plan_available AS pa, m.child_views_recorded AS cv FROM meetings m JOIN meeting_plans mp ON mp.meeting_id = m.id WHERE mp.plan_id = 'PL1'").get()
    expect(meeting).toEqual({ date: '2026-10-15', chair: 'P3', pa: 1, cv: 0 })
    expect(t.db.sqlite.prepare("SELECT professional_id AS p, from_date AS f, to_date AS t FROM members WHERE plan_id = 'PL1'").all()).toEqual([{ p: 'P1', f: '2026-09-01', t: null }])
    const att = t.db.sqlite.prepare("SELECT professional_id AS p, attended FROM meeting_attendance ma JOIN meeting_plans mp ON mp.meeting_id = ma.meeting_id WHERE mp.plan_id = 'PL1'").all()
    expect(att).toEqual([{ p: 'P1', attended: 1 }])
  })

  it('records several rows in one go', () => {
    const result = recordBaseline(t.db, ctx, { rows: [row('PL1', '2026-10-15'), row('PL3', '2026-10-20', { attended: ['P1'] })] })
    expect(result.meetings).toBe(2)
    expect(result.summary).toBe("Recorded 2 core group meetings as the latest before Driftwatch, and added one attendee to their plan's core group from the plan start.")
    expect(firstCoreGroupFindings(t.db)).toEqual([])
  })

  it('writes nothing when any row is wrong, and says which row and field', () => {
    const before = counts(t.db)
    let error: unknown
    try {
      recordBaseline(t.db, ctx, {
        rows: [
          row('PL1', '2026-10-15', { attended: ['P1'] }),
          row('PL3', '2026-09-20'), // before the plan started
          row('PL1x', '2026-10-01'),
          { ...row('PL2', '2026-11-27'), chairId: 'NOBODY' }, // after today, unknown chair
        ],
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DriftwatchError)
    const e = error as DriftwatchError
    expect(e.code).toBe('VALIDATION')
    expect(e.message).toBe('3 rows need correcting; nothing has been recorded.')
    expect(e.problems).toEqual([
      { path: '$.rows[1].date', reason: 'cannot be before the start of the plan (1 Oct 2026)' },
      { path: '$.rows[2].planId', reason: 'is not a plan in this caseload' },
      { path: '$.rows[3].date', reason: 'cannot be after today (26 Nov 2026)' },
      { path: '$.rows[3].chairId', reason: 'is not a professional in this caseload' },
    ])
    // Row 0 was valid and written inside the transaction, then rolled back with the rest.
    expect(counts(t.db)).toEqual(before)
    expect(firstCoreGroupFindings(t.db)).toEqual(['PL1', 'PL3'])
  })

  it('refuses the same plan twice, an attendee whose membership does not cover the date, and an empty table', () => {
    expect(() => recordBaseline(t.db, ctx, { rows: [row('PL1', '2026-10-15'), row('PL1', '2026-10-16')] })).toThrow(
      expect.objectContaining({ problems: [{ path: '$.rows[1].planId', reason: 'is already on row 1: one baseline core group per plan' }] }),
    )
    t.db.sqlite.prepare("INSERT INTO members (plan_id, professional_id, from_date, to_date) VALUES ('PL1', 'P2', '2026-11-01', NULL)").run()
    expect(() => recordBaseline(t.db, ctx, { rows: [row('PL1', '2026-10-15', { attended: ['P2'] })] })).toThrow(
      expect.objectContaining({ problems: [{ path: '$.rows[0].attended[0]', reason: 'is not a member of the core group on 15 Oct 2026' }] }),
    )
    expect(() => recordBaseline(t.db, ctx, { rows: [] })).toThrow(expect.objectContaining({ code: 'VALIDATION', problems: [{ path: '$.rows', reason: expect.stringMatching(/at least one row/) }] }))
  })

  it('goes through the IPC handlers with the summary and the table rows', async () => {
    const session = new Session({ dbPath: t.path, kdf: TEST_KDF, today: () => TODAY })
    t.db.close()
    await session.unlock(TEST_PASSPHRASE)
    try {
      const handlers = createHandlers(session, (db, { asOf }) => scanCaseload(db, { asOf }))
      expect(await handlers['gaps:summary']({ asOf: TODAY })).toEqual({ asOf: TODAY, plansWithoutCoreGroup: 2 })
      const table = await handlers['gaps:baseline']({ asOf: TODAY })
      expect(table.rowsOmitted).toBe(0)
      expect(table.rows.map((r) => [r.planId, r.known.map((k) => `${k.id} ${k.why}`)])).toEqual([
        ['PL3', ['P1 allocated worker']],
        ['PL1', ['P1 allocated worker']],
      ])
      const saved = await handlers['gaps:baseline-save']({ rows: [row('PL3', '2026-10-20', { attended: ['P1'] })] })
      expect(saved.meetings).toBe(1)
      expect(await handlers['gaps:summary']({ asOf: TODAY })).toEqual({ asOf: TODAY, plansWithoutCoreGroup: 1 })
      // The finding is gone from the (cached, then invalidated) scan the dashboard reads.
      const overview = await handlers['caseload:table']({ asOf: TODAY })
      expect(unpackCaseloadTable(overview).find((r) => r.planId === 'PL3')!.findings.map((f) => f.ruleId)).not.toContain('first-core-group-overdue')
      const template = await handlers['gaps:tracker-template']({ asOf: TODAY })
      expect(template).toMatchObject({ kind: 'download', fileName: `core-group-tracker-${TODAY}.csv`, mimeType: 'text/csv;charset=utf-8', rows: 3 })
    } finally {
      session.closeNow()
      t.db = await (await import('../../electron/core/db/caseload-db')).openCaseload({ path: t.path, passphrase: TEST_PASSPHRASE })
    }
  })
})

describe('tracker template', () => {
  it('is §3’s columns in order (and the child’s name last), one row per open plan, BOM and CRLF', () => {
    const { csv, rows } = trackerTemplate(t.db, TODAY)
    expect(rows).toBe(3)
    expect(csv).toBe(
      '\uFEFF' +
        [
          'Meeting ID,Child ID,Plan ID,Plan start date,Meeting date,Chair,Attended,Apologies,Plan available,Child views recorded,Risk reviewed,Risk score,Risk scale,Decisions sent date,Child name',
          ',C1,PL1,2026-09-01,,,,,,,,,,,Fictional Ant',
          ',C2,PL2,2026-09-01,,,,,,,,,,,Fictional Bee',
          ",C3,PL3,2026-10-01,,,,,,,,,,,'=Fictional Cee",
          '',
        ].join('\r\n'),
    )
    expect(TRACKER_HEADERS).toHaveLength(14)
    // Before PL3 started, it is not listed.
    expect(trackerTemplate(t.db, '2026-09-15').rows).toBe(2)
  })

  it('quotes what needs quoting, and round-trips through csv-parse', async () => {
    t.db.sqlite.prepare("UPDATE children SET name = 'Ann \"Nan\" Smith, Jr' WHERE id = 'C1'").run()
    const parsed = parse(trackerTemplate(t.db, TODAY).csv, { bom: true, columns: true }) as Record<string, string>[]
    expect(parsed[0]).toMatchObject({ 'Child ID': 'C1', 'Plan ID': 'PL1', 'Plan start date': '2026-09-01', 'Child name': 'Ann "Nan" Smith, Jr' })
  })

  it('comes back through the tracker import once filled in (rows left empty deleted)', async () => {
    const { csv } = trackerTemplate(t.db, TODAY)
    const records = parse(csv, { bom: true }) as string[][]
    const header = records[0]!
    const col = (name: string) => header.indexOf(name)
    const filled = records.filter((r) => r[col('Plan ID')] === 'PL1' || r[col('Plan ID')] === 'PL3')
    filled[0]![col('Meeting date')] = '16/10/2026'
    filled[0]![col('Chair')] = 'P3'
    filled[0]![col('Plan available')] = 'Y'
    filled[1]![col('Meeting date')] = '2026-10-21'
    filled[1]![col('Chair')] = 'P3'
    const file = join(t.dir, 'tracker.csv')
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
    writeFileSync(file, [header, ...filled].map((r) => r.map(quote).join(',')).join('\r\n'))
    const result = await runSourceImport(t.db, { source: 'tracker', path: file, dryRun: false })
    expect(result.added.meetings).toEqual(['PL1-CG-2026-10-16', 'PL3-CG-2026-10-21'])
    expect(firstCoreGroupFindings(t.db)).toEqual([])
  })

  it('is written by the command line verb, owner-only, and the verb needs --out', async () => {
    t.db.close()
    const out = join(t.dir, 'template.csv')
    const run = async (args: string[]) => {
      const stdout = captureStream()
      const stderr = captureStream()
      const previous = process.env.DRIFTWATCH_PASSPHRASE
      process.env.DRIFTWATCH_PASSPHRASE = TEST_PASSPHRASE
      try {
        const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream })
        return { code, stderr: stderr.text() }
      } finally {
        if (previous === undefined) delete process.env.DRIFTWATCH_PASSPHRASE
        else process.env.DRIFTWATCH_PASSPHRASE = previous
      }
    }
    try {
      const ok = await run(['export-tracker-template', '--db', t.path, '--out', out, '--as-of', TODAY])
      expect(ok.code).toBe(0)
      expect(ok.stderr).toMatch(/Wrote .*template\.csv: 3 open plans on 2026-11-26/)
      expect(readFileSync(out, 'utf8')).toContain(',C3,PL3,2026-10-01,')
      expect(statSync(out).mode & 0o777).toBe(0o600)
      const missing = await run(['export-tracker-template', '--db', t.path])
      expect(missing.code).toBe(1)
      expect(missing.stderr).toMatch(/--out FILE\.csv is required/)
      const badDate = await run(['export-tracker-template', '--db', t.path, '--out', out, '--as-of', '2026-02-30'])
      expect(badDate.code).toBe(1)
    } finally {
      t.db = await (await import('../../electron/core/db/caseload-db')).openCaseload({ path: t.path, passphrase: TEST_PASSPHRASE })
    }
  })
})
