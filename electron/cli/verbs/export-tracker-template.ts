import { DriftwatchError } from '../../../shared/errors'
import { writeTrackerTemplate } from '../../core/gaps/tracker-template'
import { asOfOption, requireDb } from '../args'
import type { Verb } from '../verb'

const USAGE = 'export-tracker-template --db FILE --out FILE.csv [--as-of DATE]'

export const exportTrackerTemplateVerb: Verb = {
  name: 'export-tracker-template',
  summary:
    'Write a core-group tracker template (CSV, source-formats.md §3) with one row per open plan, its child and plan filled in, for the chair to complete and import with `import --from tracker`. NOT encrypted.',
  usage: USAGE,
  options: { db: { type: 'string' }, out: { type: 'string' }, 'as-of': { type: 'string' } },
  async run(ctx) {
    requireDb(ctx.values, USAGE)
    const out = ctx.values.out
    if (typeof out !== 'string' || out === '' || out === '-') {
      throw new DriftwatchError('BAD_INPUT', `--out FILE.csv is required. Usage: npm run cli -- ${USAGE}`, [{ path: '--out', reason: 'is required' }])
    }
    const asOf = asOfOption(ctx.values)
    const db = await ctx.openDb()
    try {
      const { rows } = writeTrackerTemplate(db, out, asOf)
      ctx.io.stderr.write(
        `Wrote ${out}: ${rows === 1 ? 'one open plan' : `${rows} open plans`} on ${asOf}, one row each. Fill in a meeting per row (delete the rows you do not fill), then import it with --from tracker. It is not encrypted: keep it as OFFICIAL-SENSITIVE and delete it when done.\n`,
      )
    } finally {
      db.close()
    }
    return 0
  },
}
