import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays } from '../../shared/civil-date'
import { DEFAULT_POLICY, parsePolicy } from '../../shared/drift-policy'
import { importCaseload } from '../../electron/core/caseload/import'
import { clearCaseload } from '../../electron/core/queries/caseload-write'
import { scanCaseload } from '../../electron/core/drift/scan'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { keyOf, referenceDrift } from './reference-drift'
import { randomCaseload } from './random-caseload'
import { baseDoc, tempDb } from './helpers'
import { LOCAL_RULE_IDS, type Finding } from '../../shared/drift-types'

/**
 * The reference implements design brief §4 only. Rules over the app's own working records
 * (LOCAL_RULE_IDS: supervision-action-overdue) are left out of the comparison on purpose; they are
 * tested in test/supervision/. (Imported caseloads have no supervision records, so none occur here.)
 */
const section4 = (findings: readonly Finding[]) => findings.filter((f) => !(LOCAL_RULE_IDS as readonly string[]).includes(f.ruleId))

describe('scanCaseload on a real encrypted DB agrees exactly with the independent reference', () => {
  let db: CaseloadDb
  let cleanup: () => void
  beforeAll(async () => {
    ;({ db, cleanup } = await tempDb())
  })
  afterAll(() => cleanup())

  const load = (seed: number, size: number) => {
    const doc = randomCaseload(seed, '2026-12-15', size)
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, doc)
    return doc
  }

  it('on random caseloads and as-of dates (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.array(fc.integer({ min: -260, max: 60 }), { minLength: 3, maxLength: 6 }), (seed, offsets) => {
        const doc = load(seed, 8)
        for (const o of offsets) {
          const asOf = addDays('2026-12-15', o)
          const got = section4(scanCaseload(db, { asOf, policy: DEFAULT_POLICY }).findings).map(keyOf)
          expect(got).toEqual(referenceDrift(doc, asOf, DEFAULT_POLICY))
        }
      }),
      { numRuns: 40 },
    )
  })

  it('with a changed policy stored in the database', async () => {
    const { loadPolicy, resetPolicy, savePolicy } = await import('../../electron/core/queries/policy-settings')
    const policy = parsePolicy({
      coreGroupIntervalDays: 20,
      distributionLookbackDays: 30,
      distributionWorkingDays: 3,
      visitWorkingDays: 5,
      disagreementStageWorkingDays: [2, 3, 4, 5],
      disagreementCapWorkingDays: 9,
      dueSoonWorkingDays: { 'visit-overdue': 0, 'action-overdue': 9 },
    })
    for (const seed of [11, 12, 13]) {
      const doc = load(seed, 10)
      savePolicy(db, policy)
      expect(loadPolicy(db)).toEqual(policy)
      for (const asOf of ['2026-12-24', '2027-01-04', '2026-09-30']) {
        const scan = scanCaseload(db, { asOf })
        expect(scan.policy).toEqual(policy)
        expect(section4(scan.findings).map(keyOf)).toEqual(referenceDrift(doc, asOf, policy))
      }
      resetPolicy(db)
      expect(loadPolicy(db)).toEqual(DEFAULT_POLICY)
    }
  })

  // England and Wales 2031 (Easter Sunday 13 Apr): a whole year, as the official file lists each year.
  const YEAR_2031 = ['2031-01-01', '2031-04-11', '2031-04-14', '2031-05-05', '2031-05-26', '2031-08-25', '2031-12-25', '2031-12-26'].map((date) => ({ title: 'Bank holiday', date }))

  it('uses imported bank holidays and warns past the known years', async () => {
    const { importBankHolidays, resetBankHolidays } = await import('../../electron/core/queries/policy-settings')
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, baseDoc('2030-12-20'))
    expect(scanCaseload(db, { asOf: '2030-12-20' }).warnings.join(' ')).toMatch(/after 31 Dec 2030/)
    const r = importBankHolidays(db, { 'england-and-wales': { division: 'england-and-wales', events: YEAR_2031 } })
    expect(r.knownUntil).toBe('2031-12-31')
    expect(scanCaseload(db, { asOf: '2030-12-20' }).warnings).toEqual([])
    resetBankHolidays(db)
  })
})
