/**
 * Every migration must carry real data forward: a caseload written at schema N-1 (with the
 * fixture imported at that version) opens under schema N with its records intact — and so does a
 * backup made at N-1, restored through the app.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exportCaseload } from '../../electron/core/caseload/export'
import { importCaseloadFile } from '../../electron/core/caseload/import'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { journal, migrationsUpTo } from '../helpers/migrations'
import { listAccess, logAccess } from '../../electron/core/queries/access-log'
import { runSourceImport } from '../../electron/core/sources'
import { exportCaseloadJson } from '../../electron/core/caseload/export'
import { scanCaseload } from '../../electron/core/drift/scan'
import { createCore } from '../../electron/core/app/core'
import { createBackup } from '../../electron/core/backup/create-backup'
import { backupName } from '../../electron/core/backup/rotation'
import { DEFAULT_POLICY } from '../../shared/drift-policy'
import type { Caseload } from '../../shared/caseload-format'
import { keyOf, referenceDrift } from '../drift/reference-drift'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'

const FIXTURE = join(__dirname, '..', 'fixtures', 'small-caseload.json')

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

describe('migrations', () => {
  it('the journal lists every SQL file in order', () => {
    expect(journal.entries.length).toBeGreaterThan(0)
    journal.entries.forEach((e, i) => expect(e.tag.startsWith(String(i).padStart(4, '0'))).toBe(true))
  })

  it.each(journal.entries.map((_, i) => i + 1))('a caseload at schema %i opens under the latest schema with its data intact', async (count) => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = join(t.dir, 'caseload.db')
    const old = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF, migrationsFolder: migrationsUpTo(t.dir, count) })
    expect(old.sqlite.pragma('user_version', { simple: true })).toBe(count)
    importCaseloadFile(old, FIXTURE)
    const before = exportCaseload(old)
    old.close()

    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(journal.entries.length)
    expect(exportCaseload(db)).toEqual(before)
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([])
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })

  it("a backup made at the schema before the latest is restored by the app's restore job (checked in its thread) and migrated, its records intact", async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const latest = journal.entries.length
    mkdirSync(join(t.dir, 'old'))
    const old = await createCaseload({ path: join(t.dir, 'old', 'caseload.db'), passphrase: TEST_PASSPHRASE, kdf: TEST_KDF, migrationsFolder: migrationsUpTo(t.dir, latest - 1) })
    importCaseloadFile(old, FIXTURE)
    const before = exportCaseload(old)
    // In the app's backup folder (beside its caseload), under an automatic backup's name.
    const file = backupName('caseload.db', new Date('2026-11-01T10:00:00Z'))
    mkdirSync(join(t.dir, 'Backups'))
    createBackup(old, join(t.dir, 'Backups', file))
    old.close()

    const c = createCore({ dbPath: join(t.dir, 'caseload.db'), kdf: TEST_KDF, today: () => '2026-12-01', backupInThread: true, quiet: { dailyBackupMs: 3_600_000 } })
    cleanups.push(() => c.session.closeNow('suspend'))
    expect(await c.dispatch('session:create', { passphrase: TEST_PASSPHRASE, withDemo: false })).toMatchObject({ ok: true })
    expect(await c.dispatch('backup:restore', { file, passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    const db = c.session.database()
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(latest)
    expect(exportCaseload(db)).toEqual(before)
    expect(listAccess(db).entries.map((e) => e.event)).toContain('restore')
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('0007_access-log: a caseload from the schema before it gets an empty, append-only access log, its records and change history intact', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = join(t.dir, 'caseload.db')
    const at = journal.entries.findIndex((e) => e.tag === '0007_access-log')
    expect(at).toBeGreaterThan(0)
    const old = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF, migrationsFolder: migrationsUpTo(t.dir, at) })
    importCaseloadFile(old, FIXTURE)
    old.sqlite
      .prepare("INSERT INTO change_log (change_id, at, actor, action, summary, child_id, table_name, record_id) VALUES (1, '2026-11-01T10:00:00Z', 'x', 'add', 'Added a visit', 'C1', 'visits', 'V1')")
      .run()
    expect(old.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'access_log'").get()).toBeUndefined()
    const before = exportCaseload(old)
    old.close()

    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    cleanups.push(() => db.close())
    expect(exportCaseload(db)).toEqual(before)
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM change_log').get()).toEqual({ n: 1 })
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM access_log').get()).toEqual({ n: 0 })
    logAccess(db, { event: 'unlock', actor: 'Chair One' })
    expect(listAccess(db).entries).toMatchObject([{ id: 1, event: 'unlock', actor: 'Chair One', childId: null, fileName: null }])
    expect(() => db.sqlite.prepare("UPDATE access_log SET actor = 'nobody'").run()).toThrow(/append-only/)
    expect(() => db.sqlite.prepare('DELETE FROM access_log').run()).toThrow(/append-only/)
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('0008_actions-closed-cover: a caseload from the schema before it gets the index, and a past-date scan still counts an action closed later as open then', async () => {
    const at = journal.entries.findIndex((e) => e.tag === '0008_actions-closed-cover')
    expect(at).toBe(8)
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = join(t.dir, 'caseload.db')
    const old = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF, migrationsFolder: migrationsUpTo(t.dir, at) })
    importCaseloadFile(old, FIXTURE)
    expect(old.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'actions_closed_cover'").get()).toBeUndefined()
    const before = exportCaseload(old)
    old.close()

    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    cleanups.push(() => db.close())
    expect(exportCaseload(db)).toEqual(before)
    expect(db.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'actions_closed_cover'").pluck().get()).toMatch(/WHERE status IN \('done', 'dropped'\)/)
    // The fixture's AC2 (created 14 Sep 2026, done 1 Oct): open on the dates before its closing.
    expect(db.sqlite.prepare("SELECT status, created_date, closed_date FROM actions WHERE id = 'AC2'").raw().get()).toEqual(['done', '2026-09-14', '2026-10-01'])
    const doc = JSON.parse(exportCaseloadJson(db)) as Caseload
    let sawAc2 = false
    for (const asOf of ['2026-09-13', '2026-09-14', '2026-09-30', '2026-10-01', '2026-10-02', '2026-12-01']) {
      const scan = scanCaseload(db, { asOf, policy: DEFAULT_POLICY, fromHistory: true })
      expect(scan.findings.map(keyOf), asOf).toEqual(referenceDrift(doc, asOf, DEFAULT_POLICY))
      if (scan.findings.some((f) => f.subject.id === 'AC2')) sawAc2 = true
    }
    expect(sawAc2, 'no scan saw the action closed later').toBe(true)
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('0006 source provenance: records from before it are local, and a first SSD sync leaves them as they were', async () => {
    const index = journal.entries.findIndex((e) => e.tag === '0006_source-provenance')
    expect(index).toBe(6)
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = join(t.dir, 'caseload.db')
    const old = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF, migrationsFolder: migrationsUpTo(t.dir, index) })
    importCaseloadFile(old, FIXTURE)
    const before = exportCaseload(old)
    old.close()

    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    cleanups.push(() => db.close())
    for (const table of ['children', 'professionals', 'allocations', 'plans', 'conferences', 'visits']) {
      const columns = (db.sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)
      expect(columns).toEqual(expect.arrayContaining(['source', 'source_id']))
      expect(db.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE source IS NOT NULL OR source_id IS NOT NULL`).get()).toEqual({ n: 0 })
    }
    expect(exportCaseload(db)).toEqual(before)

    // An SSD extract of one new child: added; every record from before is local, so none is touched.
    const extract = join(t.dir, 'ssd')
    mkdirSync(extract)
    writeFileSync(join(extract, 'ssd_cp_plans.csv'), 'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,cppl_cp_plan_initial_category\nNEW1,NEWC,2026-01-05,,Neglect\n')
    writeFileSync(join(extract, 'ssd_person.csv'), 'pers_person_id,pers_forename,pers_surname\nNEWC,New,Child\n')
    const result = await runSourceImport(db, { source: 'ssd', path: extract, dryRun: false })
    expect(result.added.children).toEqual(['NEWC'])
    expect(Object.values(result.removed).flat()).toEqual([])
    const after = exportCaseload(db)
    expect({ ...after, children: after.children.filter((c) => c.id !== 'NEWC'), plans: after.plans.filter((p) => p.id !== 'NEW1') }).toEqual(before)
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([])
  })
})
