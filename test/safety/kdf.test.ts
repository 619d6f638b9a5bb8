/**
 * The passphrase's Argon2id (electron/core/db/key-file.ts deriveKek): the native implementation
 * (@node-rs/argon2) that unlocks use, and the WebAssembly one (hash-wasm) kept for where the native
 * binary cannot load, must be the same function — a key file made by either opens with the other.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_KDF_COST, deriveKek, kdfImplementation, prepareKdf } from '../../electron/core/db/key-file'

const salt = (n: number) => Buffer.alloc(16, n)

describe("the passphrase's key derivation", () => {
  it('is native code here (a packaging mistake would quietly make every unlock slower)', async () => {
    // What the core's thread does when it starts (worker/core-worker.ts): resolves, whatever happens.
    await expect(prepareKdf()).resolves.toBeUndefined()
    expect(await kdfImplementation()).toBe('native')
  })

  it('gives the same 32 bytes natively and in WebAssembly, at the default costs and others', async () => {
    const cases = [
      { passphrase: 'correct horse battery staple', cost: DEFAULT_KDF_COST, salt: salt(1) },
      { passphrase: 'x', cost: { memoryKiB: 1024, iterations: 1, parallelism: 1 }, salt: salt(2) },
      { passphrase: 'Ünïcödé — pass phrase ✓ 😀', cost: { memoryKiB: 8192, iterations: 2, parallelism: 3 }, salt: salt(3) },
    ]
    for (const c of cases) {
      const native = await deriveKek(c.passphrase, c.salt, c.cost, 'native')
      const wasm = await deriveKek(c.passphrase, c.salt, c.cost, 'wasm')
      expect(native.length).toBe(32)
      expect(native.equals(wasm), JSON.stringify(c.cost)).toBe(true)
    }
    // And they depend on what they should: the salt, every cost, the passphrase.
    const base = await deriveKek('p', salt(4), { memoryKiB: 1024, iterations: 1, parallelism: 1 })
    for (const other of [
      deriveKek('p', salt(5), { memoryKiB: 1024, iterations: 1, parallelism: 1 }),
      deriveKek('p', salt(4), { memoryKiB: 2048, iterations: 1, parallelism: 1 }),
      deriveKek('p', salt(4), { memoryKiB: 1024, iterations: 2, parallelism: 1 }),
      deriveKek('p', salt(4), { memoryKiB: 1024, iterations: 1, parallelism: 2 }),
      deriveKek('q', salt(4), { memoryKiB: 1024, iterations: 1, parallelism: 1 }),
    ]) {
      expect((await other).equals(base)).toBe(false)
    }
  })

  it('normalises the passphrase to NFC first, in both', async () => {
    const cost = { memoryKiB: 1024, iterations: 1, parallelism: 1 }
    const composed = 'Zoë'.normalize('NFC')
    const decomposed = 'Zoë'.normalize('NFD')
    expect(composed).not.toBe(decomposed)
    for (const how of ['native', 'wasm'] as const) {
      expect((await deriveKek(composed, salt(6), cost, how)).equals(await deriveKek(decomposed, salt(6), cost, how))).toBe(true)
    }
  })
})
