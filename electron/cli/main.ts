/**
 * `npm run cli -- <verb> …`: the Driftwatch core without Electron (design brief §5).
 * Exit codes: 0 success; 1 bad input (with the file, path and reason); 2 wrong passphrase or an
 * unreadable database.
 */
import { parseArgs } from 'node:util'
import { DriftwatchError, isDriftwatchError, type ErrorCode } from '../../shared/errors'
import { openCaseload } from '../core/db/caseload-db'
import { withBackoff } from '../core/db/backoff'
import { explainBusy } from '../core/db/writer-lock'
import { readPassphrase } from './passphrase'
import { createProgress } from './progress'
import type { CliIo, Verb } from './verb'
import { VERBS } from './verbs/index'

const EXIT_BAD_INPUT = 1
/** Wrong passphrase, or a database that cannot be used: missing, damaged, newer, or busy (brief §5). */
const EXIT_DATABASE = 2

export function exitCodeFor(code: ErrorCode): number {
  // A busy caseload (another program is changing it, writer-lock.ts) is one that cannot be used now:
  // nothing was done; try again later.
  switch (code) {
    case 'WRONG_PASSPHRASE':
    case 'WRONG_RECOVERY_CODE':
    case 'KEY_FILE_DAMAGED':
    case 'DATABASE_DAMAGED':
    case 'UNREADABLE_DATABASE':
    case 'DATABASE_FROM_FUTURE':
    case 'DATABASE_MISSING':
    case 'BUSY':
    case 'CHANGED_ELSEWHERE':
      return EXIT_DATABASE
    default:
      return EXIT_BAD_INPUT
  }
}

function usage(): string {
  const lines = ['Usage: npm run cli -- <verb> [options]', '', 'Verbs:']
  for (const v of VERBS) lines.push(`  ${v.usage}`, `      ${v.summary}`)
  lines.push('', 'The passphrase comes from DRIFTWATCH_PASSPHRASE, or you are asked for it.')
  return lines.join('\n')
}

export async function runCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`)
    return name ? 0 : EXIT_BAD_INPUT
  }
  const verb: Verb | undefined = VERBS.find((v) => v.name === name)
  if (!verb) {
    io.stderr.write(`Unknown verb "${name}".\n\n${usage()}\n`)
    return EXIT_BAD_INPUT
  }
  let values: Record<string, string | boolean | undefined>
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({ args: rest, options: verb.options, allowPositionals: true, strict: true }) as {
      values: Record<string, string | boolean | undefined>
      positionals: string[]
    })
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\nUsage: npm run cli -- ${verb.usage}\n`)
    return EXIT_BAD_INPUT
  }
  let passphrase: string | undefined
  const getPassphrase = async () => (passphrase ??= await readPassphrase())
  try {
    return await verb.run({
      values,
      positionals,
      io,
      passphrase: getPassphrase,
      async openDb() {
        const path = values.db
        if (typeof path !== 'string' || path === '') {
          throw new DriftwatchError('BAD_INPUT', `--db FILE is required. Usage: npm run cli -- ${verb.usage}`)
        }
        const passphrase = await getPassphrase()
        // The same back-off as the app, kept beside the caseload, so a script cannot guess faster.
        return withBackoff(path, () => openCaseload({ path, passphrase }))
      },
      progress: (label, total) => createProgress(io.stderr as NodeJS.WritableStream & { isTTY?: boolean }, label, total),
    })
  } catch (raw) {
    // SQLite's raw "database is locked" becomes the sentence naming who is writing.
    const e = typeof values.db === 'string' ? explainBusy(values.db, raw) : raw
    if (isDriftwatchError(e)) {
      io.stderr.write(`Error: ${e.message}\n`)
      for (const p of e.problems) io.stderr.write(`  ${p.path}: ${p.reason}\n`)
      return exitCodeFor(e.code)
    }
    const sqliteCode = (e as { code?: unknown }).code
    if (typeof sqliteCode === 'string' && /^SQLITE_(CORRUPT|NOTADB|CANTOPEN|IOERR)/.test(sqliteCode)) {
      io.stderr.write(`Error: the caseload database cannot be read (${sqliteCode}).\n`)
      return EXIT_DATABASE
    }
    // An unexpected failure: say what happened without dumping data.
    io.stderr.write(`Unexpected error: ${(e as Error).message}\n`)
    return EXIT_BAD_INPUT
  }
}

if (require.main === module) {
  // A reader that stops early (`export | head`): the rest is not wanted, so stop quietly, as other
  // command-line tools do, instead of Node's stack trace for an unhandled EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`Unexpected error: ${(e as Error).message}\n`)
      process.exitCode = EXIT_BAD_INPUT
    },
  )
}
