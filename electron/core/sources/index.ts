/**
 * Import of the authority's extracts (source-formats.md): read and check the files (streaming), turn
 * them into interchange format v1, then write them in one transaction: a first import into an empty
 * caseload, or a sync (§4) that makes the source's records follow the source and leaves local ones.
 */
import { SourceImportError } from '../../../shared/errors'
import type { SourceImportProgress, SourceKind, SyncResult } from '../../../shared/source-import'
import type { CaseloadDb } from '../db/caseload-db'

export interface SourceImportOptions {
  source: SourceKind
  /** A folder for the SSD; a .csv or .xlsx file for Annex A; a .csv file for the tracker. */
  path: string
  /** Check and compare only; nothing is written. */
  dryRun: boolean
  onProgress?: (p: SourceImportProgress) => void
  signal?: AbortSignal
}

/**
 * Reads the source and imports or synchronises it. Throws SourceImportError (problems with file, row
 * and column; nothing written) when the files have problems, DriftwatchError for other refusals.
 */
export async function runSourceImport(db: CaseloadDb, options: SourceImportOptions): Promise<SyncResult> {
  void db
  throw new SourceImportError(`Importing from ${options.source} is not implemented yet.`, [
    { file: options.path, row: null, column: null, path: options.path, reason: 'not implemented yet' },
  ])
}
