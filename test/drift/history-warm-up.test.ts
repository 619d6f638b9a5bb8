/**
 * The history warm-up (queries/history-warm-up.ts, issue 13): in the pause after unlock the core's
 * thread reads, a slice at a time, the index pages a past-date scan looks up by meeting id, so that a
 * past date picked later finds them decrypted. It must read every entry (a keyset that passed over the
 * rest of a meeting's rows would leave pages cold), hold the thread only a slice at a time, write
 * nothing, and stop when the caseload closes or an import writes.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { scanCaseload } from '../../electron/core/drift/scan'
import { historyWarmUp } from '../../electron/core/queries/history-warm-up'
import { tempCaseload, tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

describe('the history warm-up', () => {
  it('reads every entry of both indexes, slice by slice, and writes nothing', async () => {
    const { db, cleanup } = await tempCaseload()
    cleanups.push(cleanup)
    // Enough for several slices of each index (4,000 entries a statement).
    loadDemoCaseload(db, { children: 400, seed: 'warm-up', asOf: '2026-11-26' })
    const count = (table: string) => db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    const total = count('meeting_plans') + count('distributions')
    expect(count('distributions')).toBeGreaterThan(2 * 4000)
    const past = scanCaseload(db, { asOf: '2026-08-26' })
    const changes = db.sqlite.prepare('SELECT total_changes()').pluck()
    const before = changes.get()

    const warmUp = historyWarmUp(db.sqlite)
    let steps = 0
    // A budget of 0: one statement a step, so every slice boundary is crossed.
    while (warmUp.step(0)) steps++
    expect(warmUp.entries).toBe(total)
    expect(steps).toBeGreaterThanOrEqual(Math.floor(count('distributions') / 4000))
    // Done: another step reads nothing more.
    expect(warmUp.step(0)).toBe(false)
    expect(warmUp.entries).toBe(total)
    expect(changes.get()).toBe(before)
    // Only a head start: the scan says the same.
    expect(scanCaseload(db, { asOf: '2026-08-26' })).toEqual({ ...past, timings: expect.anything() })
  }, 60_000)

  it('ends at once on an empty caseload', async () => {
    const { db, cleanup } = await tempCaseload()
    cleanups.push(cleanup)
    const warmUp = historyWarmUp(db.sqlite)
    expect(warmUp.step(10)).toBe(false)
    expect(warmUp.entries).toBe(0)
  })
})

describe('the session’s warm-up after unlock', () => {
  let core: Core | null = null
  afterEach(() => {
    core?.session.closeNow('suspend')
    core = null
  })

  async function unlockedWithDemo(quiet: { checkMs: number }): Promise<Core> {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    core = createCore({ dbPath: join(dir.dir, 'caseload.db'), kdf: TEST_KDF, today: () => '2026-11-26', quiet: { ...quiet, dailyBackupMs: 3_600_000 } })
    expect((await core.dispatch('session:create', { passphrase: TEST_PASSPHRASE, withDemo: true })).ok).toBe(true)
    core.session.closeNow('suspend')
    return core
  }

  it('runs once in the pause after unlock, with the integrity check, and reads everything', async () => {
    const c = await unlockedWithDemo({ checkMs: 100 })
    const runs: Promise<boolean>[] = []
    const warm = c.session.warmHistoryPages.bind(c.session)
    vi.spyOn(c.session, 'warmHistoryPages').mockImplementation(() => {
      const run = warm()
      runs.push(run)
      return run
    })
    const check = vi.spyOn(c.session, 'startDeferredCheck')
    expect((await c.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })).ok).toBe(true)
    expect(runs).toHaveLength(0)
    await vi.waitFor(() => expect(runs).toHaveLength(1), { timeout: 5_000, interval: 20 })
    expect(check).toHaveBeenCalledTimes(1)
    expect(await runs[0]).toBe(true)
  })

  it('stops when the caseload is locked, and does nothing while it is locked', async () => {
    const c = await unlockedWithDemo({ checkMs: 3_600_000 })
    expect(await c.session.warmHistoryPages()).toBe(false)
    expect((await c.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })).ok).toBe(true)
    // Started, then the caseload closes before its first slice.
    const run = c.session.warmHistoryPages()
    c.session.closeNow('lock')
    expect(await run).toBe(false)
    expect((await c.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })).ok).toBe(true)
    expect(await c.session.warmHistoryPages()).toBe(true)
  })
})
