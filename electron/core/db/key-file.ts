/**
 * The key file beside the database (`<db>.key`). It holds the database's random 256-bit data key,
 * wrapped twice with AES-256-GCM: under a key derived from the passphrase with Argon2id, and under a
 * key derived from the recovery code (recovery-code.ts) with HKDF-SHA256.
 *
 * Why a wrapped data key rather than the passphrase as the SQLCipher key: changing the passphrase
 * rewrites this small file only, never the database, so it is instant and cannot corrupt case data;
 * and the database key has full 256-bit entropy whatever passphrase the user picks.
 *
 * Argon2id costs (RFC 9106 §4, second recommended option): 64 MiB of memory, 3 passes, 4 lanes.
 * Memory-hard enough that a GPU attacker who steals the files pays dearly per guess, while unlock
 * stays well under a second on a council laptop. The costs are stored in the file, so stronger
 * defaults later still open older files, and the header is bound into the GCM tag so they cannot
 * be lowered by editing the file. The recovery code needs no stretching: it is 150 random bits, so
 * guessing it is hopeless at any speed.
 *
 * Versions:
 *   1  the passphrase wrap only; its additional data was the JSON of [format, version, cipher, kdf].
 *      Still opened; upgraded to version 2 (with a new recovery code) at the next passphrase change.
 *   2  adds the recovery wrap and a SHA-256 checksum over every field, so a damaged file is told
 *      apart from a wrong passphrase (KEY_FILE_DAMAGED, not WRONG_PASSPHRASE). The additional data
 *      of each wrap is an explicit, length-prefixed tuple of fields, never the JSON of an object.
 *
 * The file is self-describing: a backup (issue 12, h12a) carries its JSON verbatim and restores with
 * whatever the file can be unwrapped with (`parseKeyFile`, `unwrapDataKey`, `unwrapWithRecoveryCode`).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { argon2id } from 'hash-wasm'
import { z } from 'zod'
import { DriftwatchError } from '../../../shared/errors'
import { writeFileAtomic } from '../files/write-file-atomic'
import { recoveryCodeBytes } from './recovery-code'

export interface KdfCost {
  memoryKiB: number
  iterations: number
  parallelism: number
}

export const DEFAULT_KDF_COST: KdfCost = { memoryKiB: 65_536, iterations: 3, parallelism: 4 }
/** The floor a key file may claim; below it the file is refused as tampered or broken. */
const MIN_KDF_COST: KdfCost = { memoryKiB: 1024, iterations: 1, parallelism: 1 }
export const KEY_FILE_VERSION = 2

const FORMAT = 'driftwatch.key'
const CIPHER = 'sqlcipher-4'
const GCM_TAG_BYTES = 16
const GCM_IV_BYTES = 12
const DATA_KEY_BYTES = 32

const b64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/)
const argon2Schema = z.strictObject({
  algorithm: z.literal('argon2id'),
  memoryKiB: z.number().int().min(MIN_KDF_COST.memoryKiB).max(4_194_304),
  iterations: z.number().int().min(MIN_KDF_COST.iterations).max(64),
  parallelism: z.number().int().min(MIN_KDF_COST.parallelism).max(16),
  salt: b64,
})
const wrapSchema = z.strictObject({
  algorithm: z.literal('aes-256-gcm'),
  iv: b64,
  tag: b64,
  ciphertext: b64,
})
const keyFileV1Schema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  cipher: z.literal(CIPHER),
  kdf: argon2Schema,
  wrap: wrapSchema,
})
const keyFileV2Schema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(2),
  cipher: z.literal(CIPHER),
  kdf: argon2Schema,
  wrap: wrapSchema,
  recovery: z.strictObject({
    kdf: z.strictObject({ algorithm: z.literal('hkdf-sha256'), salt: b64 }),
    wrap: wrapSchema,
  }),
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
})
export type KeyFileV1 = z.infer<typeof keyFileV1Schema>
export type KeyFileV2 = z.infer<typeof keyFileV2Schema>
export type KeyFile = KeyFileV1 | KeyFileV2
type Wrap = KeyFileV1['wrap']

export function keyFilePath(dbPath: string): string {
  return `${dbPath}.key`
}

/** True when this file has no recovery code yet (version 1): the next passphrase change adds one. */
export function needsRecoveryCode(file: KeyFile): file is KeyFileV1 {
  return file.version === 1
}

/**
 * Fields joined without ambiguity: each is its UTF-8 length (4 bytes, big-endian) then its bytes.
 * Used for the wraps' additional data and the checksum, so neither depends on how JSON orders keys.
 */
function tuple(fields: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = []
  for (const field of fields) {
    const bytes = Buffer.from(String(field), 'utf8')
    const length = Buffer.alloc(4)
    length.writeUInt32BE(bytes.length)
    parts.push(length, bytes)
  }
  return Buffer.concat(parts)
}

type Argon2Params = KeyFileV1['kdf']

function passphraseAad(version: 1 | 2, kdf: Argon2Params): Buffer {
  if (version === 1) {
    // Version 1's additional data, kept byte for byte so old files still open. The object is built
    // here field by field, so the result no longer depends on the key order of the file read.
    const legacy = { algorithm: kdf.algorithm, memoryKiB: kdf.memoryKiB, iterations: kdf.iterations, parallelism: kdf.parallelism, salt: kdf.salt }
    return Buffer.from(JSON.stringify([FORMAT, 1, CIPHER, legacy]), 'utf8')
  }
  return tuple([FORMAT, 2, CIPHER, 'passphrase', kdf.algorithm, kdf.memoryKiB, kdf.iterations, kdf.parallelism, kdf.salt])
}

function recoveryAad(salt: string): Buffer {
  return tuple([FORMAT, 2, CIPHER, 'recovery-code', 'hkdf-sha256', salt])
}

/** The checksum a version-2 file must carry (exported for the tests that forge one). */
export function checksumOf(file: Omit<KeyFileV2, 'checksum'>): string {
  const { kdf, wrap, recovery } = file
  const fields = [
    file.format, file.version, file.cipher,
    kdf.algorithm, kdf.memoryKiB, kdf.iterations, kdf.parallelism, kdf.salt,
    wrap.algorithm, wrap.iv, wrap.tag, wrap.ciphertext,
    recovery.kdf.algorithm, recovery.kdf.salt,
    recovery.wrap.algorithm, recovery.wrap.iv, recovery.wrap.tag, recovery.wrap.ciphertext,
  ]
  return `sha256:${createHash('sha256').update(tuple(fields)).digest('hex')}`
}

type NativeArgon2 = Pick<typeof import('@node-rs/argon2'), 'hashRaw'>
let nativeModule: Promise<NativeArgon2 | null> | null = null

/** @node-rs/argon2, loaded at the first unlock; null where its binary cannot load (the WebAssembly one is used then). */
function nativeArgon2(): Promise<NativeArgon2 | null> {
  nativeModule ??= import('@node-rs/argon2').then(
    (m: Partial<NativeArgon2> & { default?: Partial<NativeArgon2> }) => {
      const hashRaw = m.hashRaw ?? m.default?.hashRaw
      return hashRaw ? { hashRaw } : null
    },
    () => null,
  )
  return nativeModule
}

/** Which Argon2id an unlock uses here (the tests check it is the native one where there is a binary). */
export async function kdfImplementation(): Promise<'native' | 'wasm'> {
  return (await nativeArgon2()) ? 'native' : 'wasm'
}

/**
 * Loads the native Argon2id and runs it once at a trivial cost, so that the first unlock does not
 * also pay for loading its binary and starting the threads it computes on (about a tenth of a second
 * here). The core's thread calls it when it starts, while the unlock screen is shown; never throws.
 */
export async function prepareKdf(): Promise<void> {
  try {
    const native = await nativeArgon2()
    await native?.hashRaw('warm-up', { salt: Buffer.alloc(16), memoryCost: 64, timeCost: 1, parallelism: 1, outputLen: 32, algorithm: ARGON2ID as never })
  } catch {
    // The unlock will load it again, or fall back, and say what is wrong.
  }
}

/** The module's Algorithm.Argon2id: a `const enum` in its types, which isolated modules cannot read. */
const ARGON2ID = 2

/**
 * Argon2id (version 1.3) of the NFC passphrase: 32 bytes. Native code by default (@node-rs/argon2:
 * its lanes on several cores, off this thread), which at the default costs takes about a third of
 * the WebAssembly implementation's time (hash-wasm: one lane after another, on this thread) and so
 * shortens every unlock by about a quarter of a second on a two-core machine. The same function:
 * both give the same bytes (test/safety/kdf.test.ts), so a key file opens whichever one derived it;
 * hash-wasm stays for where the native binary cannot load (a platform without one).
 */
export async function deriveKek(passphrase: string, salt: Buffer, cost: KdfCost, implementation: 'native' | 'wasm' = 'native'): Promise<Buffer> {
  const password = passphrase.normalize('NFC')
  const native = implementation === 'native' ? await nativeArgon2() : null
  if (native) {
    return native.hashRaw(password, {
      salt,
      memoryCost: cost.memoryKiB,
      timeCost: cost.iterations,
      parallelism: cost.parallelism,
      outputLen: 32,
      algorithm: ARGON2ID as never,
    })
  }
  const out = await argon2id({
    password,
    salt,
    memorySize: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: cost.parallelism,
    hashLength: 32,
    outputType: 'binary',
  })
  const kek = Buffer.from(out)
  out.fill(0)
  return kek
}

function deriveRecoveryKek(recoveryCode: string, salt: Buffer): Buffer {
  const code = recoveryCodeBytes(recoveryCode)
  try {
    return Buffer.from(hkdfSync('sha256', code, salt, 'driftwatch recovery code v2', 32))
  } finally {
    code.fill(0)
  }
}

function seal(kek: Buffer, dataKey: Buffer, aad: Buffer): Wrap {
  const iv = randomBytes(GCM_IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: GCM_TAG_BYTES })
  cipher.setAAD(aad)
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()])
  return {
    algorithm: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  }
}

/** The data key, or null when the tag does not match (wrong passphrase or code). */
function open(kek: Buffer, wrap: Wrap, aad: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrap.iv, 'base64'), { authTagLength: GCM_TAG_BYTES })
    decipher.setAAD(aad)
    decipher.setAuthTag(Buffer.from(wrap.tag, 'base64'))
    const first = decipher.update(Buffer.from(wrap.ciphertext, 'base64'))
    const last = decipher.final()
    const key = Buffer.concat([first, last])
    first.fill(0)
    if (key.length !== DATA_KEY_BYTES) {
      key.fill(0)
      return null
    }
    return key
  } catch {
    return null
  }
}

function argon2Params(cost: KdfCost, salt: Buffer): Argon2Params {
  return { algorithm: 'argon2id', memoryKiB: cost.memoryKiB, iterations: cost.iterations, parallelism: cost.parallelism, salt: salt.toString('base64') }
}

function withChecksum(file: Omit<KeyFileV2, 'checksum'>): KeyFileV2 {
  return { ...file, checksum: checksumOf(file) }
}

/** A new version-2 key file: the data key wrapped under the passphrase and under the recovery code. */
export async function createKeyFile(dataKey: Buffer, passphrase: string, recoveryCode: string, cost: KdfCost = DEFAULT_KDF_COST): Promise<KeyFileV2> {
  const salt = randomBytes(16)
  const kdf = argon2Params(cost, salt)
  const kek = await deriveKek(passphrase, salt, cost)
  const recoverySalt = randomBytes(16).toString('base64')
  const recoveryKek = deriveRecoveryKek(recoveryCode, Buffer.from(recoverySalt, 'base64'))
  try {
    return withChecksum({
      format: FORMAT,
      version: 2,
      cipher: CIPHER,
      kdf,
      wrap: seal(kek, dataKey, passphraseAad(2, kdf)),
      recovery: { kdf: { algorithm: 'hkdf-sha256', salt: recoverySalt }, wrap: seal(recoveryKek, dataKey, recoveryAad(recoverySalt)) },
    })
  } finally {
    kek.fill(0)
    recoveryKek.fill(0)
  }
}

/** The same key file with the passphrase wrap replaced; the recovery wrap is kept as it was. */
export async function rewrapPassphrase(file: KeyFileV2, dataKey: Buffer, passphrase: string, cost: KdfCost): Promise<KeyFileV2> {
  const salt = randomBytes(16)
  const kdf = argon2Params(cost, salt)
  const kek = await deriveKek(passphrase, salt, cost)
  try {
    return withChecksum({ format: FORMAT, version: 2, cipher: CIPHER, kdf, wrap: seal(kek, dataKey, passphraseAad(2, kdf)), recovery: file.recovery })
  } finally {
    kek.fill(0)
  }
}

/** The data key, unwrapped with the passphrase. WRONG_PASSPHRASE when it does not fit. */
export async function unwrapDataKey(file: KeyFile, passphrase: string): Promise<Buffer> {
  const kek = await deriveKek(passphrase, Buffer.from(file.kdf.salt, 'base64'), file.kdf)
  try {
    const key = open(kek, file.wrap, passphraseAad(file.version, file.kdf))
    if (!key) throw new DriftwatchError('WRONG_PASSPHRASE', 'The passphrase is wrong. Nothing has been changed.')
    return key
  } finally {
    kek.fill(0)
  }
}

/** The data key, unwrapped with the recovery code. WRONG_RECOVERY_CODE when it does not fit. */
export function unwrapWithRecoveryCode(file: KeyFile, recoveryCode: string): Buffer {
  if (file.version === 1) {
    throw new DriftwatchError(
      'WRONG_RECOVERY_CODE',
      'This caseload was created before recovery codes, so it has none. Only its passphrase opens it; change the passphrase once to get a recovery code.',
    )
  }
  const kek = deriveRecoveryKek(recoveryCode, Buffer.from(file.recovery.kdf.salt, 'base64'))
  try {
    const key = open(kek, file.recovery.wrap, recoveryAad(file.recovery.kdf.salt))
    if (!key) {
      throw new DriftwatchError('WRONG_RECOVERY_CODE', 'That recovery code does not open this caseload. Check each group of five against the one you stored. Nothing has been changed.')
    }
    return key
  } finally {
    kek.fill(0)
  }
}

function damaged(label: string, reason: string): DriftwatchError {
  return new DriftwatchError(
    'KEY_FILE_DAMAGED',
    `The key file ${label} is damaged (${reason}), so the caseload cannot be opened with it. Your passphrase is not the problem. Restore the caseload from a backup, which carries its own copy of the key.`,
  )
}

/** Strict base64 of exactly `bytes` bytes (Buffer.from alone would accept and drop junk). */
function hasBytes(value: string, bytes: number): boolean {
  const decoded = Buffer.from(value, 'base64')
  return decoded.length === bytes && decoded.toString('base64') === value
}

/**
 * Reads a key file's text (from disk or from a backup). KEY_FILE_DAMAGED when it is not a sound
 * Driftwatch key file (bad JSON, a checksum that does not match, a field of the wrong size — a GCM
 * tag must be exactly 16 bytes); DATABASE_FROM_FUTURE when a newer Driftwatch wrote it.
 */
export function parseKeyFile(text: string, label: string): KeyFile {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw damaged(label, 'it is not valid JSON')
  }
  const versioned = z.object({ format: z.literal(FORMAT), version: z.number() }).safeParse(raw)
  if (versioned.success && versioned.data.version > KEY_FILE_VERSION) {
    throw new DriftwatchError(
      'DATABASE_FROM_FUTURE',
      `The key file ${label} was written by a newer version of Driftwatch (key file version ${versioned.data.version}). Update Driftwatch to open it.`,
    )
  }
  const parsed = (versioned.success && versioned.data.version === 1 ? keyFileV1Schema : keyFileV2Schema).safeParse(raw)
  if (!parsed.success) throw damaged(label, 'it is not a complete Driftwatch key file')
  const file = parsed.data
  if (file.version === 2 && checksumOf(file) !== file.checksum) throw damaged(label, 'its checksum does not match its contents')
  const wraps: Wrap[] = file.version === 2 ? [file.wrap, file.recovery.wrap] : [file.wrap]
  for (const wrap of wraps) {
    if (!hasBytes(wrap.tag, GCM_TAG_BYTES)) throw damaged(label, `an authentication tag is not ${GCM_TAG_BYTES} bytes`)
    if (!hasBytes(wrap.iv, GCM_IV_BYTES)) throw damaged(label, `a nonce is not ${GCM_IV_BYTES} bytes`)
    if (!hasBytes(wrap.ciphertext, DATA_KEY_BYTES)) throw damaged(label, 'a wrapped key is not 32 bytes')
  }
  if (Buffer.from(file.kdf.salt, 'base64').length < 16) throw damaged(label, 'its salt is too short')
  return file
}

export function readKeyFile(dbPath: string): KeyFile {
  const path = keyFilePath(dbPath)
  if (!existsSync(path)) {
    throw new DriftwatchError(
      'UNREADABLE_DATABASE',
      `The key file ${path} is missing. It must stay beside the database; without it the caseload cannot be opened.`,
    )
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new DriftwatchError('UNREADABLE_DATABASE', `The key file ${path} cannot be read: ${(e as Error).message}`)
  }
  return parseKeyFile(text, path)
}

/** The key file as written to disk (and carried by backups). */
export function serializeKeyFile(file: KeyFile): string {
  return `${JSON.stringify(file, null, 2)}\n`
}

/** Writes the key file atomically, so a crash leaves the old or the new file, never half of one. */
export function writeKeyFile(dbPath: string, file: KeyFile): void {
  writeFileAtomic(keyFilePath(dbPath), serializeKeyFile(file), { ownKeyFileOf: dbPath })
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes temporary key files left by a crash during a passphrase change (writeFileAtomic's
 * `.<name>.<pid>.<random>.tmp`). They hold a wrapped key, so they must not linger; one whose
 * process is still running is a change in progress and is left alone.
 */
export function removeStaleKeyTemps(dbPath: string): number {
  const key = keyFilePath(dbPath)
  const folder = dirname(key)
  const prefix = `.${basename(key)}.`
  let removed = 0
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return 0
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length))
    if (!m || processIsAlive(Number(m[1]))) continue
    rmSync(join(folder, name), { force: true })
    removed += 1
  }
  return removed
}
