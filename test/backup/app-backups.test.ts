/**
 * The app's automatic backups through the real core (createCore: session, handlers, dispatch) on a
 * real encrypted caseload: a backup on lock and on quit, none while going to sleep, the daily one
 * when the last is a day old, rotation, the folder setting, a failure shown rather than thrown, and
 * a restore that checks everything while the caseload stays open and replaces it only then.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { BackupService, backupSettingsPath } from '../../electron/core/app/backup-service'
import { openCaseload } from '../../electron/core/db/caseload-db'
import { backupName } from '../../electron/core/backup/rotation'
import { listAccess } from '../../electron/core/queries/access-log'
import type { BackupStatus } from '../../shared/backup-types'
import { capturingLogger, PASSPHRASE, tempDir, TEST_KDF, TODAY } from '../platform/helpers'

/** Lets the work scheduled for the first pause after unlock run. */
const pause = () => new Promise((r) => setTimeout(r, 50))

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

async function core(options: { chooseFolder?: (current: string) => Promise<string | null> } = {}): Promise<{ core: Core; dir: string; dbPath: string; log: ReturnType<typeof capturingLogger> }> {
  const t = tempDir()
  const log = capturingLogger()
  const dbPath = join(t.dir, 'caseload.db')
  // The daily backup waits for a pause in the user's requests (20 s in the app); here, none.
  const c = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, demoChildren: 30, log, host: options.chooseFolder ? { chooseFolder: options.chooseFolder } : {}, quiet: { dailyBackupMs: 0 } })
  cleanups.push(() => {
    c.session.closeNow('suspend')
    t.cleanup()
  })
  const r = await c.dispatch('session:create', { passphrase: PASSPHRASE, withDemo: true })
  expect(r.ok).toBe(true)
  return { core: c, dir: t.dir, dbPath, log }
}

function lastEvents(c: Core, n: number): [string, string | null][] {
  return listAccess(c.session.database(), { limit: n })
    .entries.reverse()
    .map((e) => [e.event, e.fileName])
}

async function status(c: Core): Promise<BackupStatus> {
  const r = await c.dispatch('backup:status', {})
  if (!r.ok) throw new Error(r.message)
  return r.data as BackupStatus
}

describe('automatic backups in the app', () => {
  it('backs up on lock (into Backups beside the caseload, with the same-disk advice), checked, with record counts', async () => {
    const { core: c, dir } = await core()
    const before = await status(c)
    expect(before).toMatchObject({ folder: join(dir, 'Backups'), isDefaultFolder: true, last: null, backups: [], canChooseFolder: false })
    expect(await c.dispatch('session:lock', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    const files = readdirSync(join(dir, 'Backups'))
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^caseload-\d{8}-\d{6}Z\.dwbackup$/)
    // Status works while locked? No: it needs the caseload open like every other channel.
    expect(await c.dispatch('backup:status', {})).toMatchObject({ ok: false, code: 'LOCKED' })
    await c.dispatch('session:unlock', { passphrase: PASSPHRASE })
    const after = await status(c)
    expect(after.last?.file).toBe(files[0])
    expect(after.sameDiskAsCaseload).toBe(true)
    expect(after.lastError).toBeNull()
    // The settings file beside the caseload names a file and a time, nothing about the children.
    const settings = readFileSync(backupSettingsPath(join(dir, 'caseload.db')), 'utf8')
    expect(settings).not.toMatch(/children|Demo/)
  })

  it('backs up on quit and before a restore, never while going to sleep', async () => {
    const { core: c, dir } = await core()
    c.session.closeNow('suspend')
    expect(existsSync(join(dir, 'Backups'))).toBe(false)
    // Unlocking with no backup at all makes the daily one in the first pause (at once here).
    await c.dispatch('session:unlock', { passphrase: PASSPHRASE })
    await pause()
    expect(readdirSync(join(dir, 'Backups'))).toHaveLength(1)
    c.session.closeNow('quit')
    expect(readdirSync(join(dir, 'Backups'))).toHaveLength(2)
    await c.dispatch('session:unlock', { passphrase: PASSPHRASE })
    c.session.closeNow('suspend')
    expect(readdirSync(join(dir, 'Backups'))).toHaveLength(2)
  })

  it('a manual backup gives the record counts of the checked backup', async () => {
    const { core: c } = await core()
    const r = await c.dispatch('backup:now', {})
    if (!r.ok) throw new Error(r.message)
    const s = r.data as BackupStatus
    expect(s.last?.counts?.children).toBe(30)
    expect(s.last?.bytes).toBeGreaterThan(100_000)
    expect(s.backups).toHaveLength(1)
  })

  it('makes the daily backup after unlock when the last one is a day old', async () => {
    const { core: c, dir, dbPath } = await core()
    await c.dispatch('backup:now', {})
    await c.dispatch('session:lock', {})
    const n = readdirSync(join(dir, 'Backups')).length
    await c.dispatch('session:unlock', { passphrase: PASSPHRASE })
    await pause()
    expect(readdirSync(join(dir, 'Backups'))).toHaveLength(n) // not due yet
    // The last good backup, as recorded, was 25 hours ago.
    await c.dispatch('session:lock', {})
    const s = JSON.parse(readFileSync(backupSettingsPath(dbPath), 'utf8'))
    s.last.at = new Date(Date.now() - 25 * 3600_000).toISOString()
    writeFileSync(backupSettingsPath(dbPath), JSON.stringify(s))
    const fresh = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, quiet: { dailyBackupMs: 0 } })
    cleanups.push(() => fresh.session.closeNow('suspend'))
    await fresh.dispatch('session:unlock', { passphrase: PASSPHRASE })
    await pause()
    const after = await status(fresh)
    expect(Date.now() - new Date(after.last!.at).getTime()).toBeLessThan(60_000)
  })

  it('rotates: its own old automatic backups go; other files in the folder stay, among them backups of the same name pattern it did not make', async () => {
    const { core: c, dir, dbPath } = await core()
    const folder = join(dir, 'Backups')
    // Another caseload also called caseload.db, backing up into the same folder, and a file of the user's.
    await c.dispatch('backup:now', {})
    const bytes = readFileSync(join(folder, readdirSync(folder)[0]!))
    const others = [40, 41].map((d) => backupName('caseload.db', new Date(Date.now() - d * 86_400_000)))
    for (const name of others) writeFileSync(join(folder, name), bytes)
    writeFileSync(join(folder, 'my-notes.txt'), 'mine')
    // Thirty days of this caseload's backups, one a day, made by the service with its clock moved on.
    c.session.closeNow('suspend')
    const db = await openCaseload({ path: dbPath, passphrase: PASSPHRASE })
    let day = Date.now() - 30 * 86_400_000
    const service = new BackupService({ dbPath, now: () => new Date(day) })
    try {
      for (; day <= Date.now(); day += 86_400_000) service.run(db, 'daily')
    } finally {
      db.close()
    }
    const left = readdirSync(folder)
    expect(left).toContain('my-notes.txt')
    for (const name of others) expect(left).toContain(name)
    const ours = left.filter((f) => f.endsWith('.dwbackup') && !others.includes(f))
    // 7 days, up to 4 weeks and the 3 newest: between 8 and 12 files (the one made before the clock moved among them).
    expect(ours.length).toBeGreaterThanOrEqual(8)
    expect(ours.length).toBeLessThanOrEqual(12)
  })

  it('a folder that cannot be written is shown as the last error, and the lock still happens', async () => {
    const { core: c, dir, log } = await core()
    writeFileSync(join(dir, 'not-a-folder'), 'x')
    // The browser host has no dialog: the folder is typed.
    expect(await c.dispatch('backup:set-folder', { folder: join(dir, 'not-a-folder') })).toMatchObject({ ok: false, code: 'VALIDATION' })
    expect(await c.dispatch('backup:set-folder', { folder: 'relative/path' })).toMatchObject({ ok: false, code: 'VALIDATION' })
    const elsewhere = join(dir, 'elsewhere')
    expect(await c.dispatch('backup:set-folder', { folder: elsewhere })).toMatchObject({ ok: true, data: { folder: elsewhere, isDefaultFolder: false } })
    // Then the folder becomes unusable (a file where the folder was).
    const { rmSync } = await import('node:fs')
    rmSync(elsewhere, { recursive: true })
    writeFileSync(elsewhere, 'x')
    expect(await c.dispatch('session:lock', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    expect(log.lines.some((l) => l.startsWith('backup.failed'))).toBe(true)
    await c.dispatch('session:unlock', { passphrase: PASSPHRASE })
    const s = await status(c)
    expect(s.lastError?.message).toMatch(/could not be written to .*elsewhere: check that the folder exists/)
    expect(s.last).toBeNull()
  })

  it('in Electron the folder comes from the host dialog, not the page', async () => {
    const chosen = tempDir()
    cleanups.push(chosen.cleanup)
    const { core: c } = await core({ chooseFolder: async () => chosen.dir })
    const r = await c.dispatch('backup:set-folder', { folder: '/somewhere/the/page/typed' })
    expect(r).toMatchObject({ ok: true, data: { folder: chosen.dir, canChooseFolder: true } })
  })

  it('restores a backup: checked while the caseload is open, then replaced and unlocked again', async () => {
    const { core: c, dir } = await core()
    await c.dispatch('backup:now', {})
    const backup = (await status(c)).last!.file
    expect(lastEvents(c, 1)).toEqual([['backup', backup]])
    // A child added after the backup.
    const added = await c.dispatch('record:child', { name: 'Added After Backup', complex: false })
    expect(added.ok).toBe(true)
    const countChildren = () => c.session.database().sqlite.prepare('SELECT count(*) FROM children').pluck().get()
    const withAdded = countChildren()
    expect(withAdded).toBe(31)

    // Wrong passphrase: refused, the caseload still open and unchanged.
    expect(await c.dispatch('backup:restore', { file: backup, passphrase: 'wrong passphrase' })).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    expect(c.session.isUnlocked()).toBe(true)
    expect(countChildren()).toBe(withAdded)
    // A name not in the folder: refused.
    expect(await c.dispatch('backup:restore', { file: 'caseload-20200101-000000Z.dwbackup', passphrase: PASSPHRASE })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(await c.dispatch('backup:restore', { file: '../caseload.db', passphrase: PASSPHRASE })).toMatchObject({ ok: false, code: 'VALIDATION' })

    const r = await c.dispatch('backup:restore', { file: backup, passphrase: PASSPHRASE })
    expect(r).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    expect(countChildren()).toBe(30)
    // The caseload as it was just before the restore was backed up first, and kept as .previous.
    const s = await status(c)
    expect(s.backups.length, JSON.stringify(s)).toBe(2)
    expect(existsSync(join(dir, 'caseload.db.previous'))).toBe(true)
    expect(s.backups.some((b) => b.file === backup)).toBe(true)
    // The restored caseload's access log ends with the restore and the unlock that followed it (the
    // backup's own entry is logged after its snapshot, so it is not in it); the lock file is gone.
    expect(lastEvents(c, 2)).toEqual([
      ['restore', backup],
      ['unlock', null],
    ])
    expect(existsSync(join(dir, 'caseload.db.lock'))).toBe(false)
  })
})

describe('the backup folder', () => {
  it('is created with owner-only permissions', async () => {
    const { core: c, dir } = await core()
    await c.dispatch('backup:now', {})
    const { statSync } = await import('node:fs')
    expect(statSync(join(dir, 'Backups')).mode & 0o777).toBe(0o700)
  })
})
