/**
 * Import of the authority's extracts (source-formats.md): read and check the files (streaming), turn
 * them into interchange format v1, then write them in one transaction: a first import into an empty
 * caseload, or a sync (§4) that makes the source's records follow the source and leaves local ones.
 */
import { existsSync, statSync } from 'node:fs'
import { DriftwatchError } from '../../../shared/errors'
import { SOURCE_LABELS, type SourceImportProgress, type SourceKind, type SyncResult } from '../../../shared/source-import'
import type { CaseloadDb } from '../db/caseload-db'
import { readAnnexA } from './annex-a'
import { Problems } from './problems'
import { readSsd } from './ssd'
import { loadAllocationRoles } from '../queries/source-settings'
import { writeSource } from './sync'
import { Cancelled } from './table-reader'
import { readTracker, writeTracker } from './tracker'

export interface SourceImportOptions {
  source: SourceKind
  /** A folder for the SSD; a .csv or .xlsx file for Annex A; a .csv file for the tracker. */
  path: string
  /** Check and compare only; nothing is written. */
  dryRun: boolean
  /** The SSD's allocated-worker roles for this import only (default: the caseload's setting, queries/source-settings.ts). */
  allocationRoles?: readonly string[]
  onProgress?: (p: SourceImportProgress) => void
  signal?: AbortSignal
}

/**
 * Reads the source and imports or synchronises it. Throws SourceImportError (problems with file, row
 * and column; nothing written) when the files have problems, DriftwatchError for other refusals.
 */
export async function runSourceImport(db: CaseloadDb, options: SourceImportOptions): Promise<SyncResult> {
  const { source, path, dryRun, signal } = options
  checkPath(source, path)
  const problems = new Problems()
  const onProgress = (phase: string, done: number, total?: number) => options.onProgress?.(total === undefined ? { phase, done } : { phase, done, total })
  const cancelled = () => {
    if (signal?.aborted) throw new Cancelled()
  }
  if (source === 'tracker') {
    const tracker = await readTracker(path, problems, { onProgress, signal })
    cancelled()
    // Rows are matched to plans inside the transaction; problems of both steps are reported together.
    onProgress(dryRun ? 'Comparing' : 'Writing', 0)
    return writeTracker(db, tracker, problems, dryRun)
  }
  const doc =
    source === 'ssd'
      ? await readSsd(path, problems, { allocationRoles: options.allocationRoles ?? loadAllocationRoles(db), onProgress, signal })
      : await readAnnexA(path, problems, { onProgress, signal })
  problems.throwIfAny(source)
  cancelled()
  onProgress(dryRun ? 'Comparing' : 'Writing', 0)
  const result = writeSource(db, doc, dryRun)
  onProgress(dryRun ? 'Compared' : 'Written', 1, 1)
  return result
}

function checkPath(source: SourceKind, path: string): void {
  const label = SOURCE_LABELS[source]
  if (!existsSync(path)) throw new DriftwatchError('BAD_INPUT', `${path} cannot be read: no such ${source === 'ssd' ? 'folder' : 'file'}.`)
  const isDir = statSync(path).isDirectory()
  if (source === 'ssd' && !isDir) throw new DriftwatchError('BAD_INPUT', `The ${label} is a folder of CSV files (one per SSD table); ${path} is a file.`)
  if (source !== 'ssd' && isDir) throw new DriftwatchError('BAD_INPUT', `The ${label} is one file; ${path} is a folder.`)
  if (source === 'annex-a' && !/\.(csv|xlsx)$/i.test(path)) throw new DriftwatchError('BAD_INPUT', `The ${label} must be a .csv or .xlsx file.`)
  if (source === 'tracker' && !/\.csv$/i.test(path)) throw new DriftwatchError('BAD_INPUT', `The ${label} must be a .csv file.`)
}

export { SourceImportError, isSourceImportError } from '../../../shared/errors'
