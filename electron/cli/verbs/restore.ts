import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import { restoreBackup } from '../../core/backup/restore-backup'
import { readKeyFile, unwrapDataKey } from '../../core/db/key-file'
import type { RecordCounts } from '../../core/queries/backup-checks'
import { requireDb } from '../args'
import { lockForWriting, osAccount } from '../access'
import { logAccess } from '../../core/queries/access-log'
import type { Verb } from '../verb'
import { stepsOnTerminal } from '../progress'

const usage = 'restore --from FILE.dwbackup --db FILE [--replace]'

/** "80 children, 40 plans, …": the tables a chair recognises first, then the total of the rest. */
export function describeCounts(counts: RecordCounts): string {
  const first = ['children', 'plans', 'meetings', 'actions', 'supervision_sessions']
  const parts = first.filter((t) => t in counts).map((t) => `${counts[t]} ${t.replace(/_/g, ' ')}`)
  const rest = Object.entries(counts).filter(([t]) => !first.includes(t)).reduce((n, [, v]) => n + v, 0)
  return `${parts.join(', ')} and ${rest} other records`
}

export const restoreVerb: Verb = {
  name: 'restore',
  summary:
    'Restore a caseload from a .dwbackup, with the passphrase in use when the backup was made. Checks the whole backup before replacing anything; an existing caseload is replaced only with --replace (and kept as FILE.previous).',
  usage,
  options: { from: { type: 'string' }, db: { type: 'string' }, replace: { type: 'boolean' } },
  async run(ctx) {
    const dbPath = requireDb(ctx.values, usage)
    const from = ctx.values.from
    if (typeof from !== 'string' || from === '') throw new DriftwatchError('BAD_INPUT', `--from FILE.dwbackup is required. Usage: npm run cli -- ${usage}`)
    const passphrase = await ctx.passphrase()
    // No other program may write to the caseload (or hold it open for writing) while it is replaced.
    // The lock file sits beside the caseload, so a new caseload's folder is made first.
    mkdirSync(dirname(resolve(dbPath)), { recursive: true, mode: 0o700 })
    const lock = lockForWriting(dbPath, 'a restore')
    let r: Awaited<ReturnType<typeof restoreBackup>>
    const onStep = stepsOnTerminal(ctx.io.stderr)
    try {
      r = await restoreBackup({
        from,
        dbPath,
        replace: ctx.values.replace === true,
        unlockKey: (withKey) => unwrapDataKey(readKeyFile(withKey), passphrase),
        // Into the restored caseload: the one moved aside is no longer the caseload.
        record: (db) => logAccess(db, { event: 'restore', actor: osAccount(), fileName: from }),
        ...(onStep ? { onStep } : {}),
      })
    } finally {
      if (onStep) ctx.io.stderr.write('\r\x1b[K')
      lock.release()
    }
    ctx.io.stdout.write(
      `Restored ${dbPath} from the backup of ${r.createdAt}: integrity ok, ${describeCounts(r.counts)}.${r.previous ? ` The caseload it replaced is kept as ${r.previous} (with its key file) until the next restore.` : ''}\n`,
    )
    return 0
  },
}
