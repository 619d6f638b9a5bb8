/**
 * The window's thread's handle on the core's worker thread (core-worker.ts). Electron main and the
 * browser host use it; neither loads the database driver (a test checks that the driver is never
 * loaded on this thread, and another that the built out/main/index.js does not import it).
 *
 * Why a worker thread and not Electron's utilityProcess: the same code runs under plain Node, so
 * the browser host, the e2e tests and vitest exercise exactly the split the app uses; results cross
 * as a transferred buffer rather than through a pipe; and the database driver, built for the
 * runtime's ABI, loads in a worker as it does in main. What a thread does not give is a separate
 * address space: a crash inside the native driver would end the app, as it did before.
 */
import { Worker } from 'node:worker_threads'
import type { Result } from '../../../shared/ipc-contract'
import { DriftwatchError, type ErrorCode } from '../../../shared/errors'
import type { HostCapabilities } from '../app/supervision-handlers'
import type { ImportHandlerHost } from '../app/import-handlers'
import type { CloseReason } from '../app/session'
import { consoleLogger, type Logger } from '../app/log'
import { workerScript } from './worker-script'
import type { ControlOp, CoreWorkerData, FromWorker, HostFunction, ToWorker } from './protocol'

/** The host functions of the core's HostCapabilities and ImportHandlerHost, with their own types. */
export type HostFunctions = Pick<HostCapabilities & ImportHandlerHost, HostFunction>

export interface CoreClientOptions extends Omit<CoreWorkerData, 'hostFunctions' | 'entry'> {
  /** Dialogs, clipboard, printing: what the worker may ask this thread for. */
  host?: HostFunctions
  log?: Logger
  /**
   * The worker's script. Default: the bundled `core-worker.js` beside this file when it exists (the
   * built app), else the TypeScript source through tsx (the browser host and tests).
   */
  workerScript?: string
}

export interface CoreClient {
  /** Runs one contract request in the core; the answer is the Result envelope as UTF-8 JSON. */
  request(channel: unknown, input: unknown): Promise<Uint8Array>
  /** The same, parsed (tests and small answers). */
  call(channel: unknown, input?: unknown): Promise<Result<unknown>>
  /** As the worker last said (it says so whenever the caseload opens or closes). */
  isUnlocked(): boolean
  /** Closes the caseload (lock, sleep, quit: an automatic backup first, except on sleep). */
  close(why: CloseReason): Promise<void>
  /** The browser host's upload route: where to write one uploaded file (the core decides). */
  uploadTarget(handle: string, name: string): Promise<string>
  uploadFailed(handle: string, name: string): Promise<void>
  /** Closes the caseload and ends the worker. */
  stop(): Promise<void>
  /** Resolves once the worker is running. */
  ready: Promise<void>
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

const internal = (message: string): Uint8Array => encoder.encode(JSON.stringify({ ok: false, code: 'INTERNAL', message }))
/** The watch's answer while the caseload is being closed: it is locked for the page from now on. */
const closingWatch = (): Uint8Array => encoder.encode(JSON.stringify({ ok: true, data: { state: 'locked', changes: 0 } }))

export function startCoreWorker(options: CoreClientOptions): CoreClient {
  const log = options.log ?? consoleLogger
  const host = options.host ?? {}
  const hostFunctions = (Object.keys(host) as HostFunction[]).filter((k) => typeof host[k] === 'function')
  const { script, entry } = options.workerScript ? { script: options.workerScript, entry: undefined } : workerScript('core-worker')
  const { host: _host, log: _log, workerScript: _script, ...rest } = options
  const data: CoreWorkerData = { ...rest, hostFunctions, ...(entry ? { entry } : {}) }

  let nextId = 1
  const requests = new Map<number, (json: Uint8Array) => void>()
  const controls = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>()
  let unlocked = false
  let stopped = false
  let restarts: number[] = []
  let worker: Worker
  let readyResolve: () => void = () => {}
  let readyReject: (e: Error) => void = () => {}
  const readyPromise = () =>
    new Promise<void>((resolve, reject) => {
      readyResolve = resolve
      readyReject = reject
    })
  let ready = readyPromise()
  // Nobody may be waiting for it: a failure to start is reported by `ready` to whoever asks.
  ready.catch(() => undefined)

  const send = (message: ToWorker) => worker.postMessage(message)

  const answerHost = async (id: number, fn: HostFunction, args: unknown[]) => {
    try {
      const f = host[fn] as ((...a: unknown[]) => unknown) | undefined
      if (!f) throw new Error('not available')
      const value = await f(...args)
      send({ kind: 'host-reply', id, ok: true, value })
    } catch {
      // The reason stays here: it may name a path the user chose.
      send({ kind: 'host-reply', id, ok: false, message: `${fn} failed` })
    }
  }

  const spawn = () => {
    worker = new Worker(script, { workerData: data })
    worker.on('message', (m: FromWorker) => {
      switch (m.kind) {
        case 'ready':
          readyResolve()
          return
        case 'response': {
          const done = requests.get(m.id)
          requests.delete(m.id)
          done?.(m.json)
          return
        }
        case 'control-reply': {
          const c = controls.get(m.id)
          controls.delete(m.id)
          if (!c) return
          if (m.ok) c.resolve(m.value)
          else c.reject(new DriftwatchError(m.code as ErrorCode, m.message))
          return
        }
        case 'host-call':
          void answerHost(m.id, m.fn, m.args)
          return
        case 'state':
          unlocked = m.unlocked
          return
        case 'log':
          log.warn(m.event, m.fields)
          return
      }
    })
    // The error's name and code only: its message could quote what the core was working on.
    worker.on('error', (e) => {
      const code = (e as { code?: unknown }).code
      log.warn('core.worker-error', { error: e instanceof Error ? e.name : typeof e, ...(typeof code === 'string' ? { code } : {}) })
    })
    worker.on('exit', (code) => {
      unlocked = false
      // Whatever was asked of the old worker gets an answer: nothing waits for ever.
      for (const done of requests.values()) done(internal('Driftwatch had to restart its database engine. Unlock the caseload again to go on.'))
      requests.clear()
      for (const c of controls.values()) c.reject(new DriftwatchError('LOCKED', 'The caseload is locked.'))
      controls.clear()
      if (stopped) return
      const now = Date.now()
      restarts = restarts.filter((t) => now - t < 60_000)
      if (restarts.length >= 3) {
        // Failing again and again (the driver cannot load?): stop rather than spin.
        stopped = true
        log.warn('core.worker-gave-up', { code })
        readyReject(new Error('The core could not start.'))
        return
      }
      restarts.push(now)
      // The worker ended without being asked to (a crash): a new one starts, locked, so the app
      // keeps working; the database itself is crash-safe (WAL, and a hot journal rolls back).
      log.warn('core.worker-exit', { code })
      ready = readyPromise()
      ready.catch(() => undefined)
      spawn()
    })
  }
  spawn()

  const control = (c: ControlOp): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(new DriftwatchError('LOCKED', 'The caseload is locked.'))
      const id = nextId++
      controls.set(id, { resolve, reject })
      send({ kind: 'control', id, control: c })
    })

  // Closes asked for and not yet done (lock, sleep, quit).
  let closing = 0
  const request = (channel: unknown, input: unknown): Promise<Uint8Array> =>
    new Promise((resolve) => {
      if (stopped) return resolve(internal('Driftwatch is closing.'))
      // Why answered here: a close makes the lock's backup on the core's thread first (up to a minute
      // at an authority's size), and the page must take the caseload off the screen now, not then.
      // Only the page's watch is answered so; every other request waits for the close, as before.
      if (closing > 0 && channel === 'session:watch') return resolve(closingWatch())
      const id = nextId++
      requests.set(id, resolve)
      try {
        send({ kind: 'request', id, channel, input })
      } catch {
        // The structured clone refused the input (nested thousands of levels deep: its copy
        // overflows the stack). No contract accepts such a thing, so it is a refusal, not a failure.
        requests.delete(id)
        resolve(encoder.encode(JSON.stringify({ ok: false, code: 'VALIDATION', message: 'The request could not be read: it is nested too deeply.' })))
      }
    })

  return {
    request,
    call: async (channel, input) => JSON.parse(decoder.decode(await request(channel, input))) as Result<unknown>,
    isUnlocked: () => unlocked,
    close: async (why) => {
      closing++
      try {
        await control({ op: 'close', why }).catch(() => undefined)
      } finally {
        closing--
      }
    },
    uploadTarget: async (handle, name) => (await control({ op: 'upload-target', handle, name })) as string,
    uploadFailed: async (handle, name) => {
      await control({ op: 'upload-failed', handle, name }).catch(() => undefined)
    },
    stop: async () => {
      if (stopped) return
      closing++
      await control({ op: 'close', why: 'quit' }).catch(() => undefined)
      stopped = true
      await worker.terminate()
    },
    get ready() {
      return ready
    },
  }
}
