/**
 * The name of the person using this caseload, as it appears in "recorded by" and the change history.
 * Asked once and kept in the caseload's `settings` table (encrypted with everything else), because
 * the computer's account name ("jsmith2") is not how a record should say who made it.
 */
import type { CaseloadDb } from '../db/caseload-db'
import { DriftwatchError } from '../../../shared/errors'
import { prepared } from './prepared'

export const USER_NAME_KEY = 'user-name'

export function loadUserName(db: CaseloadDb): string | null {
  const row = prepared(db.sqlite, 'SELECT value FROM settings WHERE key = ?').get(USER_NAME_KEY) as { value: string } | undefined
  if (!row) return null
  try {
    const v: unknown = JSON.parse(row.value)
    return typeof v === 'string' && v.trim() ? v.trim() : null
  } catch {
    return null
  }
}

export function saveUserName(db: CaseloadDb, name: string): string {
  // One clean line: line breaks and tabs become spaces, other control characters go (the name is
  // printed in the change history, the access log and exports).
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = name.replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim()
  if (!clean) throw new DriftwatchError('VALIDATION', 'Your name is needed.', [{ path: '$.name', reason: 'is needed: records say who made them' }])
  prepared(db.sqlite, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(USER_NAME_KEY, JSON.stringify(clean))
  return clean
}
