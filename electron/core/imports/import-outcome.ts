/**
 * What the Import screen is told of an import (import-jobs.ts): its outcome counted per list, with a
 * sample of ids, and, when it is refused, the problems with their file, row and column — or one
 * sentence that quotes nothing from the file when the failure was not the file's.
 */
import { isDriftwatchError, isSourceImportError } from '../../../shared/errors'
import { IMPORT_CONFLICTS_SHOWN, IMPORT_SAMPLE_IDS, type ImportOutcome, type ImportProblem, type ImportSource, type ImportStatus } from '../../../shared/import-screen'
import { SYNC_LISTS, type SyncResult } from '../../../shared/source-import'
import type { Logger } from '../app/log'

/** Problems listed at most (the rest are counted). */
const MAX_PROBLEMS = 200

export const EXPECTED: Record<ImportSource, string> = {
  ssd: 'choose the folder of the SSD extract (its ssd_*.csv tables)',
  'annex-a': 'choose the Annex A return, a .csv or .xlsx file',
  tracker: 'choose the core-group tracker, a .csv file',
  json: 'choose a Driftwatch caseload file, .json',
}

export function sourceLabel(s: ImportSource): string {
  return { ssd: 'an SSD extract', 'annex-a': 'Annex A List 7', tracker: 'a core-group tracker', json: 'a caseload file' }[s]
}

export function emptyOutcome(source: ImportSource): ImportOutcome {
  return { source, lists: [], conflicts: [], conflictsOmitted: 0, ignoredRows: [], replaces: false }
}

/** The §4 result, counted per list for the screen (a first SSD import can add a million visit ids). */
export function outcomeOf(r: SyncResult, replaces: boolean): ImportOutcome {
  const sample = (ids: readonly string[]) => [...ids].sort().slice(0, IMPORT_SAMPLE_IDS)
  return {
    source: r.source,
    lists: SYNC_LISTS.map((list) => ({
      list,
      added: r.added[list].length,
      changed: r.changed[list].length,
      removed: r.removed[list].length,
      sample: { added: sample(r.added[list]), changed: sample(r.changed[list]), removed: sample(r.removed[list]) },
    })),
    conflicts: r.conflicts.slice(0, IMPORT_CONFLICTS_SHOWN).map((c) => ({ list: c.list, id: c.id, message: c.message })),
    conflictsOmitted: Math.max(0, r.conflicts.length - IMPORT_CONFLICTS_SHOWN),
    ignoredRows: Object.entries(r.ignoredRows)
      .map(([file, rows]) => ({ file, rows }))
      .sort((a, b) => (a.file < b.file ? -1 : 1)),
    replaces,
  }
}

/** What the chair sees when an import is refused: the problems with file, row and column. */
export function errorOf(err: unknown, name: string, log?: Logger): NonNullable<ImportStatus['error']> {
  if (isSourceImportError(err)) {
    const problems: ImportProblem[] = err.problems.slice(0, MAX_PROBLEMS).map((p) => ({ file: p.file, row: p.row, column: p.column, reason: p.reason }))
    return { code: err.code, message: err.message, problems, problemsOmitted: err.moreProblems + Math.max(0, err.problems.length - MAX_PROBLEMS) }
  }
  if (isDriftwatchError(err)) {
    // The interchange import's problems carry a JSON path; its last one may count the rest.
    let omitted = 0
    const problems: ImportProblem[] = []
    for (const p of err.problems.slice(0, MAX_PROBLEMS)) {
      const more = p.path === '$' ? /… and (\d+) more problems/.exec(p.reason) : null
      if (more) omitted += Number(more[1])
      else problems.push({ file: name, row: null, column: p.path, reason: p.reason })
    }
    return { code: err.code, message: err.message, problems, problemsOmitted: omitted + Math.max(0, err.problems.length - MAX_PROBLEMS) }
  }
  log?.warn('import.failed', { error: err instanceof Error ? err.name : typeof err })
  return { code: 'INTERNAL', message: 'Driftwatch could not complete the import. Nothing has been changed.', problems: [], problemsOmitted: 0 }
}
