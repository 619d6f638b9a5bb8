/**
 * Every migration must carry real data forward: a caseload written at schema N-1 (with the
 * fixture imported at that version) opens under schema N with its records intact.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exportCaseload } from '../../electron/core/caseload/export'
import { importCaseloadFile } from '../../electron/core/caseload/import'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { defaultMigrationsFolder } from '../../electron/core/db/migrations-folder'
import { runSourceImport } from '../../electron/core/sources'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'

const FIXTURE = join(__dirname, '..', 'fixtures', 'small-caseload.json')
const folder = defaultMigrationsFolder()
const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] }

/** A copy of the migrations folder that stops after the first `count` migrations. */
function migrationsUpTo(dir: string, count: number): string {
  const out = join(dir, `migrations-${count}`)
  mkdirSync(join(out, 'meta'), { recursive: true })
  const entries = journal.entries.slice(0, count)
  for (const e of entries) cpSync(join(folder, `${e.tag}.sql`), join(out, `${e.tag}.sql`))
  writeFileSync(join(out, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }))
  return out
}

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
