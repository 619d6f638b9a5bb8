import { EXPORT_FORMATS, type ExportFormat } from '../../core/export/document'
import { renderText } from '../../core/export/render-text'
import { writeExport } from '../../core/export/render'
import { findWorker, supervisionNote, supervisionNoteDocument } from '../../core/export/supervision-note'
import { DriftwatchError } from '../../../shared/errors'
import { asOfOption, requireDb } from '../args'
import type { Verb } from '../verb'
import { logCliAccess } from '../access'

const USAGE = 'notes --db FILE --worker ID|NAME [--as-of DATE] --format docx|pdf|txt --out FILE'

export function formatOption<F extends string>(values: Record<string, string | boolean | undefined>, allowed: readonly F[]): F {
  const v = values.format
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new DriftwatchError('BAD_INPUT', `--format must be one of ${allowed.join(', ')}${v === undefined ? '' : `, not ${String(v)}`}.`, [
      { path: '--format', reason: `must be one of ${allowed.join(', ')}` },
    ])
  }
  return v as F
}

export function outOption(values: Record<string, string | boolean | undefined>, usage: string): string {
  const v = values.out
  if (typeof v !== 'string' || v === '') throw new DriftwatchError('BAD_INPUT', `--out FILE is required (- for standard output). Usage: npm run cli -- ${usage}`)
  return v
}

export const notesVerb: Verb = {
  name: 'notes',
  summary:
    'Write the supervision note for a worker on a date (default today): every child allocated to them, findings, plan dates, deadlines, open actions. Marked OFFICIAL-SENSITIVE; NOT encrypted.',
  usage: USAGE,
  options: { db: { type: 'string' }, worker: { type: 'string' }, 'as-of': { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    requireDb(ctx.values, USAGE)
    const worker = ctx.values.worker
    if (typeof worker !== 'string' || worker === '') throw new DriftwatchError('BAD_INPUT', `--worker ID is required (an id or a name). Usage: npm run cli -- ${USAGE}`)
    const asOf = asOfOption(ctx.values)
    const format = formatOption<ExportFormat>(ctx.values, EXPORT_FORMATS)
    const out = outOption(ctx.values, USAGE)
    if (out === '-' && format !== 'txt') throw new DriftwatchError('BAD_INPUT', `Only --format txt can go to standard output; give --out FILE for ${format}.`)
    const db = await ctx.openDb()
    try {
      logCliAccess(db, 'export', out)
      const t0 = performance.now()
      const note = supervisionNote(db, { workerId: findWorker(db, worker).id, asOf })
      const doc = supervisionNoteDocument(note)
      for (const w of note.warnings) ctx.io.stderr.write(`Warning: ${w}\n`)
      if (out === '-') {
        ctx.io.stdout.write(renderText(doc))
        return 0
      }
      const hash = await writeExport(doc, format, out)
      const findings = note.children.reduce((n, c) => n + c.findings.length, 0)
      ctx.io.stderr.write(
        `Wrote ${out} (${format}, content hash ${hash}): ${note.children.length} children, ${findings} findings, in ${Math.round(performance.now() - t0)} ms. It is not encrypted: keep it as OFFICIAL-SENSITIVE and delete it when done.\n`,
      )
    } finally {
      db.close()
    }
    return 0
  },
}
