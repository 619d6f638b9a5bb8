/**
 * The session and handlers against a real encrypted caseload with the demo loaded, through the
 * dispatch wrapper (so every output is also checked against the contract).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatch, type Dispatch } from '../../electron/core/app/dispatch'
import { createHandlers } from '../../electron/core/app/handlers'
import { Session } from '../../electron/core/app/session'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import type { CaseloadTable, Overview } from '../../shared/ipc-contract'
import { unpackCaseloadTable } from '../../shared/caseload-table'
import type { Triage } from '../../shared/triage-types'
import { capturingLogger, fakeScanner, PASSPHRASE, tempDir, TEST_KDF, TODAY } from './helpers'

let dir: { dir: string; cleanup(): void }
let session: Session
let dispatch: Dispatch
const log = capturingLogger()

beforeAll(() => {
  dir = tempDir()
  session = new Session({ dbPath: join(dir.dir, 'caseload.db'), kdf: TEST_KDF, today: () => TODAY, loadDemo: loadDemoCaseload, demoChildren: 40 })
  dispatch = createDispatch({ handlers: createHandlers(session, fakeScanner), isUnlocked: () => session.isUnlocked(), log })
})
afterAll(() => {
  session.closeNow()
  dir.cleanup()
})

describe('session and handlers', () => {
  it('starts with no caseload and refuses caseload channels', async () => {
    expect(await dispatch('session:status', {})).toEqual({
      ok: true,
      data: { state: 'no-caseload', location: join(dir.dir, 'caseload.db'), today: TODAY },
    })
    expect(await dispatch('caseload:overview', { asOf: TODAY })).toMatchObject({ code: 'LOCKED' })
    expect(await dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: false, code: 'DATABASE_MISSING' })
  })

  it('creates the caseload with the demo and unlocks it', async () => {
    const r = await dispatch('session:create', { passphrase: PASSPHRASE, withDemo: true })
    expect(r).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    expect(existsSync(join(dir.dir, 'caseload.db'))).toBe(true)
    expect(await dispatch('session:create', { passphrase: PASSPHRASE, withDemo: false })).toMatchObject({ code: 'DATABASE_EXISTS' })
  })

  it('returns a table row per open plan with its worker, score and findings', async () => {
    const r = await dispatch('caseload:table', { asOf: TODAY })
    if (!r.ok) throw new Error(r.message)
    const rows = unpackCaseloadTable(r.data as CaseloadTable)
    expect(rows.length).toBeGreaterThan(10)
    expect(new Set(rows.map((x) => x.planId)).size).toBe(rows.length)
    for (const row of rows) {
      // The fake scanner: one high overdue core group per open plan, and its words on demand.
      expect(row.findings).toEqual([{ ruleId: 'core-group-overdue', severity: 'high', status: 'overdue' }])
      expect(row.score).toBe(3)
    }
    const full = await dispatch('caseload:plan-findings', { asOf: TODAY, planId: rows[0]!.planId })
    if (!full.ok) throw new Error(full.message)
    const findings = (full.data as { findings: { planId: string; ruleId: string; message: string }[] }).findings
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ planId: rows[0]!.planId, ruleId: 'core-group-overdue' })
    expect(await dispatch('caseload:plan-findings', { asOf: TODAY, planId: 'no-such-plan' })).toEqual({ ok: true, data: { findings: [] } })
    expect(rows.some((x) => x.workerName !== null)).toBe(true)
  })

  it('summarises the overview', async () => {
    const r = await dispatch('caseload:overview', { asOf: TODAY })
    if (!r.ok) throw new Error(r.message)
    const o = r.data as Overview
    expect(o.openPlans).toBeGreaterThan(10)
    // The fake scanner: one HIGH overdue core group per open plan, all in the meetings group.
    const meetings = o.groups.find((g) => g.key === 'meetings')!
    expect(meetings.overdue.findings).toBe(o.openPlans)
    expect(meetings.flag.findings + meetings['due-soon'].findings).toBe(0)
    expect(meetings.high).toBe(o.openPlans)
    expect(o.groups.filter((g) => g.key !== 'meetings').every((g) => g.childrenNow === 0)).toBe(true)
    expect(o.byWorker.reduce((s, w) => s + w.withHigh, 0)).toBe(o.children)
    expect(o.byWorker.reduce((s, w) => s + w.score, 0)).toBe(3 * o.openPlans)
    expect(o.byTeam.reduce((s, t) => s + t.children, 0)).toBeGreaterThanOrEqual(o.children)
    expect(o).not.toHaveProperty('upcoming')
  })

  it('triages the caseload: every child with findings, the first N with next steps', async () => {
    const all = await dispatch('caseload:triage', { asOf: TODAY })
    const top = await dispatch('caseload:triage', { asOf: TODAY, limit: 3 })
    if (!all.ok || !top.ok) throw new Error('triage failed')
    const a = all.data as Triage
    const t = top.data as Triage
    expect(t.total).toBe(a.total)
    expect(a.children.length).toBe(a.total)
    expect(t.children).toEqual(a.children.slice(0, 3))
    for (const c of a.children) for (const f of c.findings) expect(f.nextStep).toMatch(/^Arrange a core group now/)
  })

  it('returns one case in full, as of a date, and NOT_FOUND for an unknown child', async () => {
    const table = await dispatch('caseload:table', { asOf: TODAY })
    if (!table.ok) throw new Error(table.message)
    const row = unpackCaseloadTable(table.data as CaseloadTable)[0]!
    const r = await dispatch('case:detail', { childId: row.childId, asOf: TODAY })
    if (!r.ok) throw new Error(r.message)
    const d = r.data as { child: { id: string }; plans: { id: string }[]; meetings: { date: string }[]; professionals: { id: string }[]; findings: unknown[]; score: number }
    expect(d.child.id).toBe(row.childId)
    expect(d.plans.map((p) => p.id)).toContain(row.planId)
    expect(d.findings.length).toBeGreaterThan(0)
    expect(d.professionals.length).toBeGreaterThan(0)
    const earlier = await dispatch('case:detail', { childId: row.childId, asOf: row.planStart })
    if (!earlier.ok) throw new Error(earlier.message)
    const e = earlier.data as { meetings: { date: string }[] }
    expect(e.meetings.every((m) => m.date <= row.planStart)).toBe(true)
    expect(await dispatch('case:detail', { childId: 'no-such-child', asOf: TODAY })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })

  it('locks, refuses a wrong passphrase and unlocks with the right one', async () => {
    expect(await dispatch('session:lock', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    expect(await dispatch('caseload:table', { asOf: TODAY })).toMatchObject({ code: 'LOCKED' })
    expect(await dispatch('session:unlock', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    expect(await dispatch('session:status', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    expect(await dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    expect(await dispatch('caseload:table', { asOf: TODAY })).toMatchObject({ ok: true })
  })

  it('serialises concurrent unlocks (one database handle)', async () => {
    await dispatch('session:lock', {})
    const results = await Promise.all([1, 2, 3].map(() => dispatch('session:unlock', { passphrase: PASSPHRASE })))
    expect(results.every((r) => r.ok)).toBe(true)
    expect(session.isUnlocked()).toBe(true)
  })

  it('slows down repeated wrong passphrases, and a right one resets it', async () => {
    const waits: number[] = []
    const slow = new Session({
      dbPath: join(dir.dir, 'caseload.db'),
      backoffMs: 150,
      wait: async (ms) => {
        waits.push(ms)
      },
    })
    for (let i = 0; i < 5; i++) {
      await expect(slow.unlock('wrong wrong wrong')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    }
    // Attempts 1–3 are free; the 4th waits 150 ms, the 5th 300 ms, and the next (right) one 450 ms.
    expect(waits).toEqual([150, 300])
    await slow.unlock(PASSPHRASE)
    expect(waits).toEqual([150, 300, 450])
    await slow.lock()
    // A right passphrase resets the count: the next wrong one is free again.
    await expect(slow.unlock('wrong wrong wrong')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    expect(waits).toHaveLength(3)
    slow.closeNow()
  })

  it('logged nothing', () => {
    expect(log.lines).toEqual([])
  })
})
