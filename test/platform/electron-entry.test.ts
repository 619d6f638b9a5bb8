/**
 * electron/main/index.ts with `electron` mocked: the single-instance lock, the app:// scheme
 * registered before ready, the caseload in userData, every channel registered, and the session
 * locked (and the page reloaded) on suspend and on lock-screen.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { tempDir, PASSPHRASE } from './helpers'
import { CHANNEL_NAMES } from '../../shared/ipc-channels'

const dir = tempDir()

const fake = vi.hoisted(() => {
  const order: string[] = []
  const ipc = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
  const power = new Map<string, () => void>()
  const appListeners = new Map<string, (...a: unknown[]) => void>()
  const windows: { options: { webPreferences: Record<string, unknown> }; webContents: { mainFrame: { url: string; parent: null }; reload: ReturnType<typeof vi.fn> } }[] = []
  const state = { gotLock: true, userData: '' }
  class BrowserWindow {
    options: unknown
    webContents = { mainFrame: { url: 'app://driftwatch/index.html', parent: null }, reload: vi.fn() }
    constructor(options: unknown) {
      this.options = options
      windows.push(this as never)
      order.push('window')
    }
    once() {}
    on() {}
    isDestroyed() {
      return false
    }
    loadURL() {
      return Promise.resolve()
    }
  }
  const electron = {
    app: {
      isPackaged: true,
      commandLine: { appendSwitch: vi.fn((name: string, value: string) => order.push(`switch:${name}=${value}`)) },
      requestSingleInstanceLock: vi.fn(() => state.gotLock),
      quit: vi.fn(),
      getPath: vi.fn(() => state.userData),
      on: vi.fn((name: string, f: (...a: unknown[]) => void) => appListeners.set(name, f)),
      whenReady: vi.fn(() => {
        order.push('whenReady')
        return Promise.resolve()
      }),
    },
    BrowserWindow,
    ipcMain: { handle: vi.fn((c: string, f: (event: unknown, input: unknown) => Promise<unknown>) => ipc.set(c, f)) },
    powerMonitor: { on: vi.fn((name: string, f: () => void) => power.set(name, f)), getSystemIdleTime: vi.fn(() => 0) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => order.push('registerScheme')),
      handle: vi.fn(() => order.push('protocol.handle')),
    },
    session: {
      defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() },
    },
    shell: { openExternal: vi.fn() },
  }
  return { electron, order, ipc, power, windows, state, appListeners }
})
vi.mock('electron', () => fake.electron)

beforeEach(() => {
  vi.resetModules()
  fake.order.length = 0
  fake.ipc.clear()
  fake.power.clear()
  fake.windows.length = 0
  fake.state.userData = dir.dir
})
afterAll(() => {
  fake.appListeners.get('window-all-closed')?.()
  dir.cleanup()
})

const settle = () => new Promise((r) => setTimeout(r, 0))
/** Main answers with the core worker's JSON bytes; the preload parses them, as here. */
const parsed = async (answer: Promise<unknown>) => JSON.parse(new TextDecoder().decode((await answer) as Uint8Array)) as unknown

describe('Electron main entry', () => {
  it('quits at once when another instance holds the lock', async () => {
    fake.state.gotLock = false
    await import('../../electron/main/index')
    await settle()
    expect(fake.electron.app.quit).toHaveBeenCalled()
    expect(fake.ipc.size).toBe(0)
    expect(fake.windows).toHaveLength(0)
    fake.state.gotLock = true
    fake.electron.app.quit.mockClear()
  })

  it('wires the scheme, protocol, IPC, power events and one locked-down window', async () => {
    await import('../../electron/main/index')
    await settle()
    expect(fake.order.indexOf('registerScheme')).toBeLessThan(fake.order.indexOf('whenReady'))
    expect(fake.order).toContain('protocol.handle')
    // UK dates in native date inputs, set before the app is ready.
    expect(fake.order.indexOf('switch:lang=en-GB')).toBeGreaterThanOrEqual(0)
    expect(fake.order.indexOf('switch:lang=en-GB')).toBeLessThan(fake.order.indexOf('whenReady'))
    expect([...fake.ipc.keys()].sort()).toEqual([...CHANNEL_NAMES].sort())
    expect([...fake.power.keys()].sort()).toEqual(['lock-screen', 'suspend'])
    expect(fake.windows).toHaveLength(1)
    const prefs = fake.windows[0]!.options.webPreferences
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false })
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/)
    expect(fake.electron.app.quit).not.toHaveBeenCalled()
  })

  it.each(['suspend', 'lock-screen'])('locks the caseload and reloads the page on %s', async (trigger) => {
    await import('../../electron/main/index')
    await settle()
    const win = fake.windows[0]!
    const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame }
    const call = (channel: string, input: unknown) => parsed(fake.ipc.get(channel)!(event, input))
    const status = (await call('session:status', {})) as { data: { state: string; location: string } }
    expect(status.data.location).toBe(`${dir.dir}/caseload.db`)
    if (status.data.state === 'no-caseload') {
      expect(await call('session:create', { passphrase: PASSPHRASE, withDemo: false })).toMatchObject({ ok: true })
    } else {
      expect(await call('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    }
    expect(await call('caseload:table', { asOf: '2026-11-26' })).toMatchObject({ ok: true })
    fake.power.get(trigger)!()
    expect(await call('caseload:table', { asOf: '2026-11-26' })).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await call('session:status', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    expect(win.webContents.reload).toHaveBeenCalled()
    fake.appListeners.get('window-all-closed')?.()
  })

  it('locks the caseload after 15 minutes without input', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      await import('../../electron/main/index')
      await settle()
      const win = fake.windows[0]!
      const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame }
      const call = (channel: string, input: unknown) => parsed(fake.ipc.get(channel)!(event, input))
      const status = (await call('session:status', {})) as { data: { state: string } }
      if (status.data.state === 'no-caseload') {
        expect(await call('session:create', { passphrase: PASSPHRASE, withDemo: false })).toMatchObject({ ok: true })
      } else {
        expect(await call('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
      }
      fake.electron.powerMonitor.getSystemIdleTime.mockReturnValue(14 * 60)
      vi.advanceTimersByTime(30_000)
      expect(await call('session:status', {})).toMatchObject({ data: { state: 'unlocked' } })
      fake.electron.powerMonitor.getSystemIdleTime.mockReturnValue(15 * 60)
      vi.advanceTimersByTime(30_000)
      expect(await call('session:status', {})).toMatchObject({ data: { state: 'locked' } })
      expect(win.webContents.reload).toHaveBeenCalled()
      fake.appListeners.get('window-all-closed')?.()
    } finally {
      fake.electron.powerMonitor.getSystemIdleTime.mockReturnValue(0)
      vi.useRealTimers()
    }
  })

  it('refuses IPC from a frame that is not our main frame', async () => {
    await import('../../electron/main/index')
    await settle()
    const win = fake.windows[0]!
    const r = await parsed(fake.ipc.get('session:status')!({ sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, {}))
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})
