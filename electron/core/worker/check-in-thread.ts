/**
 * Starts the background integrity check in its own thread (check-worker.ts) and hands its report
 * back; null when it could not run (the check then stays pending until the next unlock).
 */
import { Worker } from 'node:worker_threads'
import type { CheckReport } from '../db/check'
import type { CheckWorkerData, CheckWorkerMessage } from './check-worker'
import { workerScript } from './worker-script'

export function checkInThread(path: string, key: Uint8Array, nativeBinding: string | undefined, done: (report: CheckReport | null) => void): Worker {
  const { script, entry } = workerScript('check-worker')
  const data: CheckWorkerData = { path, key, ...(nativeBinding ? { nativeBinding } : {}), ...(entry ? { entry } : {}) }
  // Transferred, not copied: after this line the key's buffer here is empty.
  const worker = new Worker(script, { workerData: data, transferList: [key.buffer as ArrayBuffer] })
  let answered = false
  const answer = (report: CheckReport | null) => {
    if (answered) return
    answered = true
    done(report)
  }
  worker.on('message', (m: CheckWorkerMessage) => answer(m.kind === 'report' ? m.report : null))
  worker.on('error', () => answer(null))
  worker.on('exit', () => answer(null))
  // The check must never keep a closing host (or a test) alive.
  worker.unref()
  return worker
}
