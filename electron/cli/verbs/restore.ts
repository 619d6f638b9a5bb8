import { DriftwatchError } from '../../../shared/errors'
import { restoreBackup } from '../../core/backup/restore-backup'
import { readKeyFile, unwrapDataKey } from '../../core/db/key-file'
import type { RecordCounts } from '../../core/queries/backup-checks'
import { requireDb } from '../args'
import type { Verb } from '../verb'

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
    const r = await restoreBackup({
      from,
      dbPath,
      replace: ctx.values.replace === true,
      unlockKey: (withKey) => unwrapDataKey(readKeyFile(withKey), passphrase),
    })
    ctx.io.stdout.write(
      `Restored ${dbPath} from the backup of ${r.createdAt}: integrity ok, ${describeCounts(r.counts)}.${r.previous ? ` The caseload it replaced is kept as ${r.previous} (with its key file) until the next restore.` : ''}\n`,
    )
    return 0
  },
}
