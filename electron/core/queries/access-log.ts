/**
 * The access log (migration 0007_access-log): an append-only record, inside the encrypted
 * caseload, of who unlocked it, opened which case, and exported, backed up or restored which file,
 * and when. Triggers refuse every UPDATE and DELETE. Only ids and file names are written — never a
 * name, a note or any other case content — so the log can be exported and shown to an auditor.
 *
 * `logAccess` is the one way in: features that back up or restore call it too.
 */
import type { CaseloadDb } from '../db/caseload-db'
import { basename } from 'node:path'

export const ACCESS_EVENTS = ['unlock', 'case-opened', 'export', 'backup', 'restore', 'access-log-export'] as const
export type AccessEventKind = (typeof ACCESS_EVENTS)[number]

export interface AccessEvent {
  event: AccessEventKind
  /** Who: the user name in the settings, or the operating-system account. */
  actor: string
  /** The child whose case was opened or exported, by id. */
  childId?: string | null
  /** The file written or read (its name only: the folder can carry a person's name). */
  fileName?: string | null
  /** Defaults to now. */
  at?: Date
}

export interface AccessEntry {
  id: number
  at: string
  actor: string
  event: AccessEventKind
  childId: string | null
  fileName: string | null
}

const MAX_FIELD = 200

function clip(s: string | null | undefined): string | null {
  if (s === null || s === undefined || s === '') return null
  return s.length > MAX_FIELD ? s.slice(0, MAX_FIELD) : s
}

/** Appends one entry. A file is recorded by its name, never its folder. */
export function logAccess(db: Pick<CaseloadDb, 'sqlite'>, event: AccessEvent): void {
  db.sqlite
    .prepare('INSERT INTO access_log (at, actor, event, child_id, file_name) VALUES (?, ?, ?, ?, ?)')
    .run(
      (event.at ?? new Date()).toISOString(),
      clip(event.actor) ?? 'unknown',
      event.event,
      clip(event.childId),
      clip(event.fileName ? basename(event.fileName) : null),
    )
}

/** Newest first; `before` pages back by id. */
export function listAccess(db: Pick<CaseloadDb, 'sqlite'>, options: { limit?: number; before?: number } = {}): { entries: AccessEntry[]; total: number } {
  const limit = Math.max(1, Math.min(options.limit ?? 200, 1000))
  const rows = db.sqlite
    .prepare(
      `SELECT id, at, actor, event, child_id AS childId, file_name AS fileName FROM access_log
       WHERE id < ? ORDER BY id DESC LIMIT ?`,
    )
    .all(options.before ?? Number.MAX_SAFE_INTEGER, limit) as AccessEntry[]
  const total = (db.sqlite.prepare('SELECT count(*) AS n FROM access_log').get() as { n: number }).n
  return { entries: rows, total }
}

/** Every entry, oldest first, as CSV (RFC 4180; a leading = + - @ is quoted out so a spreadsheet never runs it). */
export function accessLogCsv(db: Pick<CaseloadDb, 'sqlite'>): string {
  const cell = (v: string | number | null) => {
    if (v === null) return ''
    let s = String(v)
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = ['id,at,actor,event,child_id,file_name']
  for (const r of db.sqlite
    .prepare('SELECT id, at, actor, event, child_id AS childId, file_name AS fileName FROM access_log ORDER BY id')
    .iterate() as IterableIterator<AccessEntry>) {
    lines.push([r.id, r.at, r.actor, r.event, r.childId, r.fileName].map(cell).join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}
