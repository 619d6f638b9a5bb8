/**
 * The Import screen's and the gap-filling channels' shapes (issue 10, items 4 and 5), used by the
 * IPC contract. The renderer never names a file on disk: in Electron main's own dialog picks the
 * file or folder and the core keeps its path behind a random handle; in the browser host the page
 * uploads the files into a private temporary folder the host made for that handle.
 */
import { z } from 'zod'
import { isCivilDate } from './civil-date'

const civilDate = z
  .string()
  .max(10, { message: 'is not a real date (YYYY-MM-DD)', abort: true })
  .refine(isCivilDate, { message: 'is not a real date (YYYY-MM-DD)' })
const id = z.string().min(1, 'must not be empty').max(200)

/** What can be imported from the Import screen: the three sources of source-formats.md, and format v1. */
export const IMPORT_SOURCES = ['ssd', 'annex-a', 'tracker', 'json'] as const
export const importSourceSchema = z.enum(IMPORT_SOURCES)
export type ImportSource = z.infer<typeof importSourceSchema>

/** A chosen file or folder, as the core knows it: 32 random bytes, base64url. */
export const importHandleSchema = z.string().max(43, { message: 'is not an import handle', abort: true }).regex(/^[A-Za-z0-9_-]{43}$/, 'is not an import handle')

export const importChooseOutputSchema = z.discriminatedUnion('kind', [
  /** `name`: the file or folder name only (never the full path), for the page to show. */
  z.strictObject({ kind: z.literal('chosen'), handle: importHandleSchema, name: z.string() }),
  z.strictObject({ kind: z.literal('cancelled') }),
])

/** One problem that stopped an import: a source file's row and column, or a JSON path in `column`. */
export const importProblemSchema = z.strictObject({
  file: z.string(),
  row: z.number().int().min(0).nullable(),
  column: z.string().nullable(),
  reason: z.string(),
})
export type ImportProblem = z.infer<typeof importProblemSchema>

/** Per interchange list: how many records the import adds, changes and removes, and the first ids of each. */
export const importListCountSchema = z.strictObject({
  list: z.string(),
  added: z.number().int().min(0),
  changed: z.number().int().min(0),
  removed: z.number().int().min(0),
  /** Up to IMPORT_SAMPLE_IDS ids of each kind, sorted, so a chair can see which records. */
  sample: z.strictObject({ added: z.array(z.string()), changed: z.array(z.string()), removed: z.array(z.string()) }),
})
export const IMPORT_SAMPLE_IDS = 10
/** Conflicts listed one by one; beyond it they are counted. */
export const IMPORT_CONFLICTS_SHOWN = 500

export const importOutcomeSchema = z.strictObject({
  source: importSourceSchema,
  lists: z.array(importListCountSchema),
  /** Records kept although the source no longer has them, or that clash with local ones: one sentence each. */
  conflicts: z.array(z.strictObject({ list: z.string(), id: z.string(), message: z.string() })),
  conflictsOmitted: z.number().int().min(0),
  /** Rows the source files hold that the import leaves out on purpose (source-formats.md), per file. */
  ignoredRows: z.array(z.strictObject({ file: z.string(), rows: z.number().int().min(0) })),
  /** True when applying this would replace a caseload that has children (a JSON import into a non-empty caseload). */
  replaces: z.boolean(),
})
export type ImportOutcome = z.infer<typeof importOutcomeSchema>

export const IMPORT_STATES = ['ready', 'previewing', 'previewed', 'applying', 'applied', 'failed', 'cancelled'] as const

export const importStatusSchema = z.strictObject({
  handle: importHandleSchema,
  source: importSourceSchema,
  name: z.string(),
  state: z.enum(IMPORT_STATES),
  /** What the running step has done so far (bytes or rows; `total` 0 when unknown). */
  progress: z.strictObject({ done: z.number().min(0), total: z.number().min(0), label: z.string() }).nullable(),
  /** The dry run's result, once previewed; the applied result replaces it after Apply. */
  outcome: importOutcomeSchema.nullable(),
  error: z
    .strictObject({ code: z.string(), message: z.string(), problems: z.array(importProblemSchema), problemsOmitted: z.number().int().min(0) })
    .nullable(),
  /** Children in the caseload now (a JSON import asks before replacing a caseload that has any). */
  caseloadChildren: z.number().int().min(0),
})
export type ImportStatus = z.infer<typeof importStatusSchema>

// ----- item 5: plans with no core group recorded -----

export const gapsSummarySchema = z.strictObject({
  asOf: civilDate,
  /** Plans open on asOf with no core group meeting recorded at all. */
  plansWithoutCoreGroup: z.number().int().min(0),
})

const knownProfessionalSchema = z.strictObject({ id: z.string(), name: z.string(), role: z.string(), why: z.string() })

/** Rows of the baseline table shown at once; the rest follow as these are recorded. */
export const BASELINE_ROWS_SHOWN = 500

export const baselineTableSchema = z.strictObject({
  asOf: civilDate,
  rows: z.array(
    z.strictObject({
      planId: z.string(),
      childId: z.string(),
      childName: z.string(),
      planStart: civilDate,
      /** The professionals known for the child: the plan's core group members and the child's allocated workers. */
      known: z.array(knownProfessionalSchema),
    }),
  ),
  rowsOmitted: z.number().int().min(0),
})
export type BaselineTable = z.infer<typeof baselineTableSchema>

/** One filled row: the latest core group held before Driftwatch, its chair and who came. */
export const baselineRowInputSchema = z.strictObject({
  planId: id,
  date: civilDate,
  chairId: id,
  attended: z.array(id).max(100),
  /** Recorded as asked: an unticked box is recorded as not done (and the drift rules say so). */
  planAvailable: z.boolean(),
  childViewsRecorded: z.boolean(),
  riskReviewed: z.boolean(),
})

export const baselineInputSchema = z.strictObject({
  rows: z.array(baselineRowInputSchema).min(1, 'fill in at least one row').max(BASELINE_ROWS_SHOWN),
})
export type BaselineInput = z.infer<typeof baselineInputSchema>

export const baselineResultSchema = z.strictObject({
  meetings: z.number().int().min(0),
  /** Attendees added to the plan's core group (from the plan start) because they were not members yet. */
  membersAdded: z.number().int().min(0),
  summary: z.string(),
})
export type BaselineResult = z.infer<typeof baselineResultSchema>

export const trackerTemplateOutputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('saved'), fileName: z.string(), rows: z.number().int().min(0) }),
  z.strictObject({ kind: z.literal('cancelled') }),
  z.strictObject({ kind: z.literal('download'), fileName: z.string(), mimeType: z.string(), base64: z.string(), rows: z.number().int().min(0) }),
])
export type TrackerTemplateOutput = z.infer<typeof trackerTemplateOutputSchema>
