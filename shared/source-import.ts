/**
 * Importing the authority's own extracts (source-formats.md): the SSD extract, Ofsted Annex A List 7
 * and Driftwatch's core-group tracker. Shared by the core, the CLI and the Import screen.
 */
import { z } from 'zod'
import { CASELOAD_LISTS } from './caseload-format'

export const SOURCE_KINDS = ['ssd', 'annex-a', 'tracker'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]
export const sourceKindSchema = z.enum(SOURCE_KINDS)

/** What a chair calls each source, for messages and the screen. */
export const SOURCE_LABELS: Record<SourceKind, string> = {
  ssd: 'SSD extract',
  'annex-a': 'Annex A List 7',
  tracker: 'core-group tracker',
}

/**
 * The SSD involvement roles that make an allocation (source-formats.md §1.2 step 3): a local setting,
 * this is its default. Compared in code form (trimmed, spaces collapsed, lower case), as the reader
 * compares the extract's `invo_professional_role_id`.
 */
export const DEFAULT_ALLOCATION_ROLES: readonly string[] = ['cw', 'allwkr', 'allocated case worker', 'allocated worker', 'allocated social worker']

export const roleCodeForm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase()

/** The setting as given: one role per item; stored in code form, each once, in the order given. */
export const allocationRolesSchema = z
  .array(z.string().max(100, 'is too long (100 characters at most)').refine((s) => s.trim() !== '', 'is empty'))
  .min(1, 'needs at least one role: with none, the SSD import finds no allocated worker for any child')
  .max(50, 'has too many roles (50 at most)')
  .transform((list) => [...new Set(list.map(roleCodeForm))])

export const allocationRolesStateSchema = z.strictObject({ roles: z.array(z.string()), defaults: z.array(z.string()) })

/** The lists of interchange format v1, in document order (the keys of every result map). */
export const SYNC_LISTS = CASELOAD_LISTS
export type SyncList = (typeof SYNC_LISTS)[number]

/**
 * One problem in a source file: `FILE:ROW: COLUMN: reason`, or `FILE: reason` for the whole file
 * (row and column null). Rows are 1-based CSV record numbers (the header is row 1) or sheet rows.
 */
export const sourceProblemSchema = z.object({
  file: z.string(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  reason: z.string(),
})
export type SourceProblem = z.infer<typeof sourceProblemSchema>

/** `FILE:ROW: COLUMN: reason` exactly as the CLI prints it. */
export function formatSourceProblem(p: SourceProblem): string {
  if (p.row === null) return `${p.file}: ${p.column ? `${p.column}: ` : ''}${p.reason}`
  return `${p.file}:${p.row}: ${p.column ? `${p.column}: ` : ''}${p.reason}`
}

const idsByList = z.strictObject(Object.fromEntries(SYNC_LISTS.map((l) => [l, z.array(z.string())])) as Record<SyncList, z.ZodArray<z.ZodString>>)
export type IdsByList = Record<SyncList, string[]>

export const syncConflictSchema = z.object({ list: z.enum(SYNC_LISTS), id: z.string(), message: z.string() })
export type SyncConflict = z.infer<typeof syncConflictSchema>

/**
 * The result of an import or a sync (source-formats.md §4). `source` … `ignoredRows` is the contract's
 * shape, and what `--json` prints; `dryRun` says whether anything was written.
 */
export const syncResultSchema = z.object({
  source: sourceKindSchema,
  added: idsByList,
  changed: idsByList,
  removed: idsByList,
  conflicts: z.array(syncConflictSchema),
  ignoredRows: z.record(z.string(), z.number().int().min(0)),
  /** True when nothing was written (a preview). */
  dryRun: z.boolean(),
  /** True when the caseload had no children before (a first import, not a sync). */
  firstImport: z.boolean(),
})
export type SyncResult = z.infer<typeof syncResultSchema>

/** The §4 shape alone, as `--json` prints it (no extra keys). */
export function contractResult(r: SyncResult): Pick<SyncResult, 'source' | 'added' | 'changed' | 'removed' | 'conflicts' | 'ignoredRows'> {
  return { source: r.source, added: r.added, changed: r.changed, removed: r.removed, conflicts: r.conflicts, ignoredRows: r.ignoredRows }
}

export function emptyIds(): IdsByList {
  return Object.fromEntries(SYNC_LISTS.map((l) => [l, [] as string[]])) as unknown as IdsByList
}

/** True when a result would change nothing. */
export function isNothingToDo(r: SyncResult): boolean {
  return SYNC_LISTS.every((l) => r.added[l].length === 0 && r.changed[l].length === 0 && r.removed[l].length === 0)
}

export interface SourceImportProgress {
  phase: string
  done: number
  total?: number
}
