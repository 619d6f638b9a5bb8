/**
 * What the drift rules need to know of every professional — their role (is a chair a deputy
 * manager?) and whether any email or phone is recorded — read once per scan by both fact loaders
 * (drift-facts.ts, drift-summary.ts).
 */
import type Database from 'better-sqlite3'
import type { ProfessionalRole } from '../../../shared/caseload-format'
import { prepared } from './prepared'

/** SQL: the column is null, empty, or only spaces, tabs and line breaks (facts.ts isBlank, in SQL). */
export const blank = (col: string) => `(${col} IS NULL OR trim(${col}, ' ' || char(9, 10, 13)) = '')`

const SQL_PROFESSIONALS = `SELECT id, role, NOT (${blank('email')} AND ${blank('phone')}) FROM professionals`

export interface ProfessionalFacts {
  roles: Map<string, ProfessionalRole>
  /** Professional id → has a non-blank email or phone. */
  contact: Map<string, boolean>
}

export function professionalFacts(sqlite: Database.Database): ProfessionalFacts {
  const roles = new Map<string, ProfessionalRole>()
  const contact = new Map<string, boolean>()
  for (const r of prepared(sqlite, SQL_PROFESSIONALS).raw(true).iterate() as IterableIterator<[string, ProfessionalRole, number]>) {
    roles.set(r[0], r[1])
    contact.set(r[0], r[2] === 1)
  }
  return { roles, contact }
}

const SQL_PROFESSIONAL = `SELECT role, NOT (${blank('email')} AND ${blank('phone')}) FROM professionals WHERE id = ?`

/** The same facts looked up one professional at a time (remembered): for a scan of a few plans, not 16,000 professionals read. */
export function professionalFactsByLookup(sqlite: Database.Database): { roles: Pick<ReadonlyMap<string, ProfessionalRole>, 'get'>; contact: Pick<ReadonlyMap<string, boolean>, 'get'> } {
  const seen = new Map<string, [ProfessionalRole, boolean] | null>()
  const lookup = (id: string) => {
    let v = seen.get(id)
    if (v === undefined) {
      const r = prepared(sqlite, SQL_PROFESSIONAL).raw(true).get(id) as [ProfessionalRole, number] | undefined
      seen.set(id, (v = r ? [r[0], r[1] === 1] : null))
    }
    return v
  }
  return { roles: { get: (id) => lookup(id)?.[0] }, contact: { get: (id) => lookup(id)?.[1] } }
}
