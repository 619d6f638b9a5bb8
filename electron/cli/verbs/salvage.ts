import { salvageCaseload } from '../../core/db/salvage'
import { writeFileAtomic } from '../../core/files/write-file-atomic'
import { DriftwatchError } from '../../../shared/errors'
import type { Verb } from '../verb'
import { logCliAccess } from '../access'

export const salvageVerb: Verb = {
  name: 'salvage',
  summary: 'From a damaged caseload, write every row that can still be read, table by table, to --out FILE (JSON, NOT encrypted).',
  usage: 'salvage --db FILE --out FILE.json',
  options: { db: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    const out = ctx.values.out
    if (typeof out !== 'string' || out === '') throw new DriftwatchError('BAD_INPUT', '--out FILE.json is required. Usage: npm run cli -- salvage --db FILE --out FILE.json')
    const db = await ctx.openDb()
    try {
      const tables = salvageCaseload(db)
      // writeFileAtomic runs the write guard on --out. The log is tried, but a damaged caseload may
      // refuse the insert: getting the readable rows out matters more than recording it.
      try {
        logCliAccess(db, 'export', out)
      } catch {
        // Not recorded: the caseload is damaged or another writer holds it.
      }
      writeFileAtomic(out, `${JSON.stringify({ format: 'driftwatch.salvage', version: 1, tables }, null, 1)}\n`)
      const partial = tables.filter((t) => !t.complete)
      for (const t of tables) ctx.io.stderr.write(`  ${t.name}: ${t.rows.length} rows${t.complete ? '' : ' (some could not be read)'}\n`)
      ctx.io.stderr.write(
        `Wrote ${out}: what could be read from ${tables.length} tables${partial.length ? `; ${partial.length} had unreadable pages` : ''}. It is not encrypted: keep it as OFFICIAL-SENSITIVE and delete it when done.\n`,
      )
      return partial.length > 0 ? 2 : 0
    } finally {
      db.close()
    }
  },
}
