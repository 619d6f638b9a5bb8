/**
 * Allocating a new social worker: the current allocation ends the day before the new one starts,
 * and the reason for the change is asked with the SSD codes (LEFTRL, ORGRST, …).
 */
import type { CaseloadDb } from '../db/caseload-db'
import { childAllocations, stores } from '../queries/records'
import { END_RULES, notEndedBy } from '../../../shared/period'
import { allocationInputSchema, type Saved } from '../../../shared/record-inputs'
import { addDays, formatUK, maxDate } from '../../../shared/civil-date'
import { Checks, parseInput } from './checks'
import { newId, runChange, type RecordContext } from './change'

export function allocateWorker(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const a = parseInput(allocationInputSchema, input)
  const c = new Checks(ctx.today)
  const child = stores.child.read(db.sqlite, a.childId)
  const worker = stores.professional.read(db.sqlite, a.professionalId)
  c.exists('$.childId', child, 'is not a child in this caseload')
  c.exists('$.professionalId', worker, 'is not a professional in this caseload')
  c.notFuture('$.startDate', a.startDate)
  const history = child ? childAllocations(db.sqlite, a.childId) : []
  // Not yet over on the new start date (an allocation's end date is its last day): the change ends it.
  const current = history.filter((x) => notEndedBy(x.endDate, a.startDate, END_RULES.allocation))
  for (const x of current) {
    if (x.startDate >= a.startDate) c.fail('$.startDate', `must be after the current social worker's allocation started (${formatUK(x.startDate)}): the change ends it the day before`)
    else if (x.professionalId === a.professionalId) c.fail('$.professionalId', 'is already the allocated social worker: choose someone else to change to')
  }
  if (history.length > 0 && !a.changeReason) c.fail('$.changeReason', 'is needed: the child had a social worker before, so this is a change of worker')
  c.done()
  const allocationId = newId('alloc')
  return runChange(
    db,
    ctx,
    {
      action: 'allocate-worker',
      summary: `${history.length ? 'Changed the social worker to' : 'Allocated'} ${worker!.name} from ${formatUK(a.startDate)}.`,
      childId: a.childId,
    },
    (w) => {
      for (const x of current) w.update('allocation', x.id, { ...x, endDate: maxDate(x.startDate, addDays(a.startDate, -1)) })
      w.create('allocation', allocationId, {
        id: allocationId,
        childId: a.childId,
        professionalId: a.professionalId,
        startDate: a.startDate,
        endDate: null,
        changeReason: a.changeReason ?? null,
      })
      return allocationId
    },
  )
}
