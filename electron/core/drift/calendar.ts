/**
 * Working-day calendar for England and Wales (design brief §4).
 *
 * A working day is Monday–Friday and not an England and Wales bank holiday. The project ships its
 * own copy of the gov.uk list (2019–2030); the official `bank-holidays.json` can be merged in to
 * extend or correct it. Outside the known years holidays are unknown: the calendar then counts
 * Monday–Friday only and remembers that it did, so a scan can say so instead of silently trusting it.
 *
 * Speed: the drift scan calls addWD/wd millions of times, so everything is a table lookup on day
 * numbers (days since 1970-01-01): `cum[i]` = working days in [BASE, BASE + i], `nth[k]` = day
 * number of the (k+1)-th working day from BASE.
 */
import { z } from 'zod'
import { addMonths, formatUK, fromDayNumber, isCivilDate, toDayNumber, type CivilDate } from '../../../shared/civil-date'
import { DriftwatchError, jsonPath } from '../../../shared/errors'
import shipped from './bank-holidays-england-and-wales.json'

export const DIVISION = 'england-and-wales'

const BASE = toDayNumber('1899-01-01')
const END = toDayNumber('2202-12-31')
const SPAN = END - BASE + 1

const civilDate = z.string().refine(isCivilDate, { message: 'is not a real date in the form YYYY-MM-DD' })
const eventSchema = z.looseObject({ title: z.string().optional(), date: civilDate })
const divisionSchema = z.looseObject({ division: z.string().optional(), events: z.array(eventSchema) })
/** The official gov.uk shape: `{ "england-and-wales": { division, events: [{ title, date, notes, bunting }] }, … }`. */
export const bankHolidaysFileSchema = z.looseObject({ [DIVISION]: divisionSchema })
export type BankHolidaysFile = z.infer<typeof bankHolidaysFileSchema>

/** Fast parse of a YYYY-MM-DD string already known to be valid, with a small cache. */
const dayCache = new Map<string, number>()
export function dayOf(date: CivilDate): number {
  let n = dayCache.get(date)
  if (n === undefined) {
    n = toDayNumber(date)
    if (dayCache.size > 200_000) dayCache.clear()
    dayCache.set(date, n)
  }
  return n
}

// Allocated whole: an array filled at scattered indexes would fall back to slow dictionary elements.
const dateStrings: (string | undefined)[] = new Array<string | undefined>(SPAN).fill(undefined)
/** Civil date of a day number (cached: the scan formats the same few thousand days again and again). */
export function dateOf(day: number): CivilDate {
  const i = day - BASE
  if (i < 0 || i >= SPAN) return fromDayNumber(day)
  let s = dateStrings[i]
  if (s === undefined) {
    s = fromDayNumber(day)
    dateStrings[i] = s
  }
  return s
}

/** addDays through the caches. */
export function addDaysFast(date: CivilDate, days: number): CivilDate {
  return dateOf(dayOf(date) + days)
}

/** addMonths (clamped) through a cache per month count, indexed by day number (no string keys). */
const monthCaches = new Map<number, (CivilDate | undefined)[]>()
export function addMonthsFast(date: CivilDate, months: number): CivilDate {
  const i = dayOf(date) - BASE
  if (i < 0 || i >= SPAN) return addMonths(date, months)
  let cache = monthCaches.get(months)
  if (!cache) {
    cache = []
    monthCaches.set(months, cache)
  }
  let out = cache[i]
  if (out === undefined) {
    out = addMonths(date, months)
    cache[i] = out
  }
  return out
}

const ukCache = new Map<string, string>()
/** formatUK through a cache (the scan formats the same few thousand days again and again). */
export function formatUKFast(date: CivilDate): string {
  let out = ukCache.get(date)
  if (out === undefined) {
    out = formatUK(date)
    if (ukCache.size > 100_000) ukCache.clear()
    ukCache.set(date, out)
  }
  return out
}

export interface HolidayEvent {
  title: string
  date: CivilDate
}

export class WorkingDayCalendar {
  /** First and last day (inclusive) of the years whose holidays are known. */
  readonly knownFrom: CivilDate
  readonly knownUntil: CivilDate
  readonly holidays: readonly HolidayEvent[]
  private readonly knownFromDay: number
  private readonly knownUntilDay: number
  private readonly cum: Int32Array
  private readonly nth: Int32Array
  /** Earliest and latest day outside the known years that a computation touched (NaN: none). */
  private outsideLow = Number.POSITIVE_INFINITY
  private outsideHigh = Number.NEGATIVE_INFINITY

  constructor(events: readonly HolidayEvent[]) {
    const byDate = new Map<string, HolidayEvent>()
    for (const e of events) byDate.set(e.date, e)
    this.holidays = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    const years = this.holidays.map((h) => Number(h.date.slice(0, 4)))
    const first = years.length ? Math.min(...years) : 2019
    const last = years.length ? Math.max(...years) : 2018
    this.knownFrom = `${first}-01-01`
    this.knownUntil = `${last}-12-31`
    this.knownFromDay = toDayNumber(this.knownFrom)
    this.knownUntilDay = toDayNumber(this.knownUntil)
    const holidayDays = new Set(this.holidays.map((h) => toDayNumber(h.date)))
    // Typed arrays filled in one pass, weekday by arithmetic: this runs once per process, at the first
    // scan, before V8 has optimised anything, so it is kept to the simplest loop.
    const cum = new Int32Array(SPAN)
    const nth = new Int32Array(SPAN)
    let count = 0
    let dow = (((BASE + 4) % 7) + 7) % 7
    for (let i = 0; i < SPAN; i++) {
      if (dow !== 0 && dow !== 6 && !holidayDays.has(BASE + i)) nth[count++] = BASE + i
      cum[i] = count
      dow = dow === 6 ? 0 : dow + 1
    }
    this.cum = cum
    this.nth = nth.slice(0, count)
  }

  private touch(lo: number, hi: number): void {
    if (lo < this.knownFromDay && lo < this.outsideLow) this.outsideLow = lo
    if (hi > this.knownUntilDay && hi > this.outsideHigh) this.outsideHigh = hi
  }

  isWorkingDay(date: CivilDate): boolean {
    const d = dayOf(date)
    this.touch(d, d)
    const i = d - BASE
    return i > 0 ? this.cum[i]! !== this.cum[i - 1]! : this.cum[0] === 1
  }

  /** Day number of the n-th working day after day d (d itself never counts); n >= 0 (0 gives d). */
  addWDDay(d: number, n: number): number {
    if (n <= 0) return d
    const i = d - BASE
    if (i < 0 || i >= SPAN) throw new RangeError(`Date out of the calendar's range: ${fromDayNumber(d)}`)
    const k = this.cum[i]! + n - 1
    const out = this.nth[k]
    if (out === undefined) throw new RangeError(`Date out of the calendar's range: ${fromDayNumber(d)} + ${n} working days`)
    this.touch(d, out)
    return out
  }

  /** Number of working days x with a < x <= b (0 when b <= a), on day numbers. */
  wdDays(a: number, b: number): number {
    if (b <= a) return 0
    const ia = a - BASE
    const ib = b - BASE
    if (ia < 0 || ib >= SPAN) throw new RangeError(`Date out of the calendar's range: ${fromDayNumber(a)}..${fromDayNumber(b)}`)
    this.touch(a, b)
    return this.cum[ib]! - this.cum[ia]!
  }

  /** addWD(d, n): the n-th working day after d (d itself never counts). */
  addWD(date: CivilDate, n: number): CivilDate {
    return dateOf(this.addWDDay(dayOf(date), n))
  }

  /** wd(a, b): the number of working days x with a < x <= b. */
  wd(a: CivilDate, b: CivilDate): number {
    return this.wdDays(dayOf(a), dayOf(b))
  }

  /**
   * Days outside the known years touched since the last reset, as a warning sentence (or null).
   * Holidays there are unknown, so they were counted as working days.
   */
  takeWarning(): string | null {
    const parts: string[] = []
    if (this.outsideHigh > this.knownUntilDay) {
      parts.push(
        `some deadlines run to ${formatUK(fromDayNumber(this.outsideHigh))}, after ${formatUK(this.knownUntil)}, the last day with known bank holidays`,
      )
    }
    if (this.outsideLow < this.knownFromDay) {
      parts.push(`some dates go back to ${formatUK(fromDayNumber(this.outsideLow))}, before ${formatUK(this.knownFrom)}, the first day with known bank holidays`)
    }
    this.resetWarning()
    if (!parts.length) return null
    return `Working days were counted as Monday to Friday only where bank holidays are unknown: ${parts.join('; ')}. Import the official bank-holidays.json to correct this.`
  }

  resetWarning(): void {
    this.outsideLow = Number.POSITIVE_INFINITY
    this.outsideHigh = Number.NEGATIVE_INFINITY
  }
}

/** Validates a gov.uk bank-holidays.json document; throws BAD_INPUT with the JSON path and reason. */
export function parseBankHolidays(json: unknown): HolidayEvent[] {
  const r = bankHolidaysFileSchema.safeParse(json)
  const refuse = (problems: { path: string; reason: string }[]): never => {
    throw new DriftwatchError(
      'BAD_INPUT',
      `Not a bank-holidays.json with an ${DIVISION} division: ${problems.map((p) => `${p.path} ${p.reason}`).join('; ')}`,
      problems,
    )
  }
  if (!r.success) {
    return refuse(
      r.error.issues.map((i) => ({
        path: jsonPath(i.path),
        // The one list Driftwatch reads, absent (a Scottish or hand-made file): said in words.
        reason: i.path.length === 1 && i.path[0] === DIVISION && /received undefined/.test(i.message) ? `is missing: the file has no England and Wales list, which is the one Driftwatch uses` : i.message,
      })),
    )
  }
  const events = r.data[DIVISION].events.map((e) => ({ title: e.title ?? 'Bank holiday', date: e.date }))
  const path = `${jsonPath([DIVISION])}.events`
  if (events.length === 0) refuse([{ path, reason: 'lists no bank holidays' }])
  // Each year the file lists replaces that year's holidays (mergeHolidayEvents), so a year cut short (a
  // hand-edited copy) would silently turn the rest of its holidays into working days. England and Wales
  // have had at least 8 bank holidays every year since 1978.
  const perYear = new Map<string, number>()
  for (const e of events) perYear.set(e.date.slice(0, 4), (perYear.get(e.date.slice(0, 4)) ?? 0) + 1)
  const short = [...perYear].filter(([, n]) => n < MIN_HOLIDAYS_A_YEAR).sort()
  if (short.length > 0) {
    refuse(
      short.map(([year, n]) => ({
        path,
        reason: `lists only ${n} bank holiday${n === 1 ? '' : 's'} in ${year}, where England and Wales have at least ${MIN_HOLIDAYS_A_YEAR} a year: use the whole official file from https://www.gov.uk/bank-holidays.json`,
      })),
    )
  }
  return events
}

const MIN_HOLIDAYS_A_YEAR = 8

export function shippedHolidays(): HolidayEvent[] {
  return parseBankHolidays(shipped)
}

/**
 * Merges the official list into a base list: for every year the official file covers, its dates
 * replace the base's (so it corrects projections); other years are kept (so it extends).
 */
export function mergeHolidayEvents(base: readonly HolidayEvent[], official: readonly HolidayEvent[]): HolidayEvent[] {
  const officialYears = new Set(official.map((e) => e.date.slice(0, 4)))
  const kept = base.filter((e) => !officialYears.has(e.date.slice(0, 4)))
  return [...kept, ...official].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

let shippedCalendar: WorkingDayCalendar | null = null
/** The calendar built from the shipped list (cached). */
export function defaultCalendar(): WorkingDayCalendar {
  shippedCalendar ??= new WorkingDayCalendar(shippedHolidays())
  return shippedCalendar
}

/** A calendar from the shipped list corrected/extended by an official `bank-holidays.json`. */
export function mergeOfficialBankHolidays(json: unknown, base: readonly HolidayEvent[] = shippedHolidays()): WorkingDayCalendar {
  return new WorkingDayCalendar(mergeHolidayEvents(base, parseBankHolidays(json)))
}

/** Convenience functions on the shipped calendar. */
export function addWD(d: CivilDate, n: number): CivilDate {
  return defaultCalendar().addWD(d, n)
}
export function wd(a: CivilDate, b: CivilDate): number {
  return defaultCalendar().wd(a, b)
}
