/**
 * shared/period.ts: the one "is this period current on d" helper, at its edges, for both of the
 * brief's conventions (§4: plans end exclusively, memberships and allocations inclusively).
 */
import { describe, expect, it } from 'vitest'
import {
  actionOpenOn,
  allocationOn,
  datedWithinPlan,
  disagreementOpenOn,
  isCurrentOn,
  memberIdsOn,
  memberOn,
  notEndedBy,
  overlaps,
  planOpenOn,
} from '../../shared/period'

const START = '2026-03-10'
const END = '2026-03-20'

describe('isCurrentOn', () => {
  it.each([
    ['the day before the start', '2026-03-09', false, false],
    ['the start day', START, true, true],
    ['a day inside', '2026-03-15', true, true],
    ['the end day', END, false, true],
    ['the day after the end', '2026-03-21', false, false],
  ])('%s: exclusive %s, inclusive %s', (_, d, exclusive, inclusive) => {
    expect(isCurrentOn(START, END, d, 'exclusive')).toBe(exclusive)
    expect(isCurrentOn(START, END, d, 'inclusive')).toBe(inclusive)
  })

  it('an open-ended period (null or absent end) is current from its start for ever', () => {
    for (const end of [null, undefined]) {
      expect(isCurrentOn(START, end, '2026-03-09', 'exclusive')).toBe(false)
      expect(isCurrentOn(START, end, START, 'exclusive')).toBe(true)
      expect(isCurrentOn(START, end, '2099-12-31', 'inclusive')).toBe(true)
    }
  })

  it('a period that starts after it ends is current on no day', () => {
    for (const d of ['2026-03-19', '2026-03-20', '2026-03-21', '2026-03-25']) {
      expect(isCurrentOn('2026-03-21', '2026-03-19', d, 'inclusive')).toBe(false)
      expect(isCurrentOn('2026-03-21', '2026-03-19', d, 'exclusive')).toBe(false)
    }
    expect(overlaps('2026-03-21', '2026-03-19', '2026-01-01', '2026-12-31', 'inclusive')).toBe(false)
  })

  it('a one-day period: inclusive holds on its day, exclusive on none', () => {
    expect(isCurrentOn(START, START, START, 'inclusive')).toBe(true)
    expect(isCurrentOn(START, START, START, 'exclusive')).toBe(false)
  })

  it('notEndedBy looks at the end only', () => {
    expect(notEndedBy(END, END, 'inclusive')).toBe(true)
    expect(notEndedBy(END, END, 'exclusive')).toBe(false)
    expect(notEndedBy(null, '1900-01-01', 'exclusive')).toBe(true)
  })
})

describe('overlaps', () => {
  it('a period ending on the first day of the window overlaps only when the end is inclusive', () => {
    expect(overlaps(START, END, END, '2026-04-30', 'inclusive')).toBe(true)
    expect(overlaps(START, END, END, '2026-04-30', 'exclusive')).toBe(false)
    expect(overlaps(START, END, '2026-03-21', '2026-04-30', 'inclusive')).toBe(false)
  })
  it('a period starting on the last day of the window overlaps; one starting after does not', () => {
    expect(overlaps(START, null, '2026-01-01', START, 'exclusive')).toBe(true)
    expect(overlaps(START, null, '2026-01-01', '2026-03-09', 'exclusive')).toBe(false)
  })
})

describe("the brief's kinds of period", () => {
  it('a plan is not open on the day it ends (§4 "open")', () => {
    const plan = { startDate: START, endDate: END }
    expect(planOpenOn(plan, '2026-03-19')).toBe(true)
    expect(planOpenOn(plan, END)).toBe(false)
    expect(datedWithinPlan(plan, END)).toBe(true)
    expect(datedWithinPlan(plan, '2026-03-21')).toBe(false)
  })
  it('a member and an allocation still hold on their end date (§4 "current member", no-allocated-worker)', () => {
    expect(memberOn({ fromDate: START, toDate: END }, END)).toBe(true)
    expect(memberOn({ fromDate: START, toDate: END }, '2026-03-21')).toBe(false)
    expect(allocationOn({ startDate: START, endDate: END }, END)).toBe(true)
    expect(allocationOn({ startDate: START, endDate: null }, '2026-03-09')).toBe(false)
  })
  it('a disagreement resolved on d is no longer open on d', () => {
    expect(disagreementOpenOn({ raisedDate: START, resolvedDate: END }, END)).toBe(false)
    expect(disagreementOpenOn({ raisedDate: START, resolvedDate: END }, '2026-03-19')).toBe(true)
    expect(disagreementOpenOn({ raisedDate: START, resolvedDate: null }, START)).toBe(true)
  })
  it('an action is open until the day it is done or dropped; a closed action with no date is closed', () => {
    expect(actionOpenOn({ createdDate: START, status: 'done', closedDate: END }, '2026-03-19')).toBe(true)
    expect(actionOpenOn({ createdDate: START, status: 'done', closedDate: END }, END)).toBe(false)
    expect(actionOpenOn({ createdDate: START, status: 'dropped', closedDate: null }, END)).toBe(false)
    expect(actionOpenOn({ createdDate: START, status: 'open', closedDate: null }, '2026-03-09')).toBe(false)
  })
  it('memberIdsOn keeps a member whose membership ends that day (the forms dropped them)', () => {
    const members = [
      { planId: 'P1', professionalId: 'a', fromDate: START, toDate: END },
      { planId: 'P1', professionalId: 'b', fromDate: START, toDate: null },
      { planId: 'P1', professionalId: 'c', fromDate: START, toDate: '2026-03-19' },
      { planId: 'P2', professionalId: 'd', fromDate: START, toDate: null },
      { planId: 'P1', professionalId: 'e', fromDate: '2026-03-21', toDate: null },
    ]
    expect([...memberIdsOn(members, 'P1', END)].sort()).toEqual(['a', 'b'])
  })
})
