/**
 * Collects the problems of a source import (every one is counted; the first 200 are kept) and turns
 * them into the SourceImportError that says nothing was imported.
 */
import { SourceImportError, type SourceFileProblem } from '../../../shared/errors'
import { formatSourceProblem, SOURCE_LABELS, type SourceKind } from '../../../shared/source-import'
import { CellError } from './cells'

export const MAX_PROBLEMS = 200

export class Problems {
  readonly list: SourceFileProblem[] = []
  private extra = 0

  add(file: string, row: number | null, column: string | null, reason: string): void {
    if (this.list.length >= MAX_PROBLEMS) {
      this.extra++
      return
    }
    const p = { file, row, column, reason }
    const line = formatSourceProblem(p)
    this.list.push({ ...p, path: line.slice(0, line.length - reason.length - 2) })
  }

  get count(): number {
    return this.list.length + this.extra
  }

  /** Runs a cell reader; a CellError becomes a problem and the result null. */
  cell<T>(file: string, row: number, column: string, read: () => T): T | null {
    try {
      return read()
    } catch (e) {
      if (!(e instanceof CellError)) throw e
      this.add(file, row, column, e.message)
      return null
    }
  }

  /** Throws when there is any problem. */
  throwIfAny(source: SourceKind): void {
    if (this.count === 0) return
    const n = this.count
    throw new SourceImportError(
      `The ${SOURCE_LABELS[source]} has ${n} problem${n === 1 ? '' : 's'}; nothing has been imported.`,
      this.list,
      this.extra,
    )
  }
}
