/**
 * Benchmark of backups (issue 12): a backup and a restore of a demo caseload of 500 and 50,000
 * children, encrypted, with the real Argon2id costs. The backup is `createBackup` on an open
 * caseload (snapshot, integrity check, packaging, reading the file back); the restore is
 * `restoreBackup` into a new place (checksums, unwrapping the key, writing the database, opening it,
 * integrity and foreign key checks, the swap). Opening the caseload (Argon2id) is not counted in
 * the backup; unwrapping the backup's key is counted in the restore.
 *
 *   npx tsx test/bench/backup-bench.ts [sizes…]      e.g. 500 50000     (or npm run bench -- backup)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBackup } from '../../electron/core/backup/create-backup'
import { restoreBackup } from '../../electron/core/backup/restore-backup'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { readKeyFile, unwrapDataKey } from '../../electron/core/db/key-file'
import { loadDemoCaseload } from '../../electron/core/demo/load'

const PASSPHRASE = 'benchmark passphrase'

export interface BackupBenchResult {
  children: number
  generateSeconds: number
  databaseMB: number
  backupSeconds: number
  backupMB: number
  restoreSeconds: number
  peakRssMB: number
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10
const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100

export async function benchBackup(sizes: number[]): Promise<BackupBenchResult[]> {
  const results: BackupBenchResult[] = []
  for (const children of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-backup-bench-'))
    try {
      const path = join(dir, 'caseload.db')
      let t0 = performance.now()
      const created = await createCaseload({ path, passphrase: PASSPHRASE })
      loadDemoCaseload(created, { children, seed: 1, asOf: '2026-11-26' })
      created.close()
      const generateSeconds = seconds(t0)

      const db = await openCaseload({ path, passphrase: PASSPHRASE })
      const out = join(dir, 'caseload.dwbackup')
      t0 = performance.now()
      const backup = createBackup(db, out)
      const backupSeconds = seconds(t0)
      db.close()

      t0 = performance.now()
      await restoreBackup({ from: out, dbPath: join(dir, 'restored', 'caseload.db'), replace: false, unlockKey: (p) => unwrapDataKey(readKeyFile(p), PASSPHRASE) })
      const restoreSeconds = seconds(t0)
      results.push({
        children,
        generateSeconds,
        databaseMB: mb(statSync(path).size),
        backupSeconds,
        backupMB: mb(backup.bytes),
        restoreSeconds,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      })
      console.error(JSON.stringify(results.at(-1)))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return results
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number)
  benchBackup(sizes.length ? sizes : [500, 50_000]).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
