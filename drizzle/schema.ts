/**
 * The caseload database schema. Mirrors interchange format v1 (shared/caseload-format.ts), with the
 * format's lists that live inside records (meeting plans, attendance, disagreement stages) as tables
 * of their own so the drift queries can index them. Ids are the source system's strings, kept as
 * they are so that import → export gives back the same document.
 *
 * Change this file only together with a new migration (`npm run db:generate`); the committed
 * snapshot in drizzle/meta guards against silent drift.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`)
const isDate = (column: string) => sql.raw(`${column} IS NULL OR (${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(${column}) = ${column})`)

/**
 * Where a record came from (source-formats.md §4): `ssd` or `annex-a` and the id it has in that
 * source, for records an extract brought in; both null for local records (typed in, or from a
 * tracker or JSON import), which a sync never changes or removes. Not part of interchange format v1.
 */
const provenance = {
  source: text('source'),
  sourceId: text('source_id'),
}

export const children = sqliteTable(
  'children',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    dateOfBirth: text('date_of_birth'),
    gender: text('gender'),
    ethnicity: text('ethnicity'),
    complex: integer('complex', { mode: 'boolean' }).notNull(),
    team: text('team'),
    ...provenance,
  },
  (t) => [check('children_dob_date', isDate('date_of_birth')), index('children_team').on(t.team)],
)

export const professionals = sqliteTable(
  'professionals',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    agency: text('agency').notNull(),
    email: text('email'),
    phone: text('phone'),
    ...provenance,
  },
  () => [
    check(
      'professionals_role',
      inList('role', ['social-worker', 'team-manager', 'deputy-manager', 'cp-chair', 'health', 'education', 'police', 'other']),
    ),
  ],
)

export const allocations = sqliteTable(
  'allocations',
  {
    id: text('id').primaryKey(),
    childId: text('child_id').notNull().references(() => children.id),
    professionalId: text('professional_id').notNull().references(() => professionals.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    changeReason: text('change_reason'),
    ...provenance,
  },
  (t) => [
    check('allocations_start_date', isDate('start_date')),
    check('allocations_end_date', isDate('end_date')),
    check(
      'allocations_change_reason',
      sql.raw(
        `change_reason IS NULL OR change_reason IN ('LEFTRL','ORGRST','MANAGE','TSPROC','ABSENC','CHCHAN','PCCHAN','FCONTA','SWDIED','OTHERS')`,
      ),
    ),
    // Covering for the drift scan (migration drift-indexes): no table lookups.
    index('allocations_child').on(t.childId, t.startDate, t.id, t.professionalId, t.endDate),
    index('allocations_professional').on(t.professionalId),
  ],
)

export const plans = sqliteTable(
  'plans',
  {
    id: text('id').primaryKey(),
    childId: text('child_id').notNull().references(() => children.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    initialCategory: text('initial_category').notNull(),
    latestCategory: text('latest_category'),
    previousPlans: integer('previous_plans').notNull(),
    ...provenance,
  },
  (t) => [
    check('plans_start_date', isDate('start_date')),
    check('plans_end_date', isDate('end_date')),
    check('plans_initial_category', inList('initial_category', ['neglect', 'physical', 'sexual', 'emotional', 'multiple'])),
    check(
      'plans_latest_category',
      sql.raw(`latest_category IS NULL OR latest_category IN ('neglect','physical','sexual','emotional','multiple')`),
    ),
    check('plans_previous_plans', sql.raw('previous_plans >= 0')),
    index('plans_child').on(t.childId),
    index('plans_dates').on(t.startDate, t.endDate),
  ],
)

export const conferences = sqliteTable(
  'conferences',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id').notNull().references(() => plans.id),
    kind: text('kind').notNull(),
    date: text('date').notNull(),
    ...provenance,
  },
  (t) => [
    check('conferences_kind', inList('kind', ['initial', 'review'])),
    check('conferences_date', isDate('date')),
    index('conferences_plan').on(t.planId, t.date, t.id, t.kind),
  ],
)

export const members = sqliteTable(
  'members',
  {
    rowId: integer('row_id').primaryKey({ autoIncrement: true }),
    planId: text('plan_id').notNull().references(() => plans.id),
    professionalId: text('professional_id').notNull().references(() => professionals.id),
    fromDate: text('from_date').notNull(),
    toDate: text('to_date'),
  },
  (t) => [
    check('members_from_date', isDate('from_date')),
    check('members_to_date', isDate('to_date')),
    index('members_plan').on(t.planId, t.professionalId, t.fromDate, t.toDate),
    index('members_professional').on(t.professionalId),
  ],
)

export const meetings = sqliteTable(
  'meetings',
  {
    id: text('id').primaryKey(),
    date: text('date').notNull(),
    chairId: text('chair_id').notNull().references(() => professionals.id),
    planAvailable: integer('plan_available', { mode: 'boolean' }).notNull(),
    childViewsRecorded: integer('child_views_recorded', { mode: 'boolean' }).notNull(),
    riskReviewed: integer('risk_reviewed', { mode: 'boolean' }).notNull(),
    riskScore: real('risk_score'),
    riskScale: text('risk_scale'),
  },
  (t) => [
    check('meetings_date', isDate('date')),
    check(
      'meetings_risk',
      sql.raw(
        `(risk_score IS NULL AND risk_scale IS NULL) OR (risk_score BETWEEN 0 AND 10 AND risk_scale IN ('safety','danger'))`,
      ),
    ),
    index('meetings_date').on(t.date, t.id, t.chairId, t.planAvailable, t.childViewsRecorded, t.riskReviewed, t.riskScore, t.riskScale),
  ],
)

/** Which plans a core group meeting covered (siblings share one core group). */
export const meetingPlans = sqliteTable(
  'meeting_plans',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    planId: text('plan_id').notNull().references(() => plans.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.planId] }), index('meeting_plans_plan').on(t.planId, t.meetingId)],
)

/** Attendance at a meeting: `attended` true for those present, false for apologies. */
export const meetingAttendance = sqliteTable(
  'meeting_attendance',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    professionalId: text('professional_id').notNull().references(() => professionals.id),
    attended: integer('attended', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.professionalId] }),
    // Who was present, covering for the drift scan.
    index('meeting_attendance_present').on(t.meetingId, t.professionalId).where(sql`attended = 1`),
  ],
)

export const distributions = sqliteTable(
  'distributions',
  {
    rowId: integer('row_id').primaryKey({ autoIncrement: true }),
    meetingId: text('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    professionalId: text('professional_id').notNull().references(() => professionals.id),
    date: text('date').notNull(),
  },
  (t) => [check('distributions_date', isDate('date')), index('distributions_meeting').on(t.meetingId, t.professionalId, t.date)],
)

export const actions = sqliteTable(
  'actions',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id').notNull().references(() => plans.id),
    createdDate: text('created_date').notNull(),
    description: text('description').notNull(),
    outcome: text('outcome'),
    ownerId: text('owner_id').references(() => professionals.id),
    dueDate: text('due_date'),
    status: text('status').notNull(),
    closedDate: text('closed_date'),
    lastReviewedDate: text('last_reviewed_date'),
  },
  (t) => [
    check('actions_status', inList('status', ['open', 'done', 'dropped'])),
    check('actions_created_date', isDate('created_date')),
    check('actions_due_date', isDate('due_date')),
    check('actions_closed_date', isDate('closed_date')),
    check('actions_last_reviewed_date', isDate('last_reviewed_date')),
    index('actions_plan').on(t.planId),
    index('actions_open').on(t.status, t.closedDate),
    // Open actions, covering for the drift scan (partial: a small share of all actions).
    index('actions_open_cover')
      .on(t.planId, t.id, t.createdDate, t.outcome, t.ownerId, t.dueDate, t.closedDate, t.lastReviewedDate)
      .where(sql`status = 'open'`),
    // Done and dropped actions by closing date, covering for a past-date drift scan (those closed
    // after the as-of date were open then): without it each is a look-up in the whole actions table,
    // whose pages push the rest of the scan's out of the page cache.
    index('actions_closed_cover')
      .on(t.closedDate, t.createdDate, t.planId, t.id, t.status, t.outcome, t.ownerId, t.dueDate, t.lastReviewedDate)
      .where(sql`status IN ('done', 'dropped')`),
  ],
)

export const disagreements = sqliteTable(
  'disagreements',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id').notNull().references(() => plans.id),
    raisedDate: text('raised_date').notNull(),
    raisedById: text('raised_by_id').notNull().references(() => professionals.id),
    category: text('category').notNull(),
    resolvedDate: text('resolved_date'),
    outcome: text('outcome'),
  },
  (t) => [
    check(
      'disagreements_category',
      inList('category', ['plan-progress', 'threshold', 'visits', 'information-sharing', 'resources', 'conference-decision', 'other']),
    ),
    check('disagreements_raised_date', isDate('raised_date')),
    check('disagreements_resolved_date', isDate('resolved_date')),
    index('disagreements_plan').on(t.planId),
  ],
)

export const disagreementStages = sqliteTable(
  'disagreement_stages',
  {
    disagreementId: text('disagreement_id')
      .notNull()
      .references(() => disagreements.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    stage: integer('stage').notNull(),
    startDate: text('start_date').notNull(),
    respondedDate: text('responded_date'),
  },
  (t) => [
    primaryKey({ columns: [t.disagreementId, t.seq] }),
    check('disagreement_stages_stage', sql.raw('stage BETWEEN 1 AND 4')),
    check('disagreement_stages_start_date', isDate('start_date')),
    check('disagreement_stages_responded_date', isDate('responded_date')),
  ],
)

export const visits = sqliteTable(
  'visits',
  {
    id: text('id').primaryKey(),
    childId: text('child_id').notNull().references(() => children.id),
    date: text('date').notNull(),
    seenAlone: integer('seen_alone', { mode: 'boolean' }).notNull(),
    ...provenance,
  },
  (t) => [check('visits_date', isDate('date')), index('visits_child').on(t.childId, t.date, t.id, t.seenAlone)],
)

/** Small named settings (the authority's drift policy, imported bank holidays), each a JSON value. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

/**
 * Who changed what and when, for the case view's history and for undo. Each row is one record's
 * before and after (interchange-format JSON, null when created or deleted); one user action (a
 * "change") may write several rows with the same `change_id`. An undo is itself a change whose rows
 * reverse another (`undoes` names it). Holds case data, so it lives only inside the encrypted DB.
 */
export const changeLog = sqliteTable(
  'change_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    changeId: integer('change_id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    summary: text('summary').notNull(),
    childId: text('child_id'),
    tableName: text('table_name').notNull(),
    recordId: text('record_id').notNull(),
    before: text('before'),
    after: text('after'),
    undoes: integer('undoes'),
  },
  (t) => [index('change_log_change').on(t.changeId), index('change_log_child').on(t.childId, t.changeId), index('change_log_undoes').on(t.undoes)],
)

/*
 * Supervision and mid-way reviews (issue 6): the app's own working records, NOT part of interchange
 * format v1 (import and export leave them alone). They refer to children, plans and professionals
 * by id without foreign keys, so that re-importing a caseload (which clears and rewrites the format's
 * tables) never fails on them; a record whose child has gone is simply not shown.
 */

/** One supervision session: who was supervised (a worker, a team or the whole caseload) on which date. */
export const supervisionSessions = sqliteTable(
  'supervision_sessions',
  {
    id: text('id').primaryKey(),
    date: text('date').notNull(),
    scopeKind: text('scope_kind').notNull(),
    /** The worker's professional id, the team's name, or '' for the whole caseload. */
    scopeId: text('scope_id').notNull(),
    /** What the scope was called on the day (the worker's or team's name). */
    scopeName: text('scope_name').notNull(),
    supervisor: text('supervisor').notNull(),
    /** Discussion about the whole session (children have their own). */
    notes: text('notes').notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    check('supervision_sessions_date', isDate('date')),
    check('supervision_sessions_scope', inList('scope_kind', ['worker', 'team', 'caseload'])),
    index('supervision_sessions_scope').on(t.scopeKind, t.scopeId, t.date),
  ],
)

/** What was discussed and decided about one child in a session. */
export const supervisionChildren = sqliteTable(
  'supervision_children',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => supervisionSessions.id, { onDelete: 'cascade' }),
    childId: text('child_id').notNull(),
    discussion: text('discussion').notNull(),
    decisions: text('decisions').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.childId] }), index('supervision_children_child').on(t.childId, t.sessionId)],
)

/** An action set in supervision: who will do what by when. Overdue ones are drift findings. */
export const supervisionActions = sqliteTable(
  'supervision_actions',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => supervisionSessions.id, { onDelete: 'cascade' }),
    childId: text('child_id').notNull(),
    /** The child's plan open on the session date (findings belong to a plan). */
    planId: text('plan_id').notNull(),
    createdDate: text('created_date').notNull(),
    description: text('description').notNull(),
    ownerId: text('owner_id'),
    dueDate: text('due_date').notNull(),
    status: text('status').notNull(),
    closedDate: text('closed_date'),
  },
  (t) => [
    check('supervision_actions_status', inList('status', ['open', 'done', 'dropped'])),
    check('supervision_actions_created_date', isDate('created_date')),
    check('supervision_actions_due_date', isDate('due_date')),
    check('supervision_actions_closed_date', isDate('closed_date')),
    index('supervision_actions_child').on(t.childId, t.createdDate),
    index('supervision_actions_open').on(t.status, t.dueDate),
  ],
)

/** A chair's mid-way review of one child's plan between conferences. */
export const midwayReviews = sqliteTable(
  'midway_reviews',
  {
    id: text('id').primaryKey(),
    childId: text('child_id').notNull(),
    planId: text('plan_id').notNull(),
    date: text('date').notNull(),
    /** The conference the review looks back to (its date), or the plan start. */
    sinceDate: text('since_date').notNull(),
    rag: text('rag').notNull(),
    ragReason: text('rag_reason').notNull(),
    decision: text('decision').notNull(),
    decisionNote: text('decision_note').notNull(),
    /** What had changed since the conference, as shown when the review was recorded (JSON). */
    changes: text('changes').notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    check('midway_reviews_date', isDate('date')),
    check('midway_reviews_since_date', isDate('since_date')),
    check('midway_reviews_rag', inList('rag', ['red', 'amber', 'green'])),
    check('midway_reviews_decision', inList('decision', ['no-change', 'bring-forward', 'escalate'])),
    index('midway_reviews_child').on(t.childId, t.date),
  ],
)

/**
 * The drift summary: for each plan, the facts the drift rules read (PlanFacts as JSON), taken with
 * every dated record of the plan counted — so they are the facts on any as-of date from `valid_from`
 * (the latest date among those records) onwards. Why: a scan of 50,000 children on today's date reads
 * one row per plan here instead of walking the history tables (design brief §7: under 1 s). A scan
 * for an as-of date before some open plan's `valid_from` reads the history instead
 * (queries/drift-facts.ts). Derived data only, never exported; rebuilt from the caseload tables.
 */
export const driftFacts = sqliteTable(
  'drift_facts',
  {
    planId: text('plan_id').primaryKey(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    validFrom: text('valid_from').notNull(),
    facts: text('facts').notNull(),
  },
  (t) => [index('drift_facts_valid').on(t.validFrom, t.startDate, t.endDate)],
)

/**
 * Plans whose drift summary is out of date. Triggers on the caseload tables (migration
 * drift-summary-triggers) add to it in the same transaction as the change, so no write path can
 * forget; the next scan rebuilds those plans' summaries and empties it.
 */
export const driftDirty = sqliteTable('drift_dirty', {
  planId: text('plan_id').primaryKey(),
})

/**
 * The access log (issue 12): who unlocked the caseload, opened which case, exported, backed up or
 * restored what, and when. Append-only: triggers (same migration) refuse every UPDATE and DELETE,
 * so not even the app can rewrite it. Ids and file names only, never case content. Not part of
 * interchange format v1, and an import never touches it.
 */
export const accessLog = sqliteTable(
  'access_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** ISO 8601 time in UTC. */
    at: text('at').notNull(),
    /** The user name in the settings, or the operating-system account. */
    actor: text('actor').notNull(),
    /** unlock, case-opened, export, backup, restore, access-log-export. */
    event: text('event').notNull(),
    childId: text('child_id'),
    /** A file's name (never its contents), or what was exported. */
    fileName: text('file_name'),
  },
  (t) => [index('access_log_at').on(t.at)],
)
