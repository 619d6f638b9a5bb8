/**
 * Independent black-box audit: settings and the caseload's life cycle (apart from backups and the
 * browser host's security). The drift policy (design brief §4 and README "Drift detection" /
 * "Settings"), the bank holidays (§4, README "Working days"), the user's name, changing the
 * passphrase and the recovery code (§6, README "Security model"), creating a caseload and the demo
 * (§5, README "Command line"), the access log (README "Access log") and a SIGKILL in the middle of a
 * settings write or a passphrase change. Every date below is worked out by hand from §4.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { idleLockMsFromEnv } from '../../electron/core/app/activity-lock'
import { importCaseload } from '../../electron/core/caseload/import'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { DEFAULT_KDF_COST, keyFilePath } from '../../electron/core/db/key-file'
import { writerLockPath } from '../../electron/core/db/writer-lock'
import { emptyCaseload } from '../../shared/caseload-format'
import { DEFAULT_POLICY, validatePolicy } from '../../shared/drift-policy'
import { runCliWith } from '../helpers/run-cli'
import { tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'

const ROOT = resolve(__dirname, '..', '..')
const A = '2026-04-20' // a Monday, two weeks after Easter Monday 2026
const NEW_PASSPHRASE = 'a completely different passphrase'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})
afterAll(() => {
  while (cleanups.length) cleanups.pop()!()
})

function newDir(): string {
  const t = tempDir('dw-settings-audit-')
  cleanups.push(t.cleanup)
  return t.dir
}
const digest = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')

/**
 * Two children. C1: plan PL1 started Fri 27 Mar 2026 (Easter: Good Friday 3 Apr, Easter Monday 6 Apr),
 * no core group yet. C2: plan PL2 started 5 Jan 2026, last core group Wed 1 Apr 2026.
 */
function smallDoc() {
  const doc = emptyCaseload()
  doc.children.push({ id: 'C1', name: 'Fictional Ada Sentinelle', complex: false, team: 'Audit Team' })
  doc.children.push({ id: 'C2', name: 'Fictional Bo Example', complex: false, team: 'Audit Team' })
  doc.professionals.push({ id: 'P1', name: 'Sam Worker', role: 'social-worker', agency: "Children's Social Care", email: 'sam@example.invalid' })
  doc.professionals.push({ id: 'P2', name: 'Dee Deputy', role: 'deputy-manager', agency: "Children's Social Care", email: 'dee@example.invalid' })
  doc.allocations.push({ id: 'A1', childId: 'C1', professionalId: 'P1', startDate: '2026-03-27' })
  doc.allocations.push({ id: 'A2', childId: 'C2', professionalId: 'P1', startDate: '2026-01-05' })
  doc.plans.push({ id: 'PL1', childId: 'C1', startDate: '2026-03-27', initialCategory: 'neglect', previousPlans: 0 })
  doc.plans.push({ id: 'PL2', childId: 'C2', startDate: '2026-01-05', initialCategory: 'emotional', previousPlans: 0 })
  doc.conferences.push({ id: 'CF1', planId: 'PL1', kind: 'initial', date: '2026-03-27' })
  doc.conferences.push({ id: 'CF2', planId: 'PL2', kind: 'initial', date: '2026-01-05' })
  doc.members.push({ planId: 'PL2', professionalId: 'P1', fromDate: '2026-01-05' })
  doc.meetings.push({
    id: 'M1',
    planIds: ['PL2'],
    date: '2026-04-01',
    chairId: 'P2',
    attended: ['P1'],
    apologies: [],
    planAvailable: true,
    childViewsRecorded: true,
    riskReviewed: true,
  })
  doc.distributions.push({ meetingId: 'M1', professionalId: 'P1', date: '2026-04-02' })
  doc.disagreements.push({ id: 'D1', planId: 'PL2', raisedDate: '2026-04-13', raisedById: 'P1', category: 'plan-progress', stages: [{ stage: 1, startDate: '2026-04-13' }] })
  return doc
}

async function makeDbFile(kdf = TEST_KDF): Promise<{ dir: string; path: string; code: string }> {
  const dir = newDir()
  const path = join(dir, 'caseload.db')
  let code = ''
  const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf, onRecoveryCode: (c) => (code = c) })
  importCaseload(db, smallDoc())
  db.close()
  return { dir, path, code }
}

async function openCore(path: string, extra: Partial<Parameters<typeof createCore>[0]> = {}): Promise<Core> {
  const core = createCore({ dbPath: path, kdf: TEST_KDF, today: () => A, ...extra })
  cleanups.unshift(() => core.session.closeNow())
  const r = await core.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })
  if (!r.ok) throw new Error(`unlock: ${r.code} ${r.message}`)
  return core
}

async function ok<T = Record<string, unknown>>(core: Core, channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message} ${JSON.stringify(r.problems)}`)
  return r.data as T
}

type F = { ruleId: string; status: string; severity: string; dueDate: string | null; planId: string }
async function findings(core: Core, childId: string, asOf = A): Promise<F[]> {
  return (await ok<{ findings: F[] }>(core, 'case:detail', { childId, asOf })).findings
}
const pick = (fs: F[], ruleId: string) => fs.filter((f) => f.ruleId === ruleId).map((f) => ({ status: f.status, severity: f.severity, dueDate: f.dueDate }))

async function cliDrift(path: string, asOf = A, passphrase = TEST_PASSPHRASE, extra: string[] = []) {
  const r = await runCliWith(['drift', '--db', path, '--as-of', asOf, '--json', ...extra], passphrase)
  return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as { policy: typeof DEFAULT_POLICY; findings: F[] }) : null }
}

/** The official gov.uk shape, three divisions, every event with title, date, notes and bunting. */
function officialFile(extraEnglandAndWales: { title: string; date: string }[] = []) {
  const shipped = JSON.parse(readFileSync(join(ROOT, 'electron/core/drift/bank-holidays-england-and-wales.json'), 'utf8')) as {
    'england-and-wales': { events: { title: string; date: string }[] }
  }
  const ew = shipped['england-and-wales'].events.filter((e) => e.date < '2028-01-01')
  const events = [...ew, ...extraEnglandAndWales].sort((a, b) => a.date.localeCompare(b.date)).map((e) => ({ ...e, notes: '', bunting: true }))
  return {
    'england-and-wales': { division: 'england-and-wales', events },
    scotland: { division: 'scotland', events: [{ title: "2nd January", date: '2026-01-02', notes: '', bunting: true }] },
    'northern-ireland': { division: 'northern-ireland', events: [{ title: "St Patrick's Day", date: '2026-03-17', notes: '', bunting: true }] },
  }
}

// ---------------------------------------------------------------------------------------------
describe('the drift policy (design §4 "every timescale … is a policy default"; README Settings)', () => {
  // §4 first-core-group-overdue: due = addWD(start, N). Start Fri 27 Mar 2026; working days after it:
  // 30, 31 Mar, 1, 2 Apr (4), [3 Apr Good Friday, 6 Apr Easter Monday], 7, 8, 9, 10 (8), 13, 14 (10),
  // 15, 16, 17 (13), 20, 21 (15). Default N = 10 → 14 Apr; N = 15 → 21 Apr.
  it('a saved first-core-group limit moves the due date exactly (10 → 15 working days over Easter)', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    expect(pick(await findings(core, 'C1'), 'first-core-group-overdue')).toEqual([{ status: 'overdue', severity: 'high', dueDate: '2026-04-14' }])
    const state = await ok<{ policy: typeof DEFAULT_POLICY }>(core, 'settings:policy-get', {})
    await ok(core, 'settings:policy-set', { policy: { ...state.policy, firstCoreGroupWorkingDays: 15 } })
    // A = 20 Apr <= due 21 Apr and wd(A, due) = 1 <= W = 5: due soon, always low.
    expect(pick(await findings(core, 'C1'), 'first-core-group-overdue')).toEqual([{ status: 'due-soon', severity: 'low', dueDate: '2026-04-21' }])
  })

  // §4: W = 0 means the rule has no due-soon state; the window is a policy setting.
  it('a due-soon window of 0 removes the due-soon finding and nothing else', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    const state = await ok<{ policy: typeof DEFAULT_POLICY }>(core, 'settings:policy-get', {})
    const before = (await findings(core, 'C1')).map((f) => f.ruleId).sort()
    await ok(core, 'settings:policy-set', {
      policy: { ...state.policy, firstCoreGroupWorkingDays: 15, dueSoonWorkingDays: { ...state.policy.dueSoonWorkingDays, 'first-core-group-overdue': 0 } },
    })
    const after = (await findings(core, 'C1')).map((f) => f.ruleId).sort()
    expect(after).toEqual(before.filter((r) => r !== 'first-core-group-overdue'))
  })

  // §4 core-group-overdue: due = L + interval days. L = Wed 1 Apr 2026: default 28 → 29 Apr (A = 20 Apr:
  // wd = 21,22,23,24,27,28,29 = 7 > 5, nothing); interval 14 → 15 Apr < A: overdue, high.
  it('the core group interval: 14 days makes the 1 Apr core group overdue from 15 Apr', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    expect(pick(await findings(core, 'C2'), 'core-group-overdue')).toEqual([])
    const state = await ok<{ policy: typeof DEFAULT_POLICY }>(core, 'settings:policy-get', {})
    await ok(core, 'settings:policy-set', { policy: { ...state.policy, coreGroupIntervalDays: 14 } })
    expect(pick(await findings(core, 'C2'), 'core-group-overdue')).toEqual([{ status: 'overdue', severity: 'high', dueDate: '2026-04-15' }])
    // On the due day itself it is due soon (README: "a due date on the as-of day is due soon").
    expect(pick(await findings(core, 'C2', '2026-04-15'), 'core-group-overdue')).toEqual([{ status: 'due-soon', severity: 'low', dueDate: '2026-04-15' }])
  })

  // §4 disagreement-unresolved: stageDue = addWD(S.startDate, stage limit), capDue = addWD(raised, cap),
  // due = min. Raised and stage 1 on Mon 13 Apr 2026: default limit 5 → 14, 15, 16, 17, 20 → 20 Apr;
  // cap 20 → later. A = 20 Apr is not after the due date: flag, medium, due 20 Apr. A stage-1 limit of
  // 4 → 17 Apr: A > due, overdue, high. A cap of 3 (smaller than the stage limit) → 16 Apr wins.
  it('disagreement stage limits and the cap are applied exactly (flag on the due day, overdue the day after)', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    expect(pick(await findings(core, 'C2'), 'disagreement-unresolved')).toEqual([{ status: 'flag', severity: 'medium', dueDate: '2026-04-20' }])
    await ok(core, 'settings:policy-set', { policy: { ...DEFAULT_POLICY, disagreementStageWorkingDays: [4, 5, 10, 10] } })
    expect(pick(await findings(core, 'C2'), 'disagreement-unresolved')).toEqual([{ status: 'overdue', severity: 'high', dueDate: '2026-04-17' }])
    await ok(core, 'settings:policy-set', { policy: { ...DEFAULT_POLICY, disagreementCapWorkingDays: 3 } })
    expect(pick(await findings(core, 'C2'), 'disagreement-unresolved')).toEqual([{ status: 'overdue', severity: 'high', dueDate: '2026-04-16' }])
  })

  // README Drift detection: "An authority's overrides are stored in the caseload"; §4 "a scan records
  // the policy it used"; §5 drift --json prints { asOf, policy, findings }. The app and the CLI agree.
  it('a policy saved in the app is the one the command line uses and prints; --policy applies to one run only', async () => {
    const { path, dir } = await makeDbFile()
    const core = await openCore(path)
    const state = await ok<{ policy: typeof DEFAULT_POLICY }>(core, 'settings:policy-get', {})
    await ok(core, 'settings:policy-set', { policy: { ...state.policy, coreGroupIntervalDays: 14, visitWorkingDays: 7 } })
    core.session.closeNow()
    const stored = await cliDrift(path)
    expect(stored.code, stored.stderr).toBe(0)
    expect(stored.json!.policy).toMatchObject({ coreGroupIntervalDays: 14, visitWorkingDays: 7 })
    expect(pick(stored.json!.findings.filter((f) => f.planId === 'PL2'), 'core-group-overdue')).toEqual([{ status: 'overdue', severity: 'high', dueDate: '2026-04-15' }])
    const file = join(dir, 'one-run.json')
    writeFileSync(file, JSON.stringify({ coreGroupIntervalDays: 28 }))
    const once = await cliDrift(path, A, TEST_PASSPHRASE, ['--policy', file])
    expect(once.json!.policy.coreGroupIntervalDays).toBe(28)
    expect(pick(once.json!.findings.filter((f) => f.planId === 'PL2'), 'core-group-overdue')).toEqual([])
    // The stored policy is untouched by the one-off run.
    const again = await openCore(path)
    expect((await ok<{ policy: typeof DEFAULT_POLICY }>(again, 'settings:policy-get', {})).policy).toMatchObject({ coreGroupIntervalDays: 14, visitWorkingDays: 7 })
  })

  // README Settings: "a reset (which puts every field back …)"; the findings follow at once.
  it('reset to defaults gives back exactly the default policy and exactly the findings before any change', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    const before = [...(await findings(core, 'C1')), ...(await findings(core, 'C2'))]
    const state = await ok<{ policy: typeof DEFAULT_POLICY; defaults: typeof DEFAULT_POLICY }>(core, 'settings:policy-get', {})
    expect(state.policy).toEqual(DEFAULT_POLICY)
    expect(state.defaults).toEqual(DEFAULT_POLICY)
    const changed = {
      ...DEFAULT_POLICY,
      firstCoreGroupWorkingDays: 3,
      coreGroupIntervalDays: 7,
      visitWorkingDays: 1,
      disagreementStageWorkingDays: [1, 1, 1, 1],
      dueSoonWorkingDays: { ...DEFAULT_POLICY.dueSoonWorkingDays, 'visit-overdue': 0 },
    }
    await ok(core, 'settings:policy-set', { policy: changed })
    expect([...(await findings(core, 'C1')), ...(await findings(core, 'C2'))]).not.toEqual(before)
    const reset = await ok<{ policy: typeof DEFAULT_POLICY }>(core, 'settings:policy-reset', {})
    expect(reset.policy).toEqual(DEFAULT_POLICY)
    expect((await ok<{ policy: typeof DEFAULT_POLICY }>(core, 'settings:policy-get', {})).policy).toEqual(DEFAULT_POLICY)
    expect([...(await findings(core, 'C1')), ...(await findings(core, 'C2'))]).toEqual(before)
    // And after a lock and unlock (persisted, not only in memory).
    await ok(core, 'session:lock', {})
    await ok(core, 'session:unlock', { passphrase: TEST_PASSPHRASE })
    expect((await ok<{ policy: typeof DEFAULT_POLICY }>(core, 'settings:policy-get', {})).policy).toEqual(DEFAULT_POLICY)
  })

  // README Drift detection: "unknown fields and bad values are refused with the field and the reason";
  // a refused save changes nothing (the stored override stays, the findings stay).
  it('a refused policy names each field and reason and leaves the stored policy and the findings alone', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    await ok(core, 'settings:policy-set', { policy: { ...DEFAULT_POLICY, coreGroupIntervalDays: 14 } })
    const findingsBefore = await findings(core, 'C2')
    const bad = await core.dispatch('settings:policy-set', { policy: { ...DEFAULT_POLICY, longPlanMediumMonths: 30, longPlanHighMonths: 20, coreGroupIntervalDays: 0 } })
    expect(bad.ok).toBe(false)
    const problems = bad.ok ? [] : (bad.problems ?? [])
    expect(problems.map((p) => p.path).sort()).toEqual(['$.policy.coreGroupIntervalDays', '$.policy.longPlanHighMonths'].sort())
    const unknown = await core.dispatch('settings:policy-set', { policy: { ...DEFAULT_POLICY, coreGroupIntervalDayz: 10 } })
    expect(unknown).toMatchObject({ ok: false })
    expect(JSON.stringify(unknown)).toMatch(/coreGroupIntervalDayz/)
    expect((await ok<{ policy: typeof DEFAULT_POLICY }>(core, 'settings:policy-get', {})).policy.coreGroupIntervalDays).toBe(14)
    expect(await findings(core, 'C2')).toEqual(findingsBefore)
  })

  // Brief for this audit / README Settings ("errors name fields in words"): a validation message must
  // say the allowed range, so a chair who types 0 or 5000 learns what to type instead.
  // Was a fault (fixed): each message gives only the bound that was crossed ("must be at least 1", "must be at most
  // 3660", "must be 0 or more") or none ("must be a whole number"); the allowed range is never said.
  it('every numeric setting refused out of range says the allowed range (both ends)', () => {
    const bounds: Record<string, [number, number]> = {
      firstCoreGroupWorkingDays: [0, 260],
      coreGroupIntervalDays: [1, 3660],
      reviewAfterInitialMonths: [1, 120],
      staleActionDays: [1, 3660],
      workerChangeRepeatCount: [2, 20],
      riskSafetyThreshold: [0, 10],
    }
    const missing: string[] = []
    for (const [field, [min, max]] of Object.entries(bounds)) {
      for (const value of field === 'riskSafetyThreshold' ? [min - 1, max + 1] : [min - 1, max + 1, min + 0.5]) {
        const r = validatePolicy({ [field]: value })
        const reason = r.problems.find((p) => p.path === `$.${field}`)?.reason ?? '(accepted)'
        if (!(reason.includes(String(min)) && reason.includes(String(max)))) missing.push(`${field}=${value}: "${reason}"`)
      }
    }
    expect(missing).toEqual([])
  })

  // A stored policy that no longer validates (written by another version or program) must not lock the
  // chair out of the findings with no way back: a reset from Settings clears it.
  it('a stored policy that no longer validates can still be reset, after which scans work again', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    core.session.database().sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('drift-policy', '{"coreGroupIntervalDays":0}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run()
    const broken = await core.dispatch('settings:policy-get', {})
    if (!broken.ok) expect(broken.message).toMatch(/policy/i)
    expect(await core.dispatch('settings:policy-reset', {})).toMatchObject({ ok: true, data: { policy: DEFAULT_POLICY } })
    expect((await findings(core, 'C1')).length).toBeGreaterThan(0)
  })

  // §5 / README: --policy FILE refuses unknown fields naming the file, the field and the reason, exit 1.
  it('drift --policy with an unknown field or a bad value exits 1 naming the file and the field', async () => {
    const { path, dir } = await makeDbFile()
    const file = join(dir, 'authority-policy.json')
    writeFileSync(file, JSON.stringify({ coreGroupIntervalDayz: 14 }))
    const r1 = await cliDrift(path, A, TEST_PASSPHRASE, ['--policy', file])
    expect(r1.code).toBe(1)
    expect(r1.stderr).toMatch(/authority-policy\.json/)
    expect(r1.stderr).toMatch(/coreGroupIntervalDayz/)
    writeFileSync(file, JSON.stringify({ disagreementStageWorkingDays: [5, 5, -1, 10] }))
    const r2 = await cliDrift(path, A, TEST_PASSPHRASE, ['--policy', file])
    expect(r2.code).toBe(1)
    expect(r2.stderr).toMatch(/disagreementStageWorkingDays\[2\]/)
    expect(r2.stdout).toBe('')
  })
})

// ---------------------------------------------------------------------------------------------
describe('importing the official bank-holidays.json (§4 working days; README Settings)', () => {
  // §4: addWD counts working days, not bank holidays. With a (one-off) bank holiday on Wed 8 Apr 2026,
  // PL1's first core group (start Fri 27 Mar): 30, 31 Mar, 1, 2 Apr (4), 7 (5), 9 (6), 10 (7), 13 (8),
  // 14 (9), 15 (10) → due 15 Apr, one day later than the shipped calendar's 14 Apr.
  it('a new holiday moves a working-day deadline by exactly one day, in the app and the CLI alike', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    expect(pick(await findings(core, 'C1'), 'first-core-group-overdue')).toEqual([{ status: 'overdue', severity: 'high', dueDate: '2026-04-14' }])
    const r = await ok<{ holidays: number; knownFrom: string; knownUntil: string }>(core, 'settings:bank-holidays-import', {
      json: JSON.stringify(officialFile([{ title: 'One-off bank holiday', date: '2026-04-08' }])),
    })
    // The shipped 2028–2030 projections are kept (the file covers 2019–2027): it extends, it does not shrink.
    expect(r.knownUntil).toBe('2030-12-31')
    expect(pick(await findings(core, 'C1'), 'first-core-group-overdue')).toEqual([{ status: 'overdue', severity: 'high', dueDate: '2026-04-15' }])
    // Calendar-day rules are not moved: C2's core group interval is 28 days, not working days.
    core.session.closeNow()
    const cli = await cliDrift(path)
    expect(pick(cli.json!.findings.filter((f) => f.planId === 'PL1'), 'first-core-group-overdue')).toEqual([{ status: 'overdue', severity: 'high', dueDate: '2026-04-15' }])
    // Persisted: a new session still counts 8 Apr as a holiday.
    const again = await openCore(path)
    expect(pick(await findings(again, 'C1'), 'first-core-group-overdue')[0]?.dueDate).toBe('2026-04-15')
  })

  // README Settings / brief: a bad file gets a JSON path and a reason, and changes nothing.
  it('a file with an impossible date is refused with its JSON path and reason; nothing changes', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    const good = officialFile([{ title: 'One-off bank holiday', date: '2026-04-08' }])
    const bad = structuredClone(good)
    const i = bad['england-and-wales'].events.findIndex((e) => e.date === '2026-04-08')
    bad['england-and-wales'].events[i]!.date = '2026-02-30'
    const r = await core.dispatch('settings:bank-holidays-import', { json: JSON.stringify(bad) })
    expect(r.ok).toBe(false)
    const problems = r.ok ? [] : (r.problems ?? [])
    expect(problems).toEqual([{ path: `$["england-and-wales"].events[${i}].date`, reason: expect.stringMatching(/not a real date/) }])
    // Nothing changed: no stored list, the deadline is still the shipped calendar's.
    expect(pick(await findings(core, 'C1'), 'first-core-group-overdue')[0]?.dueDate).toBe('2026-04-14')
    const db = core.session.database()
    expect(db.sqlite.prepare(`SELECT count(*) AS n FROM settings WHERE key = 'bank-holidays'`).get()).toEqual({ n: 0 })
  })

  // README "Working days": "A scan whose deadlines run beyond the last known year says so in its
  // warnings"; importing a file that covers that year removes the warning.
  it('deadlines beyond the known years are warned about; importing the year ends the warning', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path, { today: () => '2030-12-24' })
    await ok(core, 'record:child', { name: 'Fictional Late Starter', complex: false, plan: { startDate: '2030-12-20', initialCategory: 'neglect', previousPlans: 0, socialWorkerId: null } })
    core.session.closeNow()
    const before = await cliDrift(path, '2030-12-24')
    expect(before.code, before.stderr).toBe(0)
    expect(before.stderr).toMatch(/Warning: .*bank holidays/)
    const again = await openCore(path, { today: () => '2030-12-24' })
    const y2031 = [
      { title: "New Year's Day", date: '2031-01-01' },
      { title: 'Good Friday', date: '2031-04-11' },
      { title: 'Easter Monday', date: '2031-04-14' },
      { title: 'Early May bank holiday', date: '2031-05-05' },
      { title: 'Spring bank holiday', date: '2031-05-26' },
      { title: 'Summer bank holiday', date: '2031-08-25' },
      { title: 'Christmas Day', date: '2031-12-25' },
      { title: 'Boxing Day', date: '2031-12-26' },
    ]
    const r = await ok<{ knownUntil: string }>(again, 'settings:bank-holidays-import', { json: JSON.stringify(officialFile(y2031)) })
    expect(r.knownUntil).toBe('2031-12-31')
    again.session.closeNow()
    const after = await cliDrift(path, '2030-12-24')
    expect(after.stderr).not.toMatch(/Warning/)
  })

  // README "As of": dates are shown the UK way (26 Nov 2026); the warning a chair reads is no exception.
  // Was a fault (fixed): the unknown-holidays warning gives its dates as YYYY-MM-DD (e.g. "after 2030-12-31").
  it('the unknown-holidays warning gives its dates the UK way', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path, { today: () => '2030-12-24' })
    await ok(core, 'record:child', { name: 'Fictional Late Starter', complex: false, plan: { startDate: '2030-12-20', initialCategory: 'neglect', previousPlans: 0, socialWorkerId: null } })
    // The dashboard shows the same sentence (overview.warnings).
    const overview = await ok<{ warnings: string[] }>(core, 'caseload:overview', { asOf: '2030-12-24' })
    expect(overview.warnings.length).toBeGreaterThan(0)
    expect(overview.warnings.join(' ')).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    core.session.closeNow()
    const r = await cliDrift(path, '2030-12-24')
    expect(r.stderr).toMatch(/Warning/)
    expect(r.stderr).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    expect(r.stderr).toMatch(/31 Dec 2030/)
  })

  // A refused file after a good one keeps the good one (changes nothing, not "back to the shipped list").
  it('a refused file after a good import keeps the imported holidays', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    await ok(core, 'settings:bank-holidays-import', { json: JSON.stringify(officialFile([{ title: 'One-off bank holiday', date: '2026-04-08' }])) })
    const storedBefore = core.session.database().sqlite.prepare(`SELECT value FROM settings WHERE key = 'bank-holidays'`).get()
    for (const json of ['{"england-and-wales": {"events": [{"title": "x", "date": "8 April 2026"}]}}', '[]', '{"england-and-wales": []}', '{ "england-and-wales": ']) {
      const r = await core.dispatch('settings:bank-holidays-import', { json })
      expect(r.ok, json).toBe(false)
    }
    expect(core.session.database().sqlite.prepare(`SELECT value FROM settings WHERE key = 'bank-holidays'`).get()).toEqual(storedBefore)
    expect(pick(await findings(core, 'C1'), 'first-core-group-overdue')[0]?.dueDate).toBe('2026-04-15')
  })

  // Brief: "a bad file gets a JSON path and reason". A file without the England and Wales division
  // (e.g. someone's hand-made Scottish list) must say what is missing in words.
  // Was a fault (fixed): the reason is zod's "Invalid input: expected object, received undefined", not a sentence
  // saying that the england-and-wales division is missing.
  it('a file without the england-and-wales division says, in words, that the division is missing', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    const r = await core.dispatch('settings:bank-holidays-import', { json: JSON.stringify({ scotland: { division: 'scotland', events: [] } }) })
    expect(r.ok).toBe(false)
    const problems = r.ok ? [] : (r.problems ?? [])
    expect(problems[0]?.path).toBe('$["england-and-wales"]')
    expect(problems[0]?.reason).not.toMatch(/Invalid input|expected object|received undefined/i)
    expect(problems[0]?.reason).toMatch(/missing|no england-and-wales|is required|not found/i)
  })

  // A file whose England-and-Wales list is empty holds no bank holidays at all; importing it must not
  // pass for "Imported N bank holidays" with nothing in it.
  // Was a fault (fixed): an empty events list is accepted as a successful import (the chair is told it worked).
  it('a bank-holidays.json with no England and Wales events is refused, not reported as imported', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    const r = await core.dispatch('settings:bank-holidays-import', { json: JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events: [] } }) })
    expect(r.ok).toBe(false)
  })

  // §4 "the project ships its own copy and accepts the official bank-holidays.json". An official-shaped
  // file covering part of a year (a hand-edited copy listing only the spring 2026 holidays) replaces
  // the whole year: Christmas Day and the 28 Dec substitute day 2026 silently become working days.
  // Worked by hand: a visit on Thu 17 Dec 2026, visit-overdue due = addWD(17 Dec, 10) with the
  // shipped calendar: 18, 21, 22, 23, 24 (5), [25 Christmas, 28 substitute], 29, 30, 31 (8), [1 Jan], 4, 5 Jan → 5 Jan 2027.
  // With 25 and 28 Dec counted as working days: 18, 21, 22, 23, 24, 25, 28, 29, 30, 31 → 31 Dec 2026.
  // Was a fault (fixed): such a file is accepted ("Imported N bank holidays") and the visit deadline moves from
  // 5 Jan 2027 to 31 Dec 2026, with no word that 2026 lost its Christmas holidays.
  it('a file that lists only some of a year’s holidays does not silently drop the rest of that year', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path, { today: () => '2027-01-04' })
    await ok(core, 'record:visit', { childId: 'C1', date: '2026-12-17', seenAlone: true })
    const before = pick(await findings(core, 'C1', '2026-12-31'), 'visit-overdue')
    expect(before).toEqual([{ status: 'due-soon', severity: 'low', dueDate: '2027-01-05' }])
    const spring = { 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Good Friday', date: '2026-04-03' }, { title: 'Easter Monday', date: '2026-04-06' }] } }
    const r = await core.dispatch('settings:bank-holidays-import', { json: JSON.stringify(spring) })
    // Either refused, or Christmas 2026 still counts as a holiday.
    if (r.ok) expect(pick(await findings(core, 'C1', '2026-12-31'), 'visit-overdue')).toEqual(before)
  })
})

// ---------------------------------------------------------------------------------------------
describe('changing the passphrase (§6 "changing the passphrase re-wraps the key"; README Settings)', () => {
  // §6: after a change the old passphrase is refused and the new one opens it — everywhere, the CLI too.
  it('after a change in the app, the CLI refuses the old passphrase (exit 2) and opens with the new one', async () => {
    const { path } = await makeDbFile()
    const again = await openCore(path)
    await ok(again, 'session:change-passphrase', { oldPassphrase: TEST_PASSPHRASE, newPassphrase: NEW_PASSPHRASE })
    again.session.closeNow()
    const old = await runCliWith(['export', '--db', path], TEST_PASSPHRASE)
    expect(old.code).toBe(2)
    expect(old.stdout).toBe('')
    const now = await runCliWith(['export', '--db', path], NEW_PASSPHRASE)
    expect(now.code, now.stderr).toBe(0)
    expect(JSON.parse(now.stdout).children.map((c: { name: string }) => c.name)).toContain('Fictional Ada Sentinelle')
  })

  // §6 / README: "A wrong passphrase: a clear error and the file untouched"; the session stays open.
  it('a wrong current passphrase changes nothing: key file byte for byte, session still unlocked, old still opens', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    const keyBefore = digest(keyFilePath(path))
    const r = await core.dispatch('session:change-passphrase', { oldPassphrase: 'not the passphrase', newPassphrase: NEW_PASSPHRASE })
    expect(r).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    expect(r.ok ? '' : r.message).not.toMatch(/GCM|tag|unwrap|decipher/i)
    expect(digest(keyFilePath(path))).toBe(keyBefore)
    expect(await core.dispatch('session:status', {})).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    expect((await findings(core, 'C1')).length).toBeGreaterThan(0)
    // A new passphrase the rules refuse also changes nothing.
    expect(await core.dispatch('session:change-passphrase', { oldPassphrase: TEST_PASSPHRASE, newPassphrase: '        ' })).toMatchObject({ ok: false })
    expect(digest(keyFilePath(path))).toBe(keyBefore)
    core.session.closeNow()
    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    db.close()
  })

  // README Security model: "Changing the passphrase keeps the code"; the recovery code still resets it
  // afterwards, and that reset spends the code and ends the *changed* passphrase.
  it('the recovery code still works after a change, and resetting with it ends the changed passphrase', async () => {
    const { path, code } = await makeDbFile()
    const core = await openCore(path)
    await ok(core, 'session:change-passphrase', { oldPassphrase: TEST_PASSPHRASE, newPassphrase: NEW_PASSPHRASE })
    await ok(core, 'session:lock', {})
    const reset = await ok<{ recoveryCode: string }>(core, 'session:reset-passphrase', { recoveryCode: code, newPassphrase: 'the third passphrase here' })
    expect(reset.recoveryCode).not.toBe(code)
    await ok(core, 'session:lock', {})
    expect(await core.dispatch('session:unlock', { passphrase: NEW_PASSPHRASE })).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    expect(await core.dispatch('session:unlock', { passphrase: 'the third passphrase here' })).toMatchObject({ ok: true })
  })

  // README Security model: "`recovery-code` replaces a lost or exposed code, given the passphrase";
  // a wrong passphrase changes nothing (the current code keeps working).
  it('a new recovery code asked with a wrong passphrase changes nothing; with the right one the old code stops working', async () => {
    const { path, code } = await makeDbFile()
    const core = await openCore(path)
    const keyBefore = digest(keyFilePath(path))
    expect(await core.dispatch('session:new-recovery-code', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    expect(digest(keyFilePath(path))).toBe(keyBefore)
    const fresh = await ok<{ recoveryCode: string }>(core, 'session:new-recovery-code', { passphrase: TEST_PASSPHRASE })
    expect(fresh.recoveryCode).not.toBe(code)
    await ok(core, 'session:lock', {})
    expect(await core.dispatch('session:reset-passphrase', { recoveryCode: code, newPassphrase: NEW_PASSPHRASE })).toMatchObject({ ok: false, code: 'WRONG_RECOVERY_CODE' })
    // The passphrase is unchanged by a new code.
    expect(await core.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true })
  })

  // README Security model: version-1 key files (no recovery code) "are upgraded at the next passphrase
  // change, which shows the new recovery code once". Asking Settings for a new code on such a caseload
  // must either give one (upgrading the file) or say in words to change the passphrase — and keep it opening.
  it('on a caseload from before recovery codes, "new recovery code" gives one or says what to do; the file still opens', async () => {
    const { path } = await makeDbFile()
    const { unwrapDataKey, readKeyFile, writeKeyFile } = await import('../../electron/core/db/key-file')
    const { legacyV1KeyFile } = await import('../safety/helpers')
    const key = await unwrapDataKey(readKeyFile(path), TEST_PASSPHRASE)
    writeKeyFile(path, await legacyV1KeyFile(key, TEST_PASSPHRASE))
    key.fill(0)
    const core = await openCore(path)
    const r = await core.dispatch('session:new-recovery-code', { passphrase: TEST_PASSPHRASE })
    if (r.ok) {
      const code = (r.data as { recoveryCode: string }).recoveryCode
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){5}$/)
      await ok(core, 'session:lock', {})
      expect(await core.dispatch('session:reset-passphrase', { recoveryCode: code, newPassphrase: NEW_PASSPHRASE })).toMatchObject({ ok: true })
    } else {
      expect(r.code).not.toBe('INTERNAL')
      expect(r.message).toMatch(/passphrase/i)
      await ok(core, 'session:lock', {})
      expect(await core.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true })
    }
  })

  // A passphrase change needs the caseload open (it is in Settings): while locked it is refused and
  // the key file is untouched.
  it('is refused while the caseload is locked, and touches nothing', async () => {
    const { path } = await makeDbFile()
    const core = createCore({ dbPath: path, kdf: TEST_KDF, today: () => A })
    cleanups.unshift(() => core.session.closeNow())
    const keyBefore = digest(keyFilePath(path))
    const r = await core.dispatch('session:change-passphrase', { oldPassphrase: TEST_PASSPHRASE, newPassphrase: NEW_PASSPHRASE })
    expect(r.ok).toBe(false)
    expect(digest(keyFilePath(path))).toBe(keyBefore)
  })
})

// ---------------------------------------------------------------------------------------------
describe('creating a caseload and the demo (§5 init/demo; README "never overwrites")', () => {
  // README Security model: a database "missing beside its key file … never opened as a new caseload".
  // Creating one there would replace the key file, and with it the only way into a moved database.
  it('the app refuses to create a caseload where a key file already exists without its database', async () => {
    const { path } = await makeDbFile()
    const dir = newDir()
    const target = join(dir, 'caseload.db')
    writeFileSync(keyFilePath(target), readFileSync(keyFilePath(path)))
    const keyBefore = digest(keyFilePath(target))
    const core = createCore({ dbPath: target, kdf: TEST_KDF, today: () => A })
    cleanups.unshift(() => core.session.closeNow())
    expect(await core.dispatch('session:status', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    const r = await core.dispatch('session:create', { passphrase: NEW_PASSPHRASE, withDemo: true })
    expect(r.ok).toBe(false)
    expect(digest(keyFilePath(target))).toBe(keyBefore)
    expect(existsSync(target)).toBe(false)
  })

  // README Using the app: creation is for the first run; over an existing caseload it is refused and
  // both files stay byte for byte (the demo never replaces a real caseload).
  it('the app refuses to create (with or without the demo) over an existing caseload, files untouched', async () => {
    const { path } = await makeDbFile()
    const db0 = digest(path)
    const key0 = digest(keyFilePath(path))
    const core = createCore({ dbPath: path, kdf: TEST_KDF, today: () => A, demoChildren: 3 })
    cleanups.unshift(() => core.session.closeNow())
    for (const withDemo of [true, false]) {
      const r = await core.dispatch('session:create', { passphrase: NEW_PASSPHRASE, withDemo })
      expect(r).toMatchObject({ ok: false, code: 'DATABASE_EXISTS' })
    }
    expect(digest(path)).toBe(db0)
    expect(digest(keyFilePath(path))).toBe(key0)
  })

  // §5 / README: demo "fill it with the synthetic, fictional caseload" — never over real records without --replace.
  it('demo refuses to fill a caseload that already has children (exit 1), and changes nothing', async () => {
    const { path } = await makeDbFile()
    const before = await runCliWith(['export', '--db', path], TEST_PASSPHRASE)
    const r = await runCliWith(['demo', '--db', path, '--children', '3', '--as-of', A], TEST_PASSPHRASE)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/--replace/)
    const after = await runCliWith(['export', '--db', path], TEST_PASSPHRASE)
    expect(after.stdout).toBe(before.stdout)
  })

  // §5 init "create an empty encrypted caseload": over an existing one it must refuse, key file untouched.
  it('init over an existing caseload is refused and leaves both files byte for byte', async () => {
    const { path } = await makeDbFile()
    const db0 = digest(path)
    const key0 = digest(keyFilePath(path))
    const r = await runCliWith(['init', '--db', path], NEW_PASSPHRASE)
    expect(r.code).not.toBe(0)
    expect(r.stdout).not.toMatch(/RECOVERY CODE/)
    expect(digest(path)).toBe(db0)
    expect(digest(keyFilePath(path))).toBe(key0)
  })

  // README: the demo offered on first run is entirely fictional — and the app's own creation with the
  // demo leaves a caseload whose every phone and e-mail is of the reserved fictional kinds.
  it('the app’s "start with the demo" caseload is clearly fictional (reserved phones, .invalid e-mails, Demo Team)', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    const core = createCore({ dbPath: path, kdf: TEST_KDF, today: () => A, demoChildren: 12 })
    cleanups.unshift(() => core.session.closeNow())
    await ok(core, 'session:create', { passphrase: TEST_PASSPHRASE, withDemo: true })
    const sqlite = core.session.database().sqlite
    const pros = sqlite.prepare('SELECT email, phone FROM professionals').all() as { email: string | null; phone: string | null }[]
    expect(pros.length).toBeGreaterThan(0)
    for (const p of pros) {
      if (p.email) expect(p.email).toMatch(/@example\.invalid$/)
      if (p.phone) expect(p.phone).toMatch(/^07700 900\d{3}$/)
    }
    const teams = sqlite.prepare('SELECT DISTINCT team FROM children').all() as { team: string | null }[]
    for (const t of teams) expect(t.team ?? 'Demo Team').toMatch(/^Demo Team/)
  })
})

// ---------------------------------------------------------------------------------------------
describe('the user’s name and other user settings (README "Your name", "One writer at a time")', () => {
  // README: the name "is kept in the caseload's settings table … encrypted with everything else".
  it('the name persists across lock and unlock and a new session; too long is refused with the limit', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    await ok(core, 'settings:user-set', { name: 'Ann Chair' })
    await ok(core, 'session:lock', {})
    await ok(core, 'session:unlock', { passphrase: TEST_PASSPHRASE })
    expect(await ok(core, 'settings:user-get', {})).toMatchObject({ name: 'Ann Chair' })
    const long = await core.dispatch('settings:user-set', { name: 'x'.repeat(121) })
    expect(long).toMatchObject({ ok: false, code: 'VALIDATION' })
    expect(JSON.stringify(long)).toMatch(/120/)
    expect(await ok(core, 'settings:user-get', {})).toMatchObject({ name: 'Ann Chair' })
  })

  // README "Your name": "until it is given, records say '<account> (computer account)'"; once given,
  // the change history says the name.
  it('before a name is given the history says "(computer account)"; after, the name', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    expect(await ok(core, 'settings:user-get', {})).toMatchObject({ name: null })
    await ok(core, 'record:visit', { childId: 'C1', date: '2026-04-14', seenAlone: true })
    const h1 = await ok<{ entries: { actor: string }[] }>(core, 'history:list', { limit: 1 })
    expect(h1.entries[0]?.actor).toMatch(/\(computer account\)$/)
    await ok(core, 'settings:user-set', { name: 'Ann Chair' })
    await ok(core, 'record:visit', { childId: 'C1', date: '2026-04-15', seenAlone: false })
    const h2 = await ok<{ entries: { actor: string }[] }>(core, 'history:list', { limit: 1 })
    expect(h2.entries[0]?.actor).toBe('Ann Chair')
  })

  // The name goes into the change history, the access log and the CSV an auditor opens, and into
  // "Recorded by" in exports: a control character in it must be refused or removed.
  // Was a fault (fixed): line breaks are folded to a space, but other control characters (here BEL, U+0007) are
  // stored and handed back as part of the name.
  it('a name with a line break or control characters is refused or stored as one clean line', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    const r = await core.dispatch('settings:user-set', { name: 'Ann Chair\n2026-01-01,unlock,Someone Else\u0007' })
    if (r.ok) {
      const name = (r.data as { name: string }).name
      expect([...name].filter((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)).toEqual([])
    } else {
      expect(r.code).toBe('VALIDATION')
    }
  })

  // README "One writer at a time": "The app takes it [the writer lock] for each save"; a second writer
  // gets the sentence naming who is writing. The name is a save into the caseload like any other.
  // Was a fault (fixed): settings:user-set writes straight to the database without the writer lock (and without the
  // damaged-caseload check every other write handler makes), while another program holds the lock.
  it('saving the name is refused while another program holds the writer lock', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    const holder: ChildProcess = spawn('sleep', ['60'], { stdio: 'ignore' })
    cleanups.unshift(() => holder.kill('SIGKILL'))
    writeFileSync(
      writerLockPath(path),
      JSON.stringify({ pid: holder.pid, program: 'the command line', purpose: 'an import', startedAt: new Date().toISOString(), host: hostname() }),
    )
    cleanups.unshift(() => {
      try {
        unlinkSync(writerLockPath(path))
      } catch {
        /* gone */
      }
    })
    // Control: a policy save is refused with the sentence naming the other program.
    const policy = await core.dispatch('settings:policy-set', { policy: DEFAULT_POLICY })
    expect(policy).toMatchObject({ ok: false, code: 'BUSY', message: expect.stringMatching(/import/) })
    const name = await core.dispatch('settings:user-set', { name: 'Ann Chair' })
    expect(name).toMatchObject({ ok: false, code: 'BUSY' })
  })

  // The idle lock is not a user setting (README: 15 minutes); only DRIFTWATCH_IDLE_LOCK_SECONDS shortens
  // it for tests. Nonsense values must never disable or lengthen it.
  it('the idle limit is 15 minutes unless a positive number of seconds is given', () => {
    expect(idleLockMsFromEnv({})).toBe(15 * 60 * 1000)
    for (const raw of ['0', '-5', 'abc', '', 'Infinity', 'NaN']) expect(idleLockMsFromEnv({ DRIFTWATCH_IDLE_LOCK_SECONDS: raw }), raw).toBe(15 * 60 * 1000)
    expect(idleLockMsFromEnv({ DRIFTWATCH_IDLE_LOCK_SECONDS: '2' })).toBe(2000)
  })
})

// ---------------------------------------------------------------------------------------------
describe('the access log (README "Access log")', () => {
  // README: "who (the user's name from Settings, else the operating-system account)".
  it('records who by the name given in Settings once it is given', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    await ok(core, 'settings:user-set', { name: 'Ann Chair' })
    await findings(core, 'C1')
    const log = await ok<{ entries: { event: string; actor: string; childId: string | null }[] }>(core, 'access:log', {})
    const opened = log.entries.find((e) => e.event === 'case-opened' && e.childId === 'C1')
    expect(opened?.actor).toBe('Ann Chair')
  })

  // README: "Only ids and file names are written"; nothing secret: after settings, a passphrase change
  // and a new recovery code, the log holds no passphrase, no recovery code and no child's name.
  it('holds no passphrase, no recovery code and no child name after a session of settings changes', async () => {
    const { path } = await makeDbFile()
    const core = await openCore(path)
    await findings(core, 'C1')
    await ok(core, 'session:change-passphrase', { oldPassphrase: TEST_PASSPHRASE, newPassphrase: NEW_PASSPHRASE })
    const code = (await ok<{ recoveryCode: string }>(core, 'session:new-recovery-code', { passphrase: NEW_PASSPHRASE })).recoveryCode
    await ok(core, 'settings:policy-set', { policy: DEFAULT_POLICY })
    await ok(core, 'session:lock', {})
    await ok(core, 'session:unlock', { passphrase: NEW_PASSPHRASE })
    const rows = core.session.database().sqlite.prepare('SELECT * FROM access_log').all()
    const text = JSON.stringify(rows)
    expect(rows.length).toBeGreaterThanOrEqual(2)
    for (const secret of [TEST_PASSPHRASE, NEW_PASSPHRASE, code, code.replaceAll('-', ''), 'Fictional Ada Sentinelle']) expect(text).not.toContain(secret)
  })
})

// ---------------------------------------------------------------------------------------------
describe('a process killed (SIGKILL) mid-write (§6 "nothing is lost"; README key-file atomicity)', () => {
  function run(dir: string, path: string, body: string, killAfterMs: number | null): Promise<{ signal: string | null; code: number | null; out: string; ms: number }> {
    const script = join(dir, `child-${Math.random().toString(36).slice(2)}.ts`)
    writeFileSync(
      script,
      `import { createCore } from ${JSON.stringify(join(ROOT, 'electron/core/app/core.ts'))}\n` +
        `const [dbPath, oldP, newP] = process.argv.slice(2) as [string, string, string]\n` +
        `void (async () => {\n` +
        `const core = createCore({ dbPath, today: () => '${A}' })\n` +
        `const u = await core.dispatch('session:unlock', { passphrase: oldP })\n` +
        `if (!u.ok) { console.error(JSON.stringify(u)); process.exit(3) }\n` +
        `process.stdout.write('unlocked\\n')\n` +
        body +
        `\n})()\n`,
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script, path, TEST_PASSPHRASE, NEW_PASSPHRASE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let started = 0
    let done = 0
    child.stdout!.on('data', (d) => {
      out += String(d)
      if (!done && started && out.includes('"ok"')) done = Date.now()
      if (!started && out.includes('unlocked')) {
        started = Date.now()
        if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      }
    })
    child.stderr!.on('data', (d) => (out += String(d)))
    return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, ms: started ? (done || Date.now()) - started : -1 })))
  }

  async function opensWith(path: string): Promise<'old' | 'new'> {
    try {
      const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
      db.close()
      return 'old'
    } catch (e) {
      expect((e as { code?: string }).code).toBe('WRONG_PASSPHRASE')
      const db = await openCaseload({ path, passphrase: NEW_PASSPHRASE })
      db.close()
      return 'new'
    }
  }
  async function contents(path: string, passphrase: string) {
    const db = await openCaseload({ path, passphrase })
    try {
      const q = (sql: string) => db.sqlite.prepare(sql).all()
      return {
        integrity: q('PRAGMA integrity_check'),
        children: q('SELECT id, name FROM children ORDER BY id'),
        meetings: q('SELECT id FROM meetings ORDER BY id'),
        settings: Object.fromEntries((q('SELECT key, value FROM settings') as { key: string; value: string }[]).map((r) => [r.key, r.value])),
      }
    } finally {
      db.close()
    }
  }

  // README: the key file is replaced "atomically: temp file, fsync, rename, then an fsync of the folder";
  // a kill at any moment of a change leaves it opening with the old passphrase or the new one, never
  // neither, and every record is still there.
  it('a passphrase change killed at any moment leaves the caseload opening with the old or the new passphrase, nothing lost', async () => {
    const { path, dir } = await makeDbFile(DEFAULT_KDF_COST)
    const expected = await contents(path, TEST_PASSPHRASE)
    const body =
      `const r = await core.dispatch('session:change-passphrase', { oldPassphrase: oldP, newPassphrase: newP })\n` +
      `process.stdout.write(JSON.stringify({ ok: r.ok }) + '\\n')\n` +
      `core.session.closeNow()\nprocess.exit(0)\n`
    // One full run on a copy, to time it.
    const copy = (name: string) => {
      const p = join(dir, name)
      writeFileSync(p, readFileSync(path))
      writeFileSync(keyFilePath(p), readFileSync(keyFilePath(path)))
      return p
    }
    const full = await run(dir, copy('timing.db'), body, null)
    expect(full.out).toMatch(/"ok":true/)
    expect(await opensWith(join(dir, 'timing.db'))).toBe('new')
    const outcomes: string[] = []
    for (const [i, f] of [0.3, 0.6, 0.75, 0.85, 0.95].entries()) {
      const p = copy(`kill-${i}.db`)
      const r = await run(dir, p, body, Math.max(1, Math.round(full.ms * f)))
      const which = await opensWith(p)
      outcomes.push(`${r.signal ?? 'exit'}@${Math.round(f * 100)}% → ${which}`)
      const got = await contents(p, which === 'old' ? TEST_PASSPHRASE : NEW_PASSPHRASE)
      expect(got).toEqual(expected)
      expect(readdirSync(dir).filter((n) => n.startsWith(`.kill-${i}.db.key.`) || n.startsWith(`kill-${i}.db.key.`))).toEqual([])
    }
    console.log(`change-passphrase killed (full run ${full.ms} ms): ${outcomes.join(', ')}`)
  }, 120_000)

  // README "One writer at a time": a lock whose process is gone is taken over. A kill between creating
  // the lock file and writing it leaves it empty; the app must still open the caseload (it logs the
  // unlock, which needs the lock) once the short grace has passed, and say so in a sentence meanwhile.
  it('an empty lock file left by a crash holds the unlock back only briefly, with a sentence', async () => {
    const { path } = await makeDbFile()
    writeFileSync(writerLockPath(path), '')
    const core = createCore({ dbPath: path, kdf: TEST_KDF, today: () => A })
    cleanups.unshift(() => core.session.closeNow())
    const first = await core.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })
    if (!first.ok) {
      expect(first.code).toBe('BUSY')
      expect(first.message).not.toMatch(/database is locked|SQLITE/i)
      await new Promise((r) => setTimeout(r, 10_500))
      expect(await core.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true })
    }
    expect(await core.dispatch('settings:user-set', { name: 'Ann Chair' })).toMatchObject({ ok: true })
  }, 30_000)

  // A settings write is one SQLite transaction: a kill in the middle of a stream of policy and name
  // saves leaves a caseload that opens, holds a valid policy and a whole name, and loses no record.
  it('settings saves killed mid-stream leave a sound caseload with a valid policy, a whole name and every record', async () => {
    const { path, dir } = await makeDbFile()
    const expected = await contents(path, TEST_PASSPHRASE)
    const body =
      `const base = (await core.dispatch('settings:policy-get', {})).data.policy\n` +
      `for (let i = 0; ; i++) {\n` +
      `  const p = await core.dispatch('settings:policy-set', { policy: { ...base, coreGroupIntervalDays: 1 + (i % 60), disagreementStageWorkingDays: [i % 9, 5, 10, 10] } })\n` +
      `  if (!p.ok) { console.error(JSON.stringify(p)); process.exit(4) }\n` +
      `  const n = await core.dispatch('settings:user-set', { name: 'Chair number ' + i + ' '.repeat(0) + 'x'.repeat(i % 100) })\n` +
      `  if (!n.ok) { console.error(JSON.stringify(n)); process.exit(5) }\n` +
      `  if (i % 20 === 0) { const b = await core.dispatch('settings:bank-holidays-import', { json: ${JSON.stringify(JSON.stringify(officialFile()))} }); if (!b.ok) { console.error(JSON.stringify(b)); process.exit(6) } }\n` +
      `}\n`
    for (const killAfter of [150, 300, 450, 700, 900]) {
      const r = await run(dir, path, body, killAfter)
      expect(r.signal, r.out).toBe('SIGKILL')
      const got = await contents(path, TEST_PASSPHRASE)
      expect(got.integrity).toEqual([{ integrity_check: 'ok' }])
      expect(got.children).toEqual(expected.children)
      expect(got.meetings).toEqual(expected.meetings)
      const policy = validatePolicy(JSON.parse(got.settings['drift-policy'] ?? '{}'))
      expect(policy.ok).toBe(true)
      const name = got.settings['user-name']
      if (name !== undefined) expect(JSON.parse(name)).toMatch(/^Chair number \d+x*$/)
      // The app opens it and scans it with that policy.
      // README "One writer at a time": a lock whose process is gone is taken over. A lock file the kill
      // left empty (between its creation and its content) is kept for a 10-second grace, so allow that.
      const lockText = existsSync(writerLockPath(path)) ? readFileSync(writerLockPath(path), 'utf8') : null
      const probe = createCore({ dbPath: path, kdf: TEST_KDF, today: () => A })
      const first = await probe.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })
      probe.session.closeNow()
      if (!first.ok) {
        console.log(`after a kill at ${killAfter} ms the app's unlock said ${first.code}: "${first.message}" (lock file: ${JSON.stringify(lockText)})`)
        expect(first.code).toBe('BUSY')
        expect(lockText === null || lockText.trim() === '' || !lockText.includes('"pid"')).toBe(true)
        await new Promise((r) => setTimeout(r, 10_500))
      }
      const core = await openCore(path)
      expect(Array.isArray(await findings(core, 'C1'))).toBe(true)
      core.session.closeNow()
      // The writer lock of the killed process does not block the next save.
      const again = await openCore(path)
      expect(await again.dispatch('settings:policy-reset', {})).toMatchObject({ ok: true })
      again.session.closeNow()
    }
  }, 120_000)
})
