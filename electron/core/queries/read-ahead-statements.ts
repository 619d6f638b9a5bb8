/**
 * The statements a read-ahead thread runs (read-ahead.ts), by name: the thread is never sent SQL.
 * Apart from read-ahead.ts (types only) so that drift-summary.ts can ask for a read-ahead without a
 * circular import of its own statements.
 */
import { SQL_OPEN_ACTIONS, SQL_OPEN_DISAGREEMENTS, SQL_PLANS, SQL_WINDOW_ATTENDED } from './drift-facts'
import { SQL_BATCH, SQL_NEEDS_REFRESH, SQL_STALE_ON } from './drift-summary'
import { SQL_OPEN_ROWS_JSON, SQL_PROFESSIONAL_NAMES_JSON } from './caseload-rows'

/**
 * Each answers one TEXT value or null: a batch of the summary's rows (today's scan); for a past date,
 * a chunk of the history loader's plans, who attended the meetings of its window, its open actions,
 * its open disagreements; the table's rows and the professionals' names (app/analysis.ts, after a
 * full scan).
 */
export const READ_AHEAD_STATEMENTS = {
  summaryBatch: SQL_BATCH,
  historyPlans: SQL_PLANS,
  historyWindowAttendance: SQL_WINDOW_ATTENDED,
  historyActions: SQL_OPEN_ACTIONS,
  historyDisagreements: SQL_OPEN_DISAGREEMENTS,
  openPlanRows: SQL_OPEN_ROWS_JSON,
  professionalNames: SQL_PROFESSIONAL_NAMES_JSON,
} as const
/** Each must answer 0 or null in the thread's snapshot, or the read is refused. */
export const READ_AHEAD_GUARDS = { summaryNeedsRefresh: SQL_NEEDS_REFRESH, summaryStaleOn: SQL_STALE_ON } as const

export type ReadAheadStatement = keyof typeof READ_AHEAD_STATEMENTS
export type ReadAheadGuard = keyof typeof READ_AHEAD_GUARDS
export type ReadAheadParams = Record<string, string | number | null>
