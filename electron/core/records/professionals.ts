/** Professionals: a new one (for membership, ownership, allocation) or their contact details updated. */
import type { CaseloadDb } from '../db/caseload-db'
import { stores } from '../queries/records'
import { professionalInputSchema, type Saved } from '../../../shared/record-inputs'
import { Checks, parseInput } from './checks'
import { newId, runChange, type RecordContext } from './change'

const blankToNull = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim())

export function recordProfessional(db: CaseloadDb, ctx: RecordContext, input: unknown, childId: string | null = null): Saved {
  const { id, ...p } = parseInput(professionalInputSchema, input)
  const c = new Checks(ctx.today)
  if (!p.name.trim()) c.fail('$.name', 'must not be empty')
  const email = blankToNull(p.email)
  const phone = blankToNull(p.phone)
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) c.fail('$.email', 'does not look like an email address')
  if (phone && !/^[0-9 +()-]{6,}$/.test(phone)) c.fail('$.phone', 'does not look like a phone number')
  if (id) c.exists('$.id', stores.professional.read(db.sqlite, id), 'is not a professional in this caseload')
  c.done()
  const profId = id ?? newId('prof')
  const record = { id: profId, name: p.name.trim(), role: p.role, agency: p.agency.trim(), email, phone }
  return runChange(
    db,
    ctx,
    { action: id ? 'update-professional' : 'create-professional', summary: id ? `Updated ${record.name}'s details.` : `Added ${record.name} (${record.agency || record.role}).`, childId },
    (w) => {
      if (id) w.update('professional', profId, record)
      else w.create('professional', profId, record)
      return profId
    },
  )
}
