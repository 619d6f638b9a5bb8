/**
 * Guarded writes (issue 12, item 1): no export, report, note or backup may be written over the
 * caseload, its -wal, -shm or -journal, its key file, or a protected file, however the target is
 * spelt: directly, through a symlink (to the file or to its folder), as a hard link, or in another
 * case. The CLI says why and exits 1; the caseload is untouched.
 */
import { createHash } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/main'
import { importCaseloadFile } from '../../electron/core/caseload/import'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { assertSafeTarget, protectFile, protectedTargetReason } from '../../electron/core/files/guard-target'
import { writeFileAtomic } from '../../electron/core/files/write-file-atomic'
import { captureStream as capture } from '../helpers/capture'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'

const FIXTURE = join(__dirname, '..', 'fixtures', 'small-caseload.json')
const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

async function caseloadOnDisk(): Promise<{ dir: string; path: string }> {
  const t = tempDir()
  cleanups.push(t.cleanup)
  const path = join(t.dir, 'caseload.db')
  const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
  importCaseloadFile(db, FIXTURE)
  db.close()
  return { dir: t.dir, path }
}

const digest = (p: string) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent')

async function cli(args: string[]) {
  process.env.DRIFTWATCH_PASSPHRASE = TEST_PASSPHRASE
  const out = capture()
  const err = capture()
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream })
  return { code, stderr: err.text() }
}

describe('every CLI writer refuses the caseload and its companions', () => {
  it.each([
    ['the database', (p: string) => p, 'the caseload database'],
    ['its key file', (p: string) => `${p}.key`, 'key file'],
    ['its -wal', (p: string) => `${p}-wal`, 'write-ahead log'],
    ['its -shm', (p: string) => `${p}-shm`, 'shared-memory'],
    ['its -journal', (p: string) => `${p}-journal`, 'rollback journal'],
  ])('export --out %s: exit 1, a sentence, nothing changed', async (_what, target, words) => {
    const { path } = await caseloadOnDisk()
    const before = [digest(path), digest(`${path}.key`)]
    const r = await cli(['export', '--db', path, '--out', target(path)])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Driftwatch will not write to')
    expect(r.stderr).toContain(words)
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
    expect(existsSync(`${path}-journal`)).toBe(false)
    // and the caseload still opens
    ;(await openCaseload({ path, passphrase: TEST_PASSPHRASE })).close()
  })

  it('audit, notes and backup refuse the key file and the database too', async () => {
    const { path } = await caseloadOnDisk()
    const before = [digest(path), digest(`${path}.key`)]
    symlinkSync(`${path}.key`, join(dirname(path), 'looks-fine.dwbackup'))
    for (const args of [
      ['audit', '--db', path, '--from', '2026-01-01', '--to', '2026-06-30', '--format', 'json', '--out', `${path}.key`],
      ['audit', '--db', path, '--from', '2026-01-01', '--to', '2026-06-30', '--format', 'docx', '--out', path],
      ['notes', '--db', path, '--worker', 'P1', '--as-of', '2026-03-01', '--format', 'txt', '--out', `${path}.key`],
      ['backup', '--db', path, '--out', `${path}.key`],
      ['backup', '--db', path, '--out', `${path}-wal`],
      ['backup', '--db', path, '--out', join(dirname(path), 'looks-fine.dwbackup')],
    ]) {
      const r = await cli(args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr, args.join(' ')).toMatch(/Driftwatch will not write to .*(key file|caseload database|write-ahead log)/)
    }
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
  })

  it('a symlink to the database, a symlinked folder, a hard link and another case are all refused', async () => {
    const { dir, path } = await caseloadOnDisk()
    const before = [digest(path), digest(`${path}.key`)]
    symlinkSync(path, join(dir, 'innocent.json'))
    symlinkSync(`${path}.key`, join(dir, 'innocent-key.json'))
    symlinkSync(dir, join(dir, 'alias'))
    linkSync(path, join(dir, 'hard-link.json'))
    linkSync(`${path}.key`, join(dir, 'hard-key.json'))
    for (const out of [
      join(dir, 'innocent.json'),
      join(dir, 'innocent-key.json'),
      join(dir, 'alias', 'caseload.db'),
      join(dir, 'alias', 'caseload.db.key'),
      join(dir, 'alias', 'caseload.db-wal'),
      join(dir, 'hard-link.json'),
      join(dir, 'hard-key.json'),
      join(dir, 'CASELOAD.DB'),
      join(dir, 'Caseload.db.KEY'),
      join(dir, '.', 'sub', '..', 'caseload.db'),
    ]) {
      if (out.includes('sub')) mkdirSync(join(dir, 'sub'), { recursive: true })
      const r = await cli(['export', '--db', path, '--out', out])
      expect(r.code, out).toBe(1)
      expect(r.stderr, out).toContain('Driftwatch will not write to')
    }
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
  })

  it('another caseload (a file with its key file beside it) is refused as well; an ordinary file is written', async () => {
    const { dir, path } = await caseloadOnDisk()
    // A caseload this process never opened: known only by its key file beside it.
    const other = join(dir, 'other.db')
    writeFileSync(other, 'encrypted pages')
    writeFileSync(`${other}.key`, '{}')
    const r = await cli(['export', '--db', path, '--out', other])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('a caseload database (its key file is beside it)')
    const ok = await cli(['export', '--db', path, '--out', join(dir, 'caseload.json')])
    expect(ok.code).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'caseload.json'), 'utf8')).children.length).toBeGreaterThan(0)
    // A file merely named *.key with no database beside it is not a key file.
    writeFileSync(join(dir, 'notes.key'), 'x')
    expect(protectedTargetReason(join(dir, 'notes.key'))).toBeNull()
  })
})

describe('the app refuses too', () => {
  it.each([
    ['the caseload', (p: string) => p],
    ['its key file', (p: string) => `${p}.key`],
    ['its -wal', (p: string) => `${p}-wal`],
  ])('an export whose save dialog answered %s gets a clear error and writes nothing', async (_what, target) => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const dbPath = join(t.dir, 'caseload.db')
    const { createCore } = await import('../../electron/core/app/core')
    const core = createCore({ dbPath, kdf: TEST_KDF, host: { chooseSavePath: async () => target(dbPath) } })
    cleanups.push(() => core.session.closeNow('suspend'))
    expect((await core.dispatch('session:create', { passphrase: TEST_PASSPHRASE, withDemo: false })).ok).toBe(true)
    const before = [digest(dbPath), digest(`${dbPath}.key`)]
    const r = await core.dispatch('export:document', { target: { kind: 'audit', from: '2026-01-01', to: '2026-06-30' }, format: 'txt', purpose: 'file' })
    expect(r).toMatchObject({ ok: false, code: 'BAD_INPUT' })
    expect(!r.ok && r.message).toMatch(/^Driftwatch will not write to .*: it is the caseload/)
    expect([digest(dbPath), digest(`${dbPath}.key`)]).toEqual(before)
    expect(core.session.isUnlocked()).toBe(true)
  })
})

describe('the guard inside the one atomic writer', () => {
  it('refuses an open caseload from the app paths too (writeFileAtomic), and a protected backup', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = join(t.dir, 'caseload.db')
    const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
    cleanups.push(() => db.close())
    expect(existsSync(`${path}-wal`)).toBe(true)
    expect(() => writeFileAtomic(`${path}-wal`, 'x')).toThrow(/write-ahead log/)
    expect(() => writeFileAtomic(`${path}-shm`, 'x')).toThrow(/shared-memory/)
    expect(() => writeFileAtomic(path, 'x')).toThrow(/the caseload database/)
    const backup = join(t.dir, 'old.dwbackup')
    writeFileSync(backup, 'backup bytes')
    const release = protectFile(backup, 'the backup being restored')
    expect(() => assertSafeTarget(backup)).toThrow(/the backup being restored/)
    release()
    expect(() => assertSafeTarget(backup)).not.toThrow()
    // No temporary file is left behind by a refused write.
    expect(readFileSync(backup, 'utf8')).toBe('backup bytes')
  })

  it('changing the passphrase still rewrites the key file (its own writer)', async () => {
    const { path } = await caseloadOnDisk()
    const before = digest(`${path}.key`)
    const { changePassphrase } = await import('../../electron/core/db/caseload-db')
    await changePassphrase({ path, oldPassphrase: TEST_PASSPHRASE, newPassphrase: 'another long passphrase', kdf: TEST_KDF })
    expect(digest(`${path}.key`)).not.toBe(before)
    ;(await openCaseload({ path, passphrase: 'another long passphrase' })).close()
  })
})
