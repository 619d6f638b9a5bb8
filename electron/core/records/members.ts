/** Core group membership: add a professional to a plan's core group from a date, or end their membership. */
import type { CaseloadDb } from '../db/caseload-db'
import { planMemberRows, stores } from '../queries/records'
import { END_RULES, notEndedBy } from '../../../shared/period'
import { memberInputSchema, type Saved } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { Checks, parseInput } from './checks'
import { runChange, type RecordContext } from './change'

export function recordMember(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const m = parseInput(memberInputSchema, input)
  const c = new Checks(ctx.today)
  const plan = stores.plan.read(db.sqlite, m.planId)
  const prof = stores.professional.read(db.sqlite, m.professionalId)
  c.exists('$.planId', plan, 'is not a plan in this caseload')
  c.exists('$.professionalId', prof, 'is not a professional in this caseload')
  if (m.toDate) {
    c.notBefore('$.toDate', m.toDate, m.fromDate, 'the date they joined')
  }
  const rows = plan ? planMemberRows(db.sqlite, m.planId).filter((r) => r.professionalId === m.professionalId) : []
  const same = rows.find((r) => r.fromDate === m.fromDate)
  if (!same) {
    // A new membership must not overlap another of the same person on this plan.
    const overlap = rows.find((r) => r.fromDate <= (m.toDate ?? '9999-12-31') && notEndedBy(r.toDate, m.fromDate, END_RULES.member))
    if (overlap) c.fail('$.professionalId', `is already a member from ${formatUK(overlap.fromDate)}${overlap.toDate ? ` to ${formatUK(overlap.toDate)}` : ''}`)
    if (plan) c.notBefore('$.fromDate', m.fromDate, plan.startDate, 'the start of the plan')
  }
  c.done()
  const name = prof!.name
  const summary = same
    ? m.toDate
      ? `Ended ${name}'s core group membership on ${formatUK(m.toDate)}.`
      : `Reopened ${name}'s core group membership.`
    : `Added ${name} to the core group from ${formatUK(m.fromDate)}.`
  return runChange(db, ctx, { action: same ? 'end-member' : 'add-member', summary, childId: plan!.childId }, (w) => {
    const record = { planId: m.planId, professionalId: m.professionalId, fromDate: m.fromDate, toDate: m.toDate ?? null }
    if (same) {
      w.update('member', same.rowId, record)
      return same.rowId
    }
    return w.createRow('member', record)
  })
}
