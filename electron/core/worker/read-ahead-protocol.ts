/** The messages between the core's thread and its read-ahead thread (read-ahead-worker.ts). */
import type { MessagePort } from 'node:worker_threads'
import type { ReadAheadGuard, ReadAheadParams, ReadAheadStatement } from '../queries/read-ahead-statements'

export interface ReadAheadData {
  path: string
  /**
   * The data key, transferred (none stays with the sender). The thread keeps it while the caseload is
   * open, to open its connection again after a suspend, and zeroes it when it ends.
   */
  key: Uint8Array
  /** Int32Array over it: [POSTED, CANCELLED, SERVED]. */
  signal: SharedArrayBuffer
  /** The answers go here, so that the core's thread can take them without its event loop (receiveMessageOnPort). */
  port: MessagePort
  nativeBinding?: string
  /** The TypeScript entry when run through tsx (tests, browser host); absent in the built app. */
  entry?: string
}

/** Answers posted so far: the core's thread waits on it (Atomics.wait) when it has taken them all. */
export const POSTED = 0
/** The request the core's thread gave up last: the thread stops reading for it. */
export const CANCELLED = 1
/**
 * The last request the thread has finished with (every answer posted, or given up): the thread is
 * idle when it is the last one sent. A read that may be done on the core's thread just as well asks
 * only then (ReadAhead.read `whenIdle`) instead of waiting behind another.
 */
export const SERVED = 2
/** Bytes of the shared signal. */
export const SIGNAL_BYTES = 12

/** Sent with worker.postMessage. */
export type ReadAheadRequest =
  | { kind: 'read'; id: number; statement: ReadAheadStatement; params: ReadAheadParams[]; guards: { guard: ReadAheadGuard; params: ReadAheadParams }[] }
  /** Close the connection until the next read (a write that needs the only connection to the file). */
  | { kind: 'suspend' }
  | { kind: 'close' }

export type ReadAheadAnswer =
  | { kind: 'ready' }
  /** One statement's answer, in the order of the request's params. */
  | { kind: 'text'; id: number; text: string | null }
  /** Every params served. */
  | { kind: 'end'; id: number }
  /** A guard answered true: the caller reads on its own connection. */
  | { kind: 'refused'; id: number }
  /** The read failed (id) or the connection could not be opened (null). The reason is not sent: it may quote a path. */
  | { kind: 'failed'; id: number | null }
  /** The connection is closed (answer to a suspend). */
  | { kind: 'suspended' }
