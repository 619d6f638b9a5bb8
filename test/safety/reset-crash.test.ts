/**
 * Issue 12, item 3: kill -9 during a recovery-code reset. The new key file replaces the old one by
 * one atomic rename (temporary file, fsync, rename, folder fsync), so whenever the process dies the
 * caseload opens with the old passphrase (and the old code still works) or with the new one; never
 * neither, and the database is never touched. Leftover temporary files are removed on the next open.
 */
import { copyFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openCaseload } from '../../electron/core/db/caseload-db'
import { DEFAULT_KDF_COST, keyFilePath, readKeyFile, unwrapWithRecoveryCode } from '../../electron/core/db/key-file'
import { TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'
import { makeCaseload, runCliProcess, SENTINEL, spawnCli } from './helpers'

const NEW_PASSPHRASE = 'the passphrase after the reset'
const t = tempDir()
afterAll(() => t.cleanup())

async function sentinel(path: string, passphrase: string): Promise<string> {
  const db = await openCaseload({ path, passphrase })
  try {
    return (db.sqlite.prepare(`SELECT name FROM children WHERE id = 'CSENT'`).get() as { name: string }).name
  } finally {
    db.close()
  }
}

describe('kill -9 during reset-passphrase', () => {
  it('leaves the caseload opening with the old passphrase or the new one, whenever it dies', async () => {
    // Real Argon2id costs, so the reset takes long enough to be killed at many points in it.
    const template = join(t.dir, 'template.db')
    const code = await makeCaseload(template, { children: 5, kdf: DEFAULT_KDF_COST })
    const env = { DRIFTWATCH_RECOVERY_CODE: code, DRIFTWATCH_NEW_PASSPHRASE: NEW_PASSPHRASE }

    const copy = (name: string) => {
      const path = join(t.dir, name)
      copyFileSync(template, path)
      copyFileSync(keyFilePath(template), keyFilePath(path))
      return path
    }
    const full = await runCliProcess(['reset-passphrase', '--db', copy('timing.db')], env)
    expect(full.code, full.stderr).toBe(0)

    const outcomes: string[] = []
    const fractions = [0.3, 0.5, 0.6, 0.65, 0.7, 0.75]
    for (const [i, fraction] of fractions.entries()) {
      const path = copy(`kill-${i}.db`)
      const child = spawnCli(['reset-passphrase', '--db', path], env)
      const timer = setTimeout(() => child.kill('SIGKILL'), Math.round(full.ms * fraction))
      const signal = await new Promise<string | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)))
      clearTimeout(timer)

      let opensWith: 'old' | 'new'
      try {
        expect(await sentinel(path, TEST_PASSPHRASE)).toBe(SENTINEL)
        opensWith = 'old'
        // The old recovery code still works as long as the old passphrase does.
        unwrapWithRecoveryCode(readKeyFile(path), code).fill(0)
      } catch (e) {
        expect((e as { code?: string }).code, `run ${i}: neither passphrase opens it`).toBe('WRONG_PASSPHRASE')
        expect(await sentinel(path, NEW_PASSPHRASE)).toBe(SENTINEL)
        opensWith = 'new'
      }
      outcomes.push(`${signal ?? 'exited'} at ${Math.round(fraction * 100)}% → ${opensWith}`)
      // Opening removed any temporary key file the killed process left behind.
      expect(readdirSync(t.dir).filter((n) => n.startsWith(`.kill-${i}.db.key.`))).toEqual([])
    }
    console.log(`reset-passphrase killed (SIGKILL), full run ${full.ms} ms:\n  ${outcomes.join('\n  ')}`)
    expect(outcomes.some((o) => o.startsWith('SIGKILL'))).toBe(true)
  }, 240_000)
})
