/**
 * Rows of a source file, streamed: CSV through csv-parse (RFC 4180: quotes, quoted line breaks, BOM,
 * CRLF or LF), XLSX through exceljs. Each row comes with its number as the contract counts it (the
 * CSV record number, or the sheet's row number), so problems can name it.
 */
import { createReadStream, statSync } from 'node:fs'
import { isUtf8 } from 'node:buffer'
import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { DriftwatchError } from '../../../shared/errors'
import { headerKey, isBlank, type Cell } from './cells'

export interface SourceRow {
  /** 1-based CSV record number or sheet row number. */
  n: number
  cells: Cell[]
}

/** A file's problem that stops it being read at all (`FILE: reason`). */
export class FileError extends Error {}

export class Cancelled extends DriftwatchError {
  constructor() {
    super('BAD_INPUT', 'The import was cancelled; nothing has been changed.')
  }
}

export interface ReadOptions {
  /** Bytes of this file read so far, and its size. */
  onBytes?: (done: number, total: number) => void
  signal?: AbortSignal
}

/**
 * UTF-8 validity of a stream, chunk by chunk, without decoding (node:buffer `isUtf8`: a 42 MB visits
 * table in about 10 ms, where a fatal TextDecoder took 0.3–0.5 s building strings nobody reads). A
 * character split between two chunks is carried over to the next.
 */
class Utf8Check {
  private carry: Buffer | null = null
  next(chunk: Buffer): boolean {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk
    const cut = completeLength(bytes)
    this.carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : null
    return isUtf8(bytes.subarray(0, cut))
  }
  /** True when nothing is left half-written at the end. */
  end(): boolean {
    return this.carry === null
  }
}

/** How many leading bytes end on a whole character (the rest: the start of one cut off). */
function completeLength(bytes: Buffer): number {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k]!
    if ((b & 0xc0) === 0x80) continue
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
    return needs > k ? bytes.length - k : bytes.length
  }
  // Three continuation bytes at the end: whole, or invalid (isUtf8 says which).
  return bytes.length
}

const NOT_UTF8 = 'is not UTF-8 text: in Excel, save it as "CSV UTF-8 (Comma delimited)" (plain "CSV" changes letters such as é and ë)'

/** Records handed over at a time: one promise per batch, not per record (a million-row visits table). */
const BATCH = 4096

/** CSV records in batches, without holding the file. */
export async function* csvBatches(path: string, options: ReadOptions = {}): AsyncGenerator<SourceRow[]> {
  const total = statSync(path).size
  let done = 0
  const input = createReadStream(path, { highWaterMark: 1 << 20 })
  // relax_column_count: a short row reads its missing cells as blank (§0.1); extra cells are ignored.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false })
  // UTF-8 (§0.1), checked as it streams past. Why: Excel's plain "CSV" is Windows-1252, whose é or ë
  // would otherwise become U+FFFD in a child's name without a word. (csv-parse reads a UTF-16 file
  // with its byte-order mark itself.)
  const utf8 = new Utf8Check()
  let utf16: boolean | null = null
  const notUtf8 = () => parser.destroy(new FileError(NOT_UTF8))
  input.on('data', (data: string | Buffer) => {
    // No encoding was given to the stream: always bytes.
    const chunk = typeof data === 'string' ? Buffer.from(data) : data
    done += chunk.length
    options.onBytes?.(done, total)
    utf16 ??= chunk[0] === 0xff && chunk[1] === 0xfe
    if (!utf16 && !utf8.next(chunk)) notUtf8()
  })
  input.on('end', () => {
    if (!utf16 && !utf8.end()) notUtf8()
  })
  let failure: unknown = null
  let ended = false
  parser.on('error', (e) => (failure = e))
  parser.on('end', () => (ended = true))
  input.on('error', (e) => parser.destroy(e))
  input.pipe(parser)
  let n = 0
  try {
    for (;;) {
      if (failure) throw failure
      if (options.signal?.aborted) throw new Cancelled()
      const batch: SourceRow[] = []
      let record: string[] | null
      while (batch.length < BATCH && (record = parser.read() as string[] | null) !== null) batch.push({ n: ++n, cells: record })
      if (batch.length > 0) {
        yield batch
        continue
      }
      if (ended) return
      await new Promise<void>((resolve) => {
        const wake = () => {
          parser.off('readable', wake)
          parser.off('end', wake)
          parser.off('error', wake)
          resolve()
        }
        parser.on('readable', wake)
        parser.on('end', wake)
        parser.on('error', wake)
      })
    }
  } catch (e) {
    if (e instanceof Cancelled) throw e
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new FileError(`is not a readable CSV file after row ${n} (${(e as Error).message.replace(/^Invalid [^:]*: /, '')})`)
    }
    throw e
  } finally {
    input.destroy()
    parser.destroy()
  }
}

/** CSV records one at a time (for the small files: Annex A, the tracker). */
export async function* csvRows(path: string, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  for await (const batch of csvBatches(path, options)) yield* batch
}

/** Annex A workbooks are one row per child on a plan: a few thousand rows at most. */
const MAX_XLSX_BYTES = 100 * 1024 * 1024

export interface Sheet {
  rows: SourceRow[]
  date1904: boolean
}

/**
 * The rows of the sheet that `pick` chooses from the workbook's sheet names. Read whole, in memory:
 * exceljs's streaming reader copies a sheet that comes before the shared strings to a plaintext temp
 * file, and List 7 is small.
 */
export async function xlsxSheet(path: string, pick: (names: string[]) => string | FileError): Promise<Sheet> {
  if (statSync(path).size > MAX_XLSX_BYTES) throw new FileError('is too large for an Annex A workbook (over 100 MB)')
  // Loaded when first needed: exceljs alone was a quarter of the time the core's thread took to start.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.read(createReadStream(path) as unknown as Readable)
  } catch {
    throw new FileError('is not a readable .xlsx workbook')
  }
  const sheets = workbook.worksheets
  const chosen = pick(sheets.map((s) => s.name))
  if (chosen instanceof FileError) throw chosen
  const sheet = sheets.find((s) => s.name === chosen)!
  const date1904 = Boolean((workbook.properties as { date1904?: boolean }).date1904)
  const rows: SourceRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[]
    const cells: Cell[] = []
    for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i], date1904))
    rows.push({ n: row.number, cells })
  })
  return { rows, date1904 }
}

const DAY_MS = 86_400_000

/** An exceljs cell value as text, or a number (which may be a date serial). */
function xlsxCell(v: unknown, date1904: boolean): Cell {
  if (v === null || v === undefined) return undefined
  if (typeof v === 'string' || typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) {
    // exceljs turns date-formatted serials into Dates; turn them back, so §0.3's serial rule applies.
    return Math.round((v.getTime() / DAY_MS + 25569 - (date1904 ? 1462 : 0)) * 1e6) / 1e6
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown }
    if (o.richText) return o.richText.map((r) => r.text).join('')
    if ('result' in o) return xlsxCell(o.result, date1904)
    if (typeof o.text === 'string') return o.text
    if (typeof o.error === 'string') return o.error
  }
  return String(v)
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  for (const c of cells) if (!isBlank(c)) return false
  return true
}

/** Header positions by key; the first of a repeated header wins (§0.1). */
export function headerIndex(cells: readonly Cell[], dropQuestionMark = false): Map<string, number> {
  const index = new Map<string, number>()
  cells.forEach((c, i) => {
    const k = headerKey(typeof c === 'string' ? c : c === undefined ? '' : String(c), dropQuestionMark)
    if (k !== '' && !index.has(k)) index.set(k, i)
  })
  return index
}
