/**
 * Reads a caseload document (one JSON object whose members are mostly long arrays) element by
 * element, without holding the whole file in memory: a 50,000-child caseload is several hundred
 * megabytes of JSON, and JSON.parse of it would need gigabytes.
 *
 * The scanner only finds where each top-level member and each array element begins and ends
 * (tracking strings, escapes and nesting on raw UTF-8 bytes, where `"`, `\`, brackets and braces
 * can never be part of a multi-byte character); each element is then parsed by JSON.parse, which
 * does the full syntax check.
 *
 * What JSON.parse lets through, the reader refuses, each with its JSON path (issue 12): a member
 * name given twice in one object (JSON.parse would silently keep the last), bytes that are not
 * UTF-8 (decoding would silently turn them into U+FFFD), and a `\uD800`-style escape that leaves
 * half a surrogate pair. A UTF-8 byte order mark at the start is skipped. An element larger than
 * MAX_ELEMENT_BYTES is refused as soon as the reader has seen that much of it, so a 500 MB string
 * costs a few megabytes of memory and a fraction of a second, not the whole file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { isUtf8 } from 'node:buffer'
import { jsonMemberPath, locateDuplicateKey, locateInvalidUtf8, locateLoneSurrogate } from './json-problems'

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly path: string,
  ) {
    super(message)
  }
}

export interface TopLevelVisitor {
  /** A member whose value is not an array, or any member the caller wants whole (parsed). */
  value(key: string, value: unknown): void
  /** Called for a member whose value is an array: return true to receive its elements one by one. */
  startList(key: string): boolean
  element(key: string, index: number, value: unknown): void
  endList(key: string, length: number): void
}

const CHUNK = 4 * 1024 * 1024
const WS = new Uint8Array(256)
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1

/**
 * No element of a caseload comes near this (the longest text allowed is 10,000 characters, at most
 * 60 KB even with every character escaped); anything bigger is refused with its path.
 */
export const MAX_ELEMENT_BYTES = 4 * 1024 * 1024

/**
 * Byte source over a file (or an in-memory buffer) with a sliding window. The window lives in one
 * backing buffer that is reused (and doubled only when an element outgrows it), so a long element
 * costs a copy per chunk of what is kept, never a new concatenation of everything read so far.
 */
class Source {
  buf: Buffer = Buffer.alloc(0)
  /** Absolute offset of buf[0] in the input. */
  base = 0
  private eof = false
  private store: Buffer | null = null
  private chunk: Buffer | null = null
  constructor(
    private readonly fd: number | null,
    initial: Buffer | null,
    readonly size: number,
    private readonly onRead?: (bytes: number) => void,
    private readonly chunkSize = CHUNK,
  ) {
    if (initial) {
      this.buf = initial
      this.eof = true
    }
  }
  /** Keeps bytes from `keepFrom` (relative) on and appends the next chunk. False at end of input. */
  more(keepFrom: number): boolean {
    if (this.eof || this.fd === null) return false
    this.chunk ??= Buffer.allocUnsafe(this.chunkSize)
    const n = readSync(this.fd, this.chunk, 0, this.chunkSize, null)
    if (n === 0) {
      this.eof = true
      return false
    }
    const kept = this.buf.length - keepFrom
    const need = kept + n
    if (this.store === null || this.store.length < need) {
      const next = Buffer.allocUnsafe(Math.max(need, 2 * (this.store?.length ?? 0), 2 * this.chunkSize))
      this.buf.copy(next, 0, keepFrom)
      this.store = next
    } else if (keepFrom > 0) {
      // Overlapping copy within the same buffer (Buffer#copy is a memmove).
      this.buf.copy(this.store, 0, keepFrom)
    }
    this.chunk.copy(this.store, kept, 0, n)
    this.base += keepFrom
    this.buf = this.store.subarray(0, need)
    this.onRead?.(this.base + this.buf.length)
    return true
  }
}

/** Object members counted in a parsed value (to compare with the colons seen outside strings). */
function countMembers(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0
  let n = 0
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]
      if (typeof x === 'object' && x !== null) n += countMembers(x)
    }
    return n
  }
  for (const k in v) {
    n++
    const x = (v as Record<string, unknown>)[k]
    if (typeof x === 'object' && x !== null) n += countMembers(x)
  }
  return n
}

class Scanner {
  pos = 0
  constructor(private readonly src: Source) {}

  offset(): number {
    return this.src.base + this.pos
  }

  private fail(message: string, path: string): never {
    throw new JsonSyntaxError(message, this.src.base + this.pos, path)
  }

  /** The byte at pos, loading more input as needed; -1 at end of input. */
  peek(): number {
    while (this.pos >= this.src.buf.length) {
      const keep = this.pos
      if (!this.src.more(keep)) return -1
      this.pos -= keep
    }
    return this.src.buf[this.pos]!
  }

  skipWs(): number {
    for (;;) {
      const c = this.peek()
      if (c === -1 || !WS[c]) return c
      this.pos++
    }
  }

  expect(byte: number, what: string, path: string): void {
    if (this.skipWs() !== byte) this.fail(`expected ${what}`, path)
    this.pos++
  }

  /** Scans one JSON value starting at pos and returns it parsed. */
  value(path: string): unknown {
    this.skipWs()
    let start = this.pos
    let depth = 0
    let inString = false
    let needMore = false
    // Member separators outside strings: one per object member in valid JSON.
    let colons = 0
    let unicodeEscape = false
    for (;;) {
      if (needMore || this.pos >= this.src.buf.length) {
        if (this.pos - start > MAX_ELEMENT_BYTES) this.tooLarge(start, path)
        const keep = start
        if (!this.src.more(keep)) {
          if (depth === 0 && !inString && this.pos > start) break
          this.fail('unexpected end of file', path)
        }
        this.pos -= keep
        start = 0
        needMore = false
      }
      const b = this.src.buf
      const len = b.length
      let p = this.pos
      let done = false
      while (p < len) {
        const c = b[p]!
        if (inString) {
          if (c === 0x5c) {
            // A backslash escapes the next byte; if that byte is not loaded yet, read more first.
            if (p + 1 >= len) {
              needMore = true
              break
            }
            p++
            if (b[p] === 0x75) unicodeEscape = true
          } else if (c === 0x22) {
            inString = false
            if (depth === 0) {
              p++
              done = true
              break
            }
          }
        } else if (c === 0x22) inString = true
        else if (c === 0x3a) colons++
        else if (c === 0x7b || c === 0x5b) depth++
        else if (c === 0x7d || c === 0x5d) {
          if (depth === 0) {
            done = true
            break
          }
          depth--
          if (depth === 0) {
            p++
            done = true
            break
          }
        } else if (depth === 0 && (c === 0x2c || WS[c])) {
          done = true
          break
        }
        p++
      }
      this.pos = p
      if (done) break
    }
    if (this.pos - start > MAX_ELEMENT_BYTES) this.tooLarge(start, path)
    const bytes = this.src.buf.subarray(start, this.pos)
    if (!isUtf8(bytes)) {
      const { offset, path: where } = locateInvalidUtf8(bytes, path)
      this.pos = start + offset
      this.fail('contains bytes that are not valid UTF-8 (save the file as UTF-8)', where)
    }
    const text = bytes.toString('utf8')
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (e) {
      this.pos = start
      this.fail(`not valid JSON (${(e as Error).message})`, path)
    }
    if (colons > 0 && countMembers(parsed) !== colons) {
      const where = locateDuplicateKey(text, path)
      this.pos = start
      if (where) this.fail('is given twice in the same object (a member name may appear only once)', where)
    }
    if (unicodeEscape) {
      const where = locateLoneSurrogate(parsed, path)
      if (where) {
        this.pos = start
        this.fail('contains half of a UTF-16 surrogate pair (a lone \\uD800–\\uDFFF escape), which is not a character', where)
      }
    }
    return parsed
  }

  private tooLarge(start: number, path: string): never {
    this.pos = start
    this.fail(`is larger than ${MAX_ELEMENT_BYTES / 1024 / 1024} MiB; no element of a caseload is anywhere near that size`, path)
  }

  /** Skips a UTF-8 byte order mark at the very start (some Windows tools write one). */
  skipBom(): void {
    if (this.src.base !== 0 || this.pos !== 0) return
    if (this.peek() === 0xef && this.src.buf.length >= 3 && this.src.buf[1] === 0xbb && this.src.buf[2] === 0xbf) this.pos = 3
  }

  string(path: string): string {
    if (this.skipWs() !== 0x22) this.fail('expected a member name in double quotes', path)
    const v = this.value(path)
    return v as string
  }
}

/** Elements walked between two pauses of a stepwise walk (walkJsonFileSteps): a few milliseconds of work. */
const ELEMENTS_PER_STEP = 256

function walk(scanner: Scanner, visitor: TopLevelVisitor): void {
  const steps = walkSteps(scanner, visitor)
  // Each step is a pause point; a plain walk runs straight through.
  while (!steps.next().done);
}

/** The walk as a generator that pauses every ELEMENTS_PER_STEP elements, so a caller can yield to its event loop. */
function* walkSteps(scanner: Scanner, visitor: TopLevelVisitor): Generator<void, void, void> {
  let sincePause = 0
  scanner.skipBom()
  scanner.expect(0x7b, 'the document to be a JSON object starting with {', '$')
  const keys = new Set<string>()
  let first = true
  for (;;) {
    let c = scanner.skipWs()
    if (c === 0x7d) {
      scanner.pos++
      break
    }
    if (!first) {
      scanner.expect(0x2c, 'a comma or } between members', '$')
    }
    first = false
    const key = scanner.string('$')
    const keyPath = jsonMemberPath('$', key)
    if (keys.has(key)) throw new JsonSyntaxError('is given twice in the document (a member name may appear only once)', scanner.offset(), keyPath)
    keys.add(key)
    scanner.expect(0x3a, 'a colon after the member name', keyPath)
    c = scanner.skipWs()
    if (c === 0x5b && visitor.startList(key)) {
      scanner.pos++
      let index = 0
      for (;;) {
        c = scanner.skipWs()
        if (c === 0x5d) {
          scanner.pos++
          break
        }
        if (index > 0) {
          scanner.expect(0x2c, 'a comma or ] between elements', `${keyPath}[${index}]`)
        }
        visitor.element(key, index, scanner.value(`${keyPath}[${index}]`))
        index++
        if (++sincePause === ELEMENTS_PER_STEP) {
          sincePause = 0
          yield
        }
      }
      visitor.endList(key, index)
    } else {
      visitor.value(key, scanner.value(keyPath))
    }
  }
  if (scanner.skipWs() !== -1) throw new JsonSyntaxError('unexpected content after the end of the document', 0, '$')
}

/** Walks a caseload file, reading it in chunks. `onRead` reports bytes read so far. */
export function walkJsonFile(
  file: string,
  visitor: TopLevelVisitor,
  onRead?: (bytes: number, total: number) => void,
  chunkSize = CHUNK,
): void {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const src = new Source(fd, null, size, onRead ? (b) => onRead(b, size) : undefined, chunkSize)
    walk(new Scanner(src), visitor)
  } finally {
    closeSync(fd)
  }
}

/**
 * The same walk, pausing every few hundred elements (the generator yields): an import on the core's
 * event loop uses the pauses to answer status requests and a cancel. The file is closed when the
 * walk ends, fails, or is abandoned (`return()`).
 */
export function* walkJsonFileSteps(
  file: string,
  visitor: TopLevelVisitor,
  onRead?: (bytes: number, total: number) => void,
  chunkSize = CHUNK,
): Generator<void, void, void> {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const src = new Source(fd, null, size, onRead ? (b) => onRead(b, size) : undefined, chunkSize)
    yield* walkSteps(new Scanner(src), visitor)
  } finally {
    closeSync(fd)
  }
}

export function walkJsonBuffer(buffer: Buffer, visitor: TopLevelVisitor): void {
  walk(new Scanner(new Source(null, buffer, buffer.length)), visitor)
}
