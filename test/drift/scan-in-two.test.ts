/**
 * The first scan of a date shared with a second thread (drift/scan-in-two.ts, worker/scan-worker.ts)
 * must give exactly what the one-thread scan gives: the same findings in the same order with the
 * same sentences (the other thread's are made here when read), the same cases, the same calendar
 * warning — and the same again when the other thread is missing, slow to start or says no.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import { openCaseload, type CaseloadDb } from '../../electron/core/db/caseload-db'
import { scanCaseload } from '../../electron/core/drift/scan'
import { scanCaseloadInTwo, type OtherThread, type PartScan } from '../../electron/core/drift/scan-in-two'
import { clearCaseload } from '../../electron/core/queries/caseload-write'
import { startScanThread, type ScanThread } from '../../electron/core/worker/scan-thread'
import { DriftwatchError } from '../../shared/errors'
import { addDays } from '../../shared/civil-date'
import { tempCaseload, TEST_PASSPHRASE } from '../helpers/temp-db'
import { randomCaseload } from './random-caseload'

let db: CaseloadDb
let first: CaseloadDb
let cleanup: () => void
let thread: ScanThread
beforeAll(async () => {
  const t = await tempCaseload()
  first = t.db
  cleanup = t.cleanup
  let key: Uint8Array | null = null
  db = await openCaseload({ path: t.path, passphrase: TEST_PASSPHRASE, onKey: (k) => (key = k) })
  thread = startScanThread(undefined)
  thread.open(t.path, key!)
  expect(key!.byteLength, 'the key is transferred, not copied').toBe(0)
  // Under vitest the thread starts through tsx, which on a busy machine takes longer than the app's wait.
  expect(thread.ready(30_000)).toBe(true)
})
afterAll(() => {
  thread.stop()
  db.close()
  cleanup()
})

/** The thread, counting the findings its parts gave. */
function counting(other: OtherThread): OtherThread & { found: number; parts: number } {
  const c = {
    found: 0,
    parts: 0,
    start: (r: Parameters<OtherThread['start']>[0]) => {
      const p = other.start(r)
      return p && {
        wait: (): PartScan | null => {
          const part = p.wait()
          if (part) {
            c.parts++
            c.found += part.findings.length
          }
          return part
        },
      }
    },
  }
  return c
}

const plain = (s: ReturnType<typeof scanCaseload>) => ({ findings: s.findings.map((f) => ({ ...f })), cases: s.cases, warnings: s.warnings, asOf: s.asOf, policy: s.policy })

describe('a scan shared with a second thread', () => {
  it.each([401, 402, 403])('gives what the one-thread scan gives, sentences included (random caseload %i)', (seed) => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(seed, '2026-12-15', 40))
    const latest = db.sqlite.prepare('SELECT max(valid_from) FROM drift_facts').pluck().get() as string
    const other = counting(thread)
    for (const asOf of [latest, addDays(latest, 1), addDays(latest, 30), addDays(latest, 200)]) {
      const two = scanCaseloadInTwo(db, asOf, other)
      const one = scanCaseload(db, { asOf })
      expect(two.findings.length, asOf).toBeGreaterThan(0)
      expect(plain(two), asOf).toEqual(plain(one))
    }
    expect(other.parts).toBe(4)
    expect(other.found, 'the other thread found some of them').toBeGreaterThan(0)
  })

  it('gives the same sentences whatever order they are read in (one plan at a time, then in batches)', () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(409, '2026-12-15', 60))
    const asOf = db.sqlite.prepare('SELECT max(valid_from) FROM drift_facts').pluck().get() as string
    const one = scanCaseload(db, { asOf }).findings.map((f) => f.message)
    const two = scanCaseloadInTwo(db, asOf, thread).findings
    // Backwards, then every third from the start: batches reach ahead of where the reader is.
    const read = new Array<string>(two.length)
    for (let i = two.length - 1; i >= 0; i -= 2) read[i] = two[i]!.message
    for (let i = 0; i < two.length; i++) read[i] ??= two[i]!.message
    expect(read).toEqual(one)
  })

  it('gives one calendar warning over both parts, past the years with known bank holidays', () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(404, '2030-12-10', 40))
    const latest = db.sqlite.prepare('SELECT max(valid_from) FROM drift_facts').pluck().get() as string
    const two = scanCaseloadInTwo(db, latest, thread)
    const one = scanCaseload(db, { asOf: latest })
    expect(one.warnings.length).toBe(1)
    expect(plain(two)).toEqual(plain(one))
  })

  it('scans everything here when the other thread is not there or answers nothing', () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(405, '2026-12-15', 30))
    const asOf = db.sqlite.prepare('SELECT max(valid_from) FROM drift_facts').pluck().get() as string
    const one = plain(scanCaseload(db, { asOf }))
    expect(plain(scanCaseloadInTwo(db, asOf, { start: () => null }))).toEqual(one)
    expect(plain(scanCaseloadInTwo(db, asOf, { start: () => ({ wait: () => null }) }))).toEqual(one)
  })

  it('reads the history on a date where the summary does not hold, as the one-thread scan does', () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(406, '2026-12-15', 30))
    const asOf = '2026-09-01'
    const other = counting(thread)
    expect(plain(scanCaseloadInTwo(db, asOf, other))).toEqual(plain(scanCaseload(db, { asOf, fromHistory: true })))
    expect(other.parts).toBe(0)
  })

  it("never gives a sentence from other facts than the finding's", () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(407, '2026-12-15', 40))
    const asOf = db.sqlite.prepare('SELECT max(valid_from) FROM drift_facts').pluck().get() as string
    const other = counting(thread)
    const two = scanCaseloadInTwo(db, asOf, other)
    expect(other.parts).toBe(1)
    // A plan of the other thread's part (the upper half of the summary's rowids).
    const [lo, hi] = db.sqlite.prepare('SELECT min(rowid), max(rowid) FROM drift_facts').raw().get() as [number, number]
    const mid = lo + Math.ceil((hi + 1 - lo) / 2)
    const upper = new Set(db.sqlite.prepare('SELECT plan_id FROM drift_facts WHERE rowid >= ?').pluck().all(mid) as string[])
    const theirs = two.findings.filter((f) => upper.has(f.planId) && (f.ruleId === 'action-not-smart' || f.ruleId === 'action-overdue'))
    const last = theirs[theirs.length - 1]!
    // The analysis takes a change in before anything reads (app/analysis.ts); read without it, the
    // finding's action is gone and its sentence cannot be made: an error, never another sentence.
    db.sqlite.prepare('DELETE FROM actions WHERE id = ?').run(last.subject.id)
    expect(() => last.message).toThrow(DriftwatchError)
  })

  it('scans alone once the caseload is closed there, and shares again when it is opened again', async () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, randomCaseload(408, '2026-12-15', 30))
    const asOf = db.sqlite.prepare('SELECT max(valid_from) FROM drift_facts').pluck().get() as string
    const one = plain(scanCaseload(db, { asOf }))
    thread.close()
    const alone = counting(thread)
    expect(plain(scanCaseloadInTwo(db, asOf, alone))).toEqual(one)
    expect(alone.parts).toBe(0)
    let key: Uint8Array | null = null
    const again = await openCaseload({ path: db.path, passphrase: TEST_PASSPHRASE, onKey: (k) => (key = k) })
    again.close()
    thread.open(db.path, key!)
    expect(thread.ready(30_000)).toBe(true)
    const shared = counting(thread)
    expect(plain(scanCaseloadInTwo(db, asOf, shared))).toEqual(one)
    expect(shared.parts).toBe(1)
    // The first connection still writes: the thread's only reads.
    expect(first.sqlite.prepare('SELECT count(*) FROM plans').pluck().get()).toBeGreaterThan(0)
  })
})
