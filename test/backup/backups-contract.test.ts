/**
 * Independent black-box audit of backups and restore (CLI verbs backup/restore/check and the app's
 * backup:* channels through createCore). Cases with a comment "Found by the audit" failed before their fix.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { createBackup } from '../../electron/core/backup/create-backup'
import { backupName } from '../../electron/core/backup/rotation'
import { exportCaseload, exportCaseloadJson } from '../../electron/core/caseload/export'
import { importCaseloadFile } from '../../electron/core/caseload/import'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { journal, migrationsUpTo } from '../helpers/migrations'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import type { BackupStatus } from '../../shared/backup-types'
import { runCliWith } from '../helpers/run-cli'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'

const ROOT = join(__dirname, '..', '..')
const SENTINEL = 'Philomena Quarrendon-Audit'
const TODAY = '2026-11-26'
const P = TEST_PASSPHRASE
const P2 = 'a completely different passphrase'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})
function newDir(): string {
  const t = tempDir('dw-audit-')
  cleanups.push(t.cleanup)
  return t.dir
}
const digest = (p: string) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent')
const cli = (args: string[], pass: string | null = P) => runCliWith(args, pass)

/** Every row of every table (sorted), so that nothing export leaves out (access log, supervision, settings) escapes. */
async function dumpAll(path: string, pass = P): Promise<Record<string, string[]>> {
  const db = await openCaseload({ path, passphrase: pass })
  try {
    const tables = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
    const out: Record<string, string[]> = {}
    for (const t of tables) out[t] = (db.sqlite.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort()
    return out
  } finally {
    db.close()
  }
}
async function exportJson(path: string, pass = P): Promise<string> {
  const db = await openCaseload({ path, passphrase: pass })
  try {
    return exportCaseloadJson(db)
  } finally {
    db.close()
  }
}
async function demoCaseload(dir: string, children = 40, name = 'caseload.db'): Promise<string> {
  const path = join(dir, name)
  const db = await createCaseload({ path, passphrase: P, kdf: TEST_KDF })
  loadDemoCaseload(db, { children, seed: 'audit', asOf: TODAY })
  db.sqlite.prepare('INSERT INTO children (id, name, complex, team) VALUES (?, ?, 0, ?)').run('CSENT', SENTINEL, 'Audit team')
  db.close()
  return path
}
function noStack(s: string) {
  expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/)
  expect(s).not.toMatch(/Unexpected error/)
}

async function appCore(dir: string, opts: { backupInThread?: boolean } = {}): Promise<{ core: Core; dbPath: string }> {
  const dbPath = join(dir, 'caseload.db')
  const core = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, demoChildren: 20, quiet: { dailyBackupMs: 3_600_000 }, ...opts })
  cleanups.unshift(() => core.session.closeNow('suspend'))
  const r = await core.dispatch('session:create', { passphrase: P, withDemo: true })
  expect(r.ok, JSON.stringify(r)).toBe(true)
  return { core, dbPath }
}
async function ok<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel as never, input as never)
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message} ${JSON.stringify((r as { problems?: unknown }).problems)}`)
  return r.data as T
}
/** Records of every kind the app makes after an import: child, plan, member, core group, action, disagreement, supervision, settings. */
async function appRecords(core: Core, tag: string): Promise<void> {
  await ok(core, 'settings:user-set', { name: `Auditor ${tag}` })
  const chair = (await ok<{ id: string }>(core, 'record:professional', { name: `Chair ${tag}`, role: 'deputy-manager', agency: 'CSC', email: 'c@example.org' })).id
  const health = (await ok<{ id: string }>(core, 'record:professional', { name: `Health ${tag}`, role: 'health', agency: 'HV', phone: '01632 960000' })).id
  const child = (await ok<{ id: string }>(core, 'record:child', { name: `${SENTINEL} ${tag}`, complex: false, plan: { startDate: '2026-09-01', initialCategory: 'neglect', previousPlans: 0 } })).id
  const planId = core.session.database().sqlite.prepare('SELECT id FROM plans WHERE child_id = ?').pluck().get(child) as string
  expect(planId).toBeTruthy()
  await ok(core, 'record:member', { planId, professionalId: health, fromDate: '2026-09-01' })
  await ok(core, 'record:meeting', { planIds: [planId], date: '2026-11-20', chairId: chair, attended: [health], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true, riskScore: { score: 7, scale: 'safety' } })
  await ok(core, 'record:action', { planId, description: `Action ${tag}`, ownerId: health, createdDate: '2026-11-20', dueDate: '2026-12-20', status: 'open' })
  await ok(core, 'record:disagreement', { planId, raisedDate: '2026-11-21', raisedById: health, category: 'plan-progress', stages: [{ stage: 1, startDate: '2026-11-21' }], resolvedDate: '2026-11-24', outcome: `Disagreement ${tag}` })
  await ok(core, 'supervision:save', { date: '2026-11-25', scope: { kind: 'caseload', id: '' }, supervisor: `Sup ${tag}`, notes: `Supervision notes ${tag}`, children: [{ childId: child, discussion: `Discussed ${tag}`, decisions: `Decided ${tag}` }], actions: [] })
  const policy = await ok<{ policy: Record<string, unknown> }>(core, 'settings:policy-get', {})
  await ok(core, 'settings:policy-set', { policy: { ...policy.policy, coreGroupIntervalDays: 28 } })
}

describe('audit: round trip', () => {
  it('CLI backup → restore gives every row of every table back (app-made records, supervision, settings, access log)', async () => {
    const dir = newDir()
    const { core, dbPath } = await appCore(dir)
    await appRecords(core, 'one')
    core.session.closeNow('suspend')
    const before = await dumpAll(dbPath)
    const beforeExport = await cli(['export', '--db', dbPath])
    expect(beforeExport.code).toBe(0)
    const out = join(dir, 'x.dwbackup')
    const b = await cli(['backup', '--db', dbPath, '--out', out])
    expect(b.code, b.stderr).toBe(0)
    const restored = join(dir, 'r', 'caseload.db')
    const r = await cli(['restore', '--from', out, '--db', restored])
    expect(r.code, r.stderr).toBe(0)
    const after = await dumpAll(restored)
    // The access log gains exactly: the export and the backup (both logged before the snapshot), and the restore.
    const extra = after.access_log!.filter((row) => !before.access_log!.includes(row))
    expect(extra.map((e) => JSON.parse(e)).map((e: unknown[]) => e.find((v) => v === 'export' || v === 'backup' || v === 'restore'))).toEqual(['export', 'backup', 'restore'])
    expect({ ...after, access_log: [] }).toEqual({ ...before, access_log: [] })
    expect(before.access_log!.every((row) => after.access_log!.includes(row))).toBe(true)
    for (const t of ['supervision_sessions', 'disagreements', 'actions', 'meetings']) expect(before[t]?.length ?? 0, t).toBeGreaterThan(0)
    const afterExport = await cli(['export', '--db', restored])
    expect(afterExport.stdout).toBe(beforeExport.stdout)
  }, 120_000)

  it("the app's own lock backup restores (CLI) to the caseload as it was at lock", async () => {
    const dir = newDir()
    const { core, dbPath } = await appCore(dir)
    await appRecords(core, 'two')
    const json = exportCaseloadJson(core.session.database())
    await ok(core, 'session:lock', {})
    const files = readdirSync(join(dir, 'Backups'))
    expect(files).toHaveLength(1)
    const restored = join(dir, 'r.db')
    const r = await cli(['restore', '--from', join(dir, 'Backups', files[0]!), '--db', restored])
    expect(r.code, r.stderr).toBe(0)
    expect(await exportJson(restored)).toBe(json)
    const a = await dumpAll(dbPath)
    const b = await dumpAll(restored)
    expect(b.supervision_sessions).toEqual(a.supervision_sessions)
    expect(b.settings ?? b.app_settings).toEqual(a.settings ?? a.app_settings)
  }, 120_000)
})

describe('audit: passphrase changes', () => {
  it('a backup restores only with the passphrase it was made with; the other one exits 2, nothing created', async () => {
    const dir = newDir()
    const { core, dbPath } = await appCore(dir)
    await ok(core, 'backup:now', {})
    const oldBackup = (await ok<BackupStatus>(core, 'backup:status', {})).last!.file
    await ok(core, 'session:change-passphrase', { oldPassphrase: P, newPassphrase: P2 })
    await ok(core, 'record:child', { name: 'After the change', complex: false })
    await new Promise((r) => setTimeout(r, 1100))
    await ok(core, 'backup:now', {})
    const newBackup = (await ok<BackupStatus>(core, 'backup:status', {})).last!.file
    expect(newBackup).not.toBe(oldBackup)
    core.session.closeNow('suspend')
    const folder = join(dir, 'Backups')

    const t = join(dir, 't', 'c.db')
    const wrong1 = await cli(['restore', '--from', join(folder, oldBackup), '--db', t], P2)
    expect(wrong1.code).toBe(2)
    expect(wrong1.stderr).toMatch(/passphrase does not open this backup/)
    noStack(wrong1.stderr)
    expect(existsSync(t)).toBe(false)
    expect(existsSync(join(dir, 't')) ? readdirSync(join(dir, 't')).filter((f) => !f.endsWith('.attempts')) : []).toEqual([])
    const wrong2 = await cli(['restore', '--from', join(folder, newBackup), '--db', t], P)
    expect(wrong2.code).toBe(2)
    expect((await cli(['restore', '--from', join(folder, oldBackup), '--db', t], P)).code).toBe(0)
    expect((await exportJson(t, P))).not.toContain('After the change')
    const t2 = join(dir, 't2.db')
    expect((await cli(['restore', '--from', join(folder, newBackup), '--db', t2], P2)).code).toBe(0)
    expect(await exportJson(t2, P2)).toContain('After the change')
    expect(await exportJson(dbPath, P2)).toBe(await exportJson(t2, P2))
  }, 120_000)

  // Found by the audit (message): the wrong-passphrase error of a restore is the generic "The passphrase is wrong.
  // Nothing has been changed." — it never says that a backup needs the passphrase in use when it was
  // made, so a user who has changed the passphrase since is not told why the current one fails.
  it('the wrong-passphrase message of a restore says the backup needs the passphrase in use when it was made', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 3)
    const out = join(dir, 'b.dwbackup')
    expect((await cli(['backup', '--db', path, '--out', out])).code).toBe(0)
    const r = await cli(['restore', '--from', out, '--db', join(dir, 'o.db')], P2)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/when (the|this) backup was made|when it was made/)
  }, 60_000)
})

describe('audit: damaged or foreign files given as a backup', () => {
  async function setup() {
    const dir = newDir()
    const path = await demoCaseload(dir, 30)
    const out = join(dir, 'good.dwbackup')
    expect((await cli(['backup', '--db', path, '--out', out])).code).toBe(0)
    return { dir, path, out, good: readFileSync(out) }
  }
  function recomputeChecksum(b: Buffer): Buffer {
    const body = b.subarray(0, b.length - 32)
    return Buffer.concat([body, createHash('sha256').update(body).digest()])
  }

  it('truncations, bit flips everywhere, empty and foreign files: exit 2 (or 1), a sentence, caseload and key byte-identical, no stray files', async () => {
    const { dir, path, out, good } = await setup()
    const plain = await demoCaseload(newDir(), 1, 'p.db')
    const headerLen = good.readUInt32BE(12)
    const cases: [string, Buffer][] = []
    for (const n of [0, 1, 7, 8, 15, 16, 16 + headerLen - 1, 16 + headerLen, 16 + headerLen + 4096, good.length - 33, good.length - 32, good.length - 1]) cases.push([`cut to ${n}`, good.subarray(0, n)])
    let seed = 12345
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let i = 0; i < 12; i += 1) {
      const b = Buffer.from(good)
      const at = i < 4 ? Math.floor(rand() * (16 + headerLen)) : Math.floor(rand() * b.length)
      b[at]! ^= 1 << Math.floor(rand() * 8)
      cases.push([`bit flip at ${at}`, b])
    }
    cases.push(['extra byte appended', Buffer.concat([good, Buffer.from([0])])])
    cases.push(['two backups concatenated', Buffer.concat([good, good])])
    cases.push(['PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')])
    cases.push(['JSON', Buffer.from(readFileSync(join(ROOT, 'test', 'fixtures', 'small-caseload.json')))])
    cases.push(['the encrypted database file itself', readFileSync(plain)])
    cases.push(['a key file', readFileSync(`${plain}.key`)])
    cases.push(['zeros', Buffer.alloc(100_000)])
    for (const off of [5000, Math.floor((good.length - 16 - headerLen) / 2)]) {
      const b = Buffer.from(good)
      b[16 + headerLen + off]! ^= 0x10
      cases.push([`database byte ${off} changed, checksum fixed`, recomputeChecksum(b)])
    }
    cases.push(['magic then garbage', Buffer.concat([Buffer.from('DWBACKUP'), Buffer.alloc(1000, 0xff)])])
    // Header length field enormous, checksum recomputed
    const huge = Buffer.from(good)
    huge.writeUInt32BE(0xffffffff, 12)
    cases.push(['header length 4 GiB (checksum fixed)', recomputeChecksum(huge)])
    const before = [digest(path), digest(`${path}.key`)]
    const listing = readdirSync(dir).sort()
    const failures: string[] = []
    for (const [what, bytes] of cases) {
      const f = join(dir, 'bad.dwbackup')
      writeFileSync(f, bytes)
      const r = await cli(['restore', '--from', f, '--db', path, '--replace'])
      const newTarget = await cli(['restore', '--from', f, '--db', join(dir, 'fresh', 'n.db')])
      rmSync(f)
      const problems: string[] = []
      if (r.code !== 2 && r.code !== 1) problems.push(`exit ${r.code}`)
      if (!/Nothing has been changed|cannot be used|not a Driftwatch backup|newer version/.test(r.stderr)) problems.push(`message: ${r.stderr.trim()}`)
      if (/\n\s+at .+:\d+|Unexpected error|SQLITE_/.test(r.stderr)) problems.push(`raw error: ${r.stderr.trim()}`)
      if (newTarget.code === 0) problems.push('restored to a new path')
      if (JSON.stringify([digest(path), digest(`${path}.key`)]) !== JSON.stringify(before)) problems.push('caseload changed')
      const now = readdirSync(dir).filter((n) => n !== 'fresh').sort()
      if (JSON.stringify(now) !== JSON.stringify(listing.filter((n) => n !== 'fresh'))) problems.push(`files: ${now.join(',')}`)
      const fresh = existsSync(join(dir, 'fresh')) ? readdirSync(join(dir, 'fresh')).filter((n) => !/\.(attempts|lock)$/.test(n)) : []
      if (fresh.length) problems.push(`fresh: ${fresh.join(',')}`)
      if (problems.length) failures.push(`${what}: ${problems.join('; ')}`)
    }
    expect(failures).toEqual([])
    // The good one still restores afterwards.
    expect((await cli(['restore', '--from', out, '--db', join(dir, 'ok.db')])).code).toBe(0)
  }, 300_000)

  // Found by the audit (message): damage inside the database section of a backup whose checksum still holds (the
  // checksum recomputed, as by a tool that "repairs" files, or damage before packaging) is refused
  // (exit 2, nothing changed) but with the sentence for a damaged *caseload*, naming the restore's
  // hidden temporary file and advising "Restore the latest good backup", instead of naming the backup
  // ("The backup X opens but its database is damaged … Choose another backup").
  it('a damaged database section with a valid checksum is named as a damaged backup', async () => {
    const { dir, path, good } = await setup()
    const headerLen = good.readUInt32BE(12)
    const cases: [string, Buffer][] = []
    const b = Buffer.from(good)
    b[16 + headerLen + 100]! ^= 0x10
    cases.push(['database byte 100 changed, checksum fixed', recomputeChecksum(b)])
    const before = [digest(path), digest(`${path}.key`)]
    for (const [what, bytes] of cases) {
      const f = join(dir, 'bad.dwbackup')
      writeFileSync(f, bytes)
      const r = await cli(['restore', '--from', f, '--db', path, '--replace'])
      expect(r.code, what).toBe(2)
      expect([digest(path), digest(`${path}.key`)]).toEqual(before)
      expect(r.stderr, what).toMatch(/The backup .*bad\.dwbackup/)
      expect(r.stderr, what).not.toMatch(/restore-\d+/)
    }
  }, 60_000)

  it('a missing file as --from: a sentence, nothing changed', async () => {
    const { dir, path } = await setup()
    const before = [digest(path), digest(`${path}.key`)]
    const r = await cli(['restore', '--from', join(dir, 'nope.dwbackup'), '--db', path, '--replace'])
    expect([1, 2]).toContain(r.code)
    expect(r.stderr).toMatch(/^Error: /)
    noStack(r.stderr)
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
  }, 60_000)

  // Found by the audit (message): a folder given as --from gives "Unexpected error: EISDIR: illegal operation on a
  // directory, read" (exit 1). README: "an input that is a folder … is said so in a sentence (exit 1)".
  it('a folder as --from is said so in a sentence', async () => {
    const { dir, path } = await setup()
    const before = [digest(path), digest(`${path}.key`)]
    const r = await cli(['restore', '--from', dir, '--db', join(dir, 'n.db')])
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^Error: .*folder/)
    expect(r.stderr).not.toMatch(/Unexpected error|EISDIR/)
  }, 60_000)
})

describe('audit: restore over newer records, and undoing it', () => {
  it('app: a restore backs the caseload up first, and restoring that backup gives back every newer record', async () => {
    const dir = newDir()
    const { core, dbPath } = await appCore(dir)
    await ok(core, 'backup:now', {})
    const old = (await ok<BackupStatus>(core, 'backup:status', {})).last!.file
    await appRecords(core, 'newer')
    const newer = exportCaseloadJson(core.session.database())
    const newerSupervision = core.session.database().sqlite.prepare('SELECT * FROM supervision_sessions').all()
    expect(newer).toContain('newer')
    await new Promise((r) => setTimeout(r, 1100))
    const r = await core.dispatch('backup:restore', { file: old, passphrase: P })
    expect(r.ok, JSON.stringify(r)).toBe(true)
    expect(exportCaseloadJson(core.session.database())).not.toContain(`${SENTINEL} newer`)
    const list = (await ok<BackupStatus>(core, 'backup:status', {})).backups
    const preRestore = list.find((b) => b.file !== old)
    expect(preRestore, JSON.stringify(list)).toBeTruthy()
    await new Promise((r) => setTimeout(r, 1100))
    const undo = await core.dispatch('backup:restore', { file: preRestore!.file, passphrase: P })
    expect(undo.ok, JSON.stringify(undo)).toBe(true)
    expect(exportCaseloadJson(core.session.database())).toBe(newer)
    expect(core.session.database().sqlite.prepare('SELECT * FROM supervision_sessions').all()).toEqual(newerSupervision)
    // .previous (the caseload replaced by the undo) is whole and opens
    core.session.closeNow('suspend')
    expect(await exportJson(`${dbPath}.previous`)).not.toContain(`${SENTINEL} newer`)
  }, 120_000)

  it('CLI: --replace keeps the newer caseload as .previous; renaming it back undoes the restore', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 20)
    const out = join(dir, 'b.dwbackup')
    expect((await cli(['backup', '--db', path, '--out', out])).code).toBe(0)
    const db = await openCaseload({ path, passphrase: P })
    db.sqlite.prepare('INSERT INTO children (id, name, complex, team) VALUES (?, ?, 0, NULL)').run('CN', 'Newer child')
    db.close()
    const newer = await dumpAll(path)
    expect((await cli(['restore', '--from', out, '--db', path, '--replace'])).code).toBe(0)
    expect(await dumpAll(`${path}.previous`)).toEqual(newer)
    expect((await cli(['check', '--db', `${path}.previous`])).code).toBe(0)
  }, 60_000)
})

describe('audit: older schema', () => {
  it.each([1, 4, 6, 7, 8])('a backup made at schema %i restores through the CLI, migrated, records intact; `check` passes', async (count) => {
    const dir = newDir()
    const path = join(dir, 'old', 'caseload.db')
    mkdirSync(join(dir, 'old'))
    const old = await createCaseload({ path, passphrase: P, kdf: TEST_KDF, migrationsFolder: migrationsUpTo(dir, count) })
    importCaseloadFile(old, join(ROOT, 'test', 'fixtures', 'small-caseload.json'))
    const before = exportCaseload(old)
    const out = join(dir, 'old.dwbackup')
    createBackup(old, out)
    old.close()
    // Over an existing newer caseload, with --replace.
    const target = await demoCaseload(dir, 5)
    const r = await cli(['restore', '--from', out, '--db', target, '--replace'])
    expect(r.code, r.stderr).toBe(0)
    const db = await openCaseload({ path: target, passphrase: P })
    try {
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(journal.entries.length)
      expect(exportCaseload(db)).toEqual(before)
    } finally {
      db.close()
    }
    expect((await cli(['check', '--db', target])).code).toBe(0)
  }, 60_000)
})

describe('audit: rotation', () => {
  // Rotation by age is covered with real backups in app-backups.test.ts (a moved clock); here, files
  // it did not make, even named like its own (another caseload's, or copies), are never touched.
  it('never touches files that are not backups it made, even when named like them', async () => {
    const dir = newDir()
    const { core } = await appCore(dir)
    await ok(core, 'backup:now', {})
    const folder = join(dir, 'Backups')
    const real = readdirSync(folder)[0]!
    const bytes = readFileSync(join(folder, real))
    const foreign = ['notes.txt', 'caseload.dwbackup', 'caseload-copy.dwbackup', `${real}.bak`, 'other-20200101-000000Z.dwbackup', 'caseload-20200101-000000Z.DWBACKUP', 'caseload-20200101-000000Z.dwbackup.tmp']
    for (let d = 1; d <= 60; d += 1) foreign.push(backupName('caseload.db', new Date(Date.now() - d * 86_400_000)))
    for (const f of foreign) writeFileSync(join(folder, f), bytes)
    await ok(core, 'backup:now', {})
    const left = readdirSync(folder)
    for (const f of foreign) expect(left, f).toContain(f)
    expect(left).toContain(real)
    expect(left).toHaveLength(foreign.length + 2)
  }, 60_000)

  // Found by the audit (data loss): rotation recognises "its" backups by the caseload's file name only. Two
  // caseloads with the same file name in different folders (e.g. two teams' caseload.db) backing up
  // to one chosen folder rotate each other's backups away: after A's 4th backup, B's only backup is
  // deleted. README: "other files in the folder are never touched". (B's Settings also lists A's
  // backups as its own and offers to restore them.)
  it("another caseload's backups in a shared folder (same file name, different folder) are never removed", async () => {
    const shared = newDir()
    const a = await appCore(newDir())
    const b = await appCore(newDir())
    await ok(a.core, 'backup:set-folder', { folder: shared })
    await ok(b.core, 'backup:set-folder', { folder: shared })
    // B makes one backup: its only one.
    await ok(b.core, 'backup:now', {})
    const bOnly = readdirSync(shared)
    expect(bOnly).toHaveLength(1)
    // A backs up a few times (lock, quit, daily on a busy day).
    for (let i = 0; i < 4; i += 1) {
      await new Promise((r) => setTimeout(r, 1050))
      await ok(a.core, 'backup:now', {})
    }
    console.log('B lists:', (await ok<BackupStatus>(b.core, 'backup:status', {})).backups.map((x) => x.file).join(','))
    // Observed: B's only backup is gone, removed by A's rotation.
    expect(readdirSync(shared)).toContain(bOnly[0])
  }, 60_000)
})

describe('audit: where a backup goes', () => {
  it('CLI --out that is a folder: a sentence; the caseload still checks', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 5)
    mkdirSync(join(dir, 'adir.dwbackup'))
    const json = await exportJson(path)
    const r = await cli(['backup', '--db', path, '--out', join(dir, 'adir.dwbackup')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^Error: Cannot write /)
    noStack(r.stderr)
    expect((await cli(['check', '--db', path])).code).toBe(0)
    expect(await exportJson(path)).toBe(json)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.includes('snapshot'))).toEqual([])
  }, 60_000)

  // Found by the audit (message): a CLI backup whose --out folder cannot be written (permission denied; a file in
  // the path) ends with "Unexpected error: EACCES: permission denied, copyfile '<caseload>' ->
  // '<folder>/.<name>.<pid>.<rand>.snapshot'" (or ENOTDIR … lstat), exit 1: a raw errno naming an
  // internal snapshot file, not a sentence. The app says "could not be written to X: check that the
  // folder exists, can be written to and has space" for the same failure.
  it('CLI --out in a folder that does not exist or cannot be written: a sentence, not a raw errno', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 5)
    writeFileSync(join(dir, 'afile'), 'x')
    const results: string[] = []
    for (const out of [join(dir, 'not', 'yet', 'b.dwbackup'), join(dir, 'afile', 'b.dwbackup'), '/sys/kernel/audit-x.dwbackup']) {
      const r = await cli(['backup', '--db', path, '--out', out])
      if (r.code !== 1 || !/^Error: /.test(r.stderr) || /Unexpected error|snapshot/.test(r.stderr)) results.push(`${out}: exit ${r.code}: ${r.stderr.trim()}`)
    }
    expect((await cli(['check', '--db', path])).code).toBe(0)
    expect(results).toEqual([])
  }, 60_000)

  it("CLI --out into the caseload's own folder works (README: allowed) and never names a caseload file", async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 5)
    for (const out of [path, `${path}.key`, `${path}-wal`]) {
      const r = await cli(['backup', '--db', path, '--out', out])
      expect(r.code, out).toBe(1)
      noStack(r.stderr)
    }
    expect((await cli(['check', '--db', path])).code).toBe(0)
  }, 60_000)

  it("app: the backup folder set to the caseload's own folder either refuses in a sentence or backs up without touching the caseload", async () => {
    const dir = newDir()
    const { core, dbPath } = await appCore(dir)
    const r = await core.dispatch('backup:set-folder', { folder: dir })
    if (r.ok) {
      await ok(core, 'backup:now', {})
      await ok(core, 'backup:now', {})
      core.session.closeNow('quit')
      expect((await cli(['check', '--db', dbPath])).code).toBe(0)
      const files = readdirSync(dir)
      expect(files).toContain('caseload.db')
      expect(files).toContain('caseload.db.key')
    } else {
      expect(r.message).toMatch(/\./)
    }
  }, 60_000)

  it('app: folder not writable (a file in the way) is a sentence in Settings; lock still locks', async () => {
    const dir = newDir()
    const { core } = await appCore(dir)
    writeFileSync(join(dir, 'blocker'), 'x')
    const r = await core.dispatch('backup:set-folder', { folder: join(dir, 'blocker', 'inside') })
    expect(r).toMatchObject({ ok: false, code: 'VALIDATION' })
    const sys = await core.dispatch('backup:set-folder', { folder: '/sys/kernel/driftwatch-audit' })
    expect(sys.ok).toBe(false)
  }, 60_000)
})

describe('audit: plaintext', () => {
  it('no child name in UTF-8/UTF-16LE/UTF-16BE in CLI, app-threaded and app-lock backups; no SQLite header; no stray files', async () => {
    const dir = newDir()
    const { core, dbPath } = await appCore(dir, { backupInThread: true })
    await appRecords(core, 'plain')
    const now = await core.dispatch('backup:now', {})
    expect(now.ok).toBe(true)
    for (let i = 0; i < 200; i += 1) {
      const s = await ok<BackupStatus>(core, 'backup:status', {})
      if (!s.job || s.job.state !== 'running') break
      await new Promise((r) => setTimeout(r, 100))
    }
    await ok(core, 'session:lock', {})
    const out = join(dir, 'cli.dwbackup')
    expect((await cli(['backup', '--db', dbPath, '--out', out])).code).toBe(0)
    const files = [out, ...readdirSync(join(dir, 'Backups')).map((f) => join(dir, 'Backups', f))]
    expect(files.length).toBeGreaterThanOrEqual(3)
    const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16()
    for (const f of [...files, ...readdirSync(dir).map((n) => join(dir, n)).filter((p) => statSync(p).isFile())]) {
      const bytes = readFileSync(f)
      for (const needle of [Buffer.from(SENTINEL, 'utf8'), Buffer.from(SENTINEL, 'utf16le'), utf16be(SENTINEL), Buffer.from('Quarrendon'), Buffer.from('Supervision notes plain'), Buffer.from('SQLite format 3')]) {
        expect(bytes.includes(needle), `${f} ${needle.toString('latin1')}`).toBe(false)
      }
    }
    expect(readdirSync(join(dir, 'Backups')).every((f) => f.endsWith('.dwbackup'))).toBe(true)
  }, 120_000)
})

describe('audit: kill during backup', () => {
  it('SIGKILL at random moments of a CLI backup: the caseload checks and exports the same, no plaintext or SQLite header anywhere, the next backup works', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 1500)
    const json = await exportJson(path)
    const out = join(dir, 'k.dwbackup')
    expect((await cli(['backup', '--db', path, '--out', out])).code).toBe(0)
    const goodBackup = digest(out)
    const outcomes: string[] = []
    // Half the kills at a random time after spawn, half a random moment after the backup's first temporary file appears.
    const plan: ['time' | 'file', number][] = [['time', 900], ['time', 1200], ['time', 1500], ['time', 1800], ['file', 0], ['file', 5], ['file', 20], ['file', 60], ['file', 150], ['file', 300]]
    for (const [kind, base] of plan) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'cli', 'main.ts'), 'backup', '--db', path, '--out', out], {
        cwd: ROOT,
        env: { ...process.env, DRIFTWATCH_PASSPHRASE: P },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)))
      let seen = ''
      const kill = () => child.kill('SIGKILL')
      let timer: NodeJS.Timeout | undefined
      const poll = setInterval(() => {
        if (kind !== 'file' || seen || child.exitCode !== null) return
        const f = readdirSync(dir).find((n) => n.startsWith('.'))
        if (f) {
          seen = f
          timer = setTimeout(kill, base + Math.floor(Math.random() * 20))
        }
      }, 2)
      if (kind === 'time') timer = setTimeout(kill, base + Math.floor(Math.random() * 300))
      const code = await done
      clearInterval(poll)
      clearTimeout(timer)
      outcomes.push(`${kind}${base}:${code ?? 'killed'}${seen ? `(${seen.replace(/\d+\.[0-9a-f]{8}/, '*')})` : ''}`)
      // The backup of that name is either the old one or a whole new one that restores.
      if (digest(out) !== goodBackup) {
        const r = await cli(['restore', '--from', out, '--db', join(dir, `r-${kind}${base}`, 'c.db')])
        expect(r.code, r.stderr).toBe(0)
      }
      for (const name of readdirSync(dir)) {
        const p = join(dir, name)
        if (!statSync(p).isFile()) continue
        const bytes = readFileSync(p)
        expect(bytes.includes(Buffer.from(SENTINEL)), name).toBe(false)
        expect(bytes.includes(Buffer.from(SENTINEL, 'utf16le')), name).toBe(false)
        expect(bytes.subarray(0, 15).toString('latin1'), name).not.toBe('SQLite format 3')
      }
      const c = await cli(['check', '--db', path])
      expect(c.code, `${kind}${base}: ${c.stderr}`).toBe(0)
      expect(await exportJson(path)).toBe(json)
    }
    const final = join(dir, 'final.dwbackup')
    expect((await cli(['backup', '--db', path, '--out', final])).code).toBe(0)
    // The temporary files the kills left (encrypted) are removed by the next backup into the folder (README, Backups).
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([])
    console.log('kill outcomes', outcomes.join(' '))
  }, 300_000)
})

describe('audit: writer lock', () => {
  it('restore is refused with a sentence while another process (a real one) holds the writer lock; nothing changes', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 5)
    const out = join(dir, 'b.dwbackup')
    expect((await cli(['backup', '--db', path, '--out', out])).code).toBe(0)
    const scriptFile = join(dir, 'holder.ts')
    writeFileSync(scriptFile, `const m = require(${JSON.stringify(join(ROOT, 'electron/core/db/writer-lock.ts'))}); m.acquireWriterLock(${JSON.stringify(path)}, { program: 'the command line', purpose: 'an import' }); console.log('held'); setInterval(() => {}, 1000)`)
    const holder = spawn(process.execPath, ['--import', 'tsx', scriptFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    cleanups.unshift(() => holder.kill('SIGKILL'))
    let err = ''
    holder.stderr.on('data', (d) => (err += String(d)))
    await new Promise<void>((res, rej) => {
      holder.stdout.on('data', (d) => String(d).includes('held') && res())
      holder.on('exit', () => rej(new Error(`holder exited: ${err}`)))
    })
    const before = [digest(path), digest(`${path}.key`)]
    const r = await cli(['restore', '--from', out, '--db', path, '--replace'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/being changed by another program/)
    noStack(r.stderr)
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
    expect(existsSync(`${path}.previous`)).toBe(false)
  }, 60_000)

  // Found by the audit (data loss): the app holds the writer lock only for each save, so a CLI
  // `restore --replace` over a caseload open in the app went ahead, the files were renamed under the
  // app's open connection, and what the chair recorded afterwards went into caseload.db.previous
  // (which the next restore deletes). Now the app notices the file was replaced and closes the caseload.
  it('a CLI restore over a caseload open in the app: the app closes it and saves nothing into the replaced copy', async () => {
    const dir = newDir()
    const { core, dbPath } = await appCore(dir)
    const out = join(dir, 'b.dwbackup')
    expect((await cli(['backup', '--db', dbPath, '--out', out])).code).toBe(0)
    const r = await cli(['restore', '--from', out, '--db', dbPath, '--replace'])
    expect(r.code, r.stderr).toBe(0)
    const first = await core.dispatch('record:child', { name: 'Recorded after the CLI restore', complex: false })
    expect(first).toMatchObject({ ok: false, code: 'LOCKED' })
    expect((first as { message: string }).message).toContain('Another program replaced the caseload')
    expect(core.session.isUnlocked()).toBe(false)
    // Saving again, as a chair would, is refused too: the caseload is locked.
    expect(await core.dispatch('record:child', { name: 'Recorded after the CLI restore', complex: false })).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await exportJson(`${dbPath}.previous`)).not.toContain('Recorded after the CLI restore')
    // Unlocked again, the chair works on the restored caseload, and saves land in it.
    expect(await core.dispatch('session:unlock', { passphrase: P })).toMatchObject({ ok: true })
    expect(await core.dispatch('record:child', { name: 'Recorded after the CLI restore', complex: false })).toMatchObject({ ok: true })
    core.session.closeNow('suspend')
    expect(await exportJson(dbPath)).toContain('Recorded after the CLI restore')
    expect(await exportJson(`${dbPath}.previous`)).not.toContain('Recorded after the CLI restore')
  }, 60_000)
})
