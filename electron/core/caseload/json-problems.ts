/**
 * Slow, exact locators for the problems json-list-reader.ts detects cheaply (a count that does not
 * add up, a validator that says no): each finds the JSON path of the first problem in one element.
 * They run only on an element already known to be bad, so they favour clarity over speed.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** `$.a` for a plain name, `$["odd name"]` otherwise (the same style as shared/errors.ts jsonPath). */
export function jsonMemberPath(parent: string, key: string): string {
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`
}

const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r'

/**
 * The path of the first member name given twice in one object, or null. `text` is valid JSON
 * (JSON.parse accepted it).
 */
export function locateDuplicateKey(text: string, base: string): string | null {
  let i = 0
  const ws = () => {
    while (isWs(text[i])) i++
  }
  const readString = (): string => {
    const from = i
    i++
    while (text[i] !== '"') {
      if (text[i] === '\\') i++
      i++
    }
    i++
    return JSON.parse(text.slice(from, i)) as string
  }
  const value = (path: string): string | null => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') {
        i++
        return null
      }
      const seen = new Set<string>()
      for (;;) {
        ws()
        const key = readString()
        const at = jsonMemberPath(path, key)
        if (seen.has(key)) return at
        seen.add(key)
        ws()
        i++ // :
        const inner = value(at)
        if (inner) return inner
        ws()
        if (text[i++] === ',') continue
        return null
      }
    }
    if (c === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return null
      }
      for (let n = 0; ; n++) {
        const inner = value(`${path}[${n}]`)
        if (inner) return inner
        ws()
        if (text[i++] === ',') continue
        return null
      }
    }
    if (c === '"') {
      readString()
      return null
    }
    while (i < text.length && !isWs(text[i]) && text[i] !== ',' && text[i] !== ']' && text[i] !== '}') i++
    return null
  }
  return value(base)
}

/** Half of a surrogate pair on its own (String#isWellFormed is not in this TypeScript lib yet). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s)

/** The path of the first string (value or member name) that is not well-formed UTF-16, or null. */
export function locateLoneSurrogate(v: unknown, path: string): string | null {
  if (typeof v === 'string') return wellFormed(v) ? null : path
  if (typeof v !== 'object' || v === null) return null
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const at = locateLoneSurrogate(v[i], `${path}[${i}]`)
      if (at) return at
    }
    return null
  }
  for (const [k, x] of Object.entries(v)) {
    const at = wellFormed(k) ? jsonMemberPath(path, k) : `${path}[${JSON.stringify(k)}]`
    if (!wellFormed(k)) return at
    const inner = locateLoneSurrogate(x, at)
    if (inner) return inner
  }
  return null
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(b: Uint8Array): number {
  let i = 0
  while (i < b.length) {
    const c = b[i]!
    let n: number
    let min: number
    if (c < 0x80) {
      i++
      continue
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1
      min = 0x80
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2
      min = 0x800
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3
      min = 0x10000
    } else return i
    if (i + n >= b.length) return i
    let cp = c & (0x3f >> n)
    for (let k = 1; k <= n; k++) {
      const d = b[i + k]
      if (d === undefined || (d & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (d & 0x3f)
    }
    // Overlong forms, UTF-16 surrogates written as UTF-8 (CESU-8) and beyond U+10FFFF.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i
    i += n + 1
  }
  return -1
}

/**
 * The path at the end of `text`, a prefix of one element's JSON: the member or element being read
 * there (used to name where invalid bytes are).
 */
export function pathAtEnd(text: string, base: string): string {
  type Frame = { kind: 'obj'; key: string | null; expectKey: boolean } | { kind: 'arr'; index: number }
  const stack: Frame[] = []
  const current = (): string => {
    let p = base
    for (const f of stack) {
      if (f.kind === 'arr') p += `[${f.index}]`
      else if (f.key !== null && !f.expectKey) p = jsonMemberPath(p, f.key)
    }
    return p
  }
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    const top = stack[stack.length - 1]
    if (c === '{') stack.push({ kind: 'obj', key: null, expectKey: true })
    else if (c === '[') stack.push({ kind: 'arr', index: 0 })
    else if (c === '}' || c === ']') stack.pop()
    else if (c === ',') {
      if (top?.kind === 'arr') top.index++
      else if (top?.kind === 'obj') top.expectKey = true
    } else if (c === ':') {
      if (top?.kind === 'obj') top.expectKey = false
    } else if (c === '"') {
      const from = i
      i++
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++
        i++
      }
      if (i >= text.length) return current()
      if (top?.kind === 'obj' && top.expectKey) {
        try {
          top.key = JSON.parse(text.slice(from, i + 1)) as string
        } catch {
          top.key = text.slice(from + 1, i)
        }
      }
    }
    i++
  }
  return current()
}

/** Where the first invalid UTF-8 byte of an element is: its offset in `bytes` and its JSON path. */
export function locateInvalidUtf8(bytes: Buffer, base: string): { offset: number; path: string } {
  const offset = Math.max(0, firstInvalidByte(bytes))
  return { offset, path: pathAtEnd(bytes.toString('utf8', 0, offset), base) }
}
