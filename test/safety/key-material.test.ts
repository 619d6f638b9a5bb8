/**
 * Issue 12, item 6: key material. The data key reaches SQLCipher as bytes in a Buffer that is
 * zeroed after use, never as a JavaScript string; the passphrase is not kept; lock drops every
 * cache. A process unlocks a caseload, opens the screens, locks, and its heap snapshot is searched
 * for a child's name, the key in hex and the passphrase.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabaseFile } from '../../electron/core/db/caseload-db'
import { readKeyFile, unwrapDataKey } from '../../electron/core/db/key-file'
import { TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'
import { makeCaseload, ROOT, SENTINEL } from './helpers'

const t = tempDir()
afterAll(() => t.cleanup())

describe('key material', () => {
  it('zeroes the data key once the database has it', async () => {
    const path = join(t.dir, 'zero.db')
    await makeCaseload(path)
    const key = await unwrapDataKey(readKeyFile(path), TEST_PASSPHRASE)
    const db = openDatabaseFile(path, key)
    expect(key.every((b) => b === 0)).toBe(true)
    expect(db.sqlite.prepare(`SELECT name FROM children WHERE id = 'CSENT'`).get()).toEqual({ name: SENTINEL })
    db.close()
  })

  it('after lock, the heap holds no child name, no data key and no passphrase', async () => {
    const path = join(t.dir, 'caseload.db')
    await makeCaseload(path, { children: 20 })
    const unlockedSnap = join(t.dir, 'unlocked.heapsnapshot')
    const lockedSnap = join(t.dir, 'locked.heapsnapshot')
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'heap-child.ts'), path, unlockedSnap, lockedSnap], {
      cwd: ROOT,
      env: { ...process.env, HEAP_PASSPHRASE: TEST_PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += String(d)))
    child.stderr.on('data', (d) => (stderr += String(d)))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code, stderr).toBe(0)
    expect(JSON.parse(stdout)).toEqual({ unlocked: true, screens: [true, true, true, true], integrity: 'sound' })

    const key = await unwrapDataKey(readKeyFile(path), TEST_PASSPHRASE)
    const needles = {
      name: Buffer.from(SENTINEL),
      'key (hex)': Buffer.from(key.toString('hex')),
      'key (HEX)': Buffer.from(key.toString('hex').toUpperCase()),
      passphrase: Buffer.from(TEST_PASSPHRASE),
    }
    key.fill(0)
    const unlocked = readFileSync(unlockedSnap)
    const locked = readFileSync(lockedSnap)
    // The search finds what is there: while unlocked, the screens' results hold the name.
    expect(unlocked.includes(needles.name), 'the name while unlocked (the search works)').toBe(true)
    // The key never becomes a string, even while unlocked.
    expect(unlocked.includes(needles['key (hex)'])).toBe(false)
    for (const [what, needle] of Object.entries(needles)) expect(locked.includes(needle), `${what} after lock`).toBe(false)
  }, 120_000)
})
