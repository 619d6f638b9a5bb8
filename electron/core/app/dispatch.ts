/**
 * The one wrapper every host (Electron IPC, the browser host, tests) runs a request through.
 *
 * Input is untrusted: it comes from the renderer, which is treated as hostile. In order:
 * unknown channel → FORBIDDEN; caseload locked and the channel needs it → LOCKED; input fails its
 * zod schema → VALIDATION with `{ path, reason }` problems; the handler runs; its output is
 * checked against the contract too (a failure there is our bug: INTERNAL). The result is always
 * the `Result` envelope. It never throws, and no message it returns or logs carries a stack trace
 * or case data.
 */
import type { z } from 'zod'
import { contract, UNLOCKED_NOT_REQUIRED, type Channel, type Result } from '../../../shared/ipc-contract'
import { isDriftwatchError, jsonPath, type Problem } from '../../../shared/errors'
import { plainReason } from '../../../shared/record-inputs'
import { locateLoneSurrogate } from '../caseload/json-problems'
import type { Handlers } from './handlers'
import { consoleLogger, type Logger } from './log'

const MAX_PROBLEMS = 20
const MAX_REASON = 200

export interface DispatchContext {
  handlers: Handlers
  /** True while a caseload is open. */
  isUnlocked(): boolean
  log?: Logger
  /** Runs before every handler (the session drops its caches when another program changed the caseload). */
  beforeRequest?(): void
  /** Turns a raw error into one written for people (SQLite's "database is locked" → who is writing). */
  explain?(e: unknown): unknown
}

export type Dispatch = (channel: unknown, input: unknown) => Promise<Result<unknown>>

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
}

const BROKEN_CHARACTER = 'has half of a character at its end or inside (an emoji or symbol cut in two): delete it and type it again'

/** Each problem at its JSON path, in the forms' plain words (plainReason: "must be 10 or less", not zod's "Too big: expected number to be <=10"). */
function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const reason = plainReason(issue.message)
    return { path: jsonPath(issue.path), reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason }
  })
}

function failure(code: string, message: string, problems?: Problem[]): Result<never> {
  return problems && problems.length > 0 ? { ok: false, code, message, problems } : { ok: false, code, message }
}

export function createDispatch(context: DispatchContext): Dispatch {
  const log = context.log ?? consoleLogger
  return async function dispatch(channel, input) {
    try {
      if (!isChannel(channel)) return failure('FORBIDDEN', 'There is no such request.')
      if (!UNLOCKED_NOT_REQUIRED.includes(channel) && !context.isUnlocked()) {
        return failure('LOCKED', 'The caseload is locked. Unlock it with your passphrase to continue.')
      }
      const spec = contract[channel]
      // Half of a character (a form's length limit can cut a pasted emoji in two): SQLite would store
      // it as replacement characters, changing the text and its length, so it is refused at its field.
      const broken = locateLoneSurrogate(input, '$')
      if (broken) return failure('VALIDATION', 'Some of what was entered needs correcting.', [{ path: broken, reason: BROKEN_CHARACTER }])
      // A call with no argument means "no input"; channels without input take `{}`.
      const parsed = spec.input.safeParse(input === undefined ? {} : input)
      if (!parsed.success) {
        return failure('VALIDATION', 'Some of what was entered needs correcting.', problemsOf(parsed.error))
      }
      context.beforeRequest?.()
      const handler = context.handlers[channel] as (input: unknown) => unknown
      const output = await handler(parsed.data)
      const checked = spec.output.safeParse(output)
      if (!checked.success) {
        // Log where the output broke the contract, never the values.
        log.warn('ipc.output-invalid', {
          channel,
          paths: checked.error.issues
            .slice(0, 5)
            .map((i) => jsonPath(i.path))
            .join(' '),
        })
        return failure('INTERNAL', 'Driftwatch could not complete that request. Please try again.')
      }
      return { ok: true, data: checked.data }
    } catch (raw) {
      const e = context.explain ? context.explain(raw) : raw
      if (isDriftwatchError(e)) {
        // Our own errors are written for people and never carry case data (shared/errors.ts).
        return failure(e.code, e.message, e.problems)
      }
      log.warn('ipc.handler-failed', {
        channel: isChannel(channel) ? channel : 'unknown',
        error: e instanceof Error ? e.name : typeof e,
      })
      return failure('INTERNAL', 'Driftwatch could not complete that request. Please try again.')
    }
  }
}
