/**
 * Issue 13 item 1: the core runs in a worker thread. The window's thread (Electron main, the
 * browser host's server) never loads the database driver; it answers the worker's calls for what
 * only it can do (here a save dialog); it can close the caseload; and requests from the page are
 * still validated by the core's dispatch (in the worker).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCoreWorker, type CoreClient } from '../../electron/core/worker/core-client'
import { capturingLogger, PASSPHRASE, tempDir, TEST_KDF } from './helpers'

// Every native addon this thread loads goes through process.dlopen; each worker thread has its own
// `process`, so this records this thread's loads only. (Each test file runs in a fresh process.)
const loadedHere: string[] = []
const dlopen = process.dlopen.bind(process)
process.dlopen = ((module: unknown, filename: string, flags?: number) => {
  loadedHere.push(filename)
  return flags === undefined ? dlopen(module as never, filename) : dlopen(module as never, filename, flags)
}) as typeof process.dlopen

let dir: { dir: string; cleanup(): void }
let core: CoreClient
const saveDialog: { suggestedName: string; format: string }[] = []
const log = capturingLogger()

beforeAll(async () => {
  dir = tempDir()
  core = startCoreWorker({
    dbPath: join(dir.dir, 'caseload.db'),
    kdf: TEST_KDF,
    demoChildren: 40,
    lockProgram: 'the core-worker test',
    log,
    host: {
      // Electron main's save dialog, answered on this thread.
      chooseSavePath: async (request) => {
        saveDialog.push(request)
        return join(dir.dir, 'chosen-by-the-user.pdf')
      },
    },
  })
  await core.ready
}, 60_000)
afterAll(async () => {
  await core.stop()
  dir.cleanup()
})

describe('the core behind a worker thread', () => {
  it('opens, scans and closes the encrypted caseload without this thread ever loading the driver', async () => {
    expect(core.isUnlocked()).toBe(false)
    const created = await core.call('session:create', { passphrase: PASSPHRASE, withDemo: true })
    expect(created).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    expect(core.isUnlocked()).toBe(true)
    const overview = (await core.call('caseload:overview', { asOf: '2026-11-26' })) as { ok: true; data: { children: number } }
    expect(overview.ok).toBe(true)
    expect(overview.data.children).toBeGreaterThan(30)
    await core.close('lock')
    expect(core.isUnlocked()).toBe(false)
    expect(await core.call('caseload:overview', { asOf: '2026-11-26' })).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(loadedHere.filter((f) => /sqlite/i.test(f))).toEqual([])
    // The database really is encrypted on disk, written by the worker.
    expect(readFileSync(join(dir.dir, 'caseload.db')).subarray(0, 16).toString('latin1')).not.toContain('SQLite format')
  })

  it('still validates every request against the contract (in the worker)', async () => {
    expect(await core.call('session:unlock', { passphrase: '', extra: 1 })).toMatchObject({ ok: false, code: 'VALIDATION' })
    expect(await core.call('no:such-channel', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await core.call('session:unlock', { passphrase: 'wrong passphrase' })).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    expect(core.isUnlocked()).toBe(false)
  })

  it('answers the worker’s host calls on this thread: an export is written where the save dialog said', async () => {
    expect(await core.call('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    const result = await core.call('export:document', { target: { kind: 'audit', from: '2026-09-01', to: '2026-11-26' }, format: 'txt', purpose: 'file' })
    expect(result).toMatchObject({ ok: true, data: { kind: 'saved' } })
    expect(saveDialog).toEqual([expect.objectContaining({ format: 'txt' })])
    expect(existsSync(join(dir.dir, 'chosen-by-the-user.pdf'))).toBe(true)
  })

  it('tells the page’s watch the caseload is locked from the moment a close is asked for, not when the lock’s backup ends', async () => {
    expect(await core.call('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    expect(await core.call('session:watch', { active: false })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    const backups = join(dir.dir, 'Backups')
    const before = existsSync(backups) ? readdirSync(backups).length : 0
    let closed = false
    const closing = core.close('lock').then(() => (closed = true))
    // Answered on this thread while the core makes the lock's backup.
    expect(await core.call('session:watch', { active: true })).toEqual({ ok: true, data: { state: 'locked', changes: 0 } })
    expect(closed).toBe(false)
    // Anything else waits for the close, and is answered by the core.
    const status = (await core.call('session:status', {})) as { ok: true; data: { state: string } }
    expect(closed).toBe(true)
    expect(status.data.state).toBe('locked')
    await closing
    expect(readdirSync(backups).length).toBe(before + 1)
    // Once closed, the core answers the watch again.
    expect(await core.call('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    expect(await core.call('session:watch', { active: false })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
  })

  it('logs from the worker arrive here without case data', async () => {
    // An output-contract failure cannot be provoked from outside; a handler failure logs its class only.
    expect(log.lines.every((l) => !/Child|Worker \d|@/.test(l))).toBe(true)
  })
})
