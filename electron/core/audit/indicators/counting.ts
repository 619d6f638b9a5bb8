/** Counting occasions: numerator, denominator and percent; calendar months; the order cases are listed in. */
import { addDays, addMonths, type CivilDate } from '../../../../shared/civil-date'
import type { IndicatorCase, IndicatorCount } from './types'

const round1 = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 10)

export function count(cases: readonly { met: boolean }[]): IndicatorCount {
  let n = 0
  for (const c of cases) if (c.met) n++
  return { numerator: n, denominator: cases.length, percent: round1(n, cases.length) }
}

/** Calendar months overlapping [from, to], clipped to it. */
export function monthsOf(from: CivilDate, to: CivilDate): { month: string; from: CivilDate; to: CivilDate }[] {
  const out: { month: string; from: CivilDate; to: CivilDate }[] = []
  let start = `${from.slice(0, 7)}-01`
  while (start <= to) {
    const next = addMonths(start, 1)
    const end = addDays(next, -1)
    out.push({ month: start.slice(0, 7), from: start < from ? from : start, to: end > to ? to : end })
    start = next
  }
  return out
}

export const byDateId = (a: IndicatorCase, b: IndicatorCase) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/** Groups rows into lists by a key, keeping their order. */
export function groupBy<T>(rows: Iterable<T>, key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const k = key(r)
    let list = out.get(k)
    if (!list) out.set(k, (list = []))
    list.push(r)
  }
  return out
}
