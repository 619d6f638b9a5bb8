/**
 * The Electron-only modules, with `electron` mocked (the binary cannot run here): window
 * preferences, navigation and new-window denial, permissions, the app:// protocol and the IPC
 * sender check.
 */
import { mkdirSync, writeFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const windows: { options: Record<string, unknown>; loaded: string[] }[] = []
  class BrowserWindow {
    options: Record<string, unknown>
    loaded: string[] = []
    webContents = { mainFrame: {} }
    constructor(options: Record<string, unknown>) {
      this.options = options
      windows.push(this)
    }
    once() {}
    loadURL(url: string) {
      this.loaded.push(url)
      return Promise.resolve()
    }
  }
  return {
    windows,
    BrowserWindow,
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    app: { on: vi.fn(), whenReady: vi.fn(() => Promise.resolve()) },
    session: { defaultSession: {} },
    ipcMain: { handle: vi.fn() },
  }
})
vi.mock('electron', () => electron)

import { createMainWindow, secureWebPreferences, APP_ENTRY } from '../../electron/main/window'
import { denyAllPermissions, isSafeExternalUrl, lockDownWebContents } from '../../electron/main/security'
import { handleAppRequest, registerAppScheme } from '../../electron/main/protocol'
import { isTrustedSender, registerIpc } from '../../electron/main/ipc'
import { contentSecurityPolicy, resolveStaticPath } from '../../electron/core/app/static-files'
import { CHANNELS } from '../../shared/ipc-contract'
import { tempDir } from './helpers'

describe('window factory', () => {
  it('locks every window down and loads the app:// entry', () => {
    const win = createMainWindow({ preloadPath: '/app/out/preload/index.cjs', isPackaged: true }) as unknown as {
      options: { webPreferences: Record<string, unknown> }
      loaded: string[]
    }
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: false,
    })
    expect(win.loaded).toEqual([APP_ENTRY])
    expect(APP_ENTRY.startsWith('app://driftwatch/')).toBe(true)
  })

  it('allows DevTools only when not packaged', () => {
    expect(secureWebPreferences({ preloadPath: 'p', isPackaged: false }).devTools).toBe(true)
    expect(secureWebPreferences({ preloadPath: 'p', isPackaged: true }).devTools).toBe(false)
  })
})

describe('navigation, new windows, webviews', () => {
  function fakeContents() {
    const listeners = new Map<string, (...args: unknown[]) => void>()
    let openHandler: ((d: { url: string }) => { action: string }) | null = null
    const contents = {
      on: (name: string, fn: (...args: unknown[]) => void) => listeners.set(name, fn),
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => (openHandler = fn),
    }
    lockDownWebContents(contents as never)
    const fire = (name: string, ...args: unknown[]) => {
      const event = { preventDefault: vi.fn() }
      listeners.get(name)!(event, ...args)
      return event.preventDefault
    }
    return { fire, open: (url: string) => openHandler!({ url }), listeners }
  }

  it('prevents every navigation, redirect, frame navigation and webview attach', () => {
    const c = fakeContents()
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']) {
      expect(c.fire(name, 'https://evil.example/')).toHaveBeenCalled()
    }
    expect(c.fire('will-navigate', 'app://driftwatch/index.html')).toHaveBeenCalled()
  })

  it('denies every new window; only allow-listed https links go to the OS browser', () => {
    const c = fakeContents()
    electron.shell.openExternal.mockClear()
    expect(c.open('https://evil.example/')).toEqual({ action: 'deny' })
    expect(c.open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(electron.shell.openExternal).not.toHaveBeenCalled()
    expect(c.open('https://www.gov.uk/government/publications/working-together-to-safeguard-children--2')).toEqual({ action: 'deny' })
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it.each([
    ['https://www.gov.uk/guidance', true],
    ['http://www.gov.uk/guidance', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['smb://www.gov.uk/share', false],
    ['https://www.gov.uk.evil.example/', false],
    ['https://evil.example/?www.gov.uk', false],
    ['https://www.gov.uk@evil.example/', false],
    ['https://user:pw@www.gov.uk/', false],
    ['https://www.gov.uk:8443/', false],
    ['not a url', false],
  ])('isSafeExternalUrl(%s) is %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected)
  })
})

describe('permissions', () => {
  it('denies every permission request, check and device', () => {
    const calls: string[] = []
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null
    let check: ((...a: unknown[]) => boolean) | null = null
    let device: ((...a: unknown[]) => boolean) | null = null
    const session = {
      setPermissionRequestHandler: (h: typeof request) => {
        calls.push(h === null ? 'request:null' : 'request:set')
        request = h
      },
      setPermissionCheckHandler: (h: typeof check) => {
        calls.push(h === null ? 'check:null' : 'check:set')
        check = h
      },
      setDevicePermissionHandler: (h: typeof device) => (device = h),
    }
    denyAllPermissions(session as never)
    expect(calls).toEqual(['request:null', 'check:null', 'request:set', 'check:set'])
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal']) {
      const cb = vi.fn()
      request!({}, p, cb)
      expect(cb).toHaveBeenCalledWith(false)
      expect(check!({}, p, 'app://driftwatch', {})).toBe(false)
    }
    expect(device!({})).toBe(false)
  })
})

describe('app:// protocol', () => {
  let root: string
  let cleanup: () => void
  beforeAll(() => {
    const t = tempDir()
    cleanup = t.cleanup
    root = join(t.dir, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Driftwatch</title>')
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(t.dir, 'secret.txt'), 'SECRET')
    symlinkSync(join(t.dir, 'secret.txt'), join(root, 'assets', 'link.txt'))
  })
  afterAll(() => cleanup())

  const get = (url: string, method = 'GET') => handleAppRequest(new Request(url, { method }), root)

  it('registers app as a privileged standard, secure scheme', () => {
    registerAppScheme()
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ])
  })

  it('serves index.html and assets with the right MIME type and the strict CSP', async () => {
    const r = await get('app://driftwatch/index.html')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await r.text()).toContain('Driftwatch')
    const csp = r.headers.get('content-security-policy')!
    expect(csp).toBe(contentSecurityPolicy())
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/)
    expect(r.headers.get('access-control-allow-origin')).toBeNull()
    const js = await get('app://driftwatch/assets/app.js')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await get('app://driftwatch/')).status).toBe(200)
  })

  it('answers GET only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      expect((await get('app://driftwatch/index.html', method)).status).toBe(405)
    }
  })

  it('refuses other hosts and path escapes', async () => {
    expect((await get('app://other/index.html')).status).toBe(404)
    for (const path of ['/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/%00index.html', '/assets/link.txt', '/nope.js']) {
      const r = await get(`app://driftwatch${path}`)
      expect(r.status, path).toBe(404)
      expect(await r.text()).not.toContain('SECRET')
    }
  })

  it.each([
    ['/index.html', 'index.html'],
    ['/', 'index.html'],
    ['/case/c1', 'index.html'],
    ['/assets/app.js', 'assets/app.js'],
    ['/../secret.txt', null],
    ['/a/../../secret.txt', null],
    ['/%2e%2e/secret.txt', null],
    ['/..%2fsecret.txt', null],
    ['/C:/Windows/win.ini', null],
    ['/\\\\server\\share', null],
    ['/%E0%A4%A', null],
  ])('resolveStaticPath(%s)', (path, expected) => {
    const r = resolveStaticPath('/root', path)
    expect(r).toBe(expected === null ? null : join('/root', expected))
  })
})

describe('IPC registration and sender check', () => {
  function fakeWindow() {
    const mainFrame = { url: 'app://driftwatch/index.html', parent: null }
    const webContents = { mainFrame }
    return { webContents, isDestroyed: () => false }
  }

  it('registers exactly the contract channels', () => {
    const handle = vi.fn()
    registerIpc({ handle } as never, vi.fn(), () => null)
    expect(handle.mock.calls.map((c) => c[0])).toEqual([...CHANNELS])
  })

  it('dispatches for our own main frame and refuses everything else', async () => {
    const handlers = new Map<string, (event: unknown, input: unknown) => unknown>()
    const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v))
    const json = async (b: unknown) => JSON.parse(new TextDecoder().decode((await b) as Uint8Array)) as unknown
    const dispatch = vi.fn(async (_channel: string, _input: unknown) => bytes({ ok: true, data: 'x' }))
    const win = fakeWindow()
    registerIpc({ handle: (c: string, f: never) => handlers.set(c, f) } as never, dispatch, () => win as never)
    const call = (event: unknown) => json(handlers.get('session:status')!(event, {}))

    expect(await call({ sender: win.webContents, senderFrame: win.webContents.mainFrame })).toEqual({ ok: true, data: 'x' })
    expect(dispatch).toHaveBeenCalledWith('session:status', {})
    dispatch.mockClear()

    const foreign = [
      { sender: win.webContents, senderFrame: { url: 'app://driftwatch/index.html', parent: win.webContents.mainFrame } },
      { sender: win.webContents, senderFrame: null },
      { sender: {}, senderFrame: win.webContents.mainFrame },
    ]
    for (const event of foreign) expect(await call(event)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    for (const url of ['https://evil.example/', 'app://evil/index.html', 'file:///index.html', 'about:blank', 'garbage']) {
      win.webContents.mainFrame.url = url
      expect(await call({ sender: win.webContents, senderFrame: win.webContents.mainFrame }), url).toMatchObject({ code: 'FORBIDDEN' })
    }
    expect(dispatch).not.toHaveBeenCalled()
    expect(isTrustedSender({ sender: win.webContents, senderFrame: win.webContents.mainFrame } as never, null)).toBe(false)
  })
})
