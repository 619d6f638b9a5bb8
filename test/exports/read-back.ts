/** Reads exports back for tests: the text of a .docx's parts and of a PDF's pages. */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { unzipSync } from 'fflate'

const STANDARD_FONTS = join(dirname(createRequire(__filename).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ENTITIES[e]!)

/** Paragraph texts of a WordprocessingML part, one line per paragraph. */
export function xmlText(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .filter((l) => l !== '')
    .join('\n')
}

export interface DocxParts {
  document: string
  headers: string[]
  footers: string[]
}

export function readDocx(bytes: Uint8Array): DocxParts {
  const files = unzipSync(bytes)
  const text = (name: string) => new TextDecoder().decode(files[name]!)
  const names = Object.keys(files)
  return {
    document: text('word/document.xml'),
    headers: names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map(text),
    footers: names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(text),
  }
}

/** The text items of each page, in drawing order. */
export async function pdfPages(bytes: Uint8Array): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl: STANDARD_FONTS }).promise
  const pages: string[][] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i)
    const content = await page.getTextContent()
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).filter((s) => s !== ''))
  }
  await doc.destroy()
  return pages
}

/** The body text of a PDF: every page without its marking lines, joined with spaces. */
export function pdfBody(pages: string[][]): string {
  return pages
    .map((items) => items.filter((s) => s !== 'OFFICIAL-SENSITIVE' && !s.startsWith('OFFICIAL-SENSITIVE · Driftwatch')).join(' '))
    .join(' ')
    .replace(/\s+/g, ' ')
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim()
