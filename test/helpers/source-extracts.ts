/**
 * Writes source extracts the way another program would (csv-stringify for CSV, exceljs for XLSX), for
 * tests and the sources bench: an SSD extract folder from an interchange document, Annex A List 7
 * rows, and tracker rows. No Driftwatch code is used to write them.
 */
import { once } from 'node:events'
import { createWriteStream, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import type { Caseload } from '../../shared/caseload-format'

export type CellValue = string | number | null | undefined

export interface CsvStyle {
  /** Start with a UTF-8 byte order mark (as Excel and SQL Server tools write). */
  bom?: boolean
  /** CRLF line ends (default LF). */
  crlf?: boolean
  /** How a null cell is written: '' (default) or 'NULL'. */
  nullAs?: '' | 'NULL'
}

/** Writes one CSV file, streaming (the rows may be a generator of a million rows). */
export async function writeCsv(path: string, header: readonly string[], rows: Iterable<readonly CellValue[]>, style: CsvStyle = {}): Promise<void> {
  const out = createWriteStream(path)
  if (style.bom) out.write('\uFEFF')
  const csv = stringify({ record_delimiter: style.crlf ? 'windows' : 'unix' })
  csv.pipe(out)
  const cell = (v: CellValue) => (v === null || v === undefined ? (style.nullAs ?? '') : String(v))
  const write = async (record: string[]) => {
    if (!csv.write(record)) await once(csv, 'drain')
  }
  await write([...header])
  for (const row of rows) await write(row.map(cell))
  csv.end()
  await once(out, 'finish')
}

export interface SsdStyle extends CsvStyle {
  /** How dates are written: SQL Server datetime (`2024-12-10 00:00:00.000`, default), plain ISO, or UK. */
  dates?: 'datetime' | 'iso' | 'uk'
}

const GENDER: Record<string, string> = { male: 'M', female: 'F', neither: 'I' }
const JOB: Record<string, string> = {
  'social-worker': 'Social Worker',
  'team-manager': 'Team Manager',
  'deputy-manager': 'Deputy Team Manager',
  'cp-chair': 'Child Protection Chair',
}
const CATEGORY: Record<string, string> = {
  neglect: 'Neglect',
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  emotional: 'Emotional abuse',
  multiple: 'Multiple: Neglect, Emotional abuse',
}

export function ssdDate(d: string | null | undefined, style: SsdStyle['dates'] = 'datetime'): string | null {
  if (!d) return null
  if (style === 'iso') return d
  if (style === 'uk') return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`
  return `${d} 00:00:00.000`
}

/**
 * An SSD extract folder for the SSD-shaped part of a document: its children, the professionals of
 * its allocations, allocations, plans, conferences and visits. Each child's team is written as a
 * department id on its allocations. Names are split at the first space into forename and surname.
 */
export async function writeSsdExtract(dir: string, doc: Pick<Caseload, 'children' | 'professionals' | 'allocations' | 'plans' | 'conferences' | 'visits'>, style: SsdStyle = {}): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const d = (v: string | null | undefined) => ssdDate(v, style.dates)
  const teams = [...new Set(doc.children.map((c) => c.team).filter((t): t is string => !!t))].sort()
  const teamId = new Map(teams.map((t, i) => [t, `T${i + 1}`]))
  const childTeam = new Map(doc.children.map((c) => [c.id, c.team ? teamId.get(c.team)! : null]))
  await writeCsv(
    join(dir, 'ssd_person.csv'),
    ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_sex', 'pers_gender', 'pers_ethnicity', 'pers_dob'],
    doc.children.map((c) => {
      const space = c.name.indexOf(' ')
      return [c.id, space < 0 ? c.name : c.name.slice(0, space), space < 0 ? null : c.name.slice(space + 1), null, c.gender ? (GENDER[c.gender] ?? c.gender) : 'U', c.ethnicity ?? null, d(c.dateOfBirth)]
    }),
    style,
  )
  const workers = new Set(doc.allocations.map((a) => a.professionalId))
  await writeCsv(
    join(dir, 'ssd_professionals.csv'),
    ['prof_professional_id', 'prof_staff_id', 'prof_professional_name', 'prof_professional_job_title'],
    doc.professionals.filter((p) => workers.has(p.id)).map((p) => [p.id, p.id, p.name, JOB[p.role] ?? 'Social Worker']),
    style,
  )
  await writeCsv(join(dir, 'ssd_department.csv'), ['dept_team_id', 'dept_team_name', 'dept_team_parent_id'], teams.map((t) => [teamId.get(t)!, t, null]), style)
  await writeCsv(
    join(dir, 'ssd_involvements.csv'),
    ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_professional_team', 'invo_person_id', 'invo_involvement_start_date', 'invo_involvement_end_date', 'invo_worker_change_reason', 'invo_referral_id'],
    doc.allocations.map((a) => [a.id, a.professionalId, 'CW', childTeam.get(a.childId) ?? null, a.childId, d(a.startDate), d(a.endDate), a.changeReason ?? null, null]),
    style,
  )
  // Driftwatch names SSD conferences ICPC-<id> and RCPC-<id>; other ids are written as they are.
  const sourceId = (id: string) => (/^(ICPC|RCPC)-/.test(id) ? id.slice(5) : id)
  const initial = new Map(doc.conferences.filter((c) => c.kind === 'initial').map((c) => [c.planId, c]))
  await writeCsv(
    join(dir, 'ssd_cp_plans.csv'),
    ['cppl_cp_plan_id', 'cppl_referral_id', 'cppl_icpc_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date', 'cppl_cp_plan_ola', 'cppl_cp_plan_initial_category', 'cppl_cp_plan_latest_category'],
    doc.plans.map((p) => [p.id, null, (initial.has(p.id) ? sourceId(initial.get(p.id)!.id) : null), p.childId, d(p.startDate), d(p.endDate), 'N', CATEGORY[p.initialCategory], p.latestCategory ? CATEGORY[p.latestCategory] : null]),
    style,
  )
  await writeCsv(
    join(dir, 'ssd_initial_cp_conference.csv'),
    ['icpc_icpc_id', 'icpc_icpc_meeting_id', 'icpc_s47_enquiry_id', 'icpc_person_id', 'icpc_cp_plan_id', 'icpc_referral_id', 'icpc_icpc_transfer_in', 'icpc_icpc_target_date', 'icpc_icpc_date', 'icpc_icpc_outcome_cp_flag'],
    doc.conferences.filter((c) => c.kind === 'initial').map((c) => [sourceId(c.id), null, null, null, c.planId, null, 'N', null, d(c.date), 'Y']),
    style,
  )
  await writeCsv(
    join(dir, 'ssd_cp_reviews.csv'),
    ['cppr_cp_review_id', 'cppr_person_id', 'cppr_cp_plan_id', 'cppr_cp_review_due', 'cppr_cp_review_date', 'cppr_cp_review_quorate'],
    doc.conferences.filter((c) => c.kind === 'review').map((c) => [sourceId(c.id), null, c.planId, null, d(c.date), 'Y']),
    style,
  )
  await writeCsv(
    join(dir, 'ssd_cp_visits.csv'),
    ['cppv_cp_visit_id', 'cppv_person_id', 'cppv_cp_plan_id', 'cppv_cp_visit_date', 'cppv_cp_visit_seen', 'cppv_cp_visit_seen_alone', 'cppv_cp_visit_bedroom'],
    (function* () {
      for (const v of doc.visits) yield [v.id, v.childId, null, d(v.date), 'Y', v.seenAlone ? 'Y' : 'N', null]
    })(),
    style,
  )
}

/** Annex A List 7's headers as published (source-formats.md §2.2). */
export const LIST7_HEADERS = [
  'Child Unique ID',
  'Gender',
  'Ethnicity',
  'Date of Birth',
  'Age of Child (Years)',
  'Does the Child have a Disability',
  'Child Protection Plan Start Date',
  'Initial Category of Abuse',
  'Latest Category of Abuse',
  'Date of the Last Statutory Visit',
  'Was the Child Seen Alone?',
  'Date of latest review conference',
  'Child Protection Plan End Date',
  'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
  'Number of Previous Child Protection Plans',
  'Allocated Team',
  'Allocated Worker',
] as const

/** An XLSX workbook: sheets of rows (row 1 first), written by exceljs; `date1904` sets the workbook's date system. */
export async function writeXlsx(path: string, sheets: { name: string; rows: (CellValue | Date)[][] }[], options: { date1904?: boolean } = {}): Promise<void> {
  const workbook = new ExcelJS.Workbook()
  if (options.date1904) workbook.properties.date1904 = true
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name)
    for (const row of s.rows) sheet.addRow(row.map((v) => (v === null ? undefined : v)))
  }
  await workbook.xlsx.writeFile(path)
}
