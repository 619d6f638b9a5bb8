/**
 * Validation for recording: the shared zod schemas first (the same the forms use), then business
 * checks. Both throw VALIDATION with `{ path, reason }` problems whose paths are JSON paths of the
 * input (`$.date`, `$.attended[1]`), the same as the IPC layer's, so a form shows each beside its field.
 */
import type { z } from 'zod'
import { DriftwatchError, jsonPath, type Problem } from '../../../shared/errors'
import { plainReason } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input)
  if (r.success) return r.data
  throw new DriftwatchError(
    'VALIDATION',
    'Some of what was entered needs correcting.',
    r.error.issues.slice(0, 20).map((i) => ({ path: jsonPath(i.path), reason: plainReason(i.message) })),
  )
}

/** Collects business-rule problems and throws them together. */
export class Checks {
  readonly problems: Problem[] = []
  constructor(private readonly today: string) {}

  fail(path: string, reason: string): void {
    if (!this.problems.some((p) => p.path === path)) this.problems.push({ path, reason })
  }

  /** A date of something that has already happened. */
  notFuture(path: string, date: string | null | undefined): void {
    if (date && date > this.today) this.fail(path, `cannot be after today (${formatUK(this.today)})`)
  }

  notBefore(path: string, date: string | null | undefined, earliest: string, what: string): void {
    if (date && date < earliest) this.fail(path, `cannot be before ${what} (${formatUK(earliest)})`)
  }

  exists<T>(path: string, value: T | null | undefined, reason: string): value is T {
    if (value == null) this.fail(path, reason)
    return value != null
  }

  done(): void {
    if (this.problems.length > 0) throw new DriftwatchError('VALIDATION', 'Some of what was entered needs correcting.', this.problems)
  }
}
