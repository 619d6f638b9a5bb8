/**
 * Black-box checks (written as an independent audit) of the source imports against shared/reference/source-formats.md
 * (§0 shared rules, §1 SSD, §2 Annex A List 7, §3 tracker, §4 sync) and design.md §5 (exit codes).
 * Files are written by hand, the way an authority's tools leave them (upper-case or padded headers,
 * BOM, CRLF, NULL cells, SQL datetimes, UK dates, quoted commas and line breaks, blank trailing rows),
 * or by exceljs for real .xlsx workbooks. Everything goes through the CLI (`runCli`), as a user would.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCliWith } from '../helpers/run-cli'
import type { RecordContext } from '../../electron/core/records/change'
import { recordChild } from '../../electron/core/records/children'
import { recordMember } from '../../electron/core/records/members'
import { recordDistribution, recordMeeting } from '../../electron/core/records/meetings'
import { recordAction } from '../../electron/core/records/actions'
import { recordDisagreement } from '../../electron/core/records/disagreements'
import { recordProfessional } from '../../electron/core/records/professionals'
import { recordVisit } from '../../electron/core/records/visits'
import { LIST7_HEADERS, writeCsv, writeXlsx, type CellValue } from '../helpers/source-extracts'
import { caseloadFile, cli, EMPTY_LISTS, exported, folder, open } from '../sources/helpers'

const AGENCY = "Children's Social Care"
const CRLF = (lines: string[]) => `${lines.join('\r\n')}\r\n`
const LF = (lines: string[]) => `${lines.join('\n')}\n`

/** Writes the files of an SSD extract folder as raw text (exactly the bytes given). */
function ssdFolder(files: Record<string, string>): string {
  const dir = join(folder(), 'extract')
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

/** Problem lines of a CLI run (FILE:ROW: COLUMN: reason or FILE: reason). */
const problemLines = (stderr: string, file: string) => stderr.split('\n').filter((l) => l.startsWith(`${file}:`))

/** An SSD extract as a real Liquidlogic/Mosaic export leaves it: every §0.1/§0.2/§0.3 variation at once. */
function messySsd(): Record<string, string> {
  return {
    // BOM, CRLF, upper/mixed-case and padded headers, columns in another order than the SSD's, extra columns.
    'ssd_cp_plans.csv':
      '\uFEFF' +
      CRLF([
        ' CPPL_CP_PLAN_ID ,cppl_referral_id,CPPL_PERSON_ID,Cppl_Cp_Plan_Start_Date,cppl_cp_plan_end_date,cppl_cp_plan_ola,cppl_cp_plan_initial_category,cppl_cp_plan_latest_category,cppl_icpc_id',
        'P1,R1,C1,2025-09-01 00:00:00.000,NULL,N,Neglect,NULL,I1',
        'P2,R2,C2,14/10/2025,31/1/2026 00:00,N,"Multiple: Neglect, Emotional abuse",Emotional abuse,I2',
        // Another authority's plan: ignored, and its unreadable date is not validated.
        'P3,R3,C3,someday,,Y,Physical abuse,,I4',
        // C1's earlier plan, ended; a SQL Server datetime with a T.
        'P4,R4,C1,2023-03-01T09:15:00,2023-09-01T00:00:00.000,n,NEG,,',
        // Trailing blank rows as Excel and SQL tools leave them.
        ',,,,,,,,',
        'NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL',
        '',
      ]),
    // LF; a quoted forename with a line break and a quoted surname with a comma; pers_dob twice (first wins).
    'ssd_person.csv': LF([
      'pers_legacy_id,pers_dob,pers_sex,pers_gender,pers_ethnicity,pers_surname,pers_forename,pers_person_id,pers_dob',
      'L1,01/02/2015,F,NULL,WBRI,"O\'Neil, Jr","Amy',
      'Rose",C1,1999-01-01',
      'L2,2016-03-04 00:00:00.000,M,09,Unknown,NULL,Ben,C2,1999-01-01',
      // Not on an imported plan: ignored and not validated.
      'L3,not a date,X,X,X,X,X,C3,',
      'L9,31/02/2014,F,F,WBRI,Nobody,Here,C9,',
    ]),
    'ssd_involvements.csv': CRLF([
      'invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_professional_team,invo_person_id,invo_involvement_start_date,invo_involvement_end_date,invo_worker_change_reason,invo_referral_id',
      'A1,W1,CW,T1,C1,2025-09-01 00:00:00.000,2026-01-01 00:00:00.000,NULL,R1',
      'A2,W2,cw,T1,C1,02/01/2026,NULL, leftrl ,R1',
      // Mosaic: the role's description and the team's name.
      'A3,W3,Allocated  Social Worker,Team Blue,C2,14/10/2025,,NEWALLOC,R2',
      // Another role, a blank worker, another person: ignored (and not validated).
      'A4,W9,TM,T1,C1,whenever,,,R1',
      'A5,NULL,CW,T1,C1,whenever,,,R1',
      'A6,W9,CW,T1,C9,whenever,,,R9',
      ',,,,,,,,',
    ]),
    'ssd_professionals.csv': CRLF([
      'prof_professional_id,prof_staff_id,prof_professional_name,prof_professional_job_title',
      'W1,S1,"  Sam   Lee ",Social Worker',
      'W2,S2,"Kaur, Pat",Deputy Team Manager',
      'W9,S9,Not Named,Team Manager',
    ]),
    'ssd_department.csv': CRLF(['dept_team_id,dept_team_name,dept_team_parent_id', 'T1,Team Red,NULL']),
    'ssd_initial_cp_conference.csv': CRLF([
      'icpc_icpc_id,icpc_cp_plan_id,icpc_icpc_date,icpc_icpc_target_date',
      'I1,P1,2025-09-01 00:00:00.000,NULL',
      // No plan id: the plan whose cppl_icpc_id is I2.
      'I2,NULL,14/10/2025,NULL',
      // No date: ignored. The OLA plan's ICPC: ignored.
      'I3,P1,NULL,NULL',
      'I4,P3,2026-01-05,NULL',
    ]),
    'ssd_cp_reviews.csv': CRLF([
      'cppr_cp_review_id,cppr_person_id,cppr_cp_plan_id,cppr_cp_review_due,cppr_cp_review_date',
      'R1,C1,P1,2025-12-01,2025-11-24 00:00:00.000',
      // Not yet held: ignored.
      'R2,C1,P1,2026-03-01,NULL',
    ]),
    'ssd_cp_visits.csv': CRLF([
      'cppv_cp_visit_id,cppv_person_id,cppv_cp_plan_id,cppv_cp_visit_date,cppv_cp_visit_seen,cppv_cp_visit_seen_alone',
      'V1,C1,P1,2025-09-08 14:30:00.000,Y,Y',
      // No person: the child of plan P2.
      'V2,NULL,P2,20/10/2025,Y,N',
      // A child not imported, and a visit with no date: ignored.
      'V3,C9,,2025-10-01,Y,Y',
      'V4,C1,P1,NULL,N,N',
      // A short row: the missing seen-alone cell reads blank (no).
      'V5,C1,P1,2025-10-06',
    ]),
  }
}

const MESSY_SSD_DOC = {
  format: 'driftwatch.caseload',
  version: 1,
  ...EMPTY_LISTS,
  children: [
    { id: 'C1', name: "Amy Rose O'Neil, Jr", dateOfBirth: '2015-02-01', gender: 'female', ethnicity: 'WBRI', complex: false, team: 'Team Red' },
    { id: 'C2', name: 'Ben', dateOfBirth: '2016-03-04', gender: '09', ethnicity: null, complex: false, team: 'Team Blue' },
  ],
  professionals: [
    { id: 'W1', name: 'Sam Lee', role: 'social-worker', agency: AGENCY, email: null, phone: null },
    { id: 'W2', name: 'Kaur, Pat', role: 'deputy-manager', agency: AGENCY, email: null, phone: null },
    { id: 'W3', name: 'W3', role: 'social-worker', agency: AGENCY, email: null, phone: null },
  ],
  allocations: [
    { id: 'A1', childId: 'C1', professionalId: 'W1', startDate: '2025-09-01', endDate: '2026-01-01', changeReason: null },
    { id: 'A2', childId: 'C1', professionalId: 'W2', startDate: '2026-01-02', endDate: null, changeReason: 'LEFTRL' },
    { id: 'A3', childId: 'C2', professionalId: 'W3', startDate: '2025-10-14', endDate: null, changeReason: null },
  ],
  plans: [
    { id: 'P1', childId: 'C1', startDate: '2025-09-01', endDate: null, initialCategory: 'neglect', latestCategory: null, previousPlans: 1 },
    { id: 'P2', childId: 'C2', startDate: '2025-10-14', endDate: '2026-01-31', initialCategory: 'multiple', latestCategory: 'emotional', previousPlans: 0 },
    { id: 'P4', childId: 'C1', startDate: '2023-03-01', endDate: '2023-09-01', initialCategory: 'neglect', latestCategory: null, previousPlans: 0 },
  ],
  conferences: [
    { id: 'ICPC-I1', planId: 'P1', kind: 'initial', date: '2025-09-01' },
    { id: 'ICPC-I2', planId: 'P2', kind: 'initial', date: '2025-10-14' },
    { id: 'RCPC-R1', planId: 'P1', kind: 'review', date: '2025-11-24' },
  ],
  visits: [
    { id: 'V1', childId: 'C1', date: '2025-09-08', seenAlone: true },
    { id: 'V2', childId: 'C2', date: '2025-10-20', seenAlone: false },
    { id: 'V5', childId: 'C1', date: '2025-10-06', seenAlone: false },
  ],
}

describe('SSD extract (§0, §1): a messy real export', () => {
  it('imports to exactly the contract document, ignoring what §1.2 ignores', async () => {
    const extract = ssdFolder(messySsd())
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'ssd', extract, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(await exported(db)).toEqual(MESSY_SSD_DOC)
    const result = JSON.parse(r.stdout)
    expect(result.source).toBe('ssd')
    // OLA plan + 3 blank rows; persons C3 and C9; A4, A5, A6 + a blank row; W9; I3, I4; R2; V3, V4.
    expect(result.ignoredRows).toMatchObject({
      'ssd_cp_plans.csv': 4,
      'ssd_person.csv': 2,
      'ssd_involvements.csv': 4,
      'ssd_professionals.csv': 1,
      'ssd_initial_cp_conference.csv': 2,
      'ssd_cp_reviews.csv': 1,
      'ssd_cp_visits.csv': 2,
    })
    // Every interchange list is a key of added/changed/removed (§4).
    for (const k of ['added', 'changed', 'removed']) expect(Object.keys(result[k]).sort()).toEqual(Object.keys(EMPTY_LISTS).sort())
  })

  it('importing the same messy extract again changes nothing', async () => {
    const extract = ssdFolder(messySsd())
    const db = await caseloadFile(folder())
    expect((await cli(['import', '--db', db, '--from', 'ssd', extract])).code).toBe(0)
    const before = await exported(db)
    const r = await cli(['import', '--db', db, '--from', 'ssd', extract, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout)
    expect([...Object.values(result.added), ...Object.values(result.changed), ...Object.values(result.removed)].flat()).toEqual([])
    expect(result.conflicts).toEqual([])
    expect(await exported(db)).toEqual(before)
  })
})

describe('SSD extract: dates that must be refused (§0.3) name the file, row and column (§0.8)', () => {
  it('ambiguous, two-digit-year, US-order and impossible dates; row numbers count CSV records', async () => {
    const files = messySsd()
    files['ssd_cp_plans.csv'] = CRLF([
      'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,cppl_cp_plan_initial_category,cppl_cp_plan_latest_category,cppl_cp_plan_ola,cppl_icpc_id',
      // A quoted cell spanning two lines is one record (row 2); the next record is row 3.
      'P1,C1,2025-09-01,,"Neglect',
      '",,N,I1',
      'P2,C2,01/02/26,,Neglect,,N,I2',
      'P4,C1,12/31/2025,,Neglect,,N,',
      'P5,C1,2025-02-29 00:00:00.000,,Neglect,,N,',
      'P6,C1,2026/01/05,,Neglect,,N,',
      'P7,C1,29/02/2025,,Neglect,,N,',
      'P8,C1,45000,,Neglect,,N,',
      'P9,C1,5-1-2026,,Neglect,,N,',
      'P10,C1,0/1/2026,,Neglect,,N,',
      'P11,C1,2026-01-05,04/01/2026,Neglect,,N,',
    ])
    const extract = ssdFolder(files)
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'ssd', extract])
    expect(r.code).toBe(1)
    expect(problemLines(r.stderr, 'ssd_cp_plans.csv')).toEqual([
      'ssd_cp_plans.csv:3: cppl_cp_plan_start_date: "01/02/26" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'ssd_cp_plans.csv:4: cppl_cp_plan_start_date: "12/31/2025" is not a real date',
      'ssd_cp_plans.csv:5: cppl_cp_plan_start_date: "2025-02-29 00:00:00.000" is not a real date',
      'ssd_cp_plans.csv:6: cppl_cp_plan_start_date: "2026/01/05" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'ssd_cp_plans.csv:7: cppl_cp_plan_start_date: "29/02/2025" is not a real date',
      'ssd_cp_plans.csv:8: cppl_cp_plan_start_date: "45000" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'ssd_cp_plans.csv:9: cppl_cp_plan_start_date: "5-1-2026" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'ssd_cp_plans.csv:10: cppl_cp_plan_start_date: "0/1/2026" is not a real date',
      'ssd_cp_plans.csv:11: cppl_cp_plan_end_date: is before cppl_cp_plan_start_date',
    ])
    expect(r.stderr).toMatch(/^Error: The SSD extract has \d+ problems?; nothing has been imported\./m)
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/)
    expect((await exported(db)).children).toEqual([])
  })

  it('a plan for a child missing from ssd_person.csv, and duplicate rows, are refused with their rows', async () => {
    const files = messySsd()
    files['ssd_cp_plans.csv'] += 'P1,R1,C1,2025-09-01,,N,Neglect,,I1\r\nP20,R20,C404,2025-09-01,,N,Neglect,,\r\n'
    files['ssd_cp_visits.csv'] += 'V1,C1,P1,2025-09-08,Y,Y\r\n'
    const extract = ssdFolder(files)
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'ssd', extract])
    expect(r.code).toBe(1)
    // Rows: header 1, P1 2, P2 3, P3 4, P4 5, three blank rows 6-8, then the two appended rows 9 and 10.
    expect(problemLines(r.stderr, 'ssd_cp_plans.csv')).toEqual([
      'ssd_cp_plans.csv:9: cppl_cp_plan_id: "P1" is already on row 2',
      'ssd_cp_plans.csv:10: cppl_person_id: refers to person "C404", which is not in ssd_person.csv',
    ])
    expect(problemLines(r.stderr, 'ssd_cp_visits.csv')).toEqual(['ssd_cp_visits.csv:7: cppv_cp_visit_id: "V1" is already on row 2'])
  })
})

const ctx: RecordContext = { actor: 'Audit Chair', today: '2026-03-01', now: () => '2026-03-01T10:00:00.000Z' }

/** Next week's extract: P1 ended, C1's date of birth corrected, C2 and its plan P2 gone, W3 gone, V1 deleted, V6 new. */
function nextExtract(): Record<string, string> {
  const f = messySsd()
  f['ssd_cp_plans.csv'] = CRLF([
    'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,cppl_cp_plan_ola,cppl_cp_plan_initial_category,cppl_cp_plan_latest_category,cppl_icpc_id',
    'P1,C1,2025-09-01 00:00:00.000,2026-02-20 00:00:00.000,N,Neglect,NULL,I1',
    'P4,C1,2023-03-01 00:00:00.000,2023-09-01 00:00:00.000,N,Neglect,NULL,NULL',
  ])
  f['ssd_person.csv'] = f['ssd_person.csv']!.replace('L1,01/02/2015', 'L1,02/02/2015')
  f['ssd_involvements.csv'] = CRLF([
    'invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_professional_team,invo_person_id,invo_involvement_start_date,invo_involvement_end_date,invo_worker_change_reason',
    'A1,W1,CW,T1,C1,2025-09-01,2026-01-01,NULL',
    'A2,W2,CW,T1,C1,2026-01-02,NULL,LEFTRL',
  ])
  f['ssd_cp_visits.csv'] = CRLF([
    'cppv_cp_visit_id,cppv_person_id,cppv_cp_plan_id,cppv_cp_visit_date,cppv_cp_visit_seen_alone',
    'V5,C1,P1,2025-10-06,NULL',
    'V6,C1,P1,2026-02-02,Y',
  ])
  return f
}

/** What a chair records in the app on the imported caseload, through the app's record API. */
async function recordLocally(db: string): Promise<{ health: string; handChild: string }> {
  const c = await open(db)
  const health = recordProfessional(c, ctx, { name: 'Hana Health', role: 'health', agency: 'Health Visiting', email: 'hana@example.org', phone: null }).id
  recordMember(c, ctx, { planId: 'P1', professionalId: health, fromDate: '2025-09-01' })
  recordMember(c, ctx, { planId: 'P1', professionalId: 'W2', fromDate: '2025-09-01' })
  recordMember(c, ctx, { planId: 'P2', professionalId: 'W3', fromDate: '2025-10-14' })
  const m = recordMeeting(c, ctx, { planIds: ['P1'], date: '2025-09-20', chairId: 'W2', attended: [health], apologies: ['W2'], planAvailable: true, childViewsRecorded: false, riskReviewed: true, riskScore: { score: 4, scale: 'safety' } })
  recordDistribution(c, ctx, { meetingId: m.id, professionalIds: [health, 'W2'], date: '2025-09-22' })
  recordMeeting(c, ctx, { planIds: ['P2'], date: '2025-11-01', chairId: 'W3', attended: ['W3'], apologies: [], planAvailable: false, childViewsRecorded: false, riskReviewed: false })
  recordAction(c, ctx, { planId: 'P2', createdDate: '2025-11-01', description: 'Arrange nursery place, with funding agreed', ownerId: 'W3', dueDate: '2025-12-01', status: 'open' })
  recordDisagreement(c, ctx, { planId: 'P1', raisedDate: '2025-10-01', raisedById: health, category: 'visits', stages: [{ stage: 1, startDate: '2025-10-01' }] })
  recordVisit(c, ctx, { childId: 'C1', date: '2026-02-10', seenAlone: true })
  const handChild = recordChild(c, ctx, { name: 'Typed Here', complex: true, team: 'Team Red', plan: { startDate: '2026-02-01', initialCategory: 'physical', previousPlans: 0 } }).id
  c.sqlite.prepare("UPDATE children SET complex = 1 WHERE id = 'C1'").run()
  c.close()
  return { health, handChild }
}

const LOCAL_LISTS = ['members', 'meetings', 'distributions', 'actions', 'disagreements'] as const
const pick = (doc: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, doc[k]]))
const ids = (list: unknown) => (list as { id: string }[]).map((e) => e.id)

describe('sync (§4): what was recorded in Driftwatch is never touched', () => {
  it('a bad row in the middle of a re-import leaves the caseload exactly as it was (export before = after)', async () => {
    const db = await caseloadFile(folder())
    expect((await cli(['import', '--db', db, '--from', 'ssd', ssdFolder(messySsd())])).code).toBe(0)
    await recordLocally(db)
    const before = await exported(db)
    const bad = nextExtract()
    // Valid changes everywhere, and one impossible date in the middle of the visits.
    bad['ssd_cp_visits.csv'] = CRLF([
      'cppv_cp_visit_id,cppv_person_id,cppv_cp_plan_id,cppv_cp_visit_date,cppv_cp_visit_seen_alone',
      'V5,C1,P1,2025-10-06,NULL',
      'V7,C1,P1,31/11/2025,Y',
      'V6,C1,P1,2026-02-02,Y',
    ])
    const r = await cli(['import', '--db', db, '--from', 'ssd', ssdFolder(bad), '--json'])
    expect(r.code).toBe(1)
    expect(problemLines(r.stderr, 'ssd_cp_visits.csv')).toEqual(['ssd_cp_visits.csv:3: cppv_cp_visit_date: "31/11/2025" is not a real date'])
    expect(r.stdout).toBe('')
    expect(await exported(db)).toEqual(before)
    // A dry run of the good extract writes nothing either.
    const dry = await cli(['import', '--db', db, '--from', 'ssd', ssdFolder(nextExtract()), '--dry-run', '--json'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(await exported(db)).toEqual(before)
  })

  it('a re-import follows the source, keeps what local records use, and changes no local record', async () => {
    const db = await caseloadFile(folder())
    expect((await cli(['import', '--db', db, '--from', 'ssd', ssdFolder(messySsd())])).code).toBe(0)
    const { health, handChild } = await recordLocally(db)
    const before = await exported(db)
    const extract = ssdFolder(nextExtract())
    const dry = await cli(['import', '--db', db, '--from', 'ssd', extract, '--dry-run', '--json'])
    const r = await cli(['import', '--db', db, '--from', 'ssd', extract, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result).toEqual(JSON.parse(dry.stdout))
    expect(result.added).toMatchObject({ visits: ['V6'], children: [], plans: [] })
    expect(result.changed).toMatchObject({ children: ['C1'], plans: ['P1'] })
    expect(result.removed).toMatchObject({ children: [], plans: [], visits: ['V1', 'V2'], conferences: ['ICPC-I2'], allocations: ['A3'] })
    const conflictIds = (result.conflicts as { list: string; id: string; message: string }[]).map((c) => `${c.list}/${c.id}`)
    expect(conflictIds).toEqual(['children/C2', 'professionals/W3', 'plans/P2'])
    for (const c of result.conflicts as { message: string }[]) expect(c.message).toMatch(/^[^.]+ is no longer in the SSD extract but has .+ recorded here: .+\.$/)

    const after = await exported(db)
    // Local records: byte for byte the same.
    expect(pick(after, LOCAL_LISTS)).toEqual(pick(before, LOCAL_LISTS))
    const find = (list: unknown, id: string) => (list as { id: string }[]).find((e) => e.id === id)
    // The hand-typed child, its plan and the locally recorded professional and visit are as they were.
    expect(find(after.children, handChild)).toEqual(find(before.children, handChild))
    expect((after.plans as { childId: string }[]).filter((p) => p.childId === handChild)).toEqual((before.plans as { childId: string }[]).filter((p) => p.childId === handChild))
    expect(find(after.professionals, health)).toEqual(find(before.professionals, health))
    const localVisits = (doc: Record<string, unknown>) => (doc.visits as { id: string }[]).filter((v) => !/^V\d$/.test(v.id))
    expect(localVisits(after)).toEqual(localVisits(before))
    expect(localVisits(after)).toHaveLength(1)
    // Source records followed the source; the local flag on C1 stayed.
    expect(find(after.children, 'C1')).toMatchObject({ dateOfBirth: '2015-02-02', complex: true })
    expect(find(after.plans, 'P1')).toMatchObject({ endDate: '2026-02-20' })
    // Kept because local records use them.
    expect(find(after.plans, 'P2')).toBeDefined()
    expect(find(after.children, 'C2')).toBeDefined()
    expect(find(after.professionals, 'W3')).toBeDefined()

    // The same extract again: nothing to do.
    const again = JSON.parse((await cli(['import', '--db', db, '--from', 'ssd', extract, '--json'])).stdout)
    expect([...Object.values(again.added), ...Object.values(again.changed), ...Object.values(again.removed)].flat()).toEqual([])
    expect(await exported(db)).toEqual(after)
  })
})

// ---------------------------------------------------------------- Annex A List 7 (§2)
const H7 = [...LIST7_HEADERS] as string[]
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))
/** A List 7 row by published column number (1-based), blank elsewhere. */
function list7(cols: Record<number, CellValue | Date>): (CellValue | Date)[] {
  const r: (CellValue | Date)[] = H7.map(() => null)
  for (const [k, v] of Object.entries(cols)) r[Number(k) - 1] = v
  return r
}
/** The same, for a CSV (text cells only). */
const list7csv = (cols: Record<number, CellValue>): CellValue[] => list7(cols) as CellValue[]
/** Headers as another authority's return spells them: case, padding, doubled spaces, missing "?". */
const MESSY_H7 = H7.map((h, i) => (i % 3 === 0 ? `  ${h.toUpperCase()} ` : i % 3 === 1 ? h.replace(/ /g, '  ').replace(/\?$/, '') : h.toLowerCase()))

describe('Annex A List 7 (§2): a real .xlsx return', () => {
  it('title rows, padded/upper-case headers in another order, Date cells, serials, text dates, blank trailing rows', async () => {
    // Column order reversed (a local return that moved columns): headers are found by name.
    const order = H7.map((_, i) => H7.length - 1 - i)
    const reorder = (row: (CellValue | Date)[]) => order.map((i) => row[i] ?? null)
    const body = [
      // A Date cell (date-formatted in Excel), a numeric child id, whole-number previous plans, a) codes.
      list7({ 1: 100234, 2: 'a) Male', 3: 'a) WBRI', 4: utc(2015, 5, 1), 5: 10, 6: 'b) No', 7: utc(2025, 9, 1), 8: 'a) Neglect', 9: 'd) Emotional abuse', 10: 46010, 11: 'a) Yes', 12: '24/11/2025', 14: 'b) No', 15: 2, 16: 'Team North', 17: '  Jo   Bloggs ' }),
      // Same child, an earlier plan that ended years ago (outside any 6-month scope: still imported, §2.4).
      list7({ 1: 100234, 2: 'a) Male', 3: 'a) WBRI', 4: utc(2015, 5, 1), 7: '2019-02-04', 8: 'Physical abuse', 13: '01/12/2019', 14: 'b) No', 15: '1.0', 16: 'Team South', 17: 'jo bloggs' }),
      // Text dates D/M/YYYY with a time, plain labels, unallocated.
      list7({ 1: 'CH2', 2: 'b) Female', 3: 'u) UNKNOWN', 4: '3/4/2016 0:00', 7: '5/1/2026', 8: 'Multiple/not recommended', 13: null, 14: 'b) No', 15: null, 16: 'Team East', 17: 'Unallocated' }),
      // A plan that ended (within six months), seen alone "c) Unknown".
      list7({ 1: 'CH3', 2: 'd) Neither', 3: 'b) WIRI', 7: '2025-07-01', 8: 'c) Sexual abuse', 10: '2025-12-01', 11: 'c) Unknown', 13: '2026-01-15 00:00:00', 14: 'b) No', 15: 0, 16: 'Team East', 17: 'Sam Lee' }),
    ]
    const file = join(folder(), 'Annex A 2026.xlsx')
    await writeXlsx(file, [
      { name: 'Contents', rows: [['Annex A'], ['List 1'], ['List 7']] },
      {
        name: ' list 7 ',
        rows: [['Annex A – List 7: children who are the subject of a child protection plan'], ['Inspection date: 01/03/2026'], [], reorder(MESSY_H7 as (CellValue | Date)[]), ...body.map(reorder), [null, null, '', ' '], [], ['', 'NULL']],
      },
    ])
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'annex-a', file, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const doc = await exported(db)
    expect(doc).toEqual({
      format: 'driftwatch.caseload',
      version: 1,
      ...EMPTY_LISTS,
      children: [
        { id: '100234', name: '100234', dateOfBirth: '2015-05-01', gender: 'male', ethnicity: 'WBRI', complex: false, team: 'Team North' },
        { id: 'CH2', name: 'CH2', dateOfBirth: '2016-04-03', gender: 'female', ethnicity: null, complex: false, team: 'Team East' },
        { id: 'CH3', name: 'CH3', dateOfBirth: null, gender: 'neither', ethnicity: 'WIRI', complex: false, team: 'Team East' },
      ],
      professionals: [
        { id: 'worker:jo bloggs', name: 'Jo Bloggs', role: 'social-worker', agency: AGENCY, email: null, phone: null },
        { id: 'worker:sam lee', name: 'Sam Lee', role: 'social-worker', agency: AGENCY, email: null, phone: null },
      ],
      allocations: [
        { id: '100234-AW', childId: '100234', professionalId: 'worker:jo bloggs', startDate: '2025-09-01', endDate: null, changeReason: null },
        { id: 'CH3-AW', childId: 'CH3', professionalId: 'worker:sam lee', startDate: '2025-07-01', endDate: null, changeReason: null },
      ],
      plans: [
        { id: '100234-2019-02-04', childId: '100234', startDate: '2019-02-04', endDate: '2019-12-01', initialCategory: 'physical', latestCategory: null, previousPlans: 1 },
        { id: '100234-2025-09-01', childId: '100234', startDate: '2025-09-01', endDate: null, initialCategory: 'neglect', latestCategory: 'emotional', previousPlans: 2 },
        { id: 'CH2-2026-01-05', childId: 'CH2', startDate: '2026-01-05', endDate: null, initialCategory: 'multiple', latestCategory: null, previousPlans: 0 },
        { id: 'CH3-2025-07-01', childId: 'CH3', startDate: '2025-07-01', endDate: '2026-01-15', initialCategory: 'sexual', latestCategory: null, previousPlans: 0 },
      ],
      conferences: [{ id: '100234-2025-09-01-RCPC-2025-11-24', planId: '100234-2025-09-01', kind: 'review', date: '2025-11-24' }],
      visits: [
        // Serial 46010 = 1899-12-30 + 46010 days = 2025-12-19.
        { id: '100234-visit-2025-12-19', childId: '100234', date: '2025-12-19', seenAlone: true },
        { id: 'CH3-visit-2025-12-01', childId: 'CH3', date: '2025-12-01', seenAlone: false },
      ],
    })
  })

  it('the same list as CSV (quoted commas and line breaks, BOM, CRLF, NULL cells, blank trailing rows) gives the same plans', async () => {
    const file = join(folder(), 'list7.csv')
    await writeCsv(
      file,
      MESSY_H7,
      [
        list7csv({ 1: 'CH9', 2: 'Male', 3: 'WBRI', 7: '01/09/2025', 8: 'NEG', 9: 'NULL', 14: 'b) No', 15: '0', 16: 'Team North, Duty', 17: 'Bloggs, Jo\r\n(agency)' }),
        list7csv({ 1: 'CH8', 2: 'F', 3: 'a) WBRI', 7: '2025-10-01', 8: 'EMO', 14: 'b) No', 16: 'Team North', 17: 'Bloggs, Jo (agency)' }),
        list7csv({}),
        list7csv({ 1: 'NULL', 16: ' ' }),
      ],
      { bom: true, crlf: true, nullAs: 'NULL' },
    )
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'annex-a', file, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const doc = await exported(db)
    expect(ids(doc.plans)).toEqual(['CH8-2025-10-01', 'CH9-2025-09-01'])
    expect(doc.professionals).toEqual([{ id: 'worker:bloggs, jo (agency)', name: 'Bloggs, Jo (agency)', role: 'social-worker', agency: AGENCY, email: null, phone: null }])
    expect((doc.children as { team: string }[]).map((c) => c.team)).toEqual(['Team North', 'Team North, Duty'])
  })

  it('impossible and ambiguous dates are refused with the sheet row and column; bad serials too', async () => {
    const base = { 1: 'E1', 2: 'a) Male', 3: 'a) WBRI', 7: '01/02/2026', 8: 'Neglect', 14: 'b) No', 15: 0, 16: 'T', 17: 'W' }
    const file = join(folder(), 'bad.xlsx')
    await writeXlsx(file, [
      {
        name: 'List 7',
        rows: [
          ['Title'],
          H7,
          list7({ ...base, 1: 'E1', 7: '01/02/26' }),
          list7({ ...base, 1: 'E2', 7: '2026-02-29' }),
          list7({ ...base, 1: 'E3', 7: 60 }),
          list7({ ...base, 1: 'E4', 7: -5 }),
          list7({ ...base, 1: 'E5', 4: '13/13/2015', 10: '2026-1-5', 12: 'Feb 2026' }),
          list7({ ...base, 1: 'E6', 7: utc(2026, 2, 1), 13: utc(2026, 1, 31) }),
          list7({ ...base, 1: 'E7', 15: 'two' }),
        ],
      },
    ])
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'annex-a', file])
    expect(r.code).toBe(1)
    expect(problemLines(r.stderr, 'bad.xlsx')).toEqual([
      'bad.xlsx:3: Child Protection Plan Start Date: "01/02/26" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'bad.xlsx:4: Child Protection Plan Start Date: "2026-02-29" is not a real date',
      'bad.xlsx:5: Child Protection Plan Start Date: "60" is not a real date',
      'bad.xlsx:6: Child Protection Plan Start Date: "-5" is not a real date',
      'bad.xlsx:7: Date of Birth: "13/13/2015" is not a real date',
      'bad.xlsx:7: Date of the Last Statutory Visit: "2026-1-5" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'bad.xlsx:7: Date of latest review conference: "Feb 2026" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      'bad.xlsx:8: Child Protection Plan End Date: is before Child Protection Plan Start Date',
      'bad.xlsx:9: Number of Previous Child Protection Plans: "two" is not a whole number',
    ])
    expect((await exported(db)).children).toEqual([])
  })

  it('a 1904 workbook: Date cells and serials both read in the 1904 system', async () => {
    const file = join(folder(), 'mac.xlsx')
    await writeXlsx(file, [{ name: 'List7', rows: [H7, list7({ 1: 'M1', 7: utc(2026, 1, 5), 8: 'NEG', 10: 44567, 14: 'b) No', 15: 0 })] }], { date1904: true })
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'annex-a', file])
    expect(r.code, r.stderr).toBe(0)
    const doc = await exported(db)
    expect(ids(doc.plans)).toEqual(['M1-2026-01-05'])
    // 1904-01-01 + 44567 days = 2026-01-07 (1900 system: 2022-01-06, plus 1,462 days).
    expect(ids(doc.visits)).toEqual(['M1-visit-2026-01-07'])
  })
})

describe('Annex A sync (§4): children no longer on a plan', () => {
  it('a child whose row is gone is removed, unless the chair recorded something on the plan; an ended plan is changed', async () => {
    const dir = folder()
    const db = await caseloadFile(dir)
    const row = (id: string, end: CellValue, worker = 'Jo Bloggs') => list7csv({ 1: id, 2: 'a) Male', 3: 'a) WBRI', 7: '01/09/2025', 8: 'Neglect', 10: '01/02/2026', 11: 'a) Yes', 13: end, 14: 'b) No', 15: 0, 16: 'Team North', 17: worker })
    const first = join(dir, 'first.csv')
    await writeCsv(first, H7, [row('K1', null), row('K2', null), row('K3', null, 'Sam Lee')])
    expect((await cli(['import', '--db', db, '--from', 'annex-a', first])).code).toBe(0)
    {
      const c = await open(db)
      recordAction(c, ctx, { planId: 'K2-2025-09-01', createdDate: '2025-10-01', description: 'School to refer to CAMHS', status: 'open' })
      c.close()
    }
    const before = await exported(db)
    const second = join(dir, 'second.csv')
    // K1's plan ended; K2 and K3 are no longer on the list.
    await writeCsv(second, H7, [row('K1', '20/02/2026')])
    const r = await cli(['import', '--db', db, '--from', 'annex-a', second, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result.changed.plans).toEqual(['K1-2025-09-01'])
    expect(result.removed.children).toEqual(['K3'])
    expect(result.removed.plans).toEqual(['K3-2025-09-01'])
    expect(result.removed.professionals).toEqual(['worker:sam lee'])
    expect((result.conflicts as { list: string; id: string }[]).map((c) => `${c.list}/${c.id}`)).toEqual(['children/K2', 'plans/K2-2025-09-01'])
    const after = await exported(db)
    expect(after.actions).toEqual(before.actions)
    expect(ids(after.children)).toEqual(['K1', 'K2'])
  })
})

describe('Annex A re-import: all or nothing', () => {
  it('a bad row in the middle of a new list leaves the caseload exactly as before', async () => {
    const dir = folder()
    const db = await caseloadFile(dir)
    const row = (id: string, start: CellValue | Date, end: CellValue | Date = null) => list7({ 1: id, 2: 'b) Female', 3: 'a) WBRI', 7: start, 8: 'Neglect', 13: end, 14: 'b) No', 15: 0, 16: 'Team North', 17: 'Jo Bloggs' })
    const first = join(dir, 'first.xlsx')
    await writeXlsx(first, [{ name: 'List 7', rows: [H7, row('K1', utc(2025, 9, 1)), row('K2', utc(2025, 9, 1))] }])
    expect((await cli(['import', '--db', db, '--from', 'annex-a', first])).code).toBe(0)
    {
      const c = await open(db)
      recordAction(c, ctx, { planId: 'K1-2025-09-01', createdDate: '2025-10-01', description: 'Dentist', status: 'open' })
      c.close()
    }
    const before = await exported(db)
    const second = join(dir, 'second.xlsx')
    await writeXlsx(second, [{ name: 'List 7', rows: [H7, row('K1', utc(2025, 9, 1), utc(2026, 2, 1)), row('K3', '30/02/2026'), row('K4', utc(2026, 1, 2))] }])
    const r = await cli(['import', '--db', db, '--from', 'annex-a', second])
    expect(r.code).toBe(1)
    expect(problemLines(r.stderr, 'second.xlsx')).toEqual(['second.xlsx:3: Child Protection Plan Start Date: "30/02/2026" is not a real date'])
    expect(await exported(db)).toEqual(before)
  })
})

// ---------------------------------------------------------------- Core-group tracker (§3)
async function ssdCaseload(): Promise<string> {
  const db = await caseloadFile(folder())
  const r = await cli(['import', '--db', db, '--from', 'ssd', ssdFolder(messySsd())])
  expect(r.code, r.stderr).toBe(0)
  return db
}
function trackerFile(text: string, name = 'Core groups tracker.csv'): string {
  const file = join(folder(), name)
  writeFileSync(file, text)
  return file
}

describe('core-group tracker (§3): a chair-kept CSV', () => {
  it('BOM, headers in any order and case, an extra notes column with quoted commas and line breaks, UK dates, a shared meeting, an ended plan, blank trailing rows', async () => {
    const db = await ssdCaseload()
    const file = trackerFile(
      '\uFEFF' +
        CRLF([
          'notes,RISK SCALE, risk score ,Decisions Sent Date,child id,Plan  ID,plan start date,meeting id,Meeting Date,chair,attended,apologies,plan available,child views recorded,risk reviewed',
          '"Mum attended, dad did not.',
          'Police sent report late",Safety,6.5,22/09/2025,C1,P1,,,20/9/2025,W2,"W1; HV1;",GP1,Yes,a) Yes,N',
          // C2's plan P2 (ended 31/1/2026), found by its start date.
          ',,,,C2,,14/10/2025,,2025-11-01 00:00:00.000,W3,W3,,Y,N,N',
          // Siblings sharing one meeting (same Meeting ID), one row each.
          'shared,danger,3,,C1,P1,01/09/2025,CG-7,10/11/2025,W2,W1;W3,,Y,Y,Y',
          ',danger,3,,C2,P2,,CG-7,2025-11-10,W2,W3;W1,,yes,TRUE,1',
          ',,,,,,,,,,,,,,',
          '',
        ]),
    )
    const r = await cli(['import', '--db', db, '--from', 'tracker', file, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result.added.meetings).toEqual(['CG-7', 'P1-CG-2025-09-20', 'P2-CG-2025-11-01'])
    expect(result.added.professionals).toEqual(['GP1', 'HV1'])
    expect(result.ignoredRows).toEqual({ 'Core groups tracker.csv': 2 })
    const doc = await exported(db)
    expect(doc.meetings).toEqual([
      { id: 'CG-7', planIds: ['P1', 'P2'], date: '2025-11-10', chairId: 'W2', attended: ['W1', 'W3'], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true, riskScore: { score: 3, scale: 'danger' } },
      { id: 'P1-CG-2025-09-20', planIds: ['P1'], date: '2025-09-20', chairId: 'W2', attended: ['HV1', 'W1'], apologies: ['GP1'], planAvailable: true, childViewsRecorded: true, riskReviewed: false, riskScore: { score: 6.5, scale: 'safety' } },
      { id: 'P2-CG-2025-11-01', planIds: ['P2'], date: '2025-11-01', chairId: 'W3', attended: ['W3'], apologies: [], planAvailable: true, childViewsRecorded: false, riskReviewed: false, riskScore: null },
    ])
    expect(doc.distributions).toEqual(['GP1', 'HV1', 'W1'].map((p) => ({ meetingId: 'P1-CG-2025-09-20', professionalId: p, date: '2025-09-22' })))
    expect((doc.professionals as { id: string }[]).find((p) => p.id === 'GP1')).toEqual({ id: 'GP1', name: 'GP1', role: 'other', agency: '', email: null, phone: null })
    // The same file again changes nothing.
    const again = JSON.parse((await cli(['import', '--db', db, '--from', 'tracker', file, '--json'])).stdout)
    expect([...Object.values(again.added), ...Object.values(again.changed), ...Object.values(again.removed)].flat()).toEqual([])
    expect(await exported(db)).toEqual(doc)
  })

  it('unknown children, a child with no plan on that date, and a bad score in the middle: all reported, nothing written', async () => {
    const db = await ssdCaseload()
    const good = trackerFile(CRLF(['Child ID,Plan ID,Meeting date,Chair,Attended', 'C1,P1,2025-09-20,W2,W1']), 'first.csv')
    expect((await cli(['import', '--db', db, '--from', 'tracker', good])).code).toBe(0)
    const before = await exported(db)
    const file = trackerFile(
      CRLF([
        'Child ID,Plan ID,Plan start date,Meeting date,Chair,Attended,Apologies,Risk score,Risk scale',
        'C1,P1,,2025-10-20,W2,W1;NEW1,,,',
        'C404,,01/09/2025,2025-10-20,W2,,,,',
        'C404,P1,,2025-10-20,W2,,,,',
        'C1,,02/09/2025,2025-10-21,W2,,,,',
        'C2,,14/10/2025,2025-11-20,W3,,,"6,5",safety',
        'C2,,14/10/2025,2025-12-20,W3,,,,',
      ]),
      'tracker.csv',
    )
    const r = await cli(['import', '--db', db, '--from', 'tracker', file])
    expect(r.code).toBe(1)
    expect(problemLines(r.stderr, 'tracker.csv')).toEqual([
      'tracker.csv:6: Risk score: "6,5" is not a number from 0 to 10',
      'tracker.csv:3: Plan start date: child "C404" has no plan starting 2025-09-01',
      'tracker.csv:4: Plan ID: plan "P1" is not a plan of child "C404"',
      'tracker.csv:5: Plan start date: child "C1" has no plan starting 2025-09-02',
    ])
    expect(await exported(db)).toEqual(before)
  })

  it('a tracker saved as .xlsx is refused with a sentence, exit 1 (the template is CSV, §3)', async () => {
    const db = await ssdCaseload()
    const file = join(folder(), 'tracker.xlsx')
    await writeXlsx(file, [{ name: 'Sheet1', rows: [['Child ID', 'Plan ID', 'Meeting date', 'Chair'], ['C1', 'P1', '2025-09-20', 'W2']] }])
    const r = await cli(['import', '--db', db, '--from', 'tracker', file])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^Error: .*\.csv/m)
  })
})

// ---------------------------------------------------------------- Exit codes (design §5)
const cliWith = (passphrase: string, args: string[]) => runCliWith(args, passphrase)

describe('exit codes (design §5)', () => {
  it('0 ok, 1 bad input, 2 wrong passphrase or unreadable caseload', async () => {
    const dir = folder()
    const db = await caseloadFile(dir)
    const extract = ssdFolder(messySsd())
    expect((await cli(['import', '--db', db, '--from', 'ssd', extract, '--dry-run'])).code).toBe(0)
    // Bad input: a missing folder, a file where a folder is expected, an unknown --from.
    const missing = await cli(['import', '--db', db, '--from', 'ssd', join(dir, 'no-such-folder')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^Error: .*no-such-folder/m)
    expect((await cli(['import', '--db', db, '--from', 'ssd', join(extract, 'ssd_person.csv')])).code).toBe(1)
    expect((await cli(['import', '--db', db, '--from', 'list7', extract])).code).toBe(1)
    // Wrong passphrase.
    const wrong = await cliWith('not the right passphrase', ['import', '--db', db, '--from', 'ssd', extract])
    expect(wrong.code).toBe(2)
    expect((await exported(db)).children).toEqual([])
    // Not a caseload at all, and no caseload.
    const junk = join(dir, 'junk.db')
    writeFileSync(junk, 'this is not a database'.repeat(200))
    expect((await cli(['import', '--db', junk, '--from', 'ssd', extract])).code).toBe(2)
    expect((await cli(['import', '--db', join(dir, 'nothing.db'), '--from', 'annex-a', join(dir, 'x.csv')])).code).toBe(2)
  })
})

// ---------------------------------------------------------------- Findings (these fail on 33c7cd1)
describe('findings', () => {
  it('an over-long cell in an extract is reported as FILE:ROW: COLUMN: reason (§0.8), not as a record "Driftwatch cannot store"', async () => {
    const files = messySsd()
    // A free-text team name pasted into the department table's name (a real data-quality slip): 230 characters.
    files['ssd_department.csv'] = CRLF(['dept_team_id,dept_team_name', `T1,"Team Red ${'(merged with Team Amber and the Hospital Team following the 2025 restructure) '.repeat(3)}"`])
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'ssd', ssdFolder(files)])
    expect(r.code).toBe(1)
    expect((await exported(db)).children).toEqual([])
    // Before the audit: "The SSD extract gave a children record Driftwatch cannot store (…)", with no file, row or column.
    expect(r.stderr).toMatch(/^ssd_(department|involvements)\.csv:\d+: \w+: /m)
  })

  it('a tracker id over 200 characters is refused with its row, so the caseload always exports as a valid v1 document', async () => {
    const db = await ssdCaseload()
    // A chair who typed names, not ids, into Attended: one "id" of 258 characters.
    const file = trackerFile(CRLF(['Child ID,Plan ID,Meeting date,Chair,Attended', `C1,P1,2025-09-20,W2,"${'Health visitor Jane Smith and school nurse '.repeat(6)}"`]), 'tracker.csv')
    const r = await cli(['import', '--db', db, '--from', 'tracker', file])
    if (r.code === 1) {
      expect(r.stderr).toMatch(/^tracker\.csv:2: Attended: /m)
      return
    }
    // Accepted: then export → import must still round-trip (design §3), as for every caseload.
    const out = join(folder(), 'caseload.json')
    expect((await cli(['export', '--db', db, '--out', out])).code).toBe(0)
    const fresh = await caseloadFile(folder())
    const back = await cli(['import', '--db', fresh, out])
    // Before the audit the row was stored, and the export then failed to import ("$.professionals[…].id: must be at most 200 characters").
    expect(back.stderr).toBe('')
    expect(back.code).toBe(0)
  })

  it('a CSV that is not UTF-8 (Excel "CSV" in Windows-1252) is refused (§0.1: UTF-8), not imported with its letters replaced by U+FFFD', async () => {
    const files: Record<string, string | Buffer> = messySsd()
    files['ssd_person.csv'] = Buffer.from('pers_person_id,pers_forename,pers_surname\nC1,Zo\xeb,Br\xf6nte\nC2,Ben,Ng\n', 'latin1')
    const dir = join(folder(), 'cp1252')
    mkdirSync(dir)
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    const db = await caseloadFile(folder())
    const r = await cli(['import', '--db', db, '--from', 'ssd', dir])
    // Before the audit: exit 0, and child C1 named "Zo\uFFFD Br\uFFFDnte".
    expect(JSON.stringify((await exported(db)).children)).not.toContain('\uFFFD')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^ssd_person\.csv(:\d+)?: /m)
  })
})

describe('the real command line process', () => {
  it('a bad extract: exit 1, the problem line, no stack trace', async () => {
    const { spawnSync } = await import('node:child_process')
    const db = await caseloadFile(folder())
    const files = messySsd()
    files['ssd_cp_visits.csv'] += 'V9,C1,P1,31/06/2025,Y,Y\r\n'
    const extract = ssdFolder(files)
    const root = join(__dirname, '..', '..')
    const env = { ...process.env, DRIFTWATCH_PASSPHRASE: 'correct horse battery staple' }
    const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'electron', 'cli', 'main.ts'), 'import', '--db', db, '--from', 'ssd', extract], { env, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(1)
    expect(r.stderr).toContain('ssd_cp_visits.csv:7: cppv_cp_visit_date: "31/06/2025" is not a real date')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
