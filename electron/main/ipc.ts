/**
 * Registers every contract channel with `ipcMain.handle`, each through the one dispatch wrapper,
 * after checking who is asking (security checklist item 17): only the main frame of our own
 * window, showing a page from app://driftwatch. A subframe, another window or a page that somehow
 * navigated elsewhere gets FORBIDDEN and nothing runs.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron'
import { CHANNEL_NAMES } from '../../shared/ipc-channels'
import { APP_HOST, APP_SCHEME } from './protocol'

export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame
  if (!frame || !window || window.isDestroyed()) return false
  if (event.sender !== window.webContents) return false
  if (frame !== window.webContents.mainFrame || frame.parent !== null) return false
  let url: URL
  try {
    url = new URL(frame.url)
  } catch {
    return false
  }
  // Node's URL gives non-special schemes an opaque origin ("null"), so compare scheme and host.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST
}

/** The Result envelope as UTF-8 JSON, as the core's worker answers (the preload parses it). */
const forbidden = new TextEncoder().encode(JSON.stringify({ ok: false, code: 'FORBIDDEN', message: 'This request did not come from Driftwatch.' }))

/**
 * `request` forwards to the core's worker thread, which validates the input against the contract
 * and answers with the Result as JSON bytes: this thread never parses or copies a large answer.
 */
export function registerIpc(ipcMain: IpcMain, request: (channel: string, input: unknown) => Promise<Uint8Array>, getWindow: () => BrowserWindow | null): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event, getWindow())) return forbidden
      return request(channel, input)
    })
  }
}
