/**
 * Independent black-box audit (1 Dec 2026): supervision sessions, supervision actions, supervision
 * notes, mid-way reviews and the audit's indicators, against README "Supervision sessions, mid-way
 * reviews and the audit screen", "The audit's indicators", "Exports" and design brief §3/§4.
 * Every expected number and date below was worked out by hand from those texts (calendar: June 2026
 * starts on a Monday; 25 May 2026 is the Spring bank holiday), never read from the code.
 * A case written as it.fails shows a fault (see its FAULT comment): it flips when fixed.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { importCaseload } from '../../electron/core/caseload/import'
import { scanCaseload } from '../../electron/core/drift/scan'
import type { Channel, InputOf, OutputOf } from '../../shared/ipc-contract'
import { emptyCaseload, type Caseload } from '../../shared/caseload-format'
import { tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'

type Doc = Caseload

async function startCore(today: string, doc: Doc): Promise<{ core: Core; cleanup: () => void }> {
  const d = tempDir()
  const core = createCore({
    dbPath: join(d.dir, 'caseload.db'),
    kdf: TEST_KDF,
    today: () => today,
    actor: 'Audit Tester (test)',
    host: { chooseSavePath: async () => null },
  })
  await core.session.create(TEST_PASSPHRASE, false)
  importCaseload(core.session.database(), doc)
  return {
    core,
    cleanup: () => {
      core.session.closeNow()
      d.cleanup()
    },
  }
}

function caller(get: () => Core) {
  return async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const r = await get().dispatch(channel, input)
    if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message} ${JSON.stringify(r.problems ?? [])}`)
    return r.data as OutputOf<C>
  }
}

const meeting = (
  id: string,
  planIds: string[],
  date: string,
  chairId: string,
  flags: { plan?: boolean; views?: boolean; risk?: boolean } = {},
  extra: Record<string, unknown> = {},
) => ({
  id,
  planIds,
  date,
  chairId,
  attended: [chairId],
  apologies: [] as string[],
  planAvailable: flags.plan ?? true,
  childViewsRecorded: flags.views ?? true,
  riskReviewed: flags.risk ?? true,
  ...extra,
})

const PROFESSIONALS: Doc['professionals'] = [
  { id: 'SW1', name: 'Sam Worker (fictional)', role: 'social-worker', agency: "Children's Social Care", email: 'sam@example.invalid' },
  { id: 'SW2', name: 'Kit Worker (fictional)', role: 'social-worker', agency: "Children's Social Care", email: 'kit@example.invalid' },
  { id: 'DM', name: 'Dee Manager (fictional)', role: 'deputy-manager', agency: "Children's Social Care", email: 'dee@example.invalid' },
  { id: 'H1', name: 'Hana Visitor (fictional)', role: 'health', agency: 'Health Visiting', phone: '07700 900123' },
  { id: 'E1', name: 'Ed Teacher (fictional)', role: 'education', agency: 'School', phone: '07700 900124' },
  { id: 'X1', name: 'Pat Officer (fictional)', role: 'police', agency: 'Police', phone: '07700 900125' },
  { id: 'L1', name: 'Lee Other (fictional)', role: 'other', agency: 'Housing', phone: '07700 900126' },
  { id: 'S1', name: 'Sol Other (fictional)', role: 'other', agency: 'Drug service', phone: '07700 900127' },
]

// ---------------------------------------------------------------------------------------------
// The audit's indicators, period 1–30 June 2026, worked out by hand.
// ---------------------------------------------------------------------------------------------
function auditCaseload(): Doc {
  const doc = emptyCaseload()
  doc.children = [
    { id: 'K1', name: 'Fictional One Audit', complex: false },
    { id: 'K2', name: 'Fictional Two Audit', complex: false },
    { id: 'K3', name: 'Fictional Three Audit', complex: true },
    { id: 'K4', name: 'Fictional Four Audit', complex: false },
    { id: 'K5', name: 'Fictional Five Audit', complex: false },
    { id: 'K6', name: 'Fictional Six Audit', complex: true },
    { id: 'K7', name: 'Fictional Seven Audit', complex: false },
    { id: 'K8', name: 'Fictional Eight Audit', complex: false },
    { id: 'K10', name: 'Fictional Ten Audit', complex: false },
    { id: 'K11', name: 'Fictional Eleven Audit', complex: false },
    { id: 'K12', name: 'Fictional Twelve Audit', complex: false },
  ]
  doc.professionals = PROFESSIONALS
  doc.allocations = [
    { id: 'AL1', childId: 'K1', professionalId: 'SW1', startDate: '2026-05-01' },
    { id: 'AL2', childId: 'K2', professionalId: 'SW1', startDate: '2026-01-01', endDate: '2026-05-31' },
    { id: 'AL3', childId: 'K2', professionalId: 'SW2', startDate: '2026-06-01', changeReason: 'LEFTRL' },
    { id: 'AL4', childId: 'K3', professionalId: 'SW2', startDate: '2026-06-01' },
    { id: 'AL5', childId: 'K5', professionalId: 'SW1', startDate: '2025-11-01' },
    { id: 'AL6', childId: 'K6', professionalId: 'SW1', startDate: '2026-03-01', endDate: '2026-06-30' },
    { id: 'AL7', childId: 'K6', professionalId: 'SW2', startDate: '2026-07-01', changeReason: 'MANAGE' },
    { id: 'AL8', childId: 'K7', professionalId: 'SW1', startDate: '2026-03-01', endDate: '2026-06-29' },
    { id: 'AL9', childId: 'K7', professionalId: 'SW2', startDate: '2026-06-30', changeReason: 'MANAGE' },
    { id: 'AL10', childId: 'K8', professionalId: 'SW1', startDate: '2026-02-01' },
    { id: 'AL11', childId: 'K11', professionalId: 'SW1', startDate: '2026-06-08' },
    { id: 'AL12', childId: 'K10', professionalId: 'SW1', startDate: '2025-10-01', endDate: '2026-06-09' },
    { id: 'AL13', childId: 'K10', professionalId: 'SW2', startDate: '2026-06-10', changeReason: 'MANAGE' },
  ]
  doc.plans = [
    { id: 'PA', childId: 'K1', startDate: '2026-05-15', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PB', childId: 'K2', startDate: '2026-05-14', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PC', childId: 'K3', startDate: '2026-06-01', initialCategory: 'physical', previousPlans: 0 },
    { id: 'PD', childId: 'K4', startDate: '2026-06-01', endDate: '2026-06-10', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PE1', childId: 'K5', startDate: '2025-11-03', endDate: '2026-06-05', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PE2', childId: 'K5', startDate: '2026-06-08', initialCategory: 'emotional', previousPlans: 1 },
    { id: 'PF', childId: 'K6', startDate: '2026-03-31', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PG', childId: 'K7', startDate: '2026-03-10', endDate: '2026-06-05', initialCategory: 'sexual', previousPlans: 0 },
    { id: 'PH', childId: 'K8', startDate: '2026-03-02', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PJ', childId: 'K10', startDate: '2025-10-01', endDate: '2026-05-31', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PK', childId: 'K11', startDate: '2026-06-08', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PL', childId: 'K12', startDate: '2026-07-01', initialCategory: 'neglect', previousPlans: 0 },
  ]
  doc.conferences = [
    { id: 'IA', planId: 'PA', kind: 'initial', date: '2026-05-15' },
    { id: 'IB', planId: 'PB', kind: 'initial', date: '2026-05-14' },
    { id: 'IC', planId: 'PC', kind: 'initial', date: '2026-06-01' },
    { id: 'ID', planId: 'PD', kind: 'initial', date: '2026-06-01' },
    { id: 'IE1', planId: 'PE1', kind: 'initial', date: '2025-11-03' },
    { id: 'RE1', planId: 'PE1', kind: 'review', date: '2026-02-02' },
    { id: 'IE2', planId: 'PE2', kind: 'initial', date: '2026-06-08' },
    { id: 'IF', planId: 'PF', kind: 'initial', date: '2026-03-31' },
    { id: 'RF1', planId: 'PF', kind: 'review', date: '2026-06-30' },
    { id: 'IG', planId: 'PG', kind: 'initial', date: '2026-03-10' },
    { id: 'IH', planId: 'PH', kind: 'initial', date: '2026-03-02' },
    { id: 'RH1', planId: 'PH', kind: 'review', date: '2026-06-03' },
    { id: 'IJ', planId: 'PJ', kind: 'initial', date: '2025-10-01' },
    { id: 'IK', planId: 'PK', kind: 'initial', date: '2026-06-08' },
  ]
  doc.members = [
    { planId: 'PF', professionalId: 'H1', fromDate: '2026-04-01' },
    { planId: 'PF', professionalId: 'E1', fromDate: '2026-04-01' },
    { planId: 'PF', professionalId: 'X1', fromDate: '2026-06-03' },
    { planId: 'PF', professionalId: 'L1', fromDate: '2026-04-01', toDate: '2026-05-31' },
    { planId: 'PF', professionalId: 'S1', fromDate: '2026-04-01', toDate: '2026-06-01' },
    { planId: 'PC', professionalId: 'H1', fromDate: '2026-06-01' },
  ]
  doc.meetings = [
    meeting('MA1', ['PA'], '2026-06-01', 'SW1'),
    meeting('MB1', ['PB'], '2026-05-29', 'SW1'),
    meeting('MB2', ['PB'], '2026-06-26', 'SW2'),
    meeting('MB3', ['PB'], '2026-07-01', 'SW2', { plan: false, views: false, risk: false }),
    meeting('MC1', ['PC'], '2026-06-16', 'SW1', { plan: false }),
    meeting('ME1', ['PE1'], '2026-05-20', 'SW1'),
    meeting('ME2', ['PE2'], '2026-06-22', 'SW1', { views: false }),
    meeting('MF2', ['PF'], '2026-05-18', 'DM'),
    meeting('MF1', ['PF'], '2026-06-01', 'DM', { risk: false }),
    meeting('MJ1', ['PJ'], '2026-05-20', 'SW1'),
    // Held three days before PK's plan started: not one of PK's meetings (README common terms).
    meeting('MK0', ['PK'], '2026-06-05', 'SW1', { plan: false, views: false, risk: false }),
  ]
  doc.distributions = [
    { meetingId: 'MF1', professionalId: 'H1', date: '2026-06-05' },
    { meetingId: 'MF1', professionalId: 'E1', date: '2026-06-15' },
    { meetingId: 'MF1', professionalId: 'S1', date: '2026-06-15' },
    { meetingId: 'MF2', professionalId: 'H1', date: '2026-05-20' },
    { meetingId: 'MF2', professionalId: 'E1', date: '2026-06-02' },
    { meetingId: 'MF2', professionalId: 'L1', date: '2026-05-25' },
    { meetingId: 'MF2', professionalId: 'S1', date: '2026-05-19' },
    { meetingId: 'MC1', professionalId: 'H1', date: '2026-07-01' },
  ]
  doc.actions = [
    { id: 'AC1', planId: 'PA', createdDate: '2026-06-01', description: 'Arrange nursery place', outcome: 'Attends 3 days', ownerId: 'SW1', dueDate: '2026-06-30', status: 'open' },
    { id: 'AC2', planId: 'PB', createdDate: '2026-06-30', description: 'Health check', outcome: 'Checked', dueDate: '2026-07-10', status: 'open' },
    { id: 'AC3', planId: 'PC', createdDate: '2026-06-15', description: 'School meeting', outcome: '   ', ownerId: 'SW2', dueDate: '2026-06-30', status: 'open' },
    { id: 'AC4', planId: 'PA', createdDate: '2026-05-31', description: 'Before the period', outcome: 'x', ownerId: 'SW1', status: 'open' },
    { id: 'AC5', planId: 'PA', createdDate: '2026-07-01', description: 'After the period', outcome: 'x', ownerId: 'SW1', status: 'open' },
    { id: 'AC6', planId: 'PK', createdDate: '2026-06-10', description: 'GP appointment', outcome: 'Seen by GP', ownerId: 'SW1', dueDate: '2026-06-20', status: 'open' },
  ]
  doc.disagreements = [
    { id: 'D1', planId: 'PA', raisedDate: '2026-05-29', raisedById: 'H1', category: 'threshold', stages: [{ stage: 1, startDate: '2026-05-29' }], resolvedDate: '2026-06-26', outcome: 'Agreed' },
    { id: 'D2', planId: 'PB', raisedDate: '2026-05-28', raisedById: 'H1', category: 'visits', stages: [{ stage: 1, startDate: '2026-05-28' }], resolvedDate: '2026-06-26', outcome: 'Agreed' },
    { id: 'D3', planId: 'PC', raisedDate: '2026-06-05', raisedById: 'H1', category: 'visits', stages: [] },
  ]
  return doc
}

describe('audit indicators, June 2026, worked out by hand', () => {
  let env: { core: Core; cleanup: () => void }
  const call = caller(() => env.core)
  let june: OutputOf<'audit:indicators'>
  beforeAll(async () => {
    env = await startCore('2026-11-26', auditCaseload())
    june = await call('audit:indicators', { from: '2026-06-01', to: '2026-06-30' })
  })
  afterAll(() => env.cleanup())
  const get = (id: string) => june.indicators.find((i) => i.id === id)!
  const ids = (id: string, met: boolean) => get(id).cases.filter((c) => c.met === met).map((c) => c.id).sort()

  // README "The audit's indicators", common terms: in scope = starts <= to and (no end or end >= from).
  it('scope: 10 plans of 9 children (a plan that ended on 31 May and one starting 1 Jul are out; a child with two plans once)', () => {
    expect(june.scope).toEqual({ plans: 10, children: 9 })
  })

  // README table `first-core-group`: due = 10 working days after the start (25 May bank holiday skipped);
  // a meeting before the plan's start is not one of its meetings; a plan ending before the deadline without one is left out.
  it('first-core-group: 2 of 4 (PA due 1 Jun over the bank holiday, PE2 on its due day; PC a day late; PK only met before its start; PD left out)', () => {
    expect([get('first-core-group').numerator, get('first-core-group').denominator]).toEqual([2, 4])
    expect(ids('first-core-group', true)).toEqual(['PA', 'PE2'])
    expect(ids('first-core-group', false)).toEqual(['PC', 'PK'])
    expect(get('first-core-group').percent).toBe(50)
  })

  // README table `core-group-interval`: each core group whose next was due (28 days later) in the period.
  it('core-group-interval: 2 of 4 (MB1→MB2 on the 28th day, MF2→MF1; MA1, MF1 none by their due day; ME1 left out as PE1 ended first)', () => {
    expect([get('core-group-interval').numerator, get('core-group-interval').denominator]).toEqual([2, 4])
    expect(ids('core-group-interval', true)).toEqual(['MB1', 'MF2'])
    expect(ids('core-group-interval', false)).toEqual(['MA1', 'MF1'])
  })

  // README table `decisions-distributed`: due 10 working days after (MF2: 2 Jun over 25 May); members on the
  // meeting date only (toDate on the day counts, a later joiner does not); meetings with no member left out.
  it('decisions-distributed: 2 of 3, 66.7% (MF1, MF2 met; MC1 sent after the period)', () => {
    const i = get('decisions-distributed')
    expect([i.numerator, i.denominator, i.percent]).toEqual([2, 3, 66.7])
    expect(ids('decisions-distributed', true)).toEqual(['MF1', 'MF2'])
    expect(ids('decisions-distributed', false)).toEqual(['MC1'])
  })

  // README table: meetings held in the period; MB3 (1 Jul) after `to`; MK0 before its plan started.
  it.each([
    ['plan-available', 'MC1'],
    ['child-views-recorded', 'ME2'],
    ['risk-reviewed', 'MF1'],
  ])('%s: 4 of 5 meetings held in June, not met: %s', (id, miss) => {
    expect([get(id).numerator, get(id).denominator]).toEqual([4, 5])
    expect(ids(id, false)).toEqual([miss])
    expect(get(id).cases.map((c) => c.id).sort()).toEqual(['MA1', 'MB2', 'MC1', 'ME2', 'MF1'])
  })

  // README table `actions-smart`: created in the period (1 and 30 Jun in, 31 May and 1 Jul out); blank outcome is not met.
  it('actions-smart: 2 of 4 (AC2 has no owner, AC3 an outcome of spaces)', () => {
    expect([get('actions-smart').numerator, get('actions-smart').denominator]).toEqual([2, 4])
    expect(ids('actions-smart', false)).toEqual(['AC2', 'AC3'])
  })

  // README table `complex-case-chair`.
  it('complex-case-chair: 1 of 2 (MF1 chaired by the deputy manager, MC1 by a social worker)', () => {
    expect([get('complex-case-chair').numerator, get('complex-case-chair').denominator]).toEqual([1, 2])
  })

  // README table `review-conference-on-time`: 3 months after 31 Mar is 30 Jun (clamped); PH due 2 Jun, held 3 Jun;
  // PG ended 5 Jun before its 10 Jun deadline without a review: left out.
  it('review-conference-on-time: 1 of 2 (PF on 30 Jun met, PH a day late)', () => {
    const i = get('review-conference-on-time')
    expect([i.numerator, i.denominator]).toEqual([1, 2])
    expect(i.cases.map((c) => [c.planIds[0], c.met]).sort()).toEqual([
      ['PF', true],
      ['PH', false],
    ])
    expect(i.cases.find((c) => c.planIds[0] === 'PF')!.date).toBe('2026-06-30')
    expect(i.cases.find((c) => c.planIds[0] === 'PH')!.date).toBe('2026-06-02')
  })

  // README table `disagreement-resolved`: 20 working days after being raised.
  it('disagreement-resolved: 1 of 2 (D1 due and resolved 26 Jun; D2 due 25 Jun, resolved 26 Jun)', () => {
    expect([get('disagreement-resolved').numerator, get('disagreement-resolved').denominator]).toEqual([2 - 1, 2])
    expect(ids('disagreement-resolved', true)).toEqual(['D1'])
    expect(get('disagreement-resolved').cases.find((c) => c.id === 'D2')!.date).toBe('2026-06-25')
  })

  // README table `worker-stability`: children with a plan in the period; a first allocation is not a change;
  // a change on `from` or `to` counts, one on 1 Jul does not; K10 (plan ended 31 May) not counted.
  it('worker-stability: 7 of 9 children (K2 changed on 1 Jun, K7 on 30 Jun)', () => {
    expect([get('worker-stability').numerator, get('worker-stability').denominator]).toEqual([7, 9])
    expect(ids('worker-stability', false)).toEqual(['K2', 'K7'])
    expect(get('worker-stability').cases.map((c) => c.id)).not.toContain('K10')
  })

  // README common terms: "percentages to one decimal place (none when nothing was measured)".
  it('an empty period: every count 0 of 0 with no percentage', async () => {
    const empty = await call('audit:indicators', { from: '2020-01-01', to: '2020-01-31' })
    expect(empty.scope).toEqual({ plans: 0, children: 0 })
    for (const i of empty.indicators) expect([i.numerator, i.denominator, i.percent]).toEqual([0, 0, null])
  })

  // README "The audit's indicators": an indicator with nothing measured is neither done well nor an area for development.
  it('the report of an empty period lists every indicator as not measured, none as 0%', async () => {
    const out = await call('export:document', { target: { kind: 'audit', from: '2020-01-01', to: '2020-01-31' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    expect(out.text).not.toMatch(/\b0\.0%/)
    expect(out.text).toContain('- First core group within the timescale: no cases in the period.')
  })

  // Was a fault (fixed): with nothing measured, the report says both "No indicator reached 80% in this period." (under
  // What we did well) and "Every measured indicator reached 80% in this period." (under Areas for development):
  // the second reads as a clean bill of health for a period in which nothing at all was measured.
  it('the report of an empty period does not claim "Every measured indicator reached 80%"', async () => {
    const out = await call('export:document', { target: { kind: 'audit', from: '2020-01-01', to: '2020-01-31' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    expect(out.text).not.toContain('Every measured indicator reached')
  })

  // README "Exports": the audit report lists not-met cases by the children's names and the date (UK), no plan ids.
  it('the June report names the children behind not-met cases with UK dates, never plan or meeting codes', async () => {
    const out = await call('export:document', { target: { kind: 'audit', from: '2026-06-01', to: '2026-06-30' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    expect(out.text).toContain('Fictional Three Audit')
    expect(out.text).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    expect(out.text).not.toMatch(/\b(PA|PB|PC|PK|MC1|MF1|AC2|AC3)\b/)
    expect(out.text).toMatch(/Decisions[^\n]*: 66\.7% \(2 of 3\)/)
  })

  // README Exports: "The audit report lists the cases not met by the children's names and the date".
  // Was a fault (fixed, wording): the date given is the deadline, but it is printed as "(core group, 29 Jun 2026)" — which reads as
  // a core group held on 29 Jun. K1's core group was on 1 Jun and the next was due by 29 Jun; likewise "(conference,
  // 2 Jun 2026)" for a review held late on 3 Jun. The line should say "due 29 Jun 2026" (or give the meeting's date).
  it('a not-met deadline case in the report says the date is a due date, not the date of a core group', async () => {
    const out = await call('export:document', { target: { kind: 'audit', from: '2026-06-01', to: '2026-06-30' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    const line = out.text.split('\n').find((l) => l.startsWith('Not met') && l.includes('Fictional One Audit'))!
    expect(line).toMatch(/Fictional One Audit \([^)]*(due|1 Jun 2026)[^)]*\)/)
  })

  // README common terms: each case counts in the calendar month of its one date; months split the period.
  it('a period over May and June: each case in the month of its date, months sum to the period', async () => {
    const r = await call('audit:indicators', { from: '2026-05-16', to: '2026-06-30' })
    const fcg = r.indicators.find((i) => i.id === 'first-core-group')!
    // PB (due 29 May, met on 29 May) joins May; June as before.
    expect(fcg.monthly.map((m) => [m.month, m.numerator, m.denominator])).toEqual([
      ['2026-05', 1, 1],
      ['2026-06', 2, 4],
    ])
    expect(fcg.monthly[0]!.from).toBe('2026-05-16')
  })
})

// ---------------------------------------------------------------------------------------------
// Supervision sessions, actions, notes and mid-way reviews. Today is 26 Nov 2026; the session is on
// Wednesday 10 Jun 2026 for Sam Worker's children.
// ---------------------------------------------------------------------------------------------
function supervisionCaseload(): Doc {
  const doc = emptyCaseload()
  doc.children = [
    { id: 'C-OAK', name: 'Fictional Oak Test', complex: false, team: 'North' },
    { id: 'C-PINE', name: 'Fictional Pine Test', complex: false, team: 'North' },
    { id: 'C-YEW', name: 'Fictional Yew Test', complex: false, team: 'North' },
    { id: 'C-ROWAN', name: 'Fictional Rowan Test', complex: false, team: 'North' },
    { id: 'C-HAZEL', name: 'Fictional Hazel Test', complex: false, team: 'North' },
    { id: 'C-OTHER', name: 'Fictional Maple Test', complex: false, team: 'South' },
  ]
  doc.professionals = PROFESSIONALS
  doc.allocations = [
    { id: 'A1', childId: 'C-OAK', professionalId: 'SW1', startDate: '2026-01-01' },
    { id: 'A2', childId: 'C-PINE', professionalId: 'SW1', startDate: '2026-01-01' },
    { id: 'A3', childId: 'C-YEW', professionalId: 'SW1', startDate: '2026-01-01' },
    { id: 'A4', childId: 'C-ROWAN', professionalId: 'SW1', startDate: '2025-10-01' },
    { id: 'A5', childId: 'C-HAZEL', professionalId: 'SW1', startDate: '2025-06-01' },
    { id: 'A6', childId: 'C-OTHER', professionalId: 'SW2', startDate: '2026-01-01' },
  ]
  doc.plans = [
    { id: 'Q1', childId: 'C-OAK', startDate: '2026-03-02', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'Q2', childId: 'C-PINE', startDate: '2026-03-31', initialCategory: 'emotional', previousPlans: 0 },
    { id: 'Q3', childId: 'C-YEW', startDate: '2026-07-01', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'Q4', childId: 'C-ROWAN', startDate: '2025-10-01', endDate: '2026-05-29', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'Q5a', childId: 'C-HAZEL', startDate: '2025-06-02', endDate: '2026-03-31', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'Q5b', childId: 'C-HAZEL', startDate: '2026-04-01', initialCategory: 'physical', previousPlans: 1 },
    { id: 'Q6', childId: 'C-OTHER', startDate: '2026-03-02', initialCategory: 'neglect', previousPlans: 0 },
  ]
  doc.conferences = [
    { id: 'I1', planId: 'Q1', kind: 'initial', date: '2026-03-02' },
    { id: 'I2', planId: 'Q2', kind: 'initial', date: '2026-03-31' },
    { id: 'I3', planId: 'Q3', kind: 'initial', date: '2026-07-01' },
    { id: 'I4', planId: 'Q4', kind: 'initial', date: '2025-10-01' },
    { id: 'I5a', planId: 'Q5a', kind: 'initial', date: '2025-06-02' },
    { id: 'I5b', planId: 'Q5b', kind: 'initial', date: '2026-04-01' },
    { id: 'R5b', planId: 'Q5b', kind: 'review', date: '2026-06-10' },
    { id: 'I6', planId: 'Q6', kind: 'initial', date: '2026-03-02' },
  ]
  doc.members = [
    { planId: 'Q1', professionalId: 'SW1', fromDate: '2026-03-02' },
    { planId: 'Q1', professionalId: 'H1', fromDate: '2026-03-02' },
    { planId: 'Q2', professionalId: 'SW1', fromDate: '2026-03-31' },
  ]
  doc.meetings = [
    meeting('QM1', ['Q1'], '2026-03-12', 'SW1'),
    { ...meeting('QM2', ['Q1'], '2026-05-20', 'SW1'), attended: ['H1', 'SW1'], riskScore: { score: 8, scale: 'danger' as const } },
    meeting('QM2a', ['Q2'], '2026-04-10', 'SW1'),
    meeting('QM2b', ['Q2'], '2026-06-10', 'SW1', { views: false }),
    meeting('QM6', ['Q6'], '2026-05-01', 'SW2', { views: false }),
  ]
  doc.distributions = []
  doc.actions = [
    { id: 'QA1', planId: 'Q1', createdDate: '2026-03-02', description: 'Arrange nursery place', outcome: 'Attends 3 days', ownerId: 'SW1', dueDate: '2026-05-01', status: 'done', closedDate: '2026-06-20' },
    { id: 'QA2', planId: 'Q1', createdDate: '2026-06-01', description: 'Dentist appointment', outcome: 'Seen', ownerId: 'H1', dueDate: '2026-07-08', status: 'open' },
    { id: 'QA3', planId: 'Q1', createdDate: '2026-06-01', description: 'Housing letter', outcome: 'Sent', ownerId: 'SW1', dueDate: '2026-07-09', status: 'open' },
    { id: 'QA4', planId: 'Q1', createdDate: '2026-06-01', description: 'Speech therapy referral', outcome: 'Referred', ownerId: 'SW1', dueDate: '2026-06-10', status: 'open' },
    { id: 'QB1', planId: 'Q2', createdDate: '2026-04-01', description: 'Pine secret action', outcome: 'x', ownerId: 'SW1', dueDate: '2026-05-01', status: 'open' },
    { id: 'QO1', planId: 'Q6', createdDate: '2026-04-01', description: 'Maple private action', outcome: 'x', ownerId: 'SW2', dueDate: '2026-05-01', status: 'open' },
  ]
  doc.visits = [{ id: 'V1', childId: 'C-OAK', date: '2026-06-01', seenAlone: false }]
  return doc
}

const ISO = /\b\d{4}-\d{2}-\d{2}\b/
const squash = (s: string) => s.replace(/\s+/g, ' ').trim()

describe('supervision sessions, actions and notes', () => {
  let env: { core: Core; cleanup: () => void }
  const call = caller(() => env.core)
  const SW1 = { kind: 'worker' as const, id: 'SW1' }
  const DATE = '2026-06-10'
  let sessionId = ''
  beforeAll(async () => {
    env = await startCore('2026-11-26', supervisionCaseload())
  })
  afterAll(() => env.cleanup())
  const findings = (asOf: string) => scanCaseload(env.core.session.database(), { asOf }).findings
  const base = { date: DATE, scope: SW1, supervisor: 'Dee Manager (fictional)', notes: '' }

  // README Supervision: "a social worker (the children allocated to them on the date)"; only open plans drift (§4).
  it('the agenda on 10 Jun lists the worker’s children with a plan open that day: not a plan starting 1 Jul, not one ended 29 May, not another worker’s', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: DATE })
    expect(a.children.map((c) => c.childId).sort()).toEqual(['C-HAZEL', 'C-OAK', 'C-PINE'])
    expect(a.children.find((c) => c.childId === 'C-HAZEL')!.planId).toBe('Q5b')
  })

  // README Supervision: "over the two months before when there was none"; changes in (since, date].
  it('with no earlier supervision, changes are counted from two months back (10 Apr), the core group on 10 Apr excluded and 10 Jun included', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: DATE })
    const pine = a.children.find((c) => c.childId === 'C-PINE')!
    expect(pine.since).toBe('2026-04-10')
    expect(pine.sinceLastSupervision).toBe(false)
    const text = pine.changes.join('\n')
    expect(text).toMatch(/10 Jun 2026/)
    expect(pine.changes.filter((l) => l.startsWith('Core group on')).map((l) => l.slice(0, 27))).toEqual(['Core group on 10 Jun 2026: '])
    expect(text).not.toMatch(ISO)
  })

  // README Supervision: "the plan's actions overdue or due within 28 days" (10 Jun + 28 days = 8 Jul); QA1 was open then (done 20 Jun).
  it('actions due: the overdue one (closed later), one due that day (not overdue), one due on day 28; not one due on day 29', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: DATE })
    const oak = a.children.find((c) => c.childId === 'C-OAK')!
    expect(oak.actionsDue.map((x) => [x.id, x.overdue]).sort()).toEqual([
      ['QA1', true],
      ['QA2', false],
      ['QA4', false],
    ])
  })

  // README Supervision: the agenda's findings are "the drift findings on that date", worst first.
  it('each child’s findings are the scan of 10 Jun, not of today', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: DATE })
    const oak = a.children.find((c) => c.childId === 'C-OAK')!
    const expected = findings(DATE).filter((f) => f.childId === 'C-OAK').map((f) => f.message).sort()
    expect(oak.findings.map((f) => f.message).sort()).toEqual(expected)
    expect(oak.findings.some((f) => f.ruleId === 'action-overdue' && f.subject.id === 'QA1')).toBe(true)
  })

  it('records the session; a supervision action for the child with two plans belongs to the plan open on the session date', async () => {
    const saved = await call('supervision:save', {
      ...base,
      notes: 'Sam’s caseload reviewed.',
      children: [{ childId: 'C-OAK', discussion: 'Nursery place now found; dentist outstanding.', decisions: 'Chase the dentist through the health visitor.' }],
      actions: [
        { childId: 'C-OAK', description: 'Ring the dental practice', ownerId: 'SW1', dueDate: '2026-06-24' },
        { childId: 'C-HAZEL', description: 'Book the family network meeting', ownerId: 'SW1', dueDate: '2026-06-17' },
      ],
    })
    sessionId = saved.sessionId
    const a = await call('supervision:agenda', { scope: SW1, date: DATE, sessionId })
    const hazel = a.children.find((c) => c.childId === 'C-HAZEL')!
    expect(hazel.actions).toMatchObject([{ planId: 'Q5b', dueDate: '2026-06-17', state: 'open' }])
    const overdue = findings('2026-06-18').filter((f) => f.ruleId === 'supervision-action-overdue')
    expect(overdue.map((f) => [f.childId, f.planId, f.dueDate])).toEqual([['C-HAZEL', 'Q5b', '2026-06-17']])
    expect(findings('2026-06-17').filter((f) => f.ruleId === 'supervision-action-overdue')).toEqual([])
  })

  // README Exports + Supervision: one child's supervision note — that child, its findings on the session date,
  // UK dates, the discussion, decisions and actions; nothing of another child.
  it('the one-child note holds that child’s findings of 10 Jun, the decisions and the action with its UK due date, and nothing of other children', async () => {
    const out = await call('export:document', { target: { kind: 'session-child', sessionId, childId: 'C-OAK' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    const text = squash(out.text)
    expect(text).toContain('Fictional Oak Test')
    expect(text).toContain('10 Jun 2026')
    expect(text).toContain('Chase the dentist through the health visitor.')
    expect(text).toContain('Ring the dental practice')
    expect(text).toContain('24 Jun 2026')
    for (const f of findings(DATE).filter((x) => x.childId === 'C-OAK')) expect(text).toContain(squash(f.message))
    for (const s of ['Fictional Pine Test', 'Fictional Hazel Test', 'Pine secret action', 'Book the family network meeting', 'Fictional Maple Test']) expect(text).not.toContain(s)
    // Oak's own findings then and at the start of the look-back (its resolved ones are listed too).
    const own = new Set([...findings(DATE), ...findings('2026-04-10')].filter((x) => x.childId === 'C-OAK').map((f) => f.message))
    for (const f of findings(DATE).filter((x) => x.childId !== 'C-OAK' && !own.has(x.message))) {
      expect(text).not.toContain(squash(f.message))
    }
    expect(out.text).not.toMatch(ISO)
  })

  it('the one-child note does not carry findings that only arose after the session (today’s scan)', async () => {
    const out = await call('export:document', { target: { kind: 'session-child', sessionId, childId: 'C-OAK' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    const then = new Set(findings(DATE).map((f) => f.message))
    const later = findings('2026-11-26').filter((f) => f.childId === 'C-OAK' && !then.has(f.message))
    expect(later.length).toBeGreaterThan(0)
    for (const f of later) expect(squash(out.text)).not.toContain(squash(f.message))
  })

  // README Supervision: "resolved since" is decided by rule and record — but the README's own reason ("a newer core
  // group that scores safety just as low is the same risk, not a risk resolved and a new one") is that a concern that
  // persists is not called resolved.
  // Was a fault (fixed, misleading): "Arrange nursery place" went from stale (no progress) to overdue (still no progress); the note
  // says "Resolved since: The action “Arrange nursery place” has had no recorded progress since it was set on 2 Mar
  // 2026", which a reader takes as progress made, while the same action is listed as newly overdue.
  it('an action that went from stale to overdue is not reported as "Resolved since"', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: DATE, sessionId })
    expect(a.children.find((c) => c.childId === 'C-OAK')!.since).toBe('2026-04-10')
    const oak = a.children.find((c) => c.childId === 'C-OAK')!
    expect(oak.changes.filter((l) => l.startsWith('Resolved since:') && l.includes('Arrange nursery place'))).toEqual([])
  })

  // README Supervision: "Record the discussion and decisions per child" for the children on the agenda.
  it('a supervision action for a child whose plan had not started on the session date is refused, naming the child', async () => {
    const r = await env.core.dispatch('supervision:save', {
      ...base,
      children: [],
      actions: [{ childId: 'C-YEW', description: 'Too soon', ownerId: 'SW1', dueDate: '2026-06-30' }],
    })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(`${r.message} ${JSON.stringify(r.problems ?? [])}`).toMatch(/Yew|plan/i)
  })

  it('a supervision action for a child whose plan ended before the session date is refused', async () => {
    const r = await env.core.dispatch('supervision:save', {
      ...base,
      children: [],
      actions: [{ childId: 'C-ROWAN', description: 'Too late', ownerId: 'SW1', dueDate: '2026-06-30' }],
    })
    expect(r.ok).toBe(false)
  })

  // Was a fault (fixed): supervision:save accepted a discussion for a child outside the session's scope (Kit Worker's child in a
  // session about Sam Worker). Sam's session never shows it (the agenda is built from the scope), yet it counts as
  // "the last supervision that discussed the child": Kit's next supervision starts its "what changed" from it.
  it('discussion recorded for a child who is not in the session’s scope (another worker’s) is refused', async () => {
    const r = await env.core.dispatch('supervision:save', {
      ...base,
      children: [{ childId: 'C-OTHER', discussion: 'Not Sam’s child', decisions: 'Nothing decided' }],
      actions: [],
    })
    expect(r.ok).toBe(false)
  })

  // Follows the case above: what the wrongly accepted discussion does to the other worker's supervision.
  it('a discussion hidden in another worker’s session does not shorten this worker’s look-back', async () => {
    const a = await call('supervision:agenda', { scope: { kind: 'worker', id: 'SW2' }, date: '2026-06-20' })
    const maple = a.children.find((c) => c.childId === 'C-OTHER')!
    expect(maple.since).toBe('2026-04-20')
    expect(maple.sinceLastSupervision).toBe(false)
  })

  it('a discussion for a child id that does not exist is refused, naming the child field', async () => {
    const r = await env.core.dispatch('supervision:save', { ...base, children: [{ childId: 'NOPE', discussion: 'x', decisions: 'x' }], actions: [] })
    expect(r).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.children[0].childId' }] })
  })

  // A professional record: a supervision that has not happened yet cannot be recorded (today is 26 Nov 2026).
  it('a session dated after today is refused, naming the date', async () => {
    const r = await env.core.dispatch('supervision:save', { ...base, date: '2026-12-10', children: [], actions: [] })
    expect(r).toMatchObject({ ok: false })
    if (!r.ok) expect(JSON.stringify(r.problems ?? [])).toContain('$.date')
  })

  // Bank holidays matter to working days only; a session on 31 Aug 2026 (Summer bank holiday) is a date like any other.
  // Two months back from 31 Aug is 30 Jun (no 31 Jun). C-PINE was not discussed on 10 Jun, so its changes count from there.
  it('a session on the August bank holiday: saved; two months back is 30 Jun for a child not discussed since', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: '2026-08-31' })
    const pine = a.children.find((c) => c.childId === 'C-PINE')!
    expect(pine.since).toBe('2026-06-30')
    expect(pine.sinceLastSupervision).toBe(false)
    const oak = a.children.find((c) => c.childId === 'C-OAK')!
    expect(oak.since).toBe('2026-06-10')
    expect(oak.sinceLastSupervision).toBe(true)
    expect(oak.previous).toMatchObject({ date: '2026-06-10', decisions: 'Chase the dentist through the health visitor.' })
    expect(oak.carriedForward).toMatchObject([{ description: 'Ring the dental practice', state: 'overdue' }])
    const r = await env.core.dispatch('supervision:save', { ...base, date: '2026-08-31', children: [], actions: [] })
    expect(r.ok).toBe(true)
  })

  // README Supervision: "A supervision action still open after its due date is a drift finding"; Mark done records it.
  it('an overdue supervision action dropped stops the finding from the drop date; reopened, it comes back', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: DATE, sessionId })
    const id = a.children.find((c) => c.childId === 'C-OAK')!.actions[0]!.id
    const on = (d: string) => findings(d).filter((f) => f.ruleId === 'supervision-action-overdue' && f.childId === 'C-OAK')
    expect(on('2026-06-25')).toHaveLength(1)
    expect(on('2026-06-25')[0]!.message).toMatch(/24 Jun 2026/)
    await call('supervision:action-status', { id, status: 'dropped', closedDate: '2026-06-30' })
    expect(on('2026-06-29')).toHaveLength(1)
    expect(on('2026-06-30')).toEqual([])
    await call('supervision:action-status', { id, status: 'open', closedDate: null })
    expect(on('2026-07-01')).toHaveLength(1)
  })

  // Marking an action done on a date that has not come yet would hide a finding that is still true today.
  it('marking a supervision action done on a date after today is refused, naming the closed date', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: DATE, sessionId })
    const id = a.children.find((c) => c.childId === 'C-OAK')!.actions[0]!.id
    const r = await env.core.dispatch('supervision:action-status', { id, status: 'done', closedDate: '2026-12-31' })
    expect(r).toMatchObject({ ok: false })
    if (!r.ok) expect(JSON.stringify(r.problems ?? [])).toContain('$.closedDate')
  })

  it('reopening an action with a closed date is refused or the date is cleared (an open action has no closed date)', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: DATE, sessionId })
    const id = a.children.find((c) => c.childId === 'C-OAK')!.actions[0]!.id
    const r = await env.core.dispatch('supervision:action-status', { id, status: 'open', closedDate: '2026-07-01' })
    if (r.ok) {
      const again = await call('supervision:agenda', { scope: SW1, date: DATE, sessionId })
      expect(again.children.find((c) => c.childId === 'C-OAK')!.actions[0]!.closedDate).toBeNull()
    }
  })

  // Schema comment on supervision:save "An existing session to update (its date and scope stay as they were)".
  it('editing a session changes its discussion, keeps its date and scope, and does not duplicate its actions', async () => {
    await call('supervision:save', {
      id: sessionId,
      ...base,
      date: '2026-06-11',
      children: [{ childId: 'C-OAK', discussion: 'Edited discussion.', decisions: 'Edited decisions.' }],
      actions: [],
    })
    const list = (await call('supervision:list', {})).sessions.filter((s) => s.id === sessionId)
    expect(list).toMatchObject([{ date: '2026-06-10', scope: SW1, actions: 2 }])
    const a = await call('supervision:agenda', { scope: SW1, date: DATE, sessionId })
    const oak = a.children.find((c) => c.childId === 'C-OAK')!
    expect(oak.decisions).toBe('Edited decisions.')
    expect(oak.actions).toHaveLength(1)
  })

  // README Recording: "errors appear beside the field in plain English"; Supervision: "names the child and what is missing".
  it('validation: an empty supervisor and an action due before the session are refused with the field and words', async () => {
    const r = await env.core.dispatch('supervision:save', {
      ...base,
      supervisor: '',
      children: [],
      actions: [{ childId: 'C-OAK', description: 'x', ownerId: 'SW1', dueDate: '2026-06-09' }],
    })
    expect(r).toMatchObject({ ok: false, code: 'VALIDATION' })
    if (r.ok) return
    const paths = (r.problems ?? []).map((p) => p.path)
    expect(paths).toContain('$.supervisor')
    const r2 = await env.core.dispatch('supervision:save', { ...base, children: [], actions: [{ childId: 'C-OAK', description: 'x', ownerId: 'SW1', dueDate: '2026-06-09' }] })
    if (r2.ok) throw new Error('accepted')
    const p = (r2.problems ?? []).find((x) => x.path === '$.actions[0].dueDate')!
    expect(p.reason).toMatch(/before the session \(10 Jun 2026\)/)
  })

  it('an owner who does not exist is refused, naming the owner', async () => {
    const r = await env.core.dispatch('supervision:save', { ...base, children: [], actions: [{ childId: 'C-OAK', description: 'x', ownerId: 'NOBODY', dueDate: '2026-06-30' }] })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(JSON.stringify(r.problems ?? []) + r.message).toMatch(/owner/i)
  })
})

describe('mid-way reviews', () => {
  let env: { core: Core; cleanup: () => void }
  const call = caller(() => env.core)
  beforeAll(async () => {
    env = await startCore('2026-11-26', supervisionCaseload())
  })
  afterAll(() => env.cleanup())

  // README Mid-way review: "What changed since the latest conference (or the plan start)"; review due 3 months after
  // the initial, 6 after a review (brief §4 review-conference-overdue). A conference on the day itself is the latest.
  it('the child with two plans: on 9 Jun from the second plan’s initial conference (review due 1 Jul); on 10 Jun from that day’s review (due 10 Dec)', async () => {
    expect(await call('midway:prepare', { childId: 'C-HAZEL', date: '2026-06-09' })).toMatchObject({ planId: 'Q5b', since: '2026-04-01', reviewDue: '2026-07-01' })
    expect(await call('midway:prepare', { childId: 'C-HAZEL', date: '2026-06-10' })).toMatchObject({ planId: 'Q5b', since: '2026-06-10', reviewDue: '2026-12-10' })
  })

  // §4 addMonths clamps: 31 Mar + 3 months = 30 Jun.
  it('review due 3 months after an initial conference on 31 Mar is 30 Jun', async () => {
    expect(await call('midway:prepare', { childId: 'C-PINE', date: '2026-06-10' })).toMatchObject({ since: '2026-03-31', reviewDue: '2026-06-30' })
  })

  // README Mid-way review: attendance (members absent), risk shown as safety (10 = safe), actions overdue and closed
  // as they stood on the date (Arrange nursery place was done on 20 Jun, after the review date).
  it('as of 10 Jun: Hana absent from the first core group, danger 8 shown as safety 2, nursery action overdue and not yet closed', async () => {
    const m = await call('midway:prepare', { childId: 'C-OAK', date: '2026-06-10' })
    expect(m.since).toBe('2026-03-02')
    expect(m.attendance.find((x) => x.date === '2026-03-12')!.absent).toEqual(['Hana Visitor (fictional)'])
    expect(m.attendance.find((x) => x.date === '2026-05-20')!.absent).toEqual([])
    expect(m.risk).toMatchObject([{ date: '2026-05-20', safety: 2 }])
    expect(m.actions.overdue.join(' ')).toContain('Arrange nursery place')
    expect(m.actions.closed.join(' ')).not.toContain('Arrange nursery place')
    expect([...m.findings, ...m.childVoice, ...m.workers, ...m.risk.map((r) => r.text)].join(' ')).not.toMatch(ISO)
  })

  // README Mid-way review: "and the drift findings" — those of the review date.
  it('the mid-way review’s findings are the scan of its date (10 Jun), not of today', async () => {
    const m = await call('midway:prepare', { childId: 'C-OAK', date: '2026-06-10' })
    const then = scanCaseload(env.core.session.database(), { asOf: '2026-06-10' }).findings.filter((f) => f.childId === 'C-OAK')
    expect(then.length).toBeGreaterThan(0)
    for (const f of then) expect(m.findings.join('\n')).toContain(f.message)
    expect(m.suggestedRag).toBe('red') // two high findings that day
  })

  // Was a fault (fixed): README Triage: "Each child's findings come worst first (shared/finding-order.ts, also used by … the case view
  // and the supervision agenda)". The mid-way review lists "Drift findings on the review date" in rule order and without
  // their priority: Oak's two high findings (review conference overdue, safety 2) come after a due-soon action.
  it('the mid-way review lists the findings worst first', async () => {
    const m = await call('midway:prepare', { childId: 'C-OAK', date: '2026-06-10' })
    const at = (s: string) => m.findings.findIndex((f) => f.includes(s))
    expect(at('The review conference is overdue')).toBeGreaterThanOrEqual(0)
    expect(at('The review conference is overdue')).toBeLessThan(at('“Speech therapy referral”'))
    expect(at('danger scale')).toBeLessThan(at('“Arrange nursery place”'))
  })

  // §4 addMonths: a review on 31 Aug 2026 makes the next due 6 months later, 28 Feb 2027 (no 31 Feb).
  it('after a review conference on 31 Aug 2026, the next review is due 28 Feb 2027', async () => {
    const r = await env.core.dispatch('record:conference', { planId: 'Q2', kind: 'review', date: '2026-08-31' })
    expect(r.ok).toBe(true)
    expect(await call('midway:prepare', { childId: 'C-PINE', date: '2026-11-20' })).toMatchObject({ since: '2026-08-31', reviewDue: '2027-02-28' })
  })

  it('a mid-way review before the child’s plan started, or after it ended, is refused', async () => {
    expect(await env.core.dispatch('midway:prepare', { childId: 'C-YEW', date: '2026-06-10' })).toMatchObject({ ok: false })
    expect(await env.core.dispatch('midway:save', { childId: 'C-YEW', date: '2026-06-10', rag: 'green', ragReason: 'x', decision: 'no-change', decisionNote: '' })).toMatchObject({ ok: false })
    expect(await env.core.dispatch('midway:save', { childId: 'C-ROWAN', date: '2026-06-10', rag: 'green', ragReason: 'x', decision: 'no-change', decisionNote: '' })).toMatchObject({ ok: false })
  })

  // A review is of what happened; a mid-way review dated after today (26 Nov 2026) records a judgement not yet made.
  it('a mid-way review dated after today is refused, naming the date', async () => {
    const r = await env.core.dispatch('midway:save', { childId: 'C-OAK', date: '2026-12-10', rag: 'green', ragReason: 'All fine', decision: 'no-change', decisionNote: '' })
    expect(r).toMatchObject({ ok: false })
    if (!r.ok) expect(JSON.stringify(r.problems ?? [])).toContain('$.date')
  })

  // README Mid-way review: "The summary is stored with the review as it stood that day."
  it('the stored summary stays as it stood: a visit recorded afterwards, dated before the review, does not change it', async () => {
    const saved = await call('midway:save', { childId: 'C-OAK', date: '2026-06-10', rag: 'red', ragReason: 'Safety scored 2 at the last core group.', decision: 'escalate', decisionNote: 'Chair challenge to the team manager.' })
    const before = (await call('midway:list', { childId: 'C-OAK' })).reviews.find((r) => r.id === saved.id)!
    await call('record:visit', { childId: 'C-OAK', date: '2026-06-05', seenAlone: true })
    const after = (await call('midway:list', { childId: 'C-OAK' })).reviews.find((r) => r.id === saved.id)!
    expect(after.changes).toEqual(before.changes)
    expect((await call('midway:prepare', { childId: 'C-OAK', date: '2026-06-10' })).childVoice).not.toEqual(before.changes.childVoice)
  })

  // README Mid-way review: "a rating — red, amber or green, always shown with its word and with the reason";
  // Exports: UK dates, OFFICIAL-SENSITIVE.
  it('the exported mid-way review gives the rating in words, the reason, the decision and UK dates only', async () => {
    const review = (await call('midway:list', { childId: 'C-OAK' })).reviews[0]!
    const out = await call('export:document', { target: { kind: 'midway', reviewId: review.id }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    expect(out.text).toContain('Red: the plan is not protecting the child')
    expect(out.text).toContain('Safety scored 2 at the last core group.')
    expect(out.text).toContain('Escalate')
    expect(out.text).toContain('Fictional Oak Test')
    expect(out.text).toContain('10 Jun 2026')
    expect(out.text).toContain('2 Jun 2026') // the review conference that was due
    expect(out.text).not.toMatch(ISO)
    expect(out.text).not.toContain('Fictional Pine Test')
  })
})

// ---------------------------------------------------------------------------------------------
// More edges of the indicators: sibling core groups, no conference recorded, one-day periods,
// the trend by month, the CLI's audit and notes.
// ---------------------------------------------------------------------------------------------
function siblingCaseload(): Doc {
  const doc = emptyCaseload()
  doc.children = [
    { id: 'T1', name: 'Fictional Sib One', complex: false },
    { id: 'T2', name: 'Fictional Sib Two', complex: false },
  ]
  doc.professionals = PROFESSIONALS
  doc.allocations = [
    { id: 'AT1', childId: 'T1', professionalId: 'SW1', startDate: '2026-03-16' },
    { id: 'AT2', childId: 'T2', professionalId: 'SW1', startDate: '2026-03-16' },
  ]
  // No conference recorded: the plan start counts as the initial (review due 16 Jun).
  doc.plans = [
    { id: 'PS1', childId: 'T1', startDate: '2026-03-16', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PS2', childId: 'T2', startDate: '2026-03-16', initialCategory: 'neglect', previousPlans: 0 },
  ]
  doc.conferences = [{ id: 'RS1', planId: 'PS1', kind: 'review', date: '2026-06-15' }]
  doc.members = [
    { planId: 'PS1', professionalId: 'H1', fromDate: '2026-03-16' },
    { planId: 'PS2', professionalId: 'E1', fromDate: '2026-03-16' },
  ]
  doc.meetings = [meeting('MS1', ['PS1', 'PS2'], '2026-05-20', 'SW1'), meeting('MS2', ['PS1'], '2026-06-10', 'SW1')]
  // MS1's decisions (due 4 Jun) reached H1 (PS1's member) but not E1 (PS2's member).
  doc.distributions = [{ meetingId: 'MS1', professionalId: 'H1', date: '2026-05-21' }]
  return doc
}

describe('indicators: siblings, no conference recorded, one-day periods, trend, CLI', () => {
  let env: { core: Core; cleanup: () => void }
  let envA: { core: Core; cleanup: () => void }
  const call = caller(() => env.core)
  const callA = caller(() => envA.core)
  beforeAll(async () => {
    env = await startCore('2026-11-26', siblingCaseload())
    envA = await startCore('2026-11-26', auditCaseload())
  })
  afterAll(() => {
    env.cleanup()
    envA.cleanup()
  })

  // README `core-group-interval`: "For each plan, each core group whose next one was due" / "the plan's next core group".
  it('a shared core group is measured per plan: PS1 had its next on 10 Jun, PS2 none by 17 Jun', async () => {
    const r = await call('audit:indicators', { from: '2026-06-01', to: '2026-06-30' })
    const i = r.indicators.find((x) => x.id === 'core-group-interval')!
    expect([i.numerator, i.denominator]).toEqual([1, 2])
  })

  // README `decisions-distributed`: "every member on the meeting date" — of any plan the meeting covered.
  // MS2 (10 Jun, due 24 Jun) reached nobody either.
  it('a shared core group’s decisions must reach the members of both plans: E1 never got MS1’s', async () => {
    const r = await call('audit:indicators', { from: '2026-06-01', to: '2026-06-30' })
    const i = r.indicators.find((x) => x.id === 'decisions-distributed')!
    expect([i.numerator, i.denominator]).toEqual([0, 2])
    expect(i.cases.find((c) => c.id === 'MS1')).toMatchObject({ met: false, date: '2026-06-04', childIds: ['T1', 'T2'] })
  })

  // README `review-conference-on-time`: "the plan start counts as the initial if none is recorded" (16 Mar + 3 months = 16 Jun).
  it('review conferences with no initial conference recorded: due 16 Jun from the plan start; PS1 met, PS2 not', async () => {
    const r = await call('audit:indicators', { from: '2026-06-01', to: '2026-06-30' })
    const i = r.indicators.find((x) => x.id === 'review-conference-on-time')!
    expect([i.numerator, i.denominator]).toEqual([1, 2])
    expect(i.cases.every((c) => c.date === '2026-06-16')).toBe(true)
  })

  // README: cases "not-met first".
  it('the cases behind an indicator list the not-met ones first', async () => {
    const r = await callA('audit:indicators', { from: '2026-06-01', to: '2026-06-30' })
    for (const i of r.indicators) {
      const firstMet = i.cases.findIndex((c) => c.met)
      if (firstMet >= 0) expect(i.cases.slice(firstMet).every((c) => c.met)).toBe(true)
    }
  })

  // A period of one day (30 Jun): PF's review due and held that day; K7's new worker started that day, but K7's plan
  // ended on 5 Jun, so K7 is not a child with a plan in this period: 7 children, none with a change.
  it('a one-day period (30 Jun 2026)', async () => {
    const r = await callA('audit:indicators', { from: '2026-06-30', to: '2026-06-30' })
    const get = (id: string) => r.indicators.find((x) => x.id === id)!
    expect([get('review-conference-on-time').numerator, get('review-conference-on-time').denominator]).toEqual([1, 1])
    expect([get('worker-stability').numerator, get('worker-stability').denominator]).toEqual([7, 7])
    expect([get('actions-smart').numerator, get('actions-smart').denominator]).toEqual([0, 1])
    expect(r.indicators.every((i) => i.monthly.length === 1)).toBe(true)
  })

  // README `worker-stability`: "children with a plan during the period (per month: during the month)"; "no new allocated
  // social worker started in the period". 16 May–30 Jun: K10's plan ran to 31 May and a new worker started 10 Jun.
  it('worker-stability over 16 May–30 Jun: May 7 of 7; June 7 of 9; the period 7 of 10 (K10’s change on 10 Jun is in the period)', async () => {
    const r = await callA('audit:indicators', { from: '2026-05-16', to: '2026-06-30' })
    const i = r.indicators.find((x) => x.id === 'worker-stability')!
    expect(i.monthly.map((m) => [m.month, m.numerator, m.denominator])).toEqual([
      ['2026-05', 7, 7],
      ['2026-06', 7, 9],
    ])
    expect([i.numerator, i.denominator]).toEqual([7, 10])
  })
})

describe('supervision: scopes, recorded sessions read back, the CLI note', () => {
  let env: { core: Core; cleanup: () => void; dir: string }
  const call = caller(() => env.core)
  const SW1 = { kind: 'worker' as const, id: 'SW1' }
  const base = { date: '2026-06-10', scope: SW1, supervisor: 'Dee Manager (fictional)', notes: '' }
  let sessionId = ''
  beforeAll(async () => {
    const d = tempDir()
    const core = createCore({ dbPath: join(d.dir, 'caseload.db'), kdf: TEST_KDF, today: () => '2026-11-26', actor: 'Audit Tester (test)', host: { chooseSavePath: async () => null } })
    await core.session.create(TEST_PASSPHRASE, false)
    importCaseload(core.session.database(), supervisionCaseload())
    env = { core, dir: d.dir, cleanup: () => { core.session.closeNow(); d.cleanup() } }
    sessionId = (
      await call('supervision:save', {
        ...base,
        children: [{ childId: 'C-OAK', discussion: 'Oak discussed.', decisions: 'Oak decided.' }],
        actions: [{ childId: 'C-OAK', description: 'Oak follow-up', ownerId: 'SW1', dueDate: '2026-06-10' }],
      })
    ).sessionId
  })
  afterAll(() => env.cleanup())

  // README Supervision: a team (by the children's team) on the date; only plans open that day.
  it('a team scope: North’s children with a plan open on 10 Jun', async () => {
    const a = await call('supervision:agenda', { scope: { kind: 'team', id: 'North' }, date: '2026-06-10' })
    expect(a.children.map((c) => c.childId).sort()).toEqual(['C-HAZEL', 'C-OAK', 'C-PINE'])
  })

  // An action due on the session day is allowed (not before the session) and overdue from the next day.
  it('an action due on the session day: no finding that day, a finding the day after', () => {
    const on = (d: string) => scanCaseload(env.core.session.database(), { asOf: d }).findings.filter((f) => f.ruleId === 'supervision-action-overdue')
    expect(on('2026-06-10')).toEqual([])
    expect(on('2026-06-11').map((f) => [f.childId, f.dueDate, f.status, f.severity])).toEqual([['C-OAK', '2026-06-10', 'overdue', 'medium']])
  })

  // A recorded session is read back as it was: asking for it with another date must not show other findings under it.
  it('a recorded session asked for with a different date is shown on its own date (or refused)', async () => {
    const r = await env.core.dispatch('supervision:agenda', { scope: SW1, date: '2026-08-31', sessionId })
    if (r.ok) expect((r.data as { date: string }).date).toBe('2026-06-10')
  })

  it('a recorded session asked for with another scope is shown with its own scope (or refused)', async () => {
    const r = await env.core.dispatch('supervision:agenda', { scope: { kind: 'worker', id: 'SW2' }, date: '2026-06-10', sessionId })
    if (r.ok) expect((r.data as { children: { childId: string }[] }).children.map((c) => c.childId)).toContain('C-OAK')
  })

  it('updating a session that does not exist is refused, not created', async () => {
    const r = await env.core.dispatch('supervision:save', { ...base, id: 'no-such-session', children: [], actions: [] })
    expect(r.ok).toBe(false)
  })

  it('a session for a worker who does not exist is refused', async () => {
    const r = await env.core.dispatch('supervision:save', { ...base, scope: { kind: 'worker', id: 'NOBODY' }, children: [], actions: [] })
    expect(r.ok).toBe(false)
  })

  // README Exports: "one child's supervision note" — of a child of that session.
  it('a note for a child who was not in the session is refused', async () => {
    const r = await env.core.dispatch('export:document', { target: { kind: 'session-child', sessionId, childId: 'C-OTHER' }, format: 'txt', purpose: 'clipboard' })
    expect(r.ok).toBe(false)
  })

  // README Exports: the whole session: every child of the agenda, UK dates, nothing of another worker's child.
  it('the whole-session note names each of the worker’s children on that date and no other child', async () => {
    const out = await call('export:document', { target: { kind: 'session', sessionId }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    for (const n of ['Fictional Oak Test', 'Fictional Pine Test', 'Fictional Hazel Test']) expect(out.text).toContain(n)
    for (const n of ['Fictional Yew Test', 'Fictional Rowan Test', 'Fictional Maple Test', 'Maple private action']) expect(out.text).not.toContain(n)
    expect(out.text).not.toMatch(ISO)
  })

  // README Supervision: an open supervision action after its due date is a finding (medium, overdue); the next
  // session carries it forward with whether it was done. The next note shows both, in UK dates.
  it('the next session’s note for the child shows the overdue supervision action as a finding and as carried forward', async () => {
    const next = await call('supervision:save', { ...base, date: '2026-06-30', children: [{ childId: 'C-OAK', discussion: 'Follow-up still not done.', decisions: 'Done by Friday.' }], actions: [] })
    const a = await call('supervision:agenda', { scope: SW1, date: '2026-06-30', sessionId: next.sessionId })
    const oak = a.children.find((c) => c.childId === 'C-OAK')!
    expect(oak.carriedForward).toMatchObject([{ description: 'Oak follow-up', state: 'overdue' }])
    expect(oak.previous).toMatchObject({ date: '2026-06-10', decisions: 'Oak decided.' })
    expect(oak.since).toBe('2026-06-10')
    const out = await call('export:document', { target: { kind: 'session-child', sessionId: next.sessionId, childId: 'C-OAK' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    const text = squash(out.text)
    expect(text).toMatch(/Medium priority: The supervision action “Oak follow-up”[^.]*set on 10 Jun 2026, is overdue: it was due by 10 Jun 2026/)
    expect(text).toContain('Oak decided.')
    expect(out.text).not.toMatch(ISO)
  })

  // README Supervision: "The agenda lists the children most drift first (the triage order)": all three have a high
  // overdue finding on 10 Jun, so by drift score: Oak 14, Pine 9, Hazel 6.
  it('the whole-session note takes the children most drift first: Oak, Pine, Hazel', async () => {
    const out = await call('export:document', { target: { kind: 'session', sessionId }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    const pos = ['Fictional Oak Test (C-OAK)', 'Fictional Pine Test (C-PINE)', 'Fictional Hazel Test (C-HAZEL)'].map((h) => out.text.indexOf(h))
    expect(pos.every((p) => p >= 0)).toBe(true)
    expect([...pos].sort((a, b) => a - b)).toEqual(pos)
  })

  // Brief §4 "Scans of past dates must give what was true on A": an agenda prepared for a date before a recorded
  // session knows nothing of it (no previous decisions, nothing carried forward, the two-month look-back).
  it('an agenda for 1 Jun, before the 10 Jun session, shows no previous supervision and nothing carried forward', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: '2026-06-01' })
    const oak = a.children.find((c) => c.childId === 'C-OAK')!
    expect(oak.previous).toBeNull()
    expect(oak.carriedForward).toEqual([])
    expect(oak.since).toBe('2026-04-01')
  })

  it('marking a supervision action done without a date is refused, naming the closed date', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: '2026-06-10', sessionId })
    const id = a.children.find((c) => c.childId === 'C-OAK')!.actions[0]!.id
    const r = await env.core.dispatch('supervision:action-status', { id, status: 'done', closedDate: null })
    expect(r).toMatchObject({ ok: false })
    if (!r.ok) expect(JSON.stringify(r.problems ?? [])).toContain('$.closedDate')
  })

  // Brief §5 / README Command line: notes --worker ID --as-of DATE: the worker's children on that date, findings of that date.
  let cliNote = ''
  async function cliNoteText(): Promise<string> {
    if (cliNote) return cliNote
    const { runCliWith } = await import('../helpers/run-cli')
    const { writeFileSync, readFileSync } = await import('node:fs')
    const db = join(env.dir, 'cli.db')
    const json = join(env.dir, 'c.json')
    writeFileSync(json, JSON.stringify(supervisionCaseload()))
    expect((await runCliWith(['init', '--db', db], TEST_PASSPHRASE)).code).toBe(0)
    expect((await runCliWith(['import', '--db', db, json], TEST_PASSPHRASE)).code).toBe(0)
    const out = join(env.dir, 'note.txt')
    const r = await runCliWith(['notes', '--db', db, '--worker', 'SW1', '--as-of', '2026-06-10', '--format', 'txt', '--out', out], TEST_PASSPHRASE)
    expect(r.code).toBe(0)
    cliNote = readFileSync(out, 'utf8')
    return cliNote
  }

  it('CLI notes --as-of 10 Jun: the worker’s children, findings of that day, UK dates; a child with no open plan is said so', async () => {
    const text = await cliNoteText()
    for (const n of ['Fictional Oak Test', 'Fictional Pine Test', 'Fictional Hazel Test']) expect(text).toContain(n)
    expect(text).not.toContain('Fictional Maple Test')
    const yew = text.slice(text.indexOf('Fictional Yew Test (C-YEW)'))
    expect(yew).toContain('No child protection plan is open on 10 Jun 2026.')
    expect(squash(text)).toContain('The review conference is overdue: it was due by 2 Jun 2026')
    expect(squash(text)).toContain('Date: 15 Jun 2026; What: Statutory visit') // 10 working days after the 1 Jun visit
    expect(text).not.toMatch(ISO)
  }, 60_000)

  // Was a fault (fixed): README Triage: "Each child's findings come worst first (shared/finding-order.ts, also used by … the case
  // view and the supervision agenda)"; the app's session note does so. The CLI's supervision note (`notes`) lists
  // them in rule order instead: Oak's two HIGH findings come last, after a medium, two lows and two mediums.
  it('CLI notes list each child’s findings worst first, as the agenda and the session note do', async () => {
    const text = await cliNoteText()
    const oak = text.slice(text.indexOf('Fictional Oak Test (C-OAK)'), text.indexOf('Fictional Pine Test (C-PINE)'))
    const sev = [...oak.matchAll(/^- (High|Medium|Low) priority:/gm)].map((m) => m[1])
    expect(sev).toEqual(['High', 'High', 'Medium', 'Medium', 'Medium', 'Low', 'Low'])
  }, 60_000)
})

describe('blank-looking text and the report threshold', () => {
  let env: { core: Core; cleanup: () => void }
  beforeAll(async () => {
    env = await startCore('2026-11-26', supervisionCaseload())
  })
  afterAll(() => env.cleanup())
  const base = { date: '2026-06-10', scope: { kind: 'worker' as const, id: 'SW1' }, supervisor: 'Dee Manager (fictional)', notes: '', children: [] }

  // README Mid-way review: the rating is "always shown with its word and with the reason in the chair's own words".
  // Was a fault (fixed): the core accepts a reason of spaces (zod min(1) counts them); only the form trims. README Recording: "Every
  // save is validated twice … in the form and again in main", so main must refuse what the form refuses.
  it('a mid-way review whose reason is only spaces is refused, naming the reason field', async () => {
    const r = await env.core.dispatch('midway:save', { childId: 'C-OAK', date: '2026-06-10', rag: 'green', ragReason: '   ', decision: 'no-change', decisionNote: '' })
    expect(r).toMatchObject({ ok: false, problems: [{ path: '$.ragReason' }] })
  })

  // sessionInputSchema: supervisor "is required"; a name of spaces names nobody.
  // Was a fault (fixed): as above: the core stores a session whose supervisor is three spaces (the form would have refused it).
  it('a session whose supervisor is only spaces is refused, naming the supervisor field', async () => {
    const r = await env.core.dispatch('supervision:save', { ...base, supervisor: '   ', actions: [] })
    expect(r).toMatchObject({ ok: false, problems: [{ path: '$.supervisor' }] })
  })

  // README Supervision: new supervision actions (what, who, due date); "what" is required.
  // Was a fault (fixed): as above: the core stores a supervision action with no words, which later becomes an overdue finding.
  it('a supervision action whose description is only spaces is refused, naming the field', async () => {
    const r = await env.core.dispatch('supervision:save', { ...base, actions: [{ childId: 'C-OAK', description: '  \n ', ownerId: 'SW1', dueDate: '2026-06-30' }] })
    expect(r).toMatchObject({ ok: false, problems: [{ path: '$.actions[0].description' }] })
  })
})

describe('the report threshold and the CLI audit', () => {
  let env: { core: Core; cleanup: () => void; dir: string }
  beforeAll(async () => {
    const d = tempDir()
    const core = createCore({ dbPath: join(d.dir, 'caseload.db'), kdf: TEST_KDF, today: () => '2026-11-26', actor: 'Audit Tester (test)', host: { chooseSavePath: async () => null } })
    await core.session.create(TEST_PASSPHRASE, false)
    importCaseload(core.session.database(), auditCaseload())
    env = { core, dir: d.dir, cleanup: () => { core.session.closeNow(); d.cleanup() } }
  })
  afterAll(() => env.cleanup())

  // README: "What we did well (at or above the threshold …)": 50.0% with --threshold 50 is done well.
  it('an indicator exactly at the threshold is under "What we did well"', async () => {
    const { auditIndicators } = await import('../../electron/core/audit/indicators')
    const { auditReportDocument } = await import('../../electron/core/export/audit-report')
    const { canonicalText } = await import('../../electron/core/export/document')
    const result = auditIndicators(env.core.session.database(), { from: '2026-06-01', to: '2026-06-30' })
    const text = canonicalText(auditReportDocument(result, { threshold: 50, childNames: {} }))
    const well = text.slice(text.indexOf('\nWhat we did well\n'), text.indexOf('\nAreas for development\n'))
    expect(well).toContain('First core group within the timescale: 50.0% (2 of 4).')
  })

  // README Command line: `audit … --format json` gives the same indicators as the screen.
  it('CLI audit --format json: the same numerators and denominators as the audit screen', async () => {
    const { runCliWith } = await import('../helpers/run-cli')
    const { writeFileSync, readFileSync } = await import('node:fs')
    const db = join(env.dir, 'cli.db')
    const json = join(env.dir, 'a.json')
    writeFileSync(json, JSON.stringify(auditCaseload()))
    expect((await runCliWith(['init', '--db', db], TEST_PASSPHRASE)).code).toBe(0)
    expect((await runCliWith(['import', '--db', db, json], TEST_PASSPHRASE)).code).toBe(0)
    const out = join(env.dir, 'audit.json')
    const r = await runCliWith(['audit', '--db', db, '--from', '2026-06-01', '--to', '2026-06-30', '--format', 'json', '--out', out], TEST_PASSPHRASE)
    expect(r.code).toBe(0)
    const cli = JSON.parse(readFileSync(out, 'utf8')) as { indicators: { id: string; numerator: number; denominator: number }[] }
    const screen = await caller(() => env.core)('audit:indicators', { from: '2026-06-01', to: '2026-06-30' })
    expect(cli.indicators.map((i) => [i.id, i.numerator, i.denominator])).toEqual(screen.indicators.map((i) => [i.id, i.numerator, i.denominator]))
    expect(screen.indicators.find((i) => i.id === 'worker-stability')).toMatchObject({ numerator: 7, denominator: 9 })
  }, 60_000)
})

describe('the indicators follow the authority’s policy', () => {
  let env: { core: Core; cleanup: () => void }
  const call = caller(() => env.core)
  beforeAll(async () => {
    env = await startCore('2026-11-26', auditCaseload())
  })
  afterAll(() => env.cleanup())

  // README: "Timescales come from the drift policy (defaults shown)". With a first core group within 15 working days,
  // core groups every 42 days (Tees) and decisions within 5 working days, June 2026 works out as below.
  it('first core group 15 working days: 4 of 5; core groups every 42 days: 1 of 1; decisions within 5 working days: 0 of 2', async () => {
    await call('settings:policy-set', { policy: { firstCoreGroupWorkingDays: 15, coreGroupIntervalDays: 42, distributionWorkingDays: 5 } })
    const r = await call('audit:indicators', { from: '2026-06-01', to: '2026-06-30' })
    const get = (id: string) => r.indicators.find((i) => i.id === id)!
    expect([get('first-core-group').numerator, get('first-core-group').denominator]).toEqual([4, 5])
    expect(get('first-core-group').cases.filter((c) => !c.met).map((c) => c.id)).toEqual(['PK'])
    expect([get('core-group-interval').numerator, get('core-group-interval').denominator]).toEqual([1, 1])
    expect([get('decisions-distributed').numerator, get('decisions-distributed').denominator]).toEqual([0, 2])
  })

  // The report explains each indicator with the timescale actually used, not the default.
  it('the report’s definitions state the policy’s timescales (15 working days, 42 days)', async () => {
    const out = await call('export:document', { target: { kind: 'audit', from: '2026-06-01', to: '2026-06-30' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    expect(out.text).toContain('due = 15 working days after the plan start')
    expect(out.text).toContain('due = 42 days after it')
    expect(out.text).not.toContain('due = 28 days after it')
  })
})

describe('an audit period that runs past today', () => {
  let env: { core: Core; cleanup: () => void }
  beforeAll(async () => {
    const doc = emptyCaseload()
    doc.children = [{ id: 'Z1', name: 'Fictional Zed Test', complex: false }]
    doc.professionals = PROFESSIONALS
    doc.allocations = [{ id: 'AZ1', childId: 'Z1', professionalId: 'SW1', startDate: '2026-11-13' }]
    doc.plans = [{ id: 'PZ', childId: 'Z1', startDate: '2026-11-13', initialCategory: 'neglect', previousPlans: 0 }]
    doc.conferences = [{ id: 'IZ', planId: 'PZ', kind: 'initial', date: '2026-11-13' }]
    env = await startCore('2026-11-26', doc)
  })
  afterAll(() => env.cleanup())

  // Today is Thu 26 Nov 2026; a chair audits "November" (1–30 Nov). PZ started Fri 13 Nov, so its first core group is
  // due Fri 27 Nov (10 working days): tomorrow. It has not been missed.
  // Was a fault (fixed): the audit counts it "not met" (0 of 1, 0.0%, an Area for development): a deadline after today is reported as
  // a failure. Neither the screen (no max on To; its default To is the header's as-of date, which may be in the
  // future) nor the core stops a period that runs past today, and the README says nothing of deadlines not yet reached.
  it('a deadline after today (27 Nov) is not counted as missed in an audit of November', async () => {
    const r = await env.core.dispatch('audit:indicators', { from: '2026-11-01', to: '2026-11-30' })
    if (!r.ok) return
    const fcg = (r.data as { indicators: { id: string; cases: { met: boolean; date: string }[] }[] }).indicators.find((i) => i.id === 'first-core-group')!
    expect(fcg.cases.filter((c) => !c.met && c.date > '2026-11-26')).toEqual([])
  })
})

// README "Not in the interchange format": supervision sessions, actions and mid-way reviews "live only in the
// encrypted database, are not part of format v1 (import and export leave them alone)". Nothing may be lost.
describe('supervision records and a re-import of the caseload', () => {
  it('import --replace of the same caseload file keeps the sessions, their actions and the mid-way reviews', async () => {
    const d = tempDir()
    const dbPath = join(d.dir, 'caseload.db')
    const mk = () => createCore({ dbPath, kdf: TEST_KDF, today: () => '2026-11-26', actor: 'Audit Tester (test)', host: { chooseSavePath: async () => null } })
    let core = mk()
    const call = caller(() => core)
    try {
      await core.session.create(TEST_PASSPHRASE, false)
      importCaseload(core.session.database(), supervisionCaseload())
      const s = await call('supervision:save', {
        date: '2026-06-10',
        scope: { kind: 'worker', id: 'SW1' },
        supervisor: 'Dee Manager (fictional)',
        notes: 'Kept?',
        children: [{ childId: 'C-OAK', discussion: 'Discussed.', decisions: 'Decided.' }],
        actions: [{ childId: 'C-OAK', description: 'Keep me', ownerId: 'SW1', dueDate: '2026-06-20' }],
      })
      await call('midway:save', { childId: 'C-OAK', date: '2026-06-10', rag: 'amber', ragReason: 'Some drift.', decision: 'no-change', decisionNote: '' })
      core.session.closeNow()

      const { runCliWith } = await import('../helpers/run-cli')
      const { writeFileSync } = await import('node:fs')
      const json = join(d.dir, 'same.json')
      writeFileSync(json, JSON.stringify(supervisionCaseload()))
      const r = await runCliWith(['import', '--db', dbPath, '--replace', json], TEST_PASSPHRASE)
      expect(r.code).toBe(0)

      core = mk()
      await core.session.unlock(TEST_PASSPHRASE)
      expect((await call('supervision:list', {})).sessions).toMatchObject([{ id: s.sessionId, children: 1, actions: 1 }])
      expect((await call('midway:list', { childId: 'C-OAK' })).reviews).toHaveLength(1)
      const over = scanCaseload(core.session.database(), { asOf: '2026-06-21' }).findings.filter((f) => f.ruleId === 'supervision-action-overdue')
      expect(over).toHaveLength(1)
    } finally {
      core.session.closeNow()
      d.cleanup()
    }
  }, 60_000)
})

// Found by the audit (hid data): after `import --replace` of a caseload file that no longer holds Oak, the session
// list still said 1 child discussed and 1 action, but the session (agenda) and its exported note showed neither
// Oak's discussion nor the decisions. Now the agenda shows them after the group's children, marked 'removed', and a
// correction of the session saves with them. (An SSD sync keeps the child and reports a conflict: see the next case.)
describe('supervision records whose child a re-import removed', () => {
  it('a re-import that gives the child to another worker from before the session: the note is kept, shown as no longer in the group', async () => {
    const d = tempDir()
    const dbPath = join(d.dir, 'caseload.db')
    const core = createCore({ dbPath, kdf: TEST_KDF, today: () => '2026-11-26', actor: 'Audit Tester (test)', host: { chooseSavePath: async () => null } })
    const call = caller(() => core)
    try {
      await core.session.create(TEST_PASSPHRASE, false)
      importCaseload(core.session.database(), supervisionCaseload())
      const scope = { kind: 'worker' as const, id: 'SW1' }
      const s = await call('supervision:save', { date: '2026-06-10', scope, supervisor: 'Dee Manager (fictional)', notes: '', children: [{ childId: 'C-OAK', discussion: 'Discussed Oak.', decisions: 'Decided for Oak.' }], actions: [] })
      const doc = supervisionCaseload()
      const other = doc.allocations.find((a) => a.childId !== 'C-OAK' && a.professionalId !== 'SW1')!.professionalId
      doc.allocations = doc.allocations.map((a) => (a.childId === 'C-OAK' ? { ...a, professionalId: other } : a))
      importCaseload(core.session.database(), doc, { replace: true })
      core.session.invalidate()
      const agenda = await call('supervision:agenda', { sessionId: s.sessionId, date: '2026-06-10', scope })
      const oak = agenda.children.find((c) => c.childId === 'C-OAK')!
      expect(oak).toMatchObject({ recordedOnly: 'out-of-scope', childName: 'Fictional Oak Test', decisions: 'Decided for Oak.' })
      expect(agenda.children.at(-1)!.childId).toBe('C-OAK')
    } finally {
      core.session.closeNow()
      d.cleanup()
    }
  }, 60_000)

  it('import --replace without the child: the session’s note still holds what was discussed and decided for that child', async () => {
    const d = tempDir()
    const dbPath = join(d.dir, 'caseload.db')
    const mk = () => createCore({ dbPath, kdf: TEST_KDF, today: () => '2026-11-26', actor: 'Audit Tester (test)', host: { chooseSavePath: async () => null } })
    let core = mk()
    const call = caller(() => core)
    try {
      await core.session.create(TEST_PASSPHRASE, false)
      importCaseload(core.session.database(), supervisionCaseload())
      const s = await call('supervision:save', {
        date: '2026-06-10',
        scope: { kind: 'worker', id: 'SW1' },
        supervisor: 'Dee Manager (fictional)',
        notes: '',
        children: [{ childId: 'C-OAK', discussion: 'Discussed Oak.', decisions: 'Decided for Oak.' }],
        actions: [{ childId: 'C-OAK', description: 'Keep me', ownerId: 'SW1', dueDate: '2026-06-20' }],
      })
      await call('midway:save', { childId: 'C-OAK', date: '2026-06-10', rag: 'amber', ragReason: 'Some drift.', decision: 'no-change', decisionNote: '' })
      core.session.closeNow()

      const doc = supervisionCaseload()
      doc.children = doc.children.filter((c) => c.id !== 'C-OAK')
      doc.allocations = doc.allocations.filter((a) => a.childId !== 'C-OAK')
      doc.plans = doc.plans.filter((p) => p.childId !== 'C-OAK')
      doc.conferences = doc.conferences.filter((c) => c.planId !== 'Q1')
      doc.members = doc.members.filter((m) => m.planId !== 'Q1')
      doc.meetings = doc.meetings.filter((m) => !m.planIds.includes('Q1'))
      doc.actions = doc.actions.filter((a) => a.planId !== 'Q1')
      doc.visits = doc.visits.filter((v) => v.childId !== 'C-OAK')
      const { runCliWith } = await import('../helpers/run-cli')
      const { writeFileSync } = await import('node:fs')
      const json = join(d.dir, 'without-oak.json')
      writeFileSync(json, JSON.stringify(doc))
      const r = await runCliWith(['import', '--db', dbPath, '--replace', json], TEST_PASSPHRASE)
      expect(r.code).toBe(0)
      core = mk()
      await core.session.unlock(TEST_PASSPHRASE)
      expect((await call('supervision:list', {})).sessions).toMatchObject([{ id: s.sessionId, children: 1, actions: 1 }])
      expect((await call('midway:list', { childId: 'C-OAK' })).reviews).toHaveLength(1)
      const ex = await call('export:document', { target: { kind: 'session', sessionId: s.sessionId }, format: 'txt', purpose: 'clipboard' })
      if (ex.kind !== 'text') throw new Error('expected text')
      expect(ex.text).toContain('Decided for Oak.')
      expect(ex.text).toContain('Keep me')
      expect(ex.text).toContain('No longer in the caseload')
      const agenda = await call('supervision:agenda', { sessionId: s.sessionId, date: '2026-06-10', scope: { kind: 'worker', id: 'SW1' } })
      const oak = agenda.children.find((c) => c.childId === 'C-OAK')!
      expect(oak).toMatchObject({ recordedOnly: 'removed', childName: 'Child C-OAK', discussion: 'Discussed Oak.', decisions: 'Decided for Oak.', findings: [] })
      expect(oak.actions.map((a) => a.description)).toEqual(['Keep me'])
      expect(agenda.children.filter((c) => c.recordedOnly === null).length).toBeGreaterThan(0)
      // The editor sends every child's note back on a correction: Oak's is kept and may be corrected.
      await call('supervision:save', {
        id: s.sessionId,
        date: '2026-06-10',
        scope: { kind: 'worker', id: 'SW1' },
        supervisor: 'Dee Manager (fictional)',
        notes: 'Corrected.',
        children: agenda.children.map((c) => ({ childId: c.childId, discussion: c.discussion, decisions: c.childId === 'C-OAK' ? 'Decided for Oak, corrected.' : c.decisions })).filter((c) => c.discussion || c.decisions),
        actions: [],
      })
      const again = await call('supervision:agenda', { sessionId: s.sessionId, date: '2026-06-10', scope: { kind: 'worker', id: 'SW1' } })
      expect(again.children.find((c) => c.childId === 'C-OAK')!.decisions).toBe('Decided for Oak, corrected.')
      // A new action for a child no longer in the caseload is still refused: it has no plan to belong to.
      await expect(
        call('supervision:save', { id: s.sessionId, date: '2026-06-10', scope: { kind: 'worker', id: 'SW1' }, supervisor: 'Dee Manager (fictional)', notes: '', children: [], actions: [{ childId: 'C-OAK', description: 'New', ownerId: null, dueDate: '2026-06-20' }] }),
      ).rejects.toThrow(/no plan open/)
    } finally {
      core.session.closeNow()
      d.cleanup()
    }
  }, 60_000)
})

// Brief-level reference source-formats.md §4: supervision records and mid-way reviews are local records; a sync
// "removes S's records that the source no longer has, unless a local record refers to them … those are kept and
// reported as conflicts".
describe('an SSD sync and the supervision records of a child the extract no longer has', () => {
  it('the child and plan a session and a mid-way review refer to are kept and reported, not removed', async () => {
    const d = tempDir()
    const dbPath = join(d.dir, 'caseload.db')
    const mk = () => createCore({ dbPath, kdf: TEST_KDF, today: () => '2026-11-26', actor: 'Audit Tester (test)', host: { chooseSavePath: async () => null } })
    let core = mk()
    const call = caller(() => core)
    const { writeSsdExtract } = await import('../helpers/source-extracts')
    const { runCliWith } = await import('../helpers/run-cli')
    const { mkdirSync } = await import('node:fs')
    try {
      await core.session.create(TEST_PASSPHRASE, false)
      core.session.closeNow()
      const full = supervisionCaseload()
      const first = join(d.dir, 'ssd1')
      mkdirSync(first)
      await writeSsdExtract(first, full)
      const r1 = await runCliWith(['import', '--db', dbPath, '--from', 'ssd', first], TEST_PASSPHRASE)
      expect(r1.code, r1.stderr).toBe(0)

      core = mk()
      await core.session.unlock(TEST_PASSPHRASE)
      await call('supervision:save', {
        date: '2026-06-10',
        scope: { kind: 'worker', id: 'SW1' },
        supervisor: 'Dee Manager (fictional)',
        notes: '',
        children: [{ childId: 'C-PINE', discussion: 'Discussed Pine.', decisions: 'Decided for Pine.' }],
        actions: [{ childId: 'C-PINE', description: 'Pine follow-up', ownerId: 'SW1', dueDate: '2026-06-20' }],
      })
      await call('midway:save', { childId: 'C-PINE', date: '2026-06-10', rag: 'red', ragReason: 'No visits.', decision: 'escalate', decisionNote: '' })
      core.session.closeNow()

      const without = supervisionCaseload()
      without.children = without.children.filter((c) => c.id !== 'C-PINE')
      without.allocations = without.allocations.filter((a) => a.childId !== 'C-PINE')
      without.plans = without.plans.filter((p) => p.childId !== 'C-PINE')
      without.conferences = without.conferences.filter((c) => c.planId !== 'Q2')
      const second = join(d.dir, 'ssd2')
      mkdirSync(second)
      await writeSsdExtract(second, without)
      const r2 = await runCliWith(['import', '--db', dbPath, '--from', 'ssd', second, '--json'], TEST_PASSPHRASE)
      expect(r2.code, r2.stderr).toBe(0)
      const res = JSON.parse(r2.stdout) as { removed: Record<string, string[]>; conflicts: { list: string; id: string; message: string }[] }
      expect(res.removed.plans ?? []).not.toContain('Q2')
      expect(res.removed.children ?? []).not.toContain('C-PINE')
      expect(res.conflicts.map((c) => c.id)).toEqual(expect.arrayContaining(['Q2']))
    } finally {
      core.session.closeNow()
      d.cleanup()
    }
  }, 60_000)
})

describe('recorded by the user’s own name', () => {
  let env: { core: Core; cleanup: () => void }
  const call = caller(() => env.core)
  beforeAll(async () => {
    const d = tempDir()
    // No `actor` override: as the app and the browser host create the core.
    const core = createCore({ dbPath: join(d.dir, 'caseload.db'), kdf: TEST_KDF, today: () => '2026-11-26', host: { chooseSavePath: async () => null } })
    await core.session.create(TEST_PASSPHRASE, false)
    importCaseload(core.session.database(), supervisionCaseload())
    env = { core, cleanup: () => { core.session.closeNow(); d.cleanup() } }
  })
  afterAll(() => env.cleanup())

  it('before a name is given, a session says it was recorded by the computer account, marked as such', async () => {
    const s1 = await call('supervision:save', { date: '2026-06-10', scope: { kind: 'worker', id: 'SW1' }, supervisor: 'Dee Manager (fictional)', notes: '', children: [], actions: [] })
    const a = await call('supervision:agenda', { scope: { kind: 'worker', id: 'SW1' }, date: '2026-06-10', sessionId: s1.sessionId })
    expect(a.session!.recordedBy).toMatch(/\(computer account\)$/)
  })

  // README Your name: "“Recorded by” (supervision sessions, mid-way reviews) … show the name the user gave".
  it('once the user gives their name, new sessions and mid-way reviews are recorded by that name, and the note says so', async () => {
    await call('settings:user-set', { name: 'Robin Deputy (fictional)' })
    const s2 = await call('supervision:save', { date: '2026-07-01', scope: { kind: 'worker' as const, id: 'SW1' }, supervisor: 'Dee Manager (fictional)', notes: '', children: [{ childId: 'C-PINE', discussion: 'x', decisions: 'y' }], actions: [] })
    const a = await call('supervision:agenda', { scope: { kind: 'worker', id: 'SW1' }, date: '2026-07-01', sessionId: s2.sessionId })
    expect(a.session!.recordedBy).toBe('Robin Deputy (fictional)')
    const m = await call('midway:save', { childId: 'C-PINE', date: '2026-07-01', rag: 'amber', ragReason: 'Visits missed.', decision: 'no-change', decisionNote: '' })
    expect((await call('midway:list', { childId: 'C-PINE' })).reviews.find((r) => r.id === m.id)!.recordedBy).toBe('Robin Deputy (fictional)')
    const out = await call('export:document', { target: { kind: 'session-child', sessionId: s2.sessionId, childId: 'C-PINE' }, format: 'txt', purpose: 'clipboard' })
    if (out.kind !== 'text') throw new Error('expected text')
    expect(out.text).toContain('recorded by Robin Deputy (fictional)')
  })

})

// README Supervision: the finding "shows on the dashboard, in the table … and in the case view"; README Drift detection:
// after a save the shared analysis is patched, "the overdue supervision actions … are read again".
describe('the dashboard follows supervision actions at once', () => {
  let env: { core: Core; cleanup: () => void }
  const call = caller(() => env.core)
  beforeAll(async () => {
    env = await startCore('2026-11-26', supervisionCaseload())
  })
  afterAll(() => env.cleanup())
  const sao = async () => (await call('caseload:overview', { asOf: '2026-11-26' })).byRule.find((r) => r.ruleId === 'supervision-action-overdue')?.medium ?? 0
  const actionsOverdue = async () => (await call('caseload:overview', { asOf: '2026-11-26' })).groups.find((g) => g.key === 'actions')?.overdue

  it('a supervision action due 10 Nov, saved today, is on the dashboard at once; marked done, it leaves at once', async () => {
    expect(await sao()).toBe(0)
    const before = JSON.stringify(await actionsOverdue())
    const s = await call('supervision:save', {
      date: '2026-11-02',
      scope: { kind: 'worker', id: 'SW1' },
      supervisor: 'Dee Manager (fictional)',
      notes: '',
      children: [],
      actions: [{ childId: 'C-PINE', description: 'Chase the school', ownerId: 'SW1', dueDate: '2026-11-10' }],
    })
    expect(await sao()).toBe(1)
    expect(JSON.stringify(await actionsOverdue())).not.toBe(before)
    const detail = await call('case:detail', { childId: 'C-PINE', asOf: '2026-11-26' })
    expect(detail.findings.filter((f) => f.ruleId === 'supervision-action-overdue').map((f) => f.dueDate)).toEqual(['2026-11-10'])
    const id = (await call('supervision:agenda', { scope: { kind: 'worker', id: 'SW1' }, date: '2026-11-02', sessionId: s.sessionId })).children.find((c) => c.childId === 'C-PINE')!.actions[0]!.id
    await call('supervision:action-status', { id, status: 'done', closedDate: '2026-11-20' })
    expect(await sao()).toBe(0)
    expect(JSON.stringify(await actionsOverdue())).toBe(before)
  })
})
