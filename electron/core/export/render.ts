/** Renders a document in one of the export formats and writes it atomically (mode 0600). */
import { contentHash, type ExportDocument, type ExportFormat } from './document'
import { renderDocx } from './render-docx'
import { renderPdf } from './render-pdf'
import { renderText } from './render-text'
import { writeFileAtomic } from '../files/write-file-atomic'

export async function renderAs(doc: ExportDocument, format: ExportFormat): Promise<Uint8Array | string> {
  if (format === 'docx') return renderDocx(doc)
  if (format === 'pdf') return renderPdf(doc)
  return renderText(doc)
}

/** Writes the export to `path`; returns its content hash. */
export async function writeExport(doc: ExportDocument, format: ExportFormat, path: string): Promise<string> {
  writeFileAtomic(path, await renderAs(doc, format))
  return contentHash(doc)
}
