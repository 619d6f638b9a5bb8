/**
 * The local settings of the source imports (source-formats.md), stored in the caseload's `settings`
 * table: the SSD involvement roles that make an allocation (§1.2 step 3, key 'ssd-allocation-roles',
 * a JSON array in code form). Absent: the contract's default list.
 */
import { DriftwatchError, jsonPath } from '../../../shared/errors'
import { allocationRolesSchema, DEFAULT_ALLOCATION_ROLES } from '../../../shared/source-import'
import type { CaseloadDb } from '../db/caseload-db'
import { prepared } from './prepared'

export const ALLOCATION_ROLES_KEY = 'ssd-allocation-roles'

/** The roles the SSD import uses now: the stored list, or the default. */
export function loadAllocationRoles(db: CaseloadDb): string[] {
  const row = prepared(db.sqlite, 'SELECT value FROM settings WHERE key = ?').get(ALLOCATION_ROLES_KEY) as { value: string } | undefined
  if (!row) return [...DEFAULT_ALLOCATION_ROLES]
  let parsed: ReturnType<typeof allocationRolesSchema.safeParse>
  try {
    parsed = allocationRolesSchema.safeParse(JSON.parse(row.value))
  } catch {
    parsed = { success: false } as typeof parsed
  }
  if (!parsed.success) {
    throw new DriftwatchError('UNREADABLE_DATABASE', `The stored setting '${ALLOCATION_ROLES_KEY}' (the SSD's allocated-worker roles) is not a list of roles: set it again in Settings.`)
  }
  return parsed.data
}

/** Validates and stores the roles (code form, each once); returns them as stored. */
export function saveAllocationRoles(db: CaseloadDb, roles: unknown): string[] {
  const parsed = allocationRolesSchema.safeParse(roles)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ path: jsonPath(['roles', ...i.path]), reason: i.message }))
    throw new DriftwatchError('VALIDATION', `The allocated-worker roles were not saved: ${problems.map((p) => `${p.path} ${p.reason}`).join('; ')}.`, problems)
  }
  prepared(db.sqlite, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(ALLOCATION_ROLES_KEY, JSON.stringify(parsed.data))
  return parsed.data
}

/** Back to the contract's default list. */
export function resetAllocationRoles(db: CaseloadDb): string[] {
  prepared(db.sqlite, 'DELETE FROM settings WHERE key = ?').run(ALLOCATION_ROLES_KEY)
  return [...DEFAULT_ALLOCATION_ROLES]
}
