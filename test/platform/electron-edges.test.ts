/**
 * Issue 12 item 10, the edges of the app: links out are checked and opened in their parsed,
 * normalised form; DRIFTWATCH_NATIVE_BINDING only counts when the app is not packaged; the browser
 * host asks for the passphrase again on a new page load and locks after the app's idle time.
 */
import { request } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  app: { on: vi.fn(), whenReady: vi.fn(() => Promise.resolve()) },
  session: { defaultSession: {} },
}))
vi.mock('electron', () => electron)

import { isSafeExternalUrl, openExternalIfSafe, safeExternalUrl } from '../../electron/main/security'
import { nativeBindingFor } from '../../electron/main/native-binding'
import { IDLE_LOCK_SECONDS } from '../../electron/main/idle-lock'
import { idleLockMsFromEnv, startActivityLock } from '../../electron/core/app/activity-lock'
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server'
import { PASSPHRASE, tempDir, TEST_KDF } from './helpers'

describe('openExternal', () => {
  it.each([
    ['https://www.gov.uk\\@evil.com/', null],
    ['https://www.gov.uk\\\\@evil.com/', null],
    ['https://www.gov.uk/@evil.com/', 'https://www.gov.uk/@evil.com/'],
    ['https://www.gov.uk@evil.com/', null],
    ['https://evil.com\\@www.gov.uk/', null],
    ['https://www.gov.uk%40evil.com/', null],
    ['https://www.gov.uk /guidance', null],
    ['https://www.gov.uk/guid\nance', null],
    ['\u0000https://www.gov.uk/', null],
    [' https://www.gov.uk/', null],
    ['https://WWW.GOV.UK/guidance', 'https://www.gov.uk/guidance'],
    ['https://www.gov.uk/a/../guidance?x=1#y', 'https://www.gov.uk/guidance?x=1#y'],
    ['https://www.gov.uk./', null],
    ['https:www.gov.uk/guidance', 'https://www.gov.uk/guidance'],
    ['https://xn--www-gov-uk.evil/', null],
    ['https://www.gov.uk:443/', 'https://www.gov.uk/'],
    ['https://www.gov.uk:8443/', null],
    ['http://www.gov.uk/', null],
    ['https://assets.publishing.service.gov.uk/media/x.pdf', 'https://assets.publishing.service.gov.uk/media/x.pdf'],
  ])('%j → %j', (raw, expected) => {
    expect(safeExternalUrl(raw)).toBe(expected)
    expect(isSafeExternalUrl(raw)).toBe(expected !== null)
  })

  it('opens the normalised URL, never the raw string', () => {
    electron.shell.openExternal.mockClear()
    expect(openExternalIfSafe('https://WWW.GOV.UK/a/../guidance')).toBe(true)
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://www.gov.uk/guidance')
    expect(openExternalIfSafe('https://www.gov.uk\\@evil.com/')).toBe(false)
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1)
  })
})

describe('DRIFTWATCH_NATIVE_BINDING', () => {
  it('is honoured only when the app is not packaged', () => {
    const env = { DRIFTWATCH_NATIVE_BINDING: '/tmp/evil.node' }
    expect(nativeBindingFor(env, false)).toBe('/tmp/evil.node')
    expect(nativeBindingFor(env, true)).toBeUndefined()
    expect(nativeBindingFor({}, false)).toBeUndefined()
    expect(nativeBindingFor({ DRIFTWATCH_NATIVE_BINDING: '' }, false)).toBeUndefined()
  })
})

describe('idle time', () => {
  it('is the same 15 minutes for the app and the browser host, shorter only when configured', () => {
    expect(IDLE_LOCK_SECONDS).toBe(15 * 60)
    expect(idleLockMsFromEnv({})).toBe(15 * 60 * 1000)
    expect(idleLockMsFromEnv({ DRIFTWATCH_IDLE_LOCK_SECONDS: '2' })).toBe(2000)
    expect(idleLockMsFromEnv({ DRIFTWATCH_IDLE_LOCK_SECONDS: 'soon' })).toBe(15 * 60 * 1000)
  })

  it('locks after the limit without activity, and activity postpones it', () => {
    let now = 0
    const lock = vi.fn()
    vi.useFakeTimers()
    try {
      const idle = startActivityLock({ limitMs: 1000, lock, everyMs: 100, now: () => now })
      now = 900
      vi.advanceTimersByTime(900)
      expect(lock).not.toHaveBeenCalled()
      idle.touch()
      now = 1800
      vi.advanceTimersByTime(900)
      expect(lock).not.toHaveBeenCalled()
      now = 2000
      vi.advanceTimersByTime(200)
      expect(lock).toHaveBeenCalled()
      idle.stop()
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('browser host', () => {
  let dir: { dir: string; cleanup(): void }
  let host: BrowserHost
  const send = (method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method,
          path,
          headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', 'x-driftwatch-token': host.token },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
        },
      )
      req.on('error', reject)
      req.end(body === undefined ? undefined : JSON.stringify(body))
    })
  const api = async (channel: string, input: unknown) => JSON.parse((await send('POST', `/api/${channel}`, input)).body) as { ok: boolean; data?: { state: string }; code?: string }
  const state = async () => (await api('session:status', {})).data!.state

  beforeAll(async () => {
    dir = tempDir()
    const rendererDir = join(dir.dir, 'renderer')
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Driftwatch</title>')
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {}')
    host = await startBrowserHost({ dbPath: join(dir.dir, 'caseload.db'), rendererDir, kdf: TEST_KDF, port: 0, idleLockMs: 1500 })
    expect(await api('session:create', { passphrase: PASSPHRASE, withDemo: false })).toMatchObject({ ok: true })
  })
  afterAll(async () => {
    await host.close()
    dir.cleanup()
  })

  it('asks for the passphrase again on a new page load, not for the page’s own files', async () => {
    expect(await state()).toBe('unlocked')
    expect((await send('GET', '/assets/app.js')).status).toBe(200)
    expect(await state()).toBe('unlocked')
    expect((await send('GET', '/')).status).toBe(200)
    expect(await state()).toBe('locked')
    expect(await api('caseload:professionals', {})).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await api('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    // A client-side route is the app's shell too.
    expect((await send('GET', '/case/C1')).status).toBe(200)
    expect(await state()).toBe('locked')
  })

  it('locks after the idle time; the background watch alone does not keep it open, the user’s activity does', async () => {
    expect(await api('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true })
    // The user is active: every watch says so, for longer than the limit.
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 400))
      expect(await api('session:watch', { active: true })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    }
    // Then only the background watch, with no input on the page.
    const deadline = Date.now() + 5000
    let seen = 'unlocked'
    while (Date.now() < deadline && seen === 'unlocked') {
      await new Promise((r) => setTimeout(r, 300))
      seen = (await api('session:watch', { active: false })).data!.state
    }
    expect(seen).toBe('locked')
  }, 20_000)
})
