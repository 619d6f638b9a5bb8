/**
 * The Electron host's printPdf (electron/main/print-pdf.ts), with `electron` mocked (the binary cannot
 * run here): a hidden, locked-down window on its own session, a data: URL only, printToPDF with the
 * templates, and the window destroyed even when printing fails.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const state = {
    windows: [] as FakeWindow[],
    printResult: (): Promise<Buffer> => Promise.resolve(Buffer.from('%PDF-1.7 fake')),
    loadResult: (): Promise<void> => Promise.resolve(),
  }
  const sessions = new Map<string, FakeSession>()
  class FakeSession {
    permissionRequest: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null
    permissionCheck: ((...a: unknown[]) => boolean) | null = null
    device: ((...a: unknown[]) => boolean) | null = null
    beforeRequest: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null
    listeners = new Map<string, (...a: unknown[]) => void>()
    setPermissionRequestHandler(h: FakeSession['permissionRequest']) {
      this.permissionRequest = h
    }
    setPermissionCheckHandler(h: FakeSession['permissionCheck']) {
      this.permissionCheck = h
    }
    setDevicePermissionHandler(h: FakeSession['device']) {
      this.device = h
    }
    webRequest = { onBeforeRequest: (h: FakeSession['beforeRequest']) => (this.beforeRequest = h) }
    on(name: string, fn: (...a: unknown[]) => void) {
      this.listeners.set(name, fn)
    }
  }
  class FakeWindow {
    options: Record<string, unknown>
    loaded: string[] = []
    destroyed = false
    /** What the print session allowed for each loaded URL, at load time. */
    allowedAtLoad: boolean[] = []
    webContents = {
      printToPDF: vi.fn((_o: Record<string, unknown>) => state.printResult()),
    }
    constructor(options: Record<string, unknown>) {
      this.options = options
      state.windows.push(this)
    }
    loadURL(url: string) {
      this.loaded.push(url)
      const s = (this.options.webPreferences as { session: FakeSession }).session
      s.beforeRequest!({ url }, (r) => this.allowedAtLoad.push(!r.cancel))
      return state.loadResult()
    }
    isDestroyed() {
      return this.destroyed
    }
    destroy() {
      this.destroyed = true
    }
  }
  return {
    state,
    sessions,
    BrowserWindow: FakeWindow,
    session: {
      fromPartition: vi.fn((p: string) => {
        if (!sessions.has(p)) sessions.set(p, new FakeSession())
        return sessions.get(p)!
      }),
      defaultSession: {},
    },
    app: { on: vi.fn(), whenReady: vi.fn(() => Promise.resolve()) },
    shell: { openExternal: vi.fn() },
  }
})
vi.mock('electron', () => electron)

import { printPdf, PRINT_PARTITION } from '../../electron/main/print-pdf'
import { renderHtml } from '../../electron/core/export/render-html'

const page = renderHtml({ title: 'Note <b>', meta: [], sections: [{ heading: 'One', level: 1, blocks: [{ kind: 'paragraph', text: 'Text' }] }] })
const templates = { headerTemplate: page.headerTemplate, footerTemplate: page.footerTemplate, margins: page.margins }

beforeEach(() => {
  electron.state.windows.length = 0
  electron.state.printResult = () => Promise.resolve(Buffer.from('%PDF-1.7 fake'))
  electron.state.loadResult = () => Promise.resolve()
})

describe('printPdf (Electron host)', () => {
  it('prints in a hidden, locked-down window on its own session and returns the bytes', async () => {
    const bytes = await printPdf(page.html, templates)
    expect(Buffer.from(bytes).toString()).toBe('%PDF-1.7 fake')
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(electron.state.windows).toHaveLength(1)
    const win = electron.state.windows[0]!
    expect(win.options.show).toBe(false)
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    })
    expect(prefs.preload).toBeUndefined()
    expect(electron.session.fromPartition).toHaveBeenCalledWith(PRINT_PARTITION)
    expect(prefs.session).toBe(electron.sessions.get(PRINT_PARTITION))
    expect(PRINT_PARTITION).toBe('print-pdf')
    // Only the page itself, as a base64 data: URL of exactly this HTML.
    expect(win.loaded).toHaveLength(1)
    expect(win.loaded[0]!.startsWith('data:text/html;base64,')).toBe(true)
    expect(Buffer.from(win.loaded[0]!.slice('data:text/html;base64,'.length), 'base64').toString('utf8')).toBe(page.html)
    expect(win.allowedAtLoad).toEqual([true])
    expect(win.webContents.printToPDF).toHaveBeenCalledWith({
      pageSize: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: page.headerTemplate,
      footerTemplate: page.footerTemplate,
      margins: page.margins,
    })
    expect(win.destroyed).toBe(true)
  })

  it('its session denies every permission and cancels every other request, and downloads', async () => {
    await printPdf(page.html, templates)
    const s = electron.sessions.get(PRINT_PARTITION)!
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn()
      s.permissionRequest!({}, p, cb)
      expect(cb).toHaveBeenCalledWith(false)
      expect(s.permissionCheck!({}, p)).toBe(false)
    }
    expect(s.device!({})).toBe(false)
    for (const url of ['https://evil.example/x.png', 'file:///etc/passwd', 'app://driftwatch/index.html', 'data:text/html;base64,PHA+', page.html]) {
      const cb = vi.fn()
      s.beforeRequest!({ url }, cb)
      expect(cb).toHaveBeenCalledWith({ cancel: true })
    }
    const download = { preventDefault: vi.fn() }
    s.listeners.get('will-download')!(download)
    expect(download.preventDefault).toHaveBeenCalled()
  })

  it('destroys the window when printing or loading fails', async () => {
    electron.state.printResult = () => Promise.reject(new Error('print failed'))
    await expect(printPdf(page.html, templates)).rejects.toThrow('print failed')
    expect(electron.state.windows[0]!.destroyed).toBe(true)
    electron.state.loadResult = () => Promise.reject(new Error('ERR_INVALID_URL'))
    await expect(printPdf(page.html, templates)).rejects.toThrow('ERR_INVALID_URL')
    expect(electron.state.windows[1]!.destroyed).toBe(true)
    expect(electron.state.windows[1]!.webContents.printToPDF).not.toHaveBeenCalled()
    // After printing, that page's URL is no longer let through either.
    const s = electron.sessions.get(PRINT_PARTITION)!
    const cb = vi.fn()
    s.beforeRequest!({ url: electron.state.windows[0]!.loaded[0]! }, cb)
    expect(cb).toHaveBeenCalledWith({ cancel: true })
  })

  it('refuses a page too large for a data: URL without opening a window', async () => {
    await expect(printPdf('x'.repeat(1_600_000), templates)).rejects.toThrow(/too large/)
    expect(electron.state.windows).toHaveLength(0)
  })
})
