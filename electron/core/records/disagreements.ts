/** Professional disagreements: raise one, move it to the next stage, resolve it with an outcome. */
import type { CaseloadDb } from '../db/caseload-db'
import { childOfPlan, stores } from '../queries/records'
import { disagreementInputSchema, type Saved } from '../../../shared/record-inputs'
import { notEndedBy } from '../../../shared/period'
import { formatUK } from '../../../shared/civil-date'
import { Checks, parseInput } from './checks'
import { newId, runChange, type RecordContext } from './change'

export function recordDisagreement(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { id, ...d } = parseInput(disagreementInputSchema, input)
  const c = new Checks(ctx.today)
  const plan = stores.plan.read(db.sqlite, d.planId)
  c.exists('$.planId', plan, 'is not a plan in this caseload')
  const before = id ? stores.disagreement.read(db.sqlite, id) : null
  if (id) c.exists('$.id', before, 'is not a disagreement in this caseload')
  c.exists('$.raisedById', stores.professional.read(db.sqlite, d.raisedById), 'is not a professional in this caseload')
  c.notFuture('$.raisedDate', d.raisedDate)
  if (plan) {
    c.notBefore('$.raisedDate', d.raisedDate, plan.startDate, 'the start of the plan')
    if (!notEndedBy(plan.endDate, d.raisedDate, 'inclusive')) c.fail('$.raisedDate', `is after the plan ended (${formatUK(plan.endDate)})`)
  }
  const stages = d.stages.length ? d.stages : [{ stage: 1, startDate: d.raisedDate, respondedDate: null }]
  let previous = d.raisedDate
  stages.forEach((s, i) => {
    if (s.stage !== i + 1) c.fail(`$.stages[${i}].stage`, `should be stage ${i + 1}: stages go one at a time`)
    c.notBefore(`$.stages[${i}].startDate`, s.startDate, previous, i === 0 ? 'the date it was raised' : 'the previous stage')
    c.notFuture(`$.stages[${i}].startDate`, s.startDate)
    c.notBefore(`$.stages[${i}].respondedDate`, s.respondedDate, s.startDate, 'the start of the stage')
    c.notFuture(`$.stages[${i}].respondedDate`, s.respondedDate)
    previous = s.startDate
  })
  if (d.resolvedDate) {
    c.notBefore('$.resolvedDate', d.resolvedDate, previous, stages.length > 1 ? 'the last stage' : 'the date it was raised')
    c.notFuture('$.resolvedDate', d.resolvedDate)
    if (!d.outcome?.trim()) c.fail('$.outcome', 'is needed when the disagreement is resolved')
  } else if (d.outcome?.trim()) {
    c.fail('$.resolvedDate', 'is needed with an outcome: when was it resolved?')
  }
  c.done()
  const disagreementId = id ?? newId('disagreement')
  const record = { ...d, id: disagreementId, stages: stages.map((s) => ({ ...s, respondedDate: s.respondedDate ?? null })), resolvedDate: d.resolvedDate ?? null, outcome: d.outcome?.trim() ? d.outcome.trim() : null }
  const verb = !before ? 'Raised' : !before.resolvedDate && record.resolvedDate ? 'Resolved' : record.stages.length > before.stages.length ? `Escalated to stage ${record.stages.length}` : 'Updated'
  return runChange(
    db,
    ctx,
    { action: !before ? 'raise-disagreement' : 'update-disagreement', summary: `${verb}: a disagreement about ${d.category.replace(/-/g, ' ')}.`, childId: childOfPlan(db.sqlite, d.planId) },
    (w) => {
      if (id) w.update('disagreement', disagreementId, record)
      else w.create('disagreement', disagreementId, record)
      return disagreementId
    },
  )
}
