/**
 * One next step per finding: an imperative sentence a chair would write, with the names and UK
 * dates that make it actionable. One builder per rule (the 21 of design brief §4 and
 * `supervision-action-overdue`); each falls back to a plainer sentence when a record it names
 * cannot be found, so every finding always has one.
 */
import { formatUK, type CivilDate } from '../../../shared/civil-date'
import type { AnyRuleId, Finding } from '../../../shared/drift-types'
import type { Person, TriageDetails } from '../queries/triage-details'

/** What the builders know of the child besides the finding. */
export interface ChildContext {
  name: string
  /** The allocated social worker's name on A, or null. */
  worker: string | null
  planStart: CivilDate | null
}

export interface StepInput {
  finding: Finding
  child: ChildContext
  details: TriageDetails
  asOf: CivilDate
}

type Builder = (i: StepInput) => string

const d = (date: CivilDate | null | undefined) => formatUK(date)
/** "Ann Hale (Health Visiting)". */
export const who = (p: Person) => (p.agency.trim() ? `${p.name} (${p.agency.trim()})` : p.name)
/** "A", "A and B", "A, B and C". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}
/** Who to ask for the social worker's part: the worker by name, or the team manager when there is none. */
const askWorker = (c: ChildContext) => (c.worker ? `Ask ${c.worker}` : 'Ask the team manager')
const quoted = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim()
  return `"${t.length > 80 ? `${t.slice(0, 77)}…` : t}"`
}

const meetingDate = (i: StepInput) => i.details.meetings.get(i.finding.subject.id)?.date ?? null

const BUILDERS: Record<AnyRuleId, Builder> = {
  'first-core-group-overdue': (i) =>
    i.finding.status === 'overdue'
      ? `${askWorker(i.child)} to hold the first core group now: it was due by ${d(i.finding.dueDate)}${i.child.planStart ? `, after the initial conference on ${d(i.child.planStart)}` : ''}.`
      : `${askWorker(i.child)} to hold the first core group by ${d(i.finding.dueDate)}.`,

  'core-group-overdue': (i) => {
    const last = meetingDate(i)
    return i.finding.status === 'overdue'
      ? `Arrange a core group now${last ? `: the last was on ${d(last)}` : `: it was due by ${d(i.finding.dueDate)}`}.`
      : `Arrange the next core group for no later than ${d(i.finding.dueDate)}${last ? `: the last was on ${d(last)}` : ''}.`
  },

  'review-conference-overdue': (i) => {
    const c = i.finding.subject.kind === 'conference' ? i.details.conferences.get(i.finding.subject.id) : null
    const since = c ? `the ${c.kind === 'review' ? 'last review' : 'initial'} conference was on ${d(c.date)}` : i.child.planStart ? `the initial conference was on ${d(i.child.planStart)}` : null
    return i.finding.status === 'overdue'
      ? `Book the review conference now: it was due by ${d(i.finding.dueDate)}${since ? ` and ${since}` : ''}.`
      : `Book the review conference for no later than ${d(i.finding.dueDate)}${since ? `: ${since}` : ''}.`
  },

  'decisions-not-distributed': (i) => {
    const date = meetingDate(i)
    const people = i.details.undistributed.get(`${i.finding.subject.id}\u0000${i.finding.planId}`) ?? []
    const meeting = date ? `the ${d(date)} core group` : 'the core group'
    return people.length
      ? `Send the decisions of ${meeting} to ${listOf(people.map(who))}.`
      : `Send the decisions of ${meeting} to every member who has not had them.`
  },

  'action-overdue': (i) => {
    const a = i.details.actions.get(i.finding.subject.id)
    const what = a ? quoted(a.description) : 'the action'
    const owner = a?.owner ? a.owner.name : null
    return i.finding.status === 'overdue'
      ? `${owner ? `Ask ${owner} whether` : 'Find out whether'} ${what}, due on ${d(i.finding.dueDate)}, is done; record it, or agree a new date.`
      : `${owner ? `Check with ${owner} that` : 'Check that'} ${what} will be done by ${d(i.finding.dueDate)}.`
  },

  'action-stale': (i) => {
    const a = i.details.actions.get(i.finding.subject.id)
    if (!a) return 'Review the action with its owner and record its progress.'
    const last = a.lastReviewedDate && a.lastReviewedDate > a.createdDate ? a.lastReviewedDate : a.createdDate
    return `Review ${quoted(a.description)}${a.owner ? ` with ${a.owner.name}` : ''} and record its progress: nothing has been recorded since ${d(last)}.`
  },

  'action-not-smart': (i) => {
    const a = i.details.actions.get(i.finding.subject.id)
    if (!a) return 'Give the action an owner, a due date and a measurable outcome.'
    const gaps: string[] = []
    if (!a.owner) gaps.push('an owner')
    if (!a.dueDate) gaps.push('a due date')
    if (a.outcomeBlank) gaps.push('a measurable outcome')
    return `Give ${quoted(a.description)} ${listOf(gaps.length ? gaps : ['an owner, a due date and a measurable outcome'])}.`
  },

  'action-owner-departed': (i) => {
    const a = i.details.actions.get(i.finding.subject.id)
    if (!a) return 'Give the action to a current core group member or the allocated social worker.'
    return `Give ${quoted(a.description)} to a current core group member: ${a.owner ? `${who(a.owner)} is` : 'its owner is'} no longer in the core group or allocated to the child.`
  },

  'no-allocated-worker': (i) => {
    const last = i.details.lastAllocations.get(i.finding.childId)
    const since = last?.worker && last.endDate ? `: ${last.worker.name}'s allocation ended on ${d(last.endDate)}` : ''
    return `Allocate a social worker to ${i.child.name} today${since}.`
  },

  'worker-changed': (i) => {
    const a = i.details.allocations.get(i.finding.subject.id)
    if (!a?.worker) return `Check in supervision that ${i.child.name} has met the new social worker and the handover is complete.`
    return `Check in supervision that ${i.child.name} has met ${a.worker.name}, allocated on ${d(a.startDate)}, and that the handover${a.previous ? ` from ${a.previous.name}` : ''} is complete.`
  },

  'disagreement-unresolved': (i) => {
    const x = i.details.disagreements.get(i.finding.subject.id)
    const raised = x ? `the disagreement raised${x.raisedBy ? ` by ${x.raisedBy.name}` : ''} on ${d(x.raisedDate)}` : 'the professional disagreement'
    const stage = x?.stage ?? 1
    if (i.finding.status === 'overdue') {
      return stage < 4
        ? `Escalate ${raised} to stage ${stage + 1}, or record how it was resolved.`
        : `Ask the head of service to settle ${raised} now (stage 4 was due by ${d(i.finding.dueDate)}), or record how it was resolved.`
    }
    return `Settle ${raised} at stage ${stage} by ${d(i.finding.dueDate)}, or escalate it${stage < 4 ? ` to stage ${stage + 1}` : ''}.`
  },

  'child-views-not-recorded': (i) => {
    const date = meetingDate(i)
    return `${askWorker(i.child)} to bring ${i.child.name}'s views and wishes to the next core group and record them${date ? `: they were not recorded on ${d(date)}` : ''}.`
  },

  'plan-not-available': (i) => {
    const date = meetingDate(i)
    return `Send the child protection plan to every member before the next core group${date ? `: it was not available on ${d(date)}` : ''}.`
  },

  'risk-not-reviewed': (i) => {
    const date = meetingDate(i)
    return `Put the review of risk on the next core group's agenda${date ? `: risk was not reviewed on ${d(date)}` : ''}.`
  },

  'risk-scale-low': (i) => {
    const m = i.details.meetings.get(i.finding.subject.id)
    const score =
      m && m.riskScore !== null && m.riskScale
        ? `: the core group on ${d(m.date)} scored safety ${m.riskScale === 'safety' ? m.riskScore : 10 - m.riskScore} on the 0–10 scale (10 = safe)`
        : ''
    return `Decide today with ${i.child.worker ?? 'the team manager'} whether ${i.child.name} needs a strategy discussion${score}.`
  },

  'agency-absent': (i) => {
    const p = i.details.professionals.get(i.finding.subject.id)
    const dates = i.details.latestMeetings.get(i.finding.planId) ?? []
    const missed = dates.length === 2 ? `: they missed the core groups on ${d(dates[1])} and ${d(dates[0])}` : ''
    return p ? `Contact ${who(p)} to secure their attendance at the next core group${missed}.` : `Contact the absent agency to secure its attendance at the next core group${missed}.`
  },

  'contact-details-missing': (i) => {
    const p = i.details.professionals.get(i.finding.subject.id)
    return p ? `Record an email address or phone number for ${who(p)}.` : 'Record an email address or phone number for the core group member.'
  },

  'complex-case-chair': (i) => {
    const m = i.details.meetings.get(i.finding.subject.id)
    return `Ask a deputy manager to chair the next core group${m ? `: the one on ${d(m.date)} was chaired by ${m.chair ? m.chair.name : 'someone else'}` : ''}.`
  },

  'visit-overdue': (i) => {
    const last = i.details.latestVisits.get(i.finding.childId)?.[0]
    const since = last ? `the last visit was on ${d(last.date)}` : i.child.planStart ? `there has been none since the plan started on ${d(i.child.planStart)}` : 'none is recorded'
    return i.finding.status === 'overdue'
      ? `${askWorker(i.child)} to visit ${i.child.name} now: ${since}.`
      : `${askWorker(i.child)} to visit ${i.child.name} by ${d(i.finding.dueDate)}: ${since}.`
  },

  'not-seen-alone': (i) => {
    const v = i.details.latestVisits.get(i.finding.childId) ?? []
    const when = v.length === 2 ? `: not at the visits on ${d(v[1]!.date)} and ${d(v[0]!.date)}` : ''
    return `${askWorker(i.child)} to see ${i.child.name} alone at the next visit${when}.`
  },

  'long-plan': (i) =>
    `Ask the next review conference whether the plan is still working or should change${i.child.planStart ? `: it started on ${d(i.child.planStart)}` : ''}.`,

  'supervision-action-overdue': (i) => {
    const a = i.details.supervisionActions.get(i.finding.subject.id)
    if (!a) return `Follow up the supervision action that was due on ${d(i.finding.dueDate)}, and mark it done or agree a new date.`
    return `Follow up ${quoted(a.description)}${a.owner ? ` with ${a.owner.name}` : ''}, set in supervision on ${d(a.createdDate)} and due on ${d(a.dueDate)}; mark it done or agree a new date.`
  },
}

export function nextStep(input: StepInput): string {
  const build = BUILDERS[input.finding.ruleId as AnyRuleId]
  const text = build ? build(input) : ''
  return text || 'Review this finding with the allocated social worker and record what will be done.'
}

/** The rules that have a builder (for tests: every rule of the scan). */
export const RULES_WITH_NEXT_STEP = Object.keys(BUILDERS) as AnyRuleId[]
