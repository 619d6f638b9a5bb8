/**
 * The generic document model that every export shares: the content models (supervision note, audit
 * report) build one, and the three renderers (Word, PDF, plain text) draw it. Because all three
 * formats render the same model, they carry the same content and the same content hash.
 *
 * The **content hash** is the first 12 hex digits of the SHA-256 of the document's canonical text
 * (`canonicalText`, UTF-8): the plain-text rendering without the marking lines and the footer. It is
 * printed in every footer so a copy (printed, pasted or forwarded) can be checked later against the
 * caseload: the same content always gives the same hash, and any change of content changes it.
 */
import { createHash } from 'node:crypto'

/** Government Security Classifications marking carried in every export's header and footer. */
export const MARKING = 'OFFICIAL-SENSITIVE'

export type DocBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: string[] }
  /** `widths`: relative column widths (default equal). */
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] }

export interface DocSection {
  heading: string
  /** 1: a main section (for example one child); 2: a part of it. */
  level: 1 | 2
  blocks: DocBlock[]
}

export interface ExportDocument {
  title: string
  /** Short lines under the title: who, which date, what period. */
  meta: string[]
  sections: DocSection[]
}

/** The content as plain text, no markup: the basis of the hash and the body of the .txt export. */
export function canonicalText(doc: ExportDocument): string {
  const out: string[] = [doc.title, ...doc.meta]
  for (const s of doc.sections) {
    out.push('', s.heading)
    for (const b of s.blocks) {
      if (b.kind === 'paragraph') out.push(b.text)
      else if (b.kind === 'bullets') for (const item of b.items) out.push(`- ${item}`)
      else {
        for (const row of b.rows) {
          out.push(`- ${row.map((cell, i) => `${b.columns[i] ?? ''}: ${cell === '' ? '—' : cell}`).join('; ')}`)
        }
      }
    }
  }
  // One line per item, no trailing spaces, single newlines.
  return out.map((l) => l.replace(/\s+$/u, '').replace(/\r\n?|\n/g, ' ')).join('\n') + '\n'
}

/** First 12 hex digits of SHA-256 of the canonical text. */
export function contentHash(doc: ExportDocument): string {
  return hashText(canonicalText(doc))
}

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12)
}

/** The footer line of every format (Word and PDF add the page number after it). */
export function footerLine(hash: string): string {
  return `${MARKING} · Driftwatch · content hash ${hash}`
}

export type ExportFormat = 'docx' | 'pdf' | 'txt'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['docx', 'pdf', 'txt']
