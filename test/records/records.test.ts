/**
 * Recording in the app (issue 5) on a real encrypted caseload: each kind of record saved with its
 * change-log row, invalid input rejected with field paths, undo and history, and the drift
 * findings following each save.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempCaseload } from '../helpers/temp-db'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import type { RecordContext } from '../../electron/core/records/change'
import { checkPlanEnd, recordChild, recordPlan, endPlan } from '../../electron/core/records/children'
import { recordProfessional } from '../../electron/core/records/professionals'
import { recordMember } from '../../electron/core/records/members'
import { recordDistribution, recordMeeting } from '../../electron/core/records/meetings'
import { recordAction } from '../../electron/core/records/actions'
import { allocateWorker } from '../../electron/core/records/allocations'
import { recordDisagreement } from '../../electron/core/records/disagreements'
import { recordVisit } from '../../electron/core/records/visits'
import { recordConference } from '../../electron/core/records/conferences'
import { deleteRecord } from '../../electron/core/records/delete'
import { listHistory, undoLast, undoableChange } from '../../electron/core/records/history'
import { caseRecords } from '../../electron/core/queries/case-detail'
import { scanCaseload } from '../../electron/core/drift/scan'
import { resetPolicy, savePolicy } from '../../electron/core/queries/policy-settings'
import { DriftwatchError } from '../../shared/errors'

const TODAY = '2026-11-26'
const ctx: RecordContext = { actor: 'Test Chair', today: TODAY, now: () => '2026-11-26T10:00:00.000Z' }

let t: Awaited<ReturnType<typeof tempCaseload>>
let db: CaseloadDb
beforeEach(async () => {
  t = await tempCaseload()
  db = t.db
})
afterEach(() => t.cleanup())

const rules = (childId: string, asOf = TODAY) =>
  scanCaseload(db, { asOf }).findings.filter((f) => f.childId === childId).map((f) => `${f.ruleId}:${f.status}`).sort()

function problemsOf(fn: () => unknown): { path: string; reason: string }[] {
  try {
    fn()
  } catch (e) {
    if (e instanceof DriftwatchError && e.code === 'VALIDATION') return e.problems
    throw e
  }
  throw new Error('expected a VALIDATION error')
}

/** A child with a plan from 1 Sep 2026, a worker, a chair and two members. */
function setUp() {
  const child = recordChild(db, ctx, { name: 'Ada Example', complex: false, team: 'North', plan: { startDate: '2026-09-01', initialCategory: 'neglect', previousPlans: 0 } })
  const childId = child.id
  const planId = caseRecords(db.sqlite, childId)!.plans[0]!.id
  const prof = (name: string, role: string, agency: string, email: string | null = 'x@example.org') =>
    recordProfessional(db, ctx, { name, role, agency, email, phone: null }).id
  const worker = prof('Sam Worker', 'social-worker', "Children's Social Care")
  const chair = prof('Dee Manager', 'deputy-manager', "Children's Social Care")
  const health = prof('Hal Health', 'health', 'Health Visiting')
  const school = prof('Sue School', 'education', 'Primary School')
  return { childId, planId, worker, chair, health, school }
}

describe('recording', () => {
  it('creates a child with a plan and its initial conference in one change; the first core group is then overdue', () => {
    const { childId, planId } = setUp()
    const r = caseRecords(db.sqlite, childId)!
    expect(r.child).toMatchObject({ name: 'Ada Example', complex: false, team: 'North' })
    expect(r.plans).toEqual([expect.objectContaining({ id: planId, startDate: '2026-09-01', initialCategory: 'neglect', endDate: null })])
    expect(r.conferences).toEqual([expect.objectContaining({ planId, kind: 'initial', date: '2026-09-01' })])
    expect(rules(childId)).toEqual(expect.arrayContaining(['first-core-group-overdue:overdue', 'no-allocated-worker:flag', 'visit-overdue:overdue']))
    const history = listHistory(db, { childId })
    expect(history.at(-1)).toMatchObject({ action: 'create-child', actor: 'Test Chair', at: '2026-11-26T10:00:00.000Z', summary: 'Added Ada Example with a plan from 1 Sep 2026.' })
    // One change, three records.
    const rows = db.sqlite.prepare('SELECT table_name AS t FROM change_log WHERE change_id = ? ORDER BY id').all(history.at(-1)!.changeId) as { t: string }[]
    expect(rows.map((x) => x.t)).toEqual(['child', 'plan', 'conference'])
  })

  it('records membership, core groups, decisions sent, and the findings follow', () => {
    const { childId, planId, chair, health, school } = setUp()
    recordMember(db, ctx, { planId, professionalId: health, fromDate: '2026-09-01' })
    recordMember(db, ctx, { planId, professionalId: school, fromDate: '2026-09-01' })
    const m1 = recordMeeting(db, ctx, { planIds: [planId], date: '2026-10-01', chairId: chair, attended: [health], apologies: [school], planAvailable: true, childViewsRecorded: true, riskReviewed: true, riskScore: { score: 6, scale: 'safety' } })
    expect(rules(childId)).toContain('core-group-overdue:overdue')
    expect(rules(childId)).not.toContain('first-core-group-overdue:overdue')
    recordMeeting(db, ctx, { planIds: [planId], date: '2026-11-10', chairId: chair, attended: [health, school], apologies: [], planAvailable: true, childViewsRecorded: false, riskReviewed: true, riskScore: null })
    expect(rules(childId)).not.toContain('core-group-overdue:overdue')
    expect(rules(childId)).toContain('child-views-not-recorded:flag')
    expect(rules(childId)).toContain('decisions-not-distributed:overdue')
    // The decisions of both meetings sent to both members: nothing left undistributed.
    recordDistribution(db, ctx, { meetingId: m1.id, professionalIds: [health, school], date: '2026-10-02' })
    const m2 = caseRecords(db.sqlite, childId)!.meetings.find((m) => m.date === '2026-11-10')!
    recordDistribution(db, ctx, { meetingId: m2.id, professionalIds: [health, school], date: '2026-11-11' })
    expect(rules(childId)).not.toContain('decisions-not-distributed:overdue')
    // Ending a membership.
    recordMember(db, ctx, { planId, professionalId: school, fromDate: '2026-09-01', toDate: '2026-11-20' })
    expect(caseRecords(db.sqlite, childId)!.members.find((m) => m.professionalId === school)!.toDate).toBe('2026-11-20')
  })

  it('rejects a meeting with attendees outside the core group, a future date and a missing chair, naming the fields', () => {
    const { planId, health, school } = setUp()
    recordMember(db, ctx, { planId, professionalId: health, fromDate: '2026-09-01' })
    const problems = problemsOf(() =>
      recordMeeting(db, ctx, { planIds: [planId], date: '2026-12-01', chairId: 'nobody', attended: [health, school], apologies: [health], planAvailable: true, childViewsRecorded: true, riskReviewed: true }),
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '$.date', reason: 'cannot be after today (26 Nov 2026)' },
        { path: '$.chairId', reason: 'is not a professional in this caseload' },
        { path: '$.attended[1]', reason: expect.stringContaining('is not a member of the core group') },
        { path: '$.apologies[0]', reason: 'is listed twice (present and apologies)' },
      ]),
    )
    // Schema errors come back with the same kind of paths, in plain English.
    expect(problemsOf(() => recordMeeting(db, ctx, { planIds: [planId], date: '2026-02-30' }))).toEqual(
      expect.arrayContaining([{ path: '$.date', reason: 'is not a real date in the form YYYY-MM-DD' }, { path: '$.chairId', reason: 'is required' }]),
    )
    expect(listHistory(db, {}).some((h) => h.action === 'create-meeting')).toBe(false)
  })

  it('decisions cannot be sent before the meeting', () => {
    const { planId, chair, health } = setUp()
    recordMember(db, ctx, { planId, professionalId: health, fromDate: '2026-09-01' })
    const m = recordMeeting(db, ctx, { planIds: [planId], date: '2026-10-01', chairId: chair, attended: [health], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true })
    expect(problemsOf(() => recordDistribution(db, ctx, { meetingId: m.id, professionalIds: [health], date: '2026-09-30' }))).toEqual([
      { path: '$.date', reason: 'cannot be before the meeting (1 Oct 2026)' },
    ])
  })

  it('actions: add, review, complete; checks dates and closing', () => {
    const { childId, planId, health } = setUp()
    recordMember(db, ctx, { planId, professionalId: health, fromDate: '2026-09-01' })
    const a = recordAction(db, ctx, { planId, createdDate: '2026-10-01', description: 'Health assessment', status: 'open' })
    expect(rules(childId)).toEqual(expect.arrayContaining(['action-not-smart:flag', 'action-stale:flag']))
    const full = { id: a.id, planId, createdDate: '2026-10-01', description: 'Health assessment', outcome: 'Assessment report shared', ownerId: health, dueDate: '2026-12-20', status: 'open' as const, lastReviewedDate: '2026-11-20' }
    recordAction(db, ctx, full)
    expect(rules(childId).filter((r) => r.startsWith('action'))).toEqual([])
    expect(problemsOf(() => recordAction(db, ctx, { ...full, status: 'done' }))).toEqual([{ path: '$.closedDate', reason: 'is needed: when was it done?' }])
    expect(problemsOf(() => recordAction(db, ctx, { ...full, dueDate: '2026-09-01', lastReviewedDate: '2026-12-01' }))).toEqual([
      { path: '$.dueDate', reason: 'cannot be before the date it was agreed (1 Oct 2026)' },
      { path: '$.lastReviewedDate', reason: 'cannot be after today (26 Nov 2026)' },
    ])
    const done = recordAction(db, ctx, { ...full, status: 'done', closedDate: '2026-11-25' })
    expect(done.summary).toBe('Completed the action "Health assessment".')
    expect(caseRecords(db.sqlite, childId)!.actions[0]).toMatchObject({ status: 'done', closedDate: '2026-11-25', ownerId: health })
  })

  it('allocating a new worker ends the previous allocation and needs an SSD change reason', () => {
    const { childId, worker } = setUp()
    allocateWorker(db, ctx, { childId, professionalId: worker, startDate: '2026-09-01' })
    expect(rules(childId)).not.toContain('no-allocated-worker:flag')
    const other = recordProfessional(db, ctx, { name: 'Tom Newworker', role: 'social-worker', agency: "Children's Social Care", email: 't@example.org' }).id
    expect(problemsOf(() => allocateWorker(db, ctx, { childId, professionalId: other, startDate: '2026-11-02' }))).toEqual([
      { path: '$.changeReason', reason: 'is needed: the child had a social worker before, so this is a change of worker' },
    ])
    expect(problemsOf(() => allocateWorker(db, ctx, { childId, professionalId: other, startDate: '2026-11-02', changeReason: 'NOPE' }))[0]).toEqual({
      path: '$.changeReason',
      reason: 'must be chosen from the list',
    })
    allocateWorker(db, ctx, { childId, professionalId: other, startDate: '2026-11-02', changeReason: 'LEFTRL' })
    const allocations = caseRecords(db.sqlite, childId)!.allocations
    expect(allocations.map((a) => [a.professionalId, a.startDate, a.endDate, a.changeReason])).toEqual([
      [worker, '2026-09-01', '2026-11-01', null],
      [other, '2026-11-02', null, 'LEFTRL'],
    ])
    expect(rules(childId)).toContain('worker-changed:flag')
  })

  it('disagreements: raise, escalate, resolve with an outcome', () => {
    const { childId, planId, health } = setUp()
    const base = { planId, raisedDate: '2026-11-02', raisedById: health, category: 'plan-progress' as const, stages: [{ stage: 1, startDate: '2026-11-02' }] }
    const d = recordDisagreement(db, ctx, base)
    expect(rules(childId)).toContain('disagreement-unresolved:overdue')
    const escalated = recordDisagreement(db, ctx, { ...base, id: d.id, stages: [...base.stages, { stage: 2, startDate: '2026-11-20' }] })
    expect(escalated.summary).toBe('Escalated to stage 2: a disagreement about plan progress.')
    expect(problemsOf(() => recordDisagreement(db, ctx, { ...base, id: d.id, stages: [...base.stages, { stage: 3, startDate: '2026-11-01' }], resolvedDate: '2026-11-25' }))).toEqual([
      { path: '$.stages[1].stage', reason: 'should be stage 2: stages go one at a time' },
      { path: '$.stages[1].startDate', reason: 'cannot be before the previous stage (2 Nov 2026)' },
      { path: '$.resolvedDate', reason: 'cannot be before the last stage (1 Nov 2026)' },
      { path: '$.outcome', reason: 'is needed when the disagreement is resolved' },
    ].filter((p) => p.path !== '$.resolvedDate'))
    recordDisagreement(db, ctx, { ...base, id: d.id, stages: [...base.stages, { stage: 2, startDate: '2026-11-20' }], resolvedDate: '2026-11-25', outcome: 'Plan revised' })
    expect(rules(childId).filter((r) => r.startsWith('disagreement'))).toEqual([])
  })

  it('dates in the wrong order are refused in words, at the field, before anything is written or confirmed', () => {
    const { childId, planId } = setUp() // plan from 1 Sep 2026
    const before = listHistory(db, { childId }).length
    expect(problemsOf(() => recordVisit(db, ctx, { childId, date: '2026-08-31', seenAlone: true }))).toEqual([
      { path: '$.date', reason: 'is before the child protection plan started (1 Sep 2026): a statutory visit happens during the plan' },
    ])
    expect(problemsOf(() => recordConference(db, ctx, { planId, kind: 'review', date: '2026-08-01' }))).toEqual([{ path: '$.date', reason: 'cannot be before the start of the plan (1 Sep 2026)' }])
    expect(problemsOf(() => recordConference(db, ctx, { planId, kind: 'review', date: '2026-09-01' }))).toEqual([
      { path: '$.date', reason: 'must be after the previous conference (the initial conference on 1 Sep 2026): a review conference follows it' },
    ])
    const review = recordConference(db, ctx, { planId, kind: 'review', date: '2026-11-20' })
    expect(problemsOf(() => recordConference(db, ctx, { planId, kind: 'review', date: '2026-11-19' }))).toEqual([
      { path: '$.date', reason: 'must be after the previous conference (the review conference on 20 Nov 2026): a review conference follows it' },
    ])
    // Correcting the one review: compared with the conference before it, not with itself.
    recordConference(db, ctx, { id: review.id, planId, kind: 'review', date: '2026-11-18' })
    // The check of ending a plan runs on its own, before the form asks "Are you sure?".
    expect(problemsOf(() => checkPlanEnd(db, TODAY, { planId, endDate: '2026-08-15' }))).toEqual([
      { path: '$.endDate', reason: 'is before the plan started (1 Sep 2026): a plan ends after it starts' },
    ])
    expect(checkPlanEnd(db, TODAY, { planId, endDate: '2026-11-20' }).endDate).toBe('2026-11-20')
    expect(problemsOf(() => recordPlan(db, ctx, { id: planId, childId, startDate: '2026-09-01', endDate: '2026-08-01', initialCategory: 'neglect', latestCategory: null, previousPlans: 0 }))).toEqual([
      { path: '$.endDate', reason: 'is before the plan started (1 Sep 2026): a plan ends after it starts' },
    ])
    expect(listHistory(db, { childId })).toHaveLength(before + 2) // the review and its correction only
  })

  it('visits, review conferences and ending a plan', () => {
    const { childId, planId } = setUp()
    recordVisit(db, ctx, { childId, date: '2026-11-20', seenAlone: false })
    recordVisit(db, ctx, { childId, date: '2026-11-24', seenAlone: false })
    expect(rules(childId)).not.toContain('visit-overdue:overdue')
    expect(rules(childId)).toContain('not-seen-alone:flag')
    expect(rules(childId)).toContain('review-conference-overdue:due-soon')
    expect(problemsOf(() => recordConference(db, ctx, { planId, kind: 'initial', date: '2026-11-24' }))).toEqual([{ path: '$.kind', reason: 'the plan already has its initial conference' }])
    recordConference(db, ctx, { planId, kind: 'review', date: '2026-11-24' })
    expect(rules(childId).filter((r) => r.startsWith('review'))).toEqual([])
    expect(problemsOf(() => endPlan(db, ctx, { planId, endDate: '2026-11-01' }))).toEqual([{ path: '$.endDate', reason: "is before the plan's latest conference (the review conference on 24 Nov 2026): a plan ends on or after it" }])
    endPlan(db, ctx, { planId, endDate: '2026-11-24' })
    expect(rules(childId)).toEqual([])
    // A new plan cannot start while one is open, but can after it ended.
    recordPlan(db, ctx, { childId, startDate: '2026-11-25', initialCategory: 'emotional', previousPlans: 1 })
    expect(caseRecords(db.sqlite, childId)!.plans).toHaveLength(2)
    expect(problemsOf(() => recordPlan(db, ctx, { childId, startDate: '2026-11-26', initialCategory: 'emotional', previousPlans: 1 }))[0]!.path).toBe('$.startDate')
  })

  it('professionals: contact details clear contact-details-missing; bad email and phone are named', () => {
    const { childId, planId } = setUp()
    const p = recordProfessional(db, ctx, { name: 'Pat Police', role: 'police', agency: 'Police', email: null, phone: null })
    recordMember(db, ctx, { planId, professionalId: p.id, fromDate: '2026-09-01' })
    expect(rules(childId)).toContain('contact-details-missing:flag')
    expect(problemsOf(() => recordProfessional(db, ctx, { id: p.id, name: 'Pat Police', role: 'police', agency: 'Police', email: 'pat', phone: 'abc' }))).toEqual([
      { path: '$.email', reason: 'does not look like an email address' },
      { path: '$.phone', reason: 'does not look like a phone number' },
    ])
    recordProfessional(db, ctx, { id: p.id, name: 'Pat Police', role: 'police', agency: 'Police', email: null, phone: '01632 960000' })
    expect(rules(childId)).not.toContain('contact-details-missing:flag')
  })
})

describe('undo and history', () => {
  it('undoes the last change, then the one before, and logs each undo', () => {
    const { childId, worker } = setUp()
    allocateWorker(db, ctx, { childId, professionalId: worker, startDate: '2026-09-01' })
    const other = recordProfessional(db, ctx, { name: 'Tom Newworker', role: 'social-worker', agency: 'CSC', email: 't@example.org' }).id
    const change = allocateWorker(db, ctx, { childId, professionalId: other, startDate: '2026-11-02', changeReason: 'ORGRST' })
    expect(undoableChange(db)?.changeId).toBe(change.changeId)
    const u = undoLast(db, ctx, change.changeId)
    expect(u.summary).toBe('Undid: Changed the social worker to Tom Newworker from 2 Nov 2026.')
    // The previous allocation is open again and the new one gone: one transaction.
    expect(caseRecords(db.sqlite, childId)!.allocations.map((a) => [a.professionalId, a.endDate])).toEqual([[worker, null]])
    expect(rules(childId)).not.toContain('worker-changed:flag')
    // A stale Undo button (an older change id) is refused.
    expect(() => undoLast(db, ctx, change.changeId)).toThrow(/later change/)
    undoLast(db, ctx) // the new professional
    undoLast(db, ctx) // the first allocation
    expect(caseRecords(db.sqlite, childId)!.allocations).toEqual([])
    const history = listHistory(db, { childId })
    expect(history[0]).toMatchObject({ action: 'undo', summary: 'Undid: Allocated Sam Worker from 1 Sep 2026.' })
    expect(history.find((h) => h.changeId === change.changeId)).toMatchObject({ undone: true })
  })

  it('undoes a deletion of a meeting with its distributions, and the findings come back as they were', () => {
    const { childId, planId, chair, health } = setUp()
    recordMember(db, ctx, { planId, professionalId: health, fromDate: '2026-09-01' })
    const m = recordMeeting(db, ctx, { planIds: [planId], date: '2026-11-10', chairId: chair, attended: [health], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true })
    recordDistribution(db, ctx, { meetingId: m.id, professionalIds: [health], date: '2026-11-11' })
    const withMeeting = rules(childId)
    const detail = caseRecords(db.sqlite, childId)!
    deleteRecord(db, ctx, { kind: 'meeting', id: m.id })
    expect(rules(childId)).toContain('first-core-group-overdue:overdue')
    undoLast(db, ctx)
    expect(rules(childId)).toEqual(withMeeting)
    expect(caseRecords(db.sqlite, childId)).toEqual(detail)
  })

  it('undoing the creation of a child removes the child, the plan and the conference', () => {
    const c = recordChild(db, ctx, { name: 'Brief Child', complex: true, plan: { startDate: '2026-11-01', initialCategory: 'physical', previousPlans: 0 } })
    undoLast(db, ctx, c.changeId)
    expect(caseRecords(db.sqlite, c.id)).toBeNull()
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 0 })
    expect(() => undoLast(db, ctx)).toThrow(/nothing to undo/i)
  })

  it('refuses to undo when the record was changed another way since', () => {
    const { childId } = setUp()
    const v = recordVisit(db, ctx, { childId, date: '2026-11-20', seenAlone: true })
    db.sqlite.prepare('UPDATE visits SET seen_alone = 0 WHERE id = ?').run(v.id)
    expect(() => undoLast(db, ctx)).toThrow(/changed another way/)
  })
})

describe('policy', () => {
  it('changing the core group interval changes which plans are flagged', () => {
    const { childId, planId, chair, health } = setUp()
    recordMember(db, ctx, { planId, professionalId: health, fromDate: '2026-09-01' })
    recordMeeting(db, ctx, { planIds: [planId], date: '2026-11-10', chairId: chair, attended: [health], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true })
    expect(rules(childId)).not.toContain('core-group-overdue:overdue')
    savePolicy(db, { coreGroupIntervalDays: 10 })
    expect(rules(childId)).toContain('core-group-overdue:overdue')
    resetPolicy(db)
    expect(rules(childId)).not.toContain('core-group-overdue:overdue')
  })
})
