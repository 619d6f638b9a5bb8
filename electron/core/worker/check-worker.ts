/**
 * The background integrity check after unlock, in its own thread with its own read-only connection
 * (issue 13): at 50,000 children checking one table takes seconds, which on the core's thread would
 * hold up every request behind it. This thread reads a snapshot (WAL), so the core goes on reading
 * and writing meanwhile; it runs the whole check (`checkCaseload`, the whole-file step included),
 * posts the report (table names and page numbers, never case data) and ends.
 *
 * The data key arrives as a transferred buffer (no copy stays with the sender) and is zeroed here
 * once the connection has it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { checkCaseload, type CheckReport } from '../db/check'
import { openForReading } from '../db/caseload-db'

export interface CheckWorkerData {
  path: string
  key: Uint8Array
  nativeBinding?: string
  entry?: string
}

export type CheckWorkerMessage = { kind: 'report'; report: CheckReport } | { kind: 'failed' }

const data = workerData as CheckWorkerData
const key = Buffer.from(data.key.buffer, data.key.byteOffset, data.key.byteLength)
let message: CheckWorkerMessage
try {
  const sqlite = openForReading(data.path, key, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
  try {
    message = { kind: 'report', report: checkCaseload({ path: data.path, sqlite }) }
  } finally {
    sqlite.close()
  }
} catch {
  // Could not even open a second connection (the caseload was locked and moved meanwhile?): the
  // check stays pending; the next unlock tries again. The reason is not sent: it may quote a path.
  message = { kind: 'failed' }
} finally {
  key.fill(0)
}
parentPort?.postMessage(message)
