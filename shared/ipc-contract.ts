/**
 * The one IPC contract between the untrusted renderer and the core. Every channel (`feature:verb`)
 * has a zod schema for its input and its output. The main process (and the browser host) validate
 * both directions; the preload exposes exactly these channels; the renderer calls them through one
 * typed client. Adding a feature means adding a channel here first.
 */
import { z } from 'zod'
import { findingSchema } from './drift-types'
import {
  actionSchema,
  allocationSchema,
  childSchema,
  conferenceSchema,
  disagreementSchema,
  memberSchema,
  meetingSchema,
  planSchema,
  professionalSchema,
  visitSchema,
} from './caseload-format'
import { isCivilDate } from './civil-date'
import { driftPolicySchema } from './drift-policy'
import {
  actionInputSchema,
  allocationInputSchema,
  childInputSchema,
  conferenceInputSchema,
  deleteInputSchema,
  disagreementInputSchema,
  distributionInputSchema,
  historyEntrySchema,
  meetingInputSchema,
  memberInputSchema,
  planEndInputSchema,
  planInputSchema,
  professionalInputSchema,
  savedSchema,
  visitInputSchema,
} from './record-inputs'
import { CHANNEL_NAMES, type ChannelName } from './ipc-channels'
import { allocationRolesSchema, allocationRolesStateSchema } from './source-import'
import {
  actionStatusInputSchema,
  agendaInputSchema,
  agendaSchema,
  exportInputSchema,
  exportOutputSchema,
  midwayChangesSchema,
  midwayInputSchema,
  midwayReviewSchema,
  sessionInputSchema,
  sessionSummarySchema,
} from './supervision'
import { auditScreenSchema } from './audit-types'
import { backupFolderInputSchema, backupRestoreInputSchema, backupStatusSchema } from './backup-types'
import { accessContract } from './access-log'
import {
  baselineInputSchema,
  baselineResultSchema,
  baselineTableSchema,
  gapsSummarySchema,
  importChooseOutputSchema,
  importHandleSchema,
  importSourceSchema,
  importStatusSchema,
  trackerTemplateOutputSchema,
} from './import-screen'
import { RULE_GROUP_KEYS } from './rule-groups'
import { triageSchema } from './triage-types'
import { caseViewSchema } from './case-view'
import { PASSPHRASE_MAX_LENGTH, PASSPHRASE_MIN_LENGTH } from './passphrase-rules'
import { caseloadTableSchema } from './caseload-table'

/** A passphrase being chosen: the rules of shared/passphrase-rules.ts (the core checks them again). */
const newPassphrase = z.string().min(PASSPHRASE_MIN_LENGTH, `must be at least ${PASSPHRASE_MIN_LENGTH} characters`).max(PASSPHRASE_MAX_LENGTH)

// Bounded first (issue 12): a date is 10 characters; a longer string is refused before any parsing.
const civilDate = z.string().max(10, { message: 'is not a real date (YYYY-MM-DD)', abort: true }).refine(isCivilDate, { message: 'is not a real date (YYYY-MM-DD)' })
const nothing = z.strictObject({})
const asOfInput = z.strictObject({ asOf: civilDate })

export const sessionStateSchema = z.strictObject({
  state: z.enum(['no-caseload', 'locked', 'unlocked']),
  /** Where the caseload lives, for the user to see (a path on their own machine). */
  location: z.string(),
  /** Today in Europe/London: the default as-of date. */
  today: civilDate,
})
export type SessionState = z.infer<typeof sessionStateSchema>

/**
 * A session state with the recovery code just made (at creation, after a recovery-code reset, or
 * when a key file from before recovery codes is upgraded by a passphrase change): shown once, then
 * forgotten. null when no code was made.
 */
export const sessionStateWithCodeSchema = sessionStateSchema.extend({
  recoveryCode: z
    .string()
    .regex(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/)
    .nullable(),
})

/** The background check of the open caseload (electron/core/db/check.ts). */
export const integrityStateSchema = z.strictObject({
  state: z.enum(['pending', 'sound', 'damaged']),
  /** What is damaged, in words (table and page numbers, never case data). */
  problems: z.array(z.string().max(2000)).max(60),
  checkedAt: z.string().max(40).nullable(),
})

const countSchema = z.strictObject({
  /** Number of distinct children with at least one such finding. */
  children: z.number().int().min(0),
  findings: z.number().int().min(0),
})

export const overviewSchema = z.strictObject({
  asOf: civilDate,
  children: z.number().int().min(0),
  openPlans: z.number().int().min(0),
  /** Per rule group (shared/rule-groups.ts), split by status: the tiles and the chart both show these. */
  groups: z.array(
    z.strictObject({
      key: z.enum(RULE_GROUP_KEYS),
      overdue: countSchema,
      flag: countSchema,
      'due-soon': countSchema,
      childrenNow: z.number().int().min(0),
      high: z.number().int().min(0),
    }),
  ),
  byRule: z.array(z.strictObject({ ruleId: z.string(), high: z.number(), medium: z.number(), low: z.number() })),
  byWorker: z.array(
    z.strictObject({
      workerId: z.string().nullable(),
      workerName: z.string(),
      children: z.number(),
      score: z.number(),
      /** Children with at least one finding, and with at least one high finding. */
      withFindings: z.number(),
      withHigh: z.number(),
    }),
  ),
  byTeam: z.array(z.strictObject({ team: z.string(), children: z.number(), score: z.number() })),
  warnings: z.array(z.string()),
})
export type Overview = z.infer<typeof overviewSchema>

/** The caseload table (shared/caseload-table.ts): columns, each row's findings as kinds; the rest on demand. */
export type { CaseRow, CaseloadTable, FindingKind } from './caseload-table'

export const caseDetailSchema = z.strictObject({
  asOf: civilDate,
  child: childSchema,
  plans: z.array(planSchema),
  conferences: z.array(conferenceSchema),
  members: z.array(memberSchema),
  meetings: z.array(meetingSchema),
  distributions: z.array(z.strictObject({ meetingId: z.string(), professionalId: z.string(), date: civilDate })),
  actions: z.array(actionSchema),
  allocations: z.array(allocationSchema),
  disagreements: z.array(disagreementSchema),
  visits: z.array(visitSchema),
  /** Every professional referred to above, so the UI can show names and roles. */
  professionals: z.array(professionalSchema),
  findings: z.array(findingSchema),
  score: z.number().int().min(0),
  /** What the case screen shows, built in the core (shared/case-view.ts). */
  view: caseViewSchema,
})
export type CaseDetail = z.infer<typeof caseDetailSchema>

export const policyStateSchema = z.strictObject({ policy: driftPolicySchema, defaults: driftPolicySchema })
export type PolicyState = z.infer<typeof policyStateSchema>

export const contract = {
  'session:status': { input: nothing, output: sessionStateSchema },
  'session:create': {
    input: z.strictObject({ passphrase: newPassphrase, withDemo: z.boolean() }),
    output: sessionStateWithCodeSchema,
  },
  'session:unlock': { input: z.strictObject({ passphrase: z.string().min(1).max(1024) }), output: sessionStateSchema },
  'session:lock': { input: nothing, output: sessionStateSchema },
  'caseload:overview': { input: asOfInput, output: overviewSchema },
  /** "Start here" (issue 11): children with findings, worst first, each finding with its next step. */
  'caseload:triage': { input: z.strictObject({ asOf: civilDate, limit: z.number().int().min(1).max(1_000_000).optional() }), output: triageSchema },
  'caseload:table': { input: asOfInput, output: caseloadTableSchema },
  /** One plan's findings in full (message, due date), worst first: the table's score tooltip asks on hover. */
  'caseload:plan-findings': {
    input: z.strictObject({ asOf: civilDate, planId: z.string().min(1).max(200) }),
    output: z.strictObject({ findings: z.array(findingSchema) }),
  },
  'case:detail': {
    input: z.strictObject({ childId: z.string().min(1).max(200), asOf: civilDate }),
    output: caseDetailSchema,
  },
  /** Every professional in the caseload, for choosing members, owners, chairs and workers. */
  'caseload:professionals': { input: nothing, output: z.strictObject({ professionals: z.array(professionalSchema) }) },
  /** The teams already used, for the Add a child form's list (a new team can still be typed). */
  'caseload:teams': { input: nothing, output: z.strictObject({ teams: z.array(z.string()) }) },
  // Recording (issue 5): each save is validated here and again by the core's business checks,
  // written in one transaction with its change-log row, and answers with the change (for Undo).
  'record:child': { input: childInputSchema, output: savedSchema },
  'record:plan': { input: planInputSchema, output: savedSchema },
  'record:plan-end': { input: planEndInputSchema, output: savedSchema },
  /** The core's checks of ending a plan, without writing: asked before the form's confirmation. */
  'record:plan-end-check': { input: planEndInputSchema, output: z.strictObject({ endDate: civilDate }) },
  'record:professional': { input: professionalInputSchema, output: savedSchema },
  'record:member': { input: memberInputSchema, output: savedSchema },
  'record:meeting': { input: meetingInputSchema, output: savedSchema },
  'record:distribution': { input: distributionInputSchema, output: savedSchema },
  'record:action': { input: actionInputSchema, output: savedSchema },
  'record:allocation': { input: allocationInputSchema, output: savedSchema },
  'record:disagreement': { input: disagreementInputSchema, output: savedSchema },
  'record:visit': { input: visitInputSchema, output: savedSchema },
  'record:conference': { input: conferenceInputSchema, output: savedSchema },
  'record:delete': { input: deleteInputSchema, output: savedSchema },
  'history:list': {
    input: z.strictObject({ childId: z.string().min(1).max(200).optional(), limit: z.number().int().min(1).max(500).optional() }),
    output: z.strictObject({ entries: z.array(historyEntrySchema), undoable: historyEntrySchema.nullable() }),
  },
  'history:undo': { input: z.strictObject({ changeId: z.number().int().min(1).optional() }), output: savedSchema },
  'settings:policy-get': { input: nothing, output: policyStateSchema },
  'settings:policy-set': { input: z.strictObject({ policy: driftPolicySchema }), output: policyStateSchema },
  'settings:policy-reset': { input: nothing, output: policyStateSchema },
  /** The official gov.uk bank-holidays.json, as the text of the file the user chose. */
  'settings:bank-holidays-import': {
    input: z.strictObject({ json: z.string().min(1, 'the file is empty').max(1_000_000, 'the file is too large to be bank-holidays.json') }),
    output: z.strictObject({ holidays: z.number().int(), knownFrom: civilDate, knownUntil: civilDate }),
  },
  /** The SSD involvement roles that make an allocation (source-formats.md §1.2 step 3: a local setting), and the contract's default list. */
  'settings:ssd-roles-get': { input: nothing, output: allocationRolesStateSchema },
  'settings:ssd-roles-set': { input: z.strictObject({ roles: allocationRolesSchema }), output: allocationRolesStateSchema },
  'settings:ssd-roles-reset': { input: nothing, output: allocationRolesStateSchema },
  /** The user's own name for "recorded by" and the change history (null until they give it). */
  'settings:user-get': { input: nothing, output: z.strictObject({ name: z.string().nullable(), account: z.string() }) },
  'settings:user-set': {
    input: z.strictObject({ name: z.string().trim().min(1, 'is needed: records say who made them').max(120, 'is too long (120 characters at most)') }),
    output: z.strictObject({ name: z.string().nullable(), account: z.string() }),
  },
  'session:change-passphrase': {
    input: z.strictObject({
      oldPassphrase: z.string().min(1, 'is required').max(1024),
      newPassphrase,
    }),
    output: sessionStateWithCodeSchema,
  },
  // Supervision, mid-way reviews, the audit screen and exports (issue 6).
  'supervision:agenda': { input: agendaInputSchema, output: agendaSchema },
  'supervision:save': { input: sessionInputSchema, output: z.strictObject({ sessionId: z.string() }) },
  'supervision:list': { input: nothing, output: z.strictObject({ sessions: z.array(sessionSummarySchema) }) },
  'supervision:action-status': { input: actionStatusInputSchema, output: z.strictObject({ id: z.string() }) },
  'midway:prepare': { input: z.strictObject({ childId: z.string().min(1).max(200), date: civilDate }), output: midwayChangesSchema },
  'midway:save': { input: midwayInputSchema, output: z.strictObject({ id: z.string() }) },
  'midway:list': { input: z.strictObject({ childId: z.string().min(1).max(200) }), output: z.strictObject({ reviews: z.array(midwayReviewSchema) }) },
  'audit:indicators': { input: z.strictObject({ from: civilDate, to: civilDate }), output: auditScreenSchema },
  /** Renders an export; in Electron main asks where to save it (nothing is written without the user choosing). */
  'export:document': { input: exportInputSchema, output: exportOutputSchema },
  // Recovery code and damage (issue 12).
  /** "Forgotten your passphrase?": works while locked; answers with the new recovery code. */
  'session:reset-passphrase': {
    input: z.strictObject({
      recoveryCode: z.string().min(1, 'is required').max(200),
      newPassphrase,
    }),
    output: sessionStateWithCodeSchema,
  },
  'session:integrity': { input: nothing, output: integrityStateSchema },
  // Backups (issue 12): status, a backup now, the folder, and restoring one (after confirmation).
  'backup:status': { input: nothing, output: backupStatusSchema },
  'backup:now': { input: nothing, output: backupStatusSchema },
  // Issue 13: Back up now returns at once (its job in the status, followed by backup:status); cancel ends it.
  'backup:cancel': { input: nothing, output: backupStatusSchema },
  'backup:set-folder': { input: backupFolderInputSchema, output: backupStatusSchema },
  'backup:restore': { input: backupRestoreInputSchema, output: sessionStateSchema },
  // Issue 12 (items 7, 8, 10): see shared/access-log.ts.
  ...accessContract,
  // The Import screen and the gaps an import leaves (issue 10). No channel takes a path: in Electron
  // main's dialog chooses (import:choose), in the browser host the page uploads (import:upload-start).
  'import:choose': { input: z.strictObject({ source: importSourceSchema }), output: importChooseOutputSchema },
  'import:upload-start': {
    input: z.strictObject({ source: importSourceSchema, name: z.string().max(200) }),
    output: z.strictObject({ handle: importHandleSchema }),
  },
  'import:preview': { input: z.strictObject({ handle: importHandleSchema }), output: importStatusSchema },
  'import:apply': { input: z.strictObject({ handle: importHandleSchema, replace: z.boolean() }), output: importStatusSchema },
  'import:status': { input: z.strictObject({ handle: importHandleSchema }), output: importStatusSchema },
  'import:cancel': { input: z.strictObject({ handle: importHandleSchema }), output: z.strictObject({ cancelled: z.boolean() }) },
  'gaps:summary': { input: asOfInput, output: gapsSummarySchema },
  'gaps:baseline': { input: asOfInput, output: baselineTableSchema },
  'gaps:baseline-save': { input: baselineInputSchema, output: baselineResultSchema },
  /** The tracker template CSV: in Electron main asks where to save it; in a browser it comes back as a download. */
  'gaps:tracker-template': { input: asOfInput, output: trackerTemplateOutputSchema },
  /** A lost or exposed recovery code: a new one (the old stops working), given the passphrase. */
  'session:new-recovery-code': {
    input: z.strictObject({ passphrase: z.string().min(1, 'is required').max(1024) }),
    output: sessionStateWithCodeSchema,
  },
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>
/** The channel list, in `ipc-channels.ts` order (the preload uses that file without zod). */
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES

// Compile-time proof that ipc-channels.ts and the contract list the same channels, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameChannels: Same<Channel, ChannelName> = true
void sameChannels

/** Channels that work while the caseload is locked (everything else is refused with LOCKED). */
export const UNLOCKED_NOT_REQUIRED: readonly Channel[] = [
  'session:status',
  'session:create',
  'session:unlock',
  'session:lock',
  'session:reset-passphrase',
  'session:watch',
]

/** What every handler returns across the boundary. */
export type Result<T> = { ok: true; data: T } | { ok: false; code: string; message: string; problems?: { path: string; reason: string }[] }

/**
 * The API the preload exposes on `window.driftwatch`: one function per channel, nothing else (no
 * `ipcRenderer`, no generic send). The browser host's client imitates it over HTTP.
 */
export type DriftwatchApi = { readonly [C in Channel]: (input: InputOf<C>) => Promise<Result<OutputOf<C>>> }
