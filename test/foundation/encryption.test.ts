/**
 * The security model's promises about files on disk (design brief §6): no plaintext anywhere, a
 * wrong passphrase changes nothing, a passphrase change re-wraps the key without rewriting data.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { changePassphrase, createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { checksumOf, keyFilePath, readKeyFile } from '../../electron/core/db/key-file'
import { importCaseload } from '../../electron/core/caseload/import'
import { emptyCaseload } from '../../shared/caseload-format'
import { DriftwatchError } from '../../shared/errors'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'

const SENTINEL = 'Zebediah Quillfeather-Sentinel'

function sentinelCaseload() {
  const doc = emptyCaseload()
  doc.children.push({ id: 'C1', name: SENTINEL, complex: false, team: `${SENTINEL} team` })
  doc.professionals.push({ id: 'P1', name: `${SENTINEL} worker`, role: 'social-worker', agency: 'CSC', email: 'sentinel@example.invalid' })
  doc.plans.push({ id: 'PL1', childId: 'C1', startDate: '2026-01-05', initialCategory: 'neglect', previousPlans: 0 })
  doc.actions.push({ id: 'A1', planId: 'PL1', createdDate: '2026-01-06', description: `Visit ${SENTINEL} at school`, status: 'open' })
  return doc
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

function newDir(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

describe('encryption at rest', () => {
  it('leaves no plaintext in the database, its WAL or any other file, while open and after close', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
    importCaseload(db, sentinelCaseload())
    // Make SQLite use a temporary structure (a sort too big for the cache) while we look at the disk.
    db.sqlite.prepare('SELECT name FROM children ORDER BY name || team').all()

    const check = () => {
      const files = filesIn(dir)
      expect(files.length).toBeGreaterThan(1)
      for (const file of files) {
        const bytes = readFileSync(file)
        for (const encoding of ['utf8', 'utf16le'] as const) {
          expect(bytes.includes(Buffer.from(SENTINEL, encoding)), `${file} contains the name (${encoding})`).toBe(false)
          expect(bytes.includes(Buffer.from('Quillfeather', encoding)), `${file} contains part of the name`).toBe(false)
        }
        expect(bytes.subarray(0, 15).toString('latin1'), `${file} is a plaintext SQLite file`).not.toBe('SQLite format 3')
      }
      return files
    }
    const whileOpen = check()
    expect(whileOpen.some((f) => f.endsWith('-wal'))).toBe(true)
    db.close()
    check()
  })

  it('cannot be read by plain SQLite or without the key', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    ;(await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })).close()
    const raw = new Database(path)
    expect(() => raw.prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/)
    raw.close()
  })
})

describe('passphrases and the key file', () => {
  it('refuses a wrong passphrase with WRONG_PASSPHRASE and leaves every file untouched', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
    importCaseload(db, sentinelCaseload())
    db.close()
    const before = Object.fromEntries(filesIn(dir).map((f) => [f, digest(f)]))
    await expect(openCaseload({ path, passphrase: 'not the passphrase' })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
      message: expect.stringMatching(/passphrase is wrong/i),
    })
    const after = Object.fromEntries(filesIn(dir).map((f) => [f, digest(f)]))
    expect(after).toEqual(before)
  })

  it('changes the passphrase by re-wrapping the key, without rewriting the database', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
    importCaseload(db, sentinelCaseload())
    db.close()
    const dbBefore = digest(path)
    const keyBefore = digest(keyFilePath(path))
    await changePassphrase({ path, oldPassphrase: TEST_PASSPHRASE, newPassphrase: 'a new long passphrase' })
    expect(digest(path)).toBe(dbBefore)
    expect(digest(keyFilePath(path))).not.toBe(keyBefore)
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    const reopened = await openCaseload({ path, passphrase: 'a new long passphrase' })
    expect(reopened.sqlite.prepare('SELECT name FROM children').get()).toEqual({ name: SENTINEL })
    reopened.close()
  })

  it('refuses to change the passphrase when the old one is wrong, keeping the key file', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    ;(await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })).close()
    const keyBefore = digest(keyFilePath(path))
    await expect(changePassphrase({ path, oldPassphrase: 'wrong', newPassphrase: 'whatever else' })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    })
    expect(digest(keyFilePath(path))).toBe(keyBefore)
  })

  it('binds the Argon2id costs into the wrap, so lowering them in the file is detected', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    ;(await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: { memoryKiB: 2048, iterations: 1, parallelism: 1 } })).close()
    const file = readKeyFile(path)
    expect(file).toMatchObject({ format: 'driftwatch.key', version: 2, kdf: { algorithm: 'argon2id', memoryKiB: 2048 } })
    if (file.version !== 2) throw new Error('expected a version 2 key file')
    // Edited by hand: the checksum no longer matches, so the file is reported as damaged.
    const lowered = { ...file, kdf: { ...file.kdf, memoryKiB: 1024 } }
    writeFileSync(keyFilePath(path), JSON.stringify(lowered))
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'KEY_FILE_DAMAGED' })
    // Edited with the checksum forged to match: the GCM tag, which covers the costs, still refuses.
    const { checksum: _old, ...rest } = lowered
    writeFileSync(keyFilePath(path), JSON.stringify({ ...rest, checksum: checksumOf(rest) }))
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
  })

  it('uses RFC 9106 costs by default', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    ;(await createCaseload({ path, passphrase: TEST_PASSPHRASE })).close()
    expect(readKeyFile(path).kdf).toMatchObject({ memoryKiB: 65536, iterations: 3, parallelism: 4 })
  })

  it('says clearly when the key file is missing, damaged or from a newer version', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    ;(await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })).close()
    const good = readFileSync(keyFilePath(path), 'utf8')

    writeFileSync(keyFilePath(path), '{ not json')
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'KEY_FILE_DAMAGED' })

    writeFileSync(keyFilePath(path), JSON.stringify({ ...JSON.parse(good), version: 3 }))
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'DATABASE_FROM_FUTURE' })

    writeFileSync(keyFilePath(path), good)
    const { rmSync } = await import('node:fs')
    rmSync(keyFilePath(path))
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({
      code: 'UNREADABLE_DATABASE',
      message: expect.stringMatching(/key file .* is missing/),
    })
  })

  it('refuses a database whose first page is damaged with DATABASE_DAMAGED', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    ;(await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })).close()
    const bytes = readFileSync(path)
    bytes.fill(0x41, 0, 4096)
    writeFileSync(path, bytes)
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'DATABASE_DAMAGED' })
  })

  it('never overwrites an existing caseload', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    ;(await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })).close()
    const before = digest(path)
    await expect(createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })).rejects.toBeInstanceOf(DriftwatchError)
    expect(digest(path)).toBe(before)
    expect(existsSync(keyFilePath(path))).toBe(true)
  })
})

describe('schema versions', () => {
  it('refuses a database written by a newer Driftwatch, and changes nothing', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
    const known = db.sqlite.pragma('user_version', { simple: true }) as number
    expect(known).toBeGreaterThan(0)
    db.sqlite.pragma(`user_version = ${known + 1}`)
    db.close()
    const before = digest(path)
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({
      code: 'DATABASE_FROM_FUTURE',
      message: expect.stringMatching(/newer version of Driftwatch/),
    })
    expect(digest(path)).toBe(before)
  })

  it('applies the migrations once and enforces foreign keys and CHECK constraints', async () => {
    const dir = newDir()
    const path = join(dir, 'caseload.db')
    ;(await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })).close()
    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(() => db.sqlite.prepare("INSERT INTO plans (id, child_id, start_date, end_date, initial_category, latest_category, previous_plans) VALUES ('x', 'no-such-child', '2026-01-01', NULL, 'neglect', NULL, 0)").run()).toThrow(
      /FOREIGN KEY/,
    )
    db.sqlite.prepare("INSERT INTO children (id, name, complex) VALUES ('c', 'n', 0)").run()
    expect(() => db.sqlite.prepare("INSERT INTO plans (id, child_id, start_date, end_date, initial_category, latest_category, previous_plans) VALUES ('x', 'c', '2026-02-30', NULL, 'neglect', NULL, 0)").run()).toThrow(/CHECK/)
    expect(() => db.sqlite.prepare("INSERT INTO plans (id, child_id, start_date, end_date, initial_category, latest_category, previous_plans) VALUES ('y', 'c', '2026-02-03', NULL, 'sadness', NULL, 0)").run()).toThrow(/CHECK/)
    db.close()
  })
})
