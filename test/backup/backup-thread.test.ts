/**
 * Backups in their own thread (issue 13), through the real core (createCore with backupInThread, as
 * the app's core worker makes it) on real encrypted caseloads: Back up now returns at once and the
 * core answers other requests while the thread checks and packages; the file restores with the same
 * record counts; the steps arrive in order; a cancel leaves nothing behind and is not a failure; a
 * lock or a restore during a threaded backup cancels it first; a damaged caseload is refused with
 * the same sentence as on the core's thread. A restore is a job too: its steps are followed, reads
 * are answered and every write refused while it runs, and a cancel (or a lock) before the caseload
 * is replaced changes nothing and leaves no file behind.
 *
 * The small caseloads' backups are slowed by the test-only pause (DRIFTWATCH_TEST_BACKUP_PAUSE_MS,
 * read from the environment by backup-in-thread.ts), so that the steps can be seen and cancelled.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { backupSettingsPath } from '../../electron/core/app/backup-service'
import { backupJobs } from '../../electron/core/app/backup-jobs'
import { BACKUP_STEPS, RESTORE_STEPS } from '../../shared/backup-types'
import { restoreBackup } from '../../electron/core/backup/restore-backup'
import { keyFilePath, readKeyFile, unwrapDataKey } from '../../electron/core/db/key-file'
import { recordCounts } from '../../electron/core/queries/backup-checks'
import type { BackupJob, BackupStatus } from '../../shared/backup-types'
import { PASSPHRASE, tempDir, TEST_KDF, TODAY } from '../platform/helpers'

const cleanups: (() => void)[] = []
afterEach(() => {
  delete process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS
  while (cleanups.length) cleanups.pop()!()
})

/** Caseloads made once (demo children, test KDF) and copied for each test. */
const templates = new Map<number, string>()
async function template(children: number): Promise<string> {
  const made = templates.get(children)
  if (made) return made
  const t = tempDir()
  const dbPath = join(t.dir, 'caseload.db')
  const c = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, demoChildren: children })
  expect(await c.dispatch('session:create', { passphrase: PASSPHRASE, withDemo: true })).toMatchObject({ ok: true })
  c.session.closeNow('suspend')
  templates.set(children, dbPath)
  return dbPath
}

beforeAll(async () => {
  await template(60)
  await template(2000)
}, 120_000)

async function core(children = 60): Promise<{ core: Core; dir: string; dbPath: string; folder: string }> {
  const t = tempDir()
  const dbPath = join(t.dir, 'caseload.db')
  const from = await template(children)
  writeFileSync(dbPath, readFileSync(from), { mode: 0o600 })
  writeFileSync(keyFilePath(dbPath), readFileSync(keyFilePath(from)), { mode: 0o600 })
  // The daily backup waits for a long pause here, so that only the backups a test asks for are made.
  const c = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, backupInThread: true, quiet: { dailyBackupMs: 3_600_000 } })
  cleanups.push(() => {
    c.session.closeNow('suspend')
    t.cleanup()
  })
  expect(await c.dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
  return { core: c, dir: t.dir, dbPath, folder: join(t.dir, 'Backups') }
}

async function status(c: Core): Promise<BackupStatus> {
  const r = await c.dispatch('backup:status', {})
  if (!r.ok) throw new Error(r.message)
  return r.data as BackupStatus
}

async function backUpNow(c: Core): Promise<BackupJob> {
  const r = await c.dispatch('backup:now', {})
  if (!r.ok) throw new Error(r.message)
  const job = (r.data as BackupStatus).job
  if (!job) throw new Error('no job')
  return job
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Asks for the status until `until` holds (or fails after 30 s), collecting each job seen. */
async function follow(c: Core, until: (job: BackupJob) => boolean, every = 10): Promise<BackupJob[]> {
  const seen: BackupJob[] = []
  for (let i = 0; i < 30_000 / every; i++) {
    const job = (await status(c)).job
    if (job) seen.push(job)
    if (job && until(job)) return seen
    await sleep(every)
  }
  throw new Error(`the backup did not get there: ${JSON.stringify(seen.at(-1))}`)
}

const ended = (j: BackupJob) => j.state !== 'running' && j.state !== 'cancelling'

/** Every file in the folder, hidden ones (a snapshot, a temporary file) included. */
function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder).sort()
  } catch {
    return []
  }
}

describe('backups in their own thread', () => {
  it('Back up now returns at once; the core answers other requests meanwhile; the file restores with the same record counts', async () => {
    const { core: c, dir, dbPath, folder } = await core(2000)
    const counts = recordCounts(c.session.database().sqlite)
    const t0 = Date.now()
    const job = await backUpNow(c)
    expect(job).toMatchObject({ reason: 'manual', state: 'running', step: { label: BACKUP_STEPS.copying } })
    // The core is free: requests that read the caseload are answered while the thread works (the
    // dashboard's overview, a scan of the whole caseload, and a cheap one).
    expect(await c.dispatch('caseload:professionals', {})).toMatchObject({ ok: true })
    expect(await c.dispatch('caseload:overview', { asOf: TODAY })).toMatchObject({ ok: true })
    const answeredAt = Date.now()
    const seen = await follow(c, ended)
    const done = seen.at(-1)!
    expect(done).toMatchObject({ state: 'done', message: null })
    expect(answeredAt).toBeLessThan(new Date(done.endedAt!).getTime())
    // Something really ran in the thread after the answer: it took a while, and steps were seen.
    expect(new Date(done.endedAt!).getTime() - t0).toBeGreaterThan(answeredAt - t0)
    const s = await status(c)
    expect(s.last).toMatchObject({ file: done.file, counts })
    expect(s.lastError).toBeNull()
    expect(filesIn(folder)).toEqual([done.file])

    const restored = await restoreBackup({
      from: join(folder, done.file!),
      dbPath: join(dir, 'restored', 'caseload.db'),
      replace: false,
      unlockKey: (p) => unwrapDataKey(readKeyFile(p), PASSPHRASE),
    })
    expect(restored.counts).toEqual(counts)
    expect(counts.children).toBeGreaterThanOrEqual(2000)
    // And the access log has it, as for a backup on the core's thread.
    expect(recordCounts(c.session.database().sqlite).access_log).toBe(counts.access_log! + 1)
    void dbPath
  }, 60_000)

  it('the steps arrive in order, with real fractions, and end with done', async () => {
    process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '150'
    const { core: c } = await core()
    await backUpNow(c)
    const seen = await follow(c, ended, 5)
    const labels = seen.map((j) => j.step?.label).filter((l, i, all) => l !== all[i - 1])
    expect(labels).toEqual([BACKUP_STEPS.copying, BACKUP_STEPS.checking, BACKUP_STEPS.links, BACKUP_STEPS.writing, BACKUP_STEPS.reading])
    expect(seen.at(-1)!.state).toBe('done')
    for (const j of seen) {
      if (j.step!.total > 0) expect(j.step!.done).toBeLessThanOrEqual(j.step!.total)
      // The integrity check is one SQLite call: no fraction is made up for it.
      if (j.step!.label === BACKUP_STEPS.checking || j.step!.label === BACKUP_STEPS.copying) expect(j.step!.total).toBe(0)
    }
    const links = seen.find((j) => j.step!.label === BACKUP_STEPS.links)!
    expect(links.step!.total).toBeGreaterThan(10)
    expect(seen.filter((j) => j.state === 'running').every((j, i, all) => i === 0 || labels.indexOf(j.step!.label) >= labels.indexOf(all[i - 1]!.step!.label))).toBe(true)
  }, 60_000)

  it('a second Back up now while one runs is refused with a sentence', async () => {
    process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '300'
    const { core: c } = await core()
    await backUpNow(c)
    const second = await c.dispatch('backup:now', {})
    expect(second).toMatchObject({ ok: false, code: 'BUSY', message: expect.stringMatching(/^A backup is already being made \(started at \d{2}:\d{2}\)\. Wait for it to finish, or cancel it\.$/) })
    await backupJobs(c.backups).idle()
  }, 60_000)

  it.each([BACKUP_STEPS.links, BACKUP_STEPS.writing, BACKUP_STEPS.reading])(
    'cancelled while "%s": nothing new in the folder, backups.json unchanged, not a failure; the next backup succeeds',
    async (at) => {
      process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '400'
      const { core: c, dbPath, folder } = await core()
      // A good backup first, so that there is a "last good backup" to leave alone.
      await backUpNow(c)
      const first = (await follow(c, ended)).at(-1)!
      expect(first.state).toBe('done')
      const before = filesIn(folder)
      const settings = readFileSync(backupSettingsPath(dbPath), 'utf8')

      await backUpNow(c)
      await follow(c, (j) => j.step?.label === at)
      const r = await c.dispatch('backup:cancel', {})
      expect(r).toMatchObject({ ok: true, data: { job: { state: 'cancelled', file: null, message: null }, lastError: null, last: { file: first.file } } })
      expect(filesIn(folder)).toEqual(before)
      expect(readFileSync(backupSettingsPath(dbPath), 'utf8')).toBe(settings)

      // The app goes on: a save, then a backup that succeeds.
      expect(await c.dispatch('record:child', { name: 'A child added after a cancel', complex: false })).toMatchObject({ ok: true })
      await backUpNow(c)
      const next = (await follow(c, ended)).at(-1)!
      expect(next.state).toBe('done')
      expect(filesIn(folder)).toEqual([...before, next.file!].sort())
      // Cancelling when nothing runs is harmless.
      expect(await c.dispatch('backup:cancel', {})).toMatchObject({ ok: true, data: { job: { state: 'done' } } })
    },
    60_000,
  )

  it('locking during a threaded backup cancels it; the lock makes its own backup; nothing is left over', async () => {
    process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '400'
    const { core: c, dbPath, folder } = await core()
    await backUpNow(c)
    await follow(c, (j) => j.step?.label === BACKUP_STEPS.writing)
    expect(await c.dispatch('session:lock', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    await backupJobs(c.backups).idle()
    const files = filesIn(folder)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^caseload-\d{8}-\d{6}Z(-\d+)?\.dwbackup$/)
    const settings = JSON.parse(readFileSync(backupSettingsPath(dbPath), 'utf8')) as { last: { file: string }; lastError: unknown }
    expect(settings).toMatchObject({ last: { file: files[0] }, lastError: null })
    // The lock's backup restores.
    const restored = await restoreBackup({
      from: join(folder, files[0]!),
      dbPath: join(folder, '..', 'restored', 'caseload.db'),
      replace: false,
      unlockKey: (p) => unwrapDataKey(readKeyFile(p), PASSPHRASE),
    })
    expect(restored.counts.children).toBeGreaterThan(0)
    // And the app unlocks and backs up again in its thread.
    expect(await c.dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    await backUpNow(c)
    expect((await follow(c, ended)).at(-1)!.state).toBe('done')
  }, 60_000)

  it('a restore during a threaded backup cancels it first, then restores', async () => {
    const { core: c, folder } = await core()
    await backUpNow(c)
    const first = (await follow(c, ended)).at(-1)!
    process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '400'
    await backUpNow(c)
    await follow(c, (j) => j.step?.label === BACKUP_STEPS.links)
    const r = await c.dispatch('backup:restore', { file: first.file!, passphrase: PASSPHRASE })
    expect(r).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    await backupJobs(c.backups).idle()
    // The first backup and the one made just before the restore; no hidden file of the cancelled one.
    const files = filesIn(folder)
    expect(files).toHaveLength(2)
    expect(files.every((f) => /^caseload-.*\.dwbackup$/.test(f))).toBe(true)
    expect(files).toContain(first.file)
    // The restore's outcome is what the page shows next (the cancelled backup's is forgotten).
    expect((await status(c)).job).toMatchObject({ reason: 'restore', state: 'done', file: first.file })
  }, 60_000)

  it('a caseload whose records point nowhere is refused in the thread with the same sentence, and nothing is written', async () => {
    const { core: c, dbPath, folder } = await core()
    const sqlite = c.session.database().sqlite
    sqlite.pragma('foreign_keys = OFF')
    const childId = sqlite.prepare('SELECT child_id FROM plans LIMIT 1').pluck().get() as string
    sqlite.prepare('DELETE FROM children WHERE id = ?').run(childId)
    sqlite.pragma('foreign_keys = ON')
    await backUpNow(c)
    const failed = (await follow(c, ended)).at(-1)!
    expect(failed).toMatchObject({
      state: 'failed',
      file: null,
      message: 'The backup could not be made: the caseload failed its integrity check. Nothing has been written.',
    })
    expect(filesIn(folder)).toEqual([])
    expect(JSON.parse(readFileSync(backupSettingsPath(dbPath), 'utf8'))).toMatchObject({ last: null, lastError: { message: failed.message } })
  }, 60_000)

  it('a damaged page in the snapshot is refused in the thread with the same sentence', async () => {
    const { core: c, dbPath, folder } = await core()
    const sqlite = c.session.database().sqlite
    const page = sqlite.prepare(`SELECT pageno FROM dbstat WHERE name = 'visits' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 2`).pluck().get() as number
    // Everything is in the file (not the WAL) before a byte of it is flipped on disk; the snapshot copies the file.
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const fd = openSync(dbPath, 'r+')
    const b = Buffer.alloc(1)
    readSync(fd, b, 0, 1, (page - 1) * 4096 + 500)
    b[0] = b[0]! ^ 0x5a
    writeSync(fd, b, 0, 1, (page - 1) * 4096 + 500)
    closeSync(fd)
    await backUpNow(c)
    const failed = (await follow(c, ended)).at(-1)!
    expect(failed.state).toBe('failed')
    expect(failed.message).toMatch(/^The backup could not be made: the caseload failed its integrity check\. Nothing has been written\.$/)
    expect(filesIn(folder)).toEqual([])
  }, 60_000)

  it('the daily backup runs in its own thread too, after the first pause, and Back up now is refused meanwhile', async () => {
    process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '300'
    const t = tempDir()
    const dbPath = join(t.dir, 'caseload.db')
    writeFileSync(dbPath, readFileSync(await template(60)))
    writeFileSync(keyFilePath(dbPath), readFileSync(keyFilePath(await template(60))))
    const c = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, backupInThread: true, quiet: { dailyBackupMs: 0 } })
    cleanups.push(() => {
      c.session.closeNow('suspend')
      t.cleanup()
    })
    await c.dispatch('session:unlock', { passphrase: PASSPHRASE })
    const running = (await follow(c, (j) => j.state === 'running' && j.step?.label === BACKUP_STEPS.checking)).at(-1)!
    expect(running.reason).toBe('daily')
    expect(await c.dispatch('backup:now', {})).toMatchObject({ ok: false, code: 'BUSY', message: expect.stringMatching(/\(the daily backup, started at/) })
    const done = (await follow(c, ended)).at(-1)!
    expect(done).toMatchObject({ reason: 'daily', state: 'done' })
    expect(filesIn(join(t.dir, 'Backups'))).toEqual([done.file])
  }, 60_000)

  it("the key's copy kept for backups is zeroed on lock, and none is kept without backupInThread", async () => {
    const { core: c } = await core()
    const kept = (c.session as unknown as { backupKey: Uint8Array | null }).backupKey
    expect(kept).toHaveLength(32)
    expect(kept!.some((b) => b !== 0)).toBe(true)
    // Each backup gets its own copy (transferred to its thread), never the kept one.
    const copy = c.session.backupKeyCopy()!
    expect(Buffer.from(copy).equals(Buffer.from(kept!))).toBe(true)
    expect(copy.buffer).not.toBe(kept!.buffer)
    await c.dispatch('session:lock', {})
    expect(kept!.every((b) => b === 0)).toBe(true)
    expect(c.session.backupKeyCopy()).toBeNull()

    const t = tempDir()
    cleanups.push(t.cleanup)
    const dbPath = join(t.dir, 'caseload.db')
    writeFileSync(dbPath, readFileSync(await template(60)))
    writeFileSync(keyFilePath(dbPath), readFileSync(keyFilePath(await template(60))))
    const plain = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY })
    cleanups.push(() => plain.session.closeNow('suspend'))
    await plain.dispatch('session:unlock', { passphrase: PASSPHRASE })
    expect(plain.session.backupKeyCopy()).toBeNull()
    // A caseload created in the app keeps one too (its first backups are threaded as well).
    const fresh = createCore({ dbPath: join(t.dir, 'new', 'caseload.db'), kdf: TEST_KDF, today: () => TODAY, backupInThread: true })
    cleanups.push(() => fresh.session.closeNow('suspend'))
    expect(await fresh.dispatch('session:create', { passphrase: PASSPHRASE, withDemo: false })).toMatchObject({ ok: true })
    expect(fresh.session.backupKeyCopy()).toHaveLength(32)
    // Without a kept key, Back up now runs on the core's thread and has ended when it answers.
    expect(await plain.dispatch('backup:now', {})).toMatchObject({ ok: true, data: { job: { state: 'done' }, last: { file: expect.any(String) } } })
  }, 60_000)
})

/** The user name (a setting in the caseload): a write, and what tells the restored caseload apart. */
async function setName(c: Core, name: string) {
  return c.dispatch('settings:user-set', { name })
}
async function nameOf(c: Core): Promise<string | null> {
  const r = await c.dispatch('settings:user-get', {})
  if (!r.ok) throw new Error(r.message)
  return (r.data as { name: string | null }).name
}

/** Files a restore may leave beside the caseload (its copy, the copy's key, a writer's temporary file). */
const restoreLeftovers = (dir: string) => filesIn(dir).filter((f) => f.includes('.restore-'))

/**
 * A caseload named "Before", backed up, then renamed "After": a restore of that backup brings
 * "Before" back; a cancelled one leaves "After".
 */
async function withBackupThenChange(children = 60) {
  const made = await core(children)
  expect(await setName(made.core, 'Before')).toMatchObject({ ok: true })
  await backUpNow(made.core)
  const first = (await follow(made.core, ended)).at(-1)!
  expect(first.state).toBe('done')
  expect(await setName(made.core, 'After')).toMatchObject({ ok: true })
  return { ...made, first: first.file! }
}

const restoreStep = (label: string) => (j: BackupJob) => j.reason === 'restore' && j.step?.label === label

describe('a restore as a job: progress, reads answered, writes refused, cancel', () => {
  it("its steps are followed while the core answers reads; every write is refused with a sentence; it ends with the caseload replaced", async () => {
    const { core: c, dir, folder, first } = await withBackupThenChange()
    process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '300'
    const restoring = c.dispatch('backup:restore', { file: first, passphrase: PASSPHRASE })
    const seen = await follow(c, restoreStep(RESTORE_STEPS.checking))
    expect(await c.dispatch('caseload:overview', { asOf: TODAY })).toMatchObject({ ok: true })
    // A setting, a record, a backup, an import: all refused, with the sentence.
    expect(await setName(c, 'During')).toMatchObject({ ok: false, code: 'BUSY', message: expect.stringMatching(/^A backup is being restored, so nothing can be saved/) })
    expect(await c.dispatch('backup:now', {})).toMatchObject({ ok: false, code: 'BUSY' })
    expect(await c.dispatch('import:apply', { handle: 'a'.repeat(43), replace: false })).toMatchObject({ ok: false, code: 'BUSY' })
    // Followed on into the backup of the caseload as it is now (then the caseload closes for the swap).
    seen.push(...(await follow(c, (j) => restoreStep(RESTORE_STEPS.backingUp)(j) && j.step!.total > 0)))
    // Meanwhile the page's watch never sees the caseload locked, not even while it is reopened.
    const watched = new Set<string>()
    let restored = false
    void restoring.then(() => (restored = true))
    while (!restored) {
      const w = await c.dispatch('session:watch', { active: false })
      watched.add(w.ok ? (w.data as { state: string }).state : `error ${w.code}`)
      await sleep(2)
    }
    expect([...watched]).toEqual(['unlocked'])
    expect(await restoring).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    seen.push((await status(c)).job!)
    const labels = [...new Set(seen.filter((j) => j.reason === 'restore' && j.step).map((j) => j.step!.label))]
    expect(labels).toEqual([RESTORE_STEPS.unlocking, RESTORE_STEPS.verifying, RESTORE_STEPS.writing, RESTORE_STEPS.checking, RESTORE_STEPS.backingUp, RESTORE_STEPS.replacing])
    // Step 5's fraction is megabytes (its backup's writing and reading back), never its count of tables.
    const backingUp = seen.filter((j) => j.step?.label === RESTORE_STEPS.backingUp && j.step.total > 0)
    expect(backingUp.length).toBeGreaterThan(0)
    for (const j of backingUp) expect(j.step!.total).toBeGreaterThan(100_000)
    expect((await status(c)).job).toMatchObject({ reason: 'restore', state: 'done', file: first })
    // The restored caseload, which can be written to again; its backup from just before, listed.
    expect(await nameOf(c)).toBe('Before')
    expect(await setName(c, 'Afterwards')).toMatchObject({ ok: true })
    expect(restoreLeftovers(dir)).toEqual([])
    expect(filesIn(folder)).toHaveLength(2)
  }, 60_000)

  for (const [when, label] of [
    ['while the backup is written beside the caseload', RESTORE_STEPS.writing],
    ['while the restored copy is checked', RESTORE_STEPS.checking],
    ['while the caseload as it is now is backed up', RESTORE_STEPS.backingUp],
  ] as const) {
    it(`Cancel ${when}: nothing changed, nothing left behind, writes work again`, async () => {
      const { core: c, dir, folder, first } = await withBackupThenChange()
      process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '400'
      const restoring = c.dispatch('backup:restore', { file: first, passphrase: PASSPHRASE })
      await follow(c, restoreStep(label))
      expect(await c.dispatch('backup:cancel', {})).toMatchObject({ ok: true, data: { job: { reason: 'restore', state: 'cancelled' } } })
      expect(await restoring).toMatchObject({ ok: true, data: { state: 'unlocked' } })
      expect(await nameOf(c)).toBe('After')
      expect(await setName(c, 'Still here')).toMatchObject({ ok: true })
      expect(restoreLeftovers(dir)).toEqual([])
      expect(filesIn(folder)).toEqual([first])
    }, 60_000)
  }

  it('locking during a restore cancels it: the lock makes its own backup, and the caseload is as it was', async () => {
    const { core: c, dir, folder, first } = await withBackupThenChange()
    process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS = '400'
    const restoring = c.dispatch('backup:restore', { file: first, passphrase: PASSPHRASE })
    await follow(c, restoreStep(RESTORE_STEPS.writing))
    expect(await c.dispatch('session:lock', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    expect(await restoring).toMatchObject({ ok: true, data: { state: 'locked' } })
    await backupJobs(c.backups).idle()
    expect(restoreLeftovers(dir)).toEqual([])
    // The first backup and the lock's.
    expect(filesIn(folder).filter((f) => !f.startsWith('.'))).toHaveLength(2)
    expect(filesIn(folder).filter((f) => f.startsWith('.'))).toEqual([])
    expect(await c.dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    expect(await nameOf(c)).toBe('After')
    expect(await setName(c, 'Written after')).toMatchObject({ ok: true })
  }, 60_000)

  it("before the swap, the background check's thread is ended and waited for (Windows refuses to replace a file another handle holds open)", async () => {
    const t = tempDir()
    const dbPath = join(t.dir, 'caseload.db')
    const from = await template(2000)
    writeFileSync(dbPath, readFileSync(from), { mode: 0o600 })
    writeFileSync(keyFilePath(dbPath), readFileSync(keyFilePath(from)), { mode: 0o600 })
    // The check in its own thread, started in the first pause (none here).
    const c = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, checkInThread: true, backupInThread: true, quiet: { checkMs: 0, dailyBackupMs: 3_600_000 } })
    cleanups.push(() => {
      c.session.closeNow('suspend')
      t.cleanup()
    })
    expect(await c.dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    const session = c.session as unknown as { checker: Worker | null }
    for (let i = 0; i < 500 && !session.checker; i++) await sleep(10)
    const worker = session.checker!
    expect(worker).toBeTruthy()
    let exited = false
    worker.once('exit', () => (exited = true))
    await c.session.endCheck()
    expect(exited).toBe(true)
    expect(await c.dispatch('session:integrity', {})).toMatchObject({ ok: true, data: { state: 'pending' } })
    // And a restore then goes through (it ends the check itself before the swap).
    await backUpNow(c)
    const made = (await follow(c, ended)).at(-1)!
    expect(await c.dispatch('backup:restore', { file: made.file!, passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
  }, 60_000)

  it('a wrong passphrase is said before the backup is written anywhere, and changes nothing', async () => {
    const { core: c, dir, folder, first } = await withBackupThenChange()
    const r = await c.dispatch('backup:restore', { file: first, passphrase: 'not the passphrase' })
    expect(r).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    const job = (await status(c)).job!
    expect(job).toMatchObject({ reason: 'restore', state: 'failed' })
    // Tried first; then the file's own checks (a damaged header can look like a wrong passphrase); never written.
    expect([RESTORE_STEPS.unlocking, RESTORE_STEPS.verifying]).toContain(job.step?.label)
    expect(restoreLeftovers(dir)).toEqual([])
    expect(filesIn(folder)).toEqual([first])
    expect(await nameOf(c)).toBe('After')
    expect(await setName(c, 'Fine')).toMatchObject({ ok: true })
  }, 60_000)
})
