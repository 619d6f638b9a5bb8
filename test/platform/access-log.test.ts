/**
 * Issue 12 item 8: the access log — append-only inside the encrypted caseload (UPDATE and DELETE
 * refused by SQL triggers), entries for unlock, case opened, exports (app and CLI), shown and
 * exported as CSV through the contract, ids and file names only, never case content.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { importCaseloadFile } from '../../electron/core/caseload/import'
import { openCaseload } from '../../electron/core/db/caseload-db'
import { accessLogCsv, listAccess, logAccess } from '../../electron/core/queries/access-log'
import { PASSPHRASE, tempDir, TEST_KDF, TODAY } from './helpers'

const ROOT = resolve(__dirname, '..', '..')
const FIXTURE = join(ROOT, 'test', 'fixtures', 'small-caseload.json')
const CHILD_NAMES = ['Fictional Child Ant', 'Fictional Child Bee']

let dir: { dir: string; cleanup(): void }
let dbPath: string
let core: Core
let saveTo = ''

async function call(channel: string, input: unknown): Promise<unknown> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`)
  return r.data
}

beforeAll(async () => {
  dir = tempDir()
  dbPath = join(dir.dir, 'caseload.db')
  core = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, actor: 'Chair One (test)', host: { chooseSavePath: async () => saveTo } })
  await core.session.create(PASSPHRASE, false)
  importCaseloadFile(core.session.database(), FIXTURE)
  await core.session.lock()
})
afterAll(() => {
  core.session.closeNow()
  dir.cleanup()
})

const entries = () => listAccess(core.session.database(), { limit: 1000 }).entries.slice().reverse()

describe('the access log', () => {
  it('records unlocks, cases opened (once, not on every refresh) and exports, with who and when', async () => {
    const before = Date.now()
    await call('session:unlock', { passphrase: PASSPHRASE })
    await call('case:detail', { childId: 'C1', asOf: TODAY })
    await call('case:detail', { childId: 'C1', asOf: '2026-01-01' })
    await call('case:detail', { childId: 'C2', asOf: TODAY })
    saveTo = join(dir.dir, 'core-group-audit.docx')
    await call('export:document', { target: { kind: 'audit', from: '2026-01-01', to: TODAY }, format: 'docx', purpose: 'file' })

    const log = entries()
    const events = log.map((e) => [e.event, e.childId, e.fileName])
    // Creation is the first unlock.
    expect(events).toEqual([
      ['unlock', null, null],
      // The automatic backup when the caseload was locked after creation: its file name only.
      ['backup', null, expect.stringMatching(/^caseload-\d{8}-\d{6}Z\.dwbackup$/)],
      ['unlock', null, null],
      ['case-opened', 'C1', null],
      ['case-opened', 'C2', null],
      ['export', null, 'core-group-audit.docx'],
    ])
    for (const e of log) expect(e.actor).toBe('Chair One (test)')
    const last = log[log.length - 1]!
    expect(Date.parse(last.at)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(last.at)).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('is append-only: UPDATE and DELETE fail, even from SQL', () => {
    const { sqlite } = core.session.database()
    const n = (sqlite.prepare('SELECT count(*) AS n FROM access_log').get() as { n: number }).n
    expect(() => sqlite.prepare("UPDATE access_log SET actor = 'someone else'").run()).toThrow(/append-only/)
    expect(() => sqlite.prepare('DELETE FROM access_log').run()).toThrow(/append-only/)
    expect(() => sqlite.prepare('DELETE FROM access_log WHERE id = 1').run()).toThrow(/append-only/)
    expect((sqlite.prepare('SELECT count(*) AS n FROM access_log').get() as { n: number }).n).toBe(n)
    expect(entries().every((e) => e.actor === 'Chair One (test)')).toBe(true)
  })

  it('survives an import that replaces the caseload', () => {
    const n = entries().length
    importCaseloadFile(core.session.database(), FIXTURE, { replace: true })
    expect(entries()).toHaveLength(n)
  })

  it('holds ids and file names only: no child name, and no folder', () => {
    logAccess(core.session.database(), { event: 'backup', actor: 'x', fileName: join(dir.dir, 'Fictional Child Ant', 'nightly.dwbackup') })
    const last = entries().pop()!
    expect(last.fileName).toBe('nightly.dwbackup')
    const csv = accessLogCsv(core.session.database())
    const rows = JSON.stringify(core.session.database().sqlite.prepare('SELECT * FROM access_log').all())
    for (const name of CHILD_NAMES) {
      expect(csv).not.toContain(name)
      expect(rows).not.toContain(name)
    }
  })

  it('is listed and exported (CSV, itself logged) through the contract', async () => {
    const list = (await call('access:log', { limit: 3 })) as { entries: { id: number }[]; total: number }
    expect(list.entries).toHaveLength(3)
    expect(list.total).toBeGreaterThan(3)
    expect(list.entries[0]!.id).toBeGreaterThan(list.entries[1]!.id)

    saveTo = join(dir.dir, 'access-log.csv')
    const out = (await call('access:log-export', {})) as { kind: string; fileName: string }
    expect(out).toMatchObject({ kind: 'saved', fileName: 'access-log.csv' })
    const csv = readFileSync(saveTo, 'utf8')
    // A byte order mark first, so Excel reads the names as UTF-8.
    expect(csv.startsWith('\uFEFFid,')).toBe(true)
    const lines = csv.slice(1).trim().split('\r\n')
    expect(lines[0]).toBe('id,at,actor,event,child_id,file_name')
    expect(lines).toHaveLength(list.total + 2)
    expect(lines[lines.length - 1]).toMatch(/,Chair One \(test\),access-log-export,,access-log\.csv$/)
  })

  it('quotes out spreadsheet formulas in the CSV', () => {
    logAccess(core.session.database(), { event: 'export', actor: '=HYPERLINK("x")', fileName: '+cmd.csv' })
    const csv = accessLogCsv(core.session.database())
    expect(csv).toContain(`"'=HYPERLINK(""x"")",export,,'+cmd.csv`)
  })

  it('records the command line’s exports under the operating-system account', async () => {
    core.session.closeNow()
    const out = join(dir.dir, 'caseload-export.json')
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'cli', 'main.ts'), 'export', '--db', dbPath, '--out', out], {
      cwd: ROOT,
      env: { ...process.env, DRIFTWATCH_PASSPHRASE: PASSPHRASE },
      encoding: 'utf8',
    })
    expect(r.status, r.stderr).toBe(0)
    const db = await openCaseload({ path: dbPath, passphrase: PASSPHRASE })
    try {
      const last = listAccess(db, { limit: 1 }).entries[0]!
      expect(last).toMatchObject({ event: 'export', actor: userInfo().username, fileName: 'caseload-export.json', childId: null })
    } finally {
      db.close()
    }
  }, 60_000)
})
