import { isCivilDate, todayInLondon, type CivilDate } from '../../shared/civil-date'
import { DriftwatchError } from '../../shared/errors'

/** The --db option, required by every verb that touches a caseload. */
export function requireDb(values: Record<string, string | boolean | undefined>, usage: string): string {
  const db = values.db
  if (typeof db !== 'string' || db === '') {
    throw new DriftwatchError('BAD_INPUT', `--db FILE is required. Usage: npm run cli -- ${usage}`)
  }
  return db
}

/** --as-of DATE, or today in Europe/London. */
export function asOfOption(values: Record<string, string | boolean | undefined>): CivilDate {
  const v = values['as-of']
  if (v === undefined) return todayInLondon()
  if (typeof v !== 'string' || !isCivilDate(v)) {
    throw new DriftwatchError('BAD_INPUT', `--as-of ${String(v)} is not a real date in the form YYYY-MM-DD.`)
  }
  return v
}

export function wholeNumberOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
  fallback: number,
  { min, max }: { min: number; max: number },
): number {
  const v = values[name]
  if (v === undefined) return fallback
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new DriftwatchError('BAD_INPUT', `--${name} must be a whole number from ${min} to ${max}, not ${String(v)}.`)
  }
  return n
}
