/**
 * The work the core puts off until the user pauses (core.ts `whenQuiet`: the integrity check's thread
 * after unlock) waits for the pause after the last answer, not after the last request's arrival: at
 * 50,000 children the dashboard's first requests wait behind the scan of today for over a second, and
 * counted from their arrival the check's thread started just as they were answered, taking a core from
 * Start here. A handler is slowed here to stand for that wait.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('work put off until the user pauses', () => {
  let core: Core | null = null
  let dir: ReturnType<typeof tempDir> | null = null
  afterEach(() => {
    core?.session.closeNow('suspend')
    dir?.cleanup()
    core = null
    dir = null
  })

  it('does not start the integrity check while a request runs, and waits the pause after its answer', async () => {
    dir = tempDir()
    const CHECK_MS = 150
    const SLOW_MS = 700
    core = createCore({ dbPath: join(dir.dir, 'caseload.db'), kdf: TEST_KDF, today: () => '2026-11-26', quiet: { checkMs: CHECK_MS, dailyBackupMs: 3_600_000 } })
    const created = await core.dispatch('session:create', { passphrase: TEST_PASSPHRASE, withDemo: false })
    expect(created.ok).toBe(true)
    core.session.closeNow('suspend')

    const started: number[] = []
    vi.spyOn(core.session, 'startDeferredCheck').mockImplementation(() => void started.push(Date.now()))
    // A request that takes SLOW_MS, as the dashboard's first ones do behind the scan of today.
    const userGet = core.handlers['settings:user-get']
    core.handlers['settings:user-get'] = (async (input: never) => {
      await sleep(SLOW_MS)
      return userGet(input)
    }) as typeof userGet

    const unlocked = await core.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })
    expect(unlocked.ok).toBe(true)
    const slow = core.dispatch('settings:user-get', {})
    await sleep(CHECK_MS + 150)
    // Well past the pause counted from the request's arrival, but it has not been answered yet.
    expect(started).toEqual([])
    const answered = await slow.then((r) => (expect(r.ok).toBe(true), Date.now()))
    await vi.waitFor(() => expect(started).toHaveLength(1), { timeout: 5_000, interval: 20 })
    // Started after the answer and the pause after it (a few ms of timer slack allowed).
    expect(started[0]! - answered).toBeGreaterThanOrEqual(CHECK_MS - 15)
  })

  it('background polls (the page’s watch) neither delay it nor count as the user', async () => {
    dir = tempDir()
    core = createCore({ dbPath: join(dir.dir, 'caseload.db'), kdf: TEST_KDF, today: () => '2026-11-26', quiet: { checkMs: 200, dailyBackupMs: 3_600_000 } })
    await core.dispatch('session:create', { passphrase: TEST_PASSPHRASE, withDemo: false })
    core.session.closeNow('suspend')
    const started: number[] = []
    vi.spyOn(core.session, 'startDeferredCheck').mockImplementation(() => void started.push(Date.now()))
    const t0 = Date.now()
    await core.dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })
    const polling = setInterval(() => void core?.dispatch('session:watch', {}), 30)
    try {
      await vi.waitFor(() => expect(started).toHaveLength(1), { timeout: 5_000, interval: 20 })
    } finally {
      clearInterval(polling)
    }
    expect(started[0]! - t0).toBeLessThan(2_000)
  })
})
