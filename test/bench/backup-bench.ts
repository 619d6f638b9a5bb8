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
 * The app's restore (Settings → Backups → Restore…, app/backup-jobs.ts `restore`), through a real
 * core as the app makes it (its own threads for the check, the read-ahead and backups): `appRestoreSeconds` from the request to the caseload
 * unlocked again, its steps' seconds (the backup is checked and written in a thread, the caseload
 * as it is now backed up in a thread), `appRestoreLongestCoreGapMs` the longest the core's thread
 * went without answering meanwhile, and how long a Cancel takes to answer in two steps: while the
 * backup is written beside the caseload, and during SQLite's integrity check of the copy (one call
 * that a thread cannot be stopped in: the cancel waits for its end).
 *
 *   npx tsx test/bench/backup-bench.ts [sizes…]      e.g. 500 50000     (or npm run bench -- backup)
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { createCore } from '../../electron/core/app/core'
import { backupName } from '../../electron/core/backup/rotation'
import { RESTORE_STEPS, type BackupStatus } from '../../shared/backup-types'
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
  /** The app's restore, as a job (see the header). */
  appRestoreSeconds: number
  appRestoreSteps: Record<string, number>
  appRestoreLongestCoreGapMs: number
  cancelWhileWritingMs: number | null
  cancelWhileCheckingMs: number | null
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
      const taken = takeSnapshot(db, join(dir, 'threaded.dwbackup'))
      const coreHeldSeconds = seconds(t0)
      const gaps = gapMeter()
      let longestCoreGapMs = 0
      const stepStarts: [string, number][] = [['Copying the caseload, starting the thread', t0]]
      try {
        await backupInThread(taken, key!, undefined, (step) => {
          if (stepStarts.at(-1)![0] !== step.label) stepStarts.push([step.label, performance.now()])
        }).result
      } finally {
        longestCoreGapMs = gaps.stop()
        removeSnapshot(taken.snapshot)
      }
      const threadedSeconds = seconds(t0)
      const end = performance.now()
      const threadedSteps = Object.fromEntries(stepStarts.map(([label, at], i) => [label, Math.round(((stepStarts[i + 1]?.[1] ?? end) - at) / 10) / 100]))
      db.close()

      t0 = performance.now()
      await restoreBackup({ from: out, dbPath: join(dir, 'restored', 'caseload.db'), replace: false, unlockKey: (p) => unwrapDataKey(readKeyFile(p), PASSPHRASE) })
      const restoreSeconds = seconds(t0)
      const app = await appRestore(path, out)
      results.push({
        children,
        generateSeconds,
        databaseMB: mb(statSync(path).size),
        backupSeconds,
        backupMB: mb(backup.bytes),
        restoreSeconds,
        coreHeldSeconds,
        threadedSeconds,
        longestCoreGapMs,
        threadedSteps,
        ...app,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      })
      console.error(JSON.stringify(results.at(-1)))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return results
}

/** The longest this thread's event loop goes without running a 10 ms timer, until `stop`. */
function gapMeter(): { stop(): number } {
  let last = performance.now()
  let longest = 0
  const ticker = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }, 10)
  return {
    stop() {
      clearInterval(ticker)
      return Math.round(longest)
    },
  }
}

/** The app's restore of `backupFile` over the caseload at `path`, then two cancelled ones (see the header). */
async function appRestore(path: string, backupFile: string) {
  const core = createCore({ dbPath: path, checkInThread: true, readAhead: true, backupInThread: true, quiet: { dailyBackupMs: 3_600_000, checkMs: 3_600_000 } })
  const ask = async (channel: 'backup:status' | 'backup:cancel') => {
    const r = await core.dispatch(channel, {})
    if (!r.ok) throw new Error(r.message)
    return r.data as BackupStatus
  }
  try {
    const unlocked = await core.dispatch('session:unlock', { passphrase: PASSPHRASE })
    if (!unlocked.ok) throw new Error(unlocked.message)
    // Listed in the backup folder under an automatic backup's name, as the page offers it.
    const folder = join(dirname(path), 'Backups')
    mkdirSync(folder, { recursive: true })
    const file = backupName(basename(path), new Date('2026-01-01T12:00:00Z'))
    copyFileSync(backupFile, join(folder, file))
    const restore = () => core.dispatch('backup:restore', { file, passphrase: PASSPHRASE })

    const gaps = gapMeter()
    const t0 = performance.now()
    const steps: [string, number][] = []
    let done = false
    const restored = restore().finally(() => (done = true))
    while (!done) {
      // Closed for the swap: the status is asked for again after.
      const job = core.session.isUnlocked() ? (await ask('backup:status')).job : null
      if (job?.step && steps.at(-1)?.[0] !== job.step.label) steps.push([job.step.label, performance.now()])
      await new Promise((r) => setTimeout(r, 50))
    }
    const r = await restored
    if (!r.ok) throw new Error(r.message)
    const end = performance.now()
    const appRestoreLongestCoreGapMs = gaps.stop()
    const appRestoreSteps = Object.fromEntries(steps.map(([label, at], i) => [label, Math.round(((steps[i + 1]?.[1] ?? end) - at) / 10) / 100]))

    // Null where the step is over before a request can see it (a small caseload).
    const cancelAt = async (label: string): Promise<number | null> => {
      const before = (await ask('backup:status')).job?.id ?? 0
      const cancelled = restore()
      for (;;) {
        const job = (await ask('backup:status')).job
        const mine = job && job.id > before && job.reason === 'restore' ? job : null
        if (mine?.step?.label === label) break
        const past = mine && (mine.state !== 'running' || Object.values(RESTORE_STEPS).indexOf(mine.step?.label as never) > Object.values(RESTORE_STEPS).indexOf(label as never))
        if (past) {
          await ask('backup:cancel')
          await cancelled
          return null
        }
        await new Promise((r) => setTimeout(r, 5))
      }
      const t = performance.now()
      await ask('backup:cancel')
      const ms = Math.round(performance.now() - t)
      await cancelled
      return ms
    }
    const cancelWhileWritingMs = await cancelAt(RESTORE_STEPS.writing)
    const cancelWhileCheckingMs = await cancelAt(RESTORE_STEPS.checking)
    return { appRestoreSeconds: Math.round((end - t0) / 10) / 100, appRestoreSteps, appRestoreLongestCoreGapMs, cancelWhileWritingMs, cancelWhileCheckingMs }
  } finally {
    core.session.closeNow('suspend')
  }
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
