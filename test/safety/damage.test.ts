/**
 * Issue 12, item 4: damage is detected and named. A page that fails its check, a database cut short
 * or emptied, a key file with a flipped byte or a short GCM tag: each is told apart from a wrong
 * passphrase, named in words, exit 2 on the command line, and in the app saves stop.
 */
import { closeSync, openSync, readFileSync, readSync, statSync, truncateSync, writeFileSync, writeSync, existsSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openCaseload } from '../../electron/core/db/caseload-db'
import { checkCaseload } from '../../electron/core/db/check'
import { checksumOf, keyFilePath, readKeyFile, removeStaleKeyTemps } from '../../electron/core/db/key-file'
import { createCore } from '../../electron/core/app/core'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'
import { cli, makeCaseload, SENTINEL } from './helpers'

const PAGE = 4096
const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

/** A caseload of 60 demo children (a few hundred pages), made once and copied for each test. */
let template: string | null = null
async function caseload(): Promise<string> {
  const t = tempDir()
  cleanups.push(t.cleanup)
  const path = join(t.dir, 'caseload.db')
  if (!template) {
    const tt = tempDir()
    template = join(tt.dir, 'caseload.db')
    await makeCaseload(template, { children: 60 })
  }
  writeFileSync(path, readFileSync(template))
  writeFileSync(keyFilePath(path), readFileSync(keyFilePath(template)))
  return path
}

function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+')
  const b = Buffer.alloc(1)
  readSync(fd, b, 0, 1, offset)
  b[0] = b[0]! ^ 0x5a
  writeSync(fd, b, 0, 1, offset)
  closeSync(fd)
}

/** The page number (1-based) of a page in the middle of the visits table. */
async function middlePageOf(path: string, table: string): Promise<number> {
  const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
  try {
    const pages = (db.sqlite.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).all(table) as { pageno: number }[]).map((r) => r.pageno)
    expect(pages.length).toBeGreaterThan(3)
    return pages[Math.floor(pages.length / 2)]!
  } finally {
    db.close()
  }
}

describe('check', () => {
  it('a sound caseload: every page in use read, exit 0', async () => {
    const path = await caseload()
    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    const report = checkCaseload(db)
    db.close()
    expect(report).toMatchObject({ sound: true, problems: [] })
    expect(report.pagesRead).toBeGreaterThan(100)
    expect(report.pagesRead).toBeLessThanOrEqual(report.pageCount)
    const r = await cli(['check', '--db', path])
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/is sound: all \d+ pages in use were read/) })
  })

  it('a flipped byte in a middle page of a table: named, exit 2, other tables said to be fine by omission', async () => {
    const path = await caseload()
    const page = await middlePageOf(path, 'visits')
    flipByte(path, (page - 1) * PAGE + 1000)
    // The caseload still opens (page 1 is sound): the damage is found by reading every page.
    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    const report = checkCaseload(db)
    db.close()
    expect(report.sound).toBe(false)
    expect(report.problems.join('\n')).toMatch(/"visits"/)
    expect(report.problems.join('\n')).not.toMatch(/"children"|"plans"|"actions"/)
    const r = await cli(['check', '--db', path])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/is damaged:\n {2}- The table "visits" is damaged/)
    expect(r.stderr).toMatch(/Restore the latest good backup/)
  })

  it('salvage writes every row that can still be read, past the damaged page, exit 2 when some could not', async () => {
    const path = await caseload()
    const page = await middlePageOf(path, 'visits')
    const db0 = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    const allVisits = (db0.sqlite.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n
    db0.close()
    flipByte(path, (page - 1) * PAGE + 1500)
    const out = join(dirname(path), 'salvaged.json')
    const r = await cli(['salvage', '--db', path, '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/visits: \d+ rows \(some could not be read\)/)
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { tables: { name: string; rows: { id: string }[]; complete: boolean }[] }
    const visits = doc.tables.find((t) => t.name === 'visits')!
    expect(visits.complete).toBe(false)
    // One leaf page lost: most rows, including some after the damaged page, are still there.
    expect(visits.rows.length).toBeGreaterThan(allVisits / 2)
    expect(visits.rows.length).toBeLessThan(allVisits)
    expect(doc.tables.find((t) => t.name === 'children')).toMatchObject({ complete: true })
    expect(JSON.stringify(doc)).toContain(SENTINEL)
  })

  it('a damaged index is named as an index that can be rebuilt', async () => {
    const path = await caseload()
    const db0 = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    const { pageno } = db0.sqlite.prepare(`SELECT pageno FROM dbstat WHERE name = 'visits_child' ORDER BY pageno DESC LIMIT 1`).get() as { pageno: number }
    db0.close()
    flipByte(path, (pageno - 1) * PAGE + 2000)
    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    const report = checkCaseload(db)
    db.close()
    expect(report.problems.join('\n')).toMatch(/index "visits_child" of the table "visits" \(an index can be rebuilt/)
  })

  it('a database cut short, cut at a page boundary, emptied or missing beside its key file: damage, exit 2, never a new caseload', async () => {
    const cases: [string, (p: string) => void, RegExp][] = [
      ['cut mid-page', (p) => truncateSync(p, statSync(p).size - 1000), /cut short/],
      ['cut at a page boundary', (p) => truncateSync(p, Math.floor(statSync(p).size / PAGE / 2) * PAGE), /damaged|cut short/],
      ['emptied', (p) => truncateSync(p, 0), /is empty \(0 bytes\)/],
      ['missing', (p) => rmSync(p), /is missing, but its key file is still there/],
    ]
    for (const [what, damage, message] of cases) {
      const path = await caseload()
      damage(path)
      const r = await cli(['check', '--db', path])
      expect(r.code, what).toBe(2)
      expect(r.stderr, what).toMatch(message)
      await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE }), what).rejects.toMatchObject({ code: 'DATABASE_DAMAGED' })
      // The app: locked (not a first run), unlocking names the damage, creating is refused.
      const { dispatch } = createCore({ dbPath: path, kdf: TEST_KDF })
      expect(await dispatch('session:status', {}), what).toMatchObject({ ok: true, data: { state: 'locked' } })
      expect(await dispatch('session:unlock', { passphrase: TEST_PASSPHRASE }), what).toMatchObject({ ok: false, code: 'DATABASE_DAMAGED' })
      expect((await dispatch('session:create', { passphrase: TEST_PASSPHRASE, withDemo: false })).ok, what).toBe(false)
      if (what !== 'missing') expect(statSync(path).size, `${what}: the damaged file is left as it was`).toBeLessThan(statSync(template!).size)
    }
  })
})

// The app's core worker checks in its own thread with its own read-only connection (issue 13); the
// command line and other hosts check between requests. Both must find the same damage.
describe.each([
  ['between requests', false],
  ['in its own thread', true],
])('in the app, checking %s', (_how, checkInThread) => {
  it('checks in the background after unlock; on damage, saves are refused and reads go on', async () => {
    const path = await caseload()
    const page = await middlePageOf(path, 'visits')
    flipByte(path, (page - 1) * PAGE + 500)
    const { dispatch, session } = createCore({ dbPath: path, kdf: TEST_KDF, checkInThread })
    expect(await dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true })
    let integrity = await dispatch('session:integrity', {})
    for (let i = 0; i < 400 && integrity.ok && (integrity.data as { state: string }).state === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      integrity = await dispatch('session:integrity', {})
    }
    expect(integrity).toMatchObject({ ok: true, data: { state: 'damaged', problems: [expect.stringMatching(/"visits"/)] } })
    const save = await dispatch('record:child', { name: 'A new child', complex: false })
    expect(save).toMatchObject({ ok: false, code: 'DATABASE_DAMAGED', message: expect.stringMatching(/not saving changes/) })
    expect(await dispatch('settings:policy-reset', {})).toMatchObject({ ok: false, code: 'DATABASE_DAMAGED' })
    expect(await dispatch('caseload:professionals', {})).toMatchObject({ ok: true })
    session.closeNow()
  }, 60_000)

  it('a sound caseload is found sound and takes saves', async () => {
    const path = await caseload()
    const { dispatch, session } = createCore({ dbPath: path, kdf: TEST_KDF, checkInThread })
    await dispatch('session:unlock', { passphrase: TEST_PASSPHRASE })
    let integrity = await dispatch('session:integrity', {})
    for (let i = 0; i < 400 && integrity.ok && (integrity.data as { state: string }).state === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      integrity = await dispatch('session:integrity', {})
    }
    expect(integrity).toMatchObject({ ok: true, data: { state: 'sound', problems: [] } })
    expect(await dispatch('record:child', { name: 'A new child', complex: false })).toMatchObject({ ok: true })
    session.closeNow()
  }, 60_000)
})

describe('the key file', () => {
  it('a flipped byte is KEY_FILE_DAMAGED, told apart from a wrong passphrase, with its own message', async () => {
    const path = await caseload()
    const good = readFileSync(keyFilePath(path), 'utf8')
    await expect(openCaseload({ path, passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    for (const field of ['"ciphertext": "', '"tag": "', '"salt": "', '"iv": "']) {
      const at = good.indexOf(field) + field.length + 3
      const ch = good[at]!
      writeFileSync(keyFilePath(path), good.slice(0, at) + (ch === 'A' ? 'B' : 'A') + good.slice(at + 1))
      const err = await openCaseload({ path, passphrase: TEST_PASSPHRASE }).catch((e: unknown) => e)
      expect(err, field).toMatchObject({ code: 'KEY_FILE_DAMAGED', message: expect.stringMatching(/is damaged \(its checksum does not match.*Your passphrase is not the problem/) })
    }
    writeFileSync(keyFilePath(path), good.slice(0, 100))
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'KEY_FILE_DAMAGED' })
    const r = await cli(['check', '--db', path])
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/key file .* is damaged/) })
  })

  it('a GCM tag must be exactly 16 bytes, even with a checksum that matches', async () => {
    const path = await caseload()
    const file = readKeyFile(path)
    if (file.version !== 2) throw new Error('expected version 2')
    const short = { ...file, wrap: { ...file.wrap, tag: Buffer.from(file.wrap.tag, 'base64').subarray(0, 4).toString('base64') } }
    const { checksum: _c, ...rest } = short
    writeFileSync(keyFilePath(path), JSON.stringify({ ...rest, checksum: checksumOf(rest) }))
    await expect(openCaseload({ path, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({
      code: 'KEY_FILE_DAMAGED',
      message: expect.stringMatching(/authentication tag is not 16 bytes/),
    })
  })

  it('leftover temporary key files from a crash are removed on open; one of a running process is kept', async () => {
    const path = await caseload()
    const folder = dirname(path)
    const stale = join(folder, `.${basename(path)}.key.999999.0123abcd.tmp`)
    const live = join(folder, `.${basename(path)}.key.${process.pid}.89abcdef.tmp`)
    writeFileSync(stale, 'half a key file')
    writeFileSync(live, 'a change in progress')
    ;(await openCaseload({ path, passphrase: TEST_PASSPHRASE })).close()
    expect(existsSync(stale)).toBe(false)
    expect(existsSync(live)).toBe(true)
    expect(removeStaleKeyTemps(path)).toBe(0)
  })
})
