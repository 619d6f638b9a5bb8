import { DriftwatchError } from '../../../shared/errors'
import { createBackup, type OnBackupStep } from '../../core/backup/create-backup'
import { requireDb } from '../args'
import { logCliAccess } from '../access'
import type { Verb } from '../verb'
import { describeCounts } from './restore'

const usage = 'backup --db FILE --out FILE.dwbackup'

/** On a terminal, the step the backup is in, redrawn in place (nothing off a terminal: logs stay short). */
function stepsOnTerminal(stream: NodeJS.WritableStream & { isTTY?: boolean }): OnBackupStep | undefined {
  if (!stream.isTTY) return undefined
  let last = 0
  let label = ''
  return (step) => {
    const now = Date.now()
    if (step.label === label && now - last < 200) return
    label = step.label
    last = now
    const part = step.total > 0 ? ` ${Math.floor((step.done / step.total) * 100)}%` : ''
    stream.write(`\r\x1b[K${step.label}…${part}`)
  }
}

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
