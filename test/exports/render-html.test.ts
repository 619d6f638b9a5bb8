/**
 * The print page (render-html) that the app prints with Electron's `printToPDF`: escaped, script-free,
 * marked, and, printed by Chromium's print engine (Debian's Chromium through playwright-core, the
 * engine behind printToPDF), a PDF that names everything the note holds, with the marking and the hash.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { scanCaseload } from '../../electron/core/drift/scan'
import { contentHash, MARKING, type ExportDocument } from '../../electron/core/export/document'
import { escapeHtml, fitsDataUrl, htmlDataUrl, MAX_URL_CHARS, renderHtml, type PrintablePage } from '../../electron/core/export/render-html'
import { supervisionNote, supervisionNoteDocument } from '../../electron/core/export/supervision-note'
import { tempCaseload } from '../helpers/temp-db'
import { handMadeCaseload } from './fixture'
import { pdfPages } from './read-back'

const CHROMIUM = process.env.DRIFTWATCH_CHROMIUM ?? '/usr/bin/chromium'
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

const HOSTILE = `<script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)>`

const hostileDoc: ExportDocument = {
  title: `Title ${HOSTILE}`,
  meta: [`Meta ${HOSTILE}`],
  sections: [
    {
      heading: `Heading ${HOSTILE}`,
      level: 1,
      blocks: [
        { kind: 'paragraph', text: `Paragraph ${HOSTILE}` },
        { kind: 'bullets', items: [`Bullet ${HOSTILE}`] },
        { kind: 'table', columns: [`Col ${HOSTILE}`, 'Two'], rows: [[`Cell ${HOSTILE}`, '']], widths: [3, 1] },
      ],
    },
    { heading: 'Part </section><script>', level: 2, blocks: [{ kind: 'paragraph', text: '</style><style>' }] },
  ],
}

/** Without whitespace: Chromium's text runs break where lines wrap, pdf.js joins items as it sees them. */
const tight = (s: string) => s.replace(/\s+/g, '')

async function print(browser: Browser, page: PrintablePage): Promise<string[][]> {
  const tab = await browser.newPage({ javaScriptEnabled: false })
  try {
    await tab.route('**/*', (route) => route.abort()) // nothing may be fetched; setContent needs no request
    await tab.setContent(page.html)
    const inch = (n: number) => `${n}in`
    const pdf = await tab.pdf({
      format: 'A4',
      displayHeaderFooter: true,
      headerTemplate: page.headerTemplate,
      footerTemplate: page.footerTemplate,
      printBackground: true,
      margin: { top: inch(page.margins.top), bottom: inch(page.margins.bottom), left: inch(page.margins.left), right: inch(page.margins.right) },
    })
    return await pdfPages(new Uint8Array(pdf))
  } finally {
    await tab.close()
  }
}

describe('the print page', () => {
  it('escapes every piece of text and has no script, handler or external reference', () => {
    const { html, headerTemplate, footerTemplate } = renderHtml(hostileDoc)
    const ALLOWED = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'h3', 'p', 'section', 'ul', 'li', 'table', 'colgroup', 'col', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'span'])
    for (const s of [html, headerTemplate, footerTemplate]) {
      const tags = [...s.matchAll(/<\/?([!a-z][\w-]*)([^>]*)>/gi)]
      expect(tags.length).toBeGreaterThan(0)
      for (const [tag, name, attrs] of tags) {
        expect(ALLOWED.has(name!.toLowerCase()), tag).toBe(true)
        expect(attrs, tag).not.toMatch(/\s(on\w+|src|href|action|formaction|srcset)\s*=|javascript:|url\(/i)
      }
      expect(s).not.toMatch(/<script|<img|<link|<iframe|<object|<embed|<svg|<base/i)
    }
    expect(html).toContain(`Title ${escapeHtml(HOSTILE)}`)
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;')
    expect(html).toContain('Part &lt;/section&gt;&lt;script&gt;')
    expect(html).toContain('&lt;/style&gt;&lt;style&gt;')
    expect(html.match(/<style>/g)).toHaveLength(1)
    expect(html).toContain(`default-src 'none'`)
    expect(html).toContain('size: A4')
  })

  it('carries the marking in the header and footer and the same content hash as the other formats', () => {
    const p = renderHtml(hostileDoc)
    const hash = contentHash(hostileDoc)
    expect(p.hash).toBe(hash)
    expect(p.headerTemplate).toContain(MARKING)
    expect(p.footerTemplate).toContain(`${MARKING} · Driftwatch · content hash ${hash} · page `)
    expect(p.footerTemplate).toContain('class="pageNumber"')
    expect(p.footerTemplate).toContain('class="totalPages"')
    expect(p.html).toContain(`<title>Title ${escapeHtml(HOSTILE)} (${MARKING})</title>`)
  })

  it('knows when a page is too large for a data: URL', () => {
    expect(htmlDataUrl('<p>é</p>')).toBe(`data:text/html;base64,${Buffer.from('<p>é</p>').toString('base64')}`)
    expect(fitsDataUrl('x'.repeat(1_500_000))).toBe(true)
    expect(fitsDataUrl('x'.repeat(1_600_000))).toBe(false)
    expect(htmlDataUrl('x'.repeat(1_572_843)).length).toBeLessThanOrEqual(MAX_URL_CHARS)
  })
})

describe('printed by Chromium (the engine behind printToPDF)', () => {
  let browser: Browser
  let db: CaseloadDb
  let cleanup: () => void
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set DRIFTWATCH_CHROMIUM.`)
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
    const t = await tempCaseload()
    ;({ db, cleanup } = t)
    importCaseload(db, handMadeCaseload())
  })
  afterAll(async () => {
    await browser?.close()
    cleanup?.()
  })

  it('a supervision note: the title, every child and finding, the marking and hash on every page', async () => {
    const asOf = '2026-03-31'
    const note = supervisionNote(db, { workerId: 'SW1', asOf })
    const doc = supervisionNoteDocument(note)
    const page = renderHtml(doc)
    const pages = await print(browser, page)
    expect(pages.length).toBeGreaterThan(0)
    const all = tight(pages.map((p) => p.join(' ')).join(' '))
    expect(all).toContain(tight(doc.title))
    expect(note.children.length).toBeGreaterThan(0)
    for (const c of note.children) expect(all).toContain(tight(`${c.name} (${c.id})`))
    const ids = new Set(note.children.map((c) => c.id))
    const findings = scanCaseload(db, { asOf }).findings.filter((f) => ids.has(f.childId))
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) expect(all).toContain(tight(f.message))
    expect(all).toContain(tight('Dental visit — “née” ünïcode ✓')) // Chromium keeps every character
    for (const [i, items] of pages.entries()) {
      const text = tight(items.join(' '))
      expect(text).toContain(MARKING)
      expect(text).toContain(tight(`${MARKING} · Driftwatch · content hash ${page.hash} · page ${i + 1} of ${pages.length}`))
    }
  })

  it('hostile text prints as text', async () => {
    const pages = await print(browser, renderHtml(hostileDoc))
    const all = tight(pages.flat().join(' '))
    expect(all).toContain(tight(`Title ${HOSTILE}`))
    expect(all).toContain(tight(`Cell ${HOSTILE}`))
    expect(all).toContain(tight('Part </section><script>'))
    expect(all).toContain(contentHash(hostileDoc))
  })
})
