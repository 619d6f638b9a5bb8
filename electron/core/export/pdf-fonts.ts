/**
 * The fonts of the pdf-lib PDF: DejaVu Sans (an open font, npm package `dejavu-fonts-ttf`), embedded
 * and subset, so a name prints exactly as it was typed — Latin with every European accent (Polish,
 * Vietnamese), Greek, Cyrillic and Arabic. The standard PDF fonts encode only WinAnsi and would turn
 * "Łucja" into "?ucja".
 *
 * Arabic: fontkit shapes an Arabic run (joining forms, lam-alef) and lays it out right to left. It
 * does not run the full bidirectional algorithm over a mixed line, so each line is cut into runs of
 * Arabic and of everything else, drawn left to right in the order they were typed: an Arabic name in
 * an English sentence reads correctly; a whole paragraph of Arabic with embedded Latin would not be
 * reordered as a word processor would (see the README's known limitations).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as fontkit from '@pdf-lib/fontkit'
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib'

const FONT_PACKAGE = 'dejavu-fonts-ttf'
const cache = new Map<string, Uint8Array>()

function fontBytes(file: string): Uint8Array {
  let bytes = cache.get(file)
  if (!bytes) {
    const path = createRequire(__filename).resolve(`${FONT_PACKAGE}/ttf/${file}`)
    bytes = readFileSync(path)
    cache.set(file, bytes)
  }
  return bytes
}

export interface PdfFonts {
  regular: PDFFont
  bold: PDFFont
  /** The code points both fonts can show. */
  charset: ReadonlySet<number>
}

export async function embedUnicodeFonts(pdf: PDFDocument): Promise<PdfFonts> {
  pdf.registerFontkit(fontkit)
  const regular = await pdf.embedFont(fontBytes('DejaVuSans.ttf'), { subset: true })
  const bold = await pdf.embedFont(fontBytes('DejaVuSans-Bold.ttf'), { subset: true })
  const boldSet = new Set(bold.getCharacterSet())
  const charset = new Set(regular.getCharacterSet().filter((cp) => boldSet.has(cp)))
  return { regular, bold, charset }
}

/**
 * Text the fonts can show: a character they lack is replaced by its letters without the accent
 * (NFKD) when those exist, else by `?` — so nothing is drawn as an empty box; `onSimplified` is
 * called for each such character (the document then says so). Composed first (NFC): pdf-lib draws
 * combining marks one after another without stacking them, so a name typed decomposed ("Hằng" as
 * a, breve, grave) would lose an accent under another.
 */
export function fontSafe(text: string, charset: ReadonlySet<number>, onSimplified?: () => void): string {
  let out = ''
  for (const ch of text.normalize('NFC').replace(/[\t\r\n]+/g, ' ')) {
    const cp = ch.codePointAt(0)!
    if (charset.has(cp)) {
      out += ch
      continue
    }
    onSimplified?.()
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '')
    out += base && [...base].every((c) => charset.has(c.codePointAt(0)!)) ? base : '?'
  }
  return out
}

const ARABIC = /\p{Script=Arabic}/u
// Spaces, digits and punctuation between two Arabic letters belong to the Arabic run.
const NEUTRAL = /[\s\p{P}\p{N}]/u

/** A line cut into runs of Arabic and of everything else, in typed order. */
export function scriptRuns(line: string): { text: string; rtl: boolean }[] {
  const chars = [...line]
  const runs: { text: string; rtl: boolean }[] = []
  let i = 0
  while (i < chars.length) {
    const rtl = ARABIC.test(chars[i]!)
    let j = i + 1
    if (rtl) {
      for (;;) {
        while (j < chars.length && ARABIC.test(chars[j]!)) j++
        let k = j
        while (k < chars.length && NEUTRAL.test(chars[k]!) && !ARABIC.test(chars[k]!)) k++
        if (k < chars.length && k > j && ARABIC.test(chars[k]!)) j = k
        else break
      }
    } else {
      while (j < chars.length && !ARABIC.test(chars[j]!)) j++
    }
    runs.push({ text: chars.slice(i, j).join(''), rtl })
    i = j
  }
  return runs
}

/** Draws one line of (already safe) text at x, y, run by run. */
export function drawLine(page: PDFPage, line: string, o: { x: number; y: number; size: number; font: PDFFont; color?: RGB }): void {
  if (!ARABIC.test(line)) {
    page.drawText(line, o)
    return
  }
  let x = o.x
  for (const run of scriptRuns(line)) {
    page.drawText(run.text, { ...o, x })
    x += o.font.widthOfTextAtSize(run.text, o.size)
  }
}
