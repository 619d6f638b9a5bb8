import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { scanCaseload } from '../../electron/core/drift/scan'
import { canonicalText, contentHash, MARKING, type ExportDocument } from '../../electron/core/export/document'
import { writeExport } from '../../electron/core/export/render'
import { renderText, verifyTextExport } from '../../electron/core/export/render-text'
import { supervisionNote, supervisionNoteDocument } from '../../electron/core/export/supervision-note'
import { tempCaseload } from '../helpers/temp-db'
import { handMadeCaseload } from './fixture'
import { pdfBody, pdfPages, readDocx, squash, xmlText } from './read-back'

interface Exported {
  doc: ExportDocument
  hash: string
  txt: string
  docx: { body: string; headers: string; footers: string }
  pdf: { pages: string[][]; body: string }
}

async function exportAll(doc: ExportDocument, dir: string, name: string): Promise<Exported> {
  const hash = contentHash(doc)
  for (const f of ['txt', 'docx', 'pdf'] as const) {
    expect(await writeExport(doc, f, join(dir, `${name}.${f}`))).toBe(hash)
    expect(statSync(join(dir, `${name}.${f}`)).mode & 0o777).toBe(0o600)
  }
  const parts = readDocx(readFileSync(join(dir, `${name}.docx`)))
  const pages = await pdfPages(readFileSync(join(dir, `${name}.pdf`)))
  return {
    doc,
    hash,
    txt: readFileSync(join(dir, `${name}.txt`), 'utf8'),
    docx: { body: squash(xmlText(parts.document)), headers: parts.headers.map(xmlText).join('\n'), footers: parts.footers.map(xmlText).join('\n') },
    pdf: { pages, body: pdfBody(pages) },
  }
}

/** Every child allocated to the worker on A and every finding of theirs, in all three formats. */
function expectNoteNamesEverything(db: CaseloadDb, e: Exported, workerId: string, asOf: string) {
  const allocated = db.sqlite
    .prepare(
      `SELECT DISTINCT c.id, c.name FROM allocations a JOIN children c ON c.id = a.child_id
        WHERE a.professional_id = ? AND a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)`,
    )
    .all(workerId, asOf, asOf) as { id: string; name: string }[]
  expect(allocated.length).toBeGreaterThan(0)
  const ids = new Set(allocated.map((c) => c.id))
  const findings = scanCaseload(db, { asOf }).findings.filter((f) => ids.has(f.childId))
  expect(findings.length).toBeGreaterThan(0)
  const txt = squash(e.txt)
  for (const c of allocated) {
    for (const text of [txt, e.docx.body, e.pdf.body]) {
      expect(text).toContain(`${c.name} (${c.id})`)
    }
  }
  for (const f of findings) {
    const m = squash(f.message)
    expect(txt).toContain(m)
    expect(e.docx.body).toContain(m)
    expect(e.pdf.body).toContain(m) // the embedded font shows every character of every message
  }
}

function expectMarked(e: Exported) {
  // Plain text: marking on the first and last lines, the hash in the footer, and it verifies.
  const lines = e.txt.trimEnd().split('\n')
  expect(lines[0]).toBe(MARKING)
  expect(lines.at(-1)).toBe(`${MARKING} · Driftwatch · content hash ${e.hash}`)
  expect(verifyTextExport(e.txt)).toEqual({ ok: true, stated: e.hash, actual: e.hash })
  expect(e.txt).not.toMatch(/[<>*#]|\d{4}-\d{2}-\d{2}/) // no markup, UK dates only
  // Word: header and footer parts.
  expect(e.docx.headers).toContain(MARKING)
  expect(e.docx.footers).toContain(MARKING)
  expect(e.docx.footers).toContain(e.hash)
  // PDF: every page has the marking at the top and the hash at the bottom.
  for (const [i, page] of e.pdf.pages.entries()) {
    expect(page).toContain(MARKING)
    expect(page.some((s) => s.startsWith(`${MARKING} · Driftwatch · content hash ${e.hash} · page ${i + 1} of ${e.pdf.pages.length}`))).toBe(true)
  }
}

describe('supervision note on a hand-made caseload', () => {
  let db: CaseloadDb
  let dir: string
  let cleanup: () => void
  beforeAll(async () => {
    const t = await tempCaseload()
    ;({ db, dir, cleanup } = t)
    importCaseload(db, handMadeCaseload())
  })
  afterAll(() => cleanup())

  it('lists exactly the children allocated to the worker on the date, with findings, plan dates, deadlines and open actions', () => {
    const note = supervisionNote(db, { workerId: 'SW1', asOf: '2026-03-31' })
    expect(note.worker.name).toBe('Sam Worker (fictional)')
    expect(note.children.map((c) => c.id)).toEqual(['C1', 'C4', 'C5']) // C2 moved to SW2 on 10 Mar 2026
    const c1 = note.children[0]!
    expect(c1.plans.map((p) => [p.id, p.startDate, p.latestMeetingDate, p.coreGroupDue, p.reviewConferenceDue])).toEqual([
      ['PL1', '2026-02-16', '2026-03-20', '2026-04-17', '2026-05-16'],
    ])
    expect(c1.openActions.map((a) => a.id)).toEqual(['AC5', 'AC1'])
    expect(c1.deadlines.every((d) => d.date >= '2026-03-31')).toBe(true)
    expect(c1.findings.some((f) => f.ruleId === 'action-overdue' && f.subject.id === 'AC5')).toBe(true)
    const earlier = supervisionNote(db, { workerId: 'SW1', asOf: '2026-03-01' })
    expect(earlier.children.map((c) => c.id)).toEqual(['C1', 'C2', 'C4', 'C5'])
  })

  it('says clearly when the worker is unknown', () => {
    expect(() => supervisionNote(db, { workerId: 'NOPE', asOf: '2026-03-31' })).toThrow(/no worker .*"NOPE"/)
  })

  it('exports the note in Word, PDF and plain text, each marked and carrying the same content hash', async () => {
    const doc = supervisionNoteDocument(supervisionNote(db, { workerId: 'SW1', asOf: '2026-03-31' }))
    const e = await exportAll(doc, dir, 'note-sw1')
    expectMarked(e)
    expectNoteNamesEverything(db, e, 'SW1', '2026-03-31')
    for (const body of [e.txt, e.docx.body, e.pdf.body]) expect(body).toContain('Dental visit — “née” ünïcode ✓') // every format keeps every character
    expect(e.txt).toContain('31 Mar 2026')
    // Plain English on the case record: no internal codes.
    for (const body of [e.txt, e.docx.body, e.pdf.body]) {
      expect(body).not.toMatch(/\b(flag|due-soon|neglect|PL\d+|AC\d+)\b|Medium, |High, |Low, /)
      expect(body).toContain('Neglect')
      expect(body).toMatch(/(High|Medium|Low) priority: /)
    }
  })

  it('gives the same hash for the same content and a different one when the content changes', () => {
    const a = supervisionNoteDocument(supervisionNote(db, { workerId: 'SW1', asOf: '2026-03-31' }))
    const b = supervisionNoteDocument(supervisionNote(db, { workerId: 'SW1', asOf: '2026-03-31' }))
    expect(contentHash(a)).toBe(contentHash(b))
    expect(renderText(a)).toBe(renderText(b))
    expect(contentHash(a)).toMatch(/^[0-9a-f]{12}$/)
    const c = supervisionNoteDocument(supervisionNote(db, { workerId: 'SW1', asOf: '2026-03-30' }))
    expect(contentHash(c)).not.toBe(contentHash(a))
    const edited = { ...a, sections: a.sections.map((s, i) => (i === 0 ? { ...s, heading: `${s.heading}.` } : s)) }
    expect(contentHash(edited)).not.toBe(contentHash(a))
    // A pasted copy that was changed no longer verifies.
    const tampered = renderText(a).replace('Sam Worker', 'Sam Worket')
    expect(verifyTextExport(tampered).ok).toBe(false)
    expect(canonicalText(a)).not.toContain(MARKING)
  })
})

describe('supervision note on the demo caseload (never seen by the note code)', () => {
  let db: CaseloadDb
  let dir: string
  let cleanup: () => void
  const asOf = '2026-11-26'
  beforeAll(async () => {
    const t = await tempCaseload()
    ;({ db, dir, cleanup } = t)
    loadDemoCaseload(db, { children: 150, seed: 3, asOf })
  })
  afterAll(() => cleanup())

  it('names every child allocated to the busiest workers and each of their findings, in all three formats', async () => {
    const workers = db.sqlite
      .prepare(
        `SELECT professional_id AS id FROM allocations WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)
          GROUP BY professional_id ORDER BY count(*) DESC, professional_id LIMIT 2`,
      )
      .all(asOf, asOf) as { id: string }[]
    for (const w of workers) {
      const note = supervisionNote(db, { workerId: w.id, asOf })
      const e = await exportAll(supervisionNoteDocument(note), dir, `note-${w.id}`)
      expectMarked(e)
      expectNoteNamesEverything(db, e, w.id, asOf)
      expect(e.pdf.pages.length).toBeGreaterThan(1)
    }
  }, 60_000)
})
