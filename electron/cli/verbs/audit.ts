import { isCivilDate, todayInLondon } from '../../../shared/civil-date'
import { DriftwatchError } from '../../../shared/errors'
import { auditIndicators } from '../../core/audit/indicators'
import { auditChildNames, auditReportDocument, DEFAULT_THRESHOLD } from '../../core/export/audit-report'
import { writeExport } from '../../core/export/render'
import { writeFileAtomic } from '../../core/files/write-file-atomic'
import { requireDb } from '../args'
import type { Verb } from '../verb'
import { logCliAccess } from '../access'
import { formatOption, outOption } from './notes'

const USAGE = 'audit --db FILE --from DATE --to DATE --format json|docx|pdf --out FILE [--threshold PERCENT]'
const FORMATS = ['json', 'docx', 'pdf'] as const

function dateOption(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || !isCivilDate(v)) {
    throw new DriftwatchError('BAD_INPUT', `--${name} ${v === undefined ? 'is required' : `${String(v)} is not a real date`} (a date in the form YYYY-MM-DD). Usage: npm run cli -- ${USAGE}`, [
      { path: `--${name}`, reason: 'must be a real date in the form YYYY-MM-DD' },
    ])
  }
  return v
}

export const auditVerb: Verb = {
  name: 'audit',
  summary:
    "The core group audit's indicators over the whole caseload for a period: json (numerators, denominators, cases, monthly trend), or a report in Word or PDF (what we did well, areas for development). NOT encrypted.",
  usage: USAGE,
  options: { db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, threshold: { type: 'string' } },
  async run(ctx) {
    requireDb(ctx.values, USAGE)
    const from = dateOption(ctx.values, 'from')
    const to = dateOption(ctx.values, 'to')
    if (to < from) throw new DriftwatchError('BAD_INPUT', `--to ${to} is before --from ${from}.`, [{ path: '--to', reason: 'is before --from' }])
    const format = formatOption(ctx.values, FORMATS)
    const out = outOption(ctx.values, USAGE)
    if (out === '-' && format !== 'json') throw new DriftwatchError('BAD_INPUT', `Only --format json can go to standard output; give --out FILE for ${format}.`)
    const t = ctx.values.threshold
    const threshold = t === undefined ? DEFAULT_THRESHOLD : Number(t)
    if (typeof t === 'string' && (!/^\d+(\.\d+)?$/.test(t) || threshold > 100)) {
      throw new DriftwatchError('BAD_INPUT', `--threshold must be a percentage from 0 to 100, not ${t}.`)
    }
    const db = await ctx.openDb()
    try {
      logCliAccess(db, 'export', out)
      const t0 = performance.now()
      const result = auditIndicators(db, { from, to, today: todayInLondon() })
      if (format === 'json') {
        const text = JSON.stringify(result, null, 2) + '\n'
        if (out === '-') {
          ctx.io.stdout.write(text)
          return 0
        }
        writeFileAtomic(out, text)
        ctx.io.stderr.write(`Wrote ${out} (json) in ${Math.round(performance.now() - t0)} ms. It is not encrypted: keep it as OFFICIAL-SENSITIVE and delete it when done.\n`)
        return 0
      }
      const hash = await writeExport(auditReportDocument(result, { threshold, childNames: auditChildNames(db, result) }), format, out)
      ctx.io.stderr.write(
        `Wrote ${out} (${format}, content hash ${hash}): ${result.indicators.length} indicators over ${result.scope.plans} plans, in ${Math.round(performance.now() - t0)} ms. It is not encrypted: keep it as OFFICIAL-SENSITIVE and delete it when done.\n`,
      )
    } finally {
      db.close()
    }
    return 0
  },
}
