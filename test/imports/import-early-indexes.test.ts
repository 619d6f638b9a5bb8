/**
 * The import with a reader thread builds a table's indexes as soon as the reader has moved on from
 * the list that fills it (caseload/import.ts insertRows), not all after the last byte: by the time
 * the reading ends, only the last list's tables are without their indexes; at the end every index
 * is there, as the schema says (the import-reader-thread test compares the whole schema and every
 * row with the one-thread import). Real encrypted caseloads, a document exported by the app.
 */
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseloadFileStepwise } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { createRowWriter, ROW_TABLES } from '../../electron/core/queries/caseload-write'
import { exportedDemoDocument } from '../helpers/demo-document'
import { tempCaseload, tempDir } from '../helpers/temp-db'

let shared: { dir: string; cleanup(): void }
let documentPath: string

beforeAll(async () => {
  shared = tempDir()
  documentPath = join(shared.dir, 'authority.json')
  await exportedDemoDocument(documentPath, { children: 200, seed: 5, asOf: '2026-11-26' })
}, 120_000)
afterAll(() => shared?.cleanup())

/** The caseload tables that have indexes of their own (not the keys'), with how many. */
const indexedTables = (db: CaseloadDb) =>
  Object.fromEntries(
    (
      db.sqlite
        .prepare(`SELECT tbl_name AS t, count(*) AS n FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${ROW_TABLES.map(() => '?').join(', ')}) GROUP BY tbl_name`)
        .all(...ROW_TABLES.map((r) => r.table)) as { t: string; n: number }[]
    ).map((r) => [r.t, r.n]),
  )

describe('the indexes built while the reader reads', () => {
  it('ROW_TABLES names the table each batch position writes', () => {
    const heads: string[] = []
    const fake = { prepare: (sql: string) => (heads.push(sql), { run: () => undefined }) } as unknown as Database.Database
    const write = createRowWriter(fake)
    ROW_TABLES.forEach((_, i) => write(i, 1, []))
    expect(heads.map((h) => h.match(/^INSERT INTO (\w+) \(/)?.[1])).toEqual(ROW_TABLES.map((r) => r.table))
  })

  it('when the reading ends, every table but the last list’s has its indexes; at the end, all of them', async () => {
    const t = await tempCaseload()
    try {
      const all = indexedTables(t.db)
      expect(Object.keys(all).length).toBeGreaterThan(8)
      let atEndOfReading: Record<string, number> | null = null
      await importCaseloadFileStepwise(t.db, documentPath, {
        readerThread: true,
        sliceMs: 5,
        onStage: (stage) => {
          if (stage === 'Building the indexes') atEndOfReading = indexedTables(t.db)
        },
      })
      // The document's lists in the format's order: visits come last.
      const { visits, ...others } = all
      expect(visits).toBeGreaterThan(0)
      expect(atEndOfReading).toEqual(others)
      expect(indexedTables(t.db)).toEqual(all)
      expect(t.db.sqlite.prepare('SELECT count(*) FROM visits INDEXED BY visits_child').pluck().get()).toBeGreaterThan(100)
    } finally {
      t.cleanup()
    }
  }, 60_000)
})
