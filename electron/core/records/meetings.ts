/**
 * Core group meetings (who came, who sent apologies, whether the plan was there, the child's views
 * and risk) and, on the same or a later day, to whom and when the decisions were sent.
 */
import type { CaseloadDb } from '../db/caseload-db'
import { childOfPlan, meetingDistributionRows, membersOn, stores } from '../queries/records'
import { notEndedBy } from '../../../shared/period'
import { distributionInputSchema, meetingInputSchema, type Saved } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { DriftwatchError } from '../../../shared/errors'
import { Checks, parseInput } from './checks'
import { newId, runChange, type RecordContext } from './change'

export function recordMeeting(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { id, ...m } = parseInput(meetingInputSchema, input)
  const c = new Checks(ctx.today)
  c.notFuture('$.date', m.date)
  if (id && c.exists('$.id', stores.meeting.read(db.sqlite, id), 'is not a core group meeting in this caseload')) {
    // Its decisions cannot have been sent before it took place (recordDistribution's check, kept by an edit).
    const firstSent = meetingDistributionRows(db.sqlite, id).reduce<string | null>((min, d) => (min === null || d.date < min ? d.date : min), null)
    if (firstSent && m.date > firstSent) c.fail('$.date', `is after its decisions were sent (${formatUK(firstSent)}): correct or remove those first`)
  }
  const members = new Set<string>()
  m.planIds.forEach((planId, i) => {
    const plan = stores.plan.read(db.sqlite, planId)
    if (!c.exists(`$.planIds[${i}]`, plan, 'is not a plan in this caseload')) return
    c.notBefore('$.date', m.date, plan.startDate, 'the start of the plan')
    // A record may be dated on the day the plan ends (its ending conference is), not after (shared/period.ts).
    if (!notEndedBy(plan.endDate, m.date, 'inclusive')) c.fail('$.date', `is after the plan ended (${formatUK(plan.endDate)})`)
    for (const p of membersOn(db.sqlite, planId, m.date)) members.add(p)
  })
  c.exists('$.chairId', stores.professional.read(db.sqlite, m.chairId), 'is not a professional in this caseload')
  const seen = new Set<string>()
  for (const [list, ids] of [['attended', m.attended], ['apologies', m.apologies]] as const) {
    ids.forEach((p, i) => {
      if (!members.has(p)) c.fail(`$.${list}[${i}]`, `is not a member of the core group on ${formatUK(m.date)}`)
      if (seen.has(p)) c.fail(`$.${list}[${i}]`, 'is listed twice (present and apologies)')
      seen.add(p)
    })
  }
  c.done()
  const meetingId = id ?? newId('meeting')
  const planIds = [...new Set(m.planIds)].sort()
  return runChange(
    db,
    ctx,
    {
      action: id ? 'update-meeting' : 'create-meeting',
      summary: `${id ? 'Updated' : 'Recorded'} the core group meeting of ${formatUK(m.date)}.`,
      childId: childOfPlan(db.sqlite, planIds[0]!),
    },
    (w) => {
      const record = { ...m, id: meetingId, planIds, attended: [...m.attended].sort(), apologies: [...m.apologies].sort(), riskScore: m.riskScore ?? null }
      if (id) w.update('meeting', meetingId, record)
      else w.create('meeting', meetingId, record)
      return meetingId
    },
  )
}

/** Records that a meeting's decisions were sent to these people on this date. */
export function recordDistribution(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const d = parseInput(distributionInputSchema, input)
  const c = new Checks(ctx.today)
  const meeting = stores.meeting.read(db.sqlite, d.meetingId)
  if (c.exists('$.meetingId', meeting, 'is not a core group meeting in this caseload')) {
    c.notBefore('$.date', d.date, meeting.date, 'the meeting')
    const members = new Set(meeting.planIds.flatMap((p) => membersOn(db.sqlite, p, meeting.date)))
    for (const p of [...meeting.attended, ...meeting.apologies]) members.add(p)
    d.professionalIds.forEach((p, i) => {
      if (!members.has(p)) c.fail(`$.professionalIds[${i}]`, 'was not a member of the core group at the meeting')
    })
  }
  c.notFuture('$.date', d.date)
  c.done()
  // Saved twice (a double press, or the same send typed again): each person's send of that day is recorded once.
  const already = new Set(meetingDistributionRows(db.sqlite, d.meetingId).filter((x) => x.date === d.date).map((x) => x.professionalId))
  const people = [...new Set(d.professionalIds)].filter((p) => !already.has(p))
  if (people.length === 0) {
    throw new DriftwatchError('VALIDATION', 'Those decisions are already recorded as sent.', [
      { path: '$.professionalIds', reason: `already recorded as sent on ${formatUK(d.date)}: nothing new to save` },
    ])
  }
  return runChange(
    db,
    ctx,
    {
      action: 'send-decisions',
      summary: `Recorded the decisions of ${formatUK(meeting!.date)} as sent to ${people.length === 1 ? 'one person' : `${people.length} people`} on ${formatUK(d.date)}.`,
      childId: childOfPlan(db.sqlite, meeting!.planIds[0]!),
    },
    (w) => {
      let last = ''
      for (const p of people) last = w.createRow('distribution', { meetingId: d.meetingId, professionalId: p, date: d.date })
      return last
    },
  )
}
