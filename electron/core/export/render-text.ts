/**
 * Plain text export, for pasting into the case record: no markup, UK dates (the content models
 * already format them), the marking on the first and last lines and the content hash in the footer.
 *
 * Layout: `OFFICIAL-SENSITIVE`, a blank line, the canonical text, a blank line, the footer line. So
 * `verifyTextExport` can recompute the hash of a copy from its body.
 */
import { canonicalText, footerLine, hashText, MARKING, type ExportDocument } from './document'

export function renderText(doc: ExportDocument): string {
  const body = canonicalText(doc)
  return `${MARKING}\n\n${body}\n${footerLine(hashText(body))}\n`
}

/** Checks a plain-text export: the hash in its footer against its body. */
export function verifyTextExport(text: string): { ok: boolean; stated: string | null; actual: string | null } {
  const normal = text.replace(/\r\n?/g, '\n')
  const m = /\n\n(OFFICIAL-SENSITIVE · Driftwatch · content hash ([0-9a-f]{12}))\n?$/.exec(normal)
  if (!normal.startsWith(`${MARKING}\n\n`) || !m) return { ok: false, stated: m?.[2] ?? null, actual: null }
  const body = normal.slice(MARKING.length + 2, m.index + 1)
  const actual = hashText(body)
  return { ok: actual === m[2], stated: m[2]!, actual }
}
