/**
 * Runs the checks and packaging of a backup in its own thread (backup-worker.ts) once the core has
 * taken the snapshot, and hands back its steps and result. `cancel` ends the thread
 * (Worker.terminate): JavaScript stops at once, but a SQLite call under way (the integrity check of
 * a large caseload) finishes first, so the returned promise says when the thread has really ended
 * and its files can go.
 */
import { Worker } from 'node:worker_threads'
import { DriftwatchError } from '../../../shared/errors'
import type { BackupStep, TakenSnapshot } from '../backup/create-backup'
import type { RecordCounts } from '../queries/backup-checks'
import type { BackupWorkerData, BackupWorkerMessage } from './backup-worker-protocol'
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
  const { script, entry } = workerScript('backup-worker')
  const pause = testPauseMs()
  const data: BackupWorkerData = { taken, key, ...(nativeBinding ? { nativeBinding } : {}), ...(entry ? { entry } : {}), ...(pause ? { testPauseMs: pause } : {}) }
  // Transferred, not copied: after this line the key's buffer here is empty.
  const worker = new Worker(script, { workerData: data, transferList: [key.buffer as ArrayBuffer] })
  let cancelled = false
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  const result = new Promise<{ bytes: number; counts: RecordCounts }>((resolve, reject) => {
    let settled = false
    const settle = (f: () => void) => {
      if (settled) return
      settled = true
      f()
    }
    worker.on('message', (m: BackupWorkerMessage) => {
      if (cancelled) return
      if (m.kind === 'step') onStep(m.step)
      else if (m.kind === 'done') settle(() => resolve({ bytes: m.bytes, counts: m.counts }))
      // Not one of the core's own errors (the disk full, the folder gone): the core says it in words.
      else settle(() => reject(m.code && m.message ? new DriftwatchError(m.code, m.message, m.problems) : new Error('io')))
    })
    // The reason is not passed on: it may quote a path.
    const stopped = () => new DriftwatchError('INTERNAL', 'The backup stopped before it was finished (its thread ended). Nothing has been written; try again.')
    worker.on('error', () => settle(() => reject(stopped())))
    worker.on('exit', () => settle(() => reject(stopped())))
  })
  // Never keep a closing host (or a test) alive for a backup nobody waits for.
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
