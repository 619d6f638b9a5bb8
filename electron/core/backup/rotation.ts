/**
 * Which automatic backups to keep: the newest of each of the last 7 days that have one (daily), the
 * newest of each of the last 4 weeks that have one (weekly, weeks from Monday), days counted in
 * Europe/London, and the 3 newest of all — a lock at 10:00, a bad import at 11:00 and a lock at
 * 11:30 must not leave only the 11:30 backup of that day. Everything else made automatically is removed; the folder's other files are never
 * touched (only names `backupName` makes are considered).
 */
import { addDays, dayOfWeek, todayInLondon, type CivilDate } from '../../../shared/civil-date'
import { BACKUP_EXTENSION } from './backup-file'

export const KEEP_DAILY = 7
export const KEEP_WEEKLY = 4
export const KEEP_RECENT = 3

export interface DatedBackup {
  name: string
  at: Date
}

const NAME = /^(.+)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z(?:-(\d+))?\.dwbackup$/

/** `caseload-20261130-221503Z.dwbackup`: the caseload's name and the UTC time, sortable. */
export function backupName(dbName: string, at: Date, n = 0): string {
  const iso = at.toISOString()
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
  return `${dbName.replace(/\.db$/, '')}-${stamp}${n > 0 ? `-${n}` : ''}${BACKUP_EXTENSION}`
}

/** The time in a name `backupName` made for this caseload, or null for any other file. */
export function parseBackupName(dbName: string, name: string): Date | null {
  const m = NAME.exec(name)
  if (!m || m[1] !== dbName.replace(/\.db$/, '')) return null
  const at = new Date(Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7])))
  // 2026-13-40 would roll over into another date: not a name we made.
  if (at.getUTCMonth() !== Number(m[3]) - 1 || at.getUTCDate() !== Number(m[4]) || at.getUTCHours() !== Number(m[5])) return null
  // Backups of the same second are numbered -1, -2…: later ones sort as later.
  return new Date(at.getTime() + Number(m[8] ?? 0))
}

function weekOf(day: CivilDate): CivilDate {
  return addDays(day, -((dayOfWeek(day) + 6) % 7))
}

export function planRotation(
  backups: readonly DatedBackup[],
  keep: { daily: number; weekly: number; recent: number } = { daily: KEEP_DAILY, weekly: KEEP_WEEKLY, recent: KEEP_RECENT },
): { keep: string[]; remove: string[] } {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : -1))
  const kept = new Set<string>(newestFirst.slice(0, keep.recent).map((b) => b.name))
  const pick = (bucketOf: (b: DatedBackup) => string, limit: number) => {
    const seen = new Set<string>()
    for (const b of newestFirst) {
      const bucket = bucketOf(b)
      if (seen.has(bucket)) continue
      if (seen.size === limit) break
      seen.add(bucket)
      kept.add(b.name)
    }
  }
  pick((b) => todayInLondon(b.at), keep.daily)
  pick((b) => weekOf(todayInLondon(b.at)), keep.weekly)
  return {
    keep: newestFirst.filter((b) => kept.has(b.name)).map((b) => b.name),
    remove: newestFirst.filter((b) => !kept.has(b.name)).map((b) => b.name),
  }
}
