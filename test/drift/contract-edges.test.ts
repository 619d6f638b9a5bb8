/**
 * Black-box checks of the drift rules against design brief §4 "Drift rules, version 1".
 *
 * Every expected finding below was worked out by hand from the contract text (and the shipped
 * England & Wales bank-holiday list), never from the implementation. Each case imports an
 * interchange document (§3) into a fresh encrypted caseload and runs the CLI's `drift --json`
 * verb (§5), exactly as test/drift/cli.test.ts does; one case also spawns the real CLI process.
 *
 * Calendar facts used (bank holidays from reference/bank-holidays-england-and-wales.json):
 *   Easter 2026: Fri 3 Apr and Mon 6 Apr are holidays.
 *   Christmas 2026: Fri 25 Dec and Mon 28 Dec (substitute for Boxing Day) are holidays; 1 Jan 2027 too.
 *   addWD(2026-03-30, 10) = 2026-04-15 (31,1,2,[3,6 hol],7,8,9,10,13,14,15)
 *   addWD(2026-12-14, 10) = 2026-12-30 (15..18,21..24,[25,28 hol],29,30)
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import type { Caseload } from '../../shared/caseload-format'
import type { Finding, RuleId } from '../../shared/drift-types'
import { baseDoc, meeting, runDriftVerb, tempDb } from './helpers'
import { keyOf } from './reference-drift'

type Doc = Caseload
type Exp = { ruleId: string; childId: string; planId: string; severity: string; status: string; dueDate: string | null; subject: { kind: string; id: string } }

// ---------------------------------------------------------------------------------------------
// Harness: one encrypted caseload per distinct document, then the CLI drift verb with --json.
const dbs = new Map<string, { path: string; cleanup(): void }>()
const seen: Finding[] = []
afterAll(() => {
  for (const d of dbs.values()) d.cleanup()
})

async function cliDrift(doc: Doc, asOf: string): Promise<Finding[]> {
  const key = JSON.stringify(doc)
  let entry = dbs.get(key)
  if (!entry) {
    const t = await tempDb()
    importCaseload(t.db, doc)
    const path = t.db.path
    t.db.close()
    entry = { path, cleanup: () => t.cleanup() }
    dbs.set(key, entry)
  }
  const r = await runDriftVerb(entry.path, { 'as-of': asOf, json: true })
  expect(r.code, r.stderr).toBe(0)
  const json = JSON.parse(r.stdout) as { asOf: string; findings: Finding[] }
  expect(json.asOf).toBe(asOf)
  seen.push(...json.findings)
  return json.findings
}

const norm = (f: Exp | Finding): Exp => keyOf<Exp>(f)
const order = (a: Exp, b: Exp) => {
  const ka = [a.childId, a.planId, a.ruleId, a.subject.id, a.status].join('|')
  const kb = [b.childId, b.planId, b.ruleId, b.subject.id, b.status].join('|')
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** A finding as the §4 table says it should be. */
function F(ruleId: RuleId, severity: string, status: string, dueDate: string | null, kind: string, id: string, planId = 'P1', childId = 'C1'): Exp {
  return { ruleId, childId, planId, severity, status, dueDate, subject: { kind, id } }
}

/** Registers one case: the findings of `rules` (all rules when 'all') must be exactly `expected`. */
function check(name: string, doc: Doc, asOf: string, rules: RuleId[] | 'all', expected: Exp[]) {
  it(`${name} (A = ${asOf})`, async () => {
    const all = await cliDrift(doc, asOf)
    const got = all.filter((f) => rules === 'all' || (rules as string[]).includes(f.ruleId)).map(norm).sort(order)
    expect(got).toEqual(expected.map(norm).sort(order))
  })
}

// ---------------------------------------------------------------------------------------------
// Builders (on top of test/drift/helpers baseDoc: child C1, plan P1, allocation AL1 of SW1 from start).
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T
function doc(start: string, opts: { complex?: boolean; end?: string | null } = {}, edit: (d: Doc) => void = () => {}): Doc {
  const d = baseDoc(start, opts)
  d.professionals.push(
    { id: 'TM1', name: 'Team Manager', role: 'team-manager', agency: 'CSC', email: 'tm@example.org' },
    { id: 'POL1', name: 'Police Officer', role: 'police', agency: 'Police', phone: '0101' },
    { id: 'HEA2', name: 'School Nurse', role: 'health', agency: 'School Nursing', email: 'sn@example.org' },
    { id: 'PNO', name: 'No Contact Old', role: 'other', agency: 'Housing', email: null, phone: null },
    { id: 'PNF', name: 'No Contact Future', role: 'other', agency: 'Housing' },
  )
  edit(d)
  return d
}
const mem = (professionalId: string, fromDate: string, toDate: string | null = null, planId = 'P1') => ({ planId, professionalId, fromDate, toDate })
const alloc = (id: string, professionalId: string, startDate: string, endDate: string | null = null, childId = 'C1') => ({ id, childId, professionalId, startDate, endDate })
const conf = (id: string, kind: 'initial' | 'review', date: string, planId = 'P1') => ({ id, planId, kind, date })
const vis = (id: string, date: string, seenAlone: boolean, childId = 'C1') => ({ id, childId, date, seenAlone })
type Action = Caseload['actions'][number]
const act = (id: string, over: Partial<Action> = {}): Action => ({
  id,
  planId: 'P1',
  createdDate: '2026-01-05',
  description: 'Do the thing',
  outcome: 'The thing is done',
  ownerId: 'SW1',
  dueDate: '2026-12-31',
  status: 'open',
  closedDate: null,
  lastReviewedDate: null,
  ...over,
})
type Stage = { stage: number; startDate: string; respondedDate?: string | null }
const dis = (id: string, raisedDate: string, stages: Stage[], resolvedDate: string | null = null) => ({
  id,
  planId: 'P1',
  raisedDate,
  raisedById: 'HV1',
  category: 'threshold' as const,
  stages,
  resolvedDate,
  outcome: null,
})
const plus = (d: Doc, edit: (d: Doc) => void): Doc => {
  const c = clone(d)
  edit(c)
  return c
}

// =============================================================================================
describe('terms: open plans', () => {
  // "A plan is open when startDate <= A and (endDate is null or endDate > A); only open plans produce findings."
  check('plan ending on A is closed: no findings at all', doc('2026-03-30', { end: '2026-04-16' }), '2026-04-16', 'all', [])
  check('plan ending the day after A is open', doc('2026-03-30', { end: '2026-04-17' }), '2026-04-16', ['first-core-group-overdue'], [
    F('first-core-group-overdue', 'high', 'overdue', '2026-04-15', 'plan', 'P1'),
  ])
  check('plan starting after A: no findings at all', doc('2026-04-17'), '2026-04-16', 'all', [])
  // Full output of a bare plan: first core group and visit both due addWD(start, 10) = 15 Apr (Easter).
  // review due addMonths(30 Mar, 3) = 30 Jun, far away; AL1 covers A; only the earliest allocation.
  check('bare plan: every finding', doc('2026-03-30'), '2026-04-16', 'all', [
    F('first-core-group-overdue', 'high', 'overdue', '2026-04-15', 'plan', 'P1'),
    F('visit-overdue', 'high', 'overdue', '2026-04-15', 'plan', 'P1'),
  ])
})

// =============================================================================================
describe('first-core-group-overdue', () => {
  // "no meetings; due = addWD(start, 10); A > due | high, overdue | due · plan | 5"
  const easter = doc('2026-03-30')
  const R: RuleId[] = ['first-core-group-overdue', 'core-group-overdue']
  check('Easter: W+1 working days before due -> nothing', easter, '2026-04-07', R, [])
  check('Easter: exactly W=5 working days before due -> due-soon', easter, '2026-04-08', R, [F('first-core-group-overdue', 'low', 'due-soon', '2026-04-15', 'plan', 'P1')])
  check('Easter: A == due -> due-soon', easter, '2026-04-15', R, [F('first-core-group-overdue', 'low', 'due-soon', '2026-04-15', 'plan', 'P1')])
  check('Easter: A == due + 1 -> overdue', easter, '2026-04-16', R, [F('first-core-group-overdue', 'high', 'overdue', '2026-04-15', 'plan', 'P1')])
  // "A plan's meetings: those whose planIds include it and whose date is <= A and >= startDate"
  const outside = plus(easter, (d) => d.meetings.push(meeting('m0', '2026-03-27'), meeting('m1', '2026-04-17')))
  check('meetings before start and after A do not count', outside, '2026-04-16', R, [F('first-core-group-overdue', 'high', 'overdue', '2026-04-15', 'plan', 'P1')])
  // A meeting on the start day counts: core group due 30 Mar + 28 = 27 Apr; wd(16 Apr, 27 Apr) = 7 > 5.
  check('meeting on the plan start counts', plus(easter, (d) => d.meetings.push(meeting('m1', '2026-03-30'))), '2026-04-16', R, [])
  const xmas = doc('2026-12-14')
  check('Christmas: Fri 18 Dec (6 WD before 30 Dec) -> nothing', xmas, '2026-12-18', R, [])
  check('Christmas: Sat 19 Dec (6 WD) -> nothing', xmas, '2026-12-19', R, [])
  check('Christmas: Mon 21 Dec (5 WD) -> due-soon', xmas, '2026-12-21', R, [F('first-core-group-overdue', 'low', 'due-soon', '2026-12-30', 'plan', 'P1')])
  check('Christmas: A == due 30 Dec -> due-soon', xmas, '2026-12-30', R, [F('first-core-group-overdue', 'low', 'due-soon', '2026-12-30', 'plan', 'P1')])
  check('Christmas: 31 Dec -> overdue', xmas, '2026-12-31', R, [F('first-core-group-overdue', 'high', 'overdue', '2026-12-30', 'plan', 'P1')])
})

// =============================================================================================
describe('core-group-overdue', () => {
  // "has meetings; L = latest meeting date; due = L + 28 days; A > due | high, overdue | due · latest meeting | 5"
  // "latest" is by date, then id: m9 > m10 as strings, so m9 is the latest of the two on 31 Jan.
  // due = 31 Jan + 28 days = Sat 28 Feb 2026.
  const d2 = doc('2026-01-05', {}, (d) => d.meetings.push(meeting('m1', '2026-01-20'), meeting('m10', '2026-01-31'), meeting('m9', '2026-01-31'), meeting('m11', '2026-03-05')))
  const R: RuleId[] = ['core-group-overdue', 'first-core-group-overdue']
  check('6 WD before due -> nothing', d2, '2026-02-19', R, [])
  check('exactly 5 WD before due -> due-soon, subject latest by id (m9)', d2, '2026-02-20', R, [F('core-group-overdue', 'low', 'due-soon', '2026-02-28', 'meeting', 'm9')])
  check('A == due -> due-soon', d2, '2026-02-28', R, [F('core-group-overdue', 'low', 'due-soon', '2026-02-28', 'meeting', 'm9')])
  check('A == due + 1 -> overdue (meeting after A ignored)', d2, '2026-03-01', R, [F('core-group-overdue', 'high', 'overdue', '2026-02-28', 'meeting', 'm9')])
  // Siblings: meeting mS covers P1, P2, P3; P3 starts after the meeting, so for P3 it does not count.
  // P3: first core group due addWD(2 Feb, 10) = 16 Feb.
  const sib = doc('2026-01-05', {}, (d) => {
    d.children.push({ id: 'C2', name: 'Sibling Two', complex: false }, { id: 'C3', name: 'Sibling Three', complex: false })
    d.plans.push(
      { id: 'P2', childId: 'C2', startDate: '2026-01-05', endDate: null, initialCategory: 'neglect', previousPlans: 0 },
      { id: 'P3', childId: 'C3', startDate: '2026-02-02', endDate: null, initialCategory: 'neglect', previousPlans: 0 },
    )
    d.allocations.push(alloc('AL2', 'SW1', '2026-01-05', null, 'C2'), alloc('AL3', 'SW1', '2026-02-02', null, 'C3'))
    d.meetings.push(meeting('mS', '2026-01-31', { planIds: ['P1', 'P2', 'P3'] }))
  })
  check('one meeting covering sibling plans; not for a plan started after it', sib, '2026-03-01', R, [
    F('core-group-overdue', 'high', 'overdue', '2026-02-28', 'meeting', 'mS', 'P1', 'C1'),
    F('core-group-overdue', 'high', 'overdue', '2026-02-28', 'meeting', 'mS', 'P2', 'C2'),
    F('first-core-group-overdue', 'high', 'overdue', '2026-02-16', 'plan', 'P3', 'P3', 'C3'),
  ])
})

// =============================================================================================
describe('review-conference-overdue', () => {
  // "C = latest conference of the plan dated <= A (none: the plan start counts as the initial);
  //  due = C + 3 months if initial, else + 6 months; A > due | high, overdue | due · conference (or plan) | 10"
  // "addMonths(d, n): same day of month, clamped to the month's last day."
  const R: RuleId[] = ['review-conference-overdue']
  const noConf = doc('2025-11-30') // due = addMonths(30 Nov 2025, 3) = Sat 28 Feb 2026
  check('no conference, 11 WD before due -> nothing', noConf, '2026-02-12', R, [])
  check('no conference, exactly W=10 WD before due -> due-soon on the plan', noConf, '2026-02-13', R, [F('review-conference-overdue', 'low', 'due-soon', '2026-02-28', 'plan', 'P1')])
  check('no conference, A == due (30 Nov + 3 months clamped to 28 Feb)', noConf, '2026-02-28', R, [F('review-conference-overdue', 'low', 'due-soon', '2026-02-28', 'plan', 'P1')])
  check('no conference, A == due + 1 -> overdue on the plan', noConf, '2026-03-01', R, [F('review-conference-overdue', 'high', 'overdue', '2026-02-28', 'plan', 'P1')])
  const jan31 = doc('2026-01-31', {}, (d) => d.conferences.push(conf('c1', 'initial', '2026-01-31'))) // due 30 Apr
  check('initial on 31 Jan: A == 30 Apr -> due-soon', jan31, '2026-04-30', R, [F('review-conference-overdue', 'low', 'due-soon', '2026-04-30', 'conference', 'c1')])
  check('initial on 31 Jan: A == 1 May -> overdue', jan31, '2026-05-01', R, [F('review-conference-overdue', 'high', 'overdue', '2026-04-30', 'conference', 'c1')])
  // review on 31 Aug 2025 + 6 months = 28 Feb 2026; a review dated after A does not count.
  const aug31 = doc('2025-02-03', {}, (d) => d.conferences.push(conf('c0', 'initial', '2025-02-03'), conf('c1', 'review', '2025-08-31'), conf('c2', 'review', '2026-03-05')))
  check('review on 31 Aug + 6 months = 28 Feb; later review after A ignored', aug31, '2026-03-02', R, [F('review-conference-overdue', 'high', 'overdue', '2026-02-28', 'conference', 'c1')])
  const leap = doc('2023-06-01', {}, (d) => d.conferences.push(conf('c1', 'review', '2023-08-31')))
  check('review on 31 Aug 2023 + 6 months = 29 Feb 2024: A == due', leap, '2024-02-29', R, [F('review-conference-overdue', 'low', 'due-soon', '2024-02-29', 'conference', 'c1')])
  check('review on 31 Aug 2023 + 6 months = 29 Feb 2024: A == 1 Mar', leap, '2024-03-01', R, [F('review-conference-overdue', 'high', 'overdue', '2024-02-29', 'conference', 'c1')])
  // review 28 Jun 2026 + 6 months = Mon 28 Dec 2026, a bank holiday. wd(10 Dec, 28 Dec) = 10; wd(9 Dec, 28 Dec) = 11.
  const xmas = doc('2026-03-02', {}, (d) => d.conferences.push(conf('c1', 'review', '2026-06-28')))
  check('due on a bank holiday: 11 WD before -> nothing', xmas, '2026-12-09', R, [])
  check('due on a bank holiday: 10 WD before -> due-soon', xmas, '2026-12-10', R, [F('review-conference-overdue', 'low', 'due-soon', '2026-12-28', 'conference', 'c1')])
  check('due on a bank holiday: A == due', xmas, '2026-12-28', R, [F('review-conference-overdue', 'low', 'due-soon', '2026-12-28', 'conference', 'c1')])
  check('due on a bank holiday: A == due + 1', xmas, '2026-12-29', R, [F('review-conference-overdue', 'high', 'overdue', '2026-12-28', 'conference', 'c1')])
  // Ties in "latest" broken by id: c9 > c10 as strings. Both reviews on 20 Jan -> due 20 Jul.
  const tie = doc('2025-10-01', {}, (d) => d.conferences.push(conf('c10', 'review', '2026-01-20'), conf('c9', 'review', '2026-01-20')))
  check('two reviews on one day: subject is c9 (id tie-break, string order)', tie, '2026-07-21', R, [F('review-conference-overdue', 'high', 'overdue', '2026-07-20', 'conference', 'c9')])
})

// =============================================================================================
describe('decisions-not-distributed', () => {
  // "each meeting M with A − 90 days <= M.date and due = addWD(M.date, 10) < A: some member current on
  //  M.date (fromDate <= M.date <= toDate) has no distribution for M dated <= A, whether or not they
  //  attended | medium, overdue | due · meeting | 0"
  // M1 on 30 Mar 2026: due = 15 Apr. HV1's membership ends on the meeting day (still current then).
  // ED1 joins the day after M1 (not required). M0 (9 Mar) was fully distributed.
  const base = doc('2026-03-02', {}, (d) => {
    d.members.push(mem('SW1', '2026-03-02'), mem('HV1', '2026-03-02', '2026-03-30'), mem('ED1', '2026-03-31'))
    d.meetings.push(meeting('M0', '2026-03-09', { attended: ['SW1'] }), meeting('M1', '2026-03-30', { attended: ['SW1', 'HV1'] }))
    d.distributions.push(
      { meetingId: 'M0', professionalId: 'SW1', date: '2026-03-10' },
      { meetingId: 'M0', professionalId: 'HV1', date: '2026-03-10' },
      { meetingId: 'M1', professionalId: 'SW1', date: '2026-03-31' },
    )
  })
  const R: RuleId[] = ['decisions-not-distributed']
  check('A == due -> nothing (due < A required)', base, '2026-04-15', R, [])
  check('A == due + 1 -> overdue (member with toDate == M.date, attended)', base, '2026-04-16', R, [F('decisions-not-distributed', 'medium', 'overdue', '2026-04-15', 'meeting', 'M1')])
  check('A − 90 days == M.date still counts', base, '2026-06-28', R, [F('decisions-not-distributed', 'medium', 'overdue', '2026-04-15', 'meeting', 'M1')])
  check('A − 90 days == M.date + 1: outside the lookback', base, '2026-06-29', R, [])
  const later = plus(base, (d) => d.distributions.push({ meetingId: 'M1', professionalId: 'HV1', date: '2026-04-20' }))
  check('distribution dated after A does not count', later, '2026-04-16', R, [F('decisions-not-distributed', 'medium', 'overdue', '2026-04-15', 'meeting', 'M1')])
  check('distribution dated == A counts; a member joining after M.date is not needed', later, '2026-04-20', R, [])
  // Sibling meeting: P2's core group has HV1 without a distribution; P1's has SW1 with one.
  const sib = doc('2026-03-02', {}, (d) => {
    d.children.push({ id: 'C2', name: 'Sibling', complex: false })
    d.plans.push({ id: 'P2', childId: 'C2', startDate: '2026-03-02', endDate: null, initialCategory: 'neglect', previousPlans: 0 })
    d.allocations.push(alloc('AL2', 'SW1', '2026-03-02', null, 'C2'))
    d.members.push(mem('SW1', '2026-03-02'), mem('SW1', '2026-03-02', null, 'P2'), mem('HV1', '2026-03-02', null, 'P2'))
    d.meetings.push(meeting('M1', '2026-03-30', { planIds: ['P1', 'P2'], attended: ['SW1'] }))
    d.distributions.push({ meetingId: 'M1', professionalId: 'SW1', date: '2026-03-30' })
  })
  check('meeting covering two plans: only the plan whose member lacks it', sib, '2026-04-16', R, [F('decisions-not-distributed', 'medium', 'overdue', '2026-04-15', 'meeting', 'M1', 'P2', 'C2')])
})

// =============================================================================================
describe('action-overdue', () => {
  // "action open on A with dueDate < A | medium, overdue | dueDate · action | 5"
  // "an action is open on A when createdDate <= A and (its status is open, or its closedDate > A)"
  // dueDate Tue 7 Apr 2026 (after Easter): wd(26 Mar, 7 Apr) = 6, wd(27 Mar, 7 Apr) = 5 (30,31,1,2,7).
  const R: RuleId[] = ['action-overdue']
  const d5 = doc('2026-03-02', {}, (d) => {
    d.members.push(mem('SW1', '2026-03-02'))
    d.actions.push(act('a1', { createdDate: '2026-03-02', dueDate: '2026-04-07' }))
  })
  check('6 WD before dueDate -> nothing', d5, '2026-03-26', R, [])
  check('5 WD before dueDate over Easter -> due-soon', d5, '2026-03-27', R, [F('action-overdue', 'low', 'due-soon', '2026-04-07', 'action', 'a1')])
  check('A == dueDate -> due-soon', d5, '2026-04-07', R, [F('action-overdue', 'low', 'due-soon', '2026-04-07', 'action', 'a1')])
  check('A == dueDate + 1 -> overdue', d5, '2026-04-08', R, [F('action-overdue', 'medium', 'overdue', '2026-04-07', 'action', 'a1')])
  const closed = doc('2026-03-02', {}, (d) => {
    d.members.push(mem('SW1', '2026-03-02'))
    d.actions.push(
      act('a2', { createdDate: '2026-03-02', dueDate: '2026-04-07', status: 'done', closedDate: '2026-04-08' }),
      act('a3', { createdDate: '2026-03-02', dueDate: '2026-04-07', status: 'done', closedDate: '2026-04-09' }),
      act('a4', { createdDate: '2026-03-02', dueDate: '2026-04-07', status: 'dropped', closedDate: '2026-04-09' }),
      act('a5', { createdDate: '2026-04-09', dueDate: '2026-04-07' }),
      act('a6', { createdDate: '2026-03-02', dueDate: '2026-04-08' }),
    )
  })
  check('closedDate == A closed; closedDate > A open; created after A ignored', closed, '2026-04-08', R, [
    F('action-overdue', 'medium', 'overdue', '2026-04-07', 'action', 'a3'),
    F('action-overdue', 'medium', 'overdue', '2026-04-07', 'action', 'a4'),
    F('action-overdue', 'low', 'due-soon', '2026-04-08', 'action', 'a6'),
  ])
})

// =============================================================================================
describe('action-stale', () => {
  // "action open on A, not overdue, last activity = max(createdDate, lastReviewedDate); A > last + 28 days
  //  | medium, flag | last + 28 days · action"; "its last review counts only if lastReviewedDate <= A".
  // created 5 Jan: last + 28 = 2 Feb.
  const R: RuleId[] = ['action-stale']
  const d6 = doc('2026-01-05', {}, (d) => {
    d.members.push(mem('SW1', '2026-01-05'))
    d.actions.push(
      act('s1', { dueDate: null }),
      act('s2', { dueDate: null, lastReviewedDate: '2026-02-10' }),
      act('s3', { dueDate: '2026-02-02' }),
      act('s4', { dueDate: '2026-02-03' }),
      act('s5', { dueDate: null, status: 'done', closedDate: '2026-02-03' }),
    )
  })
  check('A == last + 28 -> nothing', d6, '2026-02-02', R, [])
  check('A == last + 29: review after A ignored; overdue excluded; due-soon (not overdue) included; closed on A excluded', d6, '2026-02-03', R, [
    F('action-stale', 'medium', 'flag', '2026-02-02', 'action', 's1'),
    F('action-stale', 'medium', 'flag', '2026-02-02', 'action', 's2'),
    F('action-stale', 'medium', 'flag', '2026-02-02', 'action', 's4'),
  ])
  check('review on A counts', d6, '2026-02-10', R, [F('action-stale', 'medium', 'flag', '2026-02-02', 'action', 's1')])
})

// =============================================================================================
describe('action-not-smart', () => {
  // "action open on A with no owner, no dueDate or a blank outcome | low, flag | null · action"
  const R: RuleId[] = ['action-not-smart']
  const d7 = doc('2026-01-05', {}, (d) => {
    d.members.push(mem('SW1', '2026-01-05'))
    d.actions.push(
      act('n1', { dueDate: '2026-03-01' }),
      act('n2', { dueDate: '2026-03-01', ownerId: null }),
      act('n3', { dueDate: null }),
      act('n4', { dueDate: '2026-03-01', outcome: '   ' }),
      act('n5', { dueDate: '2026-03-01', outcome: null }),
      act('n6', { dueDate: '2026-03-01', ownerId: null, status: 'done', closedDate: '2026-02-03' }),
      act('n7', { dueDate: '2026-03-01', outcome: '', status: 'done', closedDate: '2026-02-04' }),
    )
  })
  check('missing owner / dueDate / blank outcome; closed on A excluded', d7, '2026-02-03', R, [
    F('action-not-smart', 'low', 'flag', null, 'action', 'n2'),
    F('action-not-smart', 'low', 'flag', null, 'action', 'n3'),
    F('action-not-smart', 'low', 'flag', null, 'action', 'n4'),
    F('action-not-smart', 'low', 'flag', null, 'action', 'n5'),
    F('action-not-smart', 'low', 'flag', null, 'action', 'n7'),
  ])
})

// =============================================================================================
describe('action-owner-departed', () => {
  // "action open on A whose owner is neither a current member of the plan nor allocated to the child on A
  //  | high, flag | null · action". Current member: fromDate <= A and (toDate null or toDate >= A).
  const R: RuleId[] = ['action-owner-departed']
  const d8 = doc('2026-01-05', {}, (d) => {
    d.children.push({ id: 'C2', name: 'Other', complex: false })
    d.allocations[0]!.endDate = '2026-02-03' // SW1 allocated to C1 until A
    d.allocations.push(alloc('AL9', 'SW2', '2026-01-05', null, 'C2'), alloc('AL0', 'TM1', '2025-12-01', '2026-02-02'))
    d.members.push(mem('HV1', '2026-01-05', '2026-02-03'), mem('ED1', '2026-01-05', '2026-02-02'), mem('DM1', '2026-02-04'))
    const o = { dueDate: '2026-03-01' }
    d.actions.push(
      act('o-hv', { ...o, ownerId: 'HV1' }),
      act('o-ed', { ...o, ownerId: 'ED1' }),
      act('o-dm', { ...o, ownerId: 'DM1' }),
      act('o-sw1', { ...o, ownerId: 'SW1' }),
      act('o-sw2', { ...o, ownerId: 'SW2' }),
      act('o-tm', { ...o, ownerId: 'TM1' }),
      act('o-none', { ...o, ownerId: null }),
    )
  })
  check('member toDate == A and allocation endDate == A keep the owner', d8, '2026-02-03', R, [
    F('action-owner-departed', 'high', 'flag', null, 'action', 'o-dm'),
    F('action-owner-departed', 'high', 'flag', null, 'action', 'o-ed'),
    F('action-owner-departed', 'high', 'flag', null, 'action', 'o-sw2'),
    F('action-owner-departed', 'high', 'flag', null, 'action', 'o-tm'),
  ])
})

// =============================================================================================
describe('no-allocated-worker', () => {
  // "no allocation of the child covers A (startDate <= A, endDate null or >= A) | high, flag | null · plan"
  const R: RuleId[] = ['no-allocated-worker']
  const d9 = doc('2026-01-05', {}, (d) => {
    d.allocations[0]!.endDate = '2026-02-03'
    d.allocations.push(alloc('AL2', 'SW2', '2026-02-05'))
  })
  check('endDate == A covers A', d9, '2026-02-03', R, [])
  check('gap day between allocations', d9, '2026-02-04', R, [F('no-allocated-worker', 'high', 'flag', null, 'plan', 'P1')])
  check('startDate == A covers A', d9, '2026-02-05', R, [])
})

// =============================================================================================
describe('worker-changed', () => {
  // "an allocation of the child that is not its earliest starts in (A − 90 days, A]; one finding per plan,
  //  subject the latest such allocation; high if the child is complex or two or more such starts fall in
  //  (A − 180 days, A], else medium | high/medium, flag | null · allocation"
  // A = 30 Jun 2026: A − 90 = 1 Apr 2026, A − 180 = 1 Jan 2026.
  const A = '2026-06-30'
  const R: RuleId[] = ['worker-changed']
  const withAl = (al: ReturnType<typeof alloc>[], complex = false) =>
    doc('2026-01-05', { complex }, (d) => {
      d.allocations = al
    })
  check('change on A − 90 (excluded)', withAl([alloc('AL1', 'SW1', '2026-01-05', '2026-03-31'), alloc('AL2', 'SW2', '2026-04-01')]), A, R, [])
  check('change on A − 89', withAl([alloc('AL1', 'SW1', '2026-01-05', '2026-04-01'), alloc('AL2', 'SW2', '2026-04-02')]), A, R, [F('worker-changed', 'medium', 'flag', null, 'allocation', 'AL2')])
  check('change on A; a start after A ignored', withAl([alloc('AL1', 'SW1', '2026-01-05', '2026-06-29'), alloc('AL2', 'SW2', '2026-06-30'), alloc('AL3', 'SW1', '2026-07-01')]), A, R, [
    F('worker-changed', 'medium', 'flag', null, 'allocation', 'AL2'),
  ])
  check('the earliest allocation in the window is not a change', withAl([alloc('AL1', 'SW1', '2026-06-01')]), A, R, [])
  check('complex child -> high', withAl([alloc('AL1', 'SW1', '2026-01-05', '2026-04-01'), alloc('AL2', 'SW2', '2026-04-02')], true), A, R, [F('worker-changed', 'high', 'flag', null, 'allocation', 'AL2')])
  check('two changes in (A − 180, A] -> high, subject the latest', withAl([alloc('AL1', 'SW1', '2025-06-01'), alloc('AL2', 'SW2', '2026-01-02'), alloc('AL3', 'SW1', '2026-05-01')]), A, R, [
    F('worker-changed', 'high', 'flag', null, 'allocation', 'AL3'),
  ])
  check('earlier change exactly on A − 180 (excluded) -> medium', withAl([alloc('AL1', 'SW1', '2025-06-01'), alloc('AL2', 'SW2', '2026-01-01'), alloc('AL3', 'SW1', '2026-05-01')]), A, R, [
    F('worker-changed', 'medium', 'flag', null, 'allocation', 'AL3'),
  ])
  check('two changes in the 90-day window -> one finding, high', withAl([alloc('AL1', 'SW1', '2025-06-01'), alloc('AL2', 'SW2', '2026-05-01'), alloc('AL3', 'SW1', '2026-06-01')]), A, R, [
    F('worker-changed', 'high', 'flag', null, 'allocation', 'AL3'),
  ])
  // "Ties in latest or earliest are broken by id": a10 < a9 as strings, so a10 is the earliest.
  check('earliest tie broken by id (string order): a9 is the change', withAl([alloc('a10', 'SW1', '2026-05-01'), alloc('a9', 'SW2', '2026-05-01')]), A, R, [
    F('worker-changed', 'medium', 'flag', null, 'allocation', 'a9'),
  ])
})

// =============================================================================================
describe('disagreement-unresolved', () => {
  // "S = last stage; stageDue = addWD(S.startDate, [5, 5, 10, 10][S.stage − 1]); capDue = addWD(raisedDate, 20);
  //  due = min(stageDue, capDue); overdue (high) if A > due, else flag (medium) | due · disagreement"
  // "a disagreement counts when raisedDate <= A and it is not resolved on or before A, and its stages count
  //  only from their startDate <= A (none yet: stage 1 from raisedDate)"
  // raised Mon 14 Dec 2026: stage-1 due addWD(14 Dec, 5) = 21 Dec; cap addWD(14 Dec, 20) = 14 Jan 2027.
  // stage 3 from 21 Dec: addWD(21 Dec, 10) = 7 Jan 2027. stage 3 from 31 Dec: addWD(31 Dec, 10) = 15 Jan > cap.
  // stage 2 from 23 Dec: addWD(23 Dec, 5) = 4 Jan 2027 (24, 29, 30, 31, 4).
  const R: RuleId[] = ['disagreement-unresolved']
  const d11 = doc('2026-11-02', {}, (d) => {
    d.disagreements.push(
      dis('d1', '2026-12-14', []),
      dis('d2', '2026-12-14', [{ stage: 1, startDate: '2026-12-14', respondedDate: '2026-12-18' }, { stage: 3, startDate: '2026-12-21' }]),
      dis('d3', '2026-12-14', [{ stage: 1, startDate: '2026-12-14' }, { stage: 3, startDate: '2026-12-31' }]),
      dis('d4', '2026-12-14', [{ stage: 1, startDate: '2026-12-14' }, { stage: 2, startDate: '2026-12-23' }]),
      dis('d5', '2026-12-14', [], '2026-12-22'),
      dis('d6', '2026-12-23', []),
    )
  })
  const D = (id: string, due: string, over: boolean) => F('disagreement-unresolved', over ? 'high' : 'medium', over ? 'overdue' : 'flag', due, 'disagreement', id)
  check('A == stage-1 due', d11, '2026-12-21', R, [D('d1', '2026-12-21', false), D('d2', '2027-01-07', false), D('d3', '2026-12-21', false), D('d4', '2026-12-21', false), D('d5', '2026-12-21', false)])
  check('A == due + 1; resolved on A; stage starting after A; raised after A', d11, '2026-12-22', R, [
    D('d1', '2026-12-21', true),
    D('d2', '2027-01-07', false),
    D('d3', '2026-12-21', true),
    D('d4', '2026-12-21', true),
  ])
  check('stage 2 started on A', d11, '2026-12-23', R, [
    D('d1', '2026-12-21', true),
    D('d2', '2027-01-07', false),
    D('d3', '2026-12-21', true),
    D('d4', '2027-01-04', false),
    D('d6', '2027-01-04', false),
  ])
  check('cap wins over a later stage due: A == cap', d11, '2027-01-14', R, [
    D('d1', '2026-12-21', true),
    D('d2', '2027-01-07', true),
    D('d3', '2027-01-14', false),
    D('d4', '2027-01-04', true),
    D('d6', '2027-01-04', true),
  ])
  check('cap wins: A == cap + 1', d11, '2027-01-15', R, [
    D('d1', '2026-12-21', true),
    D('d2', '2027-01-07', true),
    D('d3', '2027-01-14', true),
    D('d4', '2027-01-04', true),
    D('d6', '2027-01-04', true),
  ])
})

// =============================================================================================
describe('latest-meeting flags', () => {
  // child-views-not-recorded: "latest meeting has childViewsRecorded false; high if the two latest meetings
  // both have it false | medium/high, flag | null · latest meeting"; plan-not-available / risk-not-reviewed:
  // "latest meeting has planAvailable/riskReviewed false | medium, flag | null · latest meeting".
  // "latest" is by date, then id: m9 is later than m10 on the same day.
  const tie = doc('2026-01-05', {}, (d) =>
    d.meetings.push(
      meeting('m1', '2026-01-10', { childViewsRecorded: false }),
      meeting('m10', '2026-01-20', { childViewsRecorded: true, planAvailable: false, riskReviewed: false }),
      meeting('m9', '2026-01-20', { childViewsRecorded: false }),
      meeting('m20', '2026-02-10', { childViewsRecorded: false, planAvailable: false, riskReviewed: false }),
    ),
  )
  const R: RuleId[] = ['child-views-not-recorded', 'plan-not-available', 'risk-not-reviewed']
  check('tie on date: m9 is the latest, m10 the one before', tie, '2026-01-25', R, [F('child-views-not-recorded', 'medium', 'flag', null, 'meeting', 'm9')])
  check('meeting dated after A ignored', tie, '2026-02-09', R, [F('child-views-not-recorded', 'medium', 'flag', null, 'meeting', 'm9')])
  check('A on the later meeting: all three, child views high (m20 and m9 both false)', tie, '2026-02-10', R, [
    F('child-views-not-recorded', 'high', 'flag', null, 'meeting', 'm20'),
    F('plan-not-available', 'medium', 'flag', null, 'meeting', 'm20'),
    F('risk-not-reviewed', 'medium', 'flag', null, 'meeting', 'm20'),
  ])
  const beforeStart = doc('2026-01-05', {}, (d) => d.meetings.push(meeting('m0', '2026-01-02', { childViewsRecorded: false }), meeting('m1', '2026-01-10', { childViewsRecorded: false })))
  check('a meeting before the plan start is not one of the two latest', beforeStart, '2026-01-25', R, [F('child-views-not-recorded', 'medium', 'flag', null, 'meeting', 'm1')])
  const recovered = doc('2026-01-05', {}, (d) => d.meetings.push(meeting('m1', '2026-01-10', { childViewsRecorded: false }), meeting('m2', '2026-01-20')))
  check('latest meeting fine -> nothing', recovered, '2026-01-25', R, [])
})

describe('risk-scale-low', () => {
  // "latest meeting with a riskScore has safety <= 2 (safety = score, or 10 − score on a danger scale)
  //  | high, flag | null · that meeting"
  const R: RuleId[] = ['risk-scale-low']
  const rs = (score: number, scale: 'safety' | 'danger') => ({ riskScore: { score, scale } })
  const mk = (...ms: Caseload['meetings']) => doc('2026-01-05', {}, (d) => d.meetings.push(...ms))
  check('danger 8 -> safety 2; latest meeting without a score skipped', mk(meeting('m1', '2026-01-10', rs(8, 'danger')), meeting('m2', '2026-01-20')), '2026-02-01', R, [
    F('risk-scale-low', 'high', 'flag', null, 'meeting', 'm1'),
  ])
  check('danger 7 -> safety 3: nothing', mk(meeting('m1', '2026-01-10', rs(7, 'danger'))), '2026-02-01', R, [])
  check('safety 2 -> flag', mk(meeting('m2', '2026-01-20', rs(2, 'safety'))), '2026-02-01', R, [F('risk-scale-low', 'high', 'flag', null, 'meeting', 'm2')])
  check('danger 2 -> safety 8: nothing', mk(meeting('m2', '2026-01-20', rs(2, 'danger'))), '2026-02-01', R, [])
  check('only the latest scored meeting matters', mk(meeting('m1', '2026-01-10', rs(0, 'safety')), meeting('m2', '2026-01-20', rs(3, 'safety'))), '2026-02-01', R, [])
  check('scored meeting after A ignored', mk(meeting('m2', '2026-01-20', rs(5, 'safety')), meeting('m3', '2026-02-05', rs(0, 'safety'))), '2026-02-01', R, [])
  check('tie by id: m9 (safety 5) is later than m10 (danger 9)', mk(meeting('m10', '2026-01-20', rs(9, 'danger')), meeting('m9', '2026-01-20', rs(5, 'safety'))), '2026-02-01', R, [])
})

describe('complex-case-chair', () => {
  // "the child is complex and the latest meeting's chair is not a deputy-manager | medium, flag | null · latest meeting"
  const R: RuleId[] = ['complex-case-chair']
  const d18 = doc('2026-01-05', { complex: true }, (d) => d.meetings.push(meeting('m1', '2026-01-10'), meeting('m2', '2026-01-20', { chairId: 'TM1' })))
  check('latest chaired by a team manager', d18, '2026-02-01', R, [F('complex-case-chair', 'medium', 'flag', null, 'meeting', 'm2')])
  check('latest (before A) chaired by the deputy', d18, '2026-01-15', R, [])
  check('not complex -> nothing', doc('2026-01-05', {}, (d) => d.meetings.push(meeting('m2', '2026-01-20', { chairId: 'TM1' }))), '2026-02-01', R, [])
  check('tie by id: m9 (deputy) is later than m10', doc('2026-01-05', { complex: true }, (d) => d.meetings.push(meeting('m10', '2026-01-20', { chairId: 'TM1' }), meeting('m9', '2026-01-20'))), '2026-02-01', R, [])
})

// =============================================================================================
describe('agency-absent', () => {
  // "a current member who was a member (on the meeting date) at each of the plan's two latest meetings and
  //  attended neither | medium, flag | null · professional"
  const R: RuleId[] = ['agency-absent']
  const d16 = doc('2026-01-05', {}, (d) => {
    d.members.push(
      mem('SW1', '2026-01-05'),
      mem('HV1', '2026-01-05'),
      mem('ED1', '2026-01-15'),
      mem('POL1', '2026-01-05', '2026-01-25'),
      mem('HEA2', '2026-01-05', '2026-01-10'),
      mem('HEA2', '2026-01-18'),
    )
    d.meetings.push(
      meeting('m0', '2026-01-02'),
      meeting('m1', '2026-01-10', { attended: ['SW1'], apologies: ['HV1'] }),
      meeting('m2', '2026-01-20', { attended: ['SW1'] }),
      meeting('m3', '2026-02-05', { attended: ['SW1', 'HV1', 'ED1', 'HEA2'] }),
    )
  })
  check('apologies are not attendance; membership on each meeting date; current on A', d16, '2026-02-01', R, [
    F('agency-absent', 'medium', 'flag', null, 'professional', 'HEA2'),
    F('agency-absent', 'medium', 'flag', null, 'professional', 'HV1'),
  ])
  check('only one meeting -> nothing', doc('2026-01-05', {}, (d) => { d.members.push(mem('HV1', '2026-01-05')); d.meetings.push(meeting('m1', '2026-01-10')) }), '2026-02-01', R, [])
  // Three meetings on one day: the two latest by (date, id) are m9 and m8 (string order); HV1 came to m10 only.
  const tie = doc('2026-01-05', {}, (d) => {
    d.members.push(mem('HV1', '2026-01-05'))
    d.meetings.push(meeting('m10', '2026-01-20', { attended: ['HV1'] }), meeting('m8', '2026-01-20'), meeting('m9', '2026-01-20'))
  })
  check('two latest by id (string order) exclude m10', tie, '2026-02-01', R, [F('agency-absent', 'medium', 'flag', null, 'professional', 'HV1')])
})

describe('contact-details-missing', () => {
  // "a current member whose professional has neither email nor phone | low, flag | null · professional"
  const R: RuleId[] = ['contact-details-missing']
  const d17 = doc('2026-01-05', {}, (d) => d.members.push(mem('ED1', '2026-01-05', '2026-02-01'), mem('HV1', '2026-01-05'), mem('PNO', '2026-01-05', '2026-01-31'), mem('PNF', '2026-02-02')))
  check('member toDate == A is current; ended or not yet started are not', d17, '2026-02-01', R, [F('contact-details-missing', 'low', 'flag', null, 'professional', 'ED1')])
})

// =============================================================================================
describe('visit-overdue', () => {
  // "V = latest visit of the child dated in [plan start, A], else the plan start; due = addWD(V, 10); A > due
  //  | high, overdue | due · plan | 2". Visit 14 Dec 2026 -> due 30 Dec; wd(24 Dec, 30 Dec) = 2, wd(23 Dec, 30 Dec) = 3.
  const R: RuleId[] = ['visit-overdue']
  const d19 = doc('2026-11-02', {}, (d) => d.visits.push(vis('v0', '2026-10-30', true), vis('v1', '2026-12-14', true), vis('v2', '2027-01-05', true)))
  check('3 WD before due -> nothing', d19, '2026-12-23', R, [])
  check('exactly W=2 WD before due over Christmas -> due-soon', d19, '2026-12-24', R, [F('visit-overdue', 'low', 'due-soon', '2026-12-30', 'plan', 'P1')])
  check('A == due', d19, '2026-12-30', R, [F('visit-overdue', 'low', 'due-soon', '2026-12-30', 'plan', 'P1')])
  check('A == due + 1', d19, '2026-12-31', R, [F('visit-overdue', 'high', 'overdue', '2026-12-30', 'plan', 'P1')])
  const pre = doc('2026-12-14', {}, (d) => {
    d.children.push({ id: 'C2', name: 'Other', complex: false })
    d.visits.push(vis('v0', '2026-12-10', true), vis('vx', '2026-12-29', true, 'C2'))
  })
  check('visit before the plan start ignored (V = start); another child’s visit ignored', pre, '2026-12-31', R, [F('visit-overdue', 'high', 'overdue', '2026-12-30', 'plan', 'P1')])
})

describe('not-seen-alone', () => {
  // "the child's two latest visits dated in [plan start, A] both have seenAlone false | medium, flag | null · plan"
  const R: RuleId[] = ['not-seen-alone']
  const mk = (...v: ReturnType<typeof vis>[]) => doc('2026-01-05', {}, (d) => d.visits.push(...v))
  check('two latest both not alone', mk(vis('v1', '2026-01-10', false), vis('v2', '2026-01-20', false)), '2026-02-01', R, [F('not-seen-alone', 'medium', 'flag', null, 'plan', 'P1')])
  check('visit before start and visit after A do not count', mk(vis('v0', '2026-01-02', false), vis('v1', '2026-01-10', false), vis('v3', '2026-02-05', true)), '2026-02-01', R, [])
  check('visit on A counts', mk(vis('v1', '2026-01-10', false), vis('v2', '2026-01-20', false), vis('v3', '2026-02-01', true)), '2026-02-01', R, [])
  check('three on one day: two latest by id are v9, v8 (string order)', mk(vis('v10', '2026-01-20', true), vis('v8', '2026-01-20', false), vis('v9', '2026-01-20', false)), '2026-02-01', R, [
    F('not-seen-alone', 'medium', 'flag', null, 'plan', 'P1'),
  ])
})

// =============================================================================================
describe('long-plan', () => {
  // "A >= addMonths(start, 18): medium; A >= addMonths(start, 24): high | medium/high, flag | null · plan"
  const R: RuleId[] = ['long-plan']
  const aug31 = doc('2024-08-31') // +18 = 28 Feb 2026; +24 = 31 Aug 2026
  check('31 Aug start: day before +18 months', aug31, '2026-02-27', R, [])
  check('31 Aug start: +18 months clamped to 28 Feb', aug31, '2026-02-28', R, [F('long-plan', 'medium', 'flag', null, 'plan', 'P1')])
  check('31 Aug start: day before +24 months', aug31, '2026-08-30', R, [F('long-plan', 'medium', 'flag', null, 'plan', 'P1')])
  check('31 Aug start: +24 months', aug31, '2026-08-31', R, [F('long-plan', 'high', 'flag', null, 'plan', 'P1')])
  const feb29 = doc('2024-02-29') // +18 = 29 Aug 2025; +24 = 28 Feb 2026
  check('29 Feb start: day before +18', feb29, '2025-08-28', R, [])
  check('29 Feb start: +18 months', feb29, '2025-08-29', R, [F('long-plan', 'medium', 'flag', null, 'plan', 'P1')])
  check('29 Feb start: day before +24', feb29, '2026-02-27', R, [F('long-plan', 'medium', 'flag', null, 'plan', 'P1')])
  check('29 Feb start: +24 months clamped to 28 Feb', feb29, '2026-02-28', R, [F('long-plan', 'high', 'flag', null, 'plan', 'P1')])
  const dec31 = doc('2023-12-31') // +18 = 30 Jun 2025 (clamped)
  check('31 Dec start: day before +18', dec31, '2025-06-29', R, [])
  check('31 Dec start: +18 clamped to 30 Jun', dec31, '2025-06-30', R, [F('long-plan', 'medium', 'flag', null, 'plan', 'P1')])
  check('plan ending on A is closed', doc('2024-02-29', { end: '2026-02-28' }), '2026-02-28', 'all', [])
})

// =============================================================================================
describe('more edges', () => {
  // "addWD(d, n): the n-th working day after d (d itself never counts)": a plan starting on Christmas Day
  // 2026 (a bank holiday): 29, 30, 31 Dec, [1 Jan hol], 4..8, 11, 12 Jan -> 12 Jan 2027.
  const xmasStart = doc('2026-12-25')
  check('start on a bank holiday: A == due', xmasStart, '2027-01-12', ['first-core-group-overdue'], [F('first-core-group-overdue', 'low', 'due-soon', '2027-01-12', 'plan', 'P1')])
  check('start on a bank holiday: A == due + 1', xmasStart, '2027-01-13', ['first-core-group-overdue'], [F('first-core-group-overdue', 'high', 'overdue', '2027-01-12', 'plan', 'P1')])
  // visit due 30 Dec; A on Christmas Day: wd(25 Dec, 30 Dec) = 2 (29, 30) -> due-soon (W = 2).
  check('visit: A on a bank holiday, 2 WD before due', doc('2026-11-02', {}, (d) => d.visits.push(vis('v1', '2026-12-14', true))), '2026-12-25', ['visit-overdue'], [
    F('visit-overdue', 'low', 'due-soon', '2026-12-30', 'plan', 'P1'),
  ])
  // decisions-not-distributed: "A plan's meetings: ... whose date is <= A and >= startDate". A meeting
  // before the plan start is not one of its meetings; two undistributed meetings give two findings.
  // M0 9 Mar -> due 23 Mar; M2 16 Mar -> due 30 Mar.
  const dnd = doc('2026-03-02', {}, (d) => {
    d.members.push(mem('SW1', '2026-02-01'))
    d.meetings.push(meeting('Mpre', '2026-02-27'), meeting('M0', '2026-03-09'), meeting('M2', '2026-03-16'))
  })
  check('meeting before the plan start is not checked; one finding per meeting', dnd, '2026-04-16', ['decisions-not-distributed'], [
    F('decisions-not-distributed', 'medium', 'overdue', '2026-03-23', 'meeting', 'M0'),
    F('decisions-not-distributed', 'medium', 'overdue', '2026-03-30', 'meeting', 'M2'),
  ])
  // A child's earlier, closed plan: its meetings and conferences are not the new plan's.
  // New plan from 5 Jan 2026: first core group due addWD(5 Jan, 10) = 19 Jan; review due 5 Apr.
  const seq = doc('2026-01-05', {}, (d) => {
    d.plans.push({ id: 'P0', childId: 'C1', startDate: '2025-06-02', endDate: '2026-01-05', initialCategory: 'neglect', previousPlans: 0 })
    d.meetings.push(meeting('mOld', '2025-12-20', { planIds: ['P0'] }))
    d.conferences.push(conf('cOld', 'review', '2025-12-01', 'P0'))
  })
  check('meetings and conferences of a closed earlier plan do not count', seq, '2026-01-20', ['first-core-group-overdue', 'core-group-overdue', 'review-conference-overdue'], [
    F('first-core-group-overdue', 'high', 'overdue', '2026-01-19', 'plan', 'P1'),
  ])
  // disagreement: stage 4 allows 10 WD: raised 1 Dec (cap addWD(1 Dec, 20) = 31 Dec), stage 4 from 14 Dec
  // -> addWD(14 Dec, 10) = 30 Dec. Stage 1 starting after raisedDate: from 16 Dec -> addWD(16 Dec, 5) = 23 Dec.
  const dis4 = doc('2026-11-02', {}, (d) => {
    d.disagreements.push(
      dis('e4', '2026-12-01', [{ stage: 1, startDate: '2026-12-01' }, { stage: 2, startDate: '2026-12-03' }, { stage: 3, startDate: '2026-12-07' }, { stage: 4, startDate: '2026-12-14' }]),
      dis('e1', '2026-12-14', [{ stage: 1, startDate: '2026-12-16' }]),
    )
  })
  check('stage 4 (10 WD) and a stage 1 starting after raising: A == due', dis4, '2026-12-23', ['disagreement-unresolved'], [
    F('disagreement-unresolved', 'medium', 'flag', '2026-12-30', 'disagreement', 'e4'),
    F('disagreement-unresolved', 'medium', 'flag', '2026-12-23', 'disagreement', 'e1'),
  ])
  check('stage 4: A == due + 1', dis4, '2026-12-31', ['disagreement-unresolved'], [
    F('disagreement-unresolved', 'high', 'overdue', '2026-12-30', 'disagreement', 'e4'),
    F('disagreement-unresolved', 'high', 'overdue', '2026-12-23', 'disagreement', 'e1'),
  ])
  // contact-details-missing: a professional with two overlapping membership rows is one current member.
  check('one finding per professional', doc('2026-01-05', {}, (d) => d.members.push(mem('ED1', '2026-01-05'), mem('ED1', '2026-01-10'))), '2026-02-01', ['contact-details-missing'], [
    F('contact-details-missing', 'low', 'flag', null, 'professional', 'ED1'),
  ])
})

// =============================================================================================
describe('messages and the real CLI process', () => {
  // "Each finding's message is one plain sentence a chair would write, with the dates that prove it."
  const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const uk = (iso: string) => {
    const [y, m, d] = iso.split('-').map(Number)
    return new RegExp(`\\b0?${d} ${MON[m! - 1]} ${y}\\b`)
  }
  // The date that proves a dated finding: its due date; for action-stale the last activity
  // (dueDate − 28 days), since "no progress since D, more than 28 days ago" is the proof.
  const proofDate = (f: Finding): string => {
    if (f.ruleId !== 'action-stale') return f.dueDate!
    const t = new Date(`${f.dueDate!}T00:00:00Z`)
    t.setUTCDate(t.getUTCDate() - 28)
    return t.toISOString().slice(0, 10)
  }
  it('every message seen above is one plain sentence with UK dates (no ISO dates), naming the proving date', () => {
    expect(seen.length).toBeGreaterThan(100)
    const bad: string[] = []
    for (const f of seen) {
      const m = f.message
      const ok =
        typeof m === 'string' &&
        /^[A-Z0-9]/.test(m) &&
        /\.$/.test(m) &&
        !/\n/.test(m) &&
        !/\d{4}-\d{2}-\d{2}/.test(m) &&
        (f.dueDate === null || uk(proofDate(f)).test(m))
      if (!ok) bad.push(`${f.ruleId}/${f.status}/${f.dueDate}: ${m}`)
    }
    expect([...new Set(bad)]).toEqual([])
  })

  it('spawned CLI (init, import, drift --json) gives the hand-computed findings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-audit-'))
    try {
      const dbFile = join(dir, 'c.db')
      const input = join(dir, 'in.json')
      writeFileSync(input, JSON.stringify(doc('2026-03-30')))
      const env = { ...process.env, DRIFTWATCH_PASSPHRASE: 'audit passphrase x' }
      const cli = (...args: string[]) => execFileSync('npx', ['tsx', 'electron/cli/main.ts', ...args], { env, encoding: 'utf8' })
      cli('init', '--db', dbFile)
      cli('import', '--db', dbFile, input)
      const json = JSON.parse(cli('drift', '--db', dbFile, '--as-of', '2026-04-16', '--json')) as { asOf: string; findings: Finding[] }
      expect(json.asOf).toBe('2026-04-16')
      expect(json.findings.map(norm).sort(order)).toEqual(
        [F('first-core-group-overdue', 'high', 'overdue', '2026-04-15', 'plan', 'P1'), F('visit-overdue', 'high', 'overdue', '2026-04-15', 'plan', 'P1')].sort(order),
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
