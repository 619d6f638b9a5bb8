/**
 * SQL for importing and synchronising source extracts (source-formats.md §4): provenance (`source`,
 * `source_id`, migration 0006), writing one source record, and what local records refer to a source
 * record that the source no longer has.
 */
import type Database from 'better-sqlite3'
import type { Allocation, Child, Conference, Plan, Professional } from '../../../shared/caseload-format'
import type { ElementOf } from '../caseload/lists'
import type { SourceListName } from '../sources/source-doc'
import { prepared } from './prepared'

const b = (v: boolean): number => (v ? 1 : 0)
const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v)

/** Which source each record of a list came from (`null` = a local record), in id order (as readList gives them). */
export function provenanceRows(sqlite: Database.Database, list: SourceListName): Iterator<[id: string, source: string | null]> {
  return prepared(sqlite, `SELECT id, source FROM ${list} ORDER BY id`).raw(true).iterate() as Iterator<[string, string | null]>
}

type Writer<E> = { insert(e: E, source: string, sourceId: string): void; update(e: E, sourceId: string, source: string): void; remove(id: string): void }

/**
 * Writing source records. An update sets only what the source fills: `complex` of a child, and the
 * agency, email and phone of a professional keep the caseload's values (§4 step 3).
 */
export const sourceWriters: { [L in SourceListName]: (sqlite: Database.Database) => Writer<ElementOf<L>> } = {
  children: (s) => ({
    insert: (e: Child, source, sourceId) =>
      prepared(s, 'INSERT INTO children (id, name, date_of_birth, gender, ethnicity, complex, team, source, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        e.id, e.name, n(e.dateOfBirth), n(e.gender), n(e.ethnicity), b(e.complex), n(e.team), source, sourceId),
    // Annex A holds no names (the id stands in): a name recorded here stays.
    update: (e: Child, sourceId, source) =>
      source === 'annex-a'
        ? prepared(s, 'UPDATE children SET date_of_birth = ?, gender = ?, ethnicity = ?, team = ?, source_id = ? WHERE id = ?').run(
            n(e.dateOfBirth), n(e.gender), n(e.ethnicity), n(e.team), sourceId, e.id)
        : prepared(s, 'UPDATE children SET name = ?, date_of_birth = ?, gender = ?, ethnicity = ?, team = ?, source_id = ? WHERE id = ?').run(
            e.name, n(e.dateOfBirth), n(e.gender), n(e.ethnicity), n(e.team), sourceId, e.id),
    remove: (id) => prepared(s, 'DELETE FROM children WHERE id = ?').run(id),
  }),
  professionals: (s) => ({
    insert: (e: Professional, source, sourceId) =>
      prepared(s, 'INSERT INTO professionals (id, name, role, agency, email, phone, source, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        e.id, e.name, e.role, e.agency, n(e.email), n(e.phone), source, sourceId),
    update: (e: Professional, sourceId) => prepared(s, 'UPDATE professionals SET name = ?, role = ?, source_id = ? WHERE id = ?').run(e.name, e.role, sourceId, e.id),
    remove: (id) => prepared(s, 'DELETE FROM professionals WHERE id = ?').run(id),
  }),
  allocations: (s) => ({
    insert: (e: Allocation, source, sourceId) =>
      prepared(s, 'INSERT INTO allocations (id, child_id, professional_id, start_date, end_date, change_reason, source, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        e.id, e.childId, e.professionalId, e.startDate, n(e.endDate), n(e.changeReason), source, sourceId),
    update: (e: Allocation, sourceId) =>
      prepared(s, 'UPDATE allocations SET child_id = ?, professional_id = ?, start_date = ?, end_date = ?, change_reason = ?, source_id = ? WHERE id = ?').run(
        e.childId, e.professionalId, e.startDate, n(e.endDate), n(e.changeReason), sourceId, e.id),
    remove: (id) => prepared(s, 'DELETE FROM allocations WHERE id = ?').run(id),
  }),
  plans: (s) => ({
    insert: (e: Plan, source, sourceId) =>
      prepared(s, 'INSERT INTO plans (id, child_id, start_date, end_date, initial_category, latest_category, previous_plans, source, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        e.id, e.childId, e.startDate, n(e.endDate), e.initialCategory, n(e.latestCategory), e.previousPlans, source, sourceId),
    update: (e: Plan, sourceId) =>
      prepared(s, 'UPDATE plans SET child_id = ?, start_date = ?, end_date = ?, initial_category = ?, latest_category = ?, previous_plans = ?, source_id = ? WHERE id = ?').run(
        e.childId, e.startDate, n(e.endDate), e.initialCategory, n(e.latestCategory), e.previousPlans, sourceId, e.id),
    remove: (id) => prepared(s, 'DELETE FROM plans WHERE id = ?').run(id),
  }),
  conferences: (s) => ({
    insert: (e: Conference, source, sourceId) =>
      prepared(s, 'INSERT INTO conferences (id, plan_id, kind, date, source, source_id) VALUES (?, ?, ?, ?, ?, ?)').run(e.id, e.planId, e.kind, e.date, source, sourceId),
    update: (e: Conference, sourceId) => prepared(s, 'UPDATE conferences SET plan_id = ?, kind = ?, date = ?, source_id = ? WHERE id = ?').run(e.planId, e.kind, e.date, sourceId, e.id),
    remove: (id) => prepared(s, 'DELETE FROM conferences WHERE id = ?').run(id),
  }),
  visits: (s) => ({
    insert: (e: ElementOf<'visits'>, source, sourceId) =>
      prepared(s, 'INSERT INTO visits (id, child_id, date, seen_alone, source, source_id) VALUES (?, ?, ?, ?, ?, ?)').run(e.id, e.childId, e.date, b(e.seenAlone), source, sourceId),
    update: (e: ElementOf<'visits'>, sourceId) => prepared(s, 'UPDATE visits SET child_id = ?, date = ?, seen_alone = ?, source_id = ? WHERE id = ?').run(e.childId, e.date, b(e.seenAlone), sourceId, e.id),
    remove: (id) => prepared(s, 'DELETE FROM visits WHERE id = ?').run(id),
  }),
}

/** What local records (and kept ones) refer to, by kind, for each id of a list; one query per kind. */
export interface Reference {
  /** What the referring records are called, singular and plural ("core group", "core groups"). */
  what: [string, string]
  sql: string
}

/** Referring records per list, with `@source` the source being synced: rows of other sources and local ones count. */
export const REFERENCES: Partial<Record<SourceListName, Reference[]>> = {
  children: [
    { what: ['plan', 'plans'], sql: 'SELECT child_id, id FROM plans WHERE source IS NOT @source' },
    { what: ['allocation', 'allocations'], sql: 'SELECT child_id, id FROM allocations WHERE source IS NOT @source' },
    { what: ['visit', 'visits'], sql: 'SELECT child_id, id FROM visits WHERE source IS NOT @source' },
    { what: ['supervision discussion', 'supervision discussions'], sql: 'SELECT child_id, session_id FROM supervision_children WHERE @source IS NOT NULL' },
    { what: ['supervision action', 'supervision actions'], sql: 'SELECT child_id, id FROM supervision_actions WHERE @source IS NOT NULL' },
    { what: ['mid-way review', 'mid-way reviews'], sql: 'SELECT child_id, id FROM midway_reviews WHERE @source IS NOT NULL' },
  ],
  plans: [
    { what: ['core group', 'core groups'], sql: 'SELECT plan_id, meeting_id FROM meeting_plans WHERE @source IS NOT NULL' },
    { what: ['action', 'actions'], sql: 'SELECT plan_id, id FROM actions WHERE @source IS NOT NULL' },
    { what: ['disagreement', 'disagreements'], sql: 'SELECT plan_id, id FROM disagreements WHERE @source IS NOT NULL' },
    { what: ['core group member', 'core group members'], sql: 'SELECT plan_id, row_id FROM members WHERE @source IS NOT NULL' },
    { what: ['conference', 'conferences'], sql: 'SELECT plan_id, id FROM conferences WHERE source IS NOT @source' },
    { what: ['supervision action', 'supervision actions'], sql: 'SELECT plan_id, id FROM supervision_actions WHERE @source IS NOT NULL' },
    { what: ['mid-way review', 'mid-way reviews'], sql: 'SELECT plan_id, id FROM midway_reviews WHERE @source IS NOT NULL' },
  ],
  professionals: [
    { what: ['core group they chair', 'core groups they chair'], sql: 'SELECT chair_id, id FROM meetings WHERE @source IS NOT NULL' },
    { what: ['core group attendance', 'core group attendances'], sql: 'SELECT professional_id, meeting_id FROM meeting_attendance WHERE @source IS NOT NULL' },
    { what: ['core group membership', 'core group memberships'], sql: 'SELECT professional_id, row_id FROM members WHERE @source IS NOT NULL' },
    { what: ['distribution', 'distributions'], sql: 'SELECT professional_id, row_id FROM distributions WHERE @source IS NOT NULL' },
    { what: ['action they own', 'actions they own'], sql: 'SELECT owner_id, id FROM actions WHERE owner_id IS NOT NULL AND @source IS NOT NULL' },
    { what: ['disagreement they raised', 'disagreements they raised'], sql: 'SELECT raised_by_id, id FROM disagreements WHERE @source IS NOT NULL' },
    { what: ['allocation', 'allocations'], sql: 'SELECT professional_id, id FROM allocations WHERE source IS NOT @source' },
    { what: ['supervision action they own', 'supervision actions they own'], sql: 'SELECT owner_id, id FROM supervision_actions WHERE owner_id IS NOT NULL AND @source IS NOT NULL' },
    { what: ['supervision session', 'supervision sessions'], sql: "SELECT scope_id, id FROM supervision_sessions WHERE scope_kind = 'worker' AND @source IS NOT NULL" },
  ],
}

/** The referring ids of one kind, for the ids in `targets` only. */
export function referencesTo(sqlite: Database.Database, ref: Reference, source: string, targets: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [target, holder] of prepared(sqlite, ref.sql).raw(true).iterate({ source }) as Iterable<[string, string | number]>) {
    if (!targets.has(target)) continue
    const list = out.get(target)
    if (list) list.push(String(holder))
    else out.set(target, [String(holder)])
  }
  return out
}

/** The child of each plan and the plan of each conference, for the source's own records. */
export function sourceParents(sqlite: Database.Database, source: string): { planChild: Map<string, string> } {
  const planChild = new Map<string, string>()
  for (const [id, child] of prepared(sqlite, 'SELECT id, child_id FROM plans WHERE source = ?').raw(true).iterate(source) as Iterable<[string, string]>) {
    planChild.set(id, child)
  }
  return { planChild }
}

/** A plan's child and start, for matching tracker rows to plans. */
export function planById(sqlite: Database.Database, id: string): { id: string; childId: string; startDate: string } | undefined {
  return prepared(sqlite, 'SELECT id, child_id AS childId, start_date AS startDate FROM plans WHERE id = ?').get(id) as
    | { id: string; childId: string; startDate: string }
    | undefined
}

/** The ids of a child's plans that start on a date. */
export function planIdsStarting(sqlite: Database.Database, childId: string, startDate: string): string[] {
  return prepared(sqlite, 'SELECT id FROM plans WHERE child_id = ? AND start_date = ? ORDER BY id').pluck(true).all(childId, startDate) as string[]
}

export function professionalExists(sqlite: Database.Database, id: string): boolean {
  return prepared(sqlite, 'SELECT 1 FROM professionals WHERE id = ?').get(id) !== undefined
}
