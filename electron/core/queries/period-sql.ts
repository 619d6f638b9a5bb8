/**
 * The SQL twins of shared/period.ts: "is this period current on d" as a WHERE fragment, with the same
 * end convention per kind (design brief §4: a plan's end date is exclusive, a membership's and an
 * allocation's inclusive). `d` is the parameter or column the query compares with (`:asOf`, `@date`,
 * `?`, `m.date`); with `?` the date is bound twice, start check first.
 */
import { END_RULES, type EndRule } from '../../../shared/period'

export function currentOnSql(start: string, end: string, d: string, rule: EndRule): string {
  return `${start} <= ${d} AND (${end} IS NULL OR ${end} ${rule === 'inclusive' ? '>=' : '>'} ${d})`
}

/** The plan row `alias` (or the bare table when alias is '') open on d. */
export function planOpenSql(alias: string, d: string): string {
  const a = alias ? `${alias}.` : ''
  return currentOnSql(`${a}start_date`, `${a}end_date`, d, END_RULES.plan)
}

/** The plan row overlaps [from, to]: starts on or before `to` and has not ended before `from` (end day included). */
export function planOverlapsSql(alias: string, from: string, to: string): string {
  const a = alias ? `${alias}.` : ''
  return `${a}start_date <= ${to} AND (${a}end_date IS NULL OR ${a}end_date >= ${from})`
}

export function memberOnSql(alias: string, d: string): string {
  const a = alias ? `${alias}.` : ''
  return currentOnSql(`${a}from_date`, `${a}to_date`, d, END_RULES.member)
}

export function allocationOnSql(alias: string, d: string): string {
  const a = alias ? `${alias}.` : ''
  return currentOnSql(`${a}start_date`, `${a}end_date`, d, END_RULES.allocation)
}
