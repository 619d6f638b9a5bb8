import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditIndicators, INDICATOR_IDS, type AuditResult, type IndicatorId } from '../../electron/core/audit/indicators'
import { importCaseload } from '../../electron/core/caseload/import'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { auditReportDocument } from '../../electron/core/export/audit-report'
import { canonicalText } from '../../electron/core/export/document'
import { tempCaseload } from '../helpers/temp-db'
import { FROM, handMadeCaseload, TO } from './fixture'

describe('audit indicators on a hand-made caseload (March 2026)', () => {
  let result: AuditResult
  let cleanup: () => void
  beforeAll(async () => {
    const t = await tempCaseload()
    cleanup = t.cleanup
    importCaseload(t.db, handMadeCaseload())
    result = auditIndicators(t.db, { from: FROM, to: TO })
  })
  afterAll(() => cleanup())

  const get = (id: IndicatorId) => result.indicators.find((i) => i.id === id)!
  const met = (id: IndicatorId) => get(id).cases.filter((c) => c.met).map((c) => c.id)
  const missed = (id: IndicatorId) => get(id).cases.filter((c) => !c.met).map((c) => c.id)

  it('counts every plan and child in scope', () => {
    expect(result.scope).toEqual({ plans: 6, children: 6 })
    expect(result.indicators.map((i) => i.id)).toEqual([...INDICATOR_IDS])
  })

  it.each([
    ['first-core-group', 1, 3, ['PL1'], ['PL2', 'PL3']],
    ['core-group-interval', 1, 2, ['M1'], ['M6']],
    ['decisions-distributed', 1, 3, ['M1'], ['M2', 'M7']],
    ['plan-available', 4, 5, ['M2', 'M3', 'M4', 'M8'], ['M7']],
    ['child-views-recorded', 3, 5, ['M7', 'M3', 'M8'], ['M2', 'M4']],
    ['risk-reviewed', 4, 5, ['M2', 'M7', 'M4', 'M8'], ['M3']],
    ['actions-smart', 1, 4, ['AC1'], ['AC2', 'AC4', 'AC3']],
    ['complex-case-chair', 1, 2, ['M2'], ['M8']],
    ['review-conference-on-time', 1, 2, ['K4'], ['PL5']],
    ['disagreement-resolved', 1, 2, ['D1'], ['D2']],
    ['worker-stability', 5, 6, ['C1', 'C3', 'C4', 'C5', 'C6'], ['C2']],
  ] as const)('%s: %i of %i', (id, n, d, yes, no) => {
    const i = get(id)
    expect([i.numerator, i.denominator]).toEqual([n, d])
    expect(i.percent).toBe(Math.round((n / d) * 1000) / 10)
    expect(met(id).sort()).toEqual([...yes].sort())
    expect(missed(id).sort()).toEqual([...no].sort())
  })

  it('names the children and plans behind each case', () => {
    const m8 = get('complex-case-chair').cases.find((c) => c.id === 'M8')!
    expect(m8).toMatchObject({ kind: 'meeting', childIds: ['C2'], planIds: ['PL2'], date: '2026-03-25', met: false })
    const m8views = get('child-views-recorded').cases.find((c) => c.id === 'M8')!
    expect(m8views.childIds).toEqual(['C2', 'C3'])
    const pl2 = get('first-core-group').cases.find((c) => c.id === 'PL2')!
    expect(pl2).toMatchObject({ kind: 'plan', childIds: ['C2'], date: '2026-03-04' })
    expect(get('worker-stability').cases.find((c) => c.id === 'C2')!.date).toBe('2026-03-10')
  })

  it('gives a one-month trend equal to the period', () => {
    for (const i of result.indicators) {
      expect(i.monthly).toHaveLength(1)
      expect(i.monthly[0]).toMatchObject({ month: '2026-03', from: FROM, to: TO, numerator: i.numerator, denominator: i.denominator })
    }
  })

  it('puts indicators at or above the threshold under "What we did well" and the rest under "Areas for development"', () => {
    const text = canonicalText(auditReportDocument(result, { threshold: 75, childNames: { C2: 'Fictional Birch Test', C3: 'Fictional Cedar Test' } }))
    const well = text.slice(text.indexOf('\nWhat we did well\n'), text.indexOf('\nAreas for development\n'))
    const dev = text.slice(text.indexOf('\nAreas for development\n'), text.indexOf('\nTrend by month\n'))
    expect(well).toContain('Child protection plan available at the core group: 80.0% (4 of 5).')
    expect(well).toContain('Children with no change of social worker: 83.3% (5 of 6).')
    expect(dev).toContain('First core group within the timescale: 33.3% (1 of 3).')
    // The cases by the children's names and the date, never by plan codes.
    expect(dev).toMatch(/Not met \(2\): Fictional Birch Test \(due \d{1,2} Mar 2026\); Fictional Cedar Test \(due \d{1,2} Mar 2026\)\./)
    expect(dev).not.toMatch(/\bPL\d/)
    expect(dev).not.toContain('plan available')
  })

  it('rejects a period that ends before it starts or is not dates', async () => {
    const t = await tempCaseload()
    try {
      expect(() => auditIndicators(t.db, { from: '2026-03-31', to: '2026-03-01' })).toThrow(/ends/)
      expect(() => auditIndicators(t.db, { from: '2026-02-30', to: '2026-03-01' })).toThrow(/real dates/)
    } finally {
      t.cleanup()
    }
  })
})

describe('audit indicators on the demo caseload', () => {
  it('splits each period total exactly into its months and keeps every rate within 0–100%', async () => {
    const t = await tempCaseload()
    try {
      loadDemoCaseload(t.db, { children: 120, seed: 7, asOf: '2026-11-26' })
      const r = auditIndicators(t.db, { from: '2026-04-15', to: '2026-10-31' })
      expect(r.indicators[0]!.monthly.map((m) => m.month)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'])
      expect(r.indicators[0]!.monthly[0]!.from).toBe('2026-04-15')
      for (const i of r.indicators) {
        expect(i.denominator).toBeGreaterThan(0)
        expect(i.numerator).toBeLessThanOrEqual(i.denominator)
        expect(i.cases).toHaveLength(i.denominator)
        if (i.id !== 'worker-stability') {
          expect(i.monthly.reduce((n, m) => n + m.numerator, 0)).toBe(i.numerator)
          expect(i.monthly.reduce((n, m) => n + m.denominator, 0)).toBe(i.denominator)
        }
        for (const c of i.cases) {
          expect(c.date >= r.from && c.date <= r.to).toBe(true)
          expect(c.childIds.length).toBeGreaterThan(0)
        }
      }
    } finally {
      t.cleanup()
    }
  })
})
