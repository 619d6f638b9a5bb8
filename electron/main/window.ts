/**
 * The one place that creates a browser window. Every window gets the same locked-down
 * preferences (security checklist item 1): the page is untrusted, sandboxed, isolated from the
 * preload, has no Node, keeps web security, cannot host <webview>, and gets DevTools only in
 * development.
 */
import { BrowserWindow, type WebPreferences } from 'electron'

export const APP_ORIGIN = 'app://driftwatch'
export const APP_ENTRY = `${APP_ORIGIN}/index.html`

/** What every window of the app has in common, whatever it shows. */
export const LOCKED_DOWN_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const satisfies WebPreferences

export function secureWebPreferences(options: { preloadPath: string; isPackaged: boolean }): WebPreferences {
  return { ...LOCKED_DOWN_PREFERENCES, preload: options.preloadPath, safeDialogs: true, devTools: !options.isPackaged }
}

export function createMainWindow(options: { preloadPath: string; isPackaged: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Driftwatch',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(options),
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(APP_ENTRY)
  return win
}
