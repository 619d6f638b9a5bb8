// Adding a fact to the drift summary: see README § "Adding a fact to the drift summary" (six files, in order).
/**
 * The drift summary (drizzle/schema.ts driftFacts): one row per plan holding the PlanFacts the rules
 * read, built with every dated record of the plan counted. Those are exactly the facts the history
 * loader (drift-facts.ts) gives for any as-of date A on or after the row's `valid_from`, the latest
 * date of a record whose inclusion depends on A:
 * - conferences, meetings, visits dated <= A (the latest ones), allocations starting <= A and
 *   distributions dated <= A: with A >= every such date, all of them;
 * - actions open on A (status open, or closed after A): with A >= every created and closed date,
 *   those with status open; disagreements open on A likewise those not resolved;
 * - everything the rules compare with A themselves (due dates, member and allocation periods, stage
 *   starts, the plan's own dates) is kept as it is.
 * So a scan on A uses the summary when no plan open on A has `valid_from` > A (today's scan, unless a
 * record is dated in the future), and the history loader otherwise.
 *
 * A professional's role and contact details are not in the summary: they are looked up at scan time,
 * so editing a professional does not touch thousands of summaries.
 *
 * Kept up to date by triggers (migration drift-summary-triggers) that mark changed plans in
 * drift_dirty within the writing transaction; refreshDriftSummary rebuilds the marked ones before a
 * scan. Changing what a row holds (FACTS_JSON and its decoder) needs a migration that empties
 * drift_facts, so every summary is rebuilt in the new shape on the next scan.
 */
import type Database from 'better-sqlite3'
import type { CivilDate } from '../../../shared/civil-date'
import type { PlanFacts } from '../drift/facts'
import { deferSchemaObjects } from './caseload-write'
import { decodeSummaryBatch } from './drift-summary-decode'
import { prepared } from './prepared'
import { readAheadOf, type ReadAheadParams } from './read-ahead'
import { blank, professionalFacts, professionalFactsByLookup } from './professional-facts'
import type { ProfessionalRole } from '../../../shared/caseload-format'

/**
 * A date column as its day number (days since 1970-01-01; exact, since a stored date is a midnight):
 * the summary's row layout, which drift-summary-decode.ts reads (the history loader writes it too).
 */
export const day = (col: string) => `(unixepoch(${col}) / 86400)`

/**
 * Where the summary finds a plan's meetings (`m.id`, `m.date`, `m.risk_score` for the plan `p`): the
 * join of meeting_plans and meetings, or the same join made once for every plan beforehand
 * (IMPORT_PLAN_MEETINGS, a full build after an import). Why the second: the summary reads each
 * plan's meetings four times (its latest two, its latest with a score, the ones not distributed to
 * every member, the latest date), and each row of the join is two b-tree searches into meetings
 * (the key, then the row): a full build of 50,000 children's summaries took about a quarter less
 * with the join made once (alone, on a warm cache; within an import, whose reads are mostly of pages
 * no longer in the cache, 0.5-1 s less of 6-7 s).
 */
const JOINED_MEETINGS = 'meeting_plans mp JOIN meetings m ON m.id = mp.meeting_id WHERE mp.plan_id = p.id'
const IMPORT_PLAN_MEETINGS = 'temp.import_plan_meetings'
const TABLED_MEETINGS = `${IMPORT_PLAN_MEETINGS} m WHERE m.plan_id = p.id`

/** The plan's meetings dated on or after its start (`meetings`: JOINED_MEETINGS or TABLED_MEETINGS). */
const planMeetings = (meetings: string) => `SELECT m.id, m.date, m.risk_score FROM ${meetings} AND m.date >= p.start_date`

// One plan's facts as a compact JSON array (positions, not keys: a third of the size, and parsing is
// most of a scan's time), decoded by drift-summary-decode.ts:
//   [planId, childId, startDate, endDate, complex, team, meetings, conference, members, allocations,
//    actions, disagreements, visits, undistributed]
// meeting [id, date, chairId, attended[], planAvailable, childViewsRecorded, riskReviewed, riskScore, riskScale]
// (the plan's two latest and its latest with a risk score, latest first); conference [id, kind, date]
// (the latest) or null; member [professionalId, fromDate, toDate]; allocation [id, professionalId,
// startDate, endDate]; action (open) [id, createdDate, outcomeBlank, ownerId, dueDate, lastReviewedDate];
// disagreement (not resolved) [id, raisedDate, [[stage, startDate]…]]; visit [id, date, seenAlone]
// (the two latest from the plan start); undistributed [meetingId, date, missing]. Booleans are 0/1;
// dates are day numbers (days since 1970-01-01), decoded through one shared string per day
// (calendar.dateOf), which makes the JSON a fifth smaller and spares a string per date.
// Subquery results lose their JSON subtype, hence json(…) around each nested array.
const factsJson = (meetings: string) => `json_array(p.id, p.child_id, ${day('p.start_date')}, ${day('p.end_date')}, c.complex, c.team,
  json((SELECT json_group_array(json_array(m.id, ${day('m.date')}, m.chair_id,
      json((SELECT json_group_array(a.professional_id) FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.attended = 1)),
      m.plan_available, m.child_views_recorded, m.risk_reviewed, m.risk_score, m.risk_scale))
    FROM (SELECT m.* FROM meetings m WHERE m.id IN (
      SELECT id FROM (${planMeetings(meetings)} ORDER BY m.date DESC, m.id DESC LIMIT 2)
      UNION
      SELECT id FROM (${planMeetings(meetings)} AND m.risk_score IS NOT NULL ORDER BY m.date DESC, m.id DESC LIMIT 1))
    ORDER BY m.date DESC, m.id DESC) m)),
  json((SELECT json_array(cf.id, cf.kind, ${day('cf.date')}) FROM conferences cf WHERE cf.plan_id = p.id ORDER BY cf.date DESC, cf.id DESC LIMIT 1)),
  json((SELECT json_group_array(json_array(m.professional_id, ${day('m.from_date')}, ${day('m.to_date')}))
    FROM (SELECT m.professional_id, m.from_date, m.to_date FROM members m WHERE m.plan_id = p.id ORDER BY m.professional_id, m.from_date, m.to_date) m)),
  json((SELECT json_group_array(json_array(a.id, a.professional_id, ${day('a.start_date')}, ${day('a.end_date')}))
    FROM (SELECT a.id, a.professional_id, a.start_date, a.end_date FROM allocations a WHERE a.child_id = p.child_id ORDER BY a.start_date, a.id) a)),
  json((SELECT json_group_array(json_array(x.id, ${day('x.created_date')}, ${blank('x.outcome')}, x.owner_id, ${day('x.due_date')}, ${day('x.last_reviewed_date')}))
    FROM (SELECT * FROM actions x WHERE x.plan_id = p.id AND x.status = 'open' ORDER BY x.id) x)),
  json((SELECT json_group_array(json_array(d.id, ${day('d.raised_date')},
      json((SELECT json_group_array(json_array(s.stage, ${day('s.start_date')}))
        FROM (SELECT s.stage, s.start_date FROM disagreement_stages s WHERE s.disagreement_id = d.id ORDER BY s.seq) s))))
    FROM (SELECT d.id, d.raised_date FROM disagreements d WHERE d.plan_id = p.id AND d.resolved_date IS NULL ORDER BY d.id) d)),
  json((SELECT json_group_array(json_array(v.id, ${day('v.date')}, v.seen_alone))
    FROM (SELECT v.id, v.date, v.seen_alone FROM visits v WHERE v.child_id = p.child_id AND v.date >= p.start_date ORDER BY v.date DESC, v.id DESC LIMIT 2) v)),
  json((SELECT json_group_array(json_array(u.id, ${day('u.date')}, u.missing)) FROM (
    SELECT m.id, m.date, (SELECT count(DISTINCT mem.professional_id) FROM members mem
        WHERE mem.plan_id = p.id AND mem.from_date <= m.date AND (mem.to_date IS NULL OR mem.to_date >= m.date)
          AND NOT EXISTS (SELECT 1 FROM distributions d WHERE d.meeting_id = m.id AND d.professional_id = mem.professional_id)) AS missing
    FROM ${meetings} AND m.date >= p.start_date ORDER BY m.date, m.id) u WHERE u.missing > 0))
)`
const FACTS_JSON = factsJson(JOINED_MEETINGS)

// The latest date of a record whose inclusion in the history loader's facts depends on A.
const validFrom = (meetings: string) => `max(p.start_date,
  coalesce((SELECT max(date) FROM conferences WHERE plan_id = p.id), ''),
  coalesce((SELECT max(date) FROM visits WHERE child_id = p.child_id), ''),
  coalesce((SELECT max(start_date) FROM allocations WHERE child_id = p.child_id), ''),
  coalesce((SELECT max(m.date) FROM ${meetings}), ''),
  coalesce((SELECT max(d.date) FROM meeting_plans mp JOIN distributions d ON d.meeting_id = mp.meeting_id WHERE mp.plan_id = p.id), ''),
  coalesce((SELECT max(max(created_date, coalesce(closed_date, ''))) FROM actions WHERE plan_id = p.id), ''),
  coalesce((SELECT max(max(raised_date, coalesce(resolved_date, ''))) FROM disagreements WHERE plan_id = p.id), ''))`
const VALID_FROM = validFrom(JOINED_MEETINGS)

// A plan rebuilt keeps its row and rowid (an update, not a delete and insert).
const BUILD = (where: string, meetings = JOINED_MEETINGS) => `
INSERT INTO drift_facts (plan_id, start_date, end_date, valid_from, facts)
SELECT p.id, p.start_date, p.end_date, ${validFrom(meetings)}, ${factsJson(meetings)}
FROM plans p JOIN children c ON c.id = p.child_id
WHERE ${where}
ON CONFLICT (plan_id) DO UPDATE SET start_date = excluded.start_date, end_date = excluded.end_date, valid_from = excluded.valid_from, facts = excluded.facts`

const SQL_REBUILD_ALL = BUILD('1')
const SQL_REBUILD_MARKED = BUILD(`p.id IN (SELECT plan_id FROM drift_dirty) OR p.id NOT IN (SELECT plan_id FROM drift_facts)`)
export const SQL_NEEDS_REFRESH = `SELECT EXISTS (SELECT 1 FROM drift_dirty) OR (SELECT count(*) FROM plans) <> (SELECT count(*) FROM drift_facts)`

/** Drops every summary: the next scan builds them all again. */
export function emptyDriftSummary(sqlite: Database.Database): void {
  prepared(sqlite, 'DELETE FROM drift_facts').run()
}

/** Rebuilds every plan's summary (after a bulk import, inside its transaction). */
export function rebuildDriftSummary(sqlite: Database.Database): void {
  emptyDriftSummary(sqlite)
  prepared(sqlite, 'DELETE FROM drift_dirty').run()
  prepared(sqlite, SQL_REBUILD_ALL).run()
}

/**
 * Brings the summary up to date: the plans marked by the triggers, and any plan with no summary yet
 * (a caseload migrated from before the summary existed). One write transaction; a handful of plans
 * after a recording in the app, every plan once after a migration.
 * Returns how many summaries were rebuilt.
 */
export function refreshDriftSummary(sqlite: Database.Database): number {
  if (!prepared(sqlite, SQL_NEEDS_REFRESH).pluck(true).get()) return 0
  return sqlite
    .transaction(() => {
      prepared(sqlite, 'DELETE FROM drift_facts WHERE plan_id NOT IN (SELECT id FROM plans)').run()
      const { changes } = prepared(sqlite, SQL_REBUILD_MARKED).run()
      prepared(sqlite, 'DELETE FROM drift_dirty').run()
      return changes
    })
    .immediate()
}

/**
 * Drops the triggers that mark plans for the summary and returns the function that creates them
 * again and rebuilds every summary. Why: a bulk import writes millions of rows, and one rebuild of
 * every plan at the end costs far less than a trigger per row. Only inside the import's transaction,
 * so a failure rolls the drop back with everything else.
 */
export function deferDriftSummary(sqlite: Database.Database): () => void {
  // A caseload still at a schema from before the summary (only the migration tests import into one).
  if (!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'drift_facts'`).get()) return () => {}
  const recreateTriggers = deferSchemaObjects(sqlite, 'trigger', `name LIKE 'drift\\_dirty\\_%' ESCAPE '\\'`)
  return () => {
    recreateTriggers()
    rebuildDriftSummary(sqlite)
  }
}

/** Plans open on A whose summary does not hold for A (a record of theirs is dated after A). */
export const SQL_STALE_ON = `SELECT EXISTS (SELECT 1 FROM drift_facts INDEXED BY drift_facts_valid
  WHERE valid_from > :asOf AND start_date <= :asOf AND (end_date IS NULL OR end_date > :asOf))`

const SQL_PLAN_ROWIDS = `SELECT min(rowid), max(rowid) FROM drift_facts`

/** Summary rows per batch: small enough that a batch's facts are dropped before a garbage collection (see summaryFacts). */
const BATCH = 512

export const SQL_BATCH = `SELECT '[' || group_concat(facts, ',') || ']' FROM drift_facts
  WHERE rowid >= :lo AND rowid < :hi AND start_date <= :asOf AND (end_date IS NULL OR end_date > :asOf)`

/**
 * The facts of the plans open on `asOf`, in batches (by rowid ranges of BATCH rows), or null when the
 * summary does not hold for `asOf` because a plan open on A has a record dated after A (then the
 * history loader gives them). Call refreshDriftSummary first, on the same connection, and iterate
 * inside one read transaction so the rows are one snapshot.
 *
 * Why small batches, decoded as they are read, and nothing kept between scans: a scan that runs the
 * rules on each batch and drops it leaves the garbage collector nothing to copy — the facts die
 * young. Keeping 50,000 plans' decoded facts alive (to reuse them in the next scan) made the first
 * scan twice as slow, because the collector copied every one of them into the old generation.
 */
export function summaryFacts(sqlite: Database.Database, asOf: CivilDate): Iterable<readonly PlanFacts[]> | null {
  if (prepared(sqlite, SQL_STALE_ON).pluck(true).get({ asOf })) return null
  // Another connection may have written between the refresh and this read: its marks are in this
  // snapshot, and then the summary is not to be trusted for this scan.
  if (prepared(sqlite, SQL_NEEDS_REFRESH).pluck(true).get()) return null
  return batches(sqlite, asOf)
}

function* batches(sqlite: Database.Database, asOf: CivilDate): Generator<readonly PlanFacts[]> {
  const [lo, hi] = prepared(sqlite, SQL_PLAN_ROWIDS).raw(true).get() as [number | null, number | null]
  const params: ReadAheadParams[] = []
  for (let first = lo ?? 1; hi !== null && first <= hi; first += BATCH) params.push({ asOf, lo: first, hi: first + BATCH })
  const guards = [
    { guard: 'summaryStaleOn', params: { asOf } },
    { guard: 'summaryNeedsRefresh', params: {} },
  ] as const
  const readAhead = readAheadOf(sqlite)
  // Asked first, so that the other thread reads while this one reads the professionals; only if
  // it is idle (it may be reading the table's rows for after this scan: app/analysis.ts).
  let ahead = readAhead?.read('summaryBatch', params, guards, { whenIdle: true }) ?? null
  const { roles, contact } = professionalFacts(sqlite)
  const teams = new Map<string, string>()
  const batch = prepared(sqlite, SQL_BATCH).pluck(true)
  let done = 0
  let asked = ahead !== null
  while (done < params.length) {
    if (ahead) {
      for (const text of ahead) {
        done++
        if (text) yield decodeSummaryBatch(text, roles, contact, teams)
      }
      ahead = null
      continue
    }
    // Alone: one batch, then the thread is asked again if it was not ready (it is started at
    // unlock, just before today's scan) or busy; once it has answered (all, or ended early) it is not.
    const text = batch.get(params[done++]!) as string | null
    if (text) yield decodeSummaryBatch(text, roles, contact, teams)
    if (!asked && readAhead && done < params.length) {
      ahead = readAhead.read('summaryBatch', params.slice(done), guards, { whenIdle: true })
      asked = ahead !== null
    }
  }
}

/**
 * The summary rows of the given plans open on `:asOf`, built now from the caseload tables without
 * storing them (`:ids` is a JSON array, so one prepared statement serves any number of plans), and
 * whether the summary holds for all of them on A. Read-only: a patch after a save commits nothing
 * (a commit waits for the disk); the stored rows are rebuilt by the next full scan's refresh.
 */
const SQL_FACTS_NOW = `SELECT '[' || group_concat(facts, ',') || ']', max(stale) FROM (
  SELECT ${FACTS_JSON} AS facts, ${VALID_FROM} > :asOf AS stale
  FROM plans p JOIN children c ON c.id = p.child_id
  WHERE p.id IN (SELECT value FROM json_each(:ids)) AND p.start_date <= :asOf AND (p.end_date IS NULL OR p.end_date > :asOf))`

/**
 * The facts of the given plans that are open on `asOf` (an incremental scan after a change), or null
 * when the summary does not hold for one of them on `asOf` (a record dated after A: then the history
 * loader is needed and the caller scans in full). Same facts as the stored summary rows would give.
 * `professionals`: the roles and contacts (by default looked up one by one: a few plans name a few).
 */
export function summaryFactsOf(
  sqlite: Database.Database,
  asOf: CivilDate,
  planIds: readonly string[],
  professionals: { roles: Pick<ReadonlyMap<string, ProfessionalRole>, 'get'>; contact: Pick<ReadonlyMap<string, boolean>, 'get'> } = professionalFactsByLookup(sqlite),
): PlanFacts[] | null {
  const [text, stale] = prepared(sqlite, SQL_FACTS_NOW).raw(true).get({ ids: JSON.stringify(planIds), asOf }) as [string | null, number | null]
  if (stale) return null
  return text ? decodeSummaryBatch(text, professionals.roles, professionals.contact) : []
}

/** Plans per statement of a stepwise rebuild: about a tenth of a second of SQLite each. */
const PLANS_PER_STEP = 1000

/**
 * The stepwise form of deferDriftSummary, for an import that answers other requests between its
 * steps (caseload/import.ts): the returned generator recreates the triggers and rebuilds every
 * plan's summary PLANS_PER_STEP plans at a time (by rowid ranges), pausing (yielding) after each.
 */
export function deferDriftSummarySteps(sqlite: Database.Database): () => Generator<void, void, void> {
  if (!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'drift_facts'`).get()) return function* () {}
  const recreateTriggers = deferSchemaObjects(sqlite, 'trigger', `name LIKE 'drift\\_dirty\\_%' ESCAPE '\\'`)
  return function* () {
    recreateTriggers()
    emptyDriftSummary(sqlite)
    prepared(sqlite, 'DELETE FROM drift_dirty').run()
    const [lo, hi] = prepared(sqlite, 'SELECT min(rowid), max(rowid) FROM plans').raw(true).get() as [number | null, number | null]
    // Every plan's meetings, joined once (see JOINED_MEETINGS); in the import's transaction, and
    // dropped at its end (a rollback drops it too).
    sqlite.prepare(`DROP TABLE IF EXISTS ${IMPORT_PLAN_MEETINGS}`).run()
    sqlite.prepare(SQL_CREATE_IMPORT_PLAN_MEETINGS).run()
    sqlite.prepare(SQL_FILL_IMPORT_PLAN_MEETINGS).run()
    yield
    try {
      const build = sqlite.prepare(BUILD('p.rowid >= :lo AND p.rowid < :hi', TABLED_MEETINGS))
      for (let first = lo ?? 1; hi !== null && first <= hi; first += PLANS_PER_STEP) {
        build.run({ lo: first, hi: first + PLANS_PER_STEP })
        yield
      }
    } finally {
      if (sqlite.open && sqlite.inTransaction) sqlite.prepare(`DROP TABLE IF EXISTS ${IMPORT_PLAN_MEETINGS}`).run()
    }
  }
}

/**
 * IMPORT_PLAN_MEETINGS: the rows of JOINED_MEETINGS for every plan, keyed for the summary's reads
 * (a plan's meetings by date and id, the columns in the key or beside it). The columns keep the
 * types (affinities) of meetings', so every value compares and prints as it does there.
 */
const SQL_CREATE_IMPORT_PLAN_MEETINGS = `CREATE TABLE ${IMPORT_PLAN_MEETINGS} (
  plan_id TEXT NOT NULL, date TEXT NOT NULL, id TEXT NOT NULL, risk_score REAL,
  PRIMARY KEY (plan_id, date, id)) WITHOUT ROWID`
const SQL_FILL_IMPORT_PLAN_MEETINGS = `INSERT INTO ${IMPORT_PLAN_MEETINGS} (plan_id, date, id, risk_score)
  SELECT mp.plan_id, m.date, m.id, m.risk_score FROM meeting_plans mp JOIN meetings m ON m.id = mp.meeting_id`
