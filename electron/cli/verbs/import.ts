import { DriftwatchError } from '../../../shared/errors'
import { importCaseloadFileStepwise } from '../../core/caseload/import'
import type { Verb } from '../verb'
import { runImportFrom } from './import-source'
import { lockForWriting } from '../access'
import { requireDb } from '../args'

const usage =
  'import --db FILE [--replace] INPUT.json | import --db FILE --from ssd DIR [--roles CW,ALLWKR,…] | --from annex-a FILE.csv|FILE.xlsx | --from tracker FILE.csv [--dry-run] [--json]'

export const importVerb: Verb = {
  name: 'import',
  summary:
    'Import a caseload in the interchange format (all or nothing; --replace to replace a non-empty caseload), or with --from the SSD extract, Annex A List 7 or a core-group tracker (an extract into a caseload with children synchronises it; --dry-run writes nothing; --json prints the result).',
  usage,
  options: { db: { type: 'string' }, replace: { type: 'boolean' }, from: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, roles: { type: 'string' } },
  async run(ctx) {
    if (typeof ctx.values.from === 'string') return runImportFrom(ctx, ctx.values.from, usage)
    if (ctx.values['dry-run'] === true || ctx.values.json === true) {
      throw new DriftwatchError('BAD_INPUT', `--dry-run and --json go with --from. Usage: npm run cli -- ${usage}`)
    }
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
        // The app's import: the file is read and checked on a second thread while this one inserts.
        summary = await importCaseloadFileStepwise(db, input, {
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
