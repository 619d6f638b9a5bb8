/**
 * The key file beside the database (`<db>.key`). It holds the database's random 256-bit data key,
 * wrapped with AES-256-GCM under a key derived from the passphrase with Argon2id.
 *
 * Why a wrapped data key rather than the passphrase as the SQLCipher key: changing the passphrase
 * rewrites this small file only, never the database, so it is instant and cannot corrupt case data;
 * and the database key has full 256-bit entropy whatever passphrase the user picks.
 *
 * Argon2id costs (RFC 9106 §4, second recommended option): 64 MiB of memory, 3 passes, 4 lanes.
 * Memory-hard enough that a GPU attacker who steals the files pays dearly per guess, while unlock
 * stays well under a second on a council laptop. The costs are stored in the file, so stronger
 * defaults later still open older files, and the header is bound into the GCM tag so they cannot
 * be lowered by editing the file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { argon2id } from 'hash-wasm'
import { z } from 'zod'
import { DriftwatchError } from '../../../shared/errors'
import { writeFileAtomic } from '../files/write-file-atomic'

export interface KdfCost {
  memoryKiB: number
  iterations: number
  parallelism: number
}

export const DEFAULT_KDF_COST: KdfCost = { memoryKiB: 65_536, iterations: 3, parallelism: 4 }
/** The floor a key file may claim; below it the file is refused as tampered or broken. */
const MIN_KDF_COST: KdfCost = { memoryKiB: 1024, iterations: 1, parallelism: 1 }

const b64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/)
const keyFileSchema = z.strictObject({
  format: z.literal('driftwatch.key'),
  version: z.literal(1),
  cipher: z.literal('sqlcipher-4'),
  kdf: z.strictObject({
    algorithm: z.literal('argon2id'),
    memoryKiB: z.number().int().min(MIN_KDF_COST.memoryKiB).max(4_194_304),
    iterations: z.number().int().min(MIN_KDF_COST.iterations).max(64),
    parallelism: z.number().int().min(MIN_KDF_COST.parallelism).max(16),
    salt: b64,
  }),
  wrap: z.strictObject({
    algorithm: z.literal('aes-256-gcm'),
    iv: b64,
    tag: b64,
    ciphertext: b64,
  }),
})
type KeyFile = z.infer<typeof keyFileSchema>

export function keyFilePath(dbPath: string): string {
  return `${dbPath}.key`
}

async function deriveKek(passphrase: string, salt: Buffer, cost: KdfCost): Promise<Buffer> {
  const out = await argon2id({
    password: passphrase.normalize('NFC'),
    salt,
    memorySize: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: cost.parallelism,
    hashLength: 32,
    outputType: 'binary',
  })
  return Buffer.from(out)
}

/** What the GCM tag authenticates besides the key: everything in the file but the wrap itself. */
function associatedData(file: Pick<KeyFile, 'format' | 'version' | 'cipher' | 'kdf'>): Buffer {
  return Buffer.from(JSON.stringify([file.format, file.version, file.cipher, file.kdf]), 'utf8')
}

export async function wrapDataKey(dataKey: Buffer, passphrase: string, cost: KdfCost = DEFAULT_KDF_COST): Promise<KeyFile> {
  const salt = randomBytes(16)
  const kek = await deriveKek(passphrase, salt, cost)
  const header = {
    format: 'driftwatch.key' as const,
    version: 1 as const,
    cipher: 'sqlcipher-4' as const,
    kdf: { algorithm: 'argon2id' as const, ...cost, salt: salt.toString('base64') },
  }
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', kek, iv)
  cipher.setAAD(associatedData(header))
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()])
  kek.fill(0)
  return {
    ...header,
    wrap: {
      algorithm: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    },
  }
}

export async function unwrapDataKey(file: KeyFile, passphrase: string): Promise<Buffer> {
  const kek = await deriveKek(passphrase, Buffer.from(file.kdf.salt, 'base64'), file.kdf)
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(file.wrap.iv, 'base64'))
    decipher.setAAD(associatedData(file))
    decipher.setAuthTag(Buffer.from(file.wrap.tag, 'base64'))
    const key = Buffer.concat([decipher.update(Buffer.from(file.wrap.ciphertext, 'base64')), decipher.final()])
    if (key.length !== 32) throw new Error('bad key length')
    return key
  } catch {
    throw new DriftwatchError('WRONG_PASSPHRASE', 'The passphrase is wrong. Nothing has been changed.')
  } finally {
    kek.fill(0)
  }
}

export function readKeyFile(dbPath: string): KeyFile {
  const path = keyFilePath(dbPath)
  if (!existsSync(path)) {
    throw new DriftwatchError(
      'UNREADABLE_DATABASE',
      `The key file ${path} is missing. It must stay beside the database; without it the caseload cannot be opened.`,
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new DriftwatchError('UNREADABLE_DATABASE', `The key file ${path} is damaged (not valid JSON).`)
  }
  const versioned = z.object({ format: z.literal('driftwatch.key'), version: z.number() }).safeParse(raw)
  if (versioned.success && versioned.data.version > 1) {
    throw new DriftwatchError(
      'DATABASE_FROM_FUTURE',
      `The key file ${path} was written by a newer version of Driftwatch (key file version ${versioned.data.version}). Update Driftwatch to open it.`,
    )
  }
  const parsed = keyFileSchema.safeParse(raw)
  if (!parsed.success) {
    throw new DriftwatchError('UNREADABLE_DATABASE', `The key file ${path} is damaged or not a Driftwatch key file.`)
  }
  return parsed.data
}

/** Writes the key file atomically, so a crash leaves the old or the new file, never half of one. */
export function writeKeyFile(dbPath: string, file: KeyFile): void {
  writeFileAtomic(keyFilePath(dbPath), `${JSON.stringify(file, null, 2)}\n`, { ownKeyFileOf: dbPath })
}
