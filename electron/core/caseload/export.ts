/**
 * Export to interchange format v1. The output is deterministic (same caseload → same bytes), one
 * element per line so that a large caseload stays readable and diffable, and written to a
 * temporary file renamed into place, so a failed export never leaves half a file.
 */
import { emptyCaseload, FORMAT_NAME, FORMAT_VERSION, type Caseload } from '../../../shared/caseload-format'
import type { CaseloadDb } from '../db/caseload-db'
import { openAtomicFile } from '../files/write-file-atomic'
import { readList } from '../queries/caseload-read'
import { LIST_NAMES, type ListName } from './lists'

/** The whole caseload as one document (for small caseloads, tests and the UI). */
export function exportCaseload(db: CaseloadDb): Caseload {
  const doc = emptyCaseload()
  const read = db.sqlite.transaction(() => {
    for (const list of LIST_NAMES) {
      ;(doc[list] as unknown[]) = [...readList(db.sqlite, list)]
    }
  })
  read.deferred()
  return doc
}

/** Serialises elements list by list through `write`, in one read transaction (a consistent snapshot). */
export function writeCaseloadJson(db: CaseloadDb, write: (text: string) => void, onList?: (list: ListName) => void): void {
  const read = db.sqlite.transaction(() => {
    write(`{\n  "format": ${JSON.stringify(FORMAT_NAME)},\n  "version": ${FORMAT_VERSION}`)
    for (const list of LIST_NAMES) {
      onList?.(list)
      write(`,\n  ${JSON.stringify(list)}: [`)
      let first = true
      for (const element of readList(db.sqlite, list)) {
        write(`${first ? '\n    ' : ',\n    '}${JSON.stringify(element)}`)
        first = false
      }
      write(first ? ']' : '\n  ]')
    }
    write('\n}\n')
  })
  read.deferred()
}

/** The caseload as a JSON string (deterministic). */
export function exportCaseloadJson(db: CaseloadDb): string {
  const parts: string[] = []
  writeCaseloadJson(db, (t) => parts.push(t))
  return parts.join('')
}

/** Writes the caseload to `file` atomically (and never over the caseload: see guard-target.ts). The file is plaintext by the user's explicit act. */
export function exportCaseloadFile(db: CaseloadDb, file: string, onList?: (list: ListName, index: number) => void): void {
  const out = openAtomicFile(file)
  let pending: string[] = []
  let size = 0
  const flush = () => {
    if (pending.length) out.write(pending.join(''))
    pending = []
    size = 0
  }
  try {
    writeCaseloadJson(
      db,
      (t) => {
        pending.push(t)
        size += t.length
        if (size > 1 << 20) flush()
      },
      onList ? (l) => onList(l, LIST_NAMES.indexOf(l)) : undefined,
    )
    flush()
    out.commit()
  } catch (e) {
    out.abort()
    throw e
  }
}
