import { describe, expect, it } from 'vitest'
import { addWD, defaultCalendar, mergeOfficialBankHolidays, wd, WorkingDayCalendar } from '../../electron/core/drift/calendar'
import { refAddWD, refWd } from './reference-drift'
import fc from 'fast-check'
import { addDays } from '../../shared/civil-date'

describe('working-day calendar', () => {
  it('addWD never counts the start day and skips weekends', () => {
    expect(addWD('2026-11-02', 10)).toBe('2026-11-16') // Monday + 10 working days
    expect(addWD('2026-11-06', 1)).toBe('2026-11-09') // Friday → Monday
    expect(addWD('2026-11-07', 1)).toBe('2026-11-09') // Saturday → Monday
    expect(addWD('2026-11-02', 0)).toBe('2026-11-02')
  })
  it('skips bank holidays including Christmas substitute days', () => {
    // 2027: Christmas Day and Boxing Day fall on Sat/Sun, substitutes Mon 27 and Tue 28 Dec.
    expect(addWD('2027-12-24', 1)).toBe('2027-12-29')
    expect(wd('2027-12-24', '2027-12-29')).toBe(1)
    expect(addWD('2026-12-24', 1)).toBe('2026-12-29') // 2026: Fri 25, Mon 28 (Boxing Day substitute)
    expect(addWD('2027-03-25', 1)).toBe('2027-03-30') // Good Friday 26 Mar, Easter Monday 29 Mar 2027
  })
  it('wd counts x with a < x <= b', () => {
    expect(wd('2026-11-02', '2026-11-02')).toBe(0)
    expect(wd('2026-11-02', '2026-11-03')).toBe(1)
    expect(wd('2026-11-03', '2026-11-02')).toBe(0)
    expect(wd('2026-11-06', '2026-11-08')).toBe(0)
  })
  it('agrees with a day-by-day count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: -20, max: 60 }), (o, n, span) => {
        const d = addDays('2019-01-01', o)
        expect(addWD(d, n)).toBe(refAddWD(d, n))
        expect(wd(d, addDays(d, span))).toBe(span <= 0 ? 0 : refWd(d, addDays(d, span)))
      }),
      { numRuns: 300 },
    )
  })
  it('warns when deadlines run past the last known year, not before', () => {
    const cal = defaultCalendar()
    cal.resetWarning()
    cal.addWD('2030-12-10', 5)
    expect(cal.takeWarning()).toBeNull()
    expect(cal.knownUntil).toBe('2030-12-31')
    cal.addWD('2030-12-24', 10)
    expect(cal.takeWarning()).toMatch(/2031-01-0\d.*after 2030-12-31/)
    expect(cal.takeWarning()).toBeNull()
  })
  it('merges the official bank-holidays.json: extends and corrects, validated', () => {
    const official = {
      'england-and-wales': { division: 'england-and-wales', events: [{ title: 'New Year’s Day', date: '2031-01-01', notes: '', bunting: true }] },
      scotland: { division: 'scotland', events: [] },
    }
    const cal = mergeOfficialBankHolidays(official)
    expect(cal.knownUntil).toBe('2031-12-31')
    expect(cal.addWD('2030-12-31', 1)).toBe('2031-01-02')
    // 2031 now official: only its listed dates are holidays there.
    const corrected = mergeOfficialBankHolidays({ 'england-and-wales': { events: [{ title: 'X', date: '2030-06-03' }] } })
    expect(corrected.isWorkingDay('2030-06-03')).toBe(false)
    expect(corrected.isWorkingDay('2030-12-25')).toBe(true) // 2030 replaced by the official list given
    expect(() => mergeOfficialBankHolidays({ scotland: {} })).toThrow(/england-and-wales/)
    expect(() => mergeOfficialBankHolidays({ 'england-and-wales': { events: [{ date: '2030-02-30' }] } })).toThrow(/events\[0\]\.date/)
    expect(new WorkingDayCalendar([]).knownUntil).toBe('2018-12-31')
  })
})
