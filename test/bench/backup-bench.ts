/**
 * Benchmark of backups (issue 12): a backup and a restore of a demo caseload of 500 and 50,000
 * children, encrypted, with the real Argon2id costs. The backup is `createBackup` on an open
 * caseload (snapshot, integrity check, packaging, reading the file back); the restore is
 * `restoreBackup` into a new place (checksums, unwrapping the key, writing the database, opening it,
 * integrity and foreign key checks, the swap). Opening the caseload (Argon2id) is not counted in
 * the backup; unwrapping the backup's key is counted in the restore.
 *
 * Issue 13: the app's Back up now and daily backup hold the core's thread only for the snapshot
 * (takeSnapshot: the counts before and the copy of the encrypted file), then check and package in
 * their own thread (backup-in-thread.ts). `coreHeldSeconds` is that first part, `threadedSeconds`
 * the whole threaded backup (snapshot to the thread's end), and `longestCoreGapMs` the longest this
 * thread's event loop went without running a 10 ms timer while the backup's thread worked — what a
 * request of the page would have waited at most.
 *
 *   npx tsx test/bench/backup-bench.ts [sizes…]      e.g. 500 50000     (or npm run bench -- backup)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBackup, removeSnapshot, takeSnapshot } from '../../electron/core/backup/create-backup'
import { backupInThread } from '../../electron/core/worker/backup-in-thread'
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
  /** Issue 13: the core's thread held by a threaded backup (the snapshot), and the whole of one. */
  coreHeldSeconds: number
  threadedSeconds: number
  longestCoreGapMs: number
  /** Seconds of each step of the threaded backup (how long a cancel may wait: to the end of a step). */
  threadedSteps: Record<string, number>
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

      let key: Uint8Array | null = null
      const db = await openCaseload({ path, passphrase: PASSPHRASE, onKey: (k) => (key = k) })
      const out = join(dir, 'caseload.dwbackup')
      t0 = performance.now()
      const backup = createBackup(db, out)
      const backupSeconds = seconds(t0)

      // The same backup as the app makes it: the snapshot here, the rest in its own thread.
      t0 = performance.now()
      const taken = takeSnapshot(db, join(dir, 'threaded.dwbackup'), { compareCounts: true })
      const coreHeldSeconds = seconds(t0)
      let last = performance.now()
      let longestCoreGapMs = 0
      const ticker = setInterval(() => {
        const now = performance.now()
        longestCoreGapMs = Math.max(longestCoreGapMs, now - last)
        last = now
      }, 10)
      const stepStarts: [string, number][] = [['Copying the caseload, starting the thread', t0]]
      try {
        await backupInThread(taken, key!, undefined, (step) => {
          if (stepStarts.at(-1)![0] !== step.label) stepStarts.push([step.label, performance.now()])
        }).result
      } finally {
        clearInterval(ticker)
        removeSnapshot(taken.snapshot)
      }
      const threadedSeconds = seconds(t0)
      const end = performance.now()
      const threadedSteps = Object.fromEntries(stepStarts.map(([label, at], i) => [label, Math.round(((stepStarts[i + 1]?.[1] ?? end) - at) / 10) / 100]))
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
        coreHeldSeconds,
        threadedSeconds,
        longestCoreGapMs: Math.round(longestCoreGapMs),
        threadedSteps,
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
