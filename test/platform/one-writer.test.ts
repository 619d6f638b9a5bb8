/**
 * Issue 12 item 7: one writer at a time across processes, and no stale views.
 * - the writer lock (electron/core/db/writer-lock.ts): exclusive, re-entrant, a dead holder's lock
 *   taken over, the sentence naming who is writing;
 * - two real processes contending: the CLI (spawned with tsx) refused while this process holds
 *   the lock, and the app's save refused while another process holds it;
 * - SQLite's raw "database is locked" never reaches a person;
 * - PRAGMA data_version: a second connection's write drops the first's caches, and the next save
 *   made from a screen drawn before it is refused once;
 * - busy_timeout is set before any other pragma.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { createDispatch } from '../../electron/core/app/dispatch'
import { openCaseload } from '../../electron/core/db/caseload-db'
import {
  acquireWriterLock,
  busySentence,
  currentWriter,
  explainBusy,
  withWriterLock,
  writerLockPath,
} from '../../electron/core/db/writer-lock'
import { importCaseloadFile } from '../../electron/core/caseload/import'
import { DriftwatchError } from '../../shared/errors'
import type { CaseloadTable } from '../../shared/ipc-contract'
import { unpackCaseloadTable } from '../../shared/caseload-table'
import { fakeScanner, PASSPHRASE, tempDir, TEST_KDF, TODAY } from './helpers'
import { createHandlers } from '../../electron/core/app/handlers'

const ROOT = resolve(__dirname, '..', '..')
const FIXTURE = join(ROOT, 'test', 'fixtures', 'small-caseload.json')

let dir: { dir: string; cleanup(): void }
let dbPath: string
let core: Core

beforeAll(async () => {
  dir = tempDir()
  dbPath = join(dir.dir, 'caseload.db')
  core = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY })
  expect(await core.dispatch('session:create', { passphrase: PASSPHRASE, withDemo: false })).toMatchObject({ ok: true })
  // On the session's own connection: its journal-mode switch is not another program's change.
  importCaseloadFile(core.session.database(), FIXTURE)
  expect(await core.dispatch('session:watch', { active: false })).toMatchObject({ ok: true, data: { changes: 0 } })
})
afterAll(() => {
  core.session.closeNow()
  dir.cleanup()
})

/** A second process that takes the writer lock as "an import" and holds it until told to stop. */
function holdLockInAnotherProcess(path: string): Promise<{ stop(): Promise<void>; pid: number }> {
  const script = join(dir.dir, 'hold-lock.ts')
  writeFileSync(
    script,
    `import { acquireWriterLock, setLockProgram } from ${JSON.stringify(join(ROOT, 'electron', 'core', 'db', 'writer-lock.ts'))}
setLockProgram('the command line')
const lock = acquireWriterLock(process.argv[2]!, { purpose: 'an import' })
process.stdout.write('held\\n')
process.stdin.on('data', () => { lock.release(); process.exit(0) })
`,
  )
  const child = spawn(process.execPath, ['--import', 'tsx', script, path], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] })
  return new Promise((resolveHeld, reject) => {
    child.on('error', reject)
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('held')) {
        resolveHeld({
          pid: child.pid!,
          stop: () =>
            new Promise<void>((done) => {
              child.on('exit', () => done())
              child.stdin.write('stop\n')
            }),
        })
      }
    })
  })
}

describe('the writer lock', () => {
  it('is exclusive across processes, re-entrant within one, and released', () => {
    const path = join(dir.dir, 'other.db')
    const lock = acquireWriterLock(path, { purpose: 'an import' })
    const info = JSON.parse(readFileSync(writerLockPath(path), 'utf8')) as Record<string, unknown>
    expect(info).toMatchObject({ pid: process.pid, purpose: 'an import' })
    // Re-entrant: the same process is the same writer.
    withWriterLock(path, { purpose: 'a nested write' }, () => expect(existsSync(writerLockPath(path))).toBe(true))
    expect(existsSync(writerLockPath(path))).toBe(true)
    lock.release()
    lock.release()
    expect(existsSync(writerLockPath(path))).toBe(false)
  })

  it('takes over the lock of a process that is gone', () => {
    const path = join(dir.dir, 'stale.db')
    // A pid that existed and exited: certainly not alive now.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    const deadPid = Number(dead.stdout)
    writeFileSync(
      writerLockPath(path),
      JSON.stringify({ pid: deadPid, program: 'the command line', purpose: 'an import', startedAt: new Date().toISOString(), host: hostname() }),
    )
    expect(currentWriter(path)).toBeNull()
    const lock = acquireWriterLock(path, { purpose: 'a restore' })
    expect(JSON.parse(readFileSync(writerLockPath(path), 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'a restore' })
    lock.release()
  })

  it('says who is writing and since when, in a sentence', () => {
    const s = busySentence({ pid: 42, program: 'the command line', purpose: 'an import', startedAt: new Date().toISOString(), host: 'x' })
    expect(s).toMatch(/^The caseload is being changed by another program: an import started at \d\d:\d\d \(the command line, process 42\)\./)
    const old = busySentence({ pid: 42, program: 'Driftwatch', purpose: 'a restore', startedAt: '2026-03-14T10:42:00Z', host: 'x' })
    expect(old).toContain('a restore started on 14 Mar 2026 at 10:42')
  })

  it('refuses the command line’s import (exit 2, the sentence) while another process writes', () => {
    const lock = acquireWriterLock(dbPath, { purpose: 'a change being saved', program: 'Driftwatch' })
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'cli', 'main.ts'), 'import', '--db', dbPath, '--replace', FIXTURE], {
        cwd: ROOT,
        env: { ...process.env, DRIFTWATCH_PASSPHRASE: PASSPHRASE },
        encoding: 'utf8',
      })
      expect(r.stderr).toMatch(/The caseload is being changed by another program: a change being saved started at \d\d:\d\d \(Driftwatch, process \d+\)/)
      expect(r.stderr).not.toMatch(/database is locked/i)
      expect(r.status).toBe(2)
    } finally {
      lock.release()
    }
  }, 60_000)

  it('refuses the app’s save while another process imports, then accepts it', async () => {
    const other = await holdLockInAnotherProcess(dbPath)
    try {
      const started = Date.now()
      const r = await core.dispatch('record:visit', { childId: 'C1', date: TODAY, seenAlone: true })
      expect(r).toMatchObject({ ok: false, code: 'BUSY' })
      expect((r as { message: string }).message).toMatch(
        new RegExp(`^The caseload is being changed by another program: an import started at \\d\\d:\\d\\d \\(the command line, process ${other.pid}\\)`),
      )
      // It waited a little for a short save to finish, not forever.
      expect(Date.now() - started).toBeLessThan(10_000)
    } finally {
      await other.stop()
    }
    expect(await core.dispatch('record:visit', { childId: 'C1', date: TODAY, seenAlone: true })).toMatchObject({ ok: true })
  }, 60_000)
})

describe('"database is locked" is never shown', () => {
  it('maps SQLite busy errors to the sentence, in dispatch and in explainBusy', async () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
    const mapped = explainBusy(dbPath, busy)
    expect(mapped).toBeInstanceOf(DriftwatchError)
    expect((mapped as DriftwatchError).code).toBe('BUSY')
    expect((mapped as DriftwatchError).message).toMatch(/^The caseload is being changed by another program/)
    const other = new Error('something else')
    expect(explainBusy(dbPath, other)).toBe(other)

    const handlers = createHandlers(core.session, fakeScanner)
    const dispatch = createDispatch({
      handlers: {
        ...handlers,
        'caseload:professionals': () => {
          throw busy
        },
      },
      isUnlocked: () => true,
      explain: (e) => explainBusy(dbPath, e),
    })
    const r = await dispatch('caseload:professionals', {})
    expect(r).toMatchObject({ ok: false, code: 'BUSY' })
    expect(JSON.stringify(r)).not.toMatch(/database is locked/)
  })

  it('a reader kept waiting by a real SQLite lock gets the sentence, not "database is locked"', async () => {
    // A second connection holds SQLite's write lock in rollback-journal mode (as an import does
    // when it is the only connection): a new reader cannot even open the file.
    const path = join(dir.dir, 'rollback.db')
    const first = createCore({ dbPath: path, kdf: TEST_KDF, today: () => TODAY })
    await first.dispatch('session:create', { passphrase: PASSPHRASE, withDemo: false })
    const writer = first.session.database().sqlite
    writer.pragma('journal_mode = DELETE')
    writer.pragma('busy_timeout = 0')
    const lock = acquireWriterLock(path, { purpose: 'an import', program: 'the command line' })
    writer.exec('BEGIN EXCLUSIVE')
    try {
      // Same process, so the lock file reads as ours; the reader's sentence is still not SQLite's.
      const error = await openCaseload({ path, passphrase: PASSPHRASE }).then(
        () => null,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(DriftwatchError)
      expect((error as DriftwatchError).code).toBe('BUSY')
      expect((error as Error).message).toMatch(/^The caseload is being changed by another program/)
    } finally {
      writer.exec('ROLLBACK')
      lock.release()
      first.session.closeNow()
    }
  }, 30_000)
})

describe('no stale views (PRAGMA data_version)', () => {
  it('drops caches when another connection writes, tells the watch, and refuses one save from the old screen', async () => {
    const table = async () => {
      const r = await core.dispatch('caseload:table', { asOf: TODAY })
      if (!r.ok) throw new Error(r.message)
      return unpackCaseloadTable(r.data as CaseloadTable)
    }
    const before = (await table()).length
    const watch0 = await core.dispatch('session:watch', { active: false })
    expect(watch0).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    const changes0 = (watch0 as { data: { changes: number } }).data.changes

    // Another program (a second connection, as the CLI would be) ends a plan.
    const other = await openCaseload({ path: dbPath, passphrase: PASSPHRASE })
    try {
      const planId = (other.sqlite.prepare('SELECT id FROM plans WHERE end_date IS NULL ORDER BY id LIMIT 1').get() as { id: string }).id
      other.sqlite.prepare('UPDATE plans SET end_date = ? WHERE id = ?').run('2020-01-01', planId)
    } finally {
      other.close()
    }

    // The next request sees it (the cached analysis for this as-of date was dropped) …
    expect((await table()).length).toBe(before - 1)
    // … the renderer's watch sees the count go up …
    const watch1 = await core.dispatch('session:watch', { active: false })
    expect((watch1 as { data: { changes: number } }).data.changes).toBe(changes0 + 1)

    // … and a save arriving as the first request after an outside change is refused once.
    const other2 = await openCaseload({ path: dbPath, passphrase: PASSPHRASE })
    other2.sqlite.prepare("UPDATE children SET team = 'Team B' WHERE id = 'C1'").run()
    other2.close()
    const refused = await core.dispatch('record:visit', { childId: 'C1', date: TODAY, seenAlone: false })
    expect(refused).toMatchObject({ ok: false, code: 'CHANGED_ELSEWHERE' })
    expect(await core.dispatch('record:visit', { childId: 'C1', date: TODAY, seenAlone: false })).toMatchObject({ ok: true })
  })

  it('own saves do not count as outside changes', async () => {
    const w0 = (await core.dispatch('session:watch', { active: false })) as { data: { changes: number } }
    expect(await core.dispatch('record:visit', { childId: 'C1', date: TODAY, seenAlone: true })).toMatchObject({ ok: true })
    const w1 = (await core.dispatch('session:watch', { active: false })) as { data: { changes: number } }
    expect(w1.data.changes).toBe(w0.data.changes)
  })
})

describe('busy_timeout', () => {
  it('is set, before any other pragma', () => {
    expect(core.session.database().sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    const source = readFileSync(join(ROOT, 'electron', 'core', 'db', 'caseload-db.ts'), 'utf8')
    const pragmas = [...source.matchAll(/sqlite\.pragma\(\s*[`'"]([a-z_]+)/g)].map((m) => m[1])
    expect(pragmas[0]).toBe('busy_timeout')
  })
})
