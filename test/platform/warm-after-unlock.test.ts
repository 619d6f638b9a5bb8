/**
 * The app's core (core-worker.ts) scans today as soon as an unlock has answered (core.ts warmToday),
 * so the dashboard's first requests find the analysis made
 * — and the same figures as a core that waits to be asked.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnalysisCache } from '../../electron/core/app/analysis'
import { createCore, type Core } from '../../electron/core/app/core'
import { PASSPHRASE, tempDir, TEST_KDF, TODAY } from './helpers'

let dir: { dir: string; cleanup(): void }
let warm: Core
let cold: Core
const afterImmediate = () => new Promise((r) => setImmediate(r))

beforeAll(async () => {
  dir = tempDir()
  const dbPath = join(dir.dir, 'caseload.db')
  cold = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, demoChildren: 40 })
  expect(await cold.dispatch('session:create', { passphrase: PASSPHRASE, withDemo: true })).toMatchObject({ ok: true })
  await cold.dispatch('session:lock', {})
  warm = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, warmAfterUnlock: true })
})
afterAll(() => {
  warm.session.closeNow()
  cold.session.closeNow()
  dir.cleanup()
})

describe('after unlock', () => {
  it("scans today before the dashboard asks, and answers the dashboard from that scan", async () => {
    expect(await warm.dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    const stats = AnalysisCache.of(warm.session)!.stats
    expect(stats.fullScans, 'nothing before the unlock has answered').toBe(0)
    await afterImmediate()
    expect(stats.fullScans).toBe(1)
    const overview = await warm.dispatch('caseload:overview', { asOf: TODAY })
    const triage = await warm.dispatch('caseload:triage', { asOf: TODAY, limit: 10 })
    expect(stats.fullScans, 'the dashboard used the scan made after unlock').toBe(1)

    await warm.dispatch('session:lock', {})
    expect(await cold.dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    await afterImmediate()
    expect(AnalysisCache.of(cold.session)!.stats.fullScans, 'a core without it waits to be asked').toBe(0)
    expect(overview).toEqual(await cold.dispatch('caseload:overview', { asOf: TODAY }))
    expect(triage).toEqual(await cold.dispatch('caseload:triage', { asOf: TODAY, limit: 10 }))
  })
})
