/** Review child protection conferences (the initial one comes with the plan). */
import type { CaseloadDb } from '../db/caseload-db'
import { conferencesOfPlan, stores } from '../queries/records'
import { notEndedBy } from '../../../shared/period'
import { conferenceInputSchema, type Saved } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { Checks, parseInput } from './checks'
import { newId, runChange, type RecordContext } from './change'

export function recordConference(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { id, ...conf } = parseInput(conferenceInputSchema, input)
  const c = new Checks(ctx.today)
  const plan = stores.plan.read(db.sqlite, conf.planId)
  if (c.exists('$.planId', plan, 'is not a plan in this caseload')) {
    c.notBefore('$.date', conf.date, plan.startDate, 'the start of the plan')
    if (!notEndedBy(plan.endDate, conf.date, 'inclusive')) c.fail('$.date', `is after the plan ended (${formatUK(plan.endDate)})`)
    const all = conferencesOfPlan(db.sqlite, conf.planId)
    const others = all.filter((x) => x.id !== id)
    if (conf.kind === 'initial' && others.some((x) => x.kind === 'initial')) c.fail('$.kind', 'the plan already has its initial conference')
    if (conf.kind === 'review') {
      // The conference before this one: for a new review the plan's latest; for a correction the
      // latest dated before the stored date of the one being corrected.
      const stored = id ? all.find((x) => x.id === id) : undefined
      const previous = (stored ? others.filter((x) => x.date < stored.date || (x.date === stored.date && x.id < stored.id)) : others).at(-1)
      if (previous && conf.date <= previous.date) {
        c.fail('$.date', `must be after the previous conference (the ${previous.kind} conference on ${formatUK(previous.date)}): a review conference follows it`)
      }
    }
  }
  if (id) c.exists('$.id', stores.conference.read(db.sqlite, id), 'is not a conference in this caseload')
  c.notFuture('$.date', conf.date)
  c.done()
  const conferenceId = id ?? newId('conf')
  return runChange(
    db,
    ctx,
    { action: id ? 'update-conference' : 'create-conference', summary: `${id ? 'Updated' : 'Recorded'} the ${conf.kind} conference of ${formatUK(conf.date)}.`, childId: plan!.childId },
    (w) => {
      if (id) w.update('conference', conferenceId, { ...conf, id: conferenceId })
      else w.create('conference', conferenceId, { ...conf, id: conferenceId })
      return conferenceId
    },
  )
}
