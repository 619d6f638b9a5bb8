/** Rotation of automatic backups: 7 daily, 4 weekly, London days, Monday weeks; a pure function. */
import { describe, expect, it } from 'vitest'
import { backupName, parseBackupName, planRotation } from '../../electron/core/backup/rotation'

const at = (iso: string) => new Date(iso)
const named = (iso: string) => ({ name: backupName('caseload.db', at(iso)), at: at(iso) })

describe('backup names', () => {
  it('carry the UTC time and round-trip; other files and other caseloads are not ours', () => {
    const n = backupName('caseload.db', at('2026-11-30T22:15:03.456Z'))
    expect(n).toBe('caseload-20261130-221503Z.dwbackup')
    expect(parseBackupName('caseload.db', n)?.toISOString()).toBe('2026-11-30T22:15:03.000Z')
    // The second backup of the same second sorts after the first.
    expect(parseBackupName('caseload.db', backupName('caseload.db', at('2026-11-30T22:15:03Z'), 2))?.toISOString()).toBe('2026-11-30T22:15:03.002Z')
    expect(parseBackupName('other.db', n)).toBeNull()
    expect(parseBackupName('caseload.db', 'caseload-20261130-221503Z.dwbackup.tmp')).toBeNull()
    expect(parseBackupName('caseload.db', 'holiday-photos.dwbackup')).toBeNull()
    expect(parseBackupName('caseload.db', 'caseload-20261340-221503Z.dwbackup')).toBeNull()
  })
})

describe('planRotation', () => {
  it('keeps the three newest of one busy day, and only the newest of each older day', () => {
    const list = ['2026-11-30T09:00:00Z', '2026-11-30T10:00:00Z', '2026-11-30T11:00:00Z', '2026-11-30T11:30:00Z', '2026-11-29T09:00:00Z', '2026-11-29T17:00:00Z'].map(named)
    const { keep, remove } = planRotation(list)
    expect(keep).toEqual([list[3]!.name, list[2]!.name, list[1]!.name, list[5]!.name])
    expect(remove).toEqual([list[0]!.name, list[4]!.name])
  })

  it('keeps everything while there are few backups', () => {
    const list = [named('2026-11-30T09:00:00Z'), named('2026-11-29T09:00:00Z')]
    expect(planRotation(list)).toEqual({ keep: [list[0]!.name, list[1]!.name], remove: [] })
  })

  it('keeps the newest of each of the last 7 days, and the newest of each of the last 4 weeks', () => {
    // Three backups a day (lock, quit, daily) for 60 days, 1 Oct to 29 Nov 2026.
    const list = []
    for (let d = 0; d < 60; d += 1) {
      for (const h of ['08:00', '12:30', '17:45']) {
        const day = new Date(Date.UTC(2026, 9, 1 + d))
        list.push(named(`${day.toISOString().slice(0, 10)}T${h}:00Z`))
      }
    }
    const { keep, remove } = planRotation(list)
    expect(keep.length + remove.length).toBe(180)
    const keptTimes = keep.map((n) => parseBackupName('caseload.db', n)!.toISOString())
    // Daily: the evening backup of 23–29 Nov (Mon 23 to Sun 29).
    for (let d = 23; d <= 29; d += 1) expect(keptTimes).toContain(`2026-11-${d}T17:45:00.000Z`)
    // Weekly: newest of the weeks starting Mon 16, 9 and 2 Nov (the week of 23 Nov is already kept).
    expect(keptTimes).toContain('2026-11-22T17:45:00.000Z')
    expect(keptTimes).toContain('2026-11-15T17:45:00.000Z')
    expect(keptTimes).toContain('2026-11-08T17:45:00.000Z')
    // and the three newest of all (29 Nov 08:00 and 12:30 besides the evening one).
    expect(keptTimes).toContain('2026-11-29T08:00:00.000Z')
    expect(keptTimes).toContain('2026-11-29T12:30:00.000Z')
    expect(keep).toHaveLength(7 + 3 + 2)
    // Newest first.
    expect(keep[0]).toBe(backupName('caseload.db', at('2026-11-29T17:45:00Z')))
    expect(keptTimes.some((t) => t < '2026-11-02')).toBe(false)
  })

  it('counts days in London: 23:30 UTC in summer is already the next day', () => {
    const list = [named('2026-07-01T23:30:00Z'), named('2026-07-01T22:30:00Z')] // 00:30 2 Jul and 23:30 1 Jul BST
    expect(planRotation(list, { daily: 2, weekly: 0, recent: 0 }).keep).toHaveLength(2)
    expect(planRotation(list, { daily: 1, weekly: 0, recent: 0 }).keep).toEqual([list[0]!.name])
  })

  it('with gaps, keeps the last 7 days that have a backup, however old', () => {
    const list = ['2026-01-05', '2026-02-10', '2026-03-15', '2026-04-20', '2026-05-25', '2026-06-30', '2026-08-04', '2026-09-09', '2026-10-14'].map((d) => named(`${d}T10:00:00Z`))
    const { keep, remove } = planRotation(list)
    expect(keep).toHaveLength(7)
    expect(remove).toEqual([list[1]!.name, list[0]!.name])
  })
})
