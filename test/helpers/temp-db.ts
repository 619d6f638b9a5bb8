import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCaseload, type CaseloadDb } from '../../electron/core/db/caseload-db'
import type { KdfCost } from '../../electron/core/db/key-file'

/** Argon2id costs for tests only: the real defaults are exercised by the key-file tests. */
export const TEST_KDF: KdfCost = { memoryKiB: 1024, iterations: 1, parallelism: 1 }
export const TEST_PASSPHRASE = 'correct horse battery staple'

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'driftwatch-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A real encrypted caseload in a temporary folder. */
export async function tempCaseload(): Promise<{ db: CaseloadDb; path: string; dir: string; cleanup: () => void }> {
  const { dir, cleanup } = tempDir()
  const path = join(dir, 'caseload.db')
  const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
  return {
    db,
    path,
    dir,
    cleanup: () => {
      db.close()
      cleanup()
    },
  }
}
