/**
 * The core-group tracker (source-formats.md §3): meetings into the open caseload, shared meetings,
 * distributions, re-import, and each error of §3.3 with its `FILE:ROW: COLUMN: reason`.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { insertRow } from '../../electron/core/queries/records'
import { writeCsv, writeSsdExtract, type CellValue } from '../helpers/source-extracts'
import { caseloadFile, cli, exported, folder, open } from './helpers'

const AGENCY = "Children's Social Care"
const HEADER = ['Child ID', 'Plan start date', 'Plan ID', 'Meeting ID', 'Meeting date', 'Chair', 'Attended', 'Apologies', 'Plan available', 'Child views recorded', 'Risk reviewed', 'Risk score', 'Risk scale', 'Decisions sent date']

async function caseload() {
  const dir = folder()
  const db = await caseloadFile(dir)
  const ssd = join(dir, 'ssd')
  mkdirSync(ssd)
  const sw = { role: 'social-worker' as const, agency: AGENCY, email: null, phone: null }
  const plan = (id: string, childId: string, startDate: string) => ({ id, childId, startDate, endDate: null, initialCategory: 'neglect' as const, latestCategory: null, previousPlans: 0 })
  await writeSsdExtract(ssd, {
    children: ['C1', 'C2'].map((id) => ({ id, name: `Child ${id}`, dateOfBirth: null, gender: null, ethnicity: null, complex: false, team: null })),
    professionals: [{ id: 'W1', name: 'Sam Lee', ...sw }],
    allocations: [{ id: 'A1', childId: 'C1', professionalId: 'W1', startDate: '2026-01-05', endDate: null, changeReason: null }],
    plans: [plan('P1', 'C1', '2026-01-05'), plan('P2', 'C2', '2026-01-05'), plan('P3', 'C2', '2026-03-01'), plan('P4', 'C2', '2026-03-01')],
    conferences: [],
    visits: [],
  })
  expect((await cli(['import', '--db', db, '--from', 'ssd', ssd])).code).toBe(0)
  return { dir, db }
}

async function tracker(dir: string, rows: CellValue[][], header = HEADER) {
  const file = join(dir, 'tracker.csv')
  await writeCsv(file, header, rows, { bom: true })
  return file
}
const row = (over: Partial<Record<string, CellValue>>): CellValue[] => {
  const r: Record<string, CellValue> = { 'Child ID': 'C1', 'Plan ID': 'P1', 'Meeting date': '2026-01-20', Chair: 'W1', Attended: 'W1', 'Plan available': 'Y', ...over }
  return HEADER.map((h) => r[h] ?? null)
}

describe('core-group tracker', () => {
  it('adds meetings with distributions to the members current on the day, and replaces a meeting with the same id', async () => {
    const { dir, db } = await caseload()
    {
      const c = await open(db)
      insertRow(c.sqlite, 'member', { planId: 'P1', professionalId: 'W1', fromDate: '2026-01-05', toDate: null })
      c.sqlite.prepare("INSERT INTO professionals (id, name, role, agency) VALUES ('SCH', 'School', 'education', 'School')").run()
      insertRow(c.sqlite, 'member', { planId: 'P1', professionalId: 'SCH', fromDate: '2026-01-05', toDate: '2026-01-10' })
      c.close()
    }
    const file = await tracker(dir, [row({ 'Meeting ID': 'M1', Attended: 'HV1', Apologies: 'GP1', 'Risk score': '7', 'Risk scale': 'danger', 'Decisions sent date': '2026-01-22' })])
    const r = await cli(['import', '--db', db, '--from', 'tracker', file, '--json'])
    expect(r.code, r.stderr).toBe(0)
    let doc = await exported(db)
    expect(doc.meetings).toEqual([
      { id: 'M1', planIds: ['P1'], date: '2026-01-20', chairId: 'W1', attended: ['HV1'], apologies: ['GP1'], planAvailable: true, childViewsRecorded: false, riskReviewed: false, riskScore: { score: 7, scale: 'danger' } },
    ])
    expect(doc.distributions).toEqual(['GP1', 'HV1', 'W1'].map((p) => ({ meetingId: 'M1', professionalId: p, date: '2026-01-22' })))
    expect((doc.professionals as { id: string }[]).find((p) => p.id === 'HV1')).toEqual({ id: 'HV1', name: 'HV1', role: 'other', agency: '', email: null, phone: null })

    // The same id again replaces the meeting and all of its distributions.
    const file2 = await tracker(dir, [row({ 'Meeting ID': 'M1', 'Meeting date': '2026-01-21' })])
    const r2 = JSON.parse((await cli(['import', '--db', db, '--from', 'tracker', file2, '--json'])).stdout)
    expect(r2.changed.meetings).toEqual(['M1'])
    doc = await exported(db)
    expect((doc.meetings as { date: string }[])[0]!.date).toBe('2026-01-21')
    expect(doc.distributions).toEqual([])
  })

  it('each error of §3.3 names its row and column, and nothing is written', async () => {
    const { dir, db } = await caseload()
    const file = await tracker(dir, [
      row({ 'Child ID': null, Chair: null, 'Meeting date': null }),
      row({ 'Plan ID': 'P9' }),
      row({ 'Plan ID': 'P2' }),
      row({ 'Plan ID': 'P1', 'Plan start date': '2026-01-06' }),
      row({ 'Plan ID': null, 'Child ID': 'C2', 'Plan start date': '01/03/2026' }),
      row({ 'Plan ID': null, 'Plan start date': '2026-02-01' }),
      row({ 'Meeting date': '2026-13-01', 'Decisions sent date': 'soon' }),
      row({ 'Risk score': '11', 'Risk scale': 'safety' }),
      row({ 'Risk score': '4' }),
      row({ Attended: 'W1;HV1', Apologies: 'HV1' }),
      row({ 'Meeting ID': 'S1' }),
      row({ 'Meeting ID': 'S1', 'Child ID': 'C2', 'Plan ID': 'P2', Chair: 'HV1' }),
      row({ 'Meeting ID': 'S1', 'Plan ID': 'P1' }),
      row({ 'Meeting date': '2026-02-02' }),
      row({ 'Meeting date': '2026-02-02' }),
      row({ 'Meeting date': '2026-02-03' }),
      row({ 'Meeting ID': 'P1-CG-2026-02-03', 'Meeting date': '2026-02-04' }),
    ])
    const r = await cli(['import', '--db', db, '--from', 'tracker', file])
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n').filter((l) => l.startsWith('tracker.csv'))).toEqual([
      'tracker.csv:2: Child ID: must not be blank',
      'tracker.csv:2: Meeting date: must not be blank',
      'tracker.csv:2: Chair: must not be blank',
      'tracker.csv:8: Meeting date: "2026-13-01" is not a real date',
      'tracker.csv:8: Decisions sent date: "soon" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'tracker.csv:9: Risk score: "11" is not a number from 0 to 10',
      'tracker.csv:10: Risk scale: must be safety or danger when a risk score is given',
      'tracker.csv:11: Apologies: "HV1" is listed both in Attended and in Apologies',
      'tracker.csv:3: Plan ID: plan "P9" is not in the caseload',
      'tracker.csv:4: Plan ID: plan "P2" is not a plan of child "C1"',
      'tracker.csv:5: Plan start date: plan "P1" starts on 2026-01-05, not 2026-01-06',
      'tracker.csv:6: Plan start date: child "C2" has 2 plans starting 2026-03-01: give the Plan ID',
      'tracker.csv:7: Plan start date: child "C1" has no plan starting 2026-02-01',
      'tracker.csv:13: Chair: differs from row 12 of meeting "S1"',
      'tracker.csv:14: Plan ID: plan "P1" is already in meeting "S1" on row 12',
      'tracker.csv:16: Child ID: meeting "P1-CG-2026-02-02" is already on row 15',
      'tracker.csv:18: Meeting ID: meeting "P1-CG-2026-02-03" is already on row 17',
    ])
    expect((await exported(db)).meetings).toEqual([])
  })

  it('a missing required column', async () => {
    const { dir, db } = await caseload()
    const file = await tracker(dir, [['C1', '2026-01-20']], ['Child ID', 'Meeting date'])
    const r = await cli(['import', '--db', db, '--from', 'tracker', file])
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n').filter((l) => l.startsWith('tracker.csv'))).toEqual(['tracker.csv:1: Chair: missing column', 'tracker.csv:1: Plan ID: missing column'])
  })
})
