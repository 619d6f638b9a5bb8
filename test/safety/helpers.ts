/** Shared by the issue-12 safety tests: caseloads on disk, the CLI in-process and as a process. */
import { spawn } from 'node:child_process'
import { createCipheriv, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { argon2id } from 'hash-wasm'
import { runCli } from '../../electron/cli/main'
import { createCaseload } from '../../electron/core/db/caseload-db'
import { importCaseload } from '../../electron/core/caseload/import'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import type { KdfCost, KeyFileV1 } from '../../electron/core/db/key-file'
import { emptyCaseload } from '../../shared/caseload-format'
import { captureStream } from '../helpers/capture'
import { TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'

export const ROOT = join(__dirname, '..', '..')
export const SENTINEL = 'Zebediah Quillfeather-Sentinel'

/** A caseload with a few demo children and one child with a name to search for. Returns its recovery code. */
export async function makeCaseload(path: string, options: { children?: number; kdf?: KdfCost } = {}): Promise<string> {
  let code = ''
  const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: options.kdf ?? TEST_KDF, onRecoveryCode: (c) => (code = c) })
  const doc = options.children ? demoCaseloadDocument({ children: options.children, seed: 7, asOf: '2026-11-26' }) : emptyCaseload()
  doc.children.push({ id: 'CSENT', name: SENTINEL, complex: false, team: 'Sentinel team' })
  doc.plans.push({ id: 'PLSENT', childId: 'CSENT', startDate: '2026-01-05', initialCategory: 'neglect', previousPlans: 0 })
  importCaseload(db, doc)
  db.close()
  return code
}

/** Runs a CLI verb in this process with the given environment variables set for the call. */
export async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const saved: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries({ DRIFTWATCH_PASSPHRASE: TEST_PASSPHRASE, ...env })) {
    saved[k] = process.env[k]
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  const stdout = captureStream()
  const stderr = captureStream()
  try {
    const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream })
    return { code, stdout: stdout.text(), stderr: stderr.text() }
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

/** The CLI as its own process (node with tsx's loader, so a SIGKILL reaches the process doing the work). */
export function spawnCli(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

export function runCliProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now()
  const child = spawnCli(args, env)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += String(d)))
  child.stderr.on('data', (d) => (stderr += String(d)))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })))
}

/**
 * A key file exactly as Driftwatch wrote it before recovery codes (version 1): the JSON of
 * [format, version, cipher, kdf] as the GCM additional data. Written here from the old code, so
 * the test proves those files still open.
 */
export async function legacyV1KeyFile(dataKey: Buffer, passphrase: string, cost: KdfCost = TEST_KDF): Promise<KeyFileV1> {
  const salt = randomBytes(16)
  const kek = Buffer.from(
    await argon2id({ password: passphrase.normalize('NFC'), salt, memorySize: cost.memoryKiB, iterations: cost.iterations, parallelism: cost.parallelism, hashLength: 32, outputType: 'binary' }),
  )
  const header = {
    format: 'driftwatch.key' as const,
    version: 1 as const,
    cipher: 'sqlcipher-4' as const,
    kdf: { algorithm: 'argon2id' as const, ...cost, salt: salt.toString('base64') },
  }
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', kek, iv)
  cipher.setAAD(Buffer.from(JSON.stringify([header.format, header.version, header.cipher, header.kdf]), 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()])
  return { ...header, wrap: { algorithm: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') } }
}
