/** The messages between an import's thread and its reader thread (import-reader-worker.ts). */
import type { ErrorCode, Problem } from '../../../shared/errors'
import type { ListName } from '../caseload/lists'

export interface ImportReaderData {
  file: string
  /** Int32Array over it: [IN_FLIGHT, STOP]. */
  flow: SharedArrayBuffer
  /** The TypeScript entry when run through tsx (tests, browser host); absent in the built app. */
  entry?: string
}

/** Batches sent and not yet taken by the import's thread. */
export const IN_FLIGHT = 0
/** Set to 1 by the import's thread: the reader stops at its next batch (cancelled, or failed). */
export const STOP = 1
/**
 * The most batches in flight: the reader keeps at most this many ahead of the inserts (about 10 MB
 * as messages: a batch of 16,384 short strings and numbers is a few hundred kB). Enough that the
 * reader reads on for a few tenths of a second while the import's thread builds a finished table's
 * indexes (caseload/import.ts insertRows) instead of stopping after a few batches.
 */
export const IN_FLIGHT_MAX = 32
/** About this many values per batch: 10-20 ms of inserting, so the import's thread answers between them. */
export const VALUES_PER_BATCH = 16_384

export type ImportReaderMessage =
  /** Rows for the database, as `table, rows, values` triples (queries/caseload-write.ts RowOut), in order. */
  | { kind: 'rows'; segments: unknown[]; read: number; total: number }
  /** The whole document was read and is valid: these are its lists' lengths. */
  | { kind: 'done'; counts: Record<ListName, number>; read: number; total: number }
  | { kind: 'failed'; code: ErrorCode | null; message: string; problems: Problem[] | null }
