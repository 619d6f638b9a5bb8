import { createCaseload } from '../../core/db/caseload-db'
import { requireDb } from '../args'
import type { Verb } from '../verb'
import { lockForWriting } from '../access'

const usage = 'init --db FILE'

export const initVerb: Verb = {
  name: 'init',
  summary: 'Create an empty encrypted caseload (FILE and FILE.key, which must stay together).',
  usage,
  options: { db: { type: 'string' } },
  async run(ctx) {
    const path = requireDb(ctx.values, usage)
    const passphrase = await ctx.passphrase()
    const lock = lockForWriting(path, 'a new caseload being created')
    try {
      const db = await createCaseload({ path, passphrase })
      db.close()
    } finally {
      lock.release()
    }
    ctx.io.stdout.write(`Created an empty encrypted caseload at ${path} (key file ${path}.key).\n`)
    return 0
  },
}
