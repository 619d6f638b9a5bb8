/**
 * Recording through the one dispatch wrapper with the real drift engine: input validated in main
 * (the same schemas as the forms), the findings and dashboard follow at once (no stale cache),
 * undo and history over IPC, settings (policy, bank holidays) and changing the passphrase.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { openCaseload } from '../../electron/core/db/caseload-db'
import { tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'
import { unpackCaseloadTable, type CaseloadTable } from '../../shared/caseload-table'

const TODAY = '2026-11-26'
let core: Core
let dir: ReturnType<typeof tempDir>
let dbPath: string

async function ok<T = Record<string, unknown>>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message} ${JSON.stringify(r.problems)}`)
  return r.data as T
}
const ruleIds = async (childId: string) =>
  (unpackCaseloadTable(await ok<CaseloadTable>('caseload:table', { asOf: TODAY }))
    .find((r) => r.childId === childId)
    ?.findings.map((f) => `${f.ruleId}:${f.status}`) ?? []).sort()

beforeAll(async () => {
  dir = tempDir()
  dbPath = join(dir.dir, 'caseload.db')
  core = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, actor: 'Chair One' })
  await ok('session:create', { passphrase: TEST_PASSPHRASE, withDemo: false })
})
afterAll(() => {
  core.session.closeNow()
  dir.cleanup()
})

describe('recording over IPC', () => {
  let childId = ''
  let planId = ''
  let chair = ''
  let health = ''

  it('starts from an empty caseload: a child with a plan and its initial conference', async () => {
    expect(unpackCaseloadTable(await ok<CaseloadTable>('caseload:table', { asOf: TODAY }))).toEqual([])
    const saved = await ok<{ id: string; changeId: number }>('record:child', { name: 'Ada Example', complex: false, plan: { startDate: '2026-09-01', initialCategory: 'neglect', previousPlans: 0 } })
    childId = saved.id
    const detail = await ok<{ plans: { id: string }[]; conferences: { kind: string }[] }>('case:detail', { childId, asOf: TODAY })
    planId = detail.plans[0]!.id
    expect(detail.conferences).toEqual([expect.objectContaining({ kind: 'initial', date: '2026-09-01' })])
    expect(await ruleIds(childId)).toContain('first-core-group-overdue:overdue')
    chair = (await ok<{ id: string }>('record:professional', { name: 'Dee Manager', role: 'deputy-manager', agency: 'CSC', email: 'd@example.org' })).id
    health = (await ok<{ id: string }>('record:professional', { name: 'Hal Health', role: 'health', agency: 'Health Visiting', phone: '01632 960000' })).id
    expect((await ok<{ professionals: { name: string }[] }>('caseload:professionals', {})).professionals.map((p) => p.name)).toEqual(['Dee Manager', 'Hal Health'])
  })

  it('a saved core group shows in the table and the overview at once', async () => {
    type Groups = { groups: { key: string; overdue: { findings: number } }[] }
    const meetingsOverdue = (o: Groups) => o.groups.find((g) => g.key === 'meetings')!.overdue.findings
    const before = await ok<Groups>('caseload:overview', { asOf: TODAY })
    expect(meetingsOverdue(before)).toBe(1)
    await ok('record:member', { planId, professionalId: health, fromDate: '2026-09-01' })
    await ok('record:meeting', { planIds: [planId], date: '2026-11-20', chairId: chair, attended: [health], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true, riskScore: { score: 7, scale: 'safety' } })
    expect(await ruleIds(childId)).not.toContain('first-core-group-overdue:overdue')
    const after = await ok<Groups>('caseload:overview', { asOf: TODAY })
    expect(meetingsOverdue(after)).toBe(0)
  })

  it('rejects bad input in main with field paths, before and after the schema', async () => {
    const schema = await core.dispatch('record:visit', { childId, date: '2026-13-01', seenAlone: 'yes' })
    expect(schema).toMatchObject({ ok: false, code: 'VALIDATION' })
    expect(schema.ok ? [] : schema.problems!.map((p) => p.path).sort()).toEqual(['$.date', '$.seenAlone'])
    const business = await core.dispatch('record:visit', { childId, date: '2026-11-27', seenAlone: true })
    expect(business).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.date', reason: 'cannot be after today (26 Nov 2026)' }] })
  })

  it('undo over IPC, with the history showing who did what', async () => {
    const v = await ok<{ changeId: number }>('record:visit', { childId, date: '2026-11-25', seenAlone: true })
    expect(await ruleIds(childId)).not.toContain('visit-overdue:overdue')
    const history = await ok<{ entries: { summary: string; actor: string }[]; undoable: { changeId: number } }>('history:list', { childId })
    expect(history.entries[0]).toMatchObject({ summary: 'Recorded a visit on 25 Nov 2026 (seen alone).', actor: 'Chair One' })
    expect(history.undoable.changeId).toBe(v.changeId)
    await ok('history:undo', { changeId: v.changeId })
    expect(await ruleIds(childId)).toContain('visit-overdue:overdue')
    expect(await core.dispatch('history:undo', { changeId: v.changeId })).toMatchObject({ ok: false, code: 'BAD_INPUT' })
  })

  it('the core group interval in the policy changes the flags at once; reset restores the defaults', async () => {
    const state = await ok<{ policy: { coreGroupIntervalDays: number }; defaults: { coreGroupIntervalDays: number } }>('settings:policy-get', {})
    expect(state.policy.coreGroupIntervalDays).toBe(28)
    expect(state.defaults.coreGroupIntervalDays).toBe(28)
    expect(await ruleIds(childId)).not.toContain('core-group-overdue:overdue')
    await ok('settings:policy-set', { policy: { ...state.policy, coreGroupIntervalDays: 3 } })
    expect(await ruleIds(childId)).toContain('core-group-overdue:overdue')
    const bad = await core.dispatch('settings:policy-set', { policy: { ...state.policy, coreGroupIntervalDays: 0 } })
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.policy.coreGroupIntervalDays', reason: 'must be a whole number from 1 to 3660' }] })
    await ok('settings:policy-reset', {})
    expect(await ruleIds(childId)).not.toContain('core-group-overdue:overdue')
  })

  it('imports the official bank-holidays.json and refuses something else', async () => {
    const json = readFileSync(join(__dirname, '../../electron/core/drift/bank-holidays-england-and-wales.json'), 'utf8')
    const r = await ok<{ holidays: number }>('settings:bank-holidays-import', { json })
    expect(r.holidays).toBeGreaterThan(50)
    expect(await core.dispatch('settings:bank-holidays-import', { json: 'not json' })).toMatchObject({ ok: false, code: 'VALIDATION' })
    expect(await core.dispatch('settings:bank-holidays-import', { json: '{"scotland": {}}' })).toMatchObject({ ok: false })
  })

  it('changes the passphrase: the wrong old one is refused; the new one opens the caseload', async () => {
    expect(await core.dispatch('session:change-passphrase', { oldPassphrase: 'wrong one', newPassphrase: 'a new long passphrase' })).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    expect(await core.dispatch('session:change-passphrase', { oldPassphrase: TEST_PASSPHRASE, newPassphrase: 'short' })).toMatchObject({ ok: false, code: 'VALIDATION' })
    await ok('session:change-passphrase', { oldPassphrase: TEST_PASSPHRASE, newPassphrase: 'a new long passphrase' })
    await ok('session:lock', {})
    await expect(openCaseload({ path: dbPath, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    await ok('session:unlock', { passphrase: 'a new long passphrase' })
    expect(await ruleIds(childId)).toContain('visit-overdue:overdue')
  })
})

describe('starting from nothing, dates checked before confirming, and the user name', () => {
  it('adds a child with their social worker from the start, and offers the known teams', async () => {
    const worker = (await ok<{ id: string }>('record:professional', { name: 'Sam Worker', role: 'social-worker', agency: 'CSC', email: 's@example.org' })).id
    const bad = await core.dispatch('record:child', { name: 'Bo Example', complex: false, team: 'South', plan: { startDate: '2026-10-01', initialCategory: 'neglect', previousPlans: 0, socialWorkerId: 'NOBODY' } })
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.plan.socialWorkerId', reason: 'is not a professional in this caseload' }] })
    const saved = await ok<{ id: string }>('record:child', { name: 'Bo Example', complex: false, team: 'South', plan: { startDate: '2026-10-01', initialCategory: 'neglect', previousPlans: 0, socialWorkerId: worker } })
    const detail = await ok<{ allocations: { professionalId: string; startDate: string }[] }>('case:detail', { childId: saved.id, asOf: TODAY })
    expect(detail.allocations).toEqual([expect.objectContaining({ professionalId: worker, startDate: '2026-10-01' })])
    expect(await ruleIds(saved.id)).not.toContain('no-allocated-worker:flag')
    expect((await ok<{ teams: string[] }>('caseload:teams', {})).teams).toContain('South')
  })

  it('checks the end of a plan without ending it', async () => {
    const child = await ok<{ id: string }>('record:child', { name: 'Cy Example', complex: false, plan: { startDate: '2026-10-05', initialCategory: 'physical', previousPlans: 0, socialWorkerId: null } })
    const planId = (await ok<{ plans: { id: string }[] }>('case:detail', { childId: child.id, asOf: TODAY })).plans[0]!.id
    const bad = await core.dispatch('record:plan-end-check', { planId, endDate: '2026-10-01' })
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.endDate', reason: 'is before the plan started (5 Oct 2026): a plan ends after it starts' }] })
    expect(await ok('record:plan-end-check', { planId, endDate: '2026-11-20' })).toEqual({ endDate: '2026-11-20' })
    const plan = (await ok<{ plans: { endDate: string | null }[] }>('case:detail', { childId: child.id, asOf: TODAY })).plans[0]!
    expect(plan.endDate).toBeNull() // nothing was written
  })

  it('keeps the user name in the caseload, not the computer account', async () => {
    const other = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY })
    core.session.closeNow()
    try {
      const r = await other.dispatch('session:unlock', { passphrase: 'a new long passphrase' })
      expect(r.ok).toBe(true)
      const before = await other.dispatch('settings:user-get', {})
      expect(before).toMatchObject({ ok: true, data: { name: null } })
      expect(await other.dispatch('settings:user-set', { name: '   ' })).toMatchObject({ ok: false, code: 'VALIDATION' })
      expect(await other.dispatch('settings:user-set', { name: '  Ann   Chair ' })).toMatchObject({ ok: true, data: { name: 'Ann Chair' } })
      expect(other.session.actor()).toBe('Ann Chair')
      const saved = await other.dispatch('record:professional', { name: 'Kit Worker', role: 'social-worker', agency: 'CSC', email: 'k@example.org' })
      expect(saved.ok).toBe(true)
      const history = await other.dispatch('history:list', { limit: 1 })
      expect(history).toMatchObject({ ok: true, data: { entries: [{ actor: 'Ann Chair' }] } })
    } finally {
      other.session.closeNow()
      await ok('session:unlock', { passphrase: 'a new long passphrase' }) // changed by the settings test above
    }
  })
})
