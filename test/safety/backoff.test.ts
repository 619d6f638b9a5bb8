/**
 * Issue 12, item 5: the back-off against guessing is kept beside the caseload, so it survives a
 * restart and is shared by the app, change-passphrase and the command line. A damaged, forged or
 * deleted file only resets it to its default.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { attemptsFilePath, backoffDelayMs, recordedFailures, withBackoff } from '../../electron/core/db/backoff'
import { Session } from '../../electron/core/app/session'
import { DriftwatchError } from '../../shared/errors'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'
import { makeCaseload, runCliProcess } from './helpers'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})
async function caseload(): Promise<string> {
  const t = tempDir()
  cleanups.push(t.cleanup)
  const path = join(t.dir, 'caseload.db')
  await makeCaseload(path)
  return path
}
function recorder() {
  const waits: number[] = []
  return { waits, wait: async (ms: number) => void waits.push(ms) }
}

describe('the back-off', () => {
  it('waits 1 s more per wrong try after three, up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 31, 32, 1000].map((n) => backoffDelayMs(n))).toEqual([0, 0, 0, 1000, 2000, 3000, 29000, 30000, 30000])
  })

  it('survives a restart: a new Session on the same caseload carries on where the last one stopped', async () => {
    const path = await caseload()
    const first = recorder()
    const before = new Session({ dbPath: path, kdf: TEST_KDF, backoffMs: 100, wait: first.wait })
    for (let i = 0; i < 4; i++) await expect(before.unlock('wrong wrong wrong')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    expect(first.waits).toEqual([100])
    expect(recordedFailures(path)).toBe(4)

    // "Restart": a new Session, nothing in memory.
    const second = recorder()
    const after = new Session({ dbPath: path, kdf: TEST_KDF, backoffMs: 100, wait: second.wait })
    await expect(after.unlock('still wrong')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    await after.unlock(TEST_PASSPHRASE)
    expect(second.waits).toEqual([200, 300])
    // A right passphrase resets it, and the file goes.
    expect(recordedFailures(path)).toBe(0)
    after.closeNow()
  })

  it('applies to change-passphrase: the old passphrase is checked under the same count', async () => {
    const path = await caseload()
    const r = recorder()
    const session = new Session({ dbPath: path, kdf: TEST_KDF, backoffMs: 100, wait: r.wait })
    await session.unlock(TEST_PASSPHRASE)
    for (let i = 0; i < 5; i++) {
      await expect(session.changePassphrase('wrong wrong wrong', 'a new long passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    }
    expect(r.waits).toEqual([100, 200])
    expect(recordedFailures(path)).toBe(5)
    await session.lock()
    // and the same count then applies to unlocking
    await session.unlock(TEST_PASSPHRASE)
    expect(r.waits).toEqual([100, 200, 300])
    session.closeNow()
  })

  it('a damaged, forged or deleted file resets to the default, never to less, and never locks out for longer', async () => {
    const path = await caseload()
    const attempt = () => Promise.reject(new DriftwatchError('WRONG_PASSPHRASE', 'wrong'))
    for (let i = 0; i < 5; i++) await withBackoff(path, attempt, { wait: async () => undefined }).catch(() => undefined)
    expect(recordedFailures(path)).toBe(5)
    const file = JSON.parse(readFileSync(attemptsFilePath(path), 'utf8')) as Record<string, unknown>
    expect(Object.keys(file).sort()).toEqual(['checksum', 'failures', 'format', 'lastFailureAt', 'version'])

    writeFileSync(attemptsFilePath(path), JSON.stringify({ ...file, failures: -50 }))
    expect(recordedFailures(path)).toBe(0)
    writeFileSync(attemptsFilePath(path), JSON.stringify({ ...file, failures: 1e9 }))
    expect(recordedFailures(path)).toBe(0)
    writeFileSync(attemptsFilePath(path), 'not json')
    expect(recordedFailures(path)).toBe(0)
    rmSync(attemptsFilePath(path))
    expect(recordedFailures(path)).toBe(0)
    // A sound file copied from another caseload does not apply here either (bound to the file name).
    const otherDir = tempDir()
    cleanups.push(otherDir.cleanup)
    const other = join(otherDir.dir, 'other.db')
    for (let i = 0; i < 4; i++) await withBackoff(other, attempt, { wait: async () => undefined }).catch(() => undefined)
    writeFileSync(attemptsFilePath(path), readFileSync(attemptsFilePath(other)))
    expect(recordedFailures(other)).toBe(4)
    expect(recordedFailures(path)).toBe(0)
  })

  it('is shared with the command line, across processes', async () => {
    const path = await caseload()
    const env = { DRIFTWATCH_PASSPHRASE: 'wrong wrong wrong' }
    for (let i = 0; i < 3; i++) {
      const r = await runCliProcess(['drift', '--db', path, '--as-of', '2026-11-26'], env)
      expect(r.code).toBe(2)
    }
    expect(recordedFailures(path)).toBe(3)
    // The app now waits too: the CLI's wrong tries count.
    const r = recorder()
    const session = new Session({ dbPath: path, kdf: TEST_KDF, wait: r.wait })
    await expect(session.unlock('wrong again')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    expect(r.waits).toEqual([1000])
    // And the next CLI run waits 2 s before it even tries.
    const slow = await runCliProcess(['drift', '--db', path, '--as-of', '2026-11-26'], { DRIFTWATCH_PASSPHRASE: TEST_PASSPHRASE })
    expect(slow.code).toBe(0)
    expect(slow.ms).toBeGreaterThanOrEqual(2000)
    expect(recordedFailures(path)).toBe(0)
  }, 120_000)
})
