/**
 * PDF export of a document model with pdf-lib (pure JavaScript, so the CLI and tests need no browser).
 * A4 portrait, DejaVu Sans embedded (`pdf-fonts.ts`), so names in Polish, Vietnamese, Greek, Cyrillic
 * or Arabic print exactly; only characters outside that font (e.g. Chinese) are simplified. The marking is at the top and bottom of every page; the footer carries the content hash (of the
 * original content, so all three formats show the same hash) and the page number.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import { drawLine, embedUnicodeFonts, fontSafe } from './pdf-fonts'
import { contentHash, footerLine, MARKING, type DocBlock, type ExportDocument } from './document'

const PAGE: [number, number] = [595.28, 841.89]
const MARGIN_X = 56
const TOP = PAGE[1] - 64
const BOTTOM = 64
const WIDTH = PAGE[0] - 2 * MARGIN_X
const BODY = 10
const LEAD = 1.3
const GREY = rgb(0.9, 0.9, 0.9)
const LINE = rgb(0.6, 0.6, 0.6)

/**
 * The longest prefix of `s` (at least one character) that `fits`. Why not one character less at a
 * time: a 2,000-character link or a row of underscores then measured every prefix for every line, and
 * a PDF with one took two minutes. Doubling then halving measures a few lines' worth per line.
 */
function longestPrefix(s: string, fits: (prefix: string) => boolean): number {
  let good = 1
  let bad = s.length + 1
  for (let n = 2; n < bad; n *= 2) {
    if (fits(s.slice(0, n))) good = n
    else {
      bad = n
      break
    }
  }
  bad = Math.min(bad, s.length + 1)
  while (bad - good > 1) {
    const mid = (good + bad) >> 1
    if (fits(s.slice(0, mid))) good = mid
    else bad = mid
  }
  return Math.min(good, s.length)
}

class Writer {
  page!: PDFPage
  y = TOP
  readonly pages: PDFPage[] = []
  /** Characters the fonts lack, drawn simplified or as `?` (the document ends by saying so). */
  simplified = 0
  constructor(
    readonly pdf: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    readonly charset: ReadonlySet<number>,
  ) {
    this.newPage()
  }

  newPage(): void {
    this.page = this.pdf.addPage(PAGE)
    this.pages.push(this.page)
    this.y = TOP
  }

  safe(text: string): string {
    return fontSafe(text, this.charset, () => this.simplified++)
  }

  /** Word-wraps already safe text to `width`; words longer than a line are split. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = []
    let line = ''
    const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width
    for (const word of text.split(' ')) {
      const candidate = line ? `${line} ${word}` : word
      if (fits(candidate)) {
        line = candidate
        continue
      }
      if (line) lines.push(line)
      let rest = word
      // Never the whole rest measured per line: for a 10,000-character word that alone took seconds.
      for (let n = longestPrefix(rest, fits); n < rest.length; n = longestPrefix(rest, fits)) {
        lines.push(rest.slice(0, n))
        rest = rest.slice(n)
      }
      line = rest
    }
    lines.push(line)
    return lines
  }

  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage()
  }

  text(text: string, o: { size?: number; bold?: boolean; indent?: number; before?: number; after?: number; bullet?: boolean } = {}): void {
    const size = o.size ?? BODY
    const font = o.bold ? this.bold : this.font
    const indent = o.indent ?? 0
    const lead = size * LEAD
    this.y -= o.before ?? 0
    const lines = this.wrap(this.safe(text), font, size, WIDTH - indent)
    lines.forEach((l, i) => {
      this.ensure(lead)
      this.y -= lead
      if (o.bullet && i === 0) this.page.drawText('•', { x: MARGIN_X + indent - 10, y: this.y, size, font })
      drawLine(this.page, l, { x: MARGIN_X + indent, y: this.y, size, font })
    })
    this.y -= o.after ?? 0
  }

  table(b: Extract<DocBlock, { kind: 'table' }>): void {
    const size = 9
    const lead = size * LEAD
    const pad = 3
    const weights = b.widths ?? b.columns.map(() => 1)
    const total = weights.reduce((a, w) => a + w, 0)
    const widths = weights.map((w) => (w / total) * WIDTH)
    const layout = (cells: string[], font: PDFFont) =>
      widths.map((w, i) => this.wrap(this.safe(cells[i] ?? ''), font, size, w - 2 * pad))
    const header = layout(b.columns, this.bold)
    const heightOf = (cells: string[][]) => Math.max(...cells.map((c) => c.length)) * lead + 2 * pad
    const draw = (cells: string[][], font: PDFFont, fill: boolean) => {
      const h = heightOf(cells)
      let x = MARGIN_X
      cells.forEach((lines, i) => {
        const w = widths[i]!
        this.page.drawRectangle({ x, y: this.y - h, width: w, height: h, borderColor: LINE, borderWidth: 0.5, color: fill ? GREY : undefined })
        lines.forEach((l, k) => drawLine(this.page, l, { x: x + pad, y: this.y - pad - (k + 1) * lead + 2, size, font }))
        x += w
      })
      this.y -= h
    }
    this.y -= 4
    this.ensure(heightOf(header) + lead * 2)
    draw(header, this.bold, true)
    const onFreshPage = Math.floor((TOP - heightOf(header) - BOTTOM - 2 * pad) / lead)
    const nextPage = () => {
      this.newPage()
      draw(header, this.bold, true)
    }
    for (const row of b.rows) {
      let cells = layout(row, this.font)
      for (;;) {
        const need = Math.max(...cells.map((c) => c.length))
        const room = Math.floor((this.y - BOTTOM - 2 * pad) / lead)
        if (need <= room) {
          draw(cells, this.font, false)
          break
        }
        // A row that fits on a page starts on the next one; one taller than a page (an action's
        // 10,000-character outcome) goes on across pages, so none of it runs off the bottom.
        if (need <= onFreshPage || room < 3) {
          nextPage()
          continue
        }
        draw(cells.map((c) => c.slice(0, room)), this.font, false)
        cells = cells.map((c) => c.slice(room))
        nextPage()
      }
    }
    this.y -= 8
  }
}

/** The PDF bytes of a document. */
export async function renderPdf(doc: ExportDocument): Promise<Uint8Array> {
  const hash = contentHash(doc)
  const pdf = await PDFDocument.create()
  pdf.setTitle(`${doc.title} (${MARKING})`)
  pdf.setSubject(`${MARKING}. Content hash ${hash}.`)
  pdf.setCreator('Driftwatch')
  pdf.setProducer('Driftwatch')
  const { regular: font, bold, charset } = await embedUnicodeFonts(pdf)
  const w = new Writer(pdf, font, bold, charset)
  w.text(doc.title, { size: 16, bold: true, after: 4 })
  for (const m of doc.meta) w.text(m)
  for (const s of doc.sections) {
    if (s.level === 1) w.ensure(80)
    w.text(s.heading, { size: s.level === 1 ? 13 : 11, bold: true, before: s.level === 1 ? 14 : 8, after: 2 })
    for (const b of s.blocks) {
      if (b.kind === 'paragraph') w.text(b.text, { after: 3 })
      else if (b.kind === 'bullets') for (const item of b.items) w.text(item, { indent: 14, bullet: true, after: 1 })
      else w.table(b)
    }
  }
  if (w.simplified > 0) {
    const n = w.simplified
    w.text(
      `${n === 1 ? 'One character' : `${n} characters`} above ${n === 1 ? 'is' : 'are'} not in this PDF's font and ${n === 1 ? 'is' : 'are'} printed without ${n === 1 ? 'its' : 'their'} accent or as ?. The Word and text versions of this document hold every character exactly.`,
      { before: 10, size: 9 },
    )
  }
  const n = w.pages.length
  w.pages.forEach((page, i) => {
    const head = MARKING
    const hw = bold.widthOfTextAtSize(head, 10)
    page.drawText(head, { x: (PAGE[0] - hw) / 2, y: PAGE[1] - 36, size: 10, font: bold, color: rgb(0.6, 0, 0) })
    const foot = fontSafe(`${footerLine(hash)} · page ${i + 1} of ${n}`, charset)
    const fw = font.widthOfTextAtSize(foot, 8)
    page.drawText(foot, { x: (PAGE[0] - fw) / 2, y: 36, size: 8, font })
  })
  return pdf.save()
}
