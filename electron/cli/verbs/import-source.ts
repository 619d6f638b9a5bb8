/**
 * `import --from ssd|annex-a|tracker`: the authority's extracts and the core-group tracker
 * (source-formats.md). Problems are printed one per line as `FILE:ROW: COLUMN: reason` and nothing is
 * written (exit 1); `--json` prints the §4 result shape on stdout.
 */
import { DriftwatchError, isSourceImportError } from '../../../shared/errors'
import { allocationRolesSchema, contractResult, formatSourceProblem, isNothingToDo, SOURCE_KINDS, SOURCE_LABELS, SYNC_LISTS, type SourceKind, type SyncResult } from '../../../shared/source-import'
import { runSourceImport } from '../../core/sources'
import type { VerbContext } from '../verb'
import { lockForWriting } from '../access'
import { requireDb } from '../args'

/** Ids shown per list in the text summary; `--json` has them all. */
const SHOWN = 10

/**
 * `--roles`: the SSD's allocated-worker roles for this import only, comma-separated (source-formats.md
 * §1.2 step 3; without it, the caseload's setting, which the app's Settings changes).
 */
function rolesOption(value: unknown, source: SourceKind): string[] | undefined {
  if (value === undefined) return undefined
  if (source !== 'ssd') throw new DriftwatchError('BAD_INPUT', '--roles is for --from ssd only: it lists the SSD involvement roles that make an allocation.')
  const parsed = allocationRolesSchema.safeParse(String(value).split(','))
  if (!parsed.success) {
    const i = parsed.error.issues[0]!
    const at = typeof i.path[0] === 'number' ? ` (role ${i.path[0] + 1})` : ''
    throw new DriftwatchError('BAD_INPUT', `--roles ${i.message}${at}: give the roles separated by commas, for example --roles CW,ALLWKR.`)
  }
  return parsed.data
}

export async function runImportFrom(ctx: VerbContext, from: string, usage: string): Promise<number> {
  if (!(SOURCE_KINDS as readonly string[]).includes(from)) {
    throw new DriftwatchError('BAD_INPUT', `--from must be one of ${SOURCE_KINDS.join(', ')}. Usage: npm run cli -- ${usage}`)
  }
  const source = from as SourceKind
  const [input, ...extra] = ctx.positionals
  if (!input || extra.length > 0) {
    throw new DriftwatchError('BAD_INPUT', `Give exactly one ${source === 'ssd' ? 'folder' : 'file'}. Usage: npm run cli -- ${usage}`)
  }
  if (ctx.values.replace === true) throw new DriftwatchError('BAD_INPUT', '--replace is for interchange JSON only: a source import synchronises the caseload.')
  const allocationRoles = rolesOption(ctx.values.roles, source)
  const dryRun = ctx.values['dry-run'] === true
  // A dry run only reads; a real one holds the writer lock so the app and other verbs wait for it.
  const lock = dryRun ? null : lockForWriting(requireDb(ctx.values, usage), `an import from the ${SOURCE_LABELS[source]}`)
  const db = await ctx.openDb().catch((e: unknown) => {
    lock?.release()
    throw e
  })
  try {
    let progress: ReturnType<VerbContext['progress']> | null = null
    let phase = ''
    let result: SyncResult
    try {
      result = await runSourceImport(db, {
        source,
        path: input,
        dryRun,
        ...(allocationRoles ? { allocationRoles } : {}),
        onProgress: (p) => {
          if (p.phase !== phase) {
            progress?.done()
            phase = p.phase
            progress = ctx.progress(p.phase, p.total ?? 1)
          }
          progress?.tick(p.total === undefined ? 0 : p.done)
        },
      })
      ;(progress as ReturnType<VerbContext['progress']> | null)?.done('done')
    } catch (e) {
      ;(progress as ReturnType<VerbContext['progress']> | null)?.done('failed')
      if (!isSourceImportError(e)) throw e
      ctx.io.stderr.write(`Error: ${e.message}\n`)
      for (const p of e.problems) ctx.io.stderr.write(`${formatSourceProblem(p)}\n`)
      if (e.moreProblems > 0) ctx.io.stderr.write(`… and ${e.moreProblems} more problem${e.moreProblems === 1 ? '' : 's'}\n`)
      return 1
    }
    if (ctx.values.json === true) ctx.io.stdout.write(`${JSON.stringify(contractResult(result), null, 2)}\n`)
    else ctx.io.stdout.write(summary(result, input))
    return 0
  } finally {
    db.close()
    lock?.release()
  }
}

function summary(r: SyncResult, input: string): string {
  const label = SOURCE_LABELS[r.source]
  const lines: string[] = []
  const what = r.source === 'tracker' ? 'Tracker' : r.firstImport ? 'Import' : 'Sync'
  lines.push(`${what} of the ${label} ${input}${r.dryRun ? ' (dry run: nothing has been written)' : ''}.`)
  if (isNothingToDo(r)) lines.push('Nothing to do: the caseload already matches it.')
  for (const [heading, ids] of [['Added', r.added], ['Changed', r.changed], ['Removed', r.removed]] as const) {
    for (const list of SYNC_LISTS) {
      const l = ids[list]
      if (l.length === 0) continue
      const shown = l.slice(0, SHOWN).join(', ')
      lines.push(`  ${heading} ${l.length} ${list}: ${shown}${l.length > SHOWN ? `, … and ${l.length - SHOWN} more` : ''}`)
    }
  }
  if (r.conflicts.length > 0) {
    lines.push(`Kept and needing a decision (${r.conflicts.length}):`)
    for (const c of r.conflicts) lines.push(`  ${c.message}`)
  }
  const ignored = Object.entries(r.ignoredRows).filter(([, n]) => n > 0)
  if (ignored.length > 0) lines.push(`Rows ignored: ${ignored.map(([f, n]) => `${f} ${n}`).join(', ')}.`)
  return `${lines.join('\n')}\n`
}
