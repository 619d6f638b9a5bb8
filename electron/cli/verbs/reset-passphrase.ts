import { resetPassphraseWithRecoveryCode } from '../../core/db/caseload-db'
import { withBackoff } from '../../core/db/backoff'
import { DriftwatchError } from '../../../shared/errors'
import { passphraseProblem } from '../../../shared/passphrase-rules'
import { requireDb } from '../args'
import { recoveryCodeNotice } from '../recovery-code-notice'
import type { Verb } from '../verb'

const usage = 'reset-passphrase --db FILE'

/** Both secrets come from the environment, never from arguments (visible in the process list). */
function fromEnv(name: string, what: string): string {
  const value = process.env[name]
  if (value === undefined || value === '') {
    throw new DriftwatchError('BAD_INPUT', `No ${what}: set ${name}. Usage: ${name}=… npm run cli -- ${usage}`)
  }
  return value
}

export const resetPassphraseVerb: Verb = {
  name: 'reset-passphrase',
  summary:
    'A forgotten passphrase: DRIFTWATCH_RECOVERY_CODE opens the key, DRIFTWATCH_NEW_PASSPHRASE becomes the passphrase, and a new recovery code is printed once (the old one is spent).',
  usage,
  options: { db: { type: 'string' } },
  async run(ctx) {
    const path = requireDb(ctx.values, usage)
    const recoveryCode = fromEnv('DRIFTWATCH_RECOVERY_CODE', 'recovery code')
    const newPassphrase = fromEnv('DRIFTWATCH_NEW_PASSPHRASE', 'new passphrase')
    const problem = passphraseProblem(newPassphrase)
    if (problem) throw new DriftwatchError('BAD_INPUT', problem)
    const reset = await withBackoff(path, () => resetPassphraseWithRecoveryCode({ path, recoveryCode, newPassphrase }))
    ctx.io.stdout.write(
      `The passphrase of ${path} has been reset; the caseload itself was not changed. The old recovery code no longer works.\n${recoveryCodeNotice(reset.recoveryCode)}\n`,
    )
    return 0
  },
}
