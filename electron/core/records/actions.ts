/** Actions of a plan: add, update (last reviewed), complete or drop, with owner, due date and outcome. */
import type { CaseloadDb } from '../db/caseload-db'
import { childOfPlan, stores } from '../queries/records'
import { actionInputSchema, type Saved } from '../../../shared/record-inputs'
import { notEndedBy } from '../../../shared/period'
import { formatUK } from '../../../shared/civil-date'
import { Checks, parseInput } from './checks'
import { newId, runChange, type RecordContext } from './change'

export function recordAction(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { id, ...a } = parseInput(actionInputSchema, input)
  const c = new Checks(ctx.today)
  if (!a.description.trim()) c.fail('$.description', 'must not be empty')
  const plan = stores.plan.read(db.sqlite, a.planId)
  c.exists('$.planId', plan, 'is not a plan in this caseload')
  const before = id ? stores.action.read(db.sqlite, id) : null
  if (id) c.exists('$.id', before, 'is not an action in this caseload')
  if (a.ownerId) c.exists('$.ownerId', stores.professional.read(db.sqlite, a.ownerId), 'is not a professional in this caseload')
  c.notFuture('$.createdDate', a.createdDate)
  if (plan) {
    c.notBefore('$.createdDate', a.createdDate, plan.startDate, 'the start of the plan')
    // As a core group (meetings.ts): on the day the plan ends, not after.
    if (!notEndedBy(plan.endDate, a.createdDate, 'inclusive')) c.fail('$.createdDate', `is after the plan ended (${formatUK(plan.endDate)})`)
  }
  c.notBefore('$.dueDate', a.dueDate, a.createdDate, 'the date it was agreed')
  c.notFuture('$.lastReviewedDate', a.lastReviewedDate)
  c.notBefore('$.lastReviewedDate', a.lastReviewedDate, a.createdDate, 'the date it was agreed')
  if (a.status === 'open') {
    if (a.closedDate) c.fail('$.closedDate', 'must be empty while the action is open')
  } else if (!a.closedDate) {
    c.fail('$.closedDate', a.status === 'done' ? 'is needed: when was it done?' : 'is needed: when was it dropped?')
  } else {
    c.notFuture('$.closedDate', a.closedDate)
    c.notBefore('$.closedDate', a.closedDate, a.createdDate, 'the date it was agreed')
  }
  c.done()
  const actionId = id ?? newId('action')
  const record = { ...a, id: actionId, outcome: a.outcome?.trim() ? a.outcome.trim() : null, ownerId: a.ownerId ?? null, dueDate: a.dueDate ?? null, closedDate: a.closedDate ?? null, lastReviewedDate: a.lastReviewedDate ?? null, description: a.description.trim() }
  const verb = !before ? 'Added' : before.status === 'open' && a.status === 'done' ? 'Completed' : before.status === 'open' && a.status === 'dropped' ? 'Dropped' : 'Updated'
  return runChange(
    db,
    ctx,
    { action: `${verb.toLowerCase()}-action`, summary: `${verb} the action "${record.description.slice(0, 80)}".`, childId: childOfPlan(db.sqlite, a.planId) },
    (w) => {
      if (id) w.update('action', actionId, record)
      else w.create('action', actionId, record)
      return actionId
    },
  )
}
