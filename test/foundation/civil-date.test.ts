import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  addDays,
  addMonths,
  dayOfWeek,
  formatUK,
  fromDayNumber,
  isCivilDate,
  toDayNumber,
  todayInLondon,
} from '../../shared/civil-date'

describe('civil dates', () => {
  it('accepts real dates only', () => {
    expect(isCivilDate('2026-02-28')).toBe(true)
    expect(isCivilDate('2028-02-29')).toBe(true)
    expect(isCivilDate('2026-02-29')).toBe(false)
    expect(isCivilDate('2026-02-30')).toBe(false)
    expect(isCivilDate('2026-13-01')).toBe(false)
    expect(isCivilDate('2026-1-01')).toBe(false)
    expect(isCivilDate('2026-01-01T00:00:00Z')).toBe(false)
    expect(isCivilDate(20260101)).toBe(false)
  })

  it('agrees with the calendar on every well-formed string', () => {
    const oracle = (s: string) => {
      const [y, m, d] = s.split('-').map(Number) as [number, number, number]
      const t = new Date(Date.UTC(y, m - 1, d))
      return y >= 1900 && y <= 2200 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
    }
    const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''))
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom('19', '20', '21', '22', '00', '99'), digits(2), digits(2), digits(2)), ([c, y, m, d]) => {
        const s = `${c}${y}-${m}-${d}`
        expect(isCivilDate(s)).toBe(oracle(s))
      }),
      { numRuns: 3000 },
    )
  })

  it('adds months clamped to the end of the month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28')
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28')
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15')
  })

  it('knows the weekday without time zones', () => {
    expect(dayOfWeek('2026-11-26')).toBe(4) // a Thursday
    expect(dayOfWeek('2026-03-29')).toBe(0) // the Sunday the clocks go forward
    expect(dayOfWeek('2026-10-25')).toBe(0) // and back
  })

  it('formats UK dates', () => {
    expect(formatUK('2026-03-14')).toBe('14 Mar 2026')
    expect(formatUK('2026-12-01')).toBe('1 Dec 2026')
    expect(formatUK(null)).toBe('—')
  })

  it('finds today in London, not in the machine zone', () => {
    // 23:30 UTC on 31 May is already 1 June in London (BST).
    expect(todayInLondon(new Date(Date.UTC(2026, 4, 31, 23, 30)))).toBe('2026-06-01')
    // 23:30 UTC on 31 Dec is still 31 Dec in London (GMT).
    expect(todayInLondon(new Date(Date.UTC(2026, 11, 31, 23, 30)))).toBe('2026-12-31')
  })

  it('round-trips day numbers and never drifts across daylight saving', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 60000 }), fc.integer({ min: -400, max: 400 }), (day, n) => {
        const d = fromDayNumber(day)
        expect(isCivilDate(d)).toBe(true)
        expect(toDayNumber(d)).toBe(day)
        expect(toDayNumber(addDays(d, n)) - day).toBe(n)
      }),
    )
  })
})
