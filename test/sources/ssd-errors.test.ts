/**
 * Every error of source-formats.md §1.1 and §1.5: the CLI exits 1, prints `FILE:ROW: COLUMN: reason`
 * (or `FILE: reason`), and nothing is written.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCsv, type CellValue } from '../helpers/source-extracts'
import { caseloadFile, cli, exported, folder } from './helpers'

type Table = { header: string[]; rows: CellValue[][] }
const PLAN_HEADER = ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date', 'cppl_cp_plan_initial_category', 'cppl_cp_plan_latest_category', 'cppl_cp_plan_ola', 'cppl_icpc_id']

function base(): Record<string, Table | null> {
  return {
    ssd_cp_plans: {
      header: PLAN_HEADER,
      rows: [
        ['P1', 'C1', '2026-01-05', null, 'Neglect', null, 'N', 'I1'],
        ['P2', 'C2', '2026-02-01', null, 'EMO', null, 'N', null],
      ],
    },
    ssd_person: {
      header: ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_dob'],
      rows: [
        ['C1', 'Amy\nRose', 'Ng', '2015-01-01'],
        ['C2', 'Ben', 'Ng', '2016-01-01'],
      ],
    },
    ssd_involvements: {
      header: ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_person_id', 'invo_involvement_start_date', 'invo_involvement_end_date'],
      rows: [['A1', 'W1', 'CW', 'C1', '2026-01-05', null]],
    },
    ssd_initial_cp_conference: { header: ['icpc_icpc_id', 'icpc_cp_plan_id', 'icpc_icpc_date'], rows: [['I1', 'P1', '2026-01-01']] },
    ssd_cp_reviews: { header: ['cppr_cp_review_id', 'cppr_cp_plan_id', 'cppr_cp_review_date'], rows: [['R1', 'P1', '2026-03-01']] },
    ssd_cp_visits: { header: ['cppv_cp_visit_id', 'cppv_person_id', 'cppv_cp_visit_date', 'cppv_cp_visit_seen_alone'], rows: [['V1', 'C1', '2026-01-10', 'Y']] },
  }
}

async function check(change: (t: Record<string, Table | null>) => void, expected: string[]) {
  const dir = folder()
  const extract = join(dir, 'extract')
  rmSync(extract, { recursive: true, force: true })
  mkdirSync(extract)
  const tables = base()
  change(tables)
  for (const [name, t] of Object.entries(tables)) if (t) await writeCsv(join(extract, `${name}.csv`), t.header, t.rows, { crlf: true })
  const db = await caseloadFile(dir)
  const r = await cli(['import', '--db', db, '--from', 'ssd', extract])
  expect(r.code).toBe(1)
  const lines = r.stderr.split('\n').filter((l) => /^ssd_\w+\.csv:/.test(l))
  expect(lines).toEqual(expected)
  expect((await exported(db)).children).toEqual([])
}

const set = (t: Table | null | undefined, row: number, column: string, v: CellValue) => {
  t!.rows[row]![t!.header.indexOf(column)] = v
}

describe('SSD extract errors (§1.1, §1.5)', () => {
  it('the base extract imports', async () => {
    const dir = folder()
    const extract = join(dir, 'extract')
    mkdirSync(extract)
    for (const [name, t] of Object.entries(base())) if (t) await writeCsv(join(extract, `${name}.csv`), t.header, t.rows)
    const db = await caseloadFile(dir)
    const r = await cli(['import', '--db', db, '--from', 'ssd', extract])
    expect(r.code, r.stderr).toBe(0)
  })

  it('a missing required file', () => check((t) => (t.ssd_person = null), ['ssd_person.csv: missing file']))

  it('a missing required column', () =>
    check((t) => {
      t.ssd_cp_visits!.header[2] = 'cppv_visit_when'
    }, ['ssd_cp_visits.csv:1: cppv_cp_visit_date: missing column']))

  it('blank ids', () =>
    check((t) => {
      set(t.ssd_cp_plans, 1, 'cppl_cp_plan_id', 'NULL')
      set(t.ssd_involvements, 0, 'invo_involvements_id', '')
      set(t.ssd_initial_cp_conference, 0, 'icpc_icpc_id', 'NULL')
      set(t.ssd_cp_reviews, 0, 'cppr_cp_review_id', ' ')
      set(t.ssd_cp_visits, 0, 'cppv_cp_visit_id', 'NULL')
    }, [
      'ssd_cp_plans.csv:3: cppl_cp_plan_id: must not be blank',
      'ssd_involvements.csv:2: invo_involvements_id: must not be blank',
      'ssd_initial_cp_conference.csv:2: icpc_icpc_id: must not be blank',
      'ssd_cp_reviews.csv:2: cppr_cp_review_id: must not be blank',
      'ssd_cp_visits.csv:2: cppv_cp_visit_id: must not be blank',
    ]))

  it('ids repeated within a file, and a person repeated among imported children (row numbers count records, not lines)', () =>
    check((t) => {
      set(t.ssd_cp_plans, 1, 'cppl_cp_plan_id', 'P1')
      t.ssd_person!.rows.push(['C1', 'Amy', 'Ng', '2015-01-01'], ['C7', 'Not', 'Imported', null], ['C7', 'Not', 'Imported', null])
      t.ssd_cp_visits!.rows.push(['V1', 'C1', '2026-01-11', 'N'])
    }, [
      'ssd_cp_plans.csv:3: cppl_cp_plan_id: "P1" is already on row 2',
      'ssd_person.csv:4: pers_person_id: "C1" is already on row 2',
      'ssd_cp_visits.csv:3: cppv_cp_visit_id: "V1" is already on row 2',
    ]))

  it('a plan with no person, or a person not in ssd_person.csv', () =>
    check((t) => {
      set(t.ssd_cp_plans, 0, 'cppl_person_id', 'NULL')
      set(t.ssd_cp_plans, 1, 'cppl_person_id', 'C404')
    }, ['ssd_cp_plans.csv:2: cppl_person_id: must not be blank', 'ssd_cp_plans.csv:3: cppl_person_id: refers to person "C404", which is not in ssd_person.csv']))

  it('dates: required and blank, unreadable, not real, end before start', () =>
    check((t) => {
      set(t.ssd_cp_plans, 0, 'cppl_cp_plan_start_date', 'NULL')
      set(t.ssd_cp_plans, 1, 'cppl_cp_plan_end_date', '2026-01-31')
      set(t.ssd_person, 1, 'pers_dob', '31/02/2016')
      set(t.ssd_involvements, 0, 'invo_involvement_end_date', '2026-01-04 00:00:00.000')
      set(t.ssd_cp_visits, 0, 'cppv_cp_visit_date', 'last Tuesday')
      set(t.ssd_cp_reviews, 0, 'cppr_cp_review_date', '2026-3-1')
    }, [
      'ssd_cp_plans.csv:2: cppl_cp_plan_start_date: must not be blank',
      'ssd_cp_plans.csv:3: cppl_cp_plan_end_date: is before cppl_cp_plan_start_date',
      'ssd_person.csv:3: pers_dob: "31/02/2016" is not a real date',
      'ssd_involvements.csv:2: invo_involvement_end_date: is before invo_involvement_start_date',
      'ssd_cp_reviews.csv:2: cppr_cp_review_date: "2026-3-1" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'ssd_cp_visits.csv:2: cppv_cp_visit_date: "last Tuesday" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
    ]))

  it('categories: initial blank or unknown, latest unknown', () =>
    check((t) => {
      set(t.ssd_cp_plans, 0, 'cppl_cp_plan_initial_category', 'NULL')
      set(t.ssd_cp_plans, 1, 'cppl_cp_plan_initial_category', 'Domestic abuse')
      t.ssd_cp_plans!.rows.push(['P3', 'C2', '2026-03-01', null, 'a) Neglect', 'Financial', 'N', null])
    }, [
      'ssd_cp_plans.csv:2: cppl_cp_plan_initial_category: must not be blank',
      'ssd_cp_plans.csv:3: cppl_cp_plan_initial_category: "Domestic abuse" is not a category of abuse',
      'ssd_cp_plans.csv:4: cppl_cp_plan_latest_category: "Financial" is not a category of abuse',
    ]))

  it('ignored rows are not validated', async () => {
    const dir = folder()
    const extract = join(dir, 'extract')
    mkdirSync(extract)
    const t = base()
    t.ssd_cp_plans!.rows.push(['P1', 'C404', 'soon', null, 'Nonsense', null, 'Y', null])
    t.ssd_person!.rows.push(['C9', null, null, 'not a date'])
    t.ssd_cp_visits!.rows.push(['V1', 'C9', 'whenever', 'Y'], [null, 'C1', 'NULL', 'Y'])
    t.ssd_involvements!.rows.push([null, 'W2', 'TM', 'C1', 'nope', null])
    for (const [name, table] of Object.entries(t)) if (table) await writeCsv(join(extract, `${name}.csv`), table.header, table.rows)
    const db = await caseloadFile(dir)
    const r = await cli(['import', '--db', db, '--from', 'ssd', extract, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).ignoredRows).toMatchObject({ 'ssd_cp_plans.csv': 1, 'ssd_person.csv': 1, 'ssd_cp_visits.csv': 2, 'ssd_involvements.csv': 1 })
  })

  it('lists at most 200 problems, then counts the rest', async () => {
    const dir = folder()
    const extract = join(dir, 'extract')
    mkdirSync(extract)
    const t = base()
    for (let i = 0; i < 250; i++) t.ssd_cp_visits!.rows.push([`X${i}`, 'C1', 'bad', 'Y'])
    for (const [name, table] of Object.entries(t)) if (table) await writeCsv(join(extract, `${name}.csv`), table.header, table.rows)
    const db = await caseloadFile(dir)
    const r = await cli(['import', '--db', db, '--from', 'ssd', extract])
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n').filter((l) => l.startsWith('ssd_cp_visits.csv:'))).toHaveLength(200)
    expect(r.stderr).toContain('… and 50 more problems')
  })
})
