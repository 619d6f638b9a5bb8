/**
 * Issue 12, item 3: a recovery code wraps the data key a second time. It is made at creation,
 * opens the caseload when the passphrase is forgotten (and is then replaced), and key files from
 * before recovery codes still open and get one at their next passphrase change.
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  changePassphrase,
  openCaseload,
  replaceRecoveryCode,
  resetPassphraseWithRecoveryCode,
} from '../../electron/core/db/caseload-db'
import { keyFilePath, readKeyFile, serializeKeyFile, unwrapDataKey, unwrapWithRecoveryCode, writeKeyFile } from '../../electron/core/db/key-file'
import { newRecoveryCode, recoveryCodeBytes } from '../../electron/core/db/recovery-code'
import { createCore } from '../../electron/core/app/core'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'
import { cli, legacyV1KeyFile, makeCaseload, SENTINEL } from './helpers'

const NEW_PASSPHRASE = 'a brand new long passphrase'
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){5}$/

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})
function newPath(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return join(t.dir, 'caseload.db')
}
const digest = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')

async function sentinelName(path: string, passphrase: string): Promise<unknown> {
  const db = await openCaseload({ path, passphrase })
  try {
    return (db.sqlite.prepare(`SELECT name FROM children WHERE id = 'CSENT'`).get() as { name: string }).name
  } finally {
    db.close()
  }
}

describe('recovery codes', () => {
  it('are 30 Crockford base32 symbols (150 bits) in six groups, different every time, read forgivingly', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newRecoveryCode()))
    expect(codes.size).toBe(200)
    for (const code of codes) expect(code).toMatch(CODE_FORMAT)
    const code = [...codes][0]!
    // Lower case, spaces instead of dashes, O for 0 and I/L for 1 all read as the same code.
    const typed = code.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l')
    expect(recoveryCodeBytes(typed).toString('latin1')).toBe(code.replaceAll('-', ''))
    expect(() => recoveryCodeBytes('ABCDE-FGHJK')).toThrow(/has 10 letters and digits/)
    expect(() => recoveryCodeBytes(`${code}U`)).toThrow(/not a recovery code/)
  })

  it('is made at creation and resets a forgotten passphrase, after which the old code is spent', async () => {
    const path = newPath()
    const code = await makeCaseload(path)
    expect(code).toMatch(CODE_FORMAT)
    expect(readKeyFile(path)).toMatchObject({ version: 2, recovery: { kdf: { algorithm: 'hkdf-sha256' } } })
    // The code itself is nowhere in the key file.
    expect(readFileSync(keyFilePath(path), 'utf8')).not.toContain(code.replaceAll('-', ''))
    const dbBefore = digest(path)

    const { recoveryCode: next } = await resetPassphraseWithRecoveryCode({ path, recoveryCode: code.toLowerCase(), newPassphrase: NEW_PASSPHRASE })
    expect(next).toMatch(CODE_FORMAT)
    expect(next).not.toBe(code)
    expect(digest(path)).toBe(dbBefore)
    expect(await sentinelName(path, NEW_PASSPHRASE)).toBe(SENTINEL)
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    await expect(resetPassphraseWithRecoveryCode({ path, recoveryCode: code, newPassphrase: 'yet another passphrase' })).rejects.toMatchObject({
      code: 'WRONG_RECOVERY_CODE',
    })
    // The new code works in its turn.
    await resetPassphraseWithRecoveryCode({ path, recoveryCode: next, newPassphrase: 'yet another passphrase' })
    expect(await sentinelName(path, 'yet another passphrase')).toBe(SENTINEL)
  })

  it('a wrong or malformed code changes nothing; a new passphrase must follow the rules', async () => {
    const path = newPath()
    await makeCaseload(path)
    const keyBefore = digest(keyFilePath(path))
    await expect(resetPassphraseWithRecoveryCode({ path, recoveryCode: newRecoveryCode(), newPassphrase: NEW_PASSPHRASE })).rejects.toMatchObject({
      code: 'WRONG_RECOVERY_CODE',
      message: expect.stringMatching(/does not open this caseload/),
    })
    await expect(resetPassphraseWithRecoveryCode({ path, recoveryCode: 'not a code', newPassphrase: NEW_PASSPHRASE })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await expect(resetPassphraseWithRecoveryCode({ path, recoveryCode: newRecoveryCode(), newPassphrase: 'short' })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    expect(digest(keyFilePath(path))).toBe(keyBefore)
  })

  it('keeps the recovery code through a passphrase change, and can be replaced with the passphrase', async () => {
    const path = newPath()
    const code = await makeCaseload(path)
    expect(await changePassphrase({ path, oldPassphrase: TEST_PASSPHRASE, newPassphrase: NEW_PASSPHRASE })).toEqual({ recoveryCode: null })
    unwrapWithRecoveryCode(readKeyFile(path), code).fill(0)
    const { recoveryCode: replaced } = await replaceRecoveryCode({ path, passphrase: NEW_PASSPHRASE })
    expect(() => unwrapWithRecoveryCode(readKeyFile(path), code)).toThrow(/does not open/)
    unwrapWithRecoveryCode(readKeyFile(path), replaced).fill(0)
    expect(await sentinelName(path, NEW_PASSPHRASE)).toBe(SENTINEL)
  })
})

describe('key files from before recovery codes (version 1)', () => {
  async function downgradeToV1(path: string): Promise<void> {
    const key = await unwrapDataKey(readKeyFile(path), TEST_PASSPHRASE)
    writeKeyFile(path, await legacyV1KeyFile(key, TEST_PASSPHRASE))
    key.fill(0)
  }

  it('still open, have no recovery code, and are upgraded (with a new code) at the next passphrase change', async () => {
    const path = newPath()
    await makeCaseload(path)
    await downgradeToV1(path)
    expect(readKeyFile(path).version).toBe(1)
    expect(await sentinelName(path, TEST_PASSPHRASE)).toBe(SENTINEL)
    expect(() => unwrapWithRecoveryCode(readKeyFile(path), newRecoveryCode())).toThrow(/created before recovery codes/)
    // Key order in the old file does not matter any more: the additional data is built field by field.
    const v1 = JSON.parse(readFileSync(keyFilePath(path), 'utf8')) as Record<string, unknown>
    const reordered = Object.fromEntries(Object.entries(v1).reverse().map(([k, v]) => [k, typeof v === 'object' && v ? Object.fromEntries(Object.entries(v).reverse()) : v]))
    writeFileSync(keyFilePath(path), JSON.stringify(reordered))
    expect(await sentinelName(path, TEST_PASSPHRASE)).toBe(SENTINEL)

    const { recoveryCode } = await changePassphrase({ path, oldPassphrase: TEST_PASSPHRASE, newPassphrase: NEW_PASSPHRASE })
    expect(recoveryCode).toMatch(CODE_FORMAT)
    expect(readKeyFile(path).version).toBe(2)
    expect(await sentinelName(path, NEW_PASSPHRASE)).toBe(SENTINEL)
    await resetPassphraseWithRecoveryCode({ path, recoveryCode: recoveryCode!, newPassphrase: 'after the upgrade' })
    expect(await sentinelName(path, 'after the upgrade')).toBe(SENTINEL)
  })

  it('the app shows the new code once when the passphrase change upgrades the file', async () => {
    const path = newPath()
    await makeCaseload(path)
    await downgradeToV1(path)
    const { dispatch, session } = createCore({ dbPath: path, kdf: TEST_KDF })
    expect(await dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true })
    const changed = await dispatch('session:change-passphrase', { oldPassphrase: TEST_PASSPHRASE, newPassphrase: NEW_PASSPHRASE })
    expect(changed).toMatchObject({ ok: true, data: { state: 'unlocked', recoveryCode: expect.stringMatching(CODE_FORMAT) } })
    const again = await dispatch('session:change-passphrase', { oldPassphrase: NEW_PASSPHRASE, newPassphrase: 'and once more please' })
    expect(again).toMatchObject({ ok: true, data: { recoveryCode: null } })
    session.closeNow()
  })
})

describe('in the app', () => {
  it('creation answers with the code once; "Forgotten your passphrase?" resets and unlocks while locked', async () => {
    const path = newPath()
    const { dispatch, session } = createCore({ dbPath: path, kdf: TEST_KDF })
    const created = await dispatch('session:create', { passphrase: TEST_PASSPHRASE, withDemo: false })
    expect(created).toMatchObject({ ok: true, data: { state: 'unlocked', recoveryCode: expect.stringMatching(CODE_FORMAT) } })
    const code = (created as { data: { recoveryCode: string } }).data.recoveryCode
    expect(await dispatch('session:status', {})).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    await dispatch('session:lock', {})

    expect(await dispatch('session:reset-passphrase', { recoveryCode: newRecoveryCode(), newPassphrase: NEW_PASSPHRASE })).toMatchObject({
      ok: false,
      code: 'WRONG_RECOVERY_CODE',
    })
    expect(await dispatch('session:reset-passphrase', { recoveryCode: code, newPassphrase: 'short' })).toMatchObject({ ok: false, code: 'VALIDATION' })
    const reset = await dispatch('session:reset-passphrase', { recoveryCode: code, newPassphrase: NEW_PASSPHRASE })
    expect(reset).toMatchObject({ ok: true, data: { state: 'unlocked', recoveryCode: expect.stringMatching(CODE_FORMAT) } })
    expect((reset as { data: { recoveryCode: string } }).data.recoveryCode).not.toBe(code)
    // While open, a reset is refused: the passphrase is changed in Settings then.
    expect(await dispatch('session:reset-passphrase', { recoveryCode: code, newPassphrase: NEW_PASSPHRASE })).toMatchObject({ ok: false, code: 'BAD_INPUT' })
    await dispatch('session:lock', {})
    expect(await dispatch('session:unlock', { passphrase: NEW_PASSPHRASE })).toMatchObject({ ok: true })

    // Settings: a lost code is replaced, given the passphrase; the one before stops working.
    const current = (reset as { data: { recoveryCode: string } }).data.recoveryCode
    expect(await dispatch('session:new-recovery-code', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    const replaced = await dispatch('session:new-recovery-code', { passphrase: NEW_PASSPHRASE })
    expect(replaced).toMatchObject({ ok: true, data: { recoveryCode: expect.stringMatching(CODE_FORMAT) } })
    expect(() => unwrapWithRecoveryCode(readKeyFile(path), current)).toThrow(/does not open/)
    unwrapWithRecoveryCode(readKeyFile(path), (replaced as { data: { recoveryCode: string } }).data.recoveryCode).fill(0)
    session.closeNow()
  })
})

describe('on the command line', () => {
  it('init prints the code once; reset-passphrase takes it and the new passphrase from the environment', async () => {
    const path = newPath()
    const init = await cli(['init', '--db', path])
    expect(init.code).toBe(0)
    const code = /RECOVERY CODE[^\n]*\n\n\s+(\S+)/.exec(init.stdout)?.[1]
    expect(code).toMatch(CODE_FORMAT)
    expect(init.stdout).toMatch(/password manager/)
    expect(init.stdout).toMatch(/sealed\s+envelope/)

    const missing = await cli(['reset-passphrase', '--db', path], { DRIFTWATCH_RECOVERY_CODE: undefined, DRIFTWATCH_NEW_PASSPHRASE: NEW_PASSPHRASE })
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/DRIFTWATCH_RECOVERY_CODE/) })
    const wrong = await cli(['reset-passphrase', '--db', path], { DRIFTWATCH_RECOVERY_CODE: newRecoveryCode(), DRIFTWATCH_NEW_PASSPHRASE: NEW_PASSPHRASE })
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringMatching(/recovery code does not open/) })
    const weak = await cli(['reset-passphrase', '--db', path], { DRIFTWATCH_RECOVERY_CODE: code, DRIFTWATCH_NEW_PASSPHRASE: 'short' })
    expect(weak).toMatchObject({ code: 1, stderr: expect.stringMatching(/at least 8 characters/) })

    const ok = await cli(['reset-passphrase', '--db', path], { DRIFTWATCH_RECOVERY_CODE: code, DRIFTWATCH_NEW_PASSPHRASE: NEW_PASSPHRASE })
    expect(ok.code).toBe(0)
    const next = /RECOVERY CODE[^\n]*\n\n\s+(\S+)/.exec(ok.stdout)?.[1]
    expect(next).toMatch(CODE_FORMAT)
    expect(next).not.toBe(code)
    expect((await cli(['export', '--db', path], { DRIFTWATCH_PASSPHRASE: NEW_PASSPHRASE })).code).toBe(0)

    const replaced = await cli(['recovery-code', '--db', path], { DRIFTWATCH_PASSPHRASE: NEW_PASSPHRASE })
    expect(replaced.code).toBe(0)
    expect(/RECOVERY CODE[^\n]*\n\n\s+(\S+)/.exec(replaced.stdout)?.[1]).toMatch(CODE_FORMAT)
  }, 180_000) // the CLI uses the real Argon2id costs, six times

  it('init refuses a passphrase the app would refuse, and creates nothing', async () => {
    const path = newPath()
    const r = await cli(['init', '--db', path], { DRIFTWATCH_PASSPHRASE: 'short' })
    expect(r).toMatchObject({ code: 1, stderr: expect.stringMatching(/at least 8 characters/) })
    const spaces = await cli(['init', '--db', path], { DRIFTWATCH_PASSPHRASE: '          ' })
    expect(spaces.code).toBe(1)
    const { existsSync } = await import('node:fs')
    expect(existsSync(path) || existsSync(keyFilePath(path))).toBe(false)
  })

  it('serialises the key file the way it is read (a backup carries it verbatim)', async () => {
    const path = newPath()
    await makeCaseload(path)
    expect(serializeKeyFile(readKeyFile(path))).toBe(readFileSync(keyFilePath(path), 'utf8'))
  })
})
