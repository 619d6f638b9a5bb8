/**
 * The core's thread: the database, scans, imports, exports and backups run here, never on the
 * window's thread (issue 13). Electron main and the browser host start it through core-client.ts;
 * the command line runs the same core in its own process without a worker.
 *
 * Every request from the page is validated here by the one dispatch (the contract's zod schemas,
 * both ways), as before; the window's thread only checks who is asking and forwards.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createCore } from '../app/core'
import type { Logger } from '../app/log'
import { isDriftwatchError } from '../../../shared/errors'
import { setLockProgram } from '../db/writer-lock'
import { prepareKdf } from '../db/key-file'
import type { HostCapabilities } from '../app/supervision-handlers'
import type { ImportHandlerHost } from '../app/import-handlers'
import type { ControlOp, CoreWorkerData, FromWorker, HostFunction, ToWorker } from './protocol'

const port = parentPort
if (!port) throw new Error('core-worker.ts runs as a worker thread only')
const data = workerData as CoreWorkerData

const post = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer)

// Host calls: the worker asks, the window's thread answers (a dialog may stay open for minutes).
let nextHostCall = 1
const hostCalls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
const hostCall = (fn: HostFunction) => (...args: unknown[]) =>
  new Promise<unknown>((resolve, reject) => {
    const id = nextHostCall++
    hostCalls.set(id, { resolve, reject })
    post({ kind: 'host-call', id, fn, args })
  })

const host: Record<string, unknown> = {}
for (const fn of data.hostFunctions) host[fn] = hostCall(fn)
if (data.uploads) host.uploads = true
if (data.uploadRoot) host.uploadRoot = data.uploadRoot

// The log crosses to the window's thread, which owns the log's destination; fields never carry case data (log.ts).
const log: Logger = { warn: (event, fields = {}) => post({ kind: 'log', event, fields }) }

setLockProgram(data.lockProgram)
const core = createCore({
  dbPath: data.dbPath,
  ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  ...(data.kdf ? { kdf: data.kdf } : {}),
  ...(data.demoChildren ? { demoChildren: data.demoChildren } : {}),
  log,
  host: host as HostCapabilities & ImportHandlerHost,
  // The integrity check after unlock gets its own thread and connection (check-worker.ts).
  checkInThread: true,
  // The scans' summary read by a second connection in its own thread (read-ahead-thread.ts).
  readAhead: true,
  // Back up now and the daily backup check and package in their own thread (backup-worker.ts).
  backupInThread: true,
  // Today's scan starts as soon as the unlock has answered (core.ts warmToday).
  warmAfterUnlock: true,
})
// While the unlock screen is shown, so that the first unlock does not load Argon2id first.
void prepareKdf()

let lastState: boolean | null = null
const reportState = () => {
  const unlocked = core.session.isUnlocked()
  if (unlocked !== lastState) {
    lastState = unlocked
    post({ kind: 'state', unlocked })
  }
}

const encoder = new TextEncoder()

function control(c: ControlOp): unknown {
  switch (c.op) {
    case 'close':
      core.session.closeNow(c.why)
      return null
    case 'upload-target':
      return core.imports.uploadTarget(c.handle, c.name)
    case 'upload-failed':
      core.imports.uploadFailed(c.handle, c.name)
      return null
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'request': {
      void core.dispatch(message.channel, message.input).then((result) => {
        const json = encoder.encode(JSON.stringify(result))
        // The state first, so whoever awaited the answer sees the caseload as the answer left it.
        reportState()
        post({ kind: 'response', id: message.id, json }, [json.buffer as ArrayBuffer])
      })
      return
    }
    case 'control': {
      let reply: FromWorker
      try {
        reply = { kind: 'control-reply', id: message.id, ok: true, value: control(message.control) }
      } catch (e) {
        reply = isDriftwatchError(e)
          ? { kind: 'control-reply', id: message.id, ok: false, code: e.code, message: e.message }
          : { kind: 'control-reply', id: message.id, ok: false, code: 'INTERNAL', message: 'Driftwatch could not complete that request.' }
      }
      reportState()
      post(reply)
      return
    }
    case 'host-reply': {
      const call = hostCalls.get(message.id)
      if (!call) return
      hostCalls.delete(message.id)
      if (message.ok) call.resolve(message.value)
      else call.reject(new Error(message.message))
      return
    }
  }
})

reportState()
post({ kind: 'ready' })
