/**
 * A small seeded pseudo-random generator for the synthetic demo caseload. Not for anything secret:
 * it exists so that the same seed always gives the same caseload, on every machine and Node version.
 *
 * The seed (number or string) is hashed with cyrb128 into four 32-bit words that start an sfc32
 * generator. `derive(label)` makes an independent stream from the same seed, so a family's data
 * depends only on the seed and the family's number, never on how much randomness earlier families used.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T
  /** One value, chosen with the given relative weights. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T
  /** A new independent stream from the same seed and a label. */
  derive(label: string | number): Random
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

function seedText(seed: number | string): string {
  return typeof seed === 'number' ? `n:${seed}` : `s:${seed}`
}

export function createRandom(seed: number | string): Random {
  const key = seedText(seed)
  const next = sfc32(...cyrb128(key))
  // Discard the first outputs: sfc32 needs a few rounds to mix a weak seed.
  for (let i = 0; i < 12; i++) next()
  const random: Random = {
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1))
    },
    chance(p) {
      return next() < p
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty list')
      return items[Math.floor(next() * items.length)] as (typeof items)[number]
    },
    weighted(choices) {
      let total = 0
      for (const [, w] of choices) total += w
      let r = next() * total
      for (const [value, w] of choices) {
        r -= w
        if (r < 0) return value
      }
      const last = choices[choices.length - 1]
      if (!last) throw new RangeError('weighted choice from an empty list')
      return last[0]
    },
    derive(label) {
      return createRandom(`${key}/${label}`)
    },
  }
  return random
}
