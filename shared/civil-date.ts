/**
 * Civil dates: `YYYY-MM-DD` strings meaning a day in Europe/London, never an instant.
 *
 * Why a module of its own: converting a civil date through a local-time `Date` shifts it by a day
 * whenever the machine's zone is not UTC (or across BST), and a shifted day is a wrong statutory
 * deadline. Everything here works on day numbers (days since 1970-01-01) computed with `Date.UTC`,
 * which has no zone and no daylight saving.
 */
export type CivilDate = string

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MS_PER_DAY = 86_400_000

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9]
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29
  return MONTH_DAYS[month - 1]!
}

/**
 * The years a date may have. Why a range at all: the working-day calendar and the date caches are
 * tables over these years (with a margin), and a year like 0000 or 9999 is a placeholder in a source
 * system, not a day anything happened; an open end date is left blank.
 */
export const FIRST_YEAR = 1900
export const LAST_YEAR = 2200

/** The year of a real calendar date in the form YYYY-MM-DD (any year), else -1. */
function yearOfCalendarDate(value: unknown): number {
  // Called for every date of a 50,000-child import: character codes, no regex or Date objects.
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1
  let digits = 0
  for (const i of DIGIT_POSITIONS) {
    const c = value.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    digits = digits * 10 + c
  }
  const year = Math.floor(digits / 10000)
  const month = Math.floor(digits / 100) % 100
  const day = digits % 100
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? year : -1
}

/** True for a real calendar date in the form YYYY-MM-DD from FIRST_YEAR to LAST_YEAR (so 2026-02-30 and 2025-02-29 are false). */
export function isCivilDate(value: unknown): value is CivilDate {
  const year = yearOfCalendarDate(value)
  return year >= FIRST_YEAR && year <= LAST_YEAR
}

/** Why `value` is not a date Driftwatch accepts (the end of a sentence about it); null when it is one. */
export function civilDateProblem(value: unknown): string | null {
  const year = yearOfCalendarDate(value)
  if (year >= FIRST_YEAR && year <= LAST_YEAR) return null
  if (year >= 0) return `is outside the years Driftwatch accepts (${FIRST_YEAR} to ${LAST_YEAR}): a date not known, or an end not yet reached, is left blank`
  return NOT_A_CIVIL_DATE
}

export const NOT_A_CIVIL_DATE = 'is not a real date in the form YYYY-MM-DD'

function parts(date: CivilDate): [number, number, number] {
  const m = PATTERN.exec(date)
  if (!m) throw new RangeError(`Not a civil date: ${JSON.stringify(date)}`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

/** Days since 1970-01-01. */
export function toDayNumber(date: CivilDate): number {
  const [y, m, d] = parts(date)
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY)
}

export function fromDayNumber(day: number): CivilDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromDayNumber(toDayNumber(date) + days)
}

/** Same day of month `months` later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const [y, m, d] = parts(date)
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  const day = Math.min(d, daysInMonth(year, month))
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CivilDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7
}

/** Calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return toDayNumber(b) - toDayNumber(a)
}

/** Civil dates compare correctly as strings; this names the intent. */
export function compareDates(a: CivilDate, b: CivilDate): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function maxDate(a: CivilDate, b: CivilDate): CivilDate {
  return a >= b ? a : b
}

export function minDate(a: CivilDate, b: CivilDate): CivilDate {
  return a <= b ? a : b
}

/** UK style for people: 14 Mar 2026. */
export function formatUK(date: CivilDate | null | undefined): string {
  if (!date) return '—'
  const [y, m, d] = parts(date)
  return `${d} ${MONTHS_SHORT[m - 1]} ${y}`
}

/** Today's civil date in Europe/London, whatever zone the machine is set to. */
export function todayInLondon(now: Date = new Date()): CivilDate {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
  const p = Object.fromEntries(fmt.formatToParts(now).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day}`
}
