// Adding a fact to the drift summary: see README § "Adding a fact to the drift summary" (six files, in order).
/**
 * The history loader: for one as-of date A, reads from the caseload tables only what the drift rules
 * need (design brief §4, §7). A scan uses it when the drift summary (drift-summary.ts) does not hold
 * for A — an as-of date before some open plan's latest record — or when asked to (tests, benchmark):
 * - open plans with their child; the latest conference dated <= A; the child's two latest visits in
 *   [plan start, A]; the child's allocations starting <= A; the plan's core group membership
 *   (one document per chunk of 4,096 plans, in the drift summary's row layout, read by its decoder);
 * - the meetings of the distribution lookback window [A − lookback, A] with their plans (keyset
 *   chunks of 4,096 in (date, id) order), plus, per plan whose window does not show them, its two
 *   latest older meetings and its latest with a risk score;
 * - decisions-not-distributed: not the distributions themselves but, for each plan's window meeting
 *   dated up to the cutoff (the latest date whose circulation deadline addWD(date, W) is before A;
 *   the deadline is monotonic in the date), the count of distinct members current on its date with no
 *   distribution dated <= A, kept where > 0 (PlanFacts.undistributed, which the rule reads); SQL gives
 *   one id array per such meeting, so no object per distribution is built;
 * - attendance of each plan's two latest meetings only (agency-absent);
 * - actions open on A; disagreements open on A with their stages.
 * Empty lists share one frozen array. In the app a read-ahead thread (queries/read-ahead.ts) reads the
 * plans, the attendance of the window's meetings, the actions and the disagreements meanwhile, while
 * this thread reads the window's meetings; the attendance of older meetings is looked up here.
 *
 * Speed (test/bench/past-scan-bench.ts, 2-core machine): 50,000 children on a past date ~1.5–2 s of
 * CPU for this loader (README, "Past-date scan"). Most of it is SQLite's per-row look-ups and building
 * the JSON documents, then parsing them and building the JS facts — which is why today's scans read
 * the summary instead.
 */
import type Database from 'better-sqlite3'
import type { CivilDate } from '../../../shared/civil-date'
import type { DriftPolicy } from '../../../shared/drift-policy'
import type { ProfessionalRole } from '../../../shared/caseload-format'
import { addDaysFast, type WorkingDayCalendar } from '../drift/calendar'
import {
  byLatest,
  memberOn,
  type ActionFacts,
  type DisagreementFacts,
  type MeetingFacts,
  type MemberFacts,
  type PlanFacts,
  type UndistributedFacts,
} from '../drift/facts'
import { day } from './drift-summary'
import { decodeSummaryBatch } from './drift-summary-decode'
import { prepared } from './prepared'
import { readAheadOf, type ReadAheadParams } from './read-ahead'
import { blank, professionalFacts } from './professional-facts'

/**
 * Rows are fetched in chunks of this many plans (or meetings): each chunk's JSON and parsed arrays
 * die young, so the garbage collector does not promote (and the process does not hold) all of them.
 */
const CHUNK = 4096

// Open plans in table order (plan ids follow child ids, so the correlated look-ups walk the
// covering indexes of migration drift-indexes in order), in the drift summary's row layout
// (drift-summary.ts FACTS_JSON) so that its decoder builds the facts straight from the text, without
// the intermediate arrays of JSON.parse: the latest conference dated <= A, the members, the child's
// allocations starting <= A and two latest visits in [plan start, A]; meetings, actions,
// disagreements and undistributed meetings empty (the steps below add them). Members and
// allocations come in the summary's order (the indexes' order).
export const SQL_PLANS = `
SELECT json_group_array(json_array(p.id, p.child_id, ${day('p.start_date')}, ${day('p.end_date')}, c.complex, c.team, json_array(),
  (SELECT json_array(cf.id, cf.kind, ${day('cf.date')}) FROM conferences cf INDEXED BY conferences_plan
     WHERE cf.plan_id = p.id AND cf.date <= :asOf ORDER BY cf.date DESC, cf.id DESC LIMIT 1),
  (SELECT json_group_array(json_array(m.professional_id, ${day('m.from_date')}, ${day('m.to_date')})) FROM members m INDEXED BY members_plan
     WHERE m.plan_id = p.id),
  (SELECT json_group_array(json_array(a.id, a.professional_id, ${day('a.start_date')}, ${day('a.end_date')})) FROM allocations a INDEXED BY allocations_child
     WHERE a.child_id = p.child_id AND a.start_date <= :asOf),
  json_array(), json_array(),
  (SELECT json_group_array(json_array(v.id, ${day('v.date')}, v.seen_alone)) FROM
     (SELECT v.id, v.date, v.seen_alone FROM visits v INDEXED BY visits_child
        WHERE v.child_id = p.child_id AND v.date <= :asOf AND v.date >= p.start_date
        ORDER BY v.date DESC, v.id DESC LIMIT 2) v),
  json_array()))
FROM plans p NOT INDEXED JOIN children c ON c.id = p.child_id
WHERE p.rowid >= :lo AND p.rowid < :hi AND p.start_date <= :asOf AND (p.end_date IS NULL OR p.end_date > :asOf)`

const SQL_PLAN_ROWIDS = `SELECT min(rowid), max(rowid) FROM plans`

const MEETING_COLS = `m.id, m.date, m.chair_id, m.plan_available, m.child_views_recorded, m.risk_reviewed, m.risk_score, m.risk_scale`

// The meetings of the lookback window (covering index meetings_date), each with its plans and, when
// dated <= :cutoff (its circulation deadline is before A), the professionals it was distributed to by A.
const SQL_RECENT_MEETINGS = `
SELECT json_group_array(json_array(${MEETING_COLS},
  (SELECT json_group_array(mp.plan_id) FROM meeting_plans mp WHERE mp.meeting_id = m.id),
  CASE WHEN m.date <= :cutoff THEN (SELECT json_group_array(d.professional_id) FROM distributions d INDEXED BY distributions_meeting
    WHERE d.meeting_id = m.id AND d.date <= :asOf) END))
FROM (SELECT ${MEETING_COLS} FROM meetings m INDEXED BY meetings_date
  WHERE m.date >= :afterDate AND m.date <= :asOf AND (m.date > :afterDate OR m.id > :afterId)
  ORDER BY m.date, m.id LIMIT ${CHUNK}) m`

const SQL_PLAN_OLDER_MEETINGS = `
SELECT ${MEETING_COLS}
FROM meeting_plans mp JOIN meetings m ON m.id = mp.meeting_id
WHERE mp.plan_id = :planId AND m.date < :before AND m.date >= :start`

// Every meeting of the window [:from, :asOf] with who attended it (covering index meetings_date), for
// the read-ahead thread, which reads it before the core's thread knows which it needs.
export const SQL_WINDOW_ATTENDED = `
SELECT json_group_array(json_array(m.id, (SELECT json_group_array(a.professional_id) FROM meeting_attendance a INDEXED BY meeting_attendance_present
  WHERE a.meeting_id = m.id AND a.attended = 1)))
FROM meetings m INDEXED BY meetings_date
WHERE m.date >= :from AND m.date <= :asOf`

const SQL_ATTENDED = `
SELECT json_group_array(json_array(i.value, (SELECT json_group_array(a.professional_id) FROM meeting_attendance a INDEXED BY meeting_attendance_present
  WHERE a.meeting_id = i.value AND a.attended = 1)))
FROM json_each(:ids) i`

// Open actions from the partial covering index; those closed after A (only for a past A) from the
// covering index of closed actions (migration actions-closed-cover): reading them from the table, one
// look-up each, evicted the rest of a past-date scan's pages from the page cache (2x slower at 50,000).
const ACTION_COLS = `plan_id, id, created_date, ${blank('outcome')} AS blank_outcome, owner_id, due_date, status, closed_date, last_reviewed_date`
export const SQL_OPEN_ACTIONS = `
SELECT json_group_array(json_array(plan_id, id, created_date, blank_outcome, owner_id, due_date, status, closed_date, last_reviewed_date)) FROM (
  SELECT ${ACTION_COLS} FROM actions INDEXED BY actions_open_cover WHERE status = 'open' AND created_date <= :asOf
  UNION ALL
  SELECT ${ACTION_COLS} FROM actions INDEXED BY actions_closed_cover WHERE status IN ('done', 'dropped') AND closed_date > :asOf AND created_date <= :asOf)`

export const SQL_OPEN_DISAGREEMENTS = `
SELECT json_group_array(json_array(d.plan_id, d.id, d.raised_date, d.resolved_date,
  (SELECT json_group_array(json_array(s.seq, s.stage, s.start_date)) FROM disagreement_stages s WHERE s.disagreement_id = d.id)))
FROM disagreements d
WHERE d.raised_date <= :asOf AND (d.resolved_date IS NULL OR d.resolved_date > :asOf)`

type Row = unknown[]

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK) as T[]
}

/** Runs a statement that returns one JSON array of rows (one string crossing into JS is far cheaper than many rows). */
function packed(sqlite: Database.Database, sql: string, params: Record<string, unknown>): Row[] {
  return JSON.parse(prepared(sqlite, sql).pluck(true).get(params) as string) as Row[]
}

/** `packed`, its text taken from the read-ahead thread when it read it (`ahead`), else read here. */
function packedOrAhead(sqlite: Database.Database, sql: string, params: Record<string, unknown>, ahead: Iterable<string | null> | null): Row[] {
  for (const text of ahead ?? []) if (text !== null) return JSON.parse(text) as Row[]
  return packed(sqlite, sql, params)
}

function rows(sqlite: Database.Database, sql: string, params: Record<string, unknown>): IterableIterator<Row> {
  return prepared(sqlite, sql).raw(true).iterate(params) as IterableIterator<Row>
}

/** One frozen empty array for every empty list (most plans have no action, no disagreement…): no allocation each. */
const NONE: never[] = Object.freeze([]) as unknown as never[]

/** The plan's list, replacing the shared (frozen) empty one on the first push. */
function listOf<K extends 'meetings' | 'actions' | 'disagreements' | 'undistributed'>(p: MutablePlan, key: K): MutablePlan[K] {
  if (p[key].length === 0) p[key] = [] as MutablePlan[K]
  return p[key]
}

function meetingFrom(r: Row, offset: number, roles: Map<string, ProfessionalRole>): MeetingFacts {
  const chairId = r[offset + 2] as string
  const score = r[offset + 6] as number | null
  return {
    id: r[offset] as string,
    date: r[offset + 1] as string,
    chairId,
    chairRole: roles.get(chairId) ?? null,
    attended: NONE,
    planAvailable: r[offset + 3] === 1,
    childViewsRecorded: r[offset + 4] === 1,
    riskReviewed: r[offset + 5] === 1,
    riskScore: score === null ? null : { score, scale: r[offset + 7] as 'safety' | 'danger' },
    distributions: NONE,
  }
}

/** Distinct members current on `date` not in `distributed`. */
function undistributedCount(members: readonly MemberFacts[], date: string, distributed: readonly string[]): number {
  let missing = 0
  for (let i = 0; i < members.length; i++) {
    const mem = members[i]!
    if (!memberOn(mem, date) || distributed.includes(mem.professionalId)) continue
    let counted = false
    for (let j = 0; j < i && !counted; j++) counted = members[j]!.professionalId === mem.professionalId && memberOn(members[j]!, date)
    if (!counted) missing++
  }
  return missing
}

export interface DriftFactsTimings {
  [step: string]: number
}

export interface LoadedDriftFacts {
  plans: PlanFacts[]
  /** Milliseconds per step (for the benchmark). */
  timings: DriftFactsTimings
}

interface MutablePlan extends PlanFacts {
  meetings: MeetingFacts[]
  actions: ActionFacts[]
  disagreements: DisagreementFacts[]
  undistributed: UndistributedFacts[]
}

/** Loads the facts of every plan open on `asOf`, in plan id order of the database. */
export function loadDriftFacts(
  sqlite: Database.Database,
  asOf: CivilDate,
  policy: DriftPolicy,
  calendar: WorkingDayCalendar,
): LoadedDriftFacts {
  const timings: DriftFactsTimings = {}
  let t0 = performance.now()
  const lap = (name: string) => {
    const t = performance.now()
    timings[name] = (timings[name] ?? 0) + (t - t0)
    t0 = t
  }

  const { roles, contact } = professionalFacts(sqlite)
  lap('professionals')

  const [lo, hi] = prepared(sqlite, SQL_PLAN_ROWIDS).raw(true).get() as [number | null, number | null]
  const planChunks: ReadAheadParams[] = []
  for (let first = lo ?? 1; hi !== null && first <= hi; first += CHUNK) planChunks.push({ asOf, lo: first, hi: first + CHUNK })
  // Meetings: the lookback window for everyone, older ones only where the window is not enough.
  const from = addDaysFast(asOf, -policy.distributionLookbackDays)
  // The plans are read by the read-ahead thread when there is one (queries/read-ahead.ts), while this
  // thread reads the meetings of the window: the two biggest reads of a past date, side by side.
  const readAhead = readAheadOf(sqlite)
  const ahead = readAhead?.read('historyPlans', planChunks, []) ?? null
  // And then, for the steps below: who attended each meeting of the window (a few more meetings than
  // the two latest of each plan, which are nearly all in it), the open actions and disagreements.
  const attendanceAhead = ahead && readAhead!.read('historyWindowAttendance', [{ from, asOf }], [])
  const actionsAhead = ahead && readAhead!.read('historyActions', [{ asOf }], [])
  const disagreementsAhead = ahead && readAhead!.read('historyDisagreements', [{ asOf }], [])

  // decisions-not-distributed: due = addWD(M.date, W) < A is monotonic in M.date, so only meetings
  // dated up to the latest date whose due is before A (the cutoff) can fire; for those the loader
  // derives the count of members current on M.date with no distribution dated <= A (PlanFacts.undistributed).
  const w = policy.distributionWorkingDays
  let cutoff = asOf
  for (let i = 0; i < 1000 && !(calendar.addWD(cutoff, w) < asOf); i++) cutoff = addDaysFast(cutoff, -1)
  // Read first, put to their plans below: in chunks of (date, id) order from the start of the window
  // (a meeting id is never empty).
  const recent: Row[][] = []
  let afterDate = from
  let afterId = ''
  for (;;) {
    const chunk = packed(sqlite, SQL_RECENT_MEETINGS, { afterDate, afterId, asOf, cutoff })
    recent.push(chunk)
    if (chunk.length < CHUNK) break
    const last = chunk[chunk.length - 1]!
    afterDate = last[1] as string
    afterId = last[0] as string
  }
  lap('meetingsRead')

  const plans: MutablePlan[] = []
  const byId = new Map<string, MutablePlan>()
  const teams = new Map<string, string>()
  const addPlans = (text: string | null) => {
    if (text === null) return
    for (const p of decodeSummaryBatch(text, roles, contact, teams) as MutablePlan[]) {
      plans.push(p)
      byId.set(p.planId, p)
    }
  }
  let done = 0
  if (ahead) {
    for (const text of ahead) {
      done++
      addPlans(text)
    }
  }
  // What the thread did not read (all of it when there is none).
  const plansText = prepared(sqlite, SQL_PLANS).pluck(true)
  for (const p of planChunks.slice(done)) addPlans(plansText.get(p) as string | null)
  lap('plans')

  const shared = new Map<string, MeetingFacts>()
  for (const chunk of recent) {
    for (const r of chunk) {
      const date = r[1] as string
      const distributed = r[9] as string[] | null
      let m: MeetingFacts | undefined
      for (const planId of r[8] as string[]) {
        const p = byId.get(planId)
        if (!p || date < p.startDate) continue
        if (distributed) {
          const missing = undistributedCount(p.members, date, distributed)
          if (missing > 0) listOf(p, 'undistributed').push({ meetingId: r[0] as string, date, missing })
        }
        if (!m) {
          m = meetingFrom(r, 0, roles)
          shared.set(m.id, m)
        }
        listOf(p, 'meetings').push(m)
      }
    }
  }
  lap('meetings')
  for (const p of plans) {
    if (p.startDate >= from) continue // the window holds all of its meetings
    let risk = false
    for (const m of p.meetings) if (m.riskScore) risk = true
    if (p.meetings.length >= 2 && risk) continue
    const older = [...rows(sqlite, SQL_PLAN_OLDER_MEETINGS, { planId: p.planId, before: from, start: p.startDate })].map((r) => {
      const id = r[0] as string
      let m = shared.get(id)
      if (!m) {
        m = meetingFrom(r, 0, roles)
        shared.set(id, m)
      }
      return m
    })
    older.sort(byLatest)
    // Keep what the rules can use: enough for the two latest, and the latest with a risk score.
    let need = Math.max(0, 2 - p.meetings.length)
    for (const m of older) {
      if (need > 0) {
        listOf(p, 'meetings').push(m)
        need--
        if (m.riskScore) risk = true
      } else if (!risk && m.riskScore) {
        listOf(p, 'meetings').push(m)
        risk = true
      }
      if (need === 0 && risk) break
    }
  }
  lap('olderMeetings')

  // Attendance of each plan's two latest meetings.
  const latestIds = new Set<string>()
  for (const p of plans) {
    if (p.meetings.length > 1) p.meetings.sort(byLatest)
    if (p.meetings[0]) latestIds.add(p.meetings[0].id)
    if (p.meetings[1]) latestIds.add(p.meetings[1].id)
  }
  // From the thread's read of the window's meetings when there is one; the rest (older meetings) here.
  const needed = [...latestIds]
  let left = needed
  for (const text of attendanceAhead ?? []) {
    if (text === null) continue
    const inWindow = new Map<string, string[]>()
    for (const r of JSON.parse(text) as [string, string[]][]) inWindow.set(r[0], r[1])
    left = []
    for (const id of needed) {
      const attended = inWindow.get(id)
      if (attended === undefined) left.push(id)
      else shared.get(id)!.attended = attended
    }
  }
  for (const ids of chunks(left)) {
    for (const r of packed(sqlite, SQL_ATTENDED, { ids: JSON.stringify(ids) })) {
      const m = shared.get(r[0] as string)
      if (m) m.attended = r[1] as string[]
    }
  }
  lap('attendance')

  for (const r of packedOrAhead(sqlite, SQL_OPEN_ACTIONS, { asOf }, actionsAhead)) {
    const p = byId.get(r[0] as string)
    if (!p) continue
    listOf(p, 'actions').push({
      id: r[1] as string,
      createdDate: r[2] as string,
      outcomeBlank: r[3] === 1,
      ownerId: r[4] as string | null,
      dueDate: r[5] as string | null,
      status: r[6] as 'open' | 'done' | 'dropped',
      closedDate: r[7] as string | null,
      lastReviewedDate: r[8] as string | null,
    })
  }
  lap('actions')

  for (const r of packedOrAhead(sqlite, SQL_OPEN_DISAGREEMENTS, { asOf }, disagreementsAhead)) {
    const p = byId.get(r[0] as string)
    if (!p) continue
    const stages = (r[4] as [number, number, string][])
      .sort((a, b) => a[0] - b[0])
      .map((s) => ({ stage: s[1], startDate: s[2] }))
    listOf(p, 'disagreements').push({ id: r[1] as string, raisedDate: r[2] as string, resolvedDate: r[3] as string | null, stages })
  }
  lap('disagreements')
  return { plans, timings }
}
