/**
 * The preload: exposes `window.driftwatch`, one function per IPC channel and nothing else (never
 * `ipcRenderer`, never a generic send). Built as one sandbox-compatible CommonJS file that
 * requires only `electron`; it imports the channel names, not the zod contract, so no validation
 * code runs here (main validates everything).
 */
import { contextBridge, ipcRenderer } from 'electron'
import { CHANNEL_NAMES } from '../../shared/ipc-channels'

// Main answers with the Result envelope as UTF-8 JSON bytes straight from the core's worker thread
// (main never parses a large answer); parsing JSON runs no code, so this is safe in the preload.
const decoder = new TextDecoder()
const api: Record<string, (input: unknown) => Promise<unknown>> = {}
for (const channel of CHANNEL_NAMES) {
  api[channel] = async (input: unknown) => JSON.parse(decoder.decode((await ipcRenderer.invoke(channel, input)) as Uint8Array)) as unknown
}

contextBridge.exposeInMainWorld('driftwatch', Object.freeze(api))
