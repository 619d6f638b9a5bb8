/**
 * The browser host: the token, Host and Origin checks, no CORS ever, GET-only static files with
 * the CSP, and the real core (encrypted database, drift engine, demo) behind `POST /api/<channel>`.
 */
import { request } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server'
import { PASSPHRASE, tempDir, TEST_KDF, TODAY } from './helpers'

let dir: { dir: string; cleanup(): void }
let host: BrowserHost

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

const api = (channel: string, input: unknown, headers: Record<string, string> = {}) =>
  send({
    method: 'POST',
    path: `/api/${channel}`,
    headers: { 'content-type': 'application/json', 'x-driftwatch-token': host.token, ...headers },
    body: JSON.stringify(input),
  })

beforeAll(async () => {
  dir = tempDir()
  const rendererDir = join(dir.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Driftwatch</title><script type="module" src="/assets/app.js"></script>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {}')
  writeFileSync(join(dir.dir, 'secret.txt'), 'SECRET')
  host = await startBrowserHost({ dbPath: join(dir.dir, 'caseload.db'), rendererDir, kdf: TEST_KDF, port: 0, demoChildren: 30 })
})
afterAll(async () => {
  await host.close()
  dir.cleanup()
})

describe('browser host', () => {
  it('listens on 127.0.0.1 and prints a URL with a long random token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`)
    expect(host.token.length).toBeGreaterThanOrEqual(40)
  })

  it('serves the renderer with the CSP and no CORS headers', async () => {
    const r = await send({ path: '/' })
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.body).toContain('Driftwatch')
    const csp = r.headers['content-security-policy'] as string
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/)
    expect(r.headers['access-control-allow-origin']).toBeUndefined()
    expect((await send({ path: '/assets/app.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('serves static files by GET only and never outside the renderer folder', async () => {
    expect((await send({ method: 'POST', path: '/index.html' })).status).toBe(405)
    expect((await send({ method: 'PUT', path: '/index.html' })).status).toBe(405)
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const r = await send({ path })
      expect(r.status, path).toBe(404)
      expect(r.body).not.toContain('SECRET')
    }
  })

  it('refuses API calls without the token or with a wrong one', async () => {
    const none = await send({ method: 'POST', path: '/api/session:status', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(none.status).toBe(403)
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const wrong = await api('session:status', {}, { 'x-driftwatch-token': 'x'.repeat(host.token.length) })
    expect(wrong.status).toBe(403)
    const short = await api('session:status', {}, { 'x-driftwatch-token': 'abc' })
    expect(short.status).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding) on API and static requests', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`, `localhost.evil.example:${host.port}`]) {
      expect((await api('session:status', {}, { host: h })).status, h).toBe(421)
      expect((await send({ path: '/', headers: { host: h } })).status, h).toBe(421)
    }
    expect((await api('session:status', {}, { host: `localhost:${host.port}` })).status).toBe(200)
  })

  it('refuses a foreign Origin and cross-site requests', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
      const r = await api('session:status', {}, { origin })
      expect(r.status, origin).toBe(403)
      expect(r.headers['access-control-allow-origin']).toBeUndefined()
    }
    expect((await api('session:status', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await api('session:status', {}, { origin: `http://127.0.0.1:${host.port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
  })

  it('never answers a CORS preflight', async () => {
    const r = await send({
      method: 'OPTIONS',
      path: '/api/session:status',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-driftwatch-token' },
    })
    expect(r.status).toBe(403)
    for (const k of Object.keys(r.headers)) expect(k.startsWith('access-control-')).toBe(false)
    const own = await send({ method: 'OPTIONS', path: '/api/session:status' })
    expect(own.status).toBe(405)
    for (const k of Object.keys(own.headers)) expect(k.startsWith('access-control-')).toBe(false)
  })

  it('runs the API through dispatch: unknown channels, bad JSON, validation', async () => {
    expect(JSON.parse((await api('nope:nope', {})).body)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(JSON.parse((await api('session:unlock', { passphrase: '' })).body)).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.passphrase' }] })
    expect(JSON.parse((await api('caseload:table', { asOf: 'x' })).body)).toMatchObject({ ok: false, code: 'LOCKED' })
    const bad = await send({ method: 'POST', path: '/api/session:status', headers: { 'x-driftwatch-token': host.token }, body: '{nope' })
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, code: 'VALIDATION' })
    const big = await send({ method: 'POST', path: '/api/session:unlock', headers: { 'x-driftwatch-token': host.token }, body: 'x'.repeat(2 * 1024 * 1024) })
    expect(big.status).toBe(413)
    expect((await send({ method: 'GET', path: '/api/session:status', headers: { 'x-driftwatch-token': host.token } })).status).toBe(405)
  })

  it('creates a demo caseload and answers every screen with the real drift engine', async () => {
    expect(JSON.parse((await api('session:status', {})).body)).toMatchObject({ ok: true, data: { state: 'no-caseload' } })
    expect(JSON.parse((await api('caseload:overview', { asOf: TODAY })).body)).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(JSON.parse((await api('session:create', { passphrase: PASSPHRASE, withDemo: true })).body)).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    const overview = JSON.parse((await api('caseload:overview', { asOf: TODAY })).body)
    expect(overview).toMatchObject({ ok: true, data: { asOf: TODAY } })
    expect(overview.data.openPlans).toBeGreaterThan(0)
    const table = JSON.parse((await api('caseload:table', { asOf: TODAY })).body)
    expect(table.ok).toBe(true)
    const child = table.data.columns.childId[0] as string
    const detail = JSON.parse((await api('case:detail', { childId: child, asOf: TODAY })).body)
    expect(detail).toMatchObject({ ok: true, data: { child: { id: child } } })
    expect(JSON.parse((await api('session:lock', {})).body)).toMatchObject({ ok: true, data: { state: 'locked' } })
    expect(JSON.parse((await api('session:unlock', { passphrase: 'wrong passphrase' })).body)).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' })
    expect(JSON.parse((await api('session:unlock', { passphrase: PASSPHRASE })).body)).toMatchObject({ ok: true })
  })
})
