/**
 * Reading one cell of a source file (source-formats.md §0.2–0.7): blank cells, the code form, dates,
 * yes/no, category of abuse, gender and ethnicity. Pure functions; the callers turn a `CellError`
 * into a `FILE:ROW: COLUMN: reason` problem.
 */
import { civilDateProblem, fromDayNumber, NOT_A_CIVIL_DATE, toDayNumber } from '../../../shared/civil-date'
import { MAX_ID_LENGTH, type Caseload } from '../../../shared/caseload-format'

/** A cell as read: CSV text, or an XLSX value (text, or a number that may be a date serial). */
export type Cell = string | number | undefined

export class CellError extends Error {}

/** The trimmed text of a cell; numbers as integer text when whole, else decimal text (§2.3). */
export function text(cell: Cell): string {
  if (cell === undefined) return ''
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell)
  return cell.trim()
}

/**
 * The longest text kept from one cell: ids, names and teams are stored under the interchange
 * format's limits (shared/caseload-format.ts), so that the caseload always exports as a document
 * that imports again.
 */
export const MAX_CELL_LENGTH = MAX_ID_LENGTH

/** Why a cell is too long to keep (its reason in a problem line), or null when it fits in `max`. */
export function tooLong(cell: Cell, max = MAX_CELL_LENGTH): string | null {
  // Called for every cell of a million-row visits table: the untrimmed length settles nearly all.
  if (cell === undefined || typeof cell === 'number' || cell.length <= max) return null
  const length = text(cell).length
  return length > max ? `is ${length.toLocaleString('en-GB')} characters long: Driftwatch keeps at most ${max} here` : null
}

/** Empty, or exactly NULL (as SQL tools write it). */
export function isBlank(cell: Cell): boolean {
  if (typeof cell === 'number') return false
  const t = text(cell)
  return t === '' || t === 'NULL'
}

/** The trimmed text, or null when blank. */
export function value(cell: Cell): string | null {
  return isBlank(cell) ? null : text(cell)
}

/** Trimmed, internal whitespace collapsed, lower case. */
export function codeForm(cell: Cell): string {
  return text(cell).replace(/\s+/g, ' ').toLowerCase()
}

export function collapse(s: string): string {
  return s.trim().replace(/\s+/g, ' ')
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/
const EXCEL_EPOCH = toDayNumber('1899-12-30')
const EXCEL_1904_EPOCH = toDayNumber('1904-01-01')
const LAST_EXCEL_DAY = toDayNumber('9999-12-31')

/**
 * A date (§0.3), or null when blank. `date1904` is the workbook's setting for XLSX serials.
 * Throws CellError with the contract's reason.
 */
export function date(cell: Cell, date1904 = false): string | null {
  if (isBlank(cell)) return null
  if (typeof cell === 'number') {
    const n = Math.floor(cell)
    const day = (date1904 ? EXCEL_1904_EPOCH : EXCEL_EPOCH) + n
    // Past 31 Dec 9999 (Excel's own last day) a serial has no YYYY-MM-DD form, or no date at all.
    if (!(date1904 ? n >= 0 : n >= 61) || day > LAST_EXCEL_DAY) throw new CellError(`"${text(cell)}" is not a real date`)
    const iso = fromDayNumber(day)
    return checked(iso, iso)
  }
  const t = text(cell)
  let iso: string
  let m = ISO.exec(t)
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`
  else if ((m = UK.exec(t))) iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
  else throw new CellError(`"${t}" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)`)
  return checked(iso, t)
}

/** `iso` when it is a date Driftwatch accepts, else the reason, quoting the cell as `shown`. */
function checked(iso: string, shown: string): string {
  const problem = civilDateProblem(iso)
  if (problem) throw new CellError(`"${shown}" ${problem === NOT_A_CIVIL_DATE ? 'is not a real date' : problem}`)
  return iso
}

const YES = new Set(['y', 'yes', 'true', '1', 'a) yes'])
/** Yes/no (§0.4): never an error. */
export function yes(cell: Cell): boolean {
  return YES.has(codeForm(cell))
}

type Category = Caseload['plans'][number]['initialCategory']
const CATEGORIES: Record<string, Category> = {
  neg: 'neglect',
  neglect: 'neglect',
  phy: 'physical',
  physical: 'physical',
  'physical abuse': 'physical',
  sab: 'sexual',
  sexual: 'sexual',
  'sexual abuse': 'sexual',
  emo: 'emotional',
  emotional: 'emotional',
  'emotional abuse': 'emotional',
  mul: 'multiple',
}
/** Category of abuse (§0.5), or null when blank. */
export function category(cell: Cell): Category | null {
  if (isBlank(cell)) return null
  const code = codeForm(cell).replace(/^[a-e]\) /, '')
  const found = CATEGORIES[code] ?? (code.startsWith('multiple') ? 'multiple' : undefined)
  if (!found) throw new CellError(`"${text(cell)}" is not a category of abuse`)
  return found
}

const GENDERS: Record<string, string | null> = {}
for (const c of ['m', '1', '01', 'male', 'man', 'boy', 'a) male']) GENDERS[c] = 'male'
for (const c of ['f', '2', '02', 'female', 'woman', 'girl', 'b) female']) GENDERS[c] = 'female'
for (const c of ['i', '9', 'neither', 'indeterminate', 'd) neither']) GENDERS[c] = 'neither'
for (const c of ['', 'u', '0', '00', 'unknown', 'not known', 'not stated', 'not stated/recorded', 'c) not stated/recorded']) GENDERS[c] = null

/** Gender (§0.6): known codes to v1 words, blank and unknown to null, anything else as written. */
export function gender(cell: Cell): string | null {
  if (isBlank(cell)) return null
  const code = codeForm(cell)
  return code in GENDERS ? GENDERS[code]! : text(cell)
}

/** Ethnicity (§0.7): a leading `x) ` dropped; blank or `unknown` → null. */
export function ethnicity(cell: Cell): string | null {
  if (isBlank(cell)) return null
  const t = text(cell).replace(/^[A-Za-z]\) /, '').trim()
  if (t === '' || t === 'NULL' || t.toLowerCase() === 'unknown') return null
  return t
}

/** Headers compare trimmed, internal whitespace collapsed, case ignored (Annex A: a trailing `?` dropped). */
export function headerKey(header: string, dropQuestionMark = false): string {
  let k = header.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase()
  if (dropQuestionMark) k = k.replace(/\?$/, '').trim()
  return k
}
