/**
 * Issue 13 item 4: the Import screen's import reads, parses and checks the file on a reader thread
 * while its own thread inserts the rows. It must give exactly what the import on one thread gives
 * (importCaseloadFile, which still runs that way): the same rows in every table, the same drift
 * summary, the same counts, and for a broken file the same error with the same problems, with
 * nothing written. Real encrypted caseloads, a real document exported by the app.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseloadFile, importCaseloadFileStepwise } from '../../electron/core/caseload/import'
import { ImportCancelled } from '../../electron/core/caseload/run-steps'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { DriftwatchError } from '../../shared/errors'
import { tableContents } from '../helpers/table-contents'
import { exportedDemoDocument } from '../helpers/demo-document'
import { tempCaseload, tempDir } from '../helpers/temp-db'

const TODAY = '2026-11-26'
let shared: { dir: string; cleanup(): void }
let documentPath: string
let documentText: string

beforeAll(async () => {
  shared = tempDir()
  documentPath = join(shared.dir, 'authority.json')
  await exportedDemoDocument(join(shared.dir, 'exported.json'), { children: 400, seed: 11, asOf: TODAY })
  // Strings the reader must carry across threads exactly: escapes of every kind, a character
  // outside the BMP written as a surrogate pair, quotes and backslashes.
  const doc = JSON.parse(readFileSync(join(shared.dir, 'exported.json'), 'utf8')) as {
    children: { name: string }[]
    actions: { description: string }[]
  }
  doc.children[0]!.name = 'Zoë "Bee" O\\Neill 😀'
  doc.actions[0]!.description = 'Line one\nLine two\ttabbed, ünïcödé'
  documentText = JSON.stringify(doc, null, 1).replace('Zoë', 'Zo\\u00eb').replace('😀', '\\ud83d\\ude00')
  writeFileSync(documentPath, documentText)
}, 180_000)
afterAll(() => shared?.cleanup())


const schema = (db: CaseloadDb) => db.sqlite.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`).all()

/** The outcome of an import of `file`, in one thread or with the reader thread, into a fresh caseload. */
async function outcome(file: string, threaded: boolean | 'stepwise on one thread') {
  const t = await tempCaseload()
  try {
    const before = { contents: tableContents(t.db), schema: schema(t.db) }
    let summary: unknown = null
    let error: { code: string; message: string; problems: unknown } | null = null
    try {
      summary = threaded
        ? await importCaseloadFileStepwise(t.db, file, { sliceMs: 5, readerThread: threaded === true })
        : importCaseloadFile(t.db, file)
    } catch (e) {
      if (!(e instanceof DriftwatchError)) throw e
      error = { code: e.code, message: e.message, problems: e.problems }
    }
    return { summary, error, before, after: { contents: tableContents(t.db), schema: schema(t.db) }, inTransaction: t.db.sqlite.inTransaction }
  } finally {
    t.cleanup()
  }
}

describe('the import with a reader thread', () => {
  it('writes exactly what the import on one thread writes: every row, the drift summary and the counts', async () => {
    const one = await outcome(documentPath, false)
    const two = await outcome(documentPath, true)
    expect(one.error).toBeNull()
    expect(two.error).toBeNull()
    expect(two.summary).toEqual(one.summary)
    expect((two.summary as { counts: { children: number } }).counts.children).toBe(400)
    expect(two.after.contents).toEqual(one.after.contents)
    expect(two.after.schema).toEqual(one.after.schema)
    // A small file is read on the import's own thread (READER_THREAD_MIN_BYTES): the same again.
    const small = await outcome(documentPath, 'stepwise on one thread')
    expect(small.summary).toEqual(one.summary)
    expect(small.after.contents).toEqual(one.after.contents)
    // Not vacuous: rows in the tables, a summary for every plan, the escaped strings decoded.
    expect(two.after.contents['drift_facts']!.length).toBe(two.after.contents['plans']!.length)
    expect(two.after.contents['meeting_attendance']!.length).toBeGreaterThan(1000)
    expect(two.after.contents['children']!.some((r) => r.includes('Zoë \\"Bee\\" O\\\\Neill 😀'))).toBe(true)
    expect(two.after.contents['actions']!.some((r) => r.includes('Line one\\nLine two\\ttabbed, ünïcödé'))).toBe(true)
  }, 180_000)

  const broken: [string, (text: string) => string][] = [
    ['a syntax error halfway', (t) => `${t.slice(0, Math.floor(t.length / 2))}}}${t.slice(Math.floor(t.length / 2))}`],
    ['the file ending early', (t) => t.slice(0, Math.floor(t.length * 0.9))],
    ['a reference to a plan that is not there', (t) => t.replace(/"planId":\s*"([^"]+)"/, '"planId": "NO-SUCH-PLAN"')],
    ['an id given twice, and an unknown field', (t) => {
      const doc = JSON.parse(t) as { children: Record<string, unknown>[] }
      doc.children.push({ ...doc.children[3]! })
      doc.children[5]!['nickname'] = 'Bee'
      return JSON.stringify(doc)
    }],
    ['more problems than are listed (every visit seen on 30 February)', (t) => t.replace(/("date":\s*")\d{4}-\d{2}-\d{2}("\s*,\s*"seenAlone")/g, '$12026-02-30$2')],
    ['a member name given twice', (t) => t.replace('"complex":', '"team": "X", "team": "Y", "complex":')],
  ]
  for (const [what, breakIt] of broken) {
    it(`refuses ${what} with the same error and problems, and writes nothing`, async () => {
      const file = join(shared.dir, `broken-${broken.findIndex(([w]) => w === what)}.json`)
      writeFileSync(file, breakIt(documentText))
      const one = await outcome(file, false)
      const two = await outcome(file, true)
      expect(one.error?.code).toBe('VALIDATION')
      expect(two.error).toEqual(one.error)
      expect(two.after).toEqual(two.before)
      expect(two.inTransaction).toBe(false)
    }, 120_000)
  }

  it('refuses a caseload that is not empty (without replace) and writes nothing; with replace, replaces it as the one-thread import does', async () => {
    const one = await tempCaseload()
    const two = await tempCaseload()
    try {
      importCaseloadFile(one.db, documentPath)
      importCaseloadFile(one.db, documentPath, { replace: true })
      importCaseloadFile(two.db, documentPath)
      const before = tableContents(two.db)
      await expect(importCaseloadFileStepwise(two.db, documentPath, { readerThread: true })).rejects.toMatchObject({ code: 'CASELOAD_NOT_EMPTY' })
      expect(tableContents(two.db)).toEqual(before)
      await importCaseloadFileStepwise(two.db, documentPath, { replace: true, readerThread: true })
      // Row for row, the numbered rows (members, distributions) numbered on from the replaced ones.
      expect(tableContents(two.db)).toEqual(tableContents(one.db))
    } finally {
      one.cleanup()
      two.cleanup()
    }
  }, 120_000)

  it('a cancel while the reader is still reading rolls everything back', async () => {
    const t = await tempCaseload()
    try {
      const before = { contents: tableContents(t.db), schema: schema(t.db) }
      const controller = new AbortController()
      let inserted = false
      const importing = importCaseloadFileStepwise(t.db, documentPath, {
        sliceMs: 1,
        readerThread: true,
        signal: controller.signal,
        onProgress: () => {
          // The first batch of rows has been written inside the transaction: cancel now.
          if (!inserted) {
            inserted = true
            controller.abort()
          }
        },
      })
      await expect(importing).rejects.toBeInstanceOf(ImportCancelled)
      expect(inserted).toBe(true)
      expect(t.db.sqlite.inTransaction).toBe(false)
      expect({ contents: tableContents(t.db), schema: schema(t.db) }).toEqual(before)
    } finally {
      t.cleanup()
    }
  }, 120_000)
})
