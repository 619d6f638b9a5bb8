/**
 * The other half of the first scan of a date (drift/scan-in-two.ts), in its own thread. The thread
 * is started with the core (its code loaded and ready before anyone unlocks); at unlock it is given
 * the caseload's path and a copy of the data key and opens its own read-only connection, closed
 * again at lock. Requests come on a message port; each answer is posted back and then signalled
 * through shared memory, because the core's thread waits for it synchronously (its handlers are
 * synchronous) with `Atomics.wait`.
 *
 * The key arrives as a transferred buffer and is zeroed here once the connection has it. Only
 * findings' fields (rule, ids, severity, status, due date) and cases leave this thread, never a
 * sentence or a name.
 */
import { workerData, type MessagePort } from 'node:worker_threads'
import { openForReading } from '../db/caseload-db'
import { scanPart, type PartRequest, type PartScan } from '../drift/scan-in-two'

export interface ScanWorkerData {
  nativeBinding?: string
  entry?: string
  port: MessagePort
  /** Int32Array over it: [0] the id of the last answer posted; [1] 1 connection open, -1 could not open, 0 none. */
  signal: SharedArrayBuffer
}

export type ScanWorkerRequest =
  | { kind: 'open'; path: string; key: Uint8Array }
  | { kind: 'scan'; id: number; request: PartRequest }
  | { kind: 'close' }
export interface ScanWorkerAnswer {
  id: number
  part: PartScan | null
}

const data = workerData as ScanWorkerData
const signal = new Int32Array(data.signal)
let sqlite: ReturnType<typeof openForReading> | null = null

function open(path: string, bytes: Uint8Array): void {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  sqlite?.close()
  sqlite = null
  try {
    sqlite = openForReading(path, key, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
    Atomics.store(signal, 1, 1)
  } catch {
    // The core scans alone. The reason is not sent: it may quote a path.
    Atomics.store(signal, 1, -1)
  } finally {
    key.fill(0)
  }
  Atomics.notify(signal, 1)
}

data.port.on('message', (m: ScanWorkerRequest) => {
  if (m.kind === 'open') return open(m.path, m.key)
  if (m.kind === 'close') {
    sqlite?.close()
    sqlite = null
    return
  }
  let part: PartScan | null = null
  try {
    part = sqlite ? scanPart(sqlite, m.request) : null
  } catch {
    // Anything unexpected: the core's thread does this part itself.
    part = null
  }
  data.port.postMessage({ id: m.id, part } satisfies ScanWorkerAnswer)
  Atomics.store(signal, 0, m.id)
  Atomics.notify(signal, 0)
})
