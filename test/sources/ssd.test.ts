/**
 * An SSD extract written by another program (csv-stringify) exactly as source-formats.md §1 describes
 * one — Liquidlogic datetimes, UK dates, NULL cells, a BOM, CRLF, a quoted line break, columns in
 * another order and columns Driftwatch does not use, rows to ignore — imports to exactly the document
 * the contract gives, through the CLI.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scanCaseload } from '../../electron/core/drift/scan'
import { writeCsv } from '../helpers/source-extracts'
import { caseloadFile, cli, EMPTY_LISTS, exported, folder, open } from './helpers'

const AGENCY = "Children's Social Care"

export async function writeQuirkyExtract(dir: string): Promise<void> {
  await writeCsv(
    join(dir, 'ssd_cp_plans.csv'),
    ['cppl_cp_plan_ola', 'cppl_cp_plan_id', 'cppl_person_id', 'cppl_referral_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date', ' CPPL_CP_PLAN_INITIAL_CATEGORY ', 'cppl_cp_plan_latest_category', 'cppl_icpc_id'],
    [
      ['N', 'P1', 'C1', 'R1', '2026-01-05 00:00:00.000', 'NULL', 'Neglect', 'NULL', 'I1'],
      ['N', 'P0', 'C1', null, '2023-03-01', '2024-02-01T00:00:00', 'PHY', 'Emotional abuse', null],
      ['Y', 'P9', 'C9', null, '2026-01-01', null, 'Neglect', null, null],
      [null, null, null, null, null, null, null, null, null],
      ['NULL', 'P2', 'C2', null, '5/1/2026', '', 'Multiple: Neglect, Emotional abuse', 'e) Multiple/not recommended', 'NULL'],
    ],
    { bom: true, crlf: true },
  )
  await writeCsv(
    join(dir, 'ssd_person.csv'),
    ['pers_person_id', 'pers_legacy_id', 'pers_forename', 'pers_surname', 'pers_sex', 'pers_gender', 'pers_ethnicity', 'pers_dob', 'pers_expected_dob'],
    [
      ['C3', null, 'Not', 'Imported', 'F', 'F', 'WBRI', '2010-01-01', null],
      ['C1', 'L1', '  Jamie ', 'Smith', 'M', 'NULL', 'WBRI', '2015-04-02 00:00:00.000', 'NULL'],
      ['C9', null, 'Other', 'LA', 'M', 'M', 'WBRI', '2012-01-01', null],
      ['C2', null, 'Ann\r\nMarie', 'Jones', 'F', '02', 'Unknown', 'NULL', '2016-01-01'],
    ],
    { nullAs: 'NULL' },
  )
  await writeCsv(
    join(dir, 'ssd_involvements.csv'),
    ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_professional_team', 'invo_person_id', 'invo_involvement_start_date', 'invo_involvement_end_date', 'invo_worker_change_reason'],
    [
      ['A1', 'W1', 'CW', 'T1', 'C1', '2025-12-01 00:00:00.000', '2026-02-01 00:00:00.000', 'NULL'],
      ['A2', 'W2', 'cw', 'T1', 'C1', '2026-02-02 00:00:00.000', 'NULL', 'leftrl'],
      ['A3', 'W3', 'Allocated Case Worker', 'Team Blue', 'C2', '01/01/2026', 'NULL', 'Start'],
      ['A4', 'W9', 'TM', 'T1', 'C1', '2025-12-01', null, null],
      ['A5', 'NULL', 'CW', 'T1', 'C2', '2025-12-01', null, null],
      ['A6', 'W1', 'CW', 'T1', 'C3', '2025-12-01', null, null],
    ],
  )
  await writeCsv(
    join(dir, 'ssd_professionals.csv'),
    ['prof_professional_id', 'prof_staff_id', 'prof_professional_name', 'prof_professional_job_title'],
    [
      ['W1', 'S1', 'Sam   Lee', 'Social Worker'],
      ['W2', 'S2', 'Pat Kaur', 'Deputy Team Manager'],
      ['W8', 'S8', 'Not Named', 'Team Manager'],
    ],
    { crlf: true },
  )
  await writeCsv(join(dir, 'ssd_department.csv'), ['dept_team_id', 'dept_team_name'], [['T1', 'Team Red']], { bom: true })
  await writeCsv(
    join(dir, 'ssd_initial_cp_conference.csv'),
    ['icpc_icpc_id', 'icpc_cp_plan_id', 'icpc_icpc_target_date', 'icpc_icpc_date'],
    [
      ['I1', 'NULL', '2025-12-19', '2025-12-20 00:00:00.000'],
      ['I2', 'P2', null, '20/12/2025'],
      ['I3', 'NULL', null, '2025-11-01'],
      ['I4', 'P0', null, 'NULL'],
    ],
  )
  await writeCsv(
    join(dir, 'ssd_cp_reviews.csv'),
    ['cppr_cp_review_id', 'cppr_cp_plan_id', 'cppr_cp_review_due', 'cppr_cp_review_date'],
    [
      ['R1', 'P1', '2026-03-01', '2026-03-01 00:00:00.000'],
      ['R2', 'P1', '2026-08-01', 'NULL'],
      ['I1', 'P2', null, '2026-03-10'],
    ],
  )
  await writeCsv(
    join(dir, 'ssd_cp_visits.csv'),
    ['cppv_cp_visit_id', 'cppv_person_id', 'cppv_cp_plan_id', 'cppv_cp_visit_date', 'cppv_cp_visit_seen', 'cppv_cp_visit_seen_alone'],
    [
      ['V1', 'C1', 'P1', '2026-01-10 00:00:00.000', 'Y', 'Y'],
      ['V2', 'NULL', 'P2', '2026-01-12 09:30', 'Y', 'N'],
      ['V3', 'C1', 'NULL', '2026-02-01', 'Y', 'Yes'],
      ['V4', 'C3', 'NULL', '2026-02-01', 'Y', 'Y'],
      ['V5', 'C1', 'P1', 'NULL', 'N', 'N'],
      ['V6', 'C2', 'NULL', '2026-02-03', 'Y', 'NULL'],
    ],
    { crlf: true },
  )
}

/** What the contract says that extract is (§1.2–1.3). */
export const QUIRKY_DOC = {
  format: 'driftwatch.caseload',
  version: 1,
  ...EMPTY_LISTS,
  children: [
    { id: 'C1', name: 'Jamie Smith', dateOfBirth: '2015-04-02', gender: 'male', ethnicity: 'WBRI', complex: false, team: 'Team Red' },
    { id: 'C2', name: 'Ann Marie Jones', dateOfBirth: null, gender: 'female', ethnicity: null, complex: false, team: 'Team Blue' },
  ],
  professionals: [
    { id: 'W1', name: 'Sam Lee', role: 'social-worker', agency: AGENCY, email: null, phone: null },
    { id: 'W2', name: 'Pat Kaur', role: 'deputy-manager', agency: AGENCY, email: null, phone: null },
    { id: 'W3', name: 'W3', role: 'social-worker', agency: AGENCY, email: null, phone: null },
  ],
  allocations: [
    { id: 'A1', childId: 'C1', professionalId: 'W1', startDate: '2025-12-01', endDate: '2026-02-01', changeReason: null },
    { id: 'A2', childId: 'C1', professionalId: 'W2', startDate: '2026-02-02', endDate: null, changeReason: 'LEFTRL' },
    { id: 'A3', childId: 'C2', professionalId: 'W3', startDate: '2026-01-01', endDate: null, changeReason: null },
  ],
  plans: [
    { id: 'P0', childId: 'C1', startDate: '2023-03-01', endDate: '2024-02-01', initialCategory: 'physical', latestCategory: 'emotional', previousPlans: 0 },
    { id: 'P1', childId: 'C1', startDate: '2026-01-05', endDate: null, initialCategory: 'neglect', latestCategory: null, previousPlans: 1 },
    { id: 'P2', childId: 'C2', startDate: '2026-01-05', endDate: null, initialCategory: 'multiple', latestCategory: 'multiple', previousPlans: 0 },
  ],
  conferences: [
    { id: 'ICPC-I1', planId: 'P1', kind: 'initial', date: '2025-12-20' },
    { id: 'ICPC-I2', planId: 'P2', kind: 'initial', date: '2025-12-20' },
    { id: 'RCPC-I1', planId: 'P2', kind: 'review', date: '2026-03-10' },
    { id: 'RCPC-R1', planId: 'P1', kind: 'review', date: '2026-03-01' },
  ],
  visits: [
    { id: 'V1', childId: 'C1', date: '2026-01-10', seenAlone: true },
    { id: 'V2', childId: 'C2', date: '2026-01-12', seenAlone: false },
    { id: 'V3', childId: 'C1', date: '2026-02-01', seenAlone: true },
    { id: 'V6', childId: 'C2', date: '2026-02-03', seenAlone: false },
  ],
}

describe('SSD extract', () => {
  it('imports an extract written by another program to exactly the document the contract describes', async () => {
    const dir = folder()
    const extract = join(dir, 'extract')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(extract)
    await writeQuirkyExtract(extract)
    const db = await caseloadFile(dir)

    const dry = await cli(['import', '--db', db, '--from', 'ssd', extract, '--dry-run', '--json'])
    expect(dry.code, dry.stderr).toBe(0)
    const preview = JSON.parse(dry.stdout)
    expect(Object.keys(preview)).toEqual(['source', 'added', 'changed', 'removed', 'conflicts', 'ignoredRows'])
    expect(preview.added.visits).toEqual(['V1', 'V2', 'V3', 'V6'])
    expect(Object.keys(preview.added)).toEqual(Object.keys(EMPTY_LISTS))
    expect((await exported(db)).children).toEqual([])

    const r = await cli(['import', '--db', db, '--from', 'ssd', extract, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result).toEqual({ ...preview })
    expect(result.source).toBe('ssd')
    expect(result.added.conferences).toEqual(['ICPC-I1', 'ICPC-I2', 'RCPC-I1', 'RCPC-R1'])
    expect(result.ignoredRows).toEqual({
      'ssd_cp_plans.csv': 2,
      'ssd_person.csv': 2,
      'ssd_involvements.csv': 3,
      'ssd_professionals.csv': 1,
      'ssd_department.csv': 0,
      'ssd_initial_cp_conference.csv': 2,
      'ssd_cp_reviews.csv': 1,
      'ssd_cp_visits.csv': 2,
    })
    expect(await exported(db)).toEqual(QUIRKY_DOC)

    // The same extract again changes nothing.
    const second = await cli(['import', '--db', db, '--from', 'ssd', extract, '--json'])
    expect(second.code, second.stderr).toBe(0)
    const again = JSON.parse(second.stdout)
    for (const k of ['added', 'changed', 'removed'] as const) expect(Object.values(again[k]).flat()).toEqual([])
    expect(again.conflicts).toEqual([])
    expect(await exported(db)).toEqual(QUIRKY_DOC)
  })

  it('gives the drift the brief describes: no core group recorded, so the first core group is overdue for every open plan', async () => {
    const dir = folder()
    const extract = join(dir, 'extract')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(extract)
    await writeQuirkyExtract(extract)
    const path = await caseloadFile(dir)
    expect((await cli(['import', '--db', path, '--from', 'ssd', extract])).code).toBe(0)
    const r = await cli(['drift', '--db', path, '--as-of', '2026-03-16', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; planId: string }[]
    const first = findings.filter((f) => f.ruleId === 'first-core-group-overdue').map((f) => f.planId).sort()
    expect(first).toEqual(['P1', 'P2'])
    expect(findings.some((f) => f.planId === 'P0')).toBe(false)
    // The worker changed on P1 (A1 → A2 with a reason) and C2's last visit was 3 Feb: the rules see the SSD's records.
    const db = await open(path)
    const scan = scanCaseload(db, { asOf: '2026-03-16' })
    expect(scan.findings.map((f) => f.ruleId)).toEqual(findings.map((f) => f.ruleId))
    expect(findings.some((f) => f.ruleId === 'visit-overdue' && f.planId === 'P2')).toBe(true)
  })
})
