/** Statutory visits to the child: the date and whether the child was seen alone. */
import type { CaseloadDb } from '../db/caseload-db'
import { firstPlanStart, stores } from '../queries/records'
import { visitInputSchema, type Saved } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { Checks, parseInput } from './checks'
import { newId, runChange, type RecordContext } from './change'

export function recordVisit(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { id, ...v } = parseInput(visitInputSchema, input)
  const c = new Checks(ctx.today)
  if (c.exists('$.childId', stores.child.read(db.sqlite, v.childId), 'is not a child in this caseload')) {
    // A statutory visit belongs to a plan: one dated before the first plan started is a mistyped date.
    const start = firstPlanStart(db.sqlite, v.childId)
    if (start && v.date < start) c.fail('$.date', `is before the child protection plan started (${formatUK(start)}): a statutory visit happens during the plan`)
  }
  if (id) c.exists('$.id', stores.visit.read(db.sqlite, id), 'is not a visit in this caseload')
  c.notFuture('$.date', v.date)
  c.done()
  const visitId = id ?? newId('visit')
  return runChange(
    db,
    ctx,
    { action: id ? 'update-visit' : 'create-visit', summary: `${id ? 'Updated' : 'Recorded'} a visit on ${formatUK(v.date)} (${v.seenAlone ? 'seen alone' : 'not seen alone'}).`, childId: v.childId },
    (w) => {
      if (id) w.update('visit', visitId, { ...v, id: visitId })
      else w.create('visit', visitId, { ...v, id: visitId })
      return visitId
    },
  )
}
