/**
 * Annex A List 7 (source-formats.md §2) written by another program: an .xlsx by exceljs (a title
 * sheet, rows above the header, serial and text dates, a 1904 workbook) and a .csv by csv-stringify.
 * Each imports to exactly the document the contract gives; each error of §2.6 has its line.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LIST7_HEADERS, writeCsv, writeXlsx, type CellValue } from '../helpers/source-extracts'
import { caseloadFile, cli, EMPTY_LISTS, exported, folder, open } from './helpers'

const AGENCY = "Children's Social Care"
const H = [...LIST7_HEADERS] as string[]
// [LX] heads column 5 "Age"; another tool drops the question mark.
const XLSX_HEADERS = H.map((h) => (h === 'Age of Child (Years)' ? 'Age' : h === 'Was the Child Seen Alone?' ? 'was the child seen alone' : h))

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))

function rows(): (CellValue | Date)[][] {
  return [
    ['CH1', 'a) Male', 'a) WBRI', utc(2015, 5, 1), 10, 'b) No', '05/01/2026', 'a) Neglect', 'Physical abuse', '12/02/2026', 'a) Yes', '01/02/2026', null, 'b) No', 1, 'Team North', 'Jo  Bloggs'],
    ['CH1', 'a) Male', 'a) WBRI', utc(2015, 5, 1), 10, 'b) No', 43500, 'EMO', null, '12/02/2026', 'b) No', null, 43800, 'b) No', 0, 'Team South', 'jo bloggs'],
    ['CH2', 'b) Female', 'u) UNKNOWN', null, null, 'c) Unknown', utc(2026, 1, 10), 'e) Multiple/not recommended', null, null, null, null, null, 'b) No', '2.0', 'Team North', 'Unallocated'],
    ['CH3', 'c) Not stated/recorded', 'b) WIRI', '2014-03-03', 11, 'a) Yes', '2026-02-01', 'c) Sexual abuse', 'NULL', '2026-02-20', 'c) Unknown', null, null, 'b) No', null, 'Team East', 'Sam Lee'],
  ]
}

const EXPECTED = {
  format: 'driftwatch.caseload',
  version: 1,
  ...EMPTY_LISTS,
  children: [
    { id: 'CH1', name: 'CH1', dateOfBirth: '2015-05-01', gender: 'male', ethnicity: 'WBRI', complex: false, team: 'Team North' },
    { id: 'CH2', name: 'CH2', dateOfBirth: null, gender: 'female', ethnicity: null, complex: false, team: 'Team North' },
    { id: 'CH3', name: 'CH3', dateOfBirth: '2014-03-03', gender: null, ethnicity: 'WIRI', complex: false, team: 'Team East' },
  ],
  professionals: [
    { id: 'worker:jo bloggs', name: 'Jo Bloggs', role: 'social-worker', agency: AGENCY, email: null, phone: null },
    { id: 'worker:sam lee', name: 'Sam Lee', role: 'social-worker', agency: AGENCY, email: null, phone: null },
  ],
  allocations: [
    { id: 'CH1-AW', childId: 'CH1', professionalId: 'worker:jo bloggs', startDate: '2026-01-05', endDate: null, changeReason: null },
    { id: 'CH3-AW', childId: 'CH3', professionalId: 'worker:sam lee', startDate: '2026-02-01', endDate: null, changeReason: null },
  ],
  plans: [
    { id: 'CH1-2019-02-04', childId: 'CH1', startDate: '2019-02-04', endDate: '2019-12-01', initialCategory: 'emotional', latestCategory: null, previousPlans: 0 },
    { id: 'CH1-2026-01-05', childId: 'CH1', startDate: '2026-01-05', endDate: null, initialCategory: 'neglect', latestCategory: 'physical', previousPlans: 1 },
    { id: 'CH2-2026-01-10', childId: 'CH2', startDate: '2026-01-10', endDate: null, initialCategory: 'multiple', latestCategory: null, previousPlans: 2 },
    { id: 'CH3-2026-02-01', childId: 'CH3', startDate: '2026-02-01', endDate: null, initialCategory: 'sexual', latestCategory: null, previousPlans: 0 },
  ],
  conferences: [{ id: 'CH1-2026-01-05-RCPC-2026-02-01', planId: 'CH1-2026-01-05', kind: 'review', date: '2026-02-01' }],
  visits: [
    { id: 'CH1-visit-2026-02-12', childId: 'CH1', date: '2026-02-12', seenAlone: true },
    { id: 'CH3-visit-2026-02-20', childId: 'CH3', date: '2026-02-20', seenAlone: false },
  ],
}

async function importAnnexA(file: string, extra: string[] = []) {
  const dir = folder()
  const db = await caseloadFile(dir)
  const r = await cli(['import', '--db', db, '--from', 'annex-a', file, '--json', ...extra])
  return { db, r }
}

describe('Annex A List 7', () => {
  it('an .xlsx written by exceljs imports to exactly the contract document', async () => {
    const file = join(folder(), 'AnnexA.xlsx')
    await writeXlsx(file, [
      { name: 'Cover', rows: [['Annex A'], ['Produced for inspection']] },
      { name: 'List 7', rows: [['List 7: children subject of a child protection plan'], ['as at 1 Mar 2026'], XLSX_HEADERS, ...rows(), []] },
    ])
    const { db, r } = await importAnnexA(file)
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result.source).toBe('annex-a')
    expect(result.ignoredRows).toEqual({ 'AnnexA.xlsx': 2 })
    expect(await exported(db)).toEqual(EXPECTED)
  })

  it('a .csv with a BOM and CRLF imports to the same document', async () => {
    const file = join(folder(), 'list7.csv')
    const text = rows().map((r) => r.map((v) => (v instanceof Date ? `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}` : typeof v === 'number' && v > 40000 ? serialToUk(v) : v)))
    await writeCsv(file, H, text, { bom: true, crlf: true })
    const { db, r } = await importAnnexA(file)
    expect(r.code, r.stderr).toBe(0)
    expect(await exported(db)).toEqual(EXPECTED)
  })

  it('a workbook with one sheet of another name and the 1904 date system', async () => {
    const file = join(folder(), 'annex.xlsx')
    await writeXlsx(file, [{ name: 'Sheet1', rows: [H, ['Z1', 'a) Male', 'a) WBRI', null, null, null, 40000, 'Neglect', null, null, null, null, null, 'b) No', 0, 'T', null]] }], { date1904: true })
    const { db, r } = await importAnnexA(file)
    expect(r.code, r.stderr).toBe(0)
    expect(((await exported(db)).plans as { id: string }[]).map((p) => p.id)).toEqual(['Z1-2013-07-07'])
  })

  async function errors(sheetRows: (CellValue | Date)[][], sheets?: { name: string; rows: (CellValue | Date)[][] }[]) {
    const file = join(folder(), 'errors.xlsx')
    await writeXlsx(file, sheets ?? [{ name: 'List 7', rows: sheetRows }])
    const { db, r } = await importAnnexA(file)
    expect(r.code).toBe(1)
    expect((await exported(db)).children).toEqual([])
    return r.stderr.split('\n').filter((l) => l.startsWith('errors.xlsx'))
  }
  const row = (over: Partial<Record<number, CellValue | Date>>): (CellValue | Date)[] => {
    const r: (CellValue | Date)[] = ['E1', 'a) Male', 'a) WBRI', null, null, null, '01/02/2026', 'Neglect', null, null, null, null, null, 'b) No', 0, 'T', 'W']
    for (const [k, v] of Object.entries(over)) r[Number(k) - 1] = v
    return r
  }

  it('each error of §2.6 names its row and column', async () => {
    expect(
      await errors([
        ['title'],
        H,
        row({ 1: 'NULL' }),
        row({ 1: 'E2', 7: null }),
        row({ 1: 'E3', 4: '2015-02-30', 10: 'yesterday', 12: 30 }),
        row({ 1: 'E4', 13: '31/01/2026' }),
        row({ 1: 'E5', 8: null }),
        row({ 1: 'E6', 8: 'Bullying', 9: 'Online' }),
        row({ 1: 'E7', 15: '1.5' }),
        row({ 1: 'E8' }),
        row({ 1: 'E8' }),
      ]),
    ).toEqual([
      'errors.xlsx:3: Child Unique ID: must not be blank',
      'errors.xlsx:4: Child Protection Plan Start Date: must not be blank',
      'errors.xlsx:5: Date of Birth: "2015-02-30" is not a real date',
      'errors.xlsx:5: Date of the Last Statutory Visit: "yesterday" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'errors.xlsx:5: Date of latest review conference: "30" is not a real date',
      'errors.xlsx:6: Child Protection Plan End Date: is before Child Protection Plan Start Date',
      'errors.xlsx:7: Initial Category of Abuse: must not be blank',
      'errors.xlsx:8: Initial Category of Abuse: "Bullying" is not a category of abuse',
      'errors.xlsx:8: Latest Category of Abuse: "Online" is not a category of abuse',
      'errors.xlsx:9: Number of Previous Child Protection Plans: "1.5" is not a whole number',
      'errors.xlsx:11: Child Unique ID: child E8 already has a plan starting 2026-02-01 (row 10)',
    ])
  })

  it('whole-file errors: no List 7 sheet, no header row, a missing required column', async () => {
    expect(await errors([], [{ name: 'A', rows: [H] }, { name: 'B', rows: [H] }])).toEqual(['errors.xlsx: no "List 7" sheet'])
    expect(await errors([['Child ID'], row({})])).toEqual(['errors.xlsx: no header row with "Child Unique ID"'])
    expect(await errors([['x'], H.filter((h) => h !== 'Initial Category of Abuse'), row({})])).toEqual(['errors.xlsx:2: Initial Category of Abuse: missing column'])
  })
})


describe('Annex A sync', () => {
  it('follows the new list but keeps the names recorded here (Annex A has none)', async () => {
    const dir = folder()
    const db = await caseloadFile(dir)
    const first = join(dir, 'first.csv')
    const base = (end: CellValue, visit: CellValue): CellValue[] => ['CH1', 'a) Male', 'a) WBRI', null, null, null, '05/01/2026', 'Neglect', null, visit, 'a) Yes', null, end, 'b) No', 0, 'Team North', 'Jo Bloggs']
    await writeCsv(first, H, [base(null, '10/02/2026')])
    expect((await cli(['import', '--db', db, '--from', 'annex-a', first])).code).toBe(0)
    {
      const c = await open(db)
      c.sqlite.prepare("UPDATE children SET name = 'Jamie Smith' WHERE id = 'CH1'").run()
      c.close()
    }
    const second = join(dir, 'second.csv')
    await writeCsv(second, H, [base('01/03/2026', '24/02/2026')])
    const r = await cli(['import', '--db', db, '--from', 'annex-a', second, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result.changed.plans).toEqual(['CH1-2026-01-05'])
    expect(result.changed.children).toEqual([])
    expect(result.added.visits).toEqual(['CH1-visit-2026-02-24'])
    expect(result.removed.visits).toEqual(['CH1-visit-2026-02-10'])
    const doc = await exported(db)
    expect(doc.children).toEqual([{ id: 'CH1', name: 'Jamie Smith', dateOfBirth: null, gender: 'male', ethnicity: 'WBRI', complex: false, team: 'Team North' }])
    expect((doc.plans as { endDate: string }[])[0]!.endDate).toBe('2026-03-01')
  })
})

function serialToUk(n: number): string {
  const d = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000)
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`
}
