/**
 * The scans' read-ahead thread (worker/read-ahead-thread.ts, queries/read-ahead.ts): the summary's
 * batches read by a second connection in its own thread. A scan through it finds exactly what a scan
 * alone finds; whatever goes wrong (another program's change since the refresh, a read given up
 * half-way, the thread gone), the scan reads on its own connection and nothing differs. The session
 * starts one at unlock and ends it at lock. Real encrypted caseloads, real threads.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import { openCaseload, openDatabaseFile, withRollbackJournal, type CaseloadDb } from '../../electron/core/db/caseload-db'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import { scanCaseload } from '../../electron/core/drift/scan'
import { Session } from '../../electron/core/app/session'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { SQL_BATCH } from '../../electron/core/queries/drift-summary'
import { openPlanRows, openPlanRowsAhead, SQL_OPEN_ROWS_JSON } from '../../electron/core/queries/caseload-rows'
import { readAheadOf, setReadAhead, type ReadAhead } from '../../electron/core/queries/read-ahead'
import { ReadAheadThread } from '../../electron/core/worker/read-ahead-thread'
import { TEST_KDF, TEST_PASSPHRASE, tempCaseload, tempDir } from '../helpers/temp-db'

const AS_OF = '2026-11-26'
let db: CaseloadDb
let path: string
let cleanup: () => void
let key: Uint8Array

beforeAll(async () => {
  const made = await tempCaseload()
  path = made.path
  cleanup = made.cleanup
  // Over 512 plans a batch: several batches, so that a read can be given up half-way.
  importCaseload(made.db, demoCaseloadDocument({ children: 1300, seed: 'read-ahead', asOf: AS_OF }))
  made.db.close()
  db = await openCaseload({ path, passphrase: TEST_PASSPHRASE, onKey: (k) => (key = k) })
  // The first scan refreshes every summary.
  scanCaseload(db, { asOf: AS_OF })
}, 60_000)
afterAll(() => {
  db.close()
  cleanup()
})

async function started(): Promise<ReadAheadThread> {
  const thread = new ReadAheadThread(path, new Uint8Array(key))
  for (let i = 0; i < 500 && !thread.ready; i++) await new Promise((r) => setTimeout(r, 20))
  expect(thread.ready).toBe(true)
  return thread
}

/** The thread, counting the answers it gave. */
function counting(thread: ReadAhead): ReadAhead & { served: number; statements: string[] } {
  const c = {
    served: 0,
    /** The statement of each answer, in the order taken. */
    statements: [] as string[],
    suspend: () => thread.suspend(),
    read: (...args: Parameters<ReadAhead['read']>) => {
      const answers = thread.read(...args)
      if (!answers) return null
      return (function* () {
        for (const a of answers) {
          c.served++
          c.statements.push(args[0])
          yield a
        }
      })()
    },
  }
  return c
}

const batchParams = () => {
  const [lo, hi] = db.sqlite.prepare('SELECT min(rowid), max(rowid) FROM drift_facts').raw(true).get() as [number, number]
  const out: { asOf: string; lo: number; hi: number }[] = []
  for (let first = lo; first <= hi; first += 512) out.push({ asOf: AS_OF, lo: first, hi: first + 512 })
  return out
}
const ownTexts = () => batchParams().map((p) => db.sqlite.prepare(SQL_BATCH).pluck(true).get(p) as string | null)
const scanAlone = () => {
  setReadAhead(db.sqlite, null)
  return JSON.stringify(scanCaseload(db, { asOf: AS_OF }), (k, v: unknown) => (k === 'timings' ? undefined : v))
}
const scanWith = (r: ReadAhead) => {
  setReadAhead(db.sqlite, r)
  try {
    return JSON.stringify(scanCaseload(db, { asOf: AS_OF }), (k, v: unknown) => (k === 'timings' ? undefined : v))
  } finally {
    setReadAhead(db.sqlite, null)
  }
}

describe('the read-ahead thread', () => {
  it('takes the key away from the sender, and a scan through it finds exactly what a scan alone finds', async () => {
    const copy = new Uint8Array(key)
    const thread = new ReadAheadThread(path, copy)
    // Transferred: nothing stays here.
    expect(copy.byteLength).toBe(0)
    thread.stop()
    const t = await started()
    try {
      const alone = scanAlone()
      const c = counting(t)
      const withAhead = scanWith(c)
      expect(batchParams().length).toBeGreaterThanOrEqual(3)
      expect(c.served).toBe(batchParams().length)
      expect(withAhead).toBe(alone)
      expect(JSON.parse(alone).findings.length).toBeGreaterThan(100)
    } finally {
      t.stop()
    }
  })

  it("refuses when another program changed the caseload since the refresh, and the scan then reads alone", async () => {
    const t = await started()
    const other = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    try {
      // Another program renames a child: the summary's triggers mark its plans, in its commit.
      other.sqlite.prepare(`UPDATE children SET team = 'Another team' WHERE rowid = (SELECT min(rowid) FROM children)`).run()
      expect([...t.read('summaryBatch', batchParams(), [{ guard: 'summaryNeedsRefresh', params: {} }])!]).toEqual([])
      // The scan refreshes on its own connection first, then the thread's snapshot agrees.
      const c = counting(t)
      const withAhead = scanWith(c)
      expect(c.served).toBe(batchParams().length)
      expect(withAhead).toBe(scanAlone())
      expect(withAhead).toContain('Another team')
    } finally {
      other.close()
      t.stop()
    }
  })

  it("reads a past date's plans for the history loader, while the scan reads the meetings: the same findings", async () => {
    const t = await started()
    try {
      for (const asOf of ['2026-06-30', '2026-09-14', AS_OF]) {
        const scan = () => JSON.stringify(scanCaseload(db, { asOf, fromHistory: true }), (k, v: unknown) => (k === 'timings' ? undefined : v))
        setReadAhead(db.sqlite, null)
        const alone = scan()
        const c = counting(t)
        setReadAhead(db.sqlite, c)
        const withAhead = scan()
        setReadAhead(db.sqlite, null)
        // Its one chunk of plans (under 4,096), who attended the window's meetings, the open actions
        // and the open disagreements.
        expect(c.served, asOf).toBe(4)
        expect(withAhead, asOf).toBe(alone)
        expect(JSON.parse(alone).findings.length, asOf).toBeGreaterThan(50)
      }
    } finally {
      setReadAhead(db.sqlite, null)
      t.stop()
    }
  })

  it('a past date with a thread that stops answering half-way: the loader reads the rest itself, the same findings', async () => {
    const t = await started()
    const asOf = '2026-09-14'
    const scan = () => JSON.stringify(scanCaseload(db, { asOf, fromHistory: true }), (k, v: unknown) => (k === 'timings' ? undefined : v))
    try {
      setReadAhead(db.sqlite, null)
      const alone = scan()
      for (const answered of [0, 1, 2, 3]) {
        // Every answer after the first `answered` never comes (the reads end early).
        let left = answered
        setReadAhead(db.sqlite, {
          suspend: () => t.suspend(),
          read: (...args) => {
            const answers = t.read(...args)
            if (!answers) return null
            return (function* () {
              for (const a of answers) {
                if (left-- <= 0) return
                yield a
              }
            })()
          },
        })
        expect(scan(), `after ${answered} answers`).toBe(alone)
      }
    } finally {
      setReadAhead(db.sqlite, null)
      t.stop()
    }
  })

  it('not ready when a scan starts: the scan reads alone until it is, then through it', async () => {
    const t = await started()
    try {
      const alone = scanAlone()
      // Not ready for the first two questions (the scan reads a batch alone after each).
      let notReady = 2
      const c = counting({ read: (...args) => (notReady-- > 0 ? null : t.read(...args)), suspend: () => t.suspend() })
      expect(scanWith(c)).toBe(alone)
      expect(c.served).toBe(batchParams().length - 2)
    } finally {
      t.stop()
    }
  })

  it("steps aside for an import's rollback journal (which needs the only connection), then reads again", async () => {
    const t = await started()
    try {
      setReadAhead(db.sqlite, t)
      const began = performance.now()
      // What an import does (caseload/import.ts): without the suspend, the switch waits out the
      // busy timeout (5 s) and the import runs in WAL mode.
      const mode = withRollbackJournal(db.sqlite, () => db.sqlite.pragma('journal_mode', { simple: true }))
      expect(mode).toBe('delete')
      expect(performance.now() - began).toBeLessThan(2000)
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      // Its connection is opened again for the next read.
      const c = counting(t)
      expect(scanWith(c)).toBe(scanAlone())
      expect(c.served).toBe(batchParams().length)
    } finally {
      setReadAhead(db.sqlite, null)
      t.stop()
    }
  })

  it('answers reads taken in another order than asked', async () => {
    const t = await started()
    try {
      const params = batchParams()
      const first = t.read('summaryBatch', params, [])!
      const second = t.read('summaryBatch', params.slice(1, 2), [])!
      // The second's answer comes after all of the first's: they are kept for the first.
      expect([...second]).toEqual(ownTexts().slice(1, 2))
      expect([...first]).toEqual(ownTexts())
    } finally {
      t.stop()
    }
  })

  it('answers the next read rightly after one given up half-way', async () => {
    const t = await started()
    try {
      const first = t.read('summaryBatch', batchParams(), [])![Symbol.iterator]()
      expect(first.next().done).toBe(false)
      // Time for the thread to post every other answer of that read: they are left over.
      await new Promise((r) => setTimeout(r, 500))
      first.return?.(undefined)
      expect([...t.read('summaryBatch', batchParams(), [])!]).toEqual(ownTexts())
      // And a scan after it.
      expect(scanWith(t)).toBe(scanAlone())
    } finally {
      t.stop()
    }
  })

  it('a read asked to go after the next waits for the reads asked after it, and is then answered', async () => {
    const t = await started()
    try {
      const rowsText = () => db.sqlite.prepare(SQL_OPEN_ROWS_JSON).pluck(true).get({ asOf: AS_OF }) as string
      // Idle: sent at once; a read asked only when the thread is idle is then refused while it works.
      const early = t.read('openPlanRows', [{ asOf: AS_OF }], [], { afterNext: true })!
      expect(t.read('summaryBatch', batchParams(), [], { whenIdle: true })).toBeNull()
      expect([...early]).toEqual([rowsText()])
      // Busy: kept back until the reads asked after it have been sent (when their answers are first
      // awaited), then answered after them.
      const first = t.read('summaryBatch', batchParams(), [])!
      const later = t.read('openPlanRows', [{ asOf: AS_OF }], [], { afterNext: true })!
      const batches = first[Symbol.iterator]()
      expect(batches.next().value).toBe(ownTexts()[0])
      expect([...later]).toEqual([rowsText()])
      expect([batches.next().value, ...{ [Symbol.iterator]: () => batches }]).toEqual(ownTexts().slice(1))
      // Taken before any other read sent it: sent then.
      const alone = t.read('openPlanRows', [{ asOf: AS_OF }], [], { afterNext: true })!
      await new Promise((r) => setTimeout(r, 50))
      expect([...alone]).toEqual([rowsText()])
    } finally {
      t.stop()
    }
    // A thread that never becomes ready gives none (the caller reads itself).
    const never = new ReadAheadThread(path, new Uint8Array(key.length).fill(7))
    await never.ended
    expect([...never.read('openPlanRows', [{ asOf: AS_OF }], [], { afterNext: true })!]).toEqual([])
  })

  it("reads the table's rows and the professionals' names during the scan: the same rows, awkward names kept exactly", async () => {
    const t = await started()
    try {
      db.sqlite
        .prepare(`UPDATE children SET name = ? WHERE rowid = (SELECT min(rowid) FROM children)`)
        .run('Zoë "Quote" \\ back\\slash 😀 null')
      setReadAhead(db.sqlite, null)
      const first = scanCaseload(db, { asOf: AS_OF }).cases.find((x) => x.workerId !== null)!
      db.sqlite.prepare(`UPDATE professionals SET name = ? WHERE id = ?`).run('O\'Brien "PJ" ✓', first.workerId)
      const scan = scanCaseload(db, { asOf: AS_OF })
      const workers = new Map(scan.cases.map((c) => [c.planId, c.workerId]))
      const alone = openPlanRows(db.sqlite, AS_OF, workers)
      const c = counting(t)
      setReadAhead(db.sqlite, c)
      // As app/analysis.ts does: asked before the scan, taken after it.
      const ahead = openPlanRowsAhead(db.sqlite, AS_OF)
      const again = scanCaseload(db, { asOf: AS_OF })
      const rows = openPlanRows(db.sqlite, AS_OF, new Map(again.cases.map((x) => [x.planId, x.workerId])), ahead)
      // The names, sent at once (the thread was idle); the scan read alone while the thread was
      // busy with them, then asked it for the rest of the summary; the rows went after that.
      expect(c.statements.filter((x) => x === 'summaryBatch').length).toBeGreaterThan(0)
      expect(c.statements.slice(-2)).toEqual(['professionalNames', 'openPlanRows'])
      expect(rows).toEqual(alone)
      expect(rows.some((r) => r.childName === 'Zoë "Quote" \\ back\\slash 😀 null')).toBe(true)
      expect(rows.some((r) => r.planId === first.planId && r.workerName === 'O\'Brien "PJ" ✓')).toBe(true)
    } finally {
      setReadAhead(db.sqlite, null)
      t.stop()
    }
  })

  it('gone: reads nothing, and the scan reads alone', async () => {
    const t = await started()
    t.stop()
    await t.ended
    expect([...t.read('summaryBatch', batchParams(), [])!]).toEqual([])
    const c = counting(t)
    expect(scanWith(c)).toBe(scanAlone())
    expect(c.served).toBe(0)
  })

  it('a caseload it cannot open (wrong key): never ready, and the scan reads alone', async () => {
    const wrong = new Uint8Array(key.length).fill(7)
    const t = new ReadAheadThread(path, wrong)
    await t.ended
    expect(t.ready).toBe(false)
    expect(scanWith(t)).toBe(scanAlone())
  })
})

describe("the session's read-ahead", () => {
  it('starts at unlock (for the scans of that connection) and ends at lock', async () => {
    const { dir, cleanup: done } = tempDir()
    // backupInThread: the session keeps a copy of the key, which the test uses to open the file itself.
    const session = new Session({
      dbPath: join(dir, 'caseload.db'),
      kdf: TEST_KDF,
      today: () => AS_OF,
      readAhead: true,
      backupInThread: true,
      loadDemo: loadDemoCaseload,
      demoChildren: 600,
    })
    try {
      await session.create(TEST_PASSPHRASE, true)
      await session.lock()
      await session.unlock(TEST_PASSPHRASE)
      const sqlite = session.database().sqlite
      const thread = readAheadOf(sqlite) as ReadAheadThread
      expect(thread).toBeInstanceOf(ReadAheadThread)
      // Let it open its connection, then close the caseload: as closeNow returns, no connection is
      // left on the file (a restore replaces it next; Windows refuses while a handle is open). Only
      // the only connection to a file can take it out of WAL mode. Checked at once, synchronously.
      for (let i = 0; i < 500 && !thread.ready; i++) await new Promise((r) => setTimeout(r, 20))
      // A scan through it: its connection has read the file (an idle connection that never read
      // holds nothing on it).
      scanCaseload(session.database(), { asOf: AS_OF })
      expect(thread.served).toBeGreaterThan(0)
      const copy = session.backupKeyCopy()!
      session.closeNow('lock')
      const alone = openDatabaseFile(join(dir, 'caseload.db'), Buffer.from(copy))
      try {
        // Not waiting for another connection to go (busy_timeout would hide one still closing).
        alone.sqlite.pragma('busy_timeout = 0')
        expect(alone.sqlite.pragma('journal_mode = DELETE', { simple: true })).toBe('delete')
        alone.sqlite.pragma('journal_mode = WAL')
      } finally {
        alone.close()
        copy.fill(0)
      }
      expect(readAheadOf(sqlite)).toBeUndefined()
      await thread.ended
      await session.unlock(TEST_PASSPHRASE)
      expect(readAheadOf(session.database().sqlite)).not.toBe(thread)
    } finally {
      await session.lock()
      done()
    }
  })
})
