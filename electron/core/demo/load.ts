import type { CivilDate } from '../../../shared/civil-date'
import { writeCaseload, type ImportSummary } from '../caseload/import'
import type { CaseloadDb } from '../db/caseload-db'
import { generateDemoCaseload } from './generate'

export interface LoadDemoOptions {
  children: number
  seed: number | string
  asOf: CivilDate
  replace?: boolean
  onProgress?: (doneChildren: number) => void
}

/**
 * Fills a caseload with the fictional demo, streamed straight from the generator into the
 * database through the same checks and single transaction as an import.
 */
export function loadDemoCaseload(db: CaseloadDb, options: LoadDemoOptions): ImportSummary {
  return writeCaseload(
    db,
    (sink) => {
      generateDemoCaseload({ children: options.children, seed: options.seed, asOf: options.asOf }, sink, options.onProgress)
    },
    { replace: options.replace },
  )
}
