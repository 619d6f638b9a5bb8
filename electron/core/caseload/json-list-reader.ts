/**
 * Reads a caseload document (one JSON object whose members are mostly long arrays) element by
 * element, without holding the whole file in memory: a 50,000-child caseload is several hundred
 * megabytes of JSON, and JSON.parse of it would need gigabytes.
 *
 * The scanner only finds where each top-level member and each array element begins and ends
 * (tracking strings, escapes and nesting on raw UTF-8 bytes, where `"`, `\`, brackets and braces
 * can never be part of a multi-byte character); each element is then parsed by JSON.parse, which
 * does the full syntax check.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

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

/** Byte source over a file (or an in-memory buffer) with a sliding window. */
class Source {
  buf: Buffer = Buffer.alloc(0)
  /** Absolute offset of buf[0] in the input. */
  base = 0
  private eof = false
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
    const chunk = Buffer.allocUnsafe(this.chunkSize)
    const n = readSync(this.fd, chunk, 0, this.chunkSize, null)
    if (n === 0) {
      this.eof = true
      return false
    }
    this.base += keepFrom
    this.buf = Buffer.concat([this.buf.subarray(keepFrom), chunk.subarray(0, n)])
    this.onRead?.(this.base + this.buf.length)
    return true
  }
}

class Scanner {
  pos = 0
  constructor(private readonly src: Source) {}

  private fail(message: string, path: string): never {
    throw new JsonSyntaxError(message, this.src.base + this.pos, path)
  }

  /** The byte at pos, loading more input as needed; -1 at end of input. */
  private peek(): number {
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
    for (;;) {
      if (needMore || this.pos >= this.src.buf.length) {
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
          } else if (c === 0x22) {
            inString = false
            if (depth === 0) {
              p++
              done = true
              break
            }
          }
        } else if (c === 0x22) inString = true
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
    const text = this.src.buf.toString('utf8', start, this.pos)
    try {
      return JSON.parse(text)
    } catch (e) {
      this.pos = start
      this.fail(`not valid JSON (${(e as Error).message})`, path)
    }
  }

  string(path: string): string {
    if (this.skipWs() !== 0x22) this.fail('expected a member name in double quotes', path)
    const v = this.value(path)
    return v as string
  }
}

function walk(scanner: Scanner, visitor: TopLevelVisitor): void {
  scanner.expect(0x7b, 'the document to be a JSON object starting with {', '$')
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
    const keyPath = `$.${key}`
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

export function walkJsonBuffer(buffer: Buffer, visitor: TopLevelVisitor): void {
  walk(new Scanner(new Source(null, buffer, buffer.length)), visitor)
}
