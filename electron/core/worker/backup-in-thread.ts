/**
 * Runs the checks and packaging of a backup in its own thread (backup-worker.ts) once the core has
 * taken the snapshot, or step 1 of a restore (the backup checked and written beside the caseload),
 * and hands back its steps and result. `cancel` ends the thread
 * (Worker.terminate): JavaScript stops at once, but a SQLite call under way (the integrity check of
 * a large caseload) finishes first, so the returned promise says when the thread has really ended
 * and its files can go.
 */
import { Worker } from 'node:worker_threads'
import { DriftwatchError } from '../../../shared/errors'
import type { BackupStep, TakenSnapshot } from '../backup/create-backup'
import type { RecordCounts } from '../queries/backup-checks'
import type { PreparedRestore } from '../backup/restore-backup'
import type { BackupWorkerData, BackupWorkerMessage, RestoreWorkerData } from './backup-worker-protocol'
import { workerScript } from './worker-script'

export interface ThreadedBackup {
  /** The backup's size and counts; rejects with the backup's own error, or a generic one. */
  result: Promise<{ bytes: number; counts: RecordCounts }>
  /** Ends the thread; resolves once it has ended. */
  cancel(): Promise<void>
}

/** Tests only: a pause at each new step, read from the environment (never from a request). */
function testPauseMs(): number | undefined {
  const ms = Number(process.env.DRIFTWATCH_TEST_BACKUP_PAUSE_MS)
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 10_000) : undefined
}

export function backupInThread(taken: TakenSnapshot, key: Uint8Array, nativeBinding: string | undefined, onStep: (step: BackupStep) => void): ThreadedBackup {
  const pause = testPauseMs()
  const data: BackupWorkerData = { taken, key, ...(nativeBinding ? { nativeBinding } : {}), ...(pause ? { testPauseMs: pause } : {}) }
  // Transferred, not copied: after this line the key's buffer here is empty.
  return inThread(data, [key.buffer as ArrayBuffer], onStep, (m) => (m.kind === 'done' ? { bytes: m.bytes, counts: m.counts } : undefined), 'The backup stopped before it was finished (its thread ended). Nothing has been written; try again.')
}

export interface ThreadedRestore {
  /** The backup checked and written beside the caseload; rejects with the restore's own error, or a generic one. */
  result: Promise<PreparedRestore>
  cancel(): Promise<void>
}

/** Step 1 of a restore (restore-backup.ts prepareRestore) in a backup's thread. */
export function restoreInThread(
  o: { from: string; incoming: string; passphrase: string; actor: string; file: string; nativeBinding?: string | undefined },
  onStep: (step: BackupStep) => void,
): ThreadedRestore {
  const pause = testPauseMs()
  const passphrase = new Uint8Array(Buffer.from(o.passphrase, 'utf8'))
  const data: RestoreWorkerData = {
    task: 'restore',
    from: o.from,
    incoming: o.incoming,
    passphrase,
    actor: o.actor,
    file: o.file,
    ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}),
    ...(pause ? { testPauseMs: pause } : {}),
  }
  return inThread(
    data,
    [passphrase.buffer as ArrayBuffer],
    onStep,
    (m) => (m.kind === 'restored' ? { incoming: m.incoming, createdAt: m.createdAt, counts: m.counts } : undefined),
    'The restore stopped before it was finished (its thread ended). Nothing has been changed; try again.',
  )
}

function inThread<T>(
  data: BackupWorkerData | RestoreWorkerData,
  transfer: ArrayBuffer[],
  onStep: (step: BackupStep) => void,
  doneWith: (m: BackupWorkerMessage) => T | undefined,
  stoppedSentence: string,
): { result: Promise<T>; cancel(): Promise<void> } {
  const { script, entry } = workerScript('backup-worker')
  const worker = new Worker(script, { workerData: { ...data, ...(entry ? { entry } : {}) }, transferList: transfer })
  let cancelled = false
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  const result = new Promise<T>((resolve, reject) => {
    let settled = false
    const settle = (f: () => void) => {
      if (settled) return
      settled = true
      f()
    }
    worker.on('message', (m: BackupWorkerMessage) => {
      if (cancelled) return
      if (m.kind === 'step') return onStep(m.step)
      if (m.kind === 'failed') {
        // Not one of the core's own errors (the disk full, the folder gone): the core says it in words.
        return settle(() => reject(m.code && m.message ? new DriftwatchError(m.code, m.message, m.problems) : new Error('io')))
      }
      const done = doneWith(m)
      if (done !== undefined) settle(() => resolve(done))
    })
    // The reason is not passed on: it may quote a path.
    const stopped = () => new DriftwatchError('INTERNAL', stoppedSentence)
    worker.on('error', () => settle(() => reject(stopped())))
    worker.on('exit', () => settle(() => reject(stopped())))
  })
  // Never keep a closing host (or a test) alive for a job nobody waits for.
  worker.unref()
  return {
    result,
    cancel() {
      cancelled = true
      void worker.terminate().catch(() => undefined)
      return ended
    },
  }
}
