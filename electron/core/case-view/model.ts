/**
 * The case view's model (shared/case-view.ts) from a child's records as they stood on A and the
 * child's findings on A: which plan and worker are current, the members, the visits, and a timeline
 * of every record with the findings about it beside it. Pure; the `case:detail` handler sends it as
 * `view`, so the screen draws it and decides nothing about dates.
 *
 * Why in the core: this is domain logic (which plan is open, who is a member on a meeting's date, who
 * was not sent the decisions), and it used the same "current on A" checks as the drift rules; here it
 * uses the same helper (shared/period.ts) and is tested against a real database.
 */
import { CHANGE_REASON_LABELS, type ChangeReason, type Meeting, type Professional } from '../../../shared/caseload-format'
import { formatUK, type CivilDate } from '../../../shared/civil-date'
import type { Finding } from '../../../shared/drift-types'
import { compareChildFindings } from '../../../shared/finding-order'
import { PLAN_VISIT_RULES, PLAN_WORKER_RULES, anchorFor, anchorOf, type CaseView, type CaseViewDetail, type TimelineEntry } from '../../../shared/case-view'
import { END_RULES, allocationOn, memberIdsOn, memberOn, notEndedBy, planOpenOn } from '../../../shared/period'
import { DISAGREEMENT_LABELS } from '../../../shared/record-labels'
import type { CaseRecords } from '../queries/case-detail'

const plain = (label: string, text: string): CaseViewDetail => ({ label, text, tone: 'plain' })
const missing = (label: string, text: string): CaseViewDetail => ({ label, text, tone: 'no' })
const yesNo = (label: string, v: boolean): CaseViewDetail => ({ label, text: v ? 'Yes' : 'No', tone: v ? 'yes' : 'no' })
const byStartDesc = (a: { startDate: string }, b: { startDate: string }) => (a.startDate < b.startDate ? 1 : -1)

function riskText(m: Meeting): string {
  if (!m.riskScore) return 'No score recorded'
  const { score, scale } = m.riskScore
  return scale === 'safety'
    ? `${score} out of 10 on a safety scale (0 = not safe, 10 = safe)`
    : `${score} out of 10 on a danger scale (0 = no danger, 10 = greatest danger)`
}

/** The words of a finding's "See the …" link. */
export function subjectWord(f: Finding): string {
  switch (f.subject.kind) {
    case 'meeting':
      return 'core group'
    case 'professional':
      return 'member'
    case 'conference':
    case 'action':
    case 'allocation':
    case 'disagreement':
      return f.subject.kind
    default:
      return PLAN_VISIT_RULES.has(f.ruleId) ? 'visits' : PLAN_WORKER_RULES.has(f.ruleId) ? 'worker' : 'plan'
  }
}

/** `r`: the child's records as they stood on A (app/case-as-of.ts); `findings`: the child's findings on A. */
export function caseViewModel(r: CaseRecords, findings: readonly Finding[], asOf: CivilDate): CaseView {
  const people = new Map(r.professionals.map((p) => [p.id, p]))
  const person = (id: string | null | undefined): Professional | undefined => (id ? people.get(id) : undefined)
  const name = (id: string | null | undefined) => person(id)?.name ?? 'someone not recorded'
  const nameWithAgency = (id: string) => {
    const p = person(id)
    return p ? `${p.name} (${p.agency})` : id
  }

  const bySubject = new Map<string, Finding[]>()
  for (const f of findings) {
    const key = `${f.subject.kind}:${f.subject.id}`
    const list = bySubject.get(key) ?? []
    list.push(f)
    bySubject.set(key, list)
  }
  const about = (kind: Finding['subject']['kind'], id: string) => bySubject.get(`${kind}:${id}`) ?? []

  const open = r.plans.filter((p) => planOpenOn(p, asOf))
  const plan = [...open].sort(byStartDesc)[0] ?? [...r.plans].sort(byStartDesc)[0]
  const planFindingsAll = findings.filter((f) => f.subject.kind === 'plan')
  const allocation = r.allocations.find((a) => allocationOn(a, asOf))
  const worker = allocation ? person(allocation.professionalId) : undefined

  const members = r.members
    .map((member) => ({ member, professional: person(member.professionalId) }))
    .filter((m): m is { member: typeof m.member; professional: Professional } => Boolean(m.professional))
    .sort((a, b) => (a.member.toDate ? 1 : 0) - (b.member.toDate ? 1 : 0) || a.professional.name.localeCompare(b.professional.name))
    .map(({ member, professional }) => ({
      member,
      professional,
      anchor: anchorFor('professional', professional.id),
      dates: `Member from ${formatUK(member.fromDate)}${member.toDate ? ` to ${formatUK(member.toDate)}` : ''}${!professional.email && !professional.phone ? ' · no email or phone recorded' : ''}`,
      findings: about('professional', professional.id),
    }))

  const visitsOnPlan = r.visits.filter((v) => v.date <= asOf && (!plan || v.date >= plan.startDate))
  const lastVisit = [...visitsOnPlan].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0]

  const timeline: TimelineEntry[] = []
  const entry = (e: Pick<TimelineEntry, 'kind' | 'date' | 'title'> & Partial<TimelineEntry> & { id: string }, letter: string, subject: Finding['subject']['kind'] | null) =>
    timeline.push({
      key: `${letter}-${e.id}`,
      recordId: e.id,
      anchor: anchorFor(subject ?? e.kind, e.id),
      date: e.date,
      kind: e.kind,
      title: e.title,
      details: e.details ?? [],
      stages: e.stages ?? [],
      resolution: e.resolution ?? null,
      findings: subject ? about(subject, e.id) : [],
    })

  for (const c of r.conferences) {
    entry({ id: c.id, kind: 'conference', date: c.date, title: c.kind === 'initial' ? 'Initial child protection conference' : 'Review child protection conference' }, 'c', 'conference')
  }
  for (const m of r.meetings) {
    // Members of the child's plans on the meeting's date (a membership holds on its end date).
    const current = r.members.filter((mem) => memberOn(mem, m.date)).map((x) => x.professionalId)
    const absent = current.filter((id) => !m.attended.includes(id) && !m.apologies.includes(id))
    const sentTo = new Set(r.distributions.filter((x) => x.meetingId === m.id && x.date <= asOf).map((x) => x.professionalId))
    const notSent = current.filter((id) => !sentTo.has(id))
    const details = [
      plain('Attended', m.attended.length ? m.attended.map(nameWithAgency).join(', ') : 'Nobody recorded'),
      plain('Apologies', m.apologies.length ? m.apologies.map(nameWithAgency).join(', ') : 'None'),
      ...(absent.length ? [plain('Absent without apology', absent.map(nameWithAgency).join(', '))] : []),
      yesNo('Plan available', m.planAvailable),
      yesNo("Child's views recorded", m.childViewsRecorded),
      yesNo('Risk reviewed', m.riskReviewed),
      plain('Risk score', riskText(m)),
      plain(
        'Decisions sent',
        current.length === 0
          ? 'No members recorded'
          : notSent.length === 0
            ? `To all ${current.length} members`
            : `To ${current.length - notSent.length} of ${current.length} members; not to ${notSent.map(name).join(', ')}`,
      ),
    ]
    entry({ id: m.id, kind: 'meeting', date: m.date, title: `Core group meeting, chaired by ${name(m.chairId)}`, details }, 'm', 'meeting')
  }
  for (const a of r.actions) {
    const closedOn = a.closedDate ? ` on ${formatUK(a.closedDate)}` : ''
    // Open on A unless done or dropped on or before A (the records are already as they stood on A).
    const stillOpen = a.status === 'open' || (a.closedDate != null && notEndedBy(a.closedDate, asOf, END_RULES.action))
    const status = stillOpen ? 'Open' : a.status === 'done' ? `Done${closedOn}` : `Dropped${closedOn}`
    const details = [
      plain('Status', status),
      a.ownerId ? plain('Owner', nameWithAgency(a.ownerId)) : missing('Owner', 'No owner'),
      a.dueDate ? plain('Due', formatUK(a.dueDate)) : missing('Due', 'No due date'),
      plain('Last reviewed', formatUK(a.lastReviewedDate)),
      a.outcome?.trim() ? plain('Outcome wanted', a.outcome) : missing('Outcome wanted', 'Not written down'),
    ]
    entry({ id: a.id, kind: 'action', date: a.createdDate, title: `Action agreed: ${a.description}`, details }, 'a', 'action')
  }
  const allocations = [...r.allocations].sort((a, b) => (a.startDate < b.startDate ? -1 : 1))
  allocations.forEach((a, i) => {
    const reason = a.changeReason ? CHANGE_REASON_LABELS[a.changeReason as ChangeReason] : null
    const details = [plain('Allocated', `${formatUK(a.startDate)} to ${a.endDate ? formatUK(a.endDate) : 'now'}`)]
    if (i > 0) details.push(plain('Reason for the change', reason ?? 'Not recorded'))
    else if (reason) details.push(plain('Reason recorded', reason))
    const title = `${i === 0 ? 'Social worker allocated' : 'Social worker changed to'} ${name(a.professionalId)}`
    entry({ id: a.id, kind: 'allocation', date: a.startDate, title, details }, 'w', 'allocation')
  })
  for (const g of r.disagreements) {
    const stages = (g.stages.length ? g.stages : [{ stage: 1, startDate: g.raisedDate, respondedDate: null }]).map((s) => ({
      stage: s.stage,
      text: `from ${formatUK(s.startDate)}${s.respondedDate ? `, answered ${formatUK(s.respondedDate)}` : ', no answer yet'}`,
    }))
    const resolved = g.resolvedDate != null && !notEndedBy(g.resolvedDate, asOf, END_RULES.disagreement)
    const resolution = resolved ? { text: `Resolved on ${formatUK(g.resolvedDate)}${g.outcome ? `: ${g.outcome}` : '.'}`, tone: 'plain' as const } : { text: 'Not resolved.', tone: 'no' as const }
    const title = `Disagreement raised by ${nameWithAgency(g.raisedById)}: ${DISAGREEMENT_LABELS[g.category] ?? g.category}`
    entry({ id: g.id, kind: 'disagreement', date: g.raisedDate, title, stages, resolution }, 'd', 'disagreement')
  }
  for (const v of r.visits) {
    entry({ id: v.id, kind: 'visit', date: v.date, title: v.seenAlone ? 'Visit: child seen alone' : 'Visit: child not seen alone' }, 'v', null)
  }
  timeline.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.key < b.key ? 1 : -1))

  return {
    currentPlanId: plan?.id ?? null,
    planOpen: plan !== undefined && planOpenOn(plan, asOf),
    currentMemberIds: plan ? [...memberIdsOn(r.members, plan.id, asOf)] : [],
    worker: worker ? { id: worker.id, name: worker.name, agency: worker.agency } : null,
    attention: [...findings].sort(compareChildFindings).map((f) => ({
      finding: f,
      anchor: f.subject.kind === 'supervision-action' ? null : anchorOf(f),
      see: f.subject.kind === 'supervision-action' ? null : `See the ${subjectWord(f)}`,
    })),
    planFindings: planFindingsAll.filter((f) => !PLAN_VISIT_RULES.has(f.ruleId) && !PLAN_WORKER_RULES.has(f.ruleId)),
    visitFindings: planFindingsAll.filter((f) => PLAN_VISIT_RULES.has(f.ruleId)),
    workerFindings: planFindingsAll.filter((f) => PLAN_WORKER_RULES.has(f.ruleId)),
    members,
    lastVisit: lastVisit ? { date: lastVisit.date, seenAlone: lastVisit.seenAlone } : null,
    visitCount: visitsOnPlan.length,
    timeline,
  }
}
