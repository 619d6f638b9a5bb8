/**
 * The core's side of the scan thread (scan-worker.ts): started with the session, given the caseload
 * (path and a copy of the data key) at unlock and told to close it at lock. `start` posts a part of a
 * scan; `wait` blocks the core's thread until the answer is signalled, at most WAIT_MS (then, or
 * when the thread has no connection, the core scans that part itself: drift/scan-in-two.ts).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import type { OtherThread, PartRequest, PartScan } from '../drift/scan-in-two'
import { CORE_HEAP } from './core-heap'
import type { ScanWorkerAnswer, ScanWorkerData, ScanWorkerRequest } from './scan-worker'
import { workerScript } from './worker-script'

/** Far longer than a part of a scan takes at 50,000 children (about half a second). */
const WAIT_MS = 60_000
/** How long a scan waits for a connection still opening (normally open long before the first screen asks). */
const READY_WAIT_MS = 1500

export interface ScanThread extends OtherThread {
  /** Opens the caseload there; the key's buffer is transferred (empty here afterwards). */
  open(path: string, key: Uint8Array): void
  /** Closes the caseload there (the thread stays, for the next unlock). */
  close(): void
  /** Waits (blocking) up to `ms` for the connection to open; whether it did. */
  ready(ms: number): boolean
  /** Ends the thread. */
  stop(): void
}

export function startScanThread(nativeBinding: string | undefined): ScanThread {
  const { script, entry } = workerScript('scan-worker')
  const { port1, port2 } = new MessageChannel()
  const shared = new SharedArrayBuffer(8)
  const signal = new Int32Array(shared)
  const data: ScanWorkerData = { port: port2, signal: shared, ...(nativeBinding ? { nativeBinding } : {}), ...(entry ? { entry } : {}) }
  const worker = new Worker(script, { workerData: data, transferList: [port2], resourceLimits: CORE_HEAP })
  let gone = false
  const fail = () => {
    gone = true
    Atomics.store(signal, 1, -1)
  }
  worker.on('error', fail)
  worker.on('exit', fail)
  // Never keeps a closing host (or a test) alive.
  worker.unref()
  port1.unref()
  const post = (m: ScanWorkerRequest, transfer: ArrayBuffer[] = []) => port1.postMessage(m, transfer)
  let next = 0
  const ready = (ms: number) => {
    if (Atomics.load(signal, 1) === 0) Atomics.wait(signal, 1, 0, ms)
    return Atomics.load(signal, 1) === 1
  }
  return {
    open(path, key) {
      if (gone) return void key.fill(0)
      Atomics.store(signal, 1, 0)
      post({ kind: 'open', path, key }, [key.buffer as ArrayBuffer])
    },
    close() {
      if (gone) return
      Atomics.store(signal, 1, 0)
      post({ kind: 'close' })
    },
    ready,
    start(request: PartRequest) {
      if (gone || !ready(READY_WAIT_MS)) return null
      const id = ++next
      post({ kind: 'scan', id, request })
      return {
        wait(): PartScan | null {
          const until = performance.now() + WAIT_MS
          for (;;) {
            const seen = Atomics.load(signal, 0)
            if (seen === id) break
            const left = until - performance.now()
            if (left <= 0 || Atomics.wait(signal, 0, seen, left) === 'timed-out') return null
          }
          // Earlier answers nobody waited for (a timed-out part) are dropped on the way.
          for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
            const answer = m.message as ScanWorkerAnswer
            if (answer.id === id) return answer.part
          }
          return null
        },
      }
    },
    stop() {
      gone = true
      void worker.terminate()
    },
  }
}
