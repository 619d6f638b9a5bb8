/**
 * The checks of an interchange import (design brief §3), apart from where the rows go: the Checker
 * sees every element (shape, real dates, enums, unknown fields, duplicate ids, references, dates in
 * order) and the visitor drives it and a sink from the walk of a document. Used on the import's own
 * thread (caseload/import.ts) and on its reader thread (worker/import-reader-worker.ts), so both
 * report every problem the same way.
 */
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
import { createRowSink, type RowOut } from '../queries/caseload-write'
import { elementGuards } from './element-guards'
import { JsonSyntaxError, type TopLevelVisitor } from './json-list-reader'
import { LIST_NAMES, type CaseloadSink, type ElementOf, type ListName } from './lists'

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
export class Checker {
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
export function importVisitor(checker: Checker, sink: CaseloadSink): TopLevelVisitor & { finish(): void } {
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

/** The error that refuses a document with problems: every problem (up to MAX_PROBLEMS) with its JSON path. */
export function validationError(checker: Checker, source: string): DriftwatchError {
  const problems = [...checker.problems]
  if (checker.overflow > 0) problems.push({ path: '$', reason: `… and ${checker.overflow} more problems` })
  return new DriftwatchError(
    'VALIDATION',
    `${source} is not a valid caseload (${checker.count} problem${checker.count === 1 ? '' : 's'}); nothing has been imported.`,
    problems,
  )
}

/**
 * Walks a document, checking every element and handing the rows of a valid one to `out` in
 * batches; returns how many elements each list had. Throws the VALIDATION error (every problem,
 * with its JSON path) if anything is wrong: rows already handed on must then be rolled back.
 * Pauses (yields) wherever `walk` does.
 */
export function* checkedRows(
  out: RowOut,
  source: string,
  walk: (visitor: TopLevelVisitor) => Iterable<void>,
  lineAndColumn: (offset: number) => string,
): Generator<void, Record<ListName, number>, void> {
  const checker = new Checker()
  const sink = createRowSink(out)
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
  if (checker.count > 0) throw validationError(checker, source)
  // The sink hands rows on in batches: the last ones before indexing and committing.
  sink.flush()
  return { ...sink.counts }
}
