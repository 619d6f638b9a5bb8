/**
 * The preload: exposes `window.driftwatch`, one function per IPC channel and nothing else (never
 * `ipcRenderer`, never a generic send). Built as one sandbox-compatible CommonJS file that
 * requires only `electron`; it imports the channel names, not the zod contract, so no validation
 * code runs here (main validates everything).
 */
import { contextBridge, ipcRenderer } from 'electron'
import { CHANNEL_NAMES } from '../../shared/ipc-channels'

const api: Record<string, (input: unknown) => Promise<unknown>> = {}
for (const channel of CHANNEL_NAMES) {
  api[channel] = (input: unknown) => ipcRenderer.invoke(channel, input)
}

contextBridge.exposeInMainWorld('driftwatch', Object.freeze(api))
