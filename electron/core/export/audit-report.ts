/**
 * The audit report in the shape of the 2014 multi-agency core group audit
 * (`reference/core-groups-audit-key-messages.txt`): "What we did well" lists the indicators at or
 * above a threshold, "Areas for development" those below it, each with its numbers, and the cases
 * not meeting the standard so they can be followed up; then the trend by month and the definitions.
 */
import { formatUK } from '../../../shared/civil-date'
import { NOTHING_MEASURED } from '../../../shared/audit-types'
import type { AuditResult, CaseKind, IndicatorCase, IndicatorResult } from '../audit/indicators'
import type { CaseloadDb } from '../db/caseload-db'
import { childNames } from '../queries/supervision'
import type { DocBlock, DocSection, ExportDocument } from './document'

export interface AuditReportOptions {
  /** Percent at or above which an indicator is something "we did well" (default 80). */
  threshold?: number
  /** The most cases listed per area for development (default 30). */
  maxCases?: number
  /** Child id → name, so the cases are named, not coded (`auditChildNames`). */
  childNames?: Readonly<Record<string, string>>
}

/** The names of every child behind the audit's cases. */
export function auditChildNames(db: CaseloadDb, result: AuditResult): Record<string, string> {
  const ids = new Set<string>()
  for (const i of result.indicators) for (const c of i.cases) if (!c.met) for (const id of c.childIds) ids.add(id)
  return childNames(db.sqlite, [...ids])
}

const CASE_WORDS: Record<CaseKind, string> = {
  plan: 'plan',
  child: 'child',
  meeting: 'core group',
  conference: 'conference',
  action: 'action',
  disagreement: 'disagreement',
}

/** "Ada Example (core group, 3 Mar 2026)": the children by name, what and when. */
/** The indicators whose case date is a deadline (indicators/deadlines.ts), not the date of a meeting. */
const DEADLINE_INDICATORS: ReadonlySet<string> = new Set(['first-core-group', 'core-group-interval', 'review-conference-on-time', 'disagreement-resolved'])

function caseWords(c: IndicatorCase, names: Readonly<Record<string, string>>, deadline: boolean): string {
  const who = c.childIds.map((id) => names[id] ?? `child ${id}`).join(' and ')
  // A deadline says so: "(core group, 29 Jun 2026)" read as a core group held that day.
  const when = deadline ? `due ${formatUK(c.date)}` : formatUK(c.date)
  return c.kind === 'child' || c.kind === 'plan' ? `${who} (${when})` : `${who} (${CASE_WORDS[c.kind]}, ${when})`
}

export const DEFAULT_THRESHOLD = 80

const pct = (p: number | null) => (p === null ? '—' : `${p.toFixed(1)}%`)

function line(i: IndicatorResult): string {
  return `${i.title}: ${pct(i.percent)} (${i.numerator} of ${i.denominator}).`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`

export interface AuditReportModel {
  result: AuditResult
  threshold: number
  wellDone: IndicatorResult[]
  development: IndicatorResult[]
  notMeasured: IndicatorResult[]
}

export function auditReportModel(result: AuditResult, o: AuditReportOptions = {}): AuditReportModel {
  const threshold = o.threshold ?? DEFAULT_THRESHOLD
  return {
    result,
    threshold,
    wellDone: result.indicators.filter((i) => i.percent !== null && i.percent >= threshold),
    development: result.indicators.filter((i) => i.percent !== null && i.percent < threshold),
    notMeasured: result.indicators.filter((i) => i.percent === null),
  }
}

export function auditReportDocument(result: AuditResult, o: AuditReportOptions = {}): ExportDocument {
  const m = auditReportModel(result, o)
  const maxCases = o.maxCases ?? 30
  const sections: DocSection[] = []
  sections.push({
    heading: 'What we did well',
    level: 1,
    blocks: m.wellDone.length
      ? [{ kind: 'bullets', items: m.wellDone.map(line) }]
      : [{ kind: 'paragraph', text: m.development.length ? `No indicator reached ${m.threshold}% in this period.` : NOTHING_MEASURED }],
  })
  // With nothing measured, no all-clear: there was nothing to reach the threshold.
  const dev: DocBlock[] = m.development.length
    ? []
    : [{ kind: 'paragraph', text: m.wellDone.length ? `Every measured indicator reached ${m.threshold}% in this period.` : NOTHING_MEASURED }]
  for (const i of m.development) {
    const missed = i.cases.filter((c) => !c.met)
    const shown = missed.slice(0, maxCases).map((c) => caseWords(c, o.childNames ?? {}, DEADLINE_INDICATORS.has(i.id)))
    dev.push({ kind: 'paragraph', text: line(i) })
    dev.push({
      kind: 'paragraph',
      text: `Not met (${missed.length}): ${shown.join('; ')}${missed.length > shown.length ? `; and ${missed.length - shown.length} more` : ''}.`,
    })
  }
  sections.push({ heading: 'Areas for development', level: 1, blocks: dev })
  if (m.notMeasured.length) {
    sections.push({
      heading: 'Not measured in this period',
      level: 1,
      blocks: [{ kind: 'bullets', items: m.notMeasured.map((i) => `${i.title}: no cases in the period.`) }],
    })
  }
  const months = result.indicators[0]?.monthly ?? []
  const trend: DocBlock[] = []
  for (let k = 0; k < months.length; k += 6) {
    const chunk = months.slice(k, k + 6)
    trend.push({
      kind: 'table',
      columns: ['Indicator', ...chunk.map((mo) => monthLabel(mo.month))],
      widths: [4, ...chunk.map(() => 1.3)],
      rows: result.indicators.map((i) => [i.title, ...i.monthly.slice(k, k + 6).map((mo) => (mo.denominator ? `${pct(mo.percent)} (${mo.numerator}/${mo.denominator})` : '—'))]),
    })
  }
  sections.push({ heading: 'Trend by month', level: 1, blocks: trend.length ? trend : [{ kind: 'paragraph', text: 'No months.' }] })
  sections.push({
    heading: 'How each indicator is measured',
    level: 1,
    blocks: [{ kind: 'bullets', items: result.indicators.map((i) => `${i.title}: ${i.definition}`) }],
  })
  return {
    title: 'Core group audit: indicators across the whole caseload',
    meta: [
      `Period ${formatUK(result.from)} to ${formatUK(result.to)}`,
      `${result.scope.plans} plans of ${result.scope.children} children in scope (100% of the caseload, not a sample)`,
      `"What we did well": ${m.threshold}% or more; "Areas for development": below ${m.threshold}%`,
    ],
    sections,
  }
}
