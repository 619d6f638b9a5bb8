import { DriftwatchError } from '../../../shared/errors'
import { createBackup } from '../../core/backup/create-backup'
import { stepsOnTerminal } from '../progress'
import { requireDb } from '../args'
import { logCliAccess } from '../access'
import type { Verb } from '../verb'
import { describeCounts } from './restore'

const usage = 'backup --db FILE --out FILE.dwbackup'

export const backupVerb: Verb = {
  name: 'backup',
  summary:
    'Write an encrypted, checked backup of the caseload to FILE.dwbackup (one file: the encrypted database and its key file; restore it with the passphrase). Safe while the app is using the caseload.',
  usage,
  options: { db: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    requireDb(ctx.values, usage)
    const out = ctx.values.out
    if (typeof out !== 'string' || out === '') throw new DriftwatchError('BAD_INPUT', `--out FILE.dwbackup is required. Usage: npm run cli -- ${usage}`)
    const db = await ctx.openDb()
    try {
      // Logged (and --out checked by the write guard) before anything is written, as an export is.
      logCliAccess(db, 'backup', out)
      const t0 = performance.now()
      // In this process, on this thread (the app runs the checks and packaging in a thread of its own
      // so that its window's requests are answered meanwhile; here nothing else is waiting).
      const onStep = stepsOnTerminal(ctx.io.stderr)
      let r: ReturnType<typeof createBackup>
      try {
        r = createBackup(db, out, {}, onStep)
      } finally {
        if (onStep) ctx.io.stderr.write('\r\x1b[K')
      }
      ctx.io.stdout.write(
        `Wrote ${out} (${(r.bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s, checked: integrity ok, ${describeCounts(r.counts)}. It is encrypted; it restores with the passphrase in use now.\n`,
      )
    } finally {
      db.close()
    }
    return 0
  },
}
