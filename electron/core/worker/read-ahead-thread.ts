/**
 * The core's side of its read-ahead thread (read-ahead-worker.ts; queries/read-ahead.ts says why).
 * The scans are synchronous, so the answers are taken without the event loop: from the thread's own
 * MessagePort with receiveMessageOnPort, waiting on a shared counter (Atomics.wait) when none is
 * there yet. Whatever goes wrong — not started yet, a guard refusing, a failed read, no answer for
 * WAIT_MS — the read ends early and the scan reads the rest on its own connection; a thread that
 * failed or was too slow is not asked again this session.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { ReadAhead } from '../queries/read-ahead'
import type { ReadAheadGuard, ReadAheadParams, ReadAheadStatement } from '../queries/read-ahead-statements'
import { CANCELLED, POSTED, SERVED, SIGNAL_BYTES, type ReadAheadAnswer, type ReadAheadData, type ReadAheadRequest } from './read-ahead-protocol'
import { workerScript } from './worker-script'

/** Longest wait for one answer (a batch is a few milliseconds; the thread is stuck or starved). */
const WAIT_MS = 5000

interface PendingRead {
  request: Extract<ReadAheadRequest, { kind: 'read' }>
  posted: boolean
}

export class ReadAheadThread implements ReadAhead {
  private readonly worker: Worker
  private readonly port: MessagePort
  private readonly signal: Int32Array
  private state: 'starting' | 'ready' | 'gone' = 'starting'
  private taken = 0
  private nextId = 1
  /** The id of the last read sent to the thread. */
  private lastPosted = 0
  /** Reads asked with `afterNext`, not sent yet. */
  private readonly waiting: PendingRead[] = []
  /** Answers taken for reads still wanted, by read. */
  private readonly kept = new Map<number, ReadAheadAnswer[]>()
  /** Answers the thread has given to reads, and the time spent waiting for them (the benchmark reports both). */
  served = 0
  waitedMs = 0
  /** Settles when the thread has ended. */
  readonly ended: Promise<void>

  /** `key` is transferred: after this, its buffer here is empty. */
  constructor(path: string, key: Uint8Array, nativeBinding?: string) {
    const { script, entry } = workerScript('read-ahead-worker')
    const { port1, port2 } = new MessageChannel()
    const shared = new SharedArrayBuffer(SIGNAL_BYTES)
    const data: ReadAheadData = { path, key, signal: shared, port: port2, ...(nativeBinding ? { nativeBinding } : {}), ...(entry ? { entry } : {}) }
    this.worker = new Worker(script, { workerData: data, transferList: [key.buffer as ArrayBuffer, port2] })
    this.port = port1
    this.signal = new Int32Array(shared)
    this.worker.on('error', () => this.stop())
    this.ended = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.state = 'gone'
        resolve()
      }),
    )
    // Never keeps a closing host (or a test) alive.
    this.worker.unref()
    this.port.unref()
  }

  /** Whether the thread has its connection open (it says so once, early). */
  get ready(): boolean {
    if (this.state === 'starting') this.answer(0)
    return this.state === 'ready'
  }

  /**
   * Reads may be taken in any order: the answers of another read still wanted are kept for it
   * (`kept`), those of a read given up are dropped.
   */
  read(
    statement: ReadAheadStatement,
    params: readonly ReadAheadParams[],
    guards: readonly { guard: ReadAheadGuard; params: ReadAheadParams }[],
    options: { whenIdle?: boolean; afterNext?: boolean } = {},
  ): Iterable<string | null> | null {
    if (this.state === 'gone' || params.length === 0) return []
    const id = this.nextId++
    const read: PendingRead = { request: { kind: 'read', id, statement, params: [...params], guards: [...guards] }, posted: false }
    if (options.afterNext) {
      // Kept here until the next read is sent (or the thread is idle when this one is taken).
      this.kept.set(id, [])
      if (this.state === 'ready' && this.idle) this.post(read)
      else this.waiting.push(read)
      return this.answers(read, params.length)
    }
    if (!this.ready || (options.whenIdle && !this.idle)) return null
    this.kept.set(id, [])
    this.post(read)
    return this.answers(read, params.length)
  }

  /** Whether every read sent has been served (the thread has nothing left to do). */
  private get idle(): boolean {
    return Atomics.load(this.signal, SERVED) >= this.lastPosted
  }

  private post(read: PendingRead): void {
    read.posted = true
    this.lastPosted = read.request.id
    this.worker.postMessage(read.request)
  }

  private *answers(read: PendingRead, count: number): Generator<string | null> {
    const id = read.request.id
    let served = 0
    try {
      if (!read.posted) {
        // Taken before another read sent it: sent now if the thread can take it, else read by the caller.
        const at = this.waiting.indexOf(read)
        if (at >= 0) this.waiting.splice(at, 1)
        if (!this.ready) return
        this.post(read)
      }
      while (served < count) {
        const m = this.kept.get(id)?.shift() ?? this.answerFor(id)
        if (!m) {
          this.stop()
          return
        }
        if (m.kind !== 'text') return
        served++
        this.served++
        yield m.text
      }
    } finally {
      this.kept.delete(id)
      const at = this.waiting.indexOf(read)
      if (at >= 0) this.waiting.splice(at, 1)
      // Given up (or refused, or failed): the thread stops reading for it.
      if (read.posted && served < count) Atomics.store(this.signal, CANCELLED, id)
    }
  }

  /** The next answer to read `id`, keeping those of other reads still wanted; null when none comes. */
  private answerFor(id: number): Extract<ReadAheadAnswer, { id: number | null }> | null {
    // The reads waiting for the next one go now, after every read asked so far: the first time this
    // thread waits for the other is when those asked together (a scan's) have all been sent.
    for (const w of this.waiting.splice(0)) this.post(w)
    for (;;) {
      const m = this.answer(WAIT_MS)
      if (!m) return null
      if (m.kind === 'ready' || m.kind === 'suspended') continue
      if (m.id === id) return m
      if (m.id !== null) this.kept.get(m.id)?.push(m)
    }
  }

  /** The next answer, waiting up to `waitMs`; null when there is none by then. */
  private answer(waitMs: number): ReadAheadAnswer | null {
    const deadline = performance.now() + waitMs
    for (;;) {
      const got = receiveMessageOnPort(this.port) as { message: ReadAheadAnswer } | undefined
      if (got) {
        this.taken++
        const m = got.message
        if (m.kind === 'ready') this.state = 'ready'
        else if (m.kind === 'failed' && m.id === null) this.stop()
        return m
      }
      if (this.state === 'gone') return null
      const left = deadline - performance.now()
      if (left <= 0) return null
      const posted = Atomics.load(this.signal, POSTED)
      // Counted but not yet here (it is posted before it is counted): look again very soon.
      const t = performance.now()
      Atomics.wait(this.signal, POSTED, posted, posted > this.taken ? 1 : left)
      this.waitedMs += performance.now() - t
    }
  }

  /**
   * Closes the thread's connection until the next read, and returns once it is closed — or ends the
   * thread when it does not answer within WAIT_MS (the write then runs as it can).
   */
  suspend(): void {
    if (this.state === 'gone') return
    const request: ReadAheadRequest = { kind: 'suspend' }
    this.worker.postMessage(request)
    for (;;) {
      // Left-over answers of reads given up are passed over; 'ready' first if it was starting.
      const m = this.answer(WAIT_MS)
      if (!m) return this.stop()
      if (m.kind === 'suspended') return
    }
  }

  /** Ends the thread (lock, or it failed): its connection closes and the data key goes with it. */
  stop(): void {
    if (this.state === 'gone') return
    this.state = 'gone'
    const close: ReadAheadRequest = { kind: 'close' }
    this.worker.postMessage(close)
    // In case it does not end by itself (busy in a read): it is not waited for.
    setTimeout(() => void this.worker.terminate(), 2000).unref()
    this.port.close()
  }
}
