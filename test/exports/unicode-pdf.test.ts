import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { writeExport } from '../../electron/core/export/render'
import { renderPdf } from '../../electron/core/export/render-pdf'
import { scriptRuns } from '../../electron/core/export/pdf-fonts'
import { supervisionNote, supervisionNoteDocument } from '../../electron/core/export/supervision-note'
import { tempCaseload } from '../helpers/temp-db'
import { handMadeCaseload } from './fixture'
import { pdfBody, pdfPages } from './read-back'

const POLISH = 'Zofia Wiśniewska-Łęcka'
const VIETNAMESE = 'Nguyễn Thị Phương'
const GREEK = 'Αλέξανδρος Παπαδόπουλος'
const ARABIC = 'محمد عبد الله'
const ARABIC_WORKER = 'فاطمة الزهراء'

describe('the pdf-lib PDF prints every name exactly', () => {
  let db: CaseloadDb
  let dir: string
  let cleanup: () => void
  beforeAll(async () => {
    ;({ db, dir, cleanup } = await tempCaseload())
    const doc = handMadeCaseload()
    const rename: Record<string, string> = { C1: POLISH, C4: VIETNAMESE, C5: GREEK }
    doc.children = doc.children.map((c) => ({ ...c, name: rename[c.id] ?? c.name }))
    doc.professionals = doc.professionals.map((p) => (p.id === 'SW1' ? { ...p, name: ARABIC_WORKER } : p))
    importCaseload(db, doc)
  })
  afterAll(() => cleanup())

  it('a supervision note with Polish, Vietnamese, Greek and Arabic names reads back with pdf.js', async () => {
    const doc = supervisionNoteDocument(supervisionNote(db, { workerId: 'SW1', asOf: '2026-03-31' }))
    const out = join(dir, 'unicode.pdf')
    await writeExport(doc, 'pdf', out)
    const pages = await pdfPages(readFileSync(out))
    const items = pages.flat()
    const body = pdfBody(pages)
    for (const name of [POLISH, VIETNAMESE, GREEK]) expect(body).toContain(name)
    // The Arabic worker's name is its own run of text, shaped and laid out right to left.
    expect(items).toContain(ARABIC_WORKER)
    expect(body).not.toContain('?')
  })

  it('an Arabic name inside an English line keeps both in the order they were typed', async () => {
    const bytes = await renderPdf({
      title: 'Names',
      meta: [],
      sections: [{ heading: 'Children', level: 1, blocks: [{ kind: 'paragraph', text: `Child ${ARABIC} (C9) is drifting.` }, { kind: 'table', columns: ['Child'], rows: [[ARABIC], [GREEK]] }] }],
    })
    const items = (await pdfPages(bytes)).flat().map((s) => s.trim()).filter((s) => s !== '')
    const line = items.indexOf(ARABIC)
    expect(items.slice(line - 1, line + 2)).toEqual(['Child', ARABIC, '(C9) is drifting.'])
    expect(items.filter((s) => s === ARABIC)).toHaveLength(2) // the paragraph and the table cell
    expect(items).toContain(GREEK)
  })

  it('cuts a mixed line into Arabic runs (with the spaces between their words) and the rest', () => {
    expect(scriptRuns(`Child ${ARABIC} (C9)`)).toEqual([
      { text: 'Child ', rtl: false },
      { text: ARABIC, rtl: true },
      { text: ' (C9)', rtl: false },
    ])
    expect(scriptRuns('Plain')).toEqual([{ text: 'Plain', rtl: false }])
  })

  it('replaces only what the font cannot show (Chinese) and keeps the rest', async () => {
    const bytes = await renderPdf({ title: 'Łucja 李', meta: [], sections: [] })
    expect((await pdfPages(bytes)).flat()).toContain('Łucja ?')
  })
})
