/**
 * The drift summary (queries/drift-summary.ts) is derived data: a scan that reads it must give
 * exactly what a scan of the history tables gives, and what the independent reference gives from
 * the exported document — after every kind of change to any table, by any connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportCaseloadJson } from '../../electron/core/caseload/export'
import { importCaseload } from '../../electron/core/caseload/import'
import { openCaseload, type CaseloadDb } from '../../electron/core/db/caseload-db'
import { scanCaseload } from '../../electron/core/drift/scan'
import { clearCaseload } from '../../electron/core/queries/caseload-write'
import { summaryFacts } from '../../electron/core/queries/drift-summary'
import { addDays } from '../../shared/civil-date'
import { DEFAULT_POLICY } from '../../shared/drift-policy'
import type { Caseload } from '../../shared/caseload-format'
import { TEST_PASSPHRASE, tempCaseload } from '../helpers/temp-db'
import { keyOf, referenceDrift } from './reference-drift'
import { randomCaseload } from './random-caseload'

/** As-of dates on and after the latest record of the caseload: the summary holds on them. */
function lateDates(): string[] {
  const latest = db.sqlite.prepare('SELECT max(valid_from) FROM drift_facts').pluck().get() as string
  return [latest, addDays(latest, 30), addDays(latest, 100)]
}

let db: CaseloadDb
let path: string
let cleanup: () => void
beforeAll(async () => {
  ;({ db, path, cleanup } = await tempCaseload())
})
afterAll(() => cleanup())

function load(seed: number, size = 12): void {
  db.sqlite.transaction(() => clearCaseload(db.sqlite))()
  importCaseload(db, randomCaseload(seed, '2026-12-15', size))
}

/** Scans on `asOf` from the summary and from the history, and checks both against the reference. */
function expectAgreement(asOf: string, expectSummary: boolean): void {
  const doc = JSON.parse(exportCaseloadJson(db)) as Caseload
  const summary = scanCaseload(db, { asOf, policy: DEFAULT_POLICY })
  const history = scanCaseload(db, { asOf, policy: DEFAULT_POLICY, fromHistory: true })
  expect(summary.timings?.summary !== undefined, `the summary was ${expectSummary ? 'not ' : ''}used on ${asOf}`).toBe(expectSummary)
  expect(history.timings?.summary).toBeUndefined()
  expect(summary.findings).toEqual(history.findings)
  expect(summary.cases).toEqual(history.cases)
  expect(summary.findings.map(keyOf)).toEqual(referenceDrift(doc, asOf, DEFAULT_POLICY))
  expect(db.sqlite.prepare('SELECT count(*) FROM drift_dirty').pluck().get()).toBe(0)
}

describe('the drift summary', () => {
  it('is built by an import and gives the same scan as the history on and after its records', () => {
    for (const seed of [101, 102, 103, 104, 105]) {
      load(seed)
      expect(db.sqlite.prepare('SELECT count(*) FROM drift_facts').pluck().get()).toBe(db.sqlite.prepare('SELECT count(*) FROM plans').pluck().get())
      for (const asOf of lateDates()) expectAgreement(asOf, true)
    }
  })

  it('is not used for an as-of date before a record of an open plan, and the scan still agrees', () => {
    load(106)
    let used = 0
    for (const asOf of ['2026-06-30', '2026-11-01', '2026-12-01', '2027-03-01', '2027-09-01']) {
      const stale = db.sqlite
        .prepare('SELECT count(*) FROM drift_facts WHERE valid_from > ? AND start_date <= ? AND (end_date IS NULL OR end_date > ?)')
        .pluck()
        .get(asOf, asOf, asOf) as number
      expectAgreement(asOf, stale === 0)
      if (stale > 0) used++
    }
    expect(used, 'no as-of date read the history').toBeGreaterThan(0)
  })

  it('follows every kind of change to the tables it is built from', () => {
    load(107, 16)
    const late = lateDates()
    expectAgreement(late[0]!, true)
    // Each change touches a table the summary reads, through plain SQL, as any write path would.
    const changes: [string, string][] = [
      ['a meeting moves', `UPDATE meetings SET date = date(date, '-20 days') WHERE id = (SELECT id FROM meetings ORDER BY date DESC, id DESC LIMIT 1)`],
      ['a risk score is taken off', `UPDATE meetings SET risk_score = NULL, risk_scale = NULL WHERE risk_score IS NOT NULL AND id = (SELECT id FROM meetings WHERE risk_score IS NOT NULL ORDER BY date DESC LIMIT 1)`],
      ['a meeting loses its flags', `UPDATE meetings SET plan_available = 0, child_views_recorded = 0, risk_reviewed = 0 WHERE id IN (SELECT id FROM meetings ORDER BY date DESC LIMIT 3)`],
      ['attendance is taken off', `DELETE FROM meeting_attendance WHERE meeting_id = (SELECT id FROM meetings ORDER BY date DESC, id DESC LIMIT 1)`],
      ['a present member is marked as apologies', `UPDATE meeting_attendance SET attended = 0 WHERE rowid = (SELECT max(rowid) FROM meeting_attendance WHERE attended = 1)`],
      ['decisions are sent to nobody', `DELETE FROM distributions WHERE meeting_id IN (SELECT id FROM meetings WHERE date >= '2026-11-01')`],
      ['a meeting no longer covers a plan', `DELETE FROM meeting_plans WHERE rowid = (SELECT max(rowid) FROM meeting_plans)`],
      ['a meeting is deleted', `DELETE FROM meetings WHERE id = (SELECT id FROM meetings ORDER BY date DESC, id DESC LIMIT 1)`],
      ['a member leaves', `UPDATE members SET to_date = '2026-10-01' WHERE rowid = (SELECT min(rowid) FROM members WHERE to_date IS NULL AND from_date <= '2026-10-01')`],
      ['a member is removed', `DELETE FROM members WHERE rowid = (SELECT max(rowid) FROM members)`],
      ['professionals lose their contact details', `UPDATE professionals SET email = NULL, phone = '  ' WHERE id IN (SELECT professional_id FROM members LIMIT 5)`],
      ['a chair changes role', `UPDATE professionals SET role = 'social-worker' WHERE id IN (SELECT chair_id FROM meetings LIMIT 3)`],
      ['a child becomes complex', `UPDATE children SET complex = 1 - complex, team = 'Moved Team' WHERE id = (SELECT child_id FROM plans LIMIT 1)`],
      ['visits are taken off', `DELETE FROM visits WHERE id IN (SELECT id FROM visits ORDER BY date DESC LIMIT 6)`],
      ['a visit was not alone', `UPDATE visits SET seen_alone = 0 WHERE id IN (SELECT id FROM visits ORDER BY date DESC LIMIT 4)`],
      ['an allocation ends', `UPDATE allocations SET end_date = '2026-12-01' WHERE rowid = (SELECT min(rowid) FROM allocations WHERE end_date IS NULL AND start_date <= '2026-12-01')`],
      ['an allocation is added', `INSERT INTO allocations (id, child_id, professional_id, start_date) SELECT 'AL-NEW', child_id, professional_id, '2026-12-10' FROM allocations LIMIT 1`],
      ['actions are done', `UPDATE actions SET status = 'done', closed_date = '2026-12-14' WHERE id IN (SELECT id FROM actions WHERE status = 'open' LIMIT 3)`],
      ['actions are reopened', `UPDATE actions SET status = 'open', closed_date = NULL WHERE id IN (SELECT id FROM actions WHERE status <> 'open' LIMIT 3)`],
      ['outcomes are blanked', `UPDATE actions SET outcome = ' ' WHERE id IN (SELECT id FROM actions LIMIT 4)`],
      ['a disagreement is resolved', `UPDATE disagreements SET resolved_date = '2026-12-15' WHERE id = (SELECT id FROM disagreements WHERE resolved_date IS NULL LIMIT 1)`],
      ['a disagreement stage is taken off', `DELETE FROM disagreement_stages WHERE rowid = (SELECT max(rowid) FROM disagreement_stages)`],
      ['a conference moves', `UPDATE conferences SET date = date(date, '-200 days') WHERE id = (SELECT id FROM conferences ORDER BY date DESC LIMIT 1)`],
      ['a conference is deleted', `DELETE FROM conferences WHERE id = (SELECT id FROM conferences ORDER BY date DESC LIMIT 1)`],
      ['a plan ends', `UPDATE plans SET end_date = '2026-12-14' WHERE id = (SELECT id FROM plans WHERE end_date IS NULL LIMIT 1)`],
    ]
    for (const [what, sql] of changes) {
      const changed = db.sqlite.prepare(sql).run().changes
      expect(changed, what).toBeGreaterThan(0)
      for (const asOf of lateDates()) expectAgreement(asOf, true)
    }
  })

  it('is rebuilt for plans that have none (a caseload migrated from before it) and follows another connection’s writes', async () => {
    load(108)
    const [asOf] = lateDates() as [string]
    const before = scanCaseload(db, { asOf: asOf }).findings
    db.sqlite.prepare('DELETE FROM drift_facts').run()
    const rebuilt = scanCaseload(db, { asOf: asOf })
    expect(rebuilt.timings?.refreshSummary).toBeGreaterThan(0)
    expect(rebuilt.findings).toEqual(before)

    // Another connection (another window of the app, the command line) changes the caseload: this
    // connection's next scan must not reuse what it decoded before.
    const other = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    try {
      other.sqlite.prepare(`DELETE FROM visits`).run()
    } finally {
      other.close()
    }
    expectAgreement(asOf, true)
    expect(scanCaseload(db, { asOf: asOf }).findings.map((f) => f.ruleId)).toContain('visit-overdue')
  })

  it('a change marked after the refresh, before the read, sends that scan to the history', () => {
    load(113)
    const [asOf] = lateDates() as [string]
    expectAgreement(asOf, true)
    // What a write by another connection between this connection's refresh and its read leaves behind.
    db.sqlite.prepare('INSERT INTO drift_dirty (plan_id) SELECT id FROM plans LIMIT 1').run()
    db.sqlite.transaction(() => expect(summaryFacts(db.sqlite, asOf)).toBeNull())()
    expectAgreement(asOf, true)
  })

  it('a caseload this process may only read is still scanned, from the history where the summary is out of date', async () => {
    load(114)
    const [asOf] = lateDates() as [string]
    db.sqlite.prepare('DELETE FROM visits WHERE rowid = (SELECT max(rowid) FROM visits)').run()
    const doc = JSON.parse(exportCaseloadJson(db)) as Caseload
    const ro = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    try {
      ro.sqlite.pragma('query_only = ON')
      const scan = scanCaseload(ro, { asOf, policy: DEFAULT_POLICY })
      expect(scan.timings?.summary).toBeUndefined()
      expect(scan.findings.map(keyOf)).toEqual(referenceDrift(doc, asOf, DEFAULT_POLICY))
    } finally {
      ro.sqlite.close()
    }
  })

  it('a record dated after the as-of date sends that scan to the history', () => {
    load(109)
    const [latest] = lateDates() as [string]
    db.sqlite
      .prepare(`INSERT INTO visits (id, child_id, date, seen_alone) SELECT 'V-FUTURE', child_id, ?, 1 FROM plans WHERE end_date IS NULL AND start_date <= ? LIMIT 1`)
      .run(addDays(latest, 20), latest)
    expectAgreement(addDays(latest, 10), false)
    expectAgreement(addDays(latest, 20), true)
  })

  it('keeps ids and team names with quotes, backslashes, line breaks, control characters and non-ASCII text exactly', () => {
    // Ids are any non-empty string in format v1; the summary's JSON escapes them and its decoder must give them back.
    const odd = (s: string) => `${s} "q" \\ é ü 😀 \n\t\u0001 / ${s}`
    const rename = (v: unknown, key = ''): unknown => {
      if (Array.isArray(v)) return v.map((x) => rename(x, key))
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rename(x, k)]))
      const isRef = key === 'id' || key.endsWith('Id') || key === 'planIds' || key === 'attended' || key === 'apologies' || key === 'team'
      return typeof v === 'string' && isRef ? odd(v) : v
    }
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, rename(randomCaseload(111, '2026-12-15', 12)))
    expect(String(db.sqlite.prepare('SELECT min(plan_id) FROM drift_facts').pluck().get())).toContain('😀')
    for (const asOf of lateDates()) expectAgreement(asOf, true)
  })

  it('a summary row that cannot be read is rebuilt, and that scan reads the history instead', () => {
    load(112)
    const [asOf] = lateDates() as [string]
    for (const damaged of [`[1,2`, `["P","C",1,null,0,null,[],null,[],[],[],[],[],[],"extra"]`, `["P","C","x"]`, `[]`]) {
      db.sqlite.prepare(`UPDATE drift_facts SET facts = ? WHERE rowid = (SELECT max(rowid) FROM drift_facts)`).run(damaged)
      expectAgreement(asOf, false)
      expect(scanCaseload(db, { asOf }).timings?.summary, 'the next scan reads the rebuilt summary').toBeDefined()
    }
  })

  it('an import that fails leaves the summary as it was', () => {
    load(110)
    const [asOf] = lateDates() as [string]
    const before = db.sqlite.prepare('SELECT plan_id, valid_from, facts FROM drift_facts ORDER BY plan_id').all()
    expect(() => importCaseload(db, { version: 1, children: 'not a list' }, { replace: true })).toThrow()
    expect(db.sqlite.prepare('SELECT plan_id, valid_from, facts FROM drift_facts ORDER BY plan_id').all()).toEqual(before)
    expectAgreement(asOf, true)
  })
})
