import { replaceRecoveryCode } from '../../core/db/caseload-db'
import { withBackoff } from '../../core/db/backoff'
import { requireDb } from '../args'
import { recoveryCodeNotice } from '../recovery-code-notice'
import type { Verb } from '../verb'

const usage = 'recovery-code --db FILE'

export const recoveryCodeVerb: Verb = {
  name: 'recovery-code',
  summary: 'Make a new recovery code (the old one stops working), printed once; for a lost or exposed code, or a caseload from before recovery codes.',
  usage,
  options: { db: { type: 'string' } },
  async run(ctx) {
    const path = requireDb(ctx.values, usage)
    const passphrase = await ctx.passphrase()
    const { recoveryCode } = await withBackoff(path, () => replaceRecoveryCode({ path, passphrase }))
    ctx.io.stdout.write(`${path} has a new recovery code; the old one no longer works.\n${recoveryCodeNotice(recoveryCode)}\n`)
    return 0
  },
}
