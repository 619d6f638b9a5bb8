/**
 * The core-group tracker template (issue 10 item 5b): a CSV in the tracker format of
 * source-formats.md §3, with one row per plan open on the date, its child and plan filled in, for
 * the chair to complete in a spreadsheet and import back (`import --from tracker`).
 *
 * - The §3 headers come first, in the order §3.1 lists them. One more column, "Child name", comes
 *   last: ids alone mean nothing to a chair, and the tracker import ignores columns §3 does not
 *   name (§0.1). A name that a spreadsheet would run as a formula (=, +, -, @) is written with a
 *   leading apostrophe; ids are written exactly, since they must come back unchanged.
 * - UTF-8 with a byte order mark and CRLF line ends (RFC 4180), so Excel reads names correctly.
 * - Written through csv-stringify, and to disk only by the user's explicit act, atomically and
 *   owner-only (files/write-file-atomic.ts): it is plaintext case data.
 */
import { stringify } from 'csv-stringify/sync'
import type { CaseloadDb } from '../db/caseload-db'
import { writeFileAtomic } from '../files/write-file-atomic'
import { openPlansForTemplate } from '../queries/gaps'

/** §3.1's headers, in its order. */
export const TRACKER_HEADERS = [
  'Meeting ID',
  'Child ID',
  'Plan ID',
  'Plan start date',
  'Meeting date',
  'Chair',
  'Attended',
  'Apologies',
  'Plan available',
  'Child views recorded',
  'Risk reviewed',
  'Risk score',
  'Risk scale',
  'Decisions sent date',
] as const
export const CHILD_NAME_HEADER = 'Child name'

const FORMULA_START = /^[=+\-@\t\r]/

export interface TrackerTemplate {
  csv: string
  /** Plans listed (one row each). */
  rows: number
}

export function trackerTemplate(db: CaseloadDb, asOf: string): TrackerTemplate {
  const plans = openPlansForTemplate(db.sqlite, asOf)
  const records = plans.map((p) => {
    const row: string[] = TRACKER_HEADERS.map(() => '')
    row[1] = p.childId
    row[2] = p.planId
    row[3] = p.planStart
    row.push(FORMULA_START.test(p.childName) ? `'${p.childName}` : p.childName)
    return row
  })
  const csv = stringify(records, {
    header: true,
    columns: [...TRACKER_HEADERS, CHILD_NAME_HEADER],
    bom: true,
    record_delimiter: 'windows',
  })
  return { csv, rows: plans.length }
}

/** Writes the template to `path` (atomically, mode 0600). */
export function writeTrackerTemplate(db: CaseloadDb, path: string, asOf: string): TrackerTemplate {
  const template = trackerTemplate(db, asOf)
  writeFileAtomic(path, template.csv)
  return template
}
