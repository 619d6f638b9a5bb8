/**
 * The pages a past-date scan reads on the core's connection, read ahead while the app is quiet (issue
 * 13; app/session.ts `warmHistoryPages`). The history loader (drift-facts.ts) looks up the plans and
 * the distributions of every meeting of its window by meeting id. Meeting ids do not follow dates, so
 * those look-ups fall on nearly every page of the two indexes whatever the date (53 MiB at 50,000
 * children), and decrypting them cold was about 0.15 s of a 1.5 s past-date scan. Read once after
 * unlock, they stay decrypted in the page cache (192 MiB, db/caseload-db.ts), which today's scan
 * leaves mostly free.
 *
 * In slices of a few milliseconds, so that a request arriving meanwhile waits no longer than one.
 */
import type Database from 'better-sqlite3'
import { prepared } from './prepared'

/** Index entries per statement: a few milliseconds of cold pages. */
const ROWS = 4000

type Key = (string | null)[]

// Each step walks one covering index in key order after the key given (the whole key, so that no
// entry is passed over): `next` reads ROWS entries and answers only the last, the next step's key
// (none when fewer are left); `rest` counts those left.
const STEPS: { next: string; rest: string; first: Key }[] = [
  ['meeting_id, plan_id', 'meeting_plans', '(?, ?)', ['', '']] as const,
  ['meeting_id, professional_id, date', 'distributions INDEXED BY distributions_meeting', '(?, ?, ?)', ['', '', '']] as const,
].map(([key, from, values, first]) => {
  const after = `FROM ${from} WHERE (${key}) > ${values} ORDER BY ${key}`
  return { next: `SELECT ${key} ${after} LIMIT 1 OFFSET ${ROWS - 1}`, rest: `SELECT count(*) FROM (SELECT 1 ${after})`, first: [...first] }
})

export interface HistoryWarmUp {
  /** Reads for about `budgetMs` (one statement at least); false once every entry has been read. */
  step(budgetMs: number): boolean
  /** Index entries read so far. */
  readonly entries: number
}

export function historyWarmUp(sqlite: Database.Database): HistoryWarmUp {
  let at = 0
  let after: Key = STEPS[0]!.first
  let entries = 0
  return {
    step(budgetMs) {
      const until = performance.now() + budgetMs
      while (at < STEPS.length) {
        const step = STEPS[at]!
        const last = prepared(sqlite, step.next).raw(true).get(...after) as Key | undefined
        if (last) {
          entries += ROWS
          after = last
        } else {
          entries += prepared(sqlite, step.rest).pluck(true).get(...after) as number
          at++
          if (at < STEPS.length) after = STEPS[at]!.first
        }
        if (performance.now() >= until) break
      }
      return at < STEPS.length
    },
    get entries() {
      return entries
    },
  }
}
