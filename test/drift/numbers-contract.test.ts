/**
 * Independent audit: every number and list the chair sees (overview tiles/groups, by worker, by team,
 * by rule, the caseload table's rows and scores, Start here / triage order, the gaps summary and the
 * as-of date), through the core's request handlers on a real encrypted caseload.
 *
 * The caseload is written by hand (design.md §3) and every expected figure is worked out by hand
 * from design.md §4 (drift rules, drift score 3/2/1) and README (*Dashboard*, *Caseload*, *Triage*).
 *
 * As-of date A = Wed 18 Nov 2026 (no bank holiday in Oct–Nov 2026). The "clean" plan (no finding):
 * start Mon 5 Oct 2026 (review due 5 Jan 2027, far off), one core group on 10 Nov with everything
 * recorded (next due 8 Dec: 14 working days away > W 5; its decisions are due 24 Nov > A), no members,
 * a visit on 17 Nov seen alone (next due 1 Dec: 9 working days > W 2), one allocation since 1 Sep.
 *
 * Hand-worked findings on A:
 *   C01 clean                                            → none, score 0          (P1 Sam Reid, North)
 *   C02 no allocation                                    → no-allocated-worker H flag = 3 (North)
 *   C03 last visit 3 Nov → due addWD(3 Nov,10)=17 Nov < A → visit-overdue H overdue 17 Nov = 3 (P1, North)
 *   C04 last visit 20 Oct → due 3 Nov < A               → visit-overdue H overdue 3 Nov = 3 (P2 Sam Reid, South)
 *   C05 meeting: child's views no, plan not available   → 2 × M flag = 4 (P2, South)
 *   C06 meeting: safety score 1, child's views no       → risk-scale-low H flag + views M = 5 (P3 Lee Park, no team)
 *   C07 last visit 5 Nov → due 19 Nov, wd(A,due)=1 <= 2 → visit-overdue L due-soon = 1 (P3, no team)
 *   C9, C10 no allocation, no team                      → no-allocated-worker H flag = 3 each
 *   C11 plan ended ON A (end 18 Nov)                    → not open: no row, no finding (P1, North)
 *   C12 an ended plan (2025) + a clean plan with risk not reviewed → risk-not-reviewed M = 2 (P1, South)
 *   C13 TWO open plans, each child's views not recorded → 2 × M = 4 (P3, North)
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { importCaseload } from '../../electron/core/caseload/import'
import { unpackCaseloadTable, type CaseRow, type CaseloadTable } from '../../shared/caseload-table'
import type { Overview } from '../../shared/ipc-contract'
import type { Triage } from '../../shared/triage-types'
import { tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'
import { A, cleanPlan, numbersCaseload, type Doc } from '../helpers/numbers-caseload'


let core: Core
let dir: ReturnType<typeof tempDir>

async function call<T>(channel: string, input: unknown, c: Core = core): Promise<T> {
  const r = await c.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`)
  return r.data as T
}
const overview = (asOf = A, c: Core = core) => call<Overview>('caseload:overview', { asOf }, c)
const table = async (asOf = A, c: Core = core): Promise<CaseRow[]> => unpackCaseloadTable(await call<CaseloadTable>('caseload:table', { asOf }, c))
const triage = (asOf = A, c: Core = core) => call<Triage>('caseload:triage', { asOf }, c)
const group = (o: Overview, key: string) => o.groups.find((g) => g.key === key)!

async function freshCore(doc: unknown, today = A): Promise<{ core: Core; dir: ReturnType<typeof tempDir> }> {
  const d = tempDir()
  const c = createCore({ dbPath: join(d.dir, 'caseload.db'), kdf: TEST_KDF, today: () => today, actor: 'Audit Chair' })
  await call('session:create', { passphrase: TEST_PASSPHRASE, withDemo: false }, c)
  importCaseload(c.session.database(), doc as never)
  c.session.invalidate()
  return { core: c, dir: d }
}

beforeAll(async () => {
  const f = await freshCore(numbersCaseload())
  core = f.core
  dir = f.dir
})
afterAll(() => {
  core?.session.closeNow()
  dir?.cleanup()
})

describe('numbers the chair sees, worked out by hand', () => {
  // §4 Terms (open plan: endDate > A) + README Caseload ("every child with an open plan"): 11 children, 12 open plans.
  it('counts the children and the open plans on A (a plan ending on A is not open; a child with two open plans is one child)', async () => {
    const o = await overview()
    expect(o.children).toBe(11)
    expect(o.openPlans).toBe(12)
  })

  // README Dashboard: the big number is children with an overdue or flagged finding of the kind; due soon apart.
  it('gives every tile its hand-worked counts (children, overdue/flag/due-soon findings, high)', async () => {
    const o = await overview()
    const got = Object.fromEntries(
      o.groups.map((g) => [g.key, { now: g.childrenNow, od: [g.overdue.children, g.overdue.findings], fl: [g.flag.children, g.flag.findings], ds: [g['due-soon'].children, g['due-soon'].findings], high: g.high }]),
    )
    expect(got).toEqual({
      safety: { now: 2, od: [0, 0], fl: [2, 2], ds: [0, 0], high: 1 },
      visits: { now: 2, od: [2, 2], fl: [0, 0], ds: [1, 1], high: 2 },
      voice: { now: 3, od: [0, 0], fl: [3, 4], ds: [0, 0], high: 0 },
      meetings: { now: 1, od: [0, 0], fl: [1, 1], ds: [0, 0], high: 0 },
      actions: { now: 0, od: [0, 0], fl: [0, 0], ds: [0, 0], high: 0 },
      workers: { now: 3, od: [0, 0], fl: [3, 3], ds: [0, 0], high: 3 },
      disagreements: { now: 0, od: [0, 0], fl: [0, 0], ds: [0, 0], high: 0 },
    })
  })

  // §4 severities; a due-soon finding is always low.
  it('counts findings by rule and severity (the due-soon visit as low)', async () => {
    const o = await overview()
    const byRule = Object.fromEntries(o.byRule.filter((r) => r.high + r.medium + r.low > 0).map((r) => [r.ruleId, [r.high, r.medium, r.low]]))
    expect(byRule).toEqual({
      'no-allocated-worker': [3, 0, 0],
      'visit-overdue': [2, 0, 1],
      'child-views-not-recorded': [0, 4, 0],
      'plan-not-available': [0, 1, 0],
      'risk-scale-low': [1, 0, 0],
      'risk-not-reviewed': [0, 1, 0],
    })
  })

  // README Dashboard "by worker": per worker id (two people called Sam Reid stay apart); unallocated children too.
  it('totals by worker keep two people with the same name apart and count the unallocated children', async () => {
    const o = await overview()
    const rows = o.byWorker.map((w) => ({ id: w.workerId, children: w.children, score: w.score, withFindings: w.withFindings, withHigh: w.withHigh }))
    expect(rows).toEqual(
      expect.arrayContaining([
        { id: 'P1', children: 3, score: 5, withFindings: 2, withHigh: 1 },
        { id: 'P2', children: 2, score: 7, withFindings: 2, withHigh: 1 },
        { id: 'P3', children: 3, score: 10, withFindings: 3, withHigh: 1 },
        { id: null, children: 3, score: 9, withFindings: 3, withHigh: 3 },
      ]),
    )
    expect(rows).toHaveLength(4)
    expect(o.byWorker.reduce((s, w) => s + w.children, 0)).toBe(o.children)
  })

  // README Dashboard: the chart's labels must tell two different people apart (a chair cannot act on "Sam Reid" twice).
  it('labels the two workers called Sam Reid so they can be told apart', async () => {
    // Was a fault (fixed): both rows were labelled just "Sam Reid"; the chart, its table and the worker filter show two identical names.
    const o = await overview()
    const names = o.byWorker.filter((w) => w.workerId === 'P1' || w.workerId === 'P2').map((w) => w.workerName)
    expect(new Set(names).size).toBe(2)
  })

  // README Dashboard "by team": children per team, sum of scores; children with no team are not lost.
  it('totals by team, with the children who have no team', async () => {
    const o = await overview()
    const teams = Object.fromEntries(o.byTeam.map((t) => [t.team, [t.children, t.score]]))
    expect(teams['North']).toEqual([4, 10])
    expect(teams['South']).toEqual([3, 9])
    const rest = o.byTeam.filter((t) => t.team !== 'North' && t.team !== 'South')
    expect(rest).toHaveLength(1)
    expect([rest[0]!.children, rest[0]!.score]).toEqual([4, 12])
    expect(o.byTeam.reduce((s, t) => s + t.children, 0)).toBe(o.children)
  })

  // §4 drift score: high 3, medium 2, low 1, summed over the case's findings.
  it('gives each table row the hand-worked drift score and no row for the plan that ended on A or the ended earlier plan', async () => {
    const rows = await table()
    const byPlan = Object.fromEntries(rows.map((r) => [r.planId, r.score]))
    expect(byPlan).toEqual({ PL01: 0, PL02: 3, PL03: 3, PL04: 3, PL05: 4, PL06: 5, PL07: 1, PL09: 3, PL10: 3, PL12b: 2, PL13a: 2, PL13b: 2 })
  })

  // README Caseload: a row's tags are its findings worst first (severity; overdue, due soon, flag; …).
  it('orders each row’s findings worst first', async () => {
    const rows = await table()
    const c06 = rows.find((r) => r.planId === 'PL06')!
    expect(c06.findings.map((f) => `${f.ruleId}/${f.severity}/${f.status}`)).toEqual(['risk-scale-low/high/flag', 'child-views-not-recorded/medium/flag'])
    const c07 = rows.find((r) => r.planId === 'PL07')!
    expect(c07.findings.map((f) => `${f.ruleId}/${f.severity}/${f.status}`)).toEqual(['visit-overdue/low/due-soon'])
  })

  // README Triage: worst severity; worst-severity overdue first; score; earliest overdue due date; childId (code units).
  it('orders Start here exactly as the written triage rules say', async () => {
    const t = await triage()
    expect(t.total).toBe(10)
    expect(t.children.map((c) => c.childId)).toEqual(['C04', 'C03', 'C06', 'C02', 'C10', 'C9', 'C05', 'C13', 'C12', 'C07'])
  })

  // Triage type: "Drift score over all the child's findings": a child with two open plans scores both.
  it('scores a child with two open plans over both plans in Start here, with both findings listed', async () => {
    const t = await triage()
    const c13 = t.children.find((c) => c.childId === 'C13')!
    expect(c13.score).toBe(4)
    expect(c13.findings).toHaveLength(2)
    expect(c13.worker).toBe('Lee Park')
    expect(c13.team).toBe('North')
  })

  // README Triage: worker = allocated social worker's name on the date, or null; team or null.
  it('gives each Start here child its worker and team, null when there is none', async () => {
    const t = await triage()
    const c9 = t.children.find((c) => c.childId === 'C9')!
    expect([c9.worker, c9.team, c9.worst, c9.score]).toEqual([null, null, 'high', 3])
    const c04 = t.children.find((c) => c.childId === 'C04')!
    expect([c04.worker, c04.team, c04.planId]).toEqual(['Sam Reid (sam2@example.invalid)', 'South', 'PL04'])
    expect(c04.findings[0]).toMatchObject({ ruleId: 'visit-overdue', status: 'overdue', dueDate: '2026-11-03' })
  })

  // README Triage: --limit keeps the first N in the same order; total still counts all.
  it('cuts Start here to the first N without changing the order or the total', async () => {
    const t = await call<Triage>('caseload:triage', { asOf: A, limit: 3 })
    expect(t.total).toBe(10)
    expect(t.children.map((c) => c.childId)).toEqual(['C04', 'C03', 'C06'])
  })

  // README Words: every message with UK dates; next steps with UK dates too.
  it('writes the dates in Start here the UK way (3 Nov 2026), never ISO', async () => {
    const t = await triage()
    const c04 = t.children.find((c) => c.childId === 'C04')!
    expect(c04.findings[0]!.message).toContain('3 Nov 2026')
    for (const c of t.children) for (const f of c.findings) expect(`${f.message} ${f.nextStep}`).not.toMatch(/\d{4}-\d{2}-\d{2}/)
  })

  // README Import gaps: only plans an SSD/Annex A import brought in are counted; a caseload file's are not.
  it('says no plan lacks a core group after a caseload-file import', async () => {
    const g = await call<{ plansWithoutCoreGroup: number }>('gaps:summary', { asOf: A })
    expect(g.plansWithoutCoreGroup).toBe(0)
  })
})

describe('the as-of date', () => {
  // §4: on 17 Nov PL11 is open (ends 18 Nov): first core group due addWD(5 Oct,10) = 19 Oct → high overdue;
  // C03's visit due 17 Nov = A → due soon (not overdue); C07's due 19 Nov, wd = 2 → due soon.
  it('the day before: the plan ending on 18 Nov is still open and counted, C03’s visit is only due soon', async () => {
    const o = await overview('2026-11-17')
    expect([o.children, o.openPlans]).toEqual([12, 13])
    const v = group(o, 'visits')
    expect([v.childrenNow, v.overdue.findings, v['due-soon'].children, v['due-soon'].findings]).toEqual([1, 1, 2, 2])
    const m = group(o, 'meetings')
    expect([m.childrenNow, m.overdue.children, m.flag.children, m.high]).toEqual([2, 1, 1, 1])
    const rows = await table('2026-11-17')
    expect(rows.find((r) => r.planId === 'PL11')?.score).toBe(3)
    const t = await triage('2026-11-17')
    // C11 (high overdue, due 19 Oct) now comes first; C04 (due 3 Nov) next. C03 is low due-soon only (score 1).
    expect(t.children.slice(0, 2).map((c) => c.childId)).toEqual(['C11', 'C04'])
    expect(t.children.find((c) => c.childId === 'C03')).toMatchObject({ worst: 'low', score: 1 })
  })

  // §4 Terms: plan open only when startDate <= A. Before 5 Oct 2026 only C12's earlier plan... which ended 1 Jun: nothing.
  it('a date before every plan started shows no child and no finding', async () => {
    const o = await overview('2026-09-30')
    expect([o.children, o.openPlans]).toEqual([0, 0])
    expect(o.groups.every((g) => g.childrenNow === 0 && g['due-soon'].findings === 0)).toBe(true)
    expect((await triage('2026-09-30')).total).toBe(0)
  })

  // §4 Terms: C12's earlier plan (6 Jan 2025 – 1 Jun 2026) is open on 1 Mar 2026, with no core group ever:
  // first core group due addWD(6 Jan 2025, 10) = 20 Jan 2025 → high overdue; review due 6 Apr 2025; no allocation
  // on that day (from 1 Sep 2026) → no-allocated-worker; visit-overdue (no visit in [start, A]: due 20 Jan 2025);
  // long-plan: A >= addMonths(6 Jan 2025, 12+…)? 18 months is 6 Jul 2026 > 1 Mar 2026 → none.
  it('a past date brings back the ended plan with what was true then', async () => {
    const o = await overview('2026-03-01')
    expect([o.children, o.openPlans]).toEqual([1, 1])
    const rows = await table('2026-03-01')
    expect(rows.map((r) => r.planId)).toEqual(['PL12a'])
    // first-core-group 3 + review-conference 3 + no-allocated-worker 3 + visit-overdue 3 = 12
    expect(rows[0]!.score).toBe(12)
    expect(rows[0]!.workerName).toBeNull()
  })
})

describe('numbers after a record is saved', () => {
  // README Recording: "Findings, table and dashboard follow at once."
  it('a visit recorded for C03 on A clears its overdue visit everywhere at once', async () => {
    const f = await freshCore(numbersCaseload())
    try {
      await overview(A, f.core)
      await call('record:visit', { childId: 'C03', date: A, seenAlone: true }, f.core)
      const o = await overview(A, f.core)
      const v = group(o, 'visits')
      expect([v.childrenNow, v.overdue.findings, v.high]).toEqual([1, 1, 1])
      expect((await table(A, f.core)).find((r) => r.planId === 'PL03')!.score).toBe(0)
      const t = await triage(A, f.core)
      expect(t.total).toBe(9)
      expect(t.children[0]!.childId).toBe('C04')
      expect(t.children.some((c) => c.childId === 'C03')).toBe(false)
      expect(o.byWorker.find((w) => w.workerId === 'P1')).toMatchObject({ children: 3, score: 2, withFindings: 1, withHigh: 0 })
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })

  // README Recording: a new social worker for an unallocated child removes no-allocated-worker; worker totals follow.
  it('allocating C02 moves it from the unallocated row to the worker and updates the workers tile', async () => {
    const f = await freshCore(numbersCaseload())
    try {
      await overview(A, f.core)
      await call('record:allocation', { childId: 'C02', professionalId: 'P3', startDate: A }, f.core)
      const o = await overview(A, f.core)
      expect(group(o, 'workers')).toMatchObject({ childrenNow: 2, high: 2 })
      const byId = Object.fromEntries(o.byWorker.map((w) => [String(w.workerId), [w.children, w.score]]))
      expect(byId['null']).toEqual([2, 6])
      expect(byId['P3']).toEqual([4, 10])
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })
})

describe('small caseloads', () => {
  // README Dashboard: with no child yet the dashboard says how to start; every count 0.
  it('an empty caseload has zero everywhere', async () => {
    const f = await freshCore({ ...numbersCaseload(), children: [], professionals: [], allocations: [], plans: [], conferences: [], meetings: [], visits: [] })
    try {
      const o = await overview(A, f.core)
      expect([o.children, o.openPlans, o.byWorker.length, o.byTeam.length]).toEqual([0, 0, 0, 0])
      expect((await triage(A, f.core)).total).toBe(0)
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })

  // One child, whose findings are only due soon: the "now" counts stay 0, due-soon apart (README Dashboard).
  it('a one-child caseload whose only finding is due soon: nothing counted as needing action now', async () => {
    const doc = numbersCaseload()
    const keep = (xs: unknown[], key: string, ids: string[]) => xs.filter((x) => ids.includes((x as Record<string, string>)[key]!))
    const f = await freshCore({
      ...doc,
      children: keep(doc.children, 'id', ['C07']),
      allocations: keep(doc.allocations, 'childId', ['C07']),
      plans: keep(doc.plans, 'id', ['PL07']),
      conferences: keep(doc.conferences, 'planId', ['PL07']),
      meetings: keep(doc.meetings, 'id', ['M-PL07']),
      visits: keep(doc.visits, 'childId', ['C07']),
    })
    try {
      const o = await overview(A, f.core)
      expect([o.children, o.openPlans]).toEqual([1, 1])
      expect(o.groups.reduce((s, g) => s + g.childrenNow, 0)).toBe(0)
      expect(group(o, 'visits')['due-soon']).toEqual({ children: 1, findings: 1 })
      expect(o.byWorker).toEqual([{ workerId: 'P3', workerName: 'Lee Park', children: 1, score: 1, withFindings: 1, withHigh: 0 }])
      const t = await triage(A, f.core)
      expect(t.children.map((c) => [c.childId, c.worst, c.score])).toEqual([['C07', 'low', 1]])
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })
})

/**
 * Triage tie-breaks (README Triage 2–5), hand-worked on A = 18 Nov 2026. Every child has the clean plan,
 * plus (P1 Sam Reid is a core group member of the T plans, with an e-mail, so owning an action is fine):
 *   T1 no allocation (H flag 3) + child's views no (M flag 2)                    = 5, no overdue
 *   T2 no allocation (3) + action due 20 Nov, blank outcome: due soon (L 1, wd(A,due)=2 <= 5) + not SMART (L 1) = 5,
 *      a due date but NOT overdue
 *   T3 no allocation (3) + action due 10 Nov, overdue (M 2)                      = 5, earliest overdue 10 Nov
 *   T4 no allocation (3) + action due 2 Nov, overdue (M 2)                       = 5, earliest overdue 2 Nov
 *   M1 allocated, action due 10 Nov overdue (M 2)                                 = 2, worst medium overdue
 *   M2 allocated, child's views no + plan not available (2 × M flag)              = 4, worst medium not overdue
 * Order: all of T have worst high, none high overdue, score 5 → rule 4: T4 (2 Nov), T3 (10 Nov), then no overdue
 * (T2's due-soon date does not count) by id: T1, T2. Then M1 (its worst is overdue) before M2 (higher score).
 */
function triageCaseload(): Doc {
  const ids = ['T1', 'T2', 'T3', 'T4', 'M1', 'M2']
  const parts = ids.map((c) => cleanPlan(`PL-${c}`, c, c === 'T1' ? { childViewsRecorded: false } : c === 'M2' ? { childViewsRecorded: false, planAvailable: false } : {}))
  const action = (id: string, planId: string, dueDate: string, outcome: string) => ({
    id,
    planId,
    createdDate: '2026-11-01',
    description: `Action ${id}`,
    outcome,
    ownerId: 'P1',
    dueDate,
    status: 'open',
  })
  return {
    format: 'driftwatch.caseload',
    version: 1,
    children: ids.map((id) => ({ id, name: `Child ${id}`, complex: false, team: 'East' })),
    professionals: [
      { id: 'P1', name: 'Sam Reid', role: 'social-worker', agency: "Children's Social Care", email: 'sam1@example.invalid' },
      { id: 'P9', name: 'Dot Chair', role: 'deputy-manager', agency: "Children's Social Care", email: 'dot@example.invalid' },
    ],
    allocations: ['M1', 'M2'].map((c) => ({ id: `A-${c}`, childId: c, professionalId: 'P1', startDate: '2026-09-01' })),
    plans: parts.map((p) => p.plan),
    conferences: parts.map((p) => p.conference),
    members: ['T2', 'T3', 'T4'].map((c) => ({ planId: `PL-${c}`, professionalId: 'P1', fromDate: '2026-10-05' })),
    meetings: parts.map((p) => p.meeting),
    distributions: [],
    actions: [action('X2', 'PL-T2', '2026-11-20', ''), action('X3', 'PL-T3', '2026-11-10', 'Done by then'), action('X4', 'PL-T4', '2026-11-02', 'Done by then'), action('XM1', 'PL-M1', '2026-11-10', 'Done by then')],
    disagreements: [],
    visits: ids.map((c) => ({ id: `V-${c}`, childId: c, date: '2026-11-17', seenAlone: true })),
  }
}

describe('triage tie-breaks', () => {
  let f: Awaited<ReturnType<typeof freshCore>>
  beforeAll(async () => {
    f = await freshCore(triageCaseload())
  })
  afterAll(() => {
    f.core.session.closeNow()
    f.dir.cleanup()
  })

  // README Triage rules 1–5, hand-worked in the comment above.
  it('breaks ties by the earliest OVERDUE due date of any severity (a due-soon date does not count), then by id', async () => {
    const t = await triage(A, f.core)
    expect(t.children.map((c) => [c.childId, c.worst, c.score])).toEqual([
      ['T4', 'high', 5],
      ['T3', 'high', 5],
      ['T1', 'high', 5],
      ['T2', 'high', 5],
      ['M1', 'medium', 2],
      ['M2', 'medium', 4],
    ])
  })

  // README Triage: each child's findings worst first: severity; overdue, due soon, flag; due date (undated last); ruleId.
  it('lists a child’s findings worst first, the due-soon one before the flag of the same severity', async () => {
    const t = await triage(A, f.core)
    const t2 = t.children.find((c) => c.childId === 'T2')!
    expect(t2.findings.map((x) => `${x.ruleId}/${x.severity}/${x.status}`)).toEqual(['no-allocated-worker/high/flag', 'action-overdue/low/due-soon', 'action-not-smart/low/flag'])
  })

  // README Dashboard: the actions tile; due-soon apart from the "now" count.
  it('counts the actions tile: 3 overdue, 1 flagged (not SMART), 1 due soon; 4 children now', async () => {
    const o = await overview(A, f.core)
    const g = group(o, 'actions')
    expect([g.childrenNow, g.overdue.findings, g.flag.findings, g['due-soon'].findings, g['due-soon'].children, g.high]).toEqual([4, 3, 1, 1, 1, 0])
  })
})

describe('a future as-of date', () => {
  // §4 on Wed 6 Jan 2027 for the clean plan alone: visit due addWD(17 Nov,10) = 1 Dec; core group due
  // 10 Nov + 28 = 8 Dec; review due 5 Oct + 3 months = 5 Jan 2027; all passed → 3 × high overdue = 9.
  it('shows a clean child drifting on a future date, with the findings ordered by due date', async () => {
    const doc = numbersCaseload()
    const f = await freshCore({
      ...doc,
      children: doc.children.filter((c) => (c as { id: string }).id === 'C01'),
      professionals: doc.professionals,
      allocations: doc.allocations.filter((a) => (a as { childId: string }).childId === 'C01'),
      plans: doc.plans.filter((p) => (p as { id: string }).id === 'PL01'),
      conferences: doc.conferences.filter((k) => (k as { planId: string }).planId === 'PL01'),
      meetings: doc.meetings.filter((m) => (m as { id: string }).id === 'M-PL01'),
      visits: doc.visits.filter((v) => (v as { childId: string }).childId === 'C01'),
    })
    try {
      const asOf = '2027-01-06'
      const t = await triage(asOf, f.core)
      expect(t.children).toHaveLength(1)
      expect(t.children[0]!.score).toBe(9)
      expect(t.children[0]!.findings.map((x) => [x.ruleId, x.dueDate])).toEqual([
        ['visit-overdue', '2026-12-01'],
        ['core-group-overdue', '2026-12-08'],
        ['review-conference-overdue', '2027-01-05'],
      ])
      const o = await overview(asOf, f.core)
      expect(o.byWorker).toEqual([{ workerId: 'P1', workerName: 'Sam Reid (sam1@example.invalid)', children: 1, score: 9, withFindings: 1, withHigh: 1 }])
      expect(o.byTeam).toEqual([{ team: 'North', children: 1, score: 9 }])
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })
})

describe('edges of who and when', () => {
  // §4 Terms: allocation current when endDate null or >= A (inclusive); worker-changed when a non-earliest
  // allocation starts in (A − 90, A]. P1 until 18 Nov (inclusive), P3 from 19 Nov.
  it('a change of worker the day after A: on A the old worker and no finding; the next day the new worker and worker-changed', async () => {
    const doc = numbersCaseload()
    const f = await freshCore({
      ...doc,
      children: [{ id: 'W1', name: 'Wyn Change', complex: false, team: 'West' }],
      allocations: [
        { id: 'AW1', childId: 'W1', professionalId: 'P1', startDate: '2026-09-01', endDate: A },
        { id: 'AW2', childId: 'W1', professionalId: 'P3', startDate: '2026-11-19', changeReason: 'LEFTRL' },
      ],
      plans: [{ ...cleanPlan('PLW', 'W1').plan }],
      conferences: [cleanPlan('PLW', 'W1').conference],
      meetings: [cleanPlan('PLW', 'W1').meeting],
      visits: [{ id: 'VW', childId: 'W1', date: '2026-11-17', seenAlone: true }],
    }, '2026-11-19')
    try {
      const onA = await table(A, f.core)
      expect(onA.map((r) => [r.workerId, r.workerName, r.score])).toEqual([['P1', 'Sam Reid (sam1@example.invalid)', 0]])
      expect((await overview(A, f.core)).byWorker.map((w) => w.workerId)).toEqual(['P1'])
      const next = await table('2026-11-19', f.core)
      expect(next.map((r) => [r.workerId, r.workerName, r.score])).toEqual([['P3', 'Lee Park', 2]])
      const t = await triage('2026-11-19', f.core)
      expect(t.children.map((c) => [c.worker, c.findings.map((x) => `${x.ruleId}/${x.severity}`)])).toEqual([['Lee Park', ['worker-changed/medium']]])
      expect(group(await overview('2026-11-19', f.core), 'workers')).toMatchObject({ childrenNow: 1, high: 0 })
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })

  // README gaps: "counts the open plans that an SSD or Annex A import brought in and that have no core group held by
  // the as-of date". Every plan marked as the SSD's (as test/imports/gaps.test.ts does).
  it('the gaps summary counts the SSD plans open on the date with no core group held by then', async () => {
    const f = await freshCore(numbersCaseload())
    try {
      f.core.session.database().sqlite.prepare("UPDATE plans SET source = 'ssd', source_id = id").run()
      f.core.session.invalidate()
      // On A every open plan has its 10 Nov core group; PL11 (no core group) ends on A: not open.
      expect((await call<{ plansWithoutCoreGroup: number }>('gaps:summary', { asOf: A }, f.core)).plansWithoutCoreGroup).toBe(0)
      // On 9 Nov, before the 10 Nov core groups: the 13 plans open that day (PL11 too; PL12a ended in June).
      expect((await call<{ plansWithoutCoreGroup: number }>('gaps:summary', { asOf: '2026-11-09' }, f.core)).plansWithoutCoreGroup).toBe(13)
      // On 18 Nov 2026 C11's plan has ended: on 17 Nov it is still counted.
      expect((await call<{ plansWithoutCoreGroup: number }>('gaps:summary', { asOf: '2026-11-17' }, f.core)).plansWithoutCoreGroup).toBe(1)
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })

  // §4: a plan's meetings are those dated >= its start, so a core group dated before the plan start is none for
  // it and first-core-group-overdue fires; the notice "N plans have no core group recorded yet" should agree.
  it('the gaps summary counts an SSD plan whose only core group is dated before the plan started', async () => {
    // Found by the audit: gaps:summary said 0 while the drift rules reported first-core-group-overdue for that plan.
    const doc = numbersCaseload()
    doc.meetings = doc.meetings.map((m) => ((m as { id: string }).id === 'M-PL02' ? { ...(m as object), date: '2026-10-01' } : m))
    const f = await freshCore(doc)
    try {
      f.core.session.database().sqlite.prepare("UPDATE plans SET source = 'ssd', source_id = id").run()
      f.core.session.invalidate()
      const firstCoreGroup = (await triage(A, f.core)).children.flatMap((c) => c.findings).filter((x) => x.ruleId === 'first-core-group-overdue')
      expect(firstCoreGroup).toHaveLength(1)
      expect((await call<{ plansWithoutCoreGroup: number }>('gaps:summary', { asOf: A }, f.core)).plansWithoutCoreGroup).toBe(1)
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })

  // Triage type: planId = the plan of the child's worst finding; two equal findings → by subject id (M-PL13a first).
  it('names the plan of a two-plan child’s worst finding, and gives the table one row per open plan', async () => {
    const t = await triage()
    expect(t.children.find((c) => c.childId === 'C13')!.planId).toBe('PL13a')
    const rows = (await table()).filter((r) => r.childId === 'C13')
    expect(rows.map((r) => [r.planId, r.team, r.workerName])).toEqual([
      ['PL13a', 'North', 'Lee Park'],
      ['PL13b', 'North', 'Lee Park'],
    ])
  })
})

describe('numbers after more kinds of save', () => {
  let f: Awaited<ReturnType<typeof freshCore>>
  beforeAll(async () => {
    f = await freshCore(numbersCaseload())
    // Both dates analysed before the saves, so the saves must patch (or drop) each of them.
    await overview(A, f.core)
    await overview('2026-11-17', f.core)
    await triage(A, f.core)
  })
  afterAll(() => {
    f.core.session.closeNow()
    f.dir.cleanup()
  })

  // §4 visit-overdue: C04's new visit on 10 Nov → due addWD(10 Nov,10) = 24 Nov: not overdue on 17 or 18 Nov.
  it('a visit dated in the past corrects both the viewed past date and A', async () => {
    await call('record:visit', { childId: 'C04', date: '2026-11-10', seenAlone: true }, f.core)
    const past = group(await overview('2026-11-17', f.core), 'visits')
    expect([past.overdue.findings, past['due-soon'].findings]).toEqual([0, 2])
    const now = group(await overview(A, f.core), 'visits')
    expect([now.overdue.children, now['due-soon'].children]).toEqual([1, 1])
    expect((await triage(A, f.core)).children[0]!.childId).toBe('C03')
  })

  // §4 visit-overdue: with C03's only visit deleted, V = plan start 5 Oct → due 19 Oct; C03 stays overdue, now
  // from 19 Oct, and still first in Start here (its due date is the earliest overdue of all).
  it('deleting a visit moves the due date and the triage order follows', async () => {
    await call('record:delete', { kind: 'visit', id: 'V-C03' }, f.core)
    const t = await triage(A, f.core)
    expect(t.children[0]!.childId).toBe('C03')
    expect(t.children[0]!.findings[0]).toMatchObject({ ruleId: 'visit-overdue', dueDate: '2026-10-19' })
  })

  // §4 Terms: a plan ending on A is not open on A. Ending Eve Views's plan on A takes her off every count.
  it('ending a plan on A takes the child off the counts, the workers and Start here', async () => {
    await call('record:plan-end', { planId: 'PL05', endDate: A }, f.core)
    const o = await overview(A, f.core)
    expect([o.children, o.openPlans]).toEqual([10, 11])
    expect(group(o, 'meetings').childrenNow).toBe(0)
    expect(group(o, 'voice')).toMatchObject({ childrenNow: 2, flag: { children: 2, findings: 3 } })
    expect(o.byWorker.find((w) => w.workerId === 'P2')).toMatchObject({ children: 1 })
    expect(o.byTeam.find((t) => t.team === 'South')).toMatchObject({ children: 2 })
    expect((await triage(A, f.core)).children.some((c) => c.childId === 'C05')).toBe(false)
    // The day before, the plan was still open: Eve Views is still there on 17 Nov.
    expect((await overview('2026-11-17', f.core)).children).toBe(12)
  })
})

describe('overlapping allocations', () => {
  // §3 allows two allocations of one child that both cover A (a new worker recorded without ending the old one).
  // README Caseload: one row per child's open plan; Dashboard by worker: each child counted once.
  it('a child with two allocations current on A is one row, one child in the worker totals, shown with the latest worker', async () => {
    const doc = numbersCaseload()
    const p = cleanPlan('PLO', 'O1')
    const f = await freshCore({
      ...doc,
      children: [{ id: 'O1', name: 'Ola Overlap', complex: false, team: 'West' }],
      allocations: [
        { id: 'AO1', childId: 'O1', professionalId: 'P1', startDate: '2026-09-01' },
        { id: 'AO2', childId: 'O1', professionalId: 'P3', startDate: '2026-11-02', changeReason: 'ORGRST' },
      ],
      plans: [p.plan],
      conferences: [p.conference],
      meetings: [p.meeting],
      visits: [{ id: 'VO', childId: 'O1', date: '2026-11-17', seenAlone: true }],
    })
    try {
      const rows = await table(A, f.core)
      expect(rows).toHaveLength(1)
      const o = await overview(A, f.core)
      expect([o.children, o.openPlans]).toEqual([1, 1])
      expect(o.byWorker.reduce((s, w) => s + w.children, 0)).toBe(1)
      // worker-changed (AO2 starts 2 Nov, in (A − 90, A]; not complex, one start) → medium flag, score 2.
      expect(rows[0]!.score).toBe(2)
      expect(rows[0]!.workerName).toBe('Lee Park')
      expect((await triage(A, f.core)).children[0]!.worker).toBe('Lee Park')
    } finally {
      f.core.session.closeNow()
      f.dir.cleanup()
    }
  })
})
