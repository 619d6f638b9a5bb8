/** Day-number arithmetic for the generator: fast (no string dates in the inner loops) and weekday-aware. */

export function dayOfWeekN(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}
export function weekdayOnOrBefore(day: number): number {
  const w = dayOfWeekN(day)
  return w === 6 ? day - 1 : w === 0 ? day - 2 : day
}
export function weekdayOnOrAfter(day: number): number {
  const w = dayOfWeekN(day)
  return w === 6 ? day + 2 : w === 0 ? day + 1 : day
}
/** Same day of month n months later (clamped), by day numbers. */
export function addMonthsN(day: number, months: number): number {
  const dt = new Date(day * 86_400_000)
  const y = dt.getUTCFullYear()
  const m = dt.getUTCMonth() + months
  const d = dt.getUTCDate()
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  return Math.round(Date.UTC(y, m, Math.min(d, last)) / 86_400_000)
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}
