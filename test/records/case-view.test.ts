/**
 * The case view's model (electron/core/case-view/model.ts), built in the core and sent with
 * `case:detail` as `view`: through the real core (zod both ways) on a real encrypted database. The
 * dates sit on the edges of shared/period.ts: a membership, an action and a disagreement that end on
 * the as-of date, and a plan that ends on it.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { importCaseload } from '../../electron/core/caseload/import'
import { anchorOf } from '../../shared/case-view'
import type { CaseDetail } from '../../shared/ipc-contract'
import { tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'

const AS_OF = '2026-03-20'

const doc = {
  format: 'driftwatch.caseload',
  version: 1,
  children: [{ id: 'C1', name: 'Ada Example (fictional)', dateOfBirth: '2020-01-01', complex: false, team: 'North' }],
  professionals: [
    { id: 'SW1', name: 'Sam Worker', role: 'social-worker', agency: "Children's Social Care", email: 'sam@example.org' },
    { id: 'SW2', name: 'Sue Worker', role: 'social-worker', agency: "Children's Social Care", email: 'sue@example.org' },
    { id: 'HV1', name: 'Hal Health', role: 'health', agency: 'Health Visiting' },
    { id: 'ED1', name: 'Eve Teacher', role: 'education', agency: 'School', phone: '01632 960000' },
    { id: 'CH1', name: 'Dee Manager', role: 'deputy-manager', agency: "Children's Social Care", email: 'dee@example.org' },
  ],
  allocations: [
    { id: 'AL1', childId: 'C1', professionalId: 'SW1', startDate: '2026-01-10', endDate: '2026-02-28' },
    { id: 'AL2', childId: 'C1', professionalId: 'SW2', startDate: '2026-03-01', changeReason: 'LEFTRL' },
  ],
  plans: [
    { id: 'P0', childId: 'C1', startDate: '2025-01-06', endDate: '2025-12-01', initialCategory: 'physical', previousPlans: 0 },
    { id: 'P1', childId: 'C1', startDate: '2026-01-10', endDate: '2026-06-30', initialCategory: 'neglect', previousPlans: 1 },
  ],
  conferences: [{ id: 'CF1', planId: 'P1', kind: 'initial', date: '2026-01-10' }],
  members: [
    { planId: 'P1', professionalId: 'HV1', fromDate: '2026-01-10', toDate: AS_OF },
    { planId: 'P1', professionalId: 'ED1', fromDate: '2026-01-10' },
    { planId: 'P1', professionalId: 'SW1', fromDate: '2026-01-10', toDate: '2026-02-28' },
  ],
  meetings: [
    {
      id: 'M1',
      planIds: ['P1'],
      date: '2026-01-20',
      chairId: 'CH1',
      attended: ['ED1'],
      apologies: ['SW1'],
      planAvailable: true,
      childViewsRecorded: false,
      riskReviewed: true,
      riskScore: { score: 3, scale: 'danger' },
    },
  ],
  distributions: [{ meetingId: 'M1', professionalId: 'ED1', date: '2026-01-22' }],
  actions: [
    { id: 'A1', planId: 'P1', createdDate: '2026-01-20', description: 'Arrange nursery place', ownerId: 'HV1', dueDate: '2026-02-20', status: 'done', closedDate: AS_OF },
    { id: 'A2', planId: 'P1', createdDate: '2026-01-20', description: 'Write the safety plan', status: 'open' },
  ],
  disagreements: [
    { id: 'D1', planId: 'P1', raisedDate: '2026-02-02', raisedById: 'HV1', category: 'threshold', stages: [{ stage: 1, startDate: '2026-02-02' }], resolvedDate: AS_OF, outcome: 'Agreed' },
  ],
  visits: [
    { id: 'V1', childId: 'C1', date: '2026-01-15', seenAlone: false },
    { id: 'V2', childId: 'C1', date: '2026-02-10', seenAlone: true },
    { id: 'V0', childId: 'C1', date: '2025-06-01', seenAlone: true },
  ],
}

let dir: ReturnType<typeof tempDir>
let core: Core

async function detail(asOf: string): Promise<CaseDetail> {
  const r = await core.dispatch('case:detail', { childId: 'C1', asOf })
  if (!r.ok) throw new Error(`case:detail: ${r.code} ${r.message} ${JSON.stringify(r.problems ?? [])}`)
  return r.data as CaseDetail
}

beforeAll(async () => {
  dir = tempDir()
  core = createCore({ dbPath: join(dir.dir, 'caseload.db'), kdf: TEST_KDF, today: () => '2026-11-26', actor: 'Chair One' })
  await core.session.create(TEST_PASSPHRASE, false)
  importCaseload(core.session.database(), doc)
})
afterAll(() => {
  core.session.closeNow()
  dir.cleanup()
})

describe('the case view model from case:detail', () => {
  it('names the open plan, the worker covering A, and the members on A: a membership ending on A still counts', async () => {
    const { view } = await detail(AS_OF)
    expect(view.currentPlanId).toBe('P1')
    expect(view.planOpen).toBe(true)
    expect(view.worker).toEqual({ id: 'SW2', name: 'Sue Worker', agency: "Children's Social Care" })
    // The forms used `!toDate`, which dropped Hal Health on the last day of the membership (§4: toDate >= A).
    expect([...view.currentMemberIds].sort()).toEqual(['ED1', 'HV1'])
    expect(view.members.map((m) => [m.professional.id, m.dates])).toEqual([
      ['ED1', 'Member from 10 Jan 2026'],
      ['HV1', 'Member from 10 Jan 2026 to 20 Mar 2026 · no email or phone recorded'],
      ['SW1', 'Member from 10 Jan 2026 to 28 Feb 2026'],
    ])
  })

  it('writes each record with the findings about it, newest first', async () => {
    const d = await detail(AS_OF)
    const { view } = d
    expect(view.timeline.map((e) => e.key)).toEqual(['w-AL2', 'v-V2', 'd-D1', 'm-M1', 'a-A2', 'a-A1', 'v-V1', 'w-AL1', 'c-CF1', 'v-V0'])
    const meeting = view.timeline.find((e) => e.key === 'm-M1')!
    expect(meeting.title).toBe('Core group meeting, chaired by Dee Manager')
    expect(Object.fromEntries(meeting.details.map((x) => [x.label, `${x.tone}:${x.text}`]))).toEqual({
      Attended: 'plain:Eve Teacher (School)',
      Apologies: "plain:Sam Worker (Children's Social Care)",
      'Absent without apology': 'plain:Hal Health (Health Visiting)',
      'Plan available': 'yes:Yes',
      "Child's views recorded": 'no:No',
      'Risk reviewed': 'yes:Yes',
      'Risk score': 'plain:3 out of 10 on a danger scale (0 = no danger, 10 = greatest danger)',
      'Decisions sent': 'plain:To 1 of 3 members; not to Hal Health, Sam Worker',
    })
    // Done on A: no longer open that day (§4: open when closedDate > A).
    const done = view.timeline.find((e) => e.key === 'a-A1')!
    expect(done.details.find((x) => x.label === 'Status')!.text).toBe('Done on 20 Mar 2026')
    const open = view.timeline.find((e) => e.key === 'a-A2')!
    expect(open.details.filter((x) => x.tone === 'no').map((x) => x.text)).toEqual(['No owner', 'No due date', 'Not written down'])
    const disagreement = view.timeline.find((e) => e.key === 'd-D1')!
    expect(disagreement.title).toBe('Disagreement raised by Hal Health (Health Visiting): Threshold decision')
    expect(disagreement.stages).toEqual([{ stage: 1, text: 'from 2 Feb 2026, no answer yet' }])
    expect(disagreement.resolution).toEqual({ text: 'Resolved on 20 Mar 2026: Agreed', tone: 'plain' })
    expect(view.timeline.find((e) => e.key === 'w-AL2')!.details).toEqual([
      { label: 'Allocated', text: '1 Mar 2026 to now', tone: 'plain' },
      { label: 'Reason for the change', text: expect.any(String), tone: 'plain' },
    ])
    // Visits on the current plan only (V0 was on the earlier plan).
    expect(view.lastVisit).toEqual({ date: '2026-02-10', seenAlone: true })
    expect(view.visitCount).toBe(2)
    // Every finding is listed worst first with its record's anchor, and sits beside that record.
    expect(view.attention.map((a) => a.finding)).toHaveLength(d.findings.length)
    for (const a of view.attention) {
      expect(a.anchor).toBe(anchorOf(a.finding))
      expect(a.see).toMatch(/^See the /)
    }
    const beside = [...view.planFindings, ...view.visitFindings, ...view.workerFindings, ...view.members.flatMap((m) => m.findings), ...view.timeline.flatMap((e) => e.findings)]
    expect(beside.length).toBeGreaterThan(0)
    for (const f of beside) expect(d.findings).toContainEqual(f)
  })

  it('the day before, the action and the disagreement are still open', async () => {
    const { view } = await detail('2026-03-19')
    expect(view.timeline.find((e) => e.key === 'a-A1')!.details[0]).toEqual({ label: 'Status', text: 'Open', tone: 'plain' })
    expect(view.timeline.find((e) => e.key === 'd-D1')!.resolution).toEqual({ text: 'Not resolved.', tone: 'no' })
  })

  it('on the day the plan ends it is shown but not open (§4: endDate > A), and the next day the same', async () => {
    for (const asOf of ['2026-06-30', '2026-07-01']) {
      const d = await detail(asOf)
      expect(d.view.currentPlanId).toBe('P1')
      expect(d.view.planOpen).toBe(false)
      expect(d.findings).toEqual([])
    }
    expect((await detail('2026-06-29')).view.planOpen).toBe(true)
  })

  it('before the current plan started, the earlier (ended) plan is the one shown', async () => {
    const { view } = await detail('2026-01-09')
    expect(view.currentPlanId).toBe('P0')
    expect(view.planOpen).toBe(false)
    expect(view.worker).toBeNull()
    expect(view.currentMemberIds).toEqual([])
  })
})
