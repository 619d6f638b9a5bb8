// Adding a fact to the drift summary: see README § "Adding a fact to the drift summary" (six files, in order).
/**
 * Decodes a batch of drift summary rows — the JSON text `[row,row,…]` that drift-summary.ts reads,
 * each row in the layout written there by FACTS_JSON — straight into PlanFacts.
 *
 * Why not JSON.parse: parsing builds a nested array for every list and every item of every plan,
 * which are garbage a moment later; at 50,000 plans that intermediate tree, and the garbage collection
 * of it, was most of the time of a first scan. This reads the text once, left to right, and builds only
 * the final objects. It accepts exactly the JSON that SQLite's json functions write for that layout
 * (strings with escapes, integers, decimals, null) and throws SummaryFormatError on anything else, so
 * a damaged or foreign row is never read as facts.
 */
import type { CivilDate } from '../../../shared/civil-date'
import type { ProfessionalRole } from '../../../shared/caseload-format'
import type {
  ActionFacts,
  AllocationFacts,
  ConferenceFacts,
  DisagreementFacts,
  MeetingFacts,
  MemberFacts,
  PlanFacts,
  UndistributedFacts,
  VisitFacts,
} from '../drift/facts'
import { dateOf } from '../drift/calendar'

export class SummaryFormatError extends Error {
  constructor(at: number, what: string) {
    super(`The drift summary is not in the expected form at character ${at}: ${what}.`)
    this.name = 'SummaryFormatError'
  }
}

/** One frozen empty array for every empty list (most plans have no action, no disagreement…). */
const NONE: never[] = Object.freeze([]) as unknown as never[]

const QUOTE = 34 // "
const BACKSLASH = 92
const COMMA = 44
const OPEN = 91 // [
const CLOSE = 93 // ]
const MINUS = 45
const ZERO = 48
const NINE = 57
const N = 110 // n (null)

class Reader {
  i = 0
  /** Scratch arrays, one per list nesting depth: each list is gathered there and copied out at its exact length. */
  private readonly scratch: unknown[][] = []
  private depth = 0
  constructor(
    readonly s: string,
    readonly roles: Pick<ReadonlyMap<string, ProfessionalRole>, 'get'>,
    readonly contact: Pick<ReadonlyMap<string, boolean>, 'get'>,
    readonly teams: Map<string, string>,
  ) {}

  fail(what: string): never {
    throw new SummaryFormatError(this.i, what)
  }

  /** Skips the expected character. */
  eat(c: number): void {
    if (this.s.charCodeAt(this.i) !== c) this.fail(`expected ${String.fromCharCode(c)}`)
    this.i++
  }

  /** Skips a comma if there is one (between items) and says whether it did. */
  comma(): boolean {
    if (this.s.charCodeAt(this.i) !== COMMA) return false
    this.i++
    return true
  }

  /** At the end of the current list: skips its `]`. */
  close(): boolean {
    if (this.s.charCodeAt(this.i) !== CLOSE) return false
    this.i++
    return true
  }

  isNull(): boolean {
    if (this.s.charCodeAt(this.i) !== N) return false
    if (this.s.startsWith('null', this.i)) {
      this.i += 4
      return true
    }
    return this.fail('expected null')
  }

  string(): string {
    const s = this.s
    this.eat(QUOTE)
    const start = this.i
    for (;;) {
      const c = s.charCodeAt(this.i)
      if (c === QUOTE) break
      if (c === BACKSLASH || Number.isNaN(c)) return this.escaped(start)
      this.i++
    }
    const out = s.slice(start, this.i)
    this.i++
    return out
  }

  /** A string with escapes: find its end, then let JSON.parse unescape it. */
  private escaped(start: number): string {
    const s = this.s
    let i = start
    for (;;) {
      const c = s.charCodeAt(i)
      if (Number.isNaN(c)) return this.fail('unterminated string')
      if (c === BACKSLASH) i += 2
      else if (c === QUOTE) break
      else i++
    }
    this.i = i + 1
    return JSON.parse(s.slice(start - 1, i + 1)) as string
  }

  stringOrNull(): string | null {
    return this.isNull() ? null : this.string()
  }

  /**
   * A team name, one string per name for the whole scan. Why: a name of 13 characters or more read
   * by `slice` is a view into the batch's text, and the scan's cases keep their team, so every batch
   * text (a quarter of a megabyte each, 28 MB at 50,000 children) stayed in memory with the results.
   */
  team(): string | null {
    if (this.isNull()) return null
    const s = this.string()
    let t = this.teams.get(s)
    if (t === undefined) {
      // A copy of its own (concatenation then slice flattens it), not a view into the batch.
      t = ` ${s}`.slice(1)
      this.teams.set(t, t)
    }
    return t
  }

  number(): number {
    const s = this.s
    const start = this.i
    let c = s.charCodeAt(this.i)
    let negative = false
    if (c === MINUS) {
      negative = true
      c = s.charCodeAt(++this.i)
    }
    if (!(c >= ZERO && c <= NINE)) return this.fail('expected a number')
    let n = 0
    while (c >= ZERO && c <= NINE) {
      n = n * 10 + (c - ZERO)
      c = s.charCodeAt(++this.i)
    }
    // A decimal (risk scores are REAL: "5.0") or an exponent: the rare case, left to Number().
    if (c === 46 || c === 101 || c === 69) {
      while ((c >= ZERO && c <= NINE) || c === 46 || c === 101 || c === 69 || c === 43 || c === MINUS) c = s.charCodeAt(++this.i)
      const x = Number(s.slice(start, this.i))
      if (Number.isNaN(x)) return this.fail('expected a number')
      return x
    }
    return negative ? -n : n
  }

  numberOrNull(): number | null {
    return this.isNull() ? null : this.number()
  }

  date(): CivilDate {
    return dateOf(this.number())
  }

  dateOrNull(): CivilDate | null {
    return this.isNull() ? null : dateOf(this.number())
  }

  flag(): boolean {
    const n = this.number()
    if (n !== 0 && n !== 1) this.fail('expected 0 or 1')
    return n === 1
  }

  /** A list of items read by `item` (a module-level function: no closure per plan), the shared empty array when it has none. */
  list<T>(item: (r: Reader) => T): T[] {
    this.eat(OPEN)
    if (this.close()) return NONE
    const scratch = (this.scratch[this.depth] ??= [])
    this.depth++
    let n = 0
    do scratch[n++] = item(this)
    while (this.comma())
    this.depth--
    if (!this.close()) this.fail('expected , or ]')
    return scratch.slice(0, n) as T[]
  }
}

const strings = (r: Reader): string => r.string()

function meeting(r: Reader): MeetingFacts {
  r.eat(OPEN)
  const id = r.string()
  r.eat(COMMA)
  const date = r.date()
  r.eat(COMMA)
  const chairId = r.string()
  r.eat(COMMA)
  const attended = r.list(strings)
  r.eat(COMMA)
  const planAvailable = r.flag()
  r.eat(COMMA)
  const childViewsRecorded = r.flag()
  r.eat(COMMA)
  const riskReviewed = r.flag()
  r.eat(COMMA)
  const score = r.numberOrNull()
  r.eat(COMMA)
  const scale = r.stringOrNull()
  r.eat(CLOSE)
  if ((score === null) !== (scale === null) || (scale !== null && scale !== 'safety' && scale !== 'danger')) r.fail('expected a risk score with its scale')
  return {
    id,
    date,
    chairId,
    chairRole: r.roles.get(chairId) ?? null,
    attended,
    planAvailable,
    childViewsRecorded,
    riskReviewed,
    // The literal: one string for every meeting, not a copy read for each.
    riskScore: score === null ? null : { score, scale: scale === 'safety' ? 'safety' : 'danger' },
    distributions: NONE,
  }
}

function conference(r: Reader): ConferenceFacts[] {
  if (r.isNull()) return NONE
  r.eat(OPEN)
  const id = r.string()
  r.eat(COMMA)
  const kind = r.string()
  r.eat(COMMA)
  const date = r.date()
  r.eat(CLOSE)
  if (kind !== 'initial' && kind !== 'review') return r.fail('expected a conference kind')
  return [{ id, kind: kind === 'initial' ? 'initial' : 'review', date }]
}

function member(r: Reader): MemberFacts {
  r.eat(OPEN)
  const professionalId = r.string()
  r.eat(COMMA)
  const fromDate = r.date()
  r.eat(COMMA)
  const toDate = r.dateOrNull()
  r.eat(CLOSE)
  return { professionalId, fromDate, toDate, hasContact: r.contact.get(professionalId) ?? false }
}

function allocation(r: Reader): AllocationFacts {
  r.eat(OPEN)
  const id = r.string()
  r.eat(COMMA)
  const professionalId = r.string()
  r.eat(COMMA)
  const startDate = r.date()
  r.eat(COMMA)
  const endDate = r.dateOrNull()
  r.eat(CLOSE)
  return { id, professionalId, startDate, endDate }
}

function action(r: Reader): ActionFacts {
  r.eat(OPEN)
  const id = r.string()
  r.eat(COMMA)
  const createdDate = r.date()
  r.eat(COMMA)
  const outcomeBlank = r.flag()
  r.eat(COMMA)
  const ownerId = r.stringOrNull()
  r.eat(COMMA)
  const dueDate = r.dateOrNull()
  r.eat(COMMA)
  const lastReviewedDate = r.dateOrNull()
  r.eat(CLOSE)
  return { id, createdDate, outcomeBlank, ownerId, dueDate, status: 'open', closedDate: null, lastReviewedDate }
}

function stage(r: Reader): { stage: number; startDate: CivilDate } {
  r.eat(OPEN)
  const n = r.number()
  r.eat(COMMA)
  const startDate = r.date()
  r.eat(CLOSE)
  return { stage: n, startDate }
}

function disagreement(r: Reader): DisagreementFacts {
  r.eat(OPEN)
  const id = r.string()
  r.eat(COMMA)
  const raisedDate = r.date()
  r.eat(COMMA)
  const stages = r.list(stage)
  r.eat(CLOSE)
  return { id, raisedDate, resolvedDate: null, stages }
}

function visit(r: Reader): VisitFacts {
  r.eat(OPEN)
  const id = r.string()
  r.eat(COMMA)
  const date = r.date()
  r.eat(COMMA)
  const seenAlone = r.flag()
  r.eat(CLOSE)
  return { id, date, seenAlone }
}

function undistributedMeeting(r: Reader): UndistributedFacts {
  r.eat(OPEN)
  const meetingId = r.string()
  r.eat(COMMA)
  const date = r.date()
  r.eat(COMMA)
  const missing = r.number()
  r.eat(CLOSE)
  return { meetingId, date, missing }
}

/** One row of the layout in drift-summary.ts (FACTS_JSON). */
function plan(r: Reader): PlanFacts {
  r.eat(OPEN)
  const planId = r.string()
  r.eat(COMMA)
  const childId = r.string()
  r.eat(COMMA)
  const startDate = r.date()
  r.eat(COMMA)
  const endDate = r.dateOrNull()
  r.eat(COMMA)
  const complex = r.flag()
  r.eat(COMMA)
  const team = r.team()
  r.eat(COMMA)
  const meetings = r.list(meeting)
  r.eat(COMMA)
  const conferences = conference(r)
  r.eat(COMMA)
  const members = r.list(member)
  r.eat(COMMA)
  const allocations = r.list(allocation)
  r.eat(COMMA)
  const actions = r.list(action)
  r.eat(COMMA)
  const disagreements = r.list(disagreement)
  r.eat(COMMA)
  const visits = r.list(visit)
  r.eat(COMMA)
  const undistributed = r.list(undistributedMeeting)
  r.eat(CLOSE)
  return { planId, childId, startDate, endDate, complex, team, meetings, conferences, members, allocations, actions, disagreements, visits, undistributed }
}

/**
 * The plans of one batch of summary rows (`[row,row,…]`). `teams`: the team names read so far (pass
 * one map to every batch of a scan, so each name is one string).
 */
export function decodeSummaryBatch(
  text: string,
  roles: Pick<ReadonlyMap<string, ProfessionalRole>, 'get'>,
  contact: Pick<ReadonlyMap<string, boolean>, 'get'>,
  teams: Map<string, string> = new Map(),
): PlanFacts[] {
  const r = new Reader(text, roles, contact, teams)
  const plans = r.list(plan)
  if (r.i !== text.length) r.fail('expected the end of the batch')
  return plans === NONE ? [] : plans
}
