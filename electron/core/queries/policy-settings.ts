/**
 * The authority's drift policy and bank-holiday list, stored in the caseload's `settings` table
 * (keys 'drift-policy' and 'bank-holidays', JSON values).
 */
import type { CaseloadDb } from '../db/caseload-db'
import { DEFAULT_POLICY, parsePolicy, type DriftPolicy } from '../../../shared/drift-policy'
import { DriftwatchError } from '../../../shared/errors'
import {
  defaultCalendar,
  mergeHolidayEvents,
  parseBankHolidays,
  shippedHolidays,
  WorkingDayCalendar,
  type HolidayEvent,
} from '../drift/calendar'
import { prepared } from './prepared'

export const POLICY_KEY = 'drift-policy'
export const BANK_HOLIDAYS_KEY = 'bank-holidays'

const SQL_GET = 'SELECT value FROM settings WHERE key = ?'
const SQL_PUT = 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
const SQL_DELETE = 'DELETE FROM settings WHERE key = ?'

function getSetting(db: CaseloadDb, key: string): unknown {
  const row = prepared(db.sqlite, SQL_GET).get(key) as { value: string } | undefined
  if (!row) return undefined
  try {
    return JSON.parse(row.value)
  } catch {
    throw new DriftwatchError('UNREADABLE_DATABASE', `The stored setting '${key}' is not valid JSON.`)
  }
}

/** The stored policy (validated; missing fields take the defaults), or the defaults. */
export function loadPolicy(db: CaseloadDb): DriftPolicy {
  const stored = getSetting(db, POLICY_KEY)
  if (stored === undefined) return DEFAULT_POLICY
  return parsePolicy(stored, `the caseload's stored setting '${POLICY_KEY}'`)
}

/** Validates and stores a policy; returns it with every field filled in. */
export function savePolicy(db: CaseloadDb, policy: unknown): DriftPolicy {
  const parsed = parsePolicy(policy)
  prepared(db.sqlite, SQL_PUT).run(POLICY_KEY, JSON.stringify(parsed))
  return parsed
}

/** Back to the defaults of the design brief. */
export function resetPolicy(db: CaseloadDb): DriftPolicy {
  prepared(db.sqlite, SQL_DELETE).run(POLICY_KEY)
  return DEFAULT_POLICY
}

/**
 * Imports the official gov.uk bank-holidays.json (division england-and-wales): merged over what is
 * already stored (its years replace stored ones; other years are kept) and stored for later scans.
 */
export function importBankHolidays(db: CaseloadDb, json: unknown): { holidays: number; knownFrom: string; knownUntil: string } {
  const official = parseBankHolidays(json)
  const merged = mergeHolidayEvents(storedHolidays(db) ?? shippedHolidays(), official)
  prepared(db.sqlite, SQL_PUT).run(BANK_HOLIDAYS_KEY, JSON.stringify(merged))
  const cal = new WorkingDayCalendar(merged)
  return { holidays: merged.length, knownFrom: cal.knownFrom, knownUntil: cal.knownUntil }
}

export function resetBankHolidays(db: CaseloadDb): void {
  prepared(db.sqlite, SQL_DELETE).run(BANK_HOLIDAYS_KEY)
}

function storedHolidays(db: CaseloadDb): HolidayEvent[] | null {
  const stored = getSetting(db, BANK_HOLIDAYS_KEY)
  if (stored === undefined) return null
  if (!Array.isArray(stored)) throw new DriftwatchError('UNREADABLE_DATABASE', `The stored setting '${BANK_HOLIDAYS_KEY}' is not a list.`)
  return stored as HolidayEvent[]
}

const calendarCache = new Map<string, WorkingDayCalendar>()

/** The working-day calendar for scans of this caseload: the shipped list plus any imported one. */
export function loadCalendar(db: CaseloadDb): WorkingDayCalendar {
  const row = prepared(db.sqlite, SQL_GET).get(BANK_HOLIDAYS_KEY) as { value: string } | undefined
  if (!row) return defaultCalendar()
  let cal = calendarCache.get(row.value)
  if (!cal) {
    cal = new WorkingDayCalendar(storedHolidays(db) ?? shippedHolidays())
    if (calendarCache.size > 8) calendarCache.clear()
    calendarCache.set(row.value, cal)
  }
  return cal
}
