/** Children and their plans: a new child with a plan and its initial conference; a new plan; ending a plan. */
import type { CaseloadDb } from '../db/caseload-db'
import { conferencesOfPlan, earliestRecordOfPlan, openPlansOfChild, planMemberRows, stores } from '../queries/records'
import { childInputSchema, planEndInputSchema, planInputSchema, type Saved } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import type { Plan } from '../../../shared/caseload-format'
import { Checks, parseInput } from './checks'
import { newId, runChange, type ChangeWriter, type RecordContext } from './change'

/** Adds a child (with their plan and its initial conference when `plan` is given) or updates one. */
export function recordChild(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { plan, id, ...given } = parseInput(childInputSchema, input)
  const c = new Checks(ctx.today)
  // A name or team of spaces only is no name or team (a professional's is refused the same way).
  const child = { ...given, name: given.name.trim(), ...(given.team != null ? { team: given.team.trim() || null } : {}) }
  if (!child.name) c.fail('$.name', 'must not be empty')
  c.notFuture('$.dateOfBirth', child.dateOfBirth)
  const existing = id ? stores.child.read(db.sqlite, id) : null
  if (id) c.exists('$.id', existing, 'is not a child in this caseload')
  if (plan) {
    if (id) c.fail('$.plan', 'can only be given with a new child; add a plan to an existing child on its own')
    c.notFuture('$.plan.startDate', plan.startDate)
    // Only against a possible date of birth: a future one is reported on its own.
    if (child.dateOfBirth && child.dateOfBirth <= ctx.today) c.notBefore('$.plan.startDate', plan.startDate, child.dateOfBirth, 'the date of birth')
    if (plan.socialWorkerId) c.exists('$.plan.socialWorkerId', stores.professional.read(db.sqlite, plan.socialWorkerId), 'is not a professional in this caseload')
  }
  c.done()
  const childId = id ?? newId('child')
  return runChange(
    db,
    ctx,
    {
      action: id ? 'update-child' : 'create-child',
      summary: id ? `Updated ${child.name}'s details.` : plan ? `Added ${child.name} with a plan from ${formatUK(plan.startDate)}.` : `Added ${child.name}.`,
      childId,
    },
    (w) => {
      if (id) {
        w.update('child', childId, { ...child, id: childId })
        return childId
      }
      w.create('child', childId, { ...child, id: childId })
      if (plan) {
        createPlanWithConference(w, { id: newId('plan'), childId, startDate: plan.startDate, endDate: null, initialCategory: plan.initialCategory, latestCategory: null, previousPlans: plan.previousPlans })
        if (plan.socialWorkerId) {
          const allocationId = newId('alloc')
          w.create('allocation', allocationId, { id: allocationId, childId, professionalId: plan.socialWorkerId, startDate: plan.startDate, endDate: null, changeReason: null })
        }
      }
      return childId
    },
  )
}

function createPlanWithConference(w: ChangeWriter, plan: Plan): void {
  w.create('plan', plan.id, plan)
  const conferenceId = newId('conf')
  w.create('conference', conferenceId, { id: conferenceId, planId: plan.id, kind: 'initial', date: plan.startDate })
}

/** Adds a plan to an existing child (with its initial conference on the start date) or updates one. */
export function recordPlan(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { id, ...plan } = parseInput(planInputSchema, input)
  const c = new Checks(ctx.today)
  const child = stores.child.read(db.sqlite, plan.childId)
  c.exists('$.childId', child, 'is not a child in this caseload')
  const existing = id ? stores.plan.read(db.sqlite, id) : null
  if (id && c.exists('$.id', existing, 'is not a plan in this caseload') && existing!.childId !== plan.childId) c.fail('$.childId', 'cannot be changed')
  c.notFuture('$.startDate', plan.startDate)
  c.notFuture('$.endDate', plan.endDate)
  if (plan.endDate && plan.endDate < plan.startDate) c.fail('$.endDate', `is before the plan started (${formatUK(plan.startDate)}): a plan ends after it starts`)
  if (!id && child) {
    const open = openPlansOfChild(db.sqlite, plan.childId, plan.startDate)
    if (open.length > 0) c.fail('$.startDate', `falls while another plan is open (from ${formatUK(open[0]!.startDate)}); end that plan first`)
  }
  // A corrected start date (brief §3: the plan's start is its initial conference's date): the initial
  // conference and the memberships from the start move with it; the plan's other records must stay
  // within it, and it must not reach back into another of the child's plans.
  const moved = existing && existing.startDate !== plan.startDate ? existing.startDate : null
  if (moved !== null) {
    const first = earliestRecordOfPlan(db.sqlite, id!, moved)
    if (first && first.date < plan.startDate) c.fail('$.startDate', `is after ${first.what} of this plan (${formatUK(first.date)}): a plan's records fall within it`)
    const ended = planMemberRows(db.sqlite, id!).find((m) => m.fromDate === moved && m.toDate != null && m.toDate < plan.startDate)
    if (ended?.toDate) c.fail('$.startDate', `is after a core group membership ended (${formatUK(ended.toDate)}): a plan's records fall within it`)
    const other = openPlansOfChild(db.sqlite, plan.childId, plan.startDate).find((p) => p.id !== id)
    if (other) c.fail('$.startDate', `falls while another plan is open (from ${formatUK(other.startDate)})`)
  }
  c.done()
  const planId = id ?? newId('plan')
  return runChange(
    db,
    ctx,
    { action: id ? 'update-plan' : 'create-plan', summary: id ? `Updated the plan that started ${formatUK(plan.startDate)}.` : `Started a plan on ${formatUK(plan.startDate)}.`, childId: plan.childId },
    (w) => {
      if (!id) {
        createPlanWithConference(w, { ...plan, id: planId })
        return planId
      }
      w.update('plan', planId, { ...plan, id: planId })
      if (moved !== null) {
        for (const conf of conferencesOfPlan(db.sqlite, planId)) if (conf.kind === 'initial' && conf.date === moved) w.update('conference', conf.id, { ...conf, date: plan.startDate })
        for (const { rowId, ...m } of planMemberRows(db.sqlite, planId)) if (m.fromDate === moved) w.update('member', rowId, { ...m, fromDate: plan.startDate })
      }
      return planId
    },
  )
}

/**
 * The checks of ending a plan, without writing: the form asks for them before its "Are you sure?",
 * so a wrong date is shown at the field rather than after the confirmation.
 */
export function checkPlanEnd(db: CaseloadDb, today: string, input: unknown): { planId: string; endDate: string; plan: Plan } {
  const { planId, endDate } = parseInput(planEndInputSchema, input)
  const c = new Checks(today)
  const plan = stores.plan.read(db.sqlite, planId)
  if (c.exists('$.planId', plan, 'is not a plan in this caseload')) {
    if (endDate < plan.startDate) c.fail('$.endDate', `is before the plan started (${formatUK(plan.startDate)}): a plan ends after it starts`)
    const latest = conferencesOfPlan(db.sqlite, planId).at(-1)
    if (latest && endDate < latest.date) c.fail('$.endDate', `is before the plan's latest conference (the ${latest.kind} conference on ${formatUK(latest.date)}): a plan ends on or after it`)
  }
  c.notFuture('$.endDate', endDate)
  c.done()
  return { planId, endDate, plan: plan! }
}

/** Ends a plan (the conference's decision to end it) on a date. */
export function endPlan(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { planId, endDate, plan } = checkPlanEnd(db, ctx.today, input)
  return runChange(db, ctx, { action: 'end-plan', summary: `Ended the plan on ${formatUK(endDate)}.`, childId: plan.childId }, (w) => {
    w.update('plan', planId, { ...plan, endDate })
    return planId
  })
}
