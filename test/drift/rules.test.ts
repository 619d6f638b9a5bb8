import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, parsePolicy, validatePolicy } from '../../shared/drift-policy'
import { baseDoc, brief, findings, meeting } from './helpers'

describe('open plans only', () => {
  it('a plan ended on A or not yet started gives nothing; ended after A still counts', () => {
    expect(findings(baseDoc('2026-11-02', { end: '2026-11-20' }), '2026-11-20')).toEqual([])
    expect(findings(baseDoc('2026-11-02'), '2026-11-01')).toEqual([])
    expect(findings(baseDoc('2026-11-02', { end: '2026-11-21' }), '2026-11-20').length).toBeGreaterThan(0)
  })
})

describe('first-core-group-overdue', () => {
  const r = 'first-core-group-overdue'
  it('due day itself is due soon, the day after overdue', () => {
    const doc = baseDoc('2026-11-02')
    expect(brief(doc, '2026-11-06', r)).toEqual([]) // 6 working days before
    expect(brief(doc, '2026-11-09', r)).toEqual([['due-soon', 'low', '2026-11-16', 'P1']])
    expect(brief(doc, '2026-11-16', r)).toEqual([['due-soon', 'low', '2026-11-16', 'P1']])
    expect(brief(doc, '2026-11-17', r)).toEqual([['overdue', 'high', '2026-11-16', 'P1']])
    expect(findings(doc, '2026-11-17', r)[0]!.message).toBe(
      'The first core group is overdue: it was due by 16 Nov 2026, 10 working days after the initial conference on 2 Nov 2026, and none is recorded.',
    )
  })
  it('skips Christmas substitute days 2027-12-27/28', () => {
    expect(brief(baseDoc('2027-12-13'), '2027-12-30', r)).toEqual([['overdue', 'high', '2027-12-29', 'P1']])
  })
  it('a meeting before the plan start or after A does not count', () => {
    const doc = baseDoc('2026-11-02')
    doc.meetings.push(meeting('M0', '2026-11-01'), meeting('M9', '2026-11-18'))
    expect(brief(doc, '2026-11-17', r)).toEqual([['overdue', 'high', '2026-11-16', 'P1']])
    doc.meetings.push(meeting('M1', '2026-11-02'))
    expect(brief(doc, '2026-11-17', r)).toEqual([])
  })
})

describe('core-group-overdue', () => {
  const r = 'core-group-overdue'
  it('28 days after the latest meeting; ties by id', () => {
    const doc = baseDoc('2026-11-02')
    doc.meetings.push(meeting('M1', '2026-11-10'), meeting('M2', '2026-11-10'))
    expect(brief(doc, '2026-12-08', r)).toEqual([['due-soon', 'low', '2026-12-08', 'M2']])
    expect(brief(doc, '2026-12-09', r)).toEqual([['overdue', 'high', '2026-12-08', 'M2']])
    expect(brief(doc, '2026-11-30', r)).toEqual([]) // wd(30 Nov, 8 Dec) = 6
    expect(brief(doc, '2026-12-01', r)).toEqual([['due-soon', 'low', '2026-12-08', 'M2']])
  })
})

describe('review-conference-overdue', () => {
  const r = 'review-conference-overdue'
  it('3 months after the initial (the plan start when none is recorded), clamped month ends', () => {
    const doc = baseDoc('2026-08-31')
    expect(brief(doc, '2026-11-30', r)).toEqual([['due-soon', 'low', '2026-11-30', 'P1']])
    expect(brief(doc, '2026-12-01', r)).toEqual([['overdue', 'high', '2026-11-30', 'P1']])
  })
  it('6 months after a review: 31 Aug + 6 months = 28 Feb, 29 Feb in a leap year', () => {
    const doc = baseDoc('2026-06-01')
    doc.conferences.push({ id: 'CF1', planId: 'P1', kind: 'initial', date: '2026-06-01' }, { id: 'CF2', planId: 'P1', kind: 'review', date: '2026-08-31' })
    expect(brief(doc, '2027-03-01', r)).toEqual([['overdue', 'high', '2027-02-28', 'CF2']])
    expect(brief(doc, '2027-02-26', r)).toEqual([['due-soon', 'low', '2027-02-28', 'CF2']])
    const leap = baseDoc('2027-06-01')
    leap.conferences.push({ id: 'CF3', planId: 'P1', kind: 'review', date: '2027-08-31' })
    expect(brief(leap, '2028-03-01', r)).toEqual([['overdue', 'high', '2028-02-29', 'CF3']])
    // a conference dated after A does not count
    leap.conferences.push({ id: 'CF4', planId: 'P1', kind: 'review', date: '2028-03-05' })
    expect(brief(leap, '2028-03-01', r)).toEqual([['overdue', 'high', '2028-02-29', 'CF3']])
  })
})

describe('decisions-not-distributed', () => {
  const r = 'decisions-not-distributed'
  const doc = () => {
    const d = baseDoc('2026-11-02')
    d.members.push({ planId: 'P1', professionalId: 'HV1', fromDate: '2026-11-02' }, { planId: 'P1', professionalId: 'ED1', fromDate: '2026-10-01', toDate: '2026-11-01' })
    d.meetings.push(meeting('M1', '2026-11-02'))
    return d
  }
  it('fires only once addWD(M.date, 10) < A, for members current on M.date', () => {
    expect(brief(doc(), '2026-11-16', r)).toEqual([])
    expect(brief(doc(), '2026-11-17', r)).toEqual([['overdue', 'medium', '2026-11-16', 'M1']])
  })
  it('a distribution dated <= A clears it, one dated after A does not', () => {
    const d = doc()
    d.distributions.push({ meetingId: 'M1', professionalId: 'HV1', date: '2026-11-18' })
    expect(brief(d, '2026-11-17', r)).toEqual([['overdue', 'medium', '2026-11-16', 'M1']])
    expect(brief(d, '2026-11-18', r)).toEqual([])
  })
  it('looks back 90 days inclusive', () => {
    expect(brief(doc(), '2027-01-31', r)).toEqual([['overdue', 'medium', '2026-11-16', 'M1']])
    expect(brief(doc(), '2027-02-01', r)).toEqual([])
  })
})

describe('actions', () => {
  const base = (over: Partial<ReturnType<typeof baseDoc>['actions'][number]> = {}) => {
    const d = baseDoc('2026-11-02')
    d.actions.push({ id: 'A1', planId: 'P1', createdDate: '2026-11-02', description: 'x', outcome: 'y', ownerId: 'SW1', dueDate: '2026-11-20', status: 'open', ...over })
    return d
  }
  it('action-overdue: due day is due soon, the day after overdue; closed after A still open on A', () => {
    expect(brief(base(), '2026-11-20', 'action-overdue')).toEqual([['due-soon', 'low', '2026-11-20', 'A1']])
    expect(brief(base(), '2026-11-13', 'action-overdue')).toEqual([['due-soon', 'low', '2026-11-20', 'A1']])
    expect(brief(base(), '2026-11-12', 'action-overdue')).toEqual([])
    expect(brief(base(), '2026-11-21', 'action-overdue')).toEqual([['overdue', 'medium', '2026-11-20', 'A1']])
    const closed = base({ status: 'done', closedDate: '2026-11-25' })
    expect(brief(closed, '2026-11-24', 'action-overdue')).toEqual([['overdue', 'medium', '2026-11-20', 'A1']])
    expect(brief(closed, '2026-11-25', 'action-overdue')).toEqual([])
  })
  it('action-stale: 28 days after the last activity; reviews after A do not count', () => {
    const d = base({ dueDate: null })
    expect(brief(d, '2026-11-30', 'action-stale')).toEqual([])
    expect(brief(d, '2026-12-01', 'action-stale')).toEqual([['flag', 'medium', '2026-11-30', 'A1']])
    const reviewed = base({ dueDate: null, lastReviewedDate: '2026-11-20' })
    expect(brief(reviewed, '2026-12-01', 'action-stale')).toEqual([])
    expect(brief(reviewed, '2026-12-19', 'action-stale')).toEqual([['flag', 'medium', '2026-12-18', 'A1']])
    const reviewedLater = base({ dueDate: null, lastReviewedDate: '2026-12-05' })
    expect(brief(reviewedLater, '2026-12-01', 'action-stale')).toEqual([['flag', 'medium', '2026-11-30', 'A1']])
    // an overdue action is not also stale
    expect(brief(base({ dueDate: '2026-11-20' }), '2026-12-01', 'action-stale')).toEqual([])
  })
  it('action-not-smart: no owner, no due date or a blank outcome', () => {
    expect(brief(base(), '2026-11-03', 'action-not-smart')).toEqual([])
    expect(brief(base({ outcome: '  ' }), '2026-11-03', 'action-not-smart')).toEqual([['flag', 'low', null, 'A1']])
    expect(findings(base({ ownerId: null, dueDate: null }), '2026-11-03', 'action-not-smart')[0]!.message).toBe('The action “x”, set on 2 Nov 2026, has no owner or due date.')
    expect(brief(base({ ownerId: null }), '2026-11-01', 'action-not-smart')).toEqual([]) // created after A
  })
  it('action-owner-departed: neither a current member nor allocated on A', () => {
    expect(brief(base(), '2026-11-03', 'action-owner-departed')).toEqual([])
    const d = base({ ownerId: 'HV1' })
    expect(brief(d, '2026-11-03', 'action-owner-departed')).toEqual([['flag', 'high', null, 'A1']])
    d.members.push({ planId: 'P1', professionalId: 'HV1', fromDate: '2026-11-02', toDate: '2026-11-10' })
    expect(brief(d, '2026-11-10', 'action-owner-departed')).toEqual([])
    expect(brief(d, '2026-11-11', 'action-owner-departed')).toEqual([['flag', 'high', null, 'A1']])
  })
})

describe('allocations', () => {
  it('no-allocated-worker: an allocation ending on A still covers A', () => {
    const d = baseDoc('2026-11-02')
    d.allocations[0]!.endDate = '2026-11-10'
    expect(brief(d, '2026-11-10', 'no-allocated-worker')).toEqual([])
    expect(brief(d, '2026-11-11', 'no-allocated-worker')).toEqual([['flag', 'high', null, 'P1']])
  })
  it('worker-changed: window (A − 90, A], not the earliest, latest subject, severity', () => {
    const d = baseDoc('2026-01-05')
    d.allocations.push({ id: 'AL2', childId: 'C1', professionalId: 'SW2', startDate: '2026-09-01' })
    expect(brief(d, '2026-11-29', 'worker-changed')).toEqual([['flag', 'medium', null, 'AL2']]) // 89 days
    expect(brief(d, '2026-11-30', 'worker-changed')).toEqual([]) // 90 days: outside (A − 90, A]
    expect(brief(d, '2026-08-31', 'worker-changed')).toEqual([]) // starts after A
    d.allocations.push({ id: 'AL3', childId: 'C1', professionalId: 'SW1', startDate: '2026-09-01' })
    expect(brief(d, '2026-09-01', 'worker-changed')).toEqual([['flag', 'high', null, 'AL3']]) // two starts, tie by id
    const complex = baseDoc('2026-01-05', { complex: true })
    complex.allocations.push({ id: 'AL2', childId: 'C1', professionalId: 'SW2', startDate: '2026-09-01' })
    expect(brief(complex, '2026-09-02', 'worker-changed')).toEqual([['flag', 'high', null, 'AL2']])
    const only = baseDoc('2026-09-01') // the earliest allocation alone is not a change
    expect(brief(only, '2026-09-02', 'worker-changed')).toEqual([])
  })
})

describe('disagreement-unresolved', () => {
  const r = 'disagreement-unresolved'
  const doc = (stages: { stage: number; startDate: string }[] = [], resolvedDate: string | null = null) => {
    const d = baseDoc('2026-11-02')
    d.disagreements.push({ id: 'D1', planId: 'P1', raisedDate: '2026-11-02', raisedById: 'HV1', category: 'other', stages, resolvedDate })
    return d
  }
  it('stage 1 from the raised date when no stage has started', () => {
    expect(brief(doc(), '2026-11-09', r)).toEqual([['flag', 'medium', '2026-11-09', 'D1']])
    expect(brief(doc(), '2026-11-10', r)).toEqual([['overdue', 'high', '2026-11-09', 'D1']])
    expect(brief(doc([{ stage: 3, startDate: '2026-11-20' }]), '2026-11-10', r)).toEqual([['overdue', 'high', '2026-11-09', 'D1']])
  })
  it('min of the stage limit and the 20-working-day cap', () => {
    expect(brief(doc([{ stage: 1, startDate: '2026-11-02' }, { stage: 3, startDate: '2026-11-05' }]), '2026-11-10', r)).toEqual([['flag', 'medium', '2026-11-19', 'D1']])
    expect(brief(doc([{ stage: 4, startDate: '2026-11-25' }]), '2026-11-26', r)).toEqual([['flag', 'medium', '2026-11-30', 'D1']])
  })
  it('resolved on A clears it; resolved after A does not', () => {
    expect(brief(doc([], '2026-11-10'), '2026-11-10', r)).toEqual([])
    expect(brief(doc([], '2026-11-11'), '2026-11-10', r)).toEqual([['overdue', 'high', '2026-11-09', 'D1']])
  })
})

describe('latest-meeting rules', () => {
  const doc = (a: Partial<ReturnType<typeof meeting>>, b: Partial<ReturnType<typeof meeting>> = {}, complex = false) => {
    const d = baseDoc('2026-11-02', { complex })
    d.members.push({ planId: 'P1', professionalId: 'HV1', fromDate: '2026-11-02' }, { planId: 'P1', professionalId: 'ED1', fromDate: '2026-11-02' })
    d.meetings.push(meeting('M1', '2026-11-05', b), meeting('M2', '2026-11-12', a))
    return d
  }
  it('child-views-not-recorded: medium, high when the two latest both miss them', () => {
    expect(brief(doc({ childViewsRecorded: false }), '2026-11-13', 'child-views-not-recorded')).toEqual([['flag', 'medium', null, 'M2']])
    expect(brief(doc({ childViewsRecorded: false }, { childViewsRecorded: false }), '2026-11-13', 'child-views-not-recorded')).toEqual([['flag', 'high', null, 'M2']])
    expect(brief(doc({ childViewsRecorded: false }, { childViewsRecorded: false }), '2026-11-11', 'child-views-not-recorded')).toEqual([['flag', 'medium', null, 'M1']])
  })
  it('plan-not-available and risk-not-reviewed look at the latest meeting only', () => {
    expect(brief(doc({}, { planAvailable: false }), '2026-11-13', 'plan-not-available')).toEqual([])
    expect(brief(doc({ planAvailable: false }), '2026-11-13', 'plan-not-available')).toEqual([['flag', 'medium', null, 'M2']])
    expect(brief(doc({ riskReviewed: false }), '2026-11-13', 'risk-not-reviewed')).toEqual([['flag', 'medium', null, 'M2']])
  })
  it('risk-scale-low: latest meeting with a score, safety <= 2 either direction', () => {
    expect(brief(doc({}, { riskScore: { score: 2, scale: 'safety' } }), '2026-11-13', 'risk-scale-low')).toEqual([['flag', 'high', null, 'M1']])
    expect(brief(doc({ riskScore: { score: 3, scale: 'safety' } }, { riskScore: { score: 2, scale: 'safety' } }), '2026-11-13', 'risk-scale-low')).toEqual([])
    expect(brief(doc({ riskScore: { score: 8, scale: 'danger' } }), '2026-11-13', 'risk-scale-low')).toEqual([['flag', 'high', null, 'M2']])
    expect(brief(doc({ riskScore: { score: 7, scale: 'danger' } }), '2026-11-13', 'risk-scale-low')).toEqual([])
  })
  it('agency-absent: a member at both latest meetings who attended neither (apologies count as absent)', () => {
    expect(brief(doc({ attended: ['ED1'], apologies: ['HV1'] }, { attended: ['ED1'] }), '2026-11-13', 'agency-absent')).toEqual([['flag', 'medium', null, 'HV1']])
    expect(brief(doc({ attended: ['ED1', 'HV1'] }, { attended: ['ED1'] }), '2026-11-13', 'agency-absent')).toEqual([])
    expect(brief(doc({ attended: ['ED1'] }), '2026-11-11', 'agency-absent')).toEqual([]) // only one meeting by A
  })
  it('contact-details-missing: a current member with neither email nor phone', () => {
    expect(brief(doc({}), '2026-11-13', 'contact-details-missing')).toEqual([['flag', 'low', null, 'ED1']])
  })
  it('complex-case-chair: a complex child whose latest core group was not chaired by a deputy manager', () => {
    expect(brief(doc({ chairId: 'SW1' }, {}, true), '2026-11-13', 'complex-case-chair')).toEqual([['flag', 'medium', null, 'M2']])
    expect(brief(doc({}, { chairId: 'SW1' }, true), '2026-11-13', 'complex-case-chair')).toEqual([])
    expect(brief(doc({ chairId: 'SW1' }), '2026-11-13', 'complex-case-chair')).toEqual([])
  })
})

describe('visits', () => {
  it('visit-overdue: 10 working days after the latest visit (else the start), due soon within 2', () => {
    const d = baseDoc('2026-11-02')
    expect(brief(d, '2026-11-17', 'visit-overdue')).toEqual([['overdue', 'high', '2026-11-16', 'P1']])
    d.visits.push({ id: 'V1', childId: 'C1', date: '2026-11-20', seenAlone: true }, { id: 'V0', childId: 'C1', date: '2026-10-20', seenAlone: false })
    expect(brief(d, '2026-12-01', 'visit-overdue')).toEqual([])
    expect(brief(d, '2026-12-02', 'visit-overdue')).toEqual([['due-soon', 'low', '2026-12-04', 'P1']])
    expect(brief(d, '2026-12-04', 'visit-overdue')).toEqual([['due-soon', 'low', '2026-12-04', 'P1']])
    expect(brief(d, '2026-12-05', 'visit-overdue')).toEqual([['overdue', 'high', '2026-12-04', 'P1']])
  })
  it('not-seen-alone: the two latest visits in [start, A]', () => {
    const d = baseDoc('2026-11-02')
    d.visits.push({ id: 'V0', childId: 'C1', date: '2026-11-01', seenAlone: false }, { id: 'V1', childId: 'C1', date: '2026-11-05', seenAlone: false })
    expect(brief(d, '2026-11-06', 'not-seen-alone')).toEqual([])
    d.visits.push({ id: 'V2', childId: 'C1', date: '2026-11-09', seenAlone: false })
    expect(brief(d, '2026-11-09', 'not-seen-alone')).toEqual([['flag', 'medium', null, 'P1']])
    d.visits.push({ id: 'V3', childId: 'C1', date: '2026-11-12', seenAlone: true })
    expect(brief(d, '2026-11-12', 'not-seen-alone')).toEqual([])
  })
})

describe('long-plan', () => {
  it('18 months medium, 24 high, month-end clamping and leap years', () => {
    const d = baseDoc('2026-08-31')
    expect(brief(d, '2028-02-28', 'long-plan')).toEqual([])
    expect(brief(d, '2028-02-29', 'long-plan')).toEqual([['flag', 'medium', null, 'P1']])
    expect(brief(d, '2028-08-30', 'long-plan')).toEqual([['flag', 'medium', null, 'P1']])
    expect(brief(d, '2028-08-31', 'long-plan')).toEqual([['flag', 'high', null, 'P1']])
  })
})

describe('policy', () => {
  it('defaults are §4 and overrides change the rules', () => {
    expect(DEFAULT_POLICY.dueSoonWorkingDays).toEqual({ 'first-core-group-overdue': 5, 'core-group-overdue': 5, 'review-conference-overdue': 10, 'action-overdue': 5, 'visit-overdue': 2 })
    expect(DEFAULT_POLICY.disagreementStageWorkingDays).toEqual([5, 5, 10, 10])
    const p = parsePolicy({ firstCoreGroupWorkingDays: 15, dueSoonWorkingDays: { 'first-core-group-overdue': 0 } })
    expect(p.coreGroupIntervalDays).toBe(28)
    expect(brief(baseDoc('2026-11-02'), '2026-11-17', 'first-core-group-overdue', p)).toEqual([])
    expect(brief(baseDoc('2026-11-02'), '2026-11-24', 'first-core-group-overdue', p)).toEqual([['overdue', 'high', '2026-11-23', 'P1']])
  })
  it('invalid policies name the field and the reason', () => {
    const v = validatePolicy({ coreGroupIntervalDays: 0, dueSoonWorkingDays: { 'visit-overdue': 1.5 }, bogus: 1 })
    expect(v.ok).toBe(false)
    expect(v.problems.map((x) => x.path)).toEqual(expect.arrayContaining(['$.coreGroupIntervalDays', '$.dueSoonWorkingDays["visit-overdue"]']))
    expect(() => parsePolicy({ longPlanMediumMonths: 30 }, 'p.json')).toThrow(/p\.json.*longPlanHighMonths must not be less/)
  })
})

describe('sentences name the action by its description and people by name (only the words: the findings are the same)', () => {
  const doc = () => {
    const d = baseDoc('2026-11-02', { complex: true })
    d.actions.push({ id: 'A1', planId: 'P1', createdDate: '2026-11-02', description: 'Arrange a  nursery\nplace', outcome: 'y', ownerId: 'HV1', dueDate: '2026-11-20', status: 'open' })
    d.disagreements.push({ id: 'D1', planId: 'P1', raisedDate: '2026-11-03', raisedById: 'HV1', category: 'other', stages: [] })
    d.members.push({ planId: 'P1', professionalId: 'ED1', fromDate: '2026-11-02' })
    d.meetings.push(meeting('M1', '2026-11-05', { chairId: 'SW1', riskScore: { score: 8, scale: 'danger' } }), meeting('M2', '2026-11-06', { chairId: 'SW1', riskScore: { score: 1, scale: 'safety' } }))
    return d
  }
  const message = (asOf: string, ruleId: string) => findings(doc(), asOf, ruleId).map((f) => f.message)
  it('actions: description and owner; one meaning of overdue ("is overdue: it was due by")', () => {
    expect(message('2026-11-20', 'action-overdue')).toEqual(['The action “Arrange a nursery place”, owned by Health Visitor (Health) and set on 2 Nov 2026, is due by 20 Nov 2026.'])
    expect(message('2026-11-21', 'action-overdue')).toEqual([
      'The action “Arrange a nursery place”, owned by Health Visitor (Health) and set on 2 Nov 2026, is overdue: it was due by 20 Nov 2026 and is still open.',
    ])
    expect(message('2026-11-21', 'action-owner-departed')).toEqual([
      'The action “Arrange a nursery place”, set on 2 Nov 2026, belongs to Health Visitor (Health) who on 21 Nov 2026 is neither in the core group nor the allocated worker.',
    ])
  })
  it('people by name: who raised a disagreement, the absent member, the member without contact details, the chair, the new worker', () => {
    expect(message('2026-12-20', 'disagreement-unresolved')[0]).toMatch(/^The professional disagreement raised by Health Visitor \(Health\) on 3 Nov 2026 is overdue: it was due to be settled by /)
    expect(message('2026-11-10', 'agency-absent')).toEqual(['Teacher (School) attended neither of the last two core groups, on 5 Nov 2026 and 6 Nov 2026.'])
    expect(message('2026-11-10', 'contact-details-missing')).toEqual(['Teacher (School), a core group member, has no email address or phone number recorded.'])
    expect(message('2026-11-10', 'complex-case-chair')).toEqual(['The last core group for this complex case, on 6 Nov 2026, was chaired by Worker One (CSC), not by a deputy manager.'])
    const changed = doc()
    changed.allocations[0]!.endDate = '2026-11-08'
    changed.allocations.push({ id: 'AL2', childId: 'C1', professionalId: 'SW2', startDate: '2026-11-09', changeReason: 'LEFTRL' })
    expect(findings(changed, '2026-11-10', 'worker-changed').map((f) => f.message)).toEqual(['The allocated social worker changed on 9 Nov 2026 to Worker Two (CSC).'])
  })
  it('a risk score is said once, with what the scale means', () => {
    expect(message('2026-11-10', 'risk-scale-low')).toEqual(['The core group on 6 Nov 2026 scored 1 on the 0–10 safety scale (10 = safe).'])
    const danger = doc()
    danger.meetings.pop()
    expect(findings(danger, '2026-11-10', 'risk-scale-low').map((f) => f.message)).toEqual([
      'The core group on 5 Nov 2026 scored 8 on the 0–10 danger scale (10 = in danger), which is 2 on the 0–10 safety scale (10 = safe).',
    ])
  })
})
