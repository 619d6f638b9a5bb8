import { checkCaseload } from '../../core/db/check'
import type { Verb } from '../verb'

export const checkVerb: Verb = {
  name: 'check',
  summary: 'Read every page of the caseload and run SQLite\'s integrity and foreign key checks: exit 0 when sound, 2 with what is damaged.',
  usage: 'check --db FILE',
  options: { db: { type: 'string' } },
  async run(ctx) {
    // A database that cannot even be opened (empty, cut short, first page damaged) is named by
    // openDb's error, also exit 2.
    const db = await ctx.openDb()
    try {
      const report = checkCaseload(db)
      if (report.sound) {
        ctx.io.stdout.write(
          `${db.path} is sound: all ${report.pagesRead} pages in use were read and decrypted, and SQLite's integrity and foreign key checks found nothing wrong.\n`,
        )
        return 0
      }
      ctx.io.stderr.write(`${db.path} is damaged:\n${report.problems.map((p) => `  - ${p}\n`).join('')}`)
      ctx.io.stderr.write(
        'Stop using this copy. Restore the latest good backup, or export what can still be read (export --db FILE --out FILE.json) before anything else.\n',
      )
      return 2
    } finally {
      db.close()
    }
  },
}
