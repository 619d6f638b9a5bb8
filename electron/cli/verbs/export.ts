import { logCliAccess } from '../access'
import { exportCaseloadFile, writeCaseloadJson } from '../../core/caseload/export'
import { LIST_NAMES } from '../../core/caseload/lists'
import type { Verb } from '../verb'

export const exportVerb: Verb = {
  name: 'export',
  summary: 'Write the caseload in the interchange format to --out FILE, or to standard output. The output is NOT encrypted.',
  usage: 'export --db FILE [--out FILE]',
  options: { db: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    const db = await ctx.openDb()
    try {
      const out = ctx.values.out
      logCliAccess(db, 'export', typeof out === 'string' && out !== '' ? out : null)
      if (typeof out === 'string' && out !== '' && out !== '-') {
        const progress = ctx.progress(`Exporting to ${out}`, LIST_NAMES.length)
        exportCaseloadFile(db, out, (_list, i) => progress.tick(i))
        progress.done('done')
        ctx.io.stderr.write(`Wrote ${out}. It is not encrypted: keep it as OFFICIAL-SENSITIVE and delete it when done.\n`)
      } else {
        writeCaseloadJson(db, (text) => ctx.io.stdout.write(text))
      }
    } finally {
      db.close()
    }
    return 0
  },
}
