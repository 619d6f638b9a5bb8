/**
 * The shape of a command-line verb. Each verb lives in `verbs/<name>.ts` and is listed in
 * `verbs/index.ts`; `main.ts` parses arguments, supplies the context and maps errors to exit codes
 * (DriftwatchError codes VALIDATION/BAD_INPUT → 1; WRONG_PASSPHRASE and unreadable databases → 2).
 */
import type { ParseArgsConfig } from 'node:util'
import type { CaseloadDb } from '../core/db/caseload-db'

export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

export interface VerbContext {
  /** Parsed `--options` (strings and booleans as declared by the verb). */
  values: Record<string, string | boolean | undefined>
  positionals: string[]
  io: CliIo
  /** The passphrase from DRIFTWATCH_PASSPHRASE or a hidden prompt (never from an argument). */
  passphrase(): Promise<string>
  /** Opens the caseload named by --db with that passphrase. */
  openDb(): Promise<CaseloadDb>
  /** A progress reporter on stderr (a bar on a terminal, sparse lines otherwise). */
  progress(label: string, total: number): Progress
}

export interface Progress {
  tick(done: number): void
  done(message?: string): void
}

export interface Verb {
  name: string
  summary: string
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  run(ctx: VerbContext): Promise<number>
}
