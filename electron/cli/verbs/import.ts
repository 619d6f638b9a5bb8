import { DriftwatchError } from '../../../shared/errors'
import { importCaseloadFile } from '../../core/caseload/import'
import type { Verb } from '../verb'
import { lockForWriting } from '../access'
import { requireDb } from '../args'

const usage = 'import --db FILE [--replace] INPUT.json'

export const importVerb: Verb = {
  name: 'import',
  summary: 'Import a caseload in the interchange format (all or nothing; --replace to replace a non-empty caseload).',
  usage,
  options: { db: { type: 'string' }, replace: { type: 'boolean' } },
  async run(ctx) {
    const [input, ...extra] = ctx.positionals
    if (!input || extra.length > 0) {
      throw new DriftwatchError('BAD_INPUT', `Give exactly one INPUT.json. Usage: npm run cli -- ${usage}`)
    }
    const lock = lockForWriting(requireDb(ctx.values, usage), 'an import')
    const db = await ctx.openDb().catch((e: unknown) => {
      lock.release()
      throw e
    })
    try {
      const progress = ctx.progress(`Importing ${input}`, 1)
      let summary
      try {
        summary = importCaseloadFile(db, input, {
          replace: ctx.values.replace === true,
          onProgress: (done, total) => progress.tick(total > 0 ? done / total : 1),
        })
      } catch (e) {
        progress.done('failed')
        throw e
      }
      progress.done('done')
      ctx.io.stdout.write(
        `Imported ${input}: ${Object.entries(summary.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}.\n`,
      )
    } finally {
      db.close()
      lock.release()
    }
    return 0
  },
}
