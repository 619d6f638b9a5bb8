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
    expect(cal.takeWarning()).toMatch(/\d Jan 2031, after 31 Dec 2030/)
    expect(cal.takeWarning()).toBeNull()
  })
  it('merges the official bank-holidays.json: extends and corrects, validated', () => {
    // England and Wales 2031 (Easter Sunday 13 Apr): a whole year, as the official file lists each year.
    const y2031 = ['2031-01-01', '2031-04-11', '2031-04-14', '2031-05-05', '2031-05-26', '2031-08-25', '2031-12-25', '2031-12-26']
    const official = {
      'england-and-wales': { division: 'england-and-wales', events: y2031.map((date) => ({ title: 'Bank holiday', date, notes: '', bunting: true })) },
      scotland: { division: 'scotland', events: [] },
    }
    const cal = mergeOfficialBankHolidays(official)
    expect(cal.knownUntil).toBe('2031-12-31')
    expect(cal.addWD('2030-12-31', 1)).toBe('2031-01-02')
    // A year the file lists replaces the shipped one: here 2030's spring bank holiday moved a week.
    const y2030 = defaultCalendar().holidays.filter((h) => h.date.startsWith('2030')).map((h) => (h.date === '2030-05-27' ? { ...h, date: '2030-06-03' } : h))
    expect(y2030).toHaveLength(8)
    const corrected = mergeOfficialBankHolidays({ 'england-and-wales': { events: y2030 } })
    expect(corrected.isWorkingDay('2030-06-03')).toBe(false)
    expect(corrected.isWorkingDay('2030-05-27')).toBe(true)
    expect(corrected.isWorkingDay('2030-12-25')).toBe(false)
    // A year cut short would turn the rest of its holidays into working days: refused, with the year.
    expect(() => mergeOfficialBankHolidays({ 'england-and-wales': { events: [{ title: 'X', date: '2030-06-03' }] } })).toThrow(/only 1 bank holiday in 2030/)
    expect(() => mergeOfficialBankHolidays({ 'england-and-wales': { events: [] } })).toThrow(/lists no bank holidays/)
    expect(() => mergeOfficialBankHolidays({ scotland: {} })).toThrow(/england-and-wales.*is missing/)
    expect(() => mergeOfficialBankHolidays({ 'england-and-wales': { events: [{ date: '2030-02-30' }] } })).toThrow(/events\[0\]\.date/)
    expect(new WorkingDayCalendar([]).knownUntil).toBe('2018-12-31')
  })
})
