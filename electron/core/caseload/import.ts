/**
 * Import of interchange format v1 (design brief §3): every element is checked (shape, real dates,
 * enums, unknown fields, duplicate ids, references to ids that exist, dates in order) and written
 * in ONE transaction. If any problem is found nothing is committed, and every problem is reported
 * with its JSON path and reason.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs'
import { FORMAT_NAME, FORMAT_VERSION } from '../../../shared/caseload-format'
import { DriftwatchError } from '../../../shared/errors'
import { assertNoBulkWrite, beginBulkWrite, endBulkWrite } from '../db/bulk-write'
import { suspendCheckConstraints } from '../db/check-constraints'
import { withRollbackJournal, withRollbackJournalAsync, type CaseloadDb } from '../db/caseload-db'
import { clearCaseload, createRowWriter, deferIndexSteps, isCaseloadEmpty, ROW_TABLES, type RowOut } from '../queries/caseload-write'
import { readInThread, type ImportReader } from '../worker/import-reader'
import { deferDriftSummarySteps } from '../queries/drift-summary'
import { checkedRows } from './import-check'
import { positionIn, positionInFile } from './json-position'
import { ImportCancelled, runSteps, type StepOptions } from './run-steps'
import { walkJsonBuffer, walkJsonFileSteps, type TopLevelVisitor } from './json-list-reader'
import { LIST_NAMES, type CaseloadSink, type ListName } from './lists'

export interface ImportOptions {
  /** Replace an existing caseload (in the same transaction). Without it, a non-empty caseload is refused. */
  replace?: boolean
  /** Bytes read so far and the total, for a progress bar. */
  onProgress?: (done: number, total: number) => void
  /** The work after the last byte is read, for the progress bar's label (a third of the time at 50,000 children). */
  onStage?: (stage: 'Building the indexes' | 'Working out the findings') => void
}

export interface ImportSummary {
  counts: Record<ListName, number>
}

/** What an import leaves to its end: the indexes and the drift summary, built again. */
interface Deferred {
  /** Builds the indexes not built yet (of `tables` only, when given). */
  indexes: (tables?: readonly string[]) => Generator<void, void, void>
  summary: () => Generator<void, void, void>
}

/**
 * The start of the import inside its transaction: refuses a caseload that is not empty (unless
 * replacing it, then clears it), defers the foreign keys and drops the indexes and the summary's
 * triggers (built again by finishSteps). The caller opens and ends the transaction.
 */
function* beginSteps(db: CaseloadDb, options: ImportOptions): Generator<void, Deferred, void> {
  const { sqlite } = db
  const summary = deferDriftSummarySteps(sqlite)
  if (!isCaseloadEmpty(sqlite)) {
    if (!options.replace) {
      throw new DriftwatchError(
        'CASELOAD_NOT_EMPTY',
        'This caseload already has children in it, and they are replaced only when asked to (--replace on the command line); nothing has been changed.',
      )
    }
    clearCaseload(sqlite)
    yield
  }
  // References may point forward in the document; the checker reports them, and SQLite checks
  // the keys once more at commit.
  sqlite.pragma('defer_foreign_keys = ON')
  return { indexes: deferIndexSteps(sqlite), summary }
}

/** The end of the import, once every row is written: the indexes, then every plan's summary. */
function* finishSteps(deferred: Deferred, options: ImportOptions): Generator<void, void, void> {
  options.onStage?.('Building the indexes')
  yield* deferred.indexes()
  options.onStage?.('Working out the findings')
  yield* deferred.summary()
}

/**
 * The import inside its transaction, as steps: the generator pauses (yields) every few hundred
 * elements while reading, after each index built and after each batch of summaries, so that the
 * stepwise import can answer other requests between steps. The caller opens and ends the transaction.
 */
function* importSteps(
  db: CaseloadDb,
  options: ImportOptions,
  source: string,
  walk: (visitor: TopLevelVisitor) => Iterable<void>,
  lineAndColumn: (offset: number) => string,
): Generator<void, ImportSummary, void> {
  const deferred = yield* beginSteps(db, options)
  // Every row passes the Checker before it is written (db/check-constraints.ts).
  const restoreChecks = suspendCheckConstraints(db.sqlite)
  let counts: Record<ListName, number>
  try {
    counts = yield* checkedRows(createRowWriter(db.sqlite), source, walk, lineAndColumn)
  } finally {
    restoreChecks()
  }
  yield* finishSteps(deferred, options)
  return { counts }
}

function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

function runImport(
  db: CaseloadDb,
  options: ImportOptions,
  source: string,
  walk: (visitor: TopLevelVisitor) => Iterable<void>,
  lineAndColumn: (offset: number) => string,
): ImportSummary {
  const { sqlite } = db
  const write = sqlite.transaction(() => drain(importSteps(db, options, source, walk, lineAndColumn)))
  return withRollbackJournal(sqlite, () => write.immediate())
}

/** Imports a caseload document already in memory (from the UI or a test). */
export function importCaseload(db: CaseloadDb, doc: unknown, options: ImportOptions = {}): ImportSummary {
  // Re-serialising keeps one code path for files and objects; documents in memory are small.
  const buffer = Buffer.from(JSON.stringify(doc ?? null), 'utf8')
  return runImport(
    db,
    options,
    'the caseload',
    (v) => {
      // A document in memory is small: walked in one go, no pauses.
      walkJsonBuffer(buffer, v)
      return []
    },
    (offset) => positionIn(buffer.subarray(0, offset)),
  )
}

/** The file's size in bytes; BAD_INPUT in a chair's words when it is not a file this user can read. */
function sizeOf(file: string): number {
  let stat: Stats
  try {
    stat = statSync(file)
  } catch {
    throw new DriftwatchError('BAD_INPUT', `${file} cannot be read: no such file.`)
  }
  if (stat.isDirectory()) throw new DriftwatchError('BAD_INPUT', `${file} is a folder: a caseload file is one .json file.`)
  try {
    accessSync(file, constants.R_OK)
  } catch {
    throw new DriftwatchError('BAD_INPUT', `${file} cannot be read: this account is not allowed to read it.`)
  }
  return stat.size
}

/** Imports a caseload file of any size, streaming it. */
export function importCaseloadFile(db: CaseloadDb, file: string, options: ImportOptions = {}): ImportSummary {
  sizeOf(file)
  return runImport(
    db,
    options,
    file,
    (v) => walkJsonFileSteps(file, v, options.onProgress),
    (offset) => positionInFile(file, offset),
  )
}

export interface SteppedImportOptions extends ImportOptions {
  /** Cancels the import: it is rolled back at once (the import is waiting between steps then). */
  signal?: AbortSignal
  /** The longest the import works before it lets the event loop run (default 100 ms). */
  sliceMs?: number
  /** Read and check the file on a second thread (default: for files of READER_THREAD_MIN_BYTES or more). */
  readerThread?: boolean
}

/**
 * Below this size a file is read on the import's own thread: starting the reader thread (loading
 * the checks into it) costs more than a small file's reading, which is over in a fraction of a second.
 */
export const READER_THREAD_MIN_BYTES = 8 * 1024 * 1024

/**
 * importCaseloadFile for the app's core, which must keep answering while it runs: the same import in
 * the same single transaction, but it lets the event loop run every `sliceMs`, so status requests
 * and a cancel are answered during it. A cancel rolls the transaction back at once. While it is open,
 * other work on the connection is refused (db/bulk-write.ts), because it would see or join the
 * half-written caseload.
 */
export async function importCaseloadFileStepwise(db: CaseloadDb, file: string, options: SteppedImportOptions = {}): Promise<ImportSummary> {
  const size = sizeOf(file)
  const { sqlite } = db
  const { signal, sliceMs = 100 } = options
  if (signal?.aborted) throw new ImportCancelled()
  assertNoBulkWrite(sqlite)
  return withRollbackJournalAsync(sqlite, async () => {
    const rollback = () => {
      try {
        if (sqlite.open && sqlite.inTransaction) sqlite.prepare('ROLLBACK').run()
      } catch {
        // Closing the connection rolls back too.
      }
    }
    sqlite.prepare('BEGIN IMMEDIATE').run()
    beginBulkWrite(sqlite, rollback)
    signal?.addEventListener('abort', rollback, { once: true })
    const steps: StepOptions & { afterPause: () => void } = {
      signal,
      sliceMs,
      afterPause: () => {
        // Rolled back meanwhile (the caseload was locked): nothing more may be written.
        if (!sqlite.open || !sqlite.inTransaction) throw new DriftwatchError('LOCKED', 'The caseload was locked during the import; nothing has been imported.')
      },
    }
    // Started first: its start (loading the checks) overlaps with clearing a caseload being replaced.
    const reader = (options.readerThread ?? size >= READER_THREAD_MIN_BYTES) ? readInThread(file, signal) : null
    try {
      let summary: ImportSummary
      if (reader) {
        const deferred = await runSteps(beginSteps(db, options), steps)
        // The reader thread sends only rows that passed the Checker (db/check-constraints.ts).
        const restoreChecks = suspendCheckConstraints(sqlite)
        let counts: Record<ListName, number>
        try {
          counts = await insertRows(reader, createRowWriter(sqlite), deferred.indexes, options, steps)
        } finally {
          restoreChecks()
        }
        await runSteps(finishSteps(deferred, options), steps)
        summary = { counts }
      } else {
        const walk = (v: TopLevelVisitor) => walkJsonFileSteps(file, v, options.onProgress)
        summary = await runSteps(importSteps(db, options, file, walk, (offset) => positionInFile(file, offset)), steps)
      }
      sqlite.prepare('COMMIT').run()
      return summary
    } catch (e) {
      rollback()
      throw e
    } finally {
      signal?.removeEventListener('abort', rollback)
      endBulkWrite(sqlite)
      reader?.stop()
    }
  })
}

/**
 * Inserts the rows the reader thread sends, in its order, until it has read (and checked) the whole
 * document; then returns the lists' lengths, or throws the reader's error (the VALIDATION error with
 * every problem, as the import on one thread would have thrown it). Lets the event loop run every
 * `sliceMs`, like runSteps.
 *
 * Once the reader has moved on from a list, that list's tables have all their rows: their indexes
 * are built then (`buildIndexes`), while the reader reads on, instead of after the last byte.
 * Why: this thread inserted faster than the reader read and checked, so it had time to spare while
 * the rows came in, and the index builds were 6-7 s of the 16 s after the last byte at 50,000
 * children, when nothing else runs beside them.
 */
async function insertRows(
  reader: ImportReader,
  write: RowOut,
  buildIndexes: (tables: readonly string[]) => Generator<void, void, void>,
  options: ImportOptions,
  { signal, sliceMs = 100, afterPause }: StepOptions & { afterPause: () => void },
): Promise<Record<ListName, number>> {
  let sliceStart = performance.now()
  const pause = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    if (signal?.aborted) throw new ImportCancelled()
    afterPause()
    sliceStart = performance.now()
  }
  let list: ListName | null = null
  const complete: string[] = []
  for (;;) {
    const m = await reader.next()
    if (m.kind === 'failed') throw m.code ? new DriftwatchError(m.code, m.message, m.problems ?? []) : new Error(m.message)
    if (m.kind === 'rows') {
      // Before every batch: a cancel or a lock may have rolled the transaction back meanwhile, and
      // a row written after that would be committed on its own.
      if (signal?.aborted) throw new ImportCancelled()
      afterPause()
      const s = m.segments
      for (let i = 0; i < s.length; i += 3) {
        const table = s[i] as number
        const rows = ROW_TABLES[table]!
        if (rows.list !== list) {
          if (list !== null) for (const t of ROW_TABLES) if (t.list === list) complete.push(t.table)
          list = rows.list
        }
        write(table, s[i + 1] as number, s[i + 2] as unknown[])
      }
      reader.taken()
    }
    options.onProgress?.(m.read, m.total)
    if (m.kind === 'done') return m.counts
    if (performance.now() - sliceStart >= sliceMs) await pause()
    if (complete.length > 0) {
      for (const _ of buildIndexes(complete.splice(0))) {
        if (performance.now() - sliceStart >= sliceMs) await pause()
      }
    }
  }
}

/** Writes elements from a trusted producer (the demo generator) in one transaction, with the same checks. */
export function writeCaseload(
  db: CaseloadDb,
  produce: (sink: CaseloadSink) => void,
  options: Pick<ImportOptions, 'replace'> = {},
): ImportSummary {
  return runImport(db, options, 'the generated caseload', (visitor) => {
    visitor.value('format', FORMAT_NAME)
    visitor.value('version', FORMAT_VERSION)
    const index = new Map<ListName, number>()
    for (const l of LIST_NAMES) visitor.startList(l)
    produce({
      add(list, element) {
        const i = index.get(list) ?? 0
        index.set(list, i + 1)
        visitor.element(list, i, element)
      },
    })
    return []
  }, () => 'generated')
}
