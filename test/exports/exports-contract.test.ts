/**
 * Black-box checks (written as an independent audit) of everything Driftwatch exports for people to read: supervision notes,
 * sessions and mid-way reviews (Word, PDF via pdf-lib, plain text), the audit report, the access-log
 * CSV, the core-group tracker template CSV and the CLI verbs (notes, audit, export,
 * export-tracker-template). Awkward but realistic data: names in many scripts, NFC/NFD, emoji with
 * ZWJ, quotes, 10,000-character free text with line breaks and tabs, formula-like values, hundreds of
 * actions for one child.
 *
 * Cases with a comment "Found by the audit" failed before their fix.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, type FSWatcher } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { SaxesParser } from 'saxes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/main'
import { createCore, type Core } from '../../electron/core/app/core'
import { importCaseload } from '../../electron/core/caseload/import'
import { MARKING, contentHash, type ExportDocument } from '../../electron/core/export/document'
import { renderPdf } from '../../electron/core/export/render-pdf'
import { verifyTextExport } from '../../electron/core/export/render-text'
import type { Caseload } from '../../shared/caseload-format'
import type { Channel, InputOf, OutputOf } from '../../shared/ipc-contract'
import type { ExportOutput } from '../../shared/supervision'
import { handMadeCaseload } from '../exports/fixture'
import { pdfBody, pdfPages, readDocx, squash, xmlText } from '../exports/read-back'
import { captureStream as sink } from '../helpers/capture'
import { tempCaseload, tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'

// ---------------------------------------------------------------------------------------------
// Awkward data
// ---------------------------------------------------------------------------------------------

/** Scripts DejaVu Sans covers: these must print exactly in the pdf-lib PDF too. */
const COVERED = {
  polish: 'Łucja Żółtowska-Wąż',
  vietnamese: 'Nguyễn Thị Phượng Hằng',
  vietnameseNfd: 'Trần Đức Thắng'.normalize('NFD'),
  arabic: 'محمد عبد الله',
  cyrillic: 'Анастасия Щербакова',
  greek: 'Αλέξανδρος Παπαδόπουλος',
  quotes: 'Siobhán O’Brien “Shiv” O\'Neil',
}
/** Not covered by DejaVu Sans (README: become `?` in the pdf-lib PDF; Word and text keep them). */
const UNCOVERED = {
  chinese: '王小明',
  emoji: 'Mia 👨‍👩‍👧 Jones 👍🏽',
}
const URDU = 'عائشہ پروین چودھری' // Arabic script, Urdu letters (ہ U+06C1)
const BENGALI = 'সুমাইয়া আক্তার'
const FORMULA_NAME = '=HYPERLINK("http://evil.example/x","Click me")'
const FORMULA_ACTIONS = ['=1+2', '+44 7700 900123 call back', '-2 sessions missed', '@SUM(A1:A2)', '\t=cmd|\' /C calc\'!A0']
const LONG_WORDS = Array.from({ length: 1400 }, (_, i) => `word${i}`).join(' ') // ~10,000 characters with spaces
const LONG_FREE_TEXT = `Line one of the note.\nLine two\tafter a tab.\r\n${LONG_WORDS}`.slice(0, 9_990).trimEnd() + ' THE END'

function awkwardCaseload(): Caseload {
  const doc = handMadeCaseload()
  const names: Record<string, string> = {
    C1: COVERED.polish,
    C2: COVERED.vietnameseNfd,
    C3: FORMULA_NAME,
    C4: COVERED.arabic,
    C5: COVERED.greek,
    C6: COVERED.cyrillic,
  }
  doc.children = doc.children.map((c) => ({ ...c, name: names[c.id] ?? c.name }))
  doc.children.push(
    { id: 'C7', name: UNCOVERED.chinese, complex: false },
    { id: 'C8', name: UNCOVERED.emoji, complex: false },
    { id: 'C9', name: COVERED.quotes, complex: false },
  )
  for (const [i, c] of ['C7', 'C8', 'C9'].entries()) {
    doc.plans.push({ id: `PL${7 + i}`, childId: c, startDate: '2026-02-02', initialCategory: 'neglect', previousPlans: 0 })
    doc.conferences.push({ id: `K${7 + i}`, planId: `PL${7 + i}`, kind: 'initial', date: '2026-02-02' })
    doc.allocations.push({ id: `AL${9 + i}`, childId: c, professionalId: 'SW1', startDate: '2026-02-02' })
  }
  doc.professionals = doc.professionals.map((p) => (p.id === 'SW1' ? { ...p, name: 'Siobhán O’Brien-Nguyễn' } : p))
  // Hundreds of open actions for one child (C1, worker SW1), in many scripts, some formula-like.
  const texts = [...Object.values(COVERED), ...FORMULA_ACTIONS, 'Tabs\tand\nline breaks', '“Smart quotes” and ‘single’ — dash']
  for (let i = 0; i < 300; i++) {
    doc.actions.push({
      id: `AX${i}`,
      planId: 'PL1',
      createdDate: '2026-03-02',
      description: `Action ${i}: ${texts[i % texts.length]}`,
      ownerId: 'SW1',
      dueDate: '2026-04-20',
      status: 'open',
    })
  }
  return doc
}

/** A one-child caseload whose open action has a 10,000-character description (a table cell). */
function longActionCaseload(): Caseload {
  const doc = handMadeCaseload()
  doc.actions.push({ id: 'AL', planId: 'PL1', createdDate: '2026-03-02', description: LONG_FREE_TEXT, outcome: '', ownerId: 'SW1', dueDate: '2026-04-20', status: 'open' })
  return doc
}

// ---------------------------------------------------------------------------------------------
// Read-back helpers
// ---------------------------------------------------------------------------------------------

function wellFormedXml(xml: string): string | null {
  const p = new SaxesParser()
  let err: string | null = null
  p.on('error', (e) => {
    err ??= e.message
  })
  p.write(xml).close()
  return err
}

interface PdfItem {
  str: string
  y: number
}
async function pdfItems(bytes: Uint8Array): Promise<{ pages: PdfItem[][]; height: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise
  const pages: PdfItem[][] = []
  let height = 0
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i)
    height = page.view[3]!
    const tc = await page.getTextContent()
    pages.push(tc.items.filter((it) => 'str' in it).map((it) => ({ str: (it as { str: string }).str, y: (it as { transform: number[] }).transform[5]! })))
  }
  await doc.destroy()
  return { pages, height }
}

/** Every page: the marking at the top, the footer with hash and "page i of n" at the bottom. */
function expectPdfMarked(pages: string[][], hash: string) {
  expect(pages.length).toBeGreaterThan(0)
  for (const [i, page] of pages.entries()) {
    expect(page).toContain(MARKING)
    expect(page).toContain(`${MARKING} · Driftwatch · content hash ${hash} · page ${i + 1} of ${pages.length}`)
  }
}

function expectDocxMarked(bytes: Uint8Array, hash: string) {
  const parts = readDocx(bytes)
  for (const part of [parts.document, ...parts.headers, ...parts.footers]) expect(wellFormedXml(part)).toBeNull()
  expect(parts.headers.length).toBeGreaterThan(0)
  for (const h of parts.headers) expect(xmlText(h)).toContain(MARKING)
  for (const f of parts.footers) expect(xmlText(f)).toContain(`${MARKING} · Driftwatch · content hash ${hash}`)
  return squash(xmlText(parts.document))
}

function expectTextMarked(txt: string) {
  const lines = txt.trimEnd().split('\n')
  expect(lines[0]).toBe(MARKING)
  expect(lines.at(-1)).toMatch(new RegExp(`^${MARKING} · Driftwatch · content hash [0-9a-f]{12}$`))
  expect(verifyTextExport(txt).ok).toBe(true)
  expect(txt).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/) // UK dates only
  expect(txt).toMatch(/\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/)
}

/** Files created in a folder while `fn` runs (fs.watch), and the folder's listing after. */
async function watchCreated<T>(dirs: string[], fn: () => Promise<T>): Promise<{ result: T; seen: Map<string, Set<string>> }> {
  const seen = new Map<string, Set<string>>(dirs.map((d) => [d, new Set<string>()]))
  const watchers: FSWatcher[] = dirs.map((d) => watch(d, (_e, name) => name && seen.get(d)!.add(String(name))))
  try {
    const result = await fn()
    await new Promise((r) => setTimeout(r, 50))
    return { result, seen }
  } finally {
    for (const w of watchers) w.close()
  }
}

// ---------------------------------------------------------------------------------------------
// The command line: notes, audit, export, export-tracker-template
// ---------------------------------------------------------------------------------------------

describe('CLI exports of an awkward caseload', () => {
  let path: string
  let dir: string
  let cleanup: () => void
  let outDir: string
  let privateTmp: string
  const saved = { pass: process.env.DRIFTWATCH_PASSPHRASE, tmp: process.env.TMPDIR }

  beforeAll(async () => {
    const t = await tempCaseload()
    ;({ path, dir, cleanup } = t)
    importCaseload(t.db, awkwardCaseload())
    t.db.close()
    outDir = join(dir, 'out')
    mkdirSync(outDir)
    // os.tmpdir() follows TMPDIR: a private one shows anything the export writes there.
    privateTmp = mkdtempSync(join(tmpdir(), 'audit-exports-tmp-'))
    process.env.TMPDIR = privateTmp
    process.env.DRIFTWATCH_PASSPHRASE = TEST_PASSPHRASE
  })
  afterAll(() => {
    for (const [k, v] of [['DRIFTWATCH_PASSPHRASE', saved.pass], ['TMPDIR', saved.tmp]] as const) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    rmSync(privateTmp, { recursive: true, force: true })
    cleanup()
  })

  const cli = async (...args: string[]) => {
    const out = sink()
    const err = sink()
    const code = await runCli(args, { stdout: out.stream, stderr: err.stream })
    return { code, stdout: out.text(), stderr: err.text() }
  }

  /** Runs a verb that writes `file` in outDir; checks nothing else appears there or in os.tmpdir(). */
  async function exportTo(file: string, ...args: string[]) {
    const out = join(outDir, file)
    const before = readdirSync(outDir)
    const { result, seen } = await watchCreated([outDir, privateTmp], () => cli(...args, '--out', out))
    expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/) // no stack trace
    expect(result.code, result.stderr).toBe(0)
    expect(readdirSync(outDir).sort()).toEqual([...new Set([...before, file])].sort())
    expect(readdirSync(privateTmp)).toEqual([])
    expect([...seen.get(privateTmp)!]).toEqual([])
    // The only other name seen in the target folder is the atomic write's own temporary file.
    for (const name of seen.get(outDir)!) if (name !== file) expect(name).toMatch(new RegExp(`^\\.${file.replace('.', '\\.')}\\.\\d+\\.[0-9a-f]{8}\\.tmp$`))
    expect(statSync(out).mode & 0o777).toBe(0o600)
    return { out, bytes: readFileSync(out), ...result }
  }

  it('notes --format txt keeps every name, every script and every action exactly, marked, UK dates', async () => {
    const { bytes } = await exportTo('sw1.txt', 'notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-03-31', '--format', 'txt')
    const txt = bytes.toString('utf8')
    expectTextMarked(txt)
    // SW1's children on 31 Mar 2026: C1 (Polish), C4 (Arabic), C5 (Greek), C7 (Chinese), C8 (emoji), C9 (quotes).
    for (const name of [COVERED.polish, COVERED.arabic, COVERED.greek, UNCOVERED.chinese, UNCOVERED.emoji, COVERED.quotes]) expect(txt).toContain(name)
    expect(txt).toContain('Siobhán O’Brien-Nguyễn')
    for (let i = 0; i < 300; i++) expect(txt).toContain(`Action ${i}: `)
    expect(txt).toContain('Action 7: =1+2')
    expect(txt).toContain('due 20 Apr 2026'.slice(4)) // UK dates
  })

  it('notes --format docx: well-formed, marked in header and footer, every character kept', async () => {
    const { bytes } = await exportTo('sw1.docx', 'notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-03-31', '--format', 'docx')
    const txt = (await cli('notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-03-31', '--format', 'txt', '--out', '-')).stdout
    const hash = verifyTextExport(txt).stated!
    const body = expectDocxMarked(bytes, hash)
    for (const name of [COVERED.polish, COVERED.quotes, UNCOVERED.chinese, UNCOVERED.emoji, 'Siobhán O’Brien-Nguyễn']) expect(body).toContain(name)
    for (let i = 0; i < 300; i++) expect(body).toContain(`Action ${i}: `)
    expect(body).toContain('20 Apr 2026')
  })

  it('notes --format pdf: every page marked with hash and page i of n; 300 actions paginate; covered scripts exact', async () => {
    const { bytes } = await exportTo('sw1.pdf', 'notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-03-31', '--format', 'pdf')
    const txt = (await cli('notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-03-31', '--format', 'txt', '--out', '-')).stdout
    const hash = verifyTextExport(txt).stated!
    const pages = await pdfPages(bytes)
    expect(pages.length).toBeGreaterThan(5)
    expectPdfMarked(pages, hash)
    const body = pdfBody(pages)
    for (const name of [COVERED.polish, COVERED.quotes, 'Siobhán O’Brien-Nguyễn']) expect(body).toContain(name)
    for (let i = 0; i < 300; i++) expect(body).toContain(`Action ${i}: `)
    // Each table row's text stays inside the page body (above the footer).
    const { pages: items } = await pdfItems(bytes)
    for (const page of items) for (const it of page) if (!it.str.startsWith(MARKING) && it.str.trim()) expect(it.y).toBeGreaterThan(50)
    // README: characters DejaVu Sans lacks (Chinese, emoji) become `?` (documented), the rest is kept.
    expect(body).toContain('??? (C7)')
    expect(body).toMatch(/Mia \?.*Jones \?/)
  })

  it.each(['docx', 'pdf', 'json'])('audit --format %s with the awkward names: marked, names kept, no temp files', async (format) => {
    const { bytes } = await exportTo(`audit.${format}`, 'audit', '--db', path, '--from', '2026-03-01', '--to', '2026-03-31', '--format', format)
    if (format === 'json') {
      const json = JSON.parse(bytes.toString('utf8')) as { indicators: unknown[] }
      expect(json.indicators).toHaveLength(11)
      return
    }
    let text: string
    if (format === 'docx') {
      const parts = readDocx(bytes)
      for (const part of [parts.document, ...parts.headers, ...parts.footers]) expect(wellFormedXml(part)).toBeNull()
      expect(parts.headers.map(xmlText).join('\n')).toContain(MARKING)
      expect(parts.footers.map(xmlText).join('\n')).toMatch(/OFFICIAL-SENSITIVE · Driftwatch · content hash [0-9a-f]{12}/)
      text = squash(xmlText(parts.document))
      expect(text).toContain(FORMULA_NAME) // in a document a formula-like name is just text
    } else {
      const pages = await pdfPages(bytes)
      const hash = /content hash ([0-9a-f]{12})/.exec(pages[0]!.join('\n'))![1]!
      expectPdfMarked(pages, hash)
      text = pdfBody(pages)
    }
    expect(text).toContain(COVERED.polish)
    expect(text).toContain('Mar 2026')
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/)
  })

  it('export (interchange JSON) keeps every name byte for byte, NFD included, and leaves no temp file', async () => {
    const { bytes } = await exportTo('caseload.json', 'export', '--db', path)
    const json = JSON.parse(bytes.toString('utf8')) as Caseload
    const byId = Object.fromEntries(json.children.map((c) => [c.id, c.name]))
    expect(byId).toMatchObject({ C1: COVERED.polish, C2: COVERED.vietnameseNfd, C3: FORMULA_NAME, C7: UNCOVERED.chinese, C8: UNCOVERED.emoji, C9: COVERED.quotes })
    expect(byId.C2).not.toBe(COVERED.vietnameseNfd.normalize('NFC'))
    expect(json.actions.find((a) => a.id === 'AX11')!.description).toBe(`Action 11: ${FORMULA_ACTIONS[4]}`)
  })

  it('export-tracker-template: BOM, CRLF, RFC 4180, every name kept, formula-like names neutralised', async () => {
    const { bytes } = await exportTo('tracker.csv', 'export-tracker-template', '--db', path, '--as-of', '2026-03-15')
    const text = bytes.toString('utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false) // only CRLF record ends (no quoted breaks here)
    const rows = parseCsv(text.slice(1), { relax_quotes: false, relax_column_count: false }) as string[][]
    const header = rows[0]!
    const name = header.indexOf('Child name')
    const id = header.indexOf('Child ID')
    const names = Object.fromEntries(rows.slice(1).map((r) => [r[id]!, r[name]!]))
    expect(names.C1).toBe(COVERED.polish)
    expect(names.C7).toBe(UNCOVERED.chinese)
    expect(names.C8).toBe(UNCOVERED.emoji)
    expect(names.C9).toBe(COVERED.quotes)
    expect(names.C3).toBe(`'${FORMULA_NAME}`)
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })
})

// ---------------------------------------------------------------------------------------------
// Bugs in the pdf-lib PDF
// ---------------------------------------------------------------------------------------------

describe('pdf-lib PDF: long text and unusual scripts', () => {
  let path: string
  let dir: string
  let cleanup: () => void
  const saved = process.env.DRIFTWATCH_PASSPHRASE
  beforeAll(async () => {
    const t = await tempCaseload()
    ;({ path, dir, cleanup } = t)
    importCaseload(t.db, longActionCaseload())
    t.db.close()
    process.env.DRIFTWATCH_PASSPHRASE = TEST_PASSPHRASE
  })
  afterAll(() => {
    if (saved === undefined) delete process.env.DRIFTWATCH_PASSPHRASE
    else process.env.DRIFTWATCH_PASSPHRASE = saved
    cleanup()
  })

  it('the plain-text and Word notes keep the whole 10,000-character action (line breaks become spaces, by design)', async () => {
    const out = join(dir, 'long.txt')
    expect(await runCli(['notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-03-31', '--format', 'txt', '--out', out], { stdout: sink().stream, stderr: sink().stream })).toBe(0)
    expect(squash(readFileSync(out, 'utf8'))).toContain(squash(LONG_FREE_TEXT))
  })

  // Found by the audit: a table cell taller than a page (an open action's description over ~1,800 characters; the
  // format allows 10,000) is drawn in one piece: it runs past the bottom margin, over the footer and
  // off the page. The text past the page edge is lost from the printed note, silently.
  it('the PDF note keeps the whole 10,000-character action description on the page', async () => {
    const out = join(dir, 'long.pdf')
    expect(await runCli(['notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-03-31', '--format', 'pdf', '--out', out], { stdout: sink().stream, stderr: sink().stream })).toBe(0)
    const { pages } = await pdfItems(readFileSync(out))
    for (const page of pages) for (const it of page) if (!it.str.startsWith(MARKING) && it.str.trim()) expect(it.y, `"${it.str}" drawn at y=${it.y}`).toBeGreaterThan(50)
    expect(pdfBody(await pdfPages(readFileSync(out)))).toContain(LONG_FREE_TEXT.slice(-30))
  })

  // Found by the audit: word-wrapping a long run of text without spaces (a pasted link, a row of underscores, or
  // Chinese text, which becomes `?…?`) measures every prefix of the rest of the word for every line:
  // cubic in its length. 800 characters take several seconds, 2,000 took 117 s on this machine, and
  // 10,000 (the format's limit) would take hours, with the core's thread blocked meanwhile.
  it('a paragraph with an 800-character word renders in under 3 s (a 10,000-character spaced one takes well under 1 s)', async () => {
    const spaced: ExportDocument = { title: 'Spaced', meta: [], sections: [{ heading: 'Notes', level: 1, blocks: [{ kind: 'paragraph', text: LONG_WORDS }] }] }
    let t = performance.now()
    await renderPdf(spaced)
    expect(performance.now() - t).toBeLessThan(3000)
    const link = `https://eur01.safelinks.protection.outlook.com/?url=${'a1B2c3D4'.repeat(100)}`.slice(0, 800)
    t = performance.now()
    await renderPdf({ title: 'Link', meta: [], sections: [{ heading: 'Notes', level: 1, blocks: [{ kind: 'paragraph', text: link }] }] })
    expect(performance.now() - t).toBeLessThan(3000)
  }, 120_000)

  // Found by the audit: an Urdu name lost its letter ہ (U+06C1, not in DejaVu Sans) to `?`, and a
  // Bengali name became all `?`, without a word. The font still lacks them; the PDF now says so.
  it('an Urdu name the PDF font cannot show exactly is said, in the PDF, to be simplified; one it can show is not', async () => {
    const bytes = await renderPdf({ title: 'Names', meta: [], sections: [{ heading: 'Children', level: 1, blocks: [{ kind: 'paragraph', text: URDU }] }] })
    expect(pdfBody(await pdfPages(bytes))).toContain("not in this PDF's font")
    const fine = await renderPdf({ title: 'Names', meta: [], sections: [{ heading: 'Children', level: 1, blocks: [{ kind: 'paragraph', text: 'Zofia Łęcka' }] }] })
    expect(pdfBody(await pdfPages(fine))).not.toContain("not in this PDF's font")
  })

  // Found by the audit: a name stored decomposed (NFD: base letter + combining marks, as macOS and some exports
  // produce) is drawn mark by mark without positioning: Vietnamese stacked diacritics land on top of
  // each other, so NFD "Hằng" prints as "Hăng" with the grave hidden under the breve, and "Nguyễn"
  // with the tilde over the circumflex. Word and text are fine (the viewer composes); NFC input is fine.
  // pdf.js shows the two zero-width marks drawn back to back with no offset between them.
  it('a Vietnamese name in NFD is drawn as in NFC (no two combining marks drawn on the same spot)', async () => {
    const nfd = 'Hằng'.normalize('NFD')
    const bytes = await renderPdf({ title: 'T', meta: [], sections: [{ heading: 'Child', level: 1, blocks: [{ kind: 'paragraph', text: nfd }] }] })
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise
    const ops = await (await pdf.getPage(1)).getOperatorList()
    const runs = ops.fnArray.flatMap((fn, i) => (fn === pdfjs.OPS.showText ? [ops.argsArray[i]![0] as ({ unicode: string; width: number } | number)[]] : []))
    const line = runs.find((r) => r.some((g) => typeof g === 'object' && g.unicode === 'H'))!
    const glyphs = line.map((g) => (typeof g === 'object' ? g.unicode : `offset ${g}`))
    await pdf.destroy()
    for (let i = 1; i < glyphs.length; i++) expect(/\p{M}/u.test(glyphs[i - 1]!) && /\p{M}/u.test(glyphs[i]!), glyphs.join('|')).toBe(false)
  })

  it('documents what happens to Bengali (README: uncovered characters become ?) — the text is replaced, no box, no warning', async () => {
    const doc: ExportDocument = { title: 'Names', meta: [], sections: [{ heading: 'Children', level: 1, blocks: [{ kind: 'paragraph', text: BENGALI }] }] }
    const items = (await pdfPages(await renderPdf(doc))).flat()
    expect(items.some((s) => /^\?+ \?+$/.test(s))).toBe(true)
    expect(contentHash(doc)).toMatch(/^[0-9a-f]{12}$/) // the hash is of the original text, so a check against the caseload still works
  })
})

// ---------------------------------------------------------------------------------------------
// The app: supervision session, one child's note, mid-way review, access-log CSV
// ---------------------------------------------------------------------------------------------

describe('app exports (through the core, as the desktop app and browser host call them)', () => {
  const TODAY = '2026-11-26'
  const ACTOR = '=HYPERLINK("http://evil.example","Zofia Łęcka")'
  let d: { dir: string; cleanup(): void }
  let core: Core
  let saveTo: string | null = null
  let sessionId = ''
  let reviewId = ''

  async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const r = await core.dispatch(channel, input)
    if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message} ${JSON.stringify(r.problems ?? [])}`)
    return r.data as OutputOf<C>
  }

  beforeAll(async () => {
    d = tempDir()
    core = createCore({ dbPath: join(d.dir, 'caseload.db'), kdf: TEST_KDF, today: () => TODAY, actor: ACTOR, host: { chooseSavePath: async () => saveTo } })
    await core.session.create(TEST_PASSPHRASE, false)
    importCaseload(core.session.database(), awkwardCaseload())
    sessionId = (
      await call('supervision:save', {
        date: '2026-03-20',
        scope: { kind: 'worker', id: 'SW1' },
        supervisor: 'Zofia Łęcka “ZŁ” O’Brien',
        notes: `Session notes\nwith a line break.\t${COVERED.arabic} ${UNCOVERED.emoji}`,
        children: [
          { childId: 'C1', discussion: LONG_FREE_TEXT, decisions: FORMULA_ACTIONS.join(' | ') },
          { childId: 'C9', discussion: '', decisions: '' },
        ],
        actions: [{ childId: 'C1', description: `${FORMULA_NAME} ${COVERED.vietnamese}`, ownerId: 'SW1', dueDate: '2026-04-14' }],
      })
    ).sessionId
    reviewId = (
      await call('midway:save', {
        childId: 'C1',
        date: '2026-03-26',
        rag: 'red',
        ragReason: `${COVERED.arabic} — ${UNCOVERED.emoji}\nsecond line`,
        decision: 'escalate',
        decisionNote: '@escalate to the team manager',
      })
    ).id
  })
  afterAll(() => {
    core.session.closeNow()
    d.cleanup()
  })

  const download = (o: ExportOutput) => {
    if (o.kind !== 'download') throw new Error(`expected a download, got ${o.kind}`)
    return { bytes: Buffer.from(o.base64, 'base64'), hash: o.hash }
  }

  async function browserExport(target: InputOf<'export:document'>['target'], format: 'txt' | 'docx' | 'pdf') {
    const { createHandlers } = await import('../../electron/core/app/handlers')
    const { scanCaseload } = await import('../../electron/core/drift/scan')
    const handlers = createHandlers(core.session, (db, { asOf }) => scanCaseload(db, { asOf }))
    return download((await handlers['export:document']({ target, format, purpose: 'file' })) as ExportOutput)
  }

  it('session export in all three formats: marked, hash, long discussion and every script kept', async () => {
    const target = { kind: 'session' as const, sessionId }
    const txt = await browserExport(target, 'txt')
    const text = txt.bytes.toString('utf8')
    expectTextMarked(text)
    expect(squash(text)).toContain(squash(LONG_FREE_TEXT))
    for (const s of [COVERED.polish, COVERED.quotes, UNCOVERED.chinese, UNCOVERED.emoji, COVERED.arabic, FORMULA_NAME, 'Zofia Łęcka “ZŁ” O’Brien', '14 Apr 2026']) expect(text).toContain(s)
    const docx = await browserExport(target, 'docx')
    expect(docx.hash).toBe(txt.hash)
    const body = expectDocxMarked(docx.bytes, docx.hash)
    expect(body).toContain(squash(LONG_FREE_TEXT))
    for (const s of [COVERED.polish, UNCOVERED.emoji, COVERED.arabic, FORMULA_NAME]) expect(body).toContain(s)
    const pdf = await browserExport(target, 'pdf')
    const pages = await pdfPages(pdf.bytes)
    expectPdfMarked(pages, pdf.hash)
    const pbody = pdfBody(pages)
    expect(pbody).toContain(squash(LONG_FREE_TEXT)) // a long paragraph paginates line by line
    for (const s of [COVERED.polish, COVERED.quotes, FORMULA_NAME, '14 Apr 2026']) expect(pbody).toContain(s)
  })

  it('one child note and the mid-way review (text for the clipboard, Word, PDF): marked, text kept', async () => {
    const one = await call('export:document', { target: { kind: 'session-child', sessionId, childId: 'C1' }, format: 'txt', purpose: 'clipboard' })
    if (one.kind !== 'text') throw new Error('expected text')
    expectTextMarked(one.text)
    expect(one.text).toContain(`Supervision note: ${COVERED.polish}`)
    expect(one.text).not.toContain(`${COVERED.quotes} (C9)`)
    const mw = { kind: 'midway' as const, reviewId }
    const txt = (await browserExport(mw, 'txt')).bytes.toString('utf8')
    expectTextMarked(txt)
    for (const s of [COVERED.arabic, UNCOVERED.emoji, 'second line', '@escalate to the team manager']) expect(txt).toContain(s)
    const docx = await browserExport(mw, 'docx')
    expect(expectDocxMarked(docx.bytes, docx.hash)).toContain('@escalate to the team manager')
    const pdf = await browserExport(mw, 'pdf')
    const pages = await pdfPages(pdf.bytes)
    expectPdfMarked(pages, pdf.hash)
    expect(pages.flat()).toContain(COVERED.arabic)
  })

  it('saved through the host dialog: only the chosen file appears in the folder, owner-only', async () => {
    const folder = join(d.dir, 'chosen')
    mkdirSync(folder)
    for (const format of ['txt', 'docx', 'pdf'] as const) {
      saveTo = join(folder, `session.${format}`)
      const { result, seen } = await watchCreated([folder], () => call('export:document', { target: { kind: 'session', sessionId }, format, purpose: 'file' }))
      expect(result).toMatchObject({ kind: 'saved' })
      for (const name of seen.get(folder)!) if (!name.startsWith('session.')) expect(name).toMatch(/^\.session\.\w+\.\d+\.[0-9a-f]{8}\.tmp$/)
      expect(statSync(saveTo).mode & 0o777).toBe(0o600)
    }
    expect(readdirSync(folder).sort()).toEqual(['session.docx', 'session.pdf', 'session.txt'])
  })

  it('access-log CSV: RFC 4180, formula-like actor and file names neutralised, every row', async () => {
    const folder = join(d.dir, 'log')
    mkdirSync(folder)
    saveTo = join(folder, '@SUM(1+1),"quoted" Łódź.pdf')
    await call('export:document', { target: { kind: 'session', sessionId }, format: 'pdf', purpose: 'file' })
    saveTo = join(folder, 'access.csv')
    expect(await call('access:log-export', {} as InputOf<'access:log-export'>)).toMatchObject({ kind: 'saved' })
    const text = readFileSync(saveTo, 'utf8')
    expect(statSync(saveTo).mode & 0o777).toBe(0o600)
    expect(text.endsWith('\r\n')).toBe(true)
    const rows = parseCsv(text.replace(/^\uFEFF/, ''), { relax_quotes: false, relax_column_count: false }) as string[][]
    expect(rows[0]).toEqual(['id', 'at', 'actor', 'event', 'child_id', 'file_name'])
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    expect(rows.slice(1).some((r) => r[2] === `'${ACTOR}`)).toBe(true)
    expect(rows.slice(1).some((r) => r[5] === `'@SUM(1+1),"quoted" Łódź.pdf`)).toBe(true)
    expect(rows.at(-1)).toMatchObject({ 3: 'access-log-export', 5: 'access.csv' })
  })

  // Found by the audit: the access-log CSV has no byte order mark. Excel opens a UTF-8 CSV without one as
  // the ANSI code page, so the actor (the user's name from Settings) and file names outside ASCII
  // ("Zofia Łęcka", "notes-Łódź.pdf") show as mojibake ("Zofia ÅÄ™cka"). The tracker template,
  // the other CSV, writes a BOM for exactly this reason (README: "so Excel reads names correctly").
  it('access-log CSV starts with a UTF-8 BOM so Excel reads non-ASCII names', async () => {
    const folder = join(d.dir, 'log2')
    mkdirSync(folder)
    saveTo = join(folder, 'access.csv')
    await call('access:log-export', {} as InputOf<'access:log-export'>)
    const bytes = readFileSync(saveTo)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })
})
