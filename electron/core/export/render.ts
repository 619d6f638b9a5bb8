/**
 * Renders a document in one of the export formats and writes it atomically (mode 0600).
 *
 * The Word and PDF renderers are loaded when first used: their libraries (docx, pdf-lib, fontkit)
 * were a third of the time the core's thread took to start, before the unlock screen could answer,
 * and most sessions export nothing.
 */
import { contentHash, type ExportDocument, type ExportFormat } from './document'
import { renderText } from './render-text'
import { writeFileAtomic } from '../files/write-file-atomic'

export async function renderAs(doc: ExportDocument, format: ExportFormat): Promise<Uint8Array | string> {
  if (format === 'docx') return (await import('./render-docx')).renderDocx(doc)
  if (format === 'pdf') return (await import('./render-pdf')).renderPdf(doc)
  return renderText(doc)
}

/** Writes the export to `path`; returns its content hash. */
export async function writeExport(doc: ExportDocument, format: ExportFormat, path: string): Promise<string> {
  writeFileAtomic(path, await renderAs(doc, format))
  return contentHash(doc)
}
