/**
 * The Electron host's `printPdf` (see `PrintPdf` in the core): prints an export's HTML page (from
 * `renderHtml`) to PDF with `webContents.printToPDF`, in a hidden window that is locked down further
 * than the app's own: sandboxed, isolated, no Node, no preload, no JavaScript at all, and its own
 * in-memory session (`print-pdf`) where every permission is denied and every request but the page
 * itself is cancelled. The page arrives as a `data:` URL, so nothing touches the disk, and the window
 * is destroyed whether printing worked or not.
 */
import { BrowserWindow, session as electronSession, type Session, type WebPreferences } from 'electron'
import { fitsDataUrl, htmlDataUrl, type PrintTemplates } from '../core/export/render-html'
import { denyAllPermissions } from './security'
import { LOCKED_DOWN_PREFERENCES } from './window'

export const PRINT_PARTITION = 'print-pdf'

/** The only URLs the print session lets through: the pages being printed right now. */
const printing = new Set<string>()
let lockedDown: Session | null = null

/** The print session, locked down the first time it is used. */
export function printSession(): Session {
  const s = electronSession.fromPartition(PRINT_PARTITION)
  if (lockedDown !== s) {
    denyAllPermissions(s)
    s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !printing.has(details.url) }))
    s.on('will-download', (event) => event.preventDefault())
    lockedDown = s
  }
  return s
}

export function printWebPreferences(session: Session): WebPreferences {
  return { ...LOCKED_DOWN_PREFERENCES, session, javascript: false, devTools: false }
}

/** Prints the page to A4 PDF bytes with the marking and footer templates. */
export async function printPdf(html: string, templates: PrintTemplates): Promise<Uint8Array> {
  if (!fitsDataUrl(html)) throw new Error('The export is too large to print in the app (over 2 MiB as a data: URL).')
  const url = htmlDataUrl(html)
  const win = new BrowserWindow({ show: false, width: 794, height: 1123, webPreferences: printWebPreferences(printSession()) })
  printing.add(url)
  try {
    await win.loadURL(url)
    const pdf = await win.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: templates.headerTemplate,
      footerTemplate: templates.footerTemplate,
      margins: templates.margins,
    })
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength)
  } finally {
    printing.delete(url)
    if (!win.isDestroyed()) win.destroy()
  }
}
