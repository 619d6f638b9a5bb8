/**
 * The document model as one self-contained HTML page for printing to PDF with Chromium's print engine
 * (in the app: Electron's `webContents.printToPDF`; in the tests: Debian's Chromium, the same engine).
 * A4, print CSS, no scripts and nothing loaded from anywhere (a CSP in the page says so too); every piece
 * of text is escaped.
 *
 * The marking and the footer are printed by Chromium's `headerTemplate` / `footerTemplate` (drawn in the
 * page margins on every page, which prints reliably, unlike fixed-position running elements that
 * overlap the body): OFFICIAL-SENSITIVE at the top, and at the bottom the same footer line as every
 * other format (content hash of the document model) with the page number.
 */
import { contentHash, footerLine, MARKING, type DocBlock, type ExportDocument } from './document'

/** Page margins in millimetres; the header and footer templates are drawn inside them. */
export const PRINT_MARGINS_MM = { top: 22, bottom: 20, left: 18, right: 18 } as const

/** What the print host needs besides the page: Chromium's header and footer templates and the margins. */
export interface PrintTemplates {
  headerTemplate: string
  footerTemplate: string
  /** Inches, as Electron's `printToPDF` takes them. */
  margins: { top: number; bottom: number; left: number; right: number }
}

export interface PrintablePage extends PrintTemplates {
  html: string
  hash: string
}

/** Chromium refuses to navigate to URLs longer than this (`url::kMaxURLChars`, 2 MiB). */
export const MAX_URL_CHARS = 2 * 1024 * 1024
const DATA_URL_PREFIX = 'data:text/html;base64,'

/** The `data:` URL the print window loads. */
export function htmlDataUrl(html: string): string {
  return DATA_URL_PREFIX + Buffer.from(html, 'utf8').toString('base64')
}

/** Whether the page fits in a `data:` URL Chromium will load (base64: 4 characters per 3 bytes). */
export function fitsDataUrl(html: string): boolean {
  return DATA_URL_PREFIX.length + Math.ceil(Buffer.byteLength(html, 'utf8') / 3) * 4 <= MAX_URL_CHARS
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const inches = (mm: number) => Math.round((mm / 25.4) * 1000) / 1000

const CSS = `
@page { size: A4; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: Arial, "Liberation Sans", Helvetica, "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.3; color: #000; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 2pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 8pt 0 2pt; break-after: avoid; }
p { margin: 0 0 3pt; overflow-wrap: anywhere; }
p.meta { margin: 0; }
ul { margin: 0 0 3pt; padding-left: 14pt; }
li { margin: 0 0 1pt; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 4pt 0 8pt; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 3pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e6e6e6; font-weight: bold; }
`.trim()

const TEMPLATE_STYLE = 'width:100%;margin:0 18mm;font-family:Arial,\'Liberation Sans\',Helvetica,sans-serif;text-align:center;-webkit-print-color-adjust:exact;'

function block(b: DocBlock): string {
  if (b.kind === 'paragraph') return `<p>${escapeHtml(b.text)}</p>`
  if (b.kind === 'bullets') return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
  const weights = b.widths ?? b.columns.map(() => 1)
  const total = weights.reduce((a, w) => a + w, 0) || 1
  const cols = b.columns.map((_c, i) => `<col style="width:${(((weights[i] ?? 0) / total) * 100).toFixed(2)}%">`).join('')
  const head = `<tr>${b.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`
  const rows = b.rows.map((r) => `<tr>${b.columns.map((_c, i) => `<td>${escapeHtml(r[i] ?? '')}</td>`).join('')}</tr>`).join('')
  return `<table><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>${rows}</tbody></table>`
}

/** The page and its print templates. */
export function renderHtml(doc: ExportDocument): PrintablePage {
  const hash = contentHash(doc)
  const body: string[] = [`<h1>${escapeHtml(doc.title)}</h1>`, ...doc.meta.map((m) => `<p class="meta">${escapeHtml(m)}</p>`)]
  for (const s of doc.sections) {
    const h = s.level === 1 ? 'h2' : 'h3'
    body.push(`<section><${h}>${escapeHtml(s.heading)}</${h}>${s.blocks.map(block).join('')}</section>`)
  }
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en-GB"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<meta name="description" content="${escapeHtml(`${MARKING}. Content hash ${hash}.`)}">`,
    `<title>${escapeHtml(`${doc.title} (${MARKING})`)}</title>`,
    `<style>${CSS}</style></head>`,
    `<body>${body.join('\n')}</body></html>`,
    '',
  ].join('\n')
  return {
    html,
    hash,
    headerTemplate: `<div style="${TEMPLATE_STYLE}font-size:10pt;font-weight:bold;color:#990000;">${escapeHtml(MARKING)}</div>`,
    footerTemplate:
      `<div style="${TEMPLATE_STYLE}font-size:8pt;color:#000;">${escapeHtml(footerLine(hash))} · page ` +
      '<span class="pageNumber"></span> of <span class="totalPages"></span></div>',
    margins: {
      top: inches(PRINT_MARGINS_MM.top),
      bottom: inches(PRINT_MARGINS_MM.bottom),
      left: inches(PRINT_MARGINS_MM.left),
      right: inches(PRINT_MARGINS_MM.right),
    },
  }
}
