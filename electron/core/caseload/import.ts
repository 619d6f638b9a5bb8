/**
 * Import of interchange format v1 (design brief §3): every element is checked (shape, real dates,
 * enums, unknown fields, duplicate ids, references to ids that exist, dates in order) and written
 * in ONE transaction. If any problem is found nothing is committed, and every problem is reported
 * with its JSON path and reason.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import type { z } from 'zod'
import {
  actionSchema,
  allocationSchema,
  childSchema,
  conferenceSchema,
  disagreementSchema,
  distributionSchema,
  FORMAT_NAME,
  FORMAT_VERSION,
  meetingSchema,
  memberSchema,
  planSchema,
  professionalSchema,
  visitSchema,
} from '../../../shared/caseload-format'
import { DriftwatchError, jsonPath, type Problem } from '../../../shared/errors'
import { assertNoBulkWrite, beginBulkWrite, endBulkWrite } from '../db/bulk-write'
import { withRollbackJournal, withRollbackJournalAsync, type CaseloadDb } from '../db/caseload-db'
import { clearCaseload, createDbSink, deferIndexSteps, isCaseloadEmpty } from '../queries/caseload-write'
import { deferDriftSummarySteps } from '../queries/drift-summary'
import { elementGuards } from './element-guards'
import { ImportCancelled, runSteps } from './run-steps'
import { JsonSyntaxError, walkJsonBuffer, walkJsonFileSteps, type TopLevelVisitor } from './json-list-reader'
import { LIST_NAMES, type CaseloadSink, type ElementOf, type ListName } from './lists'

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

/** The most problems listed one by one; beyond it they are counted. */
const MAX_PROBLEMS = 200

const elementSchemas: { [L in ListName]: z.ZodType<ElementOf<L>> } = {
  children: childSchema,
  professionals: professionalSchema,
  allocations: allocationSchema,
  plans: planSchema,
  conferences: conferenceSchema,
  members: memberSchema,
  meetings: meetingSchema,
  distributions: distributionSchema,
  actions: actionSchema,
  disagreements: disagreementSchema,
  visits: visitSchema,
} as never

type IdList = 'children' | 'professionals' | 'plans' | 'meetings'
const LABEL: Record<IdList, string> = {
  children: 'child',
  professionals: 'professional',
  plans: 'plan',
  meetings: 'meeting',
}

/** Checks elements as they stream past; collects problems and resolves references at the end. */
class Checker {
  readonly problems: Problem[] = []
  private extra = 0
  private readonly ids = new Map<ListName, Set<string>>(LIST_NAMES.map((l) => [l, new Set<string>()]))
  private readonly pending: { path: string; list: IdList; id: string }[] = []

  problem(path: string, reason: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, reason })
    else this.extra++
  }

  get count(): number {
    return this.problems.length + this.extra
  }

  get overflow(): number {
    return this.extra
  }

  private ref(path: string, list: IdList, id: string | null | undefined): void {
    if (id === null || id === undefined) return
    if (!this.ids.get(list)!.has(id)) this.pending.push({ path, list, id })
  }

  private ordered(path: string, earlier: string | null | undefined, later: string | null | undefined, what: string): void {
    if (earlier && later && later < earlier) this.problem(path, what)
  }

  private unique(path: string, values: readonly string[], what: string): void {
    const seen = new Set<string>()
    values.forEach((v, i) => {
      if (seen.has(v)) this.problem(`${path}[${i}]`, `${JSON.stringify(v)} is listed twice in ${what}`)
      seen.add(v)
    })
  }

  /** Returns the parsed element, or null if it has problems. */
  check<L extends ListName>(list: L, index: number, raw: unknown): ElementOf<L> | null {
    const at = `$.${list}[${index}]`
    // Almost every element passes the fast guard and is used as it is; zod decides (and reports)
    // only the rest, so problems are described exactly as before. See element-guards.ts.
    const parsed = elementGuards[list](raw)
      ? ({ success: true, data: raw } as const)
      : elementSchemas[list].safeParse(raw, { reportInput: true })
    if (!parsed.success) {
      // Still remember its id, so that references to it are not reported as well.
      const rawId = (raw as { id?: unknown } | null)?.id
      if (typeof rawId === 'string') this.ids.get(list)!.add(rawId)
      for (const issue of parsed.error.issues) {
        this.problem(jsonPath([list, index, ...issue.path]), describeIssue(issue))
      }
      return null
    }
    const before = this.count
    const e = parsed.data as ElementOf<ListName>
    if ('id' in e) {
      const ids = this.ids.get(list)!
      if (ids.has(e.id)) this.problem(`${at}.id`, `duplicate id ${JSON.stringify(e.id)}: ids must be unique within ${list}`)
      ids.add(e.id)
    }
    switch (list) {
      case 'allocations': {
        const a = e as ElementOf<'allocations'>
        this.ref(`${at}.childId`, 'children', a.childId)
        this.ref(`${at}.professionalId`, 'professionals', a.professionalId)
        this.ordered(`${at}.endDate`, a.startDate, a.endDate, 'endDate is before startDate')
        break
      }
      case 'plans': {
        const p = e as ElementOf<'plans'>
        this.ref(`${at}.childId`, 'children', p.childId)
        this.ordered(`${at}.endDate`, p.startDate, p.endDate, 'endDate is before startDate')
        break
      }
      case 'conferences':
        this.ref(`${at}.planId`, 'plans', (e as ElementOf<'conferences'>).planId)
        break
      case 'members': {
        const m = e as ElementOf<'members'>
        this.ref(`${at}.planId`, 'plans', m.planId)
        this.ref(`${at}.professionalId`, 'professionals', m.professionalId)
        this.ordered(`${at}.toDate`, m.fromDate, m.toDate, 'toDate is before fromDate')
        break
      }
      case 'meetings': {
        const m = e as ElementOf<'meetings'>
        m.planIds.forEach((id, i) => this.ref(`${at}.planIds[${i}]`, 'plans', id))
        this.ref(`${at}.chairId`, 'professionals', m.chairId)
        m.attended.forEach((id, i) => this.ref(`${at}.attended[${i}]`, 'professionals', id))
        m.apologies.forEach((id, i) => this.ref(`${at}.apologies[${i}]`, 'professionals', id))
        this.unique(`${at}.planIds`, m.planIds, 'planIds')
        this.unique(`${at}.attended`, m.attended, 'attended')
        this.unique(`${at}.apologies`, m.apologies, 'apologies')
        const present = new Set(m.attended)
        m.apologies.forEach((id, i) => {
          if (present.has(id)) this.problem(`${at}.apologies[${i}]`, `${JSON.stringify(id)} is listed both as attended and as apologies`)
        })
        break
      }
      case 'distributions': {
        const d = e as ElementOf<'distributions'>
        this.ref(`${at}.meetingId`, 'meetings', d.meetingId)
        this.ref(`${at}.professionalId`, 'professionals', d.professionalId)
        break
      }
      case 'actions': {
        const a = e as ElementOf<'actions'>
        this.ref(`${at}.planId`, 'plans', a.planId)
        this.ref(`${at}.ownerId`, 'professionals', a.ownerId)
        this.ordered(`${at}.closedDate`, a.createdDate, a.closedDate, 'closedDate is before createdDate')
        break
      }
      case 'disagreements': {
        const d = e as ElementOf<'disagreements'>
        this.ref(`${at}.planId`, 'plans', d.planId)
        this.ref(`${at}.raisedById`, 'professionals', d.raisedById)
        this.ordered(`${at}.resolvedDate`, d.raisedDate, d.resolvedDate, 'resolvedDate is before raisedDate')
        d.stages.forEach((s, i) => {
          const prev = d.stages[i - 1]
          if (prev && s.stage <= prev.stage) this.problem(`${at}.stages[${i}].stage`, 'stages must be in order, each a higher stage than the one before')
          if (prev && s.startDate < prev.startDate) this.problem(`${at}.stages[${i}].startDate`, 'starts before the previous stage')
        })
        break
      }
      case 'visits':
        this.ref(`${at}.childId`, 'children', (e as ElementOf<'visits'>).childId)
        break
    }
    return this.count === before ? (e as ElementOf<L>) : null
  }

  /** Reports references to ids that no list defined. */
  finish(): void {
    for (const r of this.pending) {
      if (!this.ids.get(r.list)!.has(r.id)) {
        this.problem(r.path, `refers to ${LABEL[r.list]} ${JSON.stringify(r.id)}, which is not in ${r.list}`)
      }
    }
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
    case 'invalid_type':
      return issue.input === undefined ? `is required (${issue.expected})` : `must be ${issue.expected}`
    case 'invalid_value': {
      const allowed = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
      return issue.input === undefined ? `is required (${allowed})` : `must be ${allowed}`
    }
    default:
      return issue.message
  }
}

/** Drives a checker and a sink from the top-level walk of a document. */
function importVisitor(checker: Checker, sink: CaseloadSink): TopLevelVisitor & { finish(): void } {
  const seen = new Set<string>()
  const listNames = new Set<string>(LIST_NAMES)
  return {
    value(key, value) {
      if (seen.has(key)) checker.problem(`$.${key}`, 'appears twice')
      seen.add(key)
      if (key === 'format') {
        if (value !== FORMAT_NAME) checker.problem('$.format', `must be ${JSON.stringify(FORMAT_NAME)}`)
      } else if (key === 'version') {
        if (typeof value === 'number' && value > FORMAT_VERSION) {
          checker.problem('$.version', `version ${value} is newer than this Driftwatch understands (${FORMAT_VERSION}); update Driftwatch`)
        } else if (value !== FORMAT_VERSION) checker.problem('$.version', `must be ${FORMAT_VERSION}`)
      } else if (listNames.has(key)) {
        checker.problem(`$.${key}`, 'must be a list')
      } else {
        checker.problem(`$.${key}`, `unknown field ${JSON.stringify(key)}`)
      }
    },
    startList(key) {
      if (!listNames.has(key)) return false
      if (seen.has(key)) checker.problem(`$.${key}`, 'appears twice')
      seen.add(key)
      return true
    },
    element(key, index, value) {
      const list = key as ListName
      const element = checker.check(list, index, value)
      if (element && checker.count === 0) sink.add(list, element)
    },
    endList() {},
    finish() {
      for (const key of ['format', 'version', ...LIST_NAMES]) {
        if (!seen.has(key)) checker.problem(`$.${key}`, 'is required')
      }
      checker.finish()
    },
  }
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
  const { sqlite } = db
  const checker = new Checker()
  const rebuildDriftSummary = deferDriftSummarySteps(sqlite)
  if (!isCaseloadEmpty(sqlite)) {
    if (!options.replace) {
      throw new DriftwatchError(
        'CASELOAD_NOT_EMPTY',
        'This caseload already has children in it. Import replaces a caseload only when asked to (--replace); nothing has been changed.',
      )
    }
    clearCaseload(sqlite)
    yield
  }
  // References may point forward in the document; the checker reports them, and SQLite checks
  // the keys once more at commit.
  sqlite.pragma('defer_foreign_keys = ON')
  const rebuildIndexes = deferIndexSteps(sqlite)
  const sink = createDbSink(sqlite)
  const visitor = importVisitor(checker, sink)
  let complete = true
  try {
    yield* walk(visitor)
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e
    complete = false
    checker.problem(e.path, `${e.message} (${source}, ${lineAndColumn(e.offset)})`)
  }
  // After a syntax error the rest of the document was not read, so missing lists and dangling
  // references would be false alarms.
  if (complete) visitor.finish()
  if (checker.count > 0) {
    const problems = [...checker.problems]
    if (checker.overflow > 0) problems.push({ path: '$', reason: `… and ${checker.overflow} more problems` })
    throw new DriftwatchError(
      'VALIDATION',
      `${source} is not a valid caseload (${checker.count} problem${checker.count === 1 ? '' : 's'}); nothing has been imported.`,
      problems,
    )
  }
  // The sink inserts rows in batches: write the last ones before indexing and committing.
  sink.flush()
  options.onStage?.('Building the indexes')
  yield* rebuildIndexes()
  options.onStage?.('Working out the findings')
  yield* rebuildDriftSummary()
  return { counts: { ...sink.counts } }
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

/** Imports a caseload file of any size, streaming it. */
export function importCaseloadFile(db: CaseloadDb, file: string, options: ImportOptions = {}): ImportSummary {
  try {
    statSync(file)
  } catch {
    throw new DriftwatchError('BAD_INPUT', `${file} cannot be read: no such file.`)
  }
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
}

/**
 * importCaseloadFile for the app's core, which must keep answering while it runs: the same import in
 * the same single transaction, but it lets the event loop run every `sliceMs`, so status requests
 * and a cancel are answered during it. A cancel rolls the transaction back at once. While it is open,
 * other work on the connection is refused (db/bulk-write.ts), because it would see or join the
 * half-written caseload.
 */
export async function importCaseloadFileStepwise(db: CaseloadDb, file: string, options: SteppedImportOptions = {}): Promise<ImportSummary> {
  try {
    statSync(file)
  } catch {
    throw new DriftwatchError('BAD_INPUT', `${file} cannot be read: no such file.`)
  }
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
    const steps = importSteps(db, options, file, (v) => walkJsonFileSteps(file, v, options.onProgress), (offset) => positionInFile(file, offset))
    try {
      const summary = await runSteps(steps, {
        signal,
        sliceMs,
        afterPause: () => {
          // Rolled back meanwhile (the caseload was locked): nothing more may be written.
          if (!sqlite.open || !sqlite.inTransaction) throw new DriftwatchError('LOCKED', 'The caseload was locked during the import; nothing has been imported.')
        },
      })
      sqlite.prepare('COMMIT').run()
      return summary
    } catch (e) {
      rollback()
      throw e
    } finally {
      signal?.removeEventListener('abort', rollback)
      endBulkWrite(sqlite)
    }
  })
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

/** "line L, column C" of the byte after `prefix` (columns count characters). */
function positionIn(prefix: Buffer): string {
  let line = 1
  let lastNewline = -1
  for (let i = prefix.indexOf(10); i !== -1; i = prefix.indexOf(10, i + 1)) {
    line++
    lastNewline = i
  }
  const column = prefix.subarray(lastNewline + 1).toString('utf8').length + 1
  return `line ${line}, column ${column}`
}

/**
 * The same for a file, read in chunks: a problem 400 MB into a file must not read 400 MB into
 * memory. Only the current line's bytes are kept (capped: a column past 4 MiB is approximate).
 */
function positionInFile(file: string, offset: number): string {
  const CHUNK = 4 * 1024 * 1024
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(offset, 1)))
    let line = 1
    let lineStart = 0
    let read = 0
    while (read < offset) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, offset - read), read)
      if (n === 0) break
      for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) {
        line++
        lineStart = read + i + 1
      }
      read += n
    }
    const tail = Math.min(offset - lineStart, CHUNK)
    const last = Buffer.alloc(tail)
    readSync(fd, last, 0, tail, offset - tail)
    return `line ${line}, column ${last.toString('utf8').length + 1 + (offset - lineStart - tail)}`
  } finally {
    closeSync(fd)
  }
}
