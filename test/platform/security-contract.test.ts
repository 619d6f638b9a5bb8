/**
 * Security checks (written as an independent audit, black-box where possible) of the promises in README "Security model":
 * the browser host's HTTP surface (bind address, token, Host/Origin, CORS, headers, static paths,
 * bodies, channels, validation), the upload route, logs, wrong passphrases and the back-off, no
 * plaintext on disk, and key material after lock.
 *
 * Names searched for are built at run time, so this file's own text (or a compiled copy of it in a
 * cache) never matches.
 */
import { request } from 'node:http'
import { connect } from 'node:net'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server'
import { createCore } from '../../electron/core/app/core'
import { createDispatch } from '../../electron/core/app/dispatch'
import { createCaseload } from '../../electron/core/db/caseload-db'
import { importCaseload } from '../../electron/core/caseload/import'
import { exportCaseloadFile } from '../../electron/core/caseload/export'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import { keyFilePath, readKeyFile, unwrapDataKey } from '../../electron/core/db/key-file'
import { attemptsFilePath } from '../../electron/core/db/backoff'
import { CHANNELS } from '../../shared/ipc-contract'
import { capturingLogger, recordingHandlers, TEST_KDF, tempDir } from './helpers'

// ---------------------------------------------------------------------------------------------
// Distinctive values (built at run time).
const NAME = ['Zephyrine', 'Quorvathelle'].join(' ')
const NAME2 = ['Ottoline', 'Brackenwhistle'].join(' ')
const PASS = ['audit', 'passphrase', 'kestrel', '7731'].join('-')
const WRONG = ['not', 'the', 'passphrase', 'ptarmigan'].join('-')
const UPLOAD_FILE = ['Quorvathelle', 'referral.json'].join('-')
const ASOF = '2026-11-26'

const needlesFor = (s: string) => [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le')]
const SQLITE_HEADER = Buffer.from('SQLite format 3\0')

/** Every regular file under `root` (symlinks not followed). */
function walk(root: string, out: string[] = []): string[] {
  let entries: string[]
  try {
    entries = readdirSync(root)
  } catch {
    return out
  }
  for (const e of entries) {
    const p = join(root, e)
    let st
    try {
      st = lstatSync(p)
    } catch {
      continue
    }
    if (st.isDirectory()) walk(p, out)
    else if (st.isFile()) out.push(p)
  }
  return out
}

const TMP_BEFORE = new Set(readdirSync(tmpdir()))
const MY_UID = process.getuid?.() ?? -1

/** New entries of os.tmpdir() since this file loaded, owned by this user, minus `exclude`. */
function newTmpFiles(exclude: string[]): string[] {
  const out: string[] = []
  for (const e of readdirSync(tmpdir())) {
    if (TMP_BEFORE.has(e)) continue
    const p = join(tmpdir(), e)
    if (exclude.some((x) => p === x || p.startsWith(x + '/'))) continue
    try {
      if (lstatSync(p).uid !== MY_UID) continue
    } catch {
      continue
    }
    if (lstatSync(p).isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out.filter((f) => !exclude.some((x) => f.startsWith(x + '/')))
}

function plaintextHits(files: string[], names: string[]): string[] {
  const hits: string[] = []
  for (const f of files) {
    let buf: Buffer
    try {
      buf = readFileSync(f)
    } catch {
      continue
    }
    if (buf.subarray(0, 16).equals(SQLITE_HEADER)) hits.push(`${f}: SQLite header`)
    for (const n of names) for (const needle of needlesFor(n)) if (buf.includes(needle)) hits.push(`${f}: ${n}`)
  }
  return hits
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers.
interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function httpSend(
  port: number,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; noHost?: boolean },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: o.method ?? 'GET',
        path: o.path,
        headers: o.noHost ? { ...o.headers } : { host: `127.0.0.1:${port}`, ...o.headers },
        setHost: !o.noHost,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      },
    )
    req.on('error', reject)
    req.end(o.body)
  })
}

/** A raw request over a socket (for request lines Node's client would not send). */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1')
    let data = ''
    s.on('data', (d) => (data += String(d)))
    s.on('end', () => resolve(data))
    s.on('error', reject)
    s.write(text)
    setTimeout(() => s.end(), 1500)
  })
}

function expectSecurityHeaders(r: Reply, what: string) {
  const csp = r.headers['content-security-policy']
  expect(typeof csp, `${what}: CSP`).toBe('string')
  expect(csp as string, what).toContain("default-src 'none'")
  expect(csp as string, what).toContain("frame-ancestors 'none'")
  expect(csp as string, what).not.toMatch(/unsafe-eval|unsafe-inline/)
  expect(r.headers['x-content-type-options'], what).toBe('nosniff')
  for (const k of Object.keys(r.headers)) expect(k.startsWith('access-control-'), `${what}: ${k}`).toBe(false)
}

// =============================================================================================
describe('browser host over HTTP', () => {
  let t: { dir: string; cleanup(): void }
  let inputs: { dir: string; cleanup(): void }
  let host: BrowserHost
  let uploadRoot: string
  let dbPath: string
  let rendererDir: string
  const log = capturingLogger()
  const consoleLines: string[] = []
  const origError = console.error
  const origLog = console.log
  const origWarn = console.warn
  let docPath: string

  const send = (o: Parameters<typeof httpSend>[1]) => httpSend(host.port, o)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are read loosely
  const api = async <T = any>(channel: string, input: unknown, headers: Record<string, string> = {}) => {
    const r = await send({
      method: 'POST',
      path: `/api/${channel}`,
      headers: { 'content-type': 'application/json', 'x-driftwatch-token': host.token, ...headers },
      body: JSON.stringify(input),
    })
    return { status: r.status, reply: r, ...(JSON.parse(r.body) as { ok: boolean; data: T; code?: string; message?: string; problems?: { path: string }[] }) }
  }
  const upload = (handle: string, name: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    send({
      method: 'POST',
      path: `/upload/${handle}`,
      headers: { 'x-driftwatch-token': host.token, 'x-driftwatch-file-name': encodeURIComponent(name), ...headers },
      body,
    })
  const scanDisk = () => plaintextHits([...walk(t.dir), ...newTmpFiles([inputs.dir, t.dir])], [NAME, NAME2])

  beforeAll(async () => {
    const capture = (...a: unknown[]) => consoleLines.push(a.map(String).join(' '))
    console.error = capture
    console.log = capture
    console.warn = capture
    t = tempDir()
    inputs = tempDir()
    // A source caseload with the distinctive child, exported as an interchange document (the user's file).
    const src = join(inputs.dir, 'src.db')
    const db = await createCaseload({ path: src, passphrase: 'source passphrase x', kdf: TEST_KDF })
    const doc = demoCaseloadDocument({ children: 12, seed: 3, asOf: ASOF })
    doc.children.push({ id: 'CAUDIT', name: NAME, complex: false, team: 'Audit team' })
    doc.plans.push({ id: 'PLAUDIT', childId: 'CAUDIT', startDate: '2026-01-05', initialCategory: 'neglect', previousPlans: 0 })
    importCaseload(db, doc)
    docPath = join(inputs.dir, UPLOAD_FILE)
    exportCaseloadFile(db, docPath)
    db.close()

    rendererDir = join(t.dir, 'renderer')
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Driftwatch</title>')
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {}')
    writeFileSync(join(t.dir, 'secret.txt'), 'SECRETFILE')
    writeFileSync(join(t.dir, 'secret.js'), 'SECRETFILE')
    symlinkSync(join(t.dir, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'))
    symlinkSync(t.dir, join(rendererDir, 'linkdir'))
    uploadRoot = join(t.dir, 'uploads')
    mkdirSync(uploadRoot)
    dbPath = join(t.dir, 'data', 'caseload.db')
    host = await startBrowserHost({ dbPath, rendererDir, kdf: TEST_KDF, port: 0, uploadRoot, log })
  }, 60_000)

  afterAll(async () => {
    await host?.close()
    console.error = origError
    console.log = origLog
    console.warn = origWarn
    t?.cleanup()
    inputs?.cleanup()
  })

  // ---- network, token, Host, Origin ------------------------------------------------------------
  it('listens on 127.0.0.1 only (not on other local addresses)', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a): a is NonNullable<typeof a> => !!a && a.family === 'IPv4' && a.address !== '127.0.0.1')
      .map((a) => a.address)
    for (const address of ['127.0.0.2', ...others]) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(host.port, address)
        s.on('connect', () => {
          s.destroy()
          resolve(false)
        })
        s.on('error', () => resolve(true))
      })
      expect(refused, address).toBe(true)
    }
    const v6 = await new Promise<boolean>((resolve) => {
      const s = connect(host.port, '::1')
      s.on('connect', () => {
        s.destroy()
        resolve(false)
      })
      s.on('error', () => resolve(true))
    })
    expect(v6, '::1').toBe(true)
  })

  it('refuses API and upload calls without the exact token', async () => {
    const tok = host.token
    const variants: (Record<string, string> | null)[] = [
      null,
      { 'x-driftwatch-token': '' },
      { 'x-driftwatch-token': 'x'.repeat(tok.length) },
      { 'x-driftwatch-token': tok.slice(0, -1) },
      { 'x-driftwatch-token': tok + 'A' },
      { 'x-driftwatch-token': tok.toUpperCase() === tok ? tok.toLowerCase() : tok.toUpperCase() },
      { 'x-driftwatch-token': ` ${tok}x` },
      { 'x-driftwatch-token': 'é'.repeat(tok.length) },
      { authorization: `Bearer ${tok}` },
      { cookie: `token=${tok}` },
    ]
    for (const v of variants) {
      const r = await send({ method: 'POST', path: '/api/session:status', headers: { 'content-type': 'application/json', ...(v ?? {}) }, body: '{}' })
      expect(r.status, JSON.stringify(v)).toBe(403)
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
      expectSecurityHeaders(r, 'token refusal')
    }
    // Token in the query string or fragment-as-path is not accepted either.
    expect((await send({ method: 'POST', path: `/api/session:status?token=${tok}`, body: '{}' })).status).toBe(403)
    // Two token headers (one right): joined by Node, never accepted.
    const dup = await raw(
      host.port,
      `POST /api/session:status HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Driftwatch-Token: ${tok}\r\nX-Driftwatch-Token: ${tok}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    )
    expect(dup.split('\r\n')[0]).toMatch(/ 403 /)
    expect((await upload('A'.repeat(43), 'a.json', '{}', { 'x-driftwatch-token': 'x' })).status).toBe(403)
  })

  it('compares the token timing-safely (source check: timingSafeEqual, length checked first)', () => {
    const src = readFileSync(join(__dirname, '..', '..', 'electron', 'browser-host', 'server.ts'), 'utf8')
    expect(src).toMatch(/timingSafeEqual\(a, b\)/)
    expect(src).not.toMatch(/\[TOKEN_HEADER\]\s*===|===\s*token\b/)
  })

  it('refuses foreign or missing Host headers and foreign Origins on every route', async () => {
    const port = host.port
    const refusedByParser: string[] = []
    for (const h of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port}.evil.example`, `127.0.0.1`, `0.0.0.0:${port}`, `[::1]:${port}`, `127.1:${port}`, `LOCALHOST.:${port}`]) {
      for (const path of ['/', '/api/session:status', '/upload/x', '/assets/app.js', '/nope.txt']) {
        let r: Reply | null = null
        try {
          r = await send({ method: path.startsWith('/api') || path.startsWith('/upload') ? 'POST' : 'GET', path, headers: { host: h, 'x-driftwatch-token': host.token }, body: '{}' })
        } catch (e) {
          // Node's HTTP parser may drop a request whose Host header is malformed: also a refusal.
          refusedByParser.push(`${h} ${path}: ${(e as Error).message}`)
          continue
        }
        // 400 without our body: Node's own parser refused the header before the host saw it.
        if (r.status === 400 && r.body === '') continue
        expect(r.status, `${h} ${path}`).toBe(421)
        expectSecurityHeaders(r, `host ${h}`)
      }
    }
    expect(refusedByParser).toEqual([])
    // HTTP/1.0 without Host.
    const noHost = await raw(port, `GET / HTTP/1.0\r\n\r\n`)
    expect(noHost.split('\r\n')[0]).toMatch(/ (400|421) /)
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${port}.evil.example`, `http://127.0.0.1:${port}/`, `http://localhost:${port}`, 'file://']) {
      const r = await api('session:status', {}, { origin })
      expect(r.status, origin).toBe(403)
      expectSecurityHeaders(r.reply, `origin ${origin}`)
    }
    for (const site of ['cross-site', 'same-site']) expect((await api('session:status', {}, { 'sec-fetch-site': site })).status, site).toBe(403)
  })

  // ---- static files ---------------------------------------------------------------------------
  it('never serves a file outside the renderer folder (traversal, encodings, symlinks)', async () => {
    const paths = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/%252e%252e/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..\\secret.txt',
      '/..%5csecret.txt',
      '/..%5Csecret.js',
      '/%c0%ae%c0%ae/secret.txt',
      '/.%2e/secret.txt',
      `/${t.dir}/secret.txt`,
      `//${t.dir.slice(1)}/secret.txt`,
      `/${encodeURIComponent(join(t.dir, 'secret.txt'))}`,
      '/secret.txt%00.js',
      '/assets/link.txt',
      '/linkdir/secret.txt',
      '/linkdir/secret.js',
      '/C:/Windows/win.ini',
      '/assets/app.js/..',
    ]
    for (const path of paths) {
      const r = await send({ path })
      expect(r.status, path).toBe(404)
      expect(r.body, path).not.toContain('SECRETFILE')
      expectSecurityHeaders(r, path)
    }
    for (const line of [`GET ../secret.txt HTTP/1.1`, `GET http://127.0.0.1:${host.port}/../secret.txt HTTP/1.1`, `GET /../../secret.txt HTTP/1.1`]) {
      const r = await raw(host.port, `${line}\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`)
      expect(r, line).not.toContain('SECRETFILE')
    }
  })

  it('sends the security headers on static files, errors and 405s', async () => {
    for (const [method, path] of [
      ['GET', '/assets/app.js'],
      ['GET', '/missing.js'],
      ['POST', '/index.html'],
      ['DELETE', '/assets/app.js'],
      ['GET', '/api/session:status'],
      ['GET', '/upload/abc'],
    ] as const) {
      const r = await send({ method, path })
      expectSecurityHeaders(r, `${method} ${path}`)
    }
  })

  // ---- bodies, JSON, channels ------------------------------------------------------------------
  it('refuses large bodies, malformed JSON and unknown channels with clear codes', async () => {
    const big = await send({ method: 'POST', path: '/api/session:status', headers: { 'x-driftwatch-token': host.token }, body: Buffer.alloc(3 * 1024 * 1024, 0x20) })
    expect(big.status).toBe(413)
    expectSecurityHeaders(big, '413')
    for (const body of ['{nope', '\u0000', '{"a":1}{"b":2}', Buffer.from([0xff, 0xfe, 0x7b, 0x7d])]) {
      const r = await send({ method: 'POST', path: '/api/session:status', headers: { 'x-driftwatch-token': host.token }, body })
      expect([200, 400], String(body).slice(0, 20)).toContain(r.status)
      expect(JSON.parse(r.body).ok, String(body).slice(0, 20)).toBe(false)
      expect(JSON.parse(r.body).code).toBe('VALIDATION')
      expectSecurityHeaders(r, 'bad json')
    }
    for (const ch of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'session:status/..', '%E0%A4%A', 'session%3Astatus%00', 'session:status%20', '']) {
      const r = await send({ method: 'POST', path: `/api/${ch}`, headers: { 'x-driftwatch-token': host.token, 'content-type': 'application/json' }, body: '{}' })
      const j = JSON.parse(r.body)
      expect(j.ok, ch).toBe(false)
      expect(j.code, ch).toBe('FORBIDDEN')
      expectSecurityHeaders(r, `channel ${ch}`)
    }
  })

  // Found by the audit: the window's thread handed it to the core's thread with postMessage, whose
  // structured clone overflowed the stack before the contract's check, so the host answered 500
  // INTERNAL (and the request's id stayed in core-client's map).
  it('deeply nested (valid) JSON is a VALIDATION error, not a 500 INTERNAL', async () => {
    const depth = 10_000
    const r = await send({ method: 'POST', path: '/api/session:unlock', headers: { 'x-driftwatch-token': host.token }, body: '['.repeat(depth) + ']'.repeat(depth) })
    expectSecurityHeaders(r, 'deep json')
    expect(JSON.parse(r.body).ok).toBe(false)
    expect(r.status).not.toBe(500)
    expect(JSON.parse(r.body).code).toBe('VALIDATION')
  })

  it('keeps serving other requests while a slow body trickles in', async () => {
    const slow = connect(host.port, '127.0.0.1')
    await new Promise((r) => slow.on('connect', r))
    slow.write(`POST /api/session:status HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Driftwatch-Token: ${host.token}\r\nContent-Length: 100000\r\n\r\n{`)
    const t0 = Date.now()
    const r = await api('session:status', {})
    expect(r.ok).toBe(true)
    expect(Date.now() - t0).toBeLessThan(5000)
    slow.destroy()
  })

  it('returns VALIDATION for bad inputs before anything reaches the database', async () => {
    const created = await api('session:create', { passphrase: PASS, withDemo: false })
    expect(created.ok, JSON.stringify(created)).toBe(true)
    const before = (await api('history:list', {})).data
    for (const input of [
      { name: '', complex: false },
      { name: NAME2, complex: 'yes' },
      { name: NAME2, complex: false, extra: 1 },
      { name: NAME2.repeat(1000), complex: false },
      { name: NAME2, complex: false, dateOfBirth: '2026-02-30' },
      [],
      null,
      'x',
    ]) {
      const r = await api('record:child', input)
      expect(r.ok, JSON.stringify(input).slice(0, 60)).toBe(false)
      expect(r.code).toBe('VALIDATION')
      expect(r.message).toBeTruthy()
    }
    // "__proto__" as a real own key (JSON.parse makes one).
    const proto = await send({ method: 'POST', path: '/api/record:child', headers: { 'x-driftwatch-token': host.token }, body: `{"name":"${NAME2}","complex":false,"__proto__":{"x":1}}` })
    expect(JSON.parse(proto.body).code).toBe('VALIDATION')
    expect((await api('history:list', {})).data).toEqual(before)
    expect((await api('caseload:table', { asOf: ASOF })).data.rows ?? 0).toBeFalsy()
  })

  // ---- the upload route -----------------------------------------------------------------------
  it('upload route: refuses bad names, guessed handles, and stays inside its 0700 folder', async () => {
    const start = await api<{ handle: string }>('import:upload-start', { source: 'json', name: 'x' })
    expect(start.ok).toBe(true)
    const handle = start.data.handle
    const bad = [
      '../escape.json',
      '..\\escape.json',
      '/etc/escape.json',
      `${t.dir}/escape.json`,
      'a/b.json',
      'a\0.json',
      'a.json\0.txt',
      '.json',
      '.hidden.json',
      'x'.repeat(300) + '.json',
      'a.json ',
      'a.csv',
      'con:.json',
      '..json',
      'a..json',
      '',
    ]
    for (const name of bad) {
      const r = await upload(handle, name, '{}')
      expect(r.status, JSON.stringify(name)).toBeGreaterThanOrEqual(400)
      expect(JSON.parse(r.body).ok).toBe(false)
    }
    // Undecodable percent-encoding, and a raw header that is not URI-encoded.
    expect((await upload(handle, 'x', '{}', { 'x-driftwatch-file-name': '%E0%A4%A' })).status).toBe(400)
    expect((await upload(handle, 'x', '{}', { 'x-driftwatch-file-name': '..%2F..%2Fescape.json' })).status).toBe(400)
    for (const h of ['', 'A'.repeat(43), handle.slice(0, -1), handle + 'A', `${handle}/../x`, `${handle}%3Fx=1`, `${handle}%00`]) {
      const r = await upload(h, 'ok.json', '{}')
      expect(r.status, h).toBe(403)
    }
    expect(walk(t.dir).some((f) => f.endsWith('escape.json'))).toBe(false)
    expect(walk(uploadRoot)).toEqual([])
    const dirs = readdirSync(uploadRoot)
    expect(dirs.length).toBe(1)
    expect(statSync(join(uploadRoot, dirs[0]!)).mode & 0o777).toBe(0o700)
    expect((await api('import:cancel', { handle })).data).toEqual({ cancelled: true })
    expect(readdirSync(uploadRoot)).toEqual([])
  })

  // ---- typical operations: plaintext on disk, logs --------------------------------------------
  it('imports, scans, records, backs up, exports, locks and restores with no plaintext on disk', async () => {
    const start = await api<{ handle: string }>('import:upload-start', { source: 'json', name: UPLOAD_FILE })
    const handle = start.data.handle
    const up = await upload(handle, UPLOAD_FILE, readFileSync(docPath))
    expect(up.status, up.body).toBe(200)
    const upDir = join(uploadRoot, readdirSync(uploadRoot)[0]!)
    expect(statSync(join(upDir, UPLOAD_FILE)).mode & 0o777).toBe(0o600)
    const wait = async (want: string) => {
      for (let i = 0; i < 400; i++) {
        const s = await api<{ state: string }>('import:status', { handle })
        if (s.data.state === want) return s
        if (s.data.state === 'failed') throw new Error(JSON.stringify(s.data))
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`never ${want}`)
    }
    expect((await api('import:preview', { handle })).ok).toBe(true)
    await wait('previewed')
    expect((await api('import:apply', { handle, replace: false })).ok).toBe(true)
    await wait('applied')
    // The upload (plaintext, by design while importing) is gone once applied.
    expect(existsSync(upDir)).toBe(false)
    expect(scanDisk()).toEqual([])

    const table = await api('caseload:table', { asOf: ASOF })
    expect(table.ok).toBe(true)
    expect(JSON.stringify(table.data)).toContain(NAME)
    expect((await api('case:detail', { childId: 'CAUDIT', asOf: ASOF })).ok).toBe(true)
    expect((await api('caseload:triage', { asOf: ASOF })).ok).toBe(true)
    const rec = await api('record:child', { name: NAME2, complex: false })
    expect(rec.ok, JSON.stringify(rec)).toBe(true)
    expect(scanDisk()).toEqual([])

    // A backup, waited for.
    expect((await api('backup:now', {})).ok).toBe(true)
    for (let i = 0; i < 400; i++) {
      const s = await api<{ job: unknown }>('backup:status', {})
      if (!s.data.job || (s.data.job as { state?: string }).state !== 'running') break
      await new Promise((r) => setTimeout(r, 50))
    }
    await new Promise((r) => setTimeout(r, 300))
    expect(scanDisk()).toEqual([])
    const exp = await api('audit:indicators', { from: '2026-01-01', to: ASOF })
    expect(exp.ok).toBe(true)
    const doc = await api('export:document', { target: { kind: 'audit', from: '2026-01-01', to: ASOF }, format: 'pdf', purpose: 'file' })
    expect(doc.ok, JSON.stringify(doc).slice(0, 200)).toBe(true)
    expect(scanDisk()).toEqual([])

    // Lock (a backup on lock), wrong passphrase, right one.
    expect((await api('session:lock', {})).data.state).toBe('locked')
    await new Promise((r) => setTimeout(r, 500))
    expect(scanDisk()).toEqual([])
    const bad = await api('session:unlock', { passphrase: WRONG })
    expect(bad.code).toBe('WRONG_PASSPHRASE')
    expect(JSON.stringify(bad)).not.toContain(WRONG)
    expect((await api('session:unlock', { passphrase: PASS })).ok).toBe(true)
    const status = await api<{ backups: { file: string }[] }>('backup:status', {})
    expect(status.data.backups.length).toBeGreaterThan(0)
    const restored = await api('backup:restore', { file: status.data.backups[0]!.file, passphrase: PASS })
    expect(restored.ok, JSON.stringify(restored).slice(0, 300)).toBe(true)
    expect(scanDisk()).toEqual([])
    expect((await api('session:lock', {})).ok).toBe(true)
    await new Promise((r) => setTimeout(r, 500))
    expect(scanDisk()).toEqual([])
  }, 120_000)

  it('an import that fails on a distinctive value does not log it', async () => {
    expect((await api('session:unlock', { passphrase: PASS })).ok).toBe(true)
    const start = await api<{ handle: string }>('import:upload-start', { source: 'json', name: 'bad.json' })
    const handle = start.data.handle
    const bogus = JSON.stringify({ format: 'driftwatch.caseload', version: 1, children: [{ id: 'C1', name: NAME, complex: 'no' }] })
    expect((await upload(handle, 'bad.json', bogus)).status).toBe(200)
    await api('import:preview', { handle })
    for (let i = 0; i < 200; i++) {
      const s = await api<{ state: string }>('import:status', { handle })
      if (s.data.state !== 'previewing') break
      await new Promise((r) => setTimeout(r, 50))
    }
    await api('import:cancel', { handle })
    expect((await api('session:lock', {})).ok).toBe(true)
  })

  it('nothing sensitive in the logs (names, passphrases, token, the user\'s file names and folders)', () => {
    const lines = [...log.lines, ...consoleLines].join('\n')
    for (const secret of [NAME, NAME2, PASS, WRONG, host.token, UPLOAD_FILE, inputs.dir, t.dir]) {
      expect(lines.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false)
    }
  })

  it('locking deletes an upload waiting to be imported; uploads while locked are refused', async () => {
    expect((await api('session:unlock', { passphrase: PASS })).ok).toBe(true)
    const { data } = await api<{ handle: string }>('import:upload-start', { source: 'json', name: 'x' })
    expect((await upload(data.handle, 'waiting.json', readFileSync(docPath))).status).toBe(200)
    expect(walk(uploadRoot).length).toBe(1)
    expect((await api('session:lock', {})).ok).toBe(true)
    expect(readdirSync(uploadRoot)).toEqual([])
    const r = await upload(data.handle, 'late.json', '{}')
    expect(r.status).toBe(403)
    expect(walk(uploadRoot)).toEqual([])
  })

  it('a new page load locks the caseload', async () => {
    expect((await api('session:unlock', { passphrase: PASS })).ok).toBe(true)
    await send({ path: '/some/client/route' })
    expect((await api('session:status', {})).data.state).toBe('locked')
  })
})

// =============================================================================================
describe('dispatch: validation in both directions', () => {
  it('garbage input on every channel is VALIDATION or LOCKED and never reaches a handler', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatch({ handlers, isUnlocked: () => true, log: capturingLogger() })
    for (const channel of CHANNELS) {
      for (const input of [null, 42, 'x', [], { __proto__: null, junk: NAME }, { constructor: { prototype: { polluted: 1 } } }]) {
        const r = await dispatch(channel, input)
        expect(r.ok, `${channel} ${JSON.stringify(input)}`).toBe(false)
        expect((r as { code: string }).code, channel).toBe('VALIDATION')
      }
    }
    expect(calls).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('an output that breaks the contract is INTERNAL, and the log names only paths', async () => {
    const log = capturingLogger()
    const { handlers } = recordingHandlers({
      'session:status': () => ({ state: 'unlocked', location: NAME, today: 5 }),
      'settings:user-get': () => ({ name: NAME, account: 'x', extra: PASS }),
      'session:lock': () => {
        throw new Error(`failed for ${NAME}`)
      },
    })
    const dispatch = createDispatch({ handlers, isUnlocked: () => true, log })
    const a = await dispatch('session:status', {})
    expect(a).toMatchObject({ ok: false, code: 'INTERNAL' })
    const b = await dispatch('settings:user-get', {})
    expect(JSON.stringify(b)).not.toContain(PASS)
    const c = await dispatch('session:lock', {})
    expect(c).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(JSON.stringify(c)).not.toContain(NAME)
    expect(log.lines.join('\n')).not.toContain(NAME)
    expect(log.lines.join('\n')).not.toContain(PASS)
  })
})

// =============================================================================================
describe('wrong passphrases and the back-off', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())
  const dbPath = join(t.dir, 'caseload.db')
  const digest = (p: string) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') + statSync(p).mtimeMs : 'absent')

  it('a wrong passphrase touches neither the database nor its key file; waits grow after three and survive a restart', async () => {
    const waits: number[] = []
    const make = () => createCore({ dbPath, kdf: TEST_KDF, backoffMs: 7, wait: async (ms) => void waits.push(ms), log: capturingLogger() })
    let core = make()
    const created = await core.dispatch('session:create', { passphrase: PASS, withDemo: false })
    expect(created.ok).toBe(true)
    const code = (created as { data: { recoveryCode: string } }).data.recoveryCode
    await core.dispatch('session:lock', {})
    await new Promise((r) => setTimeout(r, 300))
    const files = [dbPath, keyFilePath(dbPath), `${dbPath}-wal`, `${dbPath}-shm`]
    const before = files.map(digest)
    for (let i = 0; i < 5; i++) expect(await core.dispatch('session:unlock', { passphrase: `${WRONG}${i}` })).toMatchObject({ code: 'WRONG_PASSPHRASE' })
    expect(files.map(digest)).toEqual(before)
    expect(waits).toEqual([7, 14])
    expect(readFileSync(attemptsFilePath(dbPath), 'utf8')).not.toContain(WRONG)
    // A restart (a new core on the same files) keeps counting; so do recovery-code tries.
    core = make()
    expect(await core.dispatch('session:unlock', { passphrase: WRONG })).toMatchObject({ code: 'WRONG_PASSPHRASE' })
    expect(await core.dispatch('session:reset-passphrase', { recoveryCode: 'ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567', newPassphrase: 'another passphrase x' })).toMatchObject({ ok: false })
    expect(waits).toEqual([7, 14, 21, 28])
    expect(files.map(digest)).toEqual(before)
    // A right one waits too, then resets.
    expect((await core.dispatch('session:unlock', { passphrase: PASS })).ok).toBe(true)
    expect(waits.at(-1)).toBeGreaterThanOrEqual(28)
    await core.dispatch('session:lock', {})
    const n = waits.length
    expect(await core.dispatch('session:unlock', { passphrase: WRONG })).toMatchObject({ code: 'WRONG_PASSPHRASE' })
    expect(waits.length).toBe(n)
    expect(code).toBeTruthy()
  }, 60_000)
})

// =============================================================================================
describe('key material after lock (the app core worker\'s options, more screens)', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())

  it('after lock, the heap holds no child name, no passphrase and no key in hex', async () => {
    const dbPath = join(t.dir, 'caseload.db')
    const db = await createCaseload({ path: dbPath, passphrase: PASS, kdf: TEST_KDF })
    const doc = demoCaseloadDocument({ children: 20, seed: 5, asOf: ASOF })
    doc.children.push({ id: 'CAUDIT', name: NAME, complex: false, team: 'Audit team' })
    doc.plans.push({ id: 'PLAUDIT', childId: 'CAUDIT', startDate: '2026-01-05', initialCategory: 'neglect', previousPlans: 0 })
    importCaseload(db, doc)
    db.close()
    const childScript = join(t.dir, 'heap-child.ts')
    const root = join(__dirname, '..', '..')
    writeFileSync(
      childScript,
      `
import { writeHeapSnapshot } from 'node:v8'
import { createCore } from ${JSON.stringify(join(root, 'electron/core/app/core'))}
const [dbPath, unlockedOut, lockedOut] = process.argv.slice(2)
const asOf = '${ASOF}'
void (async () => {
  const { dispatch } = createCore({ dbPath, today: () => asOf, checkInThread: true, readAhead: true, backupInThread: true, warmAfterUnlock: true, quiet: { checkMs: 10, dailyBackupMs: 10 } })
  const u = await dispatch('session:unlock', { passphrase: process.env.AUDIT_PASS })
  const oks = []
  for (const [ch, input] of [
    ['caseload:overview', { asOf }], ['caseload:table', { asOf }], ['case:detail', { childId: 'CAUDIT', asOf }],
    ['caseload:triage', { asOf }], ['history:list', {}], ['gaps:summary', { asOf }], ['gaps:baseline', { asOf }],
    ['supervision:agenda', { scope: { kind: 'caseload', id: '' }, date: asOf }], ['midway:list', { childId: 'CAUDIT' }], ['audit:indicators', { from: '2026-01-01', to: asOf }],
    ['export:document', { target: { kind: 'audit', from: '2026-01-01', to: asOf }, format: 'txt', purpose: 'clipboard' }],
    ['caseload:professionals', {}], ['backup:now', {}], ['access:log', {}],
  ]) { const r = await dispatch(ch, input); oks.push(ch + ':' + r.ok) }
  await new Promise((r) => setTimeout(r, 1500))
  writeHeapSnapshot(unlockedOut)
  await dispatch('session:lock', {})
  await new Promise((r) => setTimeout(r, 1500))
  writeHeapSnapshot(lockedOut)
  process.stdout.write(JSON.stringify({ unlocked: u.ok, oks }))
  process.exit(0)
})()
`,
    )
    const un = join(t.dir, 'u.heapsnapshot')
    const lo = join(t.dir, 'l.heapsnapshot')
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dbPath, un, lo], {
      cwd: root,
      env: { ...process.env, AUDIT_PASS: PASS },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += String(d)))
    child.stderr.on('data', (d) => (err += String(d)))
    const code = await new Promise<number | null>((r) => child.on('exit', r))
    expect(code, err).toBe(0)
    const result = JSON.parse(out) as { unlocked: boolean; oks: string[] }
    expect(result.unlocked).toBe(true)
    expect(result.oks.filter((x) => x.endsWith(':false'))).toEqual([])
    const key = await unwrapDataKey(readKeyFile(dbPath), PASS)
    const hex = key.toString('hex')
    key.fill(0)
    const unlocked = readFileSync(un)
    const locked = readFileSync(lo)
    expect(unlocked.includes(Buffer.from(NAME)), `name while unlocked; screens ${result.oks.join(' ')}`).toBe(true)
    expect(unlocked.includes(Buffer.from(hex))).toBe(false)
    for (const [what, needle] of [
      ['name', Buffer.from(NAME)],
      ['name utf16', Buffer.from(NAME, 'utf16le')],
      ['passphrase', Buffer.from(PASS)],
      ['key hex', Buffer.from(hex)],
      ['key HEX', Buffer.from(hex.toUpperCase())],
    ] as const) {
      expect(locked.includes(needle), `${what} after lock (screens ${result.oks.join(' ')})`).toBe(false)
    }
  }, 180_000)
})
