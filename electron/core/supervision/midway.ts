/**
 * A chair's mid-way review of one child's plan (issue 6, item 2): what changed between the latest
 * conference on or before the review date D (or the plan start) and D: attendance at each core group
 * (who attended, sent apologies, or was a member and neither), actions added, closed and overdue,
 * changes of social worker, risk scores (as safety: 10 = safe enough to close), the child's voice
 * (views recorded at core groups, visits and whether the child was seen alone), and the drift
 * findings on D. The chair then gives a RAG rating in words and a decision.
 */
import { addMonths, formatUK, type CivilDate } from '../../../shared/civil-date'
import { compareChildFindings } from '../../../shared/finding-order'
import type { Finding } from '../../../shared/drift-types'
import { DriftwatchError } from '../../../shared/errors'
import { actionOpenOn, allocationOn, memberOn, planOpenOn } from '../../../shared/period'
import type { MidwayChanges } from '../../../shared/supervision'
import type { CaseloadDb } from '../db/caseload-db'
import { recordsAsOf } from '../app/case-as-of'
import { caseRecords } from '../queries/case-detail'
import { loadPolicy } from '../queries/policy-settings'

export function prepareMidway(db: CaseloadDb, childId: string, date: CivilDate, findings: readonly Finding[]): MidwayChanges {
  const all = caseRecords(db.sqlite, childId)
  if (!all) throw new DriftwatchError('NOT_FOUND', 'There is no child with that id in this caseload.')
  const r = recordsAsOf(all, date)
  const plan = r.plans.find((p) => planOpenOn(p, date))
  if (!plan) throw new DriftwatchError('BAD_INPUT', `${all.child.name} has no child protection plan open on ${formatUK(date)}.`, [{ path: '$.date', reason: 'no plan is open on this date' }])
  const policy = loadPolicy(db)
  const confs = r.conferences.filter((c) => c.planId === plan.id).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? 1 : -1))
  const latest = confs[0]
  const since = latest ? latest.date : plan.startDate
  const kind = latest ? latest.kind : 'initial'
  const sinceWhat = latest ? `the ${latest.kind} conference on ${formatUK(latest.date)}` : `the initial conference (plan start) on ${formatUK(plan.startDate)}`
  const reviewDue = addMonths(since, kind === 'initial' ? policy.reviewAfterInitialMonths : policy.reviewAfterReviewMonths)
  const name = new Map(all.professionals.map((p) => [p.id, p.name]))
  const who = (id: string | null | undefined) => (id ? (name.get(id) ?? id) : 'no owner')
  const inRange = (d: string | null | undefined) => d != null && d > since && d <= date

  const meetings = r.meetings.filter((m) => m.planIds.includes(plan.id) && m.date >= plan.startDate && inRange(m.date))
  const members = r.members.filter((m) => m.planId === plan.id)
  const attendance = meetings.map((m) => {
    const current = members.filter((mb) => memberOn(mb, m.date)).map((mb) => mb.professionalId)
    const absent = [...new Set(current)].filter((p) => !m.attended.includes(p) && !m.apologies.includes(p))
    return { meetingId: m.id, date: m.date, attended: m.attended.map(who), apologies: m.apologies.map(who), absent: absent.map(who) }
  })

  const actions = r.actions.filter((a) => a.planId === plan.id)
  const added = actions.filter((a) => inRange(a.createdDate)).map((a) => `${formatUK(a.createdDate)}: ${a.description} (${who(a.ownerId)}${a.dueDate ? `, due ${formatUK(a.dueDate)}` : ', no due date'})`)
  const closed = actions.filter((a) => a.status !== 'open' && inRange(a.closedDate)).map((a) => `${formatUK(a.closedDate)}: ${a.description} (${a.status === 'done' ? 'done' : 'dropped'})`)
  const overdue = actions.filter((a) => actionOpenOn(a, date) && a.dueDate != null && a.dueDate < date).map((a) => `${a.description} (${who(a.ownerId)}, due ${formatUK(a.dueDate)})`)

  const allocs = [...r.allocations].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.id < b.id ? -1 : 1))
  const workers = allocs.filter((a, i) => i > 0 && inRange(a.startDate)).map((a) => `Changed to ${who(a.professionalId)} on ${formatUK(a.startDate)}`)
  if (workers.length === 0) {
    const current = allocs.filter((a) => allocationOn(a, date)).pop()
    workers.push(current ? `No change: ${who(current.professionalId)} since ${formatUK(current.startDate)}` : 'No allocated social worker')
  }

  const risk = meetings
    .filter((m) => m.riskScore)
    .map((m) => {
      const s = m.riskScore!
      const safety = s.scale === 'safety' ? s.score : 10 - s.score
      // Said once, with what the scale means (the same words as the drift finding).
      const text =
        s.scale === 'safety'
          ? `${formatUK(m.date)}: scored ${s.score} on the 0–10 safety scale (10 = safe)`
          : `${formatUK(m.date)}: scored ${s.score} on the 0–10 danger scale (10 = in danger), which is ${safety} on the 0–10 safety scale (10 = safe)`
      return { date: m.date, safety, text }
    })

  const childVoice: string[] = meetings.map((m) => `Core group ${formatUK(m.date)}: views and wishes ${m.childViewsRecorded ? 'recorded' : 'NOT recorded'}`)
  const visits = r.visits.filter((v) => inRange(v.date))
  childVoice.push(visits.length === 0 ? 'No statutory visit recorded since the conference' : `${visits.length} visit${visits.length === 1 ? '' : 's'} since the conference; seen alone at ${visits.filter((v) => v.seenAlone).length}`)

  // Worst first, as everywhere a child's findings are listed (shared/finding-order.ts).
  const mine = findings.filter((f) => f.childId === childId).sort(compareChildFindings)
  const suggestedRag = mine.some((f) => f.severity === 'high' && f.status !== 'due-soon') ? 'red' : mine.some((f) => f.severity === 'medium') ? 'amber' : 'green'
  return {
    planId: plan.id,
    since,
    sinceWhat,
    reviewDue,
    attendance,
    actions: { added, closed, overdue },
    workers,
    risk,
    childVoice,
    findings: mine.map((f) => f.message),
    suggestedRag,
  }
}
