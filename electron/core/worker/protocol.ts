/**
 * The messages between the window's thread (Electron main, or the browser host's server) and the
 * core's worker thread (core-worker.ts). The window's thread never opens the database: it forwards
 * each request as it came from the page (the worker validates it against the contract, which is
 * where the core is trusted), answers the worker's calls for what only it can do (dialogs, the
 * clipboard, printing), and tells the worker when to close the caseload (lock, sleep, quit).
 *
 * Results cross as UTF-8 JSON in a transferred buffer: the window's thread neither walks nor copies
 * a 50,000-row answer; it hands the bytes on (to the HTTP response, or over IPC to the page, which
 * parses them).
 */
import type { CloseReason } from '../app/session'
import type { KdfCost } from '../db/key-file'
import type { LogFields } from '../app/log'

/** What only the window's thread can do (HostCapabilities and ImportHandlerHost of the core). */
export const HOST_FUNCTIONS = ['chooseSavePath', 'chooseImportSource', 'chooseCsvSavePath', 'writeClipboard', 'printPdf', 'chooseFolder'] as const
export type HostFunction = (typeof HOST_FUNCTIONS)[number]

/** Given to the worker when it starts (structured-cloned: data only). */
export interface CoreWorkerData {
  dbPath: string
  nativeBinding?: string
  kdf?: KdfCost
  demoChildren?: number
  /** The host functions the window's thread will answer (the core offers those features only). */
  hostFunctions: HostFunction[]
  /** The browser host takes uploads into this folder (or the system's temporary folder). */
  uploads?: boolean
  uploadRoot?: string
  /** Who holds the writer lock, in sentences shown to another program (writer-lock.ts). */
  lockProgram: string
  /** The TypeScript entry, when the worker runs from source (the bootstrap imports it). */
  entry?: string
}

/** Operations on the session that are not contract channels: the page can never send them. */
export type ControlOp =
  | { op: 'close'; why: CloseReason }
  | { op: 'upload-target'; handle: string; name: string }
  | { op: 'upload-failed'; handle: string; name: string }

export type ToWorker =
  | { kind: 'request'; id: number; channel: unknown; input: unknown }
  | { kind: 'control'; id: number; control: ControlOp }
  | { kind: 'host-reply'; id: number; ok: true; value: unknown }
  | { kind: 'host-reply'; id: number; ok: false; message: string }

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'response'; id: number; json: Uint8Array }
  | { kind: 'control-reply'; id: number; ok: true; value: unknown }
  | { kind: 'control-reply'; id: number; ok: false; code: string; message: string }
  | { kind: 'host-call'; id: number; fn: HostFunction; args: unknown[] }
  /** Sent whenever the caseload opens or closes, so the window's thread knows without asking. */
  | { kind: 'state'; unlocked: boolean }
  | { kind: 'log'; event: string; fields: LogFields }
