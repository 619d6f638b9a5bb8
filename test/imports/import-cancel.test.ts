/**
 * Issue 13: an interchange import applied from the Import screen keeps the core answering (it lets
 * the event loop run between its steps), can be cancelled while it writes, and a cancelled or
 * interrupted import writes nothing: the caseload afterwards holds exactly the rows it held before.
 * Real encrypted caseloads, a real 2,000-child document exported by the app.
 */
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { exportCaseloadFile } from '../../electron/core/caseload/export'
import { createCaseload } from '../../electron/core/db/caseload-db'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import type { ImportStatus } from '../../shared/import-screen'
import { PASSPHRASE, tempDir, TEST_KDF } from '../platform/helpers'
import { tableContents } from '../helpers/table-contents'

const TODAY = '2026-11-26'
const CHILDREN = 2000
let shared: { dir: string; cleanup(): void }
let documentPath: string
let dir: { dir: string; cleanup(): void }
let core: Core

beforeAll(async () => {
  shared = tempDir()
  documentPath = join(shared.dir, 'authority.json')
  const source = await createCaseload({ path: join(shared.dir, 'source.db'), passphrase: PASSPHRASE, kdf: TEST_KDF })
  try {
    loadDemoCaseload(source, { children: CHILDREN, seed: 7, asOf: TODAY })
    exportCaseloadFile(source, documentPath)
  } finally {
    source.close()
  }
}, 120_000)
afterAll(() => shared.cleanup())

beforeEach(async () => {
  dir = tempDir()
  core = createCore({
    dbPath: join(dir.dir, 'caseload.db'),
    kdf: TEST_KDF,
    today: () => TODAY,
    host: { chooseImportSource: async () => documentPath },
  })
  // The demo's 80 children: the caseload the import would replace.
  await core.session.create(PASSPHRASE, true)
})
afterEach(() => {
  core.session.closeNow()
  dir.cleanup()
})

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw Object.assign(new Error(r.message), { code: r.code })
  return r.data as T
}


const schema = (db: CaseloadDb) => db.sqlite.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`).all()

async function previewed(): Promise<string> {
  const c = await call<{ kind: string; handle: string }>('import:choose', { source: 'json' })
  await call('import:preview', { handle: c.handle })
  for (let i = 0; i < 500; i++) {
    const s = await call<ImportStatus>('import:status', { handle: c.handle })
    if (s.state === 'previewed') return c.handle
    if (s.state !== 'previewing') throw new Error(`preview ended ${s.state}`)
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('preview did not finish')
}

/** Polls the status while Apply runs; returns the statuses seen (each one answered during the import). */
async function whileApplying(handle: string, until: (s: ImportStatus) => boolean): Promise<ImportStatus[]> {
  const seen: ImportStatus[] = []
  // By the clock, not a number of turns: the file is read on its own thread, and while that thread
  // starts, or reads ahead, the core's event loop turns quickly with nothing to do.
  const deadline = Date.now() + 100_000
  while (Date.now() < deadline) {
    const s = await call<ImportStatus>('import:status', { handle })
    seen.push(s)
    if (s.state !== 'applying' || until(s)) return seen
    await new Promise((r) => setTimeout(r, 2))
  }
  throw new Error('apply did not finish')
}

describe('applying a caseload file from the Import screen', () => {
  it('answers status requests while it writes, refuses other database work meanwhile, and then holds the whole document', async () => {
    const db = core.session.database()
    const handle = await previewed()
    await call('import:apply', { handle, replace: true })
    const first = await call<ImportStatus>('import:status', { handle })
    expect(first).toMatchObject({ state: 'applying', caseloadChildren: 80 })
    // The dashboard's requests wait for the import: they would read a half-written caseload.
    await expect(call('caseload:teams', {})).rejects.toMatchObject({ code: 'BUSY', message: expect.stringMatching(/being imported/) })
    const seen = await whileApplying(handle, () => false)
    const applying = seen.filter((s) => s.state === 'applying')
    // Answered many times during the import, with the bytes read growing.
    expect(applying.length).toBeGreaterThan(3)
    const read = applying.map((s) => s.progress?.done ?? 0)
    expect(Math.max(...read)).toBeGreaterThan(read[0]!)
    expect(seen.at(-1)).toMatchObject({ state: 'applied' })
    expect(applying.map((s) => s.progress?.label)).toContain('Reading and checking the file')
    expect(db.sqlite.prepare('SELECT count(*) FROM children').pluck().get()).toBe(CHILDREN)
    expect(db.sqlite.prepare('SELECT count(*) FROM drift_facts').pluck().get()).toBe(db.sqlite.prepare('SELECT count(*) FROM plans').pluck().get())
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([])
    expect((await call<{ teams: string[] }>('caseload:teams', {})).teams.length).toBeGreaterThan(0)
  }, 120_000)

  it('a cancel while it writes rolls everything back: the caseload holds exactly what it held before', async () => {
    const db = core.session.database()
    const before = tableContents(db, ['access_log'])
    const beforeSchema = schema(db)
    const handle = await previewed()
    await call('import:apply', { handle, replace: true })
    // Well into the document: rows written, the old caseload deleted, inside the transaction.
    const seen = await whileApplying(handle, (s) => (s.progress?.done ?? 0) > (s.progress?.total ?? 1) / 3)
    expect(seen.at(-1)!.state).toBe('applying')
    expect(await call('import:cancel', { handle })).toEqual({ cancelled: true })
    await expect(call('import:status', { handle })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // The import notices the cancel on its next turn and gives the database back.
    for (let i = 0; i < 100 && db.sqlite.inTransaction; i++) await new Promise((r) => setTimeout(r, 10))
    await new Promise((r) => setTimeout(r, 50))
    expect(db.sqlite.inTransaction).toBe(false)
    expect(tableContents(db, ['access_log'])).toEqual(before)
    expect(schema(db)).toEqual(beforeSchema)
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    // The caseload works as before: a new import can be chosen and the dashboard answers.
    expect((await call<{ teams: string[] }>('caseload:teams', {})).teams.length).toBeGreaterThan(0)
    expect(await call<{ kind: string }>('import:choose', { source: 'json' })).toMatchObject({ kind: 'chosen' })
  }, 120_000)

  it('the preview of a large file is answered while it reads, and can be cancelled', async () => {
    const c = await call<{ kind: string; handle: string }>('import:choose', { source: 'json' })
    await call('import:preview', { handle: c.handle })
    let s = await call<ImportStatus>('import:status', { handle: c.handle })
    for (let i = 0; i < 2000 && s.state === 'previewing' && !(s.progress && s.progress.done > 0); i++) {
      await new Promise((r) => setImmediate(r))
      s = await call<ImportStatus>('import:status', { handle: c.handle })
    }
    expect(s).toMatchObject({ state: 'previewing', progress: { label: 'Reading the file' } })
    expect(s.progress!.done).toBeLessThan(s.progress!.total)
    expect(await call('import:cancel', { handle: c.handle })).toEqual({ cancelled: true })
    await new Promise((r) => setTimeout(r, 200))
    await expect(call('import:status', { handle: c.handle })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  }, 120_000)

  it('locking the caseload during the import rolls it back before the caseload closes', async () => {
    const db = core.session.database()
    const before = tableContents(db, ['access_log'])
    const handle = await previewed()
    await call('import:apply', { handle, replace: true })
    await whileApplying(handle, (s) => (s.progress?.done ?? 0) > 0)
    core.session.closeNow()
    await new Promise((r) => setTimeout(r, 100))
    await core.session.unlock(PASSPHRASE)
    expect(tableContents(core.session.database(), ['access_log'])).toEqual(before)
  }, 120_000)
})
