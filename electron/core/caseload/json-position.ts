/** Where a byte of a JSON document is, in a chair's words: "line L, column C". */
import { closeSync, openSync, readSync } from 'node:fs'

/** "line L, column C" of the byte after `prefix` (columns count characters). */
export function positionIn(prefix: Buffer): string {
  let line = 1
  let lastNewline = -1
  for (let i = prefix.indexOf(10); i !== -1; i = prefix.indexOf(10, i + 1)) {
    line++
    lastNewline = i
  }
  const column = prefix.subarray(lastNewline + 1).toString('utf8').length + 1
  return `line ${line}, column ${column}`
}

/**
 * The same for a file, read in chunks: a problem 400 MB into a file must not read 400 MB into
 * memory. Only the current line's bytes are kept (capped: a column past 4 MiB is approximate).
 */
export function positionInFile(file: string, offset: number): string {
  const CHUNK = 4 * 1024 * 1024
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(offset, 1)))
    let line = 1
    let lineStart = 0
    let read = 0
    while (read < offset) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, offset - read), read)
      if (n === 0) break
      for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) {
        line++
        lineStart = read + i + 1
      }
      read += n
    }
    const tail = Math.min(offset - lineStart, CHUNK)
    const last = Buffer.alloc(tail)
    readSync(fd, last, 0, tail, offset - tail)
    return `line ${line}, column ${last.toString('utf8').length + 1 + (offset - lineStart - tail)}`
  } finally {
    closeSync(fd)
  }
}
