/**
 * Error classes that cross process boundaries by their `code`. The code decides what the user sees
 * (a recovery screen, a field message, an exit code); the message is plain English for people.
 * Messages never carry case data from the database (names, notes), only paths, ids and reasons.
 */
export const ERROR_CODES = [
  'WRONG_PASSPHRASE',
  /** The recovery code does not unwrap the key file (or the file has no recovery code). */
  'WRONG_RECOVERY_CODE',
  /** The key file's checksum or shape is wrong: damage, told apart from a wrong passphrase. */
  'KEY_FILE_DAMAGED',
  /** The database itself is damaged: empty, cut short, or pages that fail their checks. */
  'DATABASE_DAMAGED',
  'UNREADABLE_DATABASE',
  'DATABASE_FROM_FUTURE',
  'DATABASE_EXISTS',
  'DATABASE_MISSING',
  'CASELOAD_NOT_EMPTY',
  'VALIDATION',
  'BAD_INPUT',
  'NOT_FOUND',
  'LOCKED',
  'FORBIDDEN',
  'INTERNAL',
  /** Another program holds the caseload's writer lock (or SQLite kept us waiting too long). */
  'BUSY',
  /** Another program changed the caseload since this screen was drawn: look again, then save. */
  'CHANGED_ELSEWHERE',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface Problem {
  /** A JSON path such as `$.meetings[3].attended[0]`, or a field name. */
  path: string
  reason: string
}

export class DriftwatchError extends Error {
  readonly code: ErrorCode
  readonly problems: Problem[]
  constructor(code: ErrorCode, message: string, problems: Problem[] = []) {
    super(message)
    this.name = 'DriftwatchError'
    this.code = code
    this.problems = problems
  }
}

export function isDriftwatchError(e: unknown): e is DriftwatchError {
  return e instanceof DriftwatchError
}

/**
 * The refusal of a save made from a screen drawn before another program changed the caseload: by the
 * core (the request that noticed the change) and by the page (a form left open across the watch's notice).
 */
export const CHANGED_ELSEWHERE_MESSAGE =
  'Another program changed the caseload since this screen was drawn (an import or a restore, for example). Nothing has been saved: check the case, then save again.'

/** Formats a zod-style path (`['meetings', 3, 'attended', 0]`) as `$.meetings[3].attended[0]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$'
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += `.${part}`
    else out += `[${JSON.stringify(String(part))}]`
  }
  return out
}

/**
 * A source extract (SSD, Annex A, tracker) with problems: nothing was imported. `problems` holds up to
 * 200 of them, each with its file, row and column (and `path`, the `FILE:ROW: COLUMN` prefix, for
 * readers of plain problems); `moreProblems` counts the rest.
 */
export interface SourceFileProblem extends Problem {
  file: string
  /** 1-based CSV record or sheet row; null for the whole file. */
  row: number | null
  column: string | null
}

export class SourceImportError extends DriftwatchError {
  declare readonly problems: SourceFileProblem[]
  readonly moreProblems: number
  constructor(message: string, problems: SourceFileProblem[], moreProblems = 0) {
    super('VALIDATION', message, problems)
    this.name = 'SourceImportError'
    this.moreProblems = moreProblems
  }
}

export function isSourceImportError(e: unknown): e is SourceImportError {
  return e instanceof SourceImportError
}
