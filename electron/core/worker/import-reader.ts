/**
 * Starts an import's reader thread (import-reader-worker.ts) and hands its messages to the
 * import's thread one at a time, in order. See caseload/import.ts importCaseloadFileStepwise.
 */
import { Worker } from 'node:worker_threads'
import { ImportCancelled } from '../caseload/run-steps'
import { IN_FLIGHT, STOP, type ImportReaderData, type ImportReaderMessage } from './import-reader-protocol'
import { workerScript } from './worker-script'

export interface ImportReader {
  /** The next message, in order; rejects on a cancel (ImportCancelled) or if the thread fails. */
  next(): Promise<ImportReaderMessage>
  /** The import's thread has taken a batch of rows: the reader may send another. */
  taken(): void
  /**
   * Stops the reader and ends its thread; its unsent rows are dropped. Not waited for: the import
   * gives the caseload back (journal mode, the bulk-write mark) at once, the thread ends on its own.
   */
  stop(): void
}

export function readInThread(file: string, signal?: AbortSignal): ImportReader {
  const { script, entry } = workerScript('import-reader-worker')
  const flowBuffer = new SharedArrayBuffer(8)
  const flow = new Int32Array(flowBuffer)
  const data: ImportReaderData = { file, flow: flowBuffer, ...(entry ? { entry } : {}) }
  const worker = new Worker(script, { workerData: data })
  const queue: ImportReaderMessage[] = []
  let failure: Error | null = null
  let finished = false
  let waiting: { resolve: (m: ImportReaderMessage) => void; reject: (e: Error) => void } | null = null

  const settle = () => {
    if (!waiting) return
    const w = waiting
    // A failure (a cancel, the thread stopping) comes before rows still queued: they are not wanted.
    if (failure) {
      waiting = null
      w.reject(failure)
    } else if (queue.length > 0) {
      waiting = null
      w.resolve(queue.shift()!)
    }
  }
  const fail = (e: Error) => {
    failure ??= e
    settle()
  }
  worker.on('message', (m: ImportReaderMessage) => {
    if (m.kind !== 'rows') finished = true
    queue.push(m)
    settle()
  })
  // The reason is not passed on: it may quote the file's content.
  worker.on('error', () => fail(new Error('The import could not read the file (its reading thread stopped).')))
  worker.on('exit', () => {
    if (!finished) fail(new Error('The import could not read the file (its reading thread ended early).'))
  })
  const onAbort = () => fail(new ImportCancelled())
  signal?.addEventListener('abort', onAbort, { once: true })

  return {
    next() {
      if (signal?.aborted) return Promise.reject(new ImportCancelled())
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject }
        settle()
      })
    },
    taken() {
      Atomics.sub(flow, IN_FLIGHT, 1)
      Atomics.notify(flow, IN_FLIGHT)
    },
    stop() {
      signal?.removeEventListener('abort', onAbort)
      finished = true
      Atomics.store(flow, STOP, 1)
      Atomics.notify(flow, IN_FLIGHT)
      worker.terminate().catch(() => {
        // Already ended.
      })
    },
  }
}
