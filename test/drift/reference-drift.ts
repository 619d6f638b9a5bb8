// Adding a fact to the drift summary: see README § "Adding a fact to the drift summary" (six files, in order).
/**
 * An independent, deliberately naive implementation of design brief §4 over the interchange
 * document, written from the design text only (no code shared with the engine except civil-date
 * arithmetic and the shipped holiday list). Used to cross-check the engine and the DB loader.
 */
import type { Caseload, Meeting } from '../../shared/caseload-format'
import { addDays, addMonths, formatUK, toDayNumber, fromDayNumber } from '../../shared/civil-date'
import type { DriftPolicy } from '../../shared/drift-policy'
import type { Finding } from '../../shared/drift-types'
import holidaysJson from '../../electron/core/drift/bank-holidays-england-and-wales.json'

const HOLIDAYS = new Set(holidaysJson['england-and-wales'].events.map((e) => e.date))

function isWorking(date: string): boolean {
  const dow = (((toDayNumber(date) + 4) % 7) + 7) % 7
  return dow !== 0 && dow !== 6 && !HOLIDAYS.has(date)
}
export function refAddWD(d: string, n: number): string {
  let x = d
  let left = n
  while (left > 0) {
    x = addDays(x, 1)
    if (isWorking(x)) left--
  }
  return x
}
export function refWd(a: string, b: string): number {
  let n = 0
  for (let x = addDays(a, 1); x <= b; x = addDays(x, 1)) if (isWorking(x)) n++
  return n
}

type Key = Pick<Finding, 'ruleId' | 'childId' | 'planId' | 'severity' | 'status' | 'dueDate' | 'subject'>

const latestFirst = <T extends { id: string; date: string }>(xs: T[]) =>
  [...xs].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
const blank = (s: string | null | undefined) => s === null || s === undefined || /^[ \t\n\r]*$/.test(s)

export function referenceDrift(doc: Caseload, A: string, policy: DriftPolicy): Key[] {
  const out: Key[] = []
  const W = policy.dueSoonWorkingDays
  for (const plan of doc.plans) {
    if (!(plan.startDate <= A && (plan.endDate == null || plan.endDate > A))) continue
    const child = doc.children.find((c) => c.id === plan.childId)!
    const push = (ruleId: string, severity: Key['severity'], status: Key['status'], dueDate: string | null, kind: Key['subject']['kind'], id: string) =>
      out.push({ ruleId, childId: plan.childId, planId: plan.id, severity, status, dueDate, subject: { kind, id } })
    const deadline = (ruleId: string, w: number, due: string, sev: Key['severity'], kind: Key['subject']['kind'], id: string) => {
      if (A > due) push(ruleId, sev, 'overdue', due, kind, id)
      else if (w > 0 && due >= A && refWd(A, due) <= w) push(ruleId, 'low', 'due-soon', due, kind, id)
    }
    const meetings: Meeting[] = latestFirst(doc.meetings.filter((m) => m.planIds.includes(plan.id) && m.date <= A && m.date >= plan.startDate))
    const members = doc.members.filter((m) => m.planId === plan.id)
    const isMemberOn = (pid: string, d: string) => members.some((m) => m.professionalId === pid && m.fromDate <= d && (m.toDate == null || m.toDate >= d))
    const currentIds = [...new Set(members.filter((m) => isMemberOn(m.professionalId, A)).map((m) => m.professionalId))]
    const allocs = doc.allocations.filter((a) => a.childId === plan.childId)
    const allocatedOnA = new Set(allocs.filter((a) => a.startDate <= A && (a.endDate == null || a.endDate >= A)).map((a) => a.professionalId))
    const openActions = doc.actions.filter(
      (a) => a.planId === plan.id && a.createdDate <= A && (a.status === 'open' || (a.closedDate != null && a.closedDate > A)),
    )
    const visits = latestFirst(doc.visits.filter((v) => v.childId === plan.childId && v.date >= plan.startDate && v.date <= A))

    // first-core-group-overdue / core-group-overdue
    if (meetings.length === 0) {
      deadline('first-core-group-overdue', W['first-core-group-overdue'], refAddWD(plan.startDate, policy.firstCoreGroupWorkingDays), 'high', 'plan', plan.id)
    } else {
      deadline('core-group-overdue', W['core-group-overdue'], addDays(meetings[0]!.date, policy.coreGroupIntervalDays), 'high', 'meeting', meetings[0]!.id)
    }
    // review-conference-overdue
    const confs = latestFirst(doc.conferences.filter((c) => c.planId === plan.id && c.date <= A))
    const c = confs[0]
    const cDue = c ? addMonths(c.date, c.kind === 'initial' ? policy.reviewAfterInitialMonths : policy.reviewAfterReviewMonths) : addMonths(plan.startDate, policy.reviewAfterInitialMonths)
    deadline('review-conference-overdue', W['review-conference-overdue'], cDue, 'high', c ? 'conference' : 'plan', c ? c.id : plan.id)
    // decisions-not-distributed
    for (const m of meetings) {
      if (addDays(A, -policy.distributionLookbackDays) > m.date) continue
      const due = refAddWD(m.date, policy.distributionWorkingDays)
      if (!(due < A)) continue
      const gap = members.some(
        (mem) =>
          mem.fromDate <= m.date && (mem.toDate == null || m.date <= mem.toDate) &&
          !doc.distributions.some((d) => d.meetingId === m.id && d.professionalId === mem.professionalId && d.date <= A),
      )
      if (gap) push('decisions-not-distributed', 'medium', 'overdue', due, 'meeting', m.id)
    }
    // actions
    for (const a of openActions) {
      if (a.dueDate != null) deadline('action-overdue', W['action-overdue'], a.dueDate, 'medium', 'action', a.id)
      if (!(a.dueDate != null && a.dueDate < A)) {
        const last = a.lastReviewedDate != null && a.lastReviewedDate <= A && a.lastReviewedDate > a.createdDate ? a.lastReviewedDate : a.createdDate
        const due = addDays(last, policy.staleActionDays)
        if (A > due) push('action-stale', 'medium', 'flag', due, 'action', a.id)
      }
      if (a.ownerId == null || a.dueDate == null || blank(a.outcome)) push('action-not-smart', 'low', 'flag', null, 'action', a.id)
      if (a.ownerId != null && !currentIds.includes(a.ownerId) && !allocatedOnA.has(a.ownerId)) push('action-owner-departed', 'high', 'flag', null, 'action', a.id)
    }
    // no-allocated-worker
    if (allocatedOnA.size === 0) push('no-allocated-worker', 'high', 'flag', null, 'plan', plan.id)
    // worker-changed
    if (allocs.length) {
      const sorted = [...allocs].sort((x, y) => (x.startDate !== y.startDate ? (x.startDate < y.startDate ? -1 : 1) : x.id < y.id ? -1 : 1))
      const later = sorted.slice(1)
      const in90 = later.filter((a) => a.startDate > addDays(A, -policy.workerChangeLookbackDays) && a.startDate <= A)
      const in180 = later.filter((a) => a.startDate > addDays(A, -policy.workerChangeRepeatLookbackDays) && a.startDate <= A)
      if (in90.length) {
        const subject = in90[in90.length - 1]!
        push('worker-changed', child.complex || in180.length >= policy.workerChangeRepeatCount ? 'high' : 'medium', 'flag', null, 'allocation', subject.id)
      }
    }
    // disagreement-unresolved
    for (const d of doc.disagreements) {
      if (d.planId !== plan.id || d.raisedDate > A || (d.resolvedDate != null && d.resolvedDate <= A)) continue
      const counted = d.stages.filter((s) => s.startDate <= A)
      const S = counted.length ? counted[counted.length - 1]! : { stage: 1, startDate: d.raisedDate }
      const stageDue = refAddWD(S.startDate, policy.disagreementStageWorkingDays[S.stage - 1]!)
      const capDue = refAddWD(d.raisedDate, policy.disagreementCapWorkingDays)
      const due = stageDue < capDue ? stageDue : capDue
      if (A > due) push('disagreement-unresolved', 'high', 'overdue', due, 'disagreement', d.id)
      else push('disagreement-unresolved', 'medium', 'flag', due, 'disagreement', d.id)
    }
    // latest-meeting rules
    const [m1, m2] = meetings
    if (m1 && !m1.childViewsRecorded) push('child-views-not-recorded', m2 && !m2.childViewsRecorded ? 'high' : 'medium', 'flag', null, 'meeting', m1.id)
    if (m1 && !m1.planAvailable) push('plan-not-available', 'medium', 'flag', null, 'meeting', m1.id)
    if (m1 && !m1.riskReviewed) push('risk-not-reviewed', 'medium', 'flag', null, 'meeting', m1.id)
    const rm = meetings.find((m) => m.riskScore != null)
    if (rm && rm.riskScore) {
      const safety = rm.riskScore.scale === 'safety' ? rm.riskScore.score : 10 - rm.riskScore.score
      if (safety <= policy.riskSafetyThreshold) push('risk-scale-low', 'high', 'flag', null, 'meeting', rm.id)
    }
    if (m1 && m2) {
      for (const pid of currentIds) {
        if (isMemberOn(pid, m1.date) && isMemberOn(pid, m2.date) && !m1.attended.includes(pid) && !m2.attended.includes(pid)) {
          push('agency-absent', 'medium', 'flag', null, 'professional', pid)
        }
      }
    }
    for (const pid of currentIds) {
      const prof = doc.professionals.find((p) => p.id === pid)
      if (!prof || (blank(prof.email) && blank(prof.phone))) push('contact-details-missing', 'low', 'flag', null, 'professional', pid)
    }
    if (child.complex && m1) {
      const chair = doc.professionals.find((p) => p.id === m1.chairId)
      if (!chair || chair.role !== 'deputy-manager') push('complex-case-chair', 'medium', 'flag', null, 'meeting', m1.id)
    }
    // visits
    deadline('visit-overdue', W['visit-overdue'], refAddWD(visits[0] ? visits[0].date : plan.startDate, policy.visitWorkingDays), 'high', 'plan', plan.id)
    if (visits.length >= 2 && !visits[0]!.seenAlone && !visits[1]!.seenAlone) push('not-seen-alone', 'medium', 'flag', null, 'plan', plan.id)
    // long-plan
    if (A >= addMonths(plan.startDate, policy.longPlanHighMonths)) push('long-plan', 'high', 'flag', null, 'plan', plan.id)
    else if (A >= addMonths(plan.startDate, policy.longPlanMediumMonths)) push('long-plan', 'medium', 'flag', null, 'plan', plan.id)
  }
  const c = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return out.sort((a, b) => c(a.childId, b.childId) || c(a.planId, b.planId) || c(a.ruleId, b.ruleId) || c(a.subject.id, b.subject.id))
}

/** What two findings are compared by (not the sentence): for a finding, or a hand-written expectation. */
export const keyOf = <T extends Pick<Key, 'dueDate'> & { [K in 'ruleId' | 'childId' | 'planId' | 'severity' | 'status']: string } & { subject: { kind: string; id: string } }>(
  f: T,
): Pick<T, 'ruleId' | 'childId' | 'planId' | 'severity' | 'status' | 'dueDate' | 'subject'> => ({
  ruleId: f.ruleId,
  childId: f.childId,
  planId: f.planId,
  severity: f.severity,
  status: f.status,
  dueDate: f.dueDate,
  subject: { kind: f.subject.kind, id: f.subject.id },
})
void formatUK
void fromDayNumber
