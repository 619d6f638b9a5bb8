import { createCaseload } from '../../core/db/caseload-db'
import { DriftwatchError } from '../../../shared/errors'
import { passphraseProblem } from '../../../shared/passphrase-rules'
import { requireDb } from '../args'
import { recoveryCodeNotice } from '../recovery-code-notice'
import type { Verb } from '../verb'
import { lockForWriting } from '../access'

const usage = 'init --db FILE'

export const initVerb: Verb = {
  name: 'init',
  summary: 'Create an empty encrypted caseload (FILE and FILE.key, which must stay together); prints its recovery code once.',
  usage,
  options: { db: { type: 'string' } },
  async run(ctx) {
    const path = requireDb(ctx.values, usage)
    const passphrase = await ctx.passphrase()
    // The app's rules, checked before anything is created.
    const problem = passphraseProblem(passphrase)
    if (problem) throw new DriftwatchError('BAD_INPUT', problem)
    let code = ''
    const lock = lockForWriting(path, 'a new caseload being created')
    try {
      const db = await createCaseload({ path, passphrase, onRecoveryCode: (c) => (code = c) })
      db.close()
    } finally {
      lock.release()
    }
    ctx.io.stdout.write(`Created an empty encrypted caseload at ${path} (key file ${path}.key).\n${recoveryCodeNotice(code)}\n`)
    return 0
  },
}
