/**
 * The browser host: the same renderer and core as the Electron app, served over HTTP on
 * 127.0.0.1 for tests and for machines where Electron cannot run. It is never part of the
 * Electron app (electron/main does not import it).
 *
 * Anyone on the machine can reach a loopback port, and any web page the user visits can make the
 * browser send requests to it, so every API request must prove it comes from the page we served:
 *   - a one-time random token (printed in the URL fragment, which browsers never send to servers
 *     or put in Referer) in the `X-Driftwatch-Token` header; a custom header also means a foreign
 *     page's request needs a CORS preflight, which we never grant;
 *   - a Host header of exactly 127.0.0.1:PORT or localhost:PORT (stops DNS rebinding);
 *   - an Origin, when the browser sends one, equal to our own origin.
 * No CORS header is ever sent. Static files: GET only, contained in the renderer folder, with the
 * app's CSP (plus `connect-src 'self'`, because here the page talks to the core with fetch).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Result } from '../../shared/ipc-contract'
import { isDriftwatchError } from '../../shared/errors'
import { startCoreWorker, type CoreClient } from '../core/worker/core-client'
import type { KdfCost } from '../core/db/key-file'
import type { Logger } from '../core/app/log'
import { resolveStaticPath, securityHeaders, serveStatic } from '../core/app/static-files'
import { IDLE_LOCK_SECONDS, startActivityLock } from '../core/app/activity-lock'
import { sep } from 'node:path'

export const TOKEN_HEADER = 'x-driftwatch-token'
/** The uploaded file's name (URI-encoded), on `POST /upload/<handle>`. */
export const FILE_NAME_HEADER = 'x-driftwatch-file-name'
const MAX_BODY = 1024 * 1024
/** One uploaded source file at most (an SSD visits table of a large authority is a few hundred MB). */
const MAX_UPLOAD = 4 * 1024 * 1024 * 1024

export interface BrowserHostOptions {
  dbPath: string
  /** 0 (the default) picks a free port. */
  port?: number
  rendererDir: string
  kdf?: KdfCost
  nativeBinding?: string
  /** Fixes the token (tests only); by default it is 32 random bytes, new on every start. */
  token?: string
  /** Demo caseload size offered on first run (default 80). */
  demoChildren?: number
  /** Where the Import screen's upload folders are made (default: the system's temporary folder). */
  uploadRoot?: string
  log?: Logger
  /** Locks after this long without use (default 15 minutes, as the app; DRIFTWATCH_IDLE_LOCK_SECONDS). */
  idleLockMs?: number
  /** The core worker's built script (built-core.ts); default: the TypeScript source through tsx. */
  coreWorker?: string
}

export interface BrowserHost {
  url: string
  token: string
  port: number
  /** The core, in its worker thread (the same split as the Electron app). */
  core: CoreClient
  close(): Promise<void>
}

const HEADERS = securityHeaders({ connectSelf: true })

function send(res: ServerResponse, status: number, body: Buffer | string, headers: Record<string, string>): void {
  res.writeHead(status, { ...HEADERS, ...headers })
  res.end(body)
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown> | Uint8Array): void {
  const body = result instanceof Uint8Array ? Buffer.from(result.buffer, result.byteOffset, result.byteLength) : JSON.stringify(result)
  send(res, status, body, { 'Content-Type': 'application/json; charset=utf-8' })
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendResult(res, status, { ok: false, code, message })
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > MAX_BODY) {
        done = true
        resolve(null)
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks))
    })
    req.on('error', () => {
      if (!done) resolve(null)
      done = true
    })
  })
}

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  // The core runs in a worker thread, as in the Electron app: this thread serves HTTP and never
  // opens the database.
  const core = startCoreWorker({
    dbPath: options.dbPath,
    ...(options.kdf ? { kdf: options.kdf } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.demoChildren ? { demoChildren: options.demoChildren } : {}),
    ...(options.log ? { log: options.log } : {}),
    // The Import screen uploads files here (there is no native dialog in a browser).
    uploads: true,
    ...(options.uploadRoot ? { uploadRoot: options.uploadRoot } : {}),
    lockProgram: 'the browser host',
    ...(options.coreWorker ? { workerScript: options.coreWorker } : {}),
  })
  await core.ready
  let port = 0
  // The same idle limit as the app. Activity is any request but the page's background watch,
  // which says itself whether the user did anything since its last call.
  const idle = startActivityLock({ limitMs: options.idleLockMs ?? IDLE_LOCK_SECONDS * 1000, lock: () => void core.close('lock') })

  /**
   * `POST /upload/<handle>`: one file of an import the page started with `import:upload-start`,
   * streamed into that import's private folder (0700) as a new file (0600). The core decides
   * whether the handle and the file name are acceptable; the body is never buffered whole.
   */
  const upload = async (req: IncomingMessage, res: ServerResponse, handle: string) => {
    if (!core.isUnlocked()) return refuse(res, 403, 'LOCKED', 'The caseload is locked. Unlock it with your passphrase to continue.')
    let name: string
    try {
      name = decodeURIComponent(String(req.headers[FILE_NAME_HEADER] ?? ''))
    } catch {
      return refuse(res, 400, 'BAD_INPUT', 'The file name was not readable.')
    }
    let target: string
    try {
      target = await core.uploadTarget(handle, name)
    } catch (e) {
      req.resume()
      if (isDriftwatchError(e)) return refuse(res, e.code === 'FORBIDDEN' ? 403 : 400, e.code, e.message)
      throw e
    }
    let size = 0
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        if (size > MAX_UPLOAD) done(new Error('too large'))
        else done(null, chunk)
      },
    })
    try {
      await pipeline(req, limit, createWriteStream(target, { flags: 'wx', mode: 0o600 }))
    } catch {
      await core.uploadFailed(handle, name)
      if (size > MAX_UPLOAD) return refuse(res, 413, 'BAD_INPUT', `${name} is larger than 4 GB.`)
      return refuse(res, 400, 'BAD_INPUT', `${name} could not be uploaded. Please try again.`)
    }
    return sendResult(res, 200, { ok: true, data: { file: name, bytes: size } })
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!host || !allowedHosts.includes(host)) return refuse(res, 421, 'FORBIDDEN', 'Wrong host.')
    const origin = req.headers.origin
    if (origin !== undefined && origin !== `http://${host}`) return refuse(res, 403, 'FORBIDDEN', 'Wrong origin.')
    // Browsers label where a request comes from; refuse anything a foreign site initiated.
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(res, 403, 'FORBIDDEN', 'Wrong origin.')

    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path.startsWith('/upload/')) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST')
        return refuse(res, 405, 'FORBIDDEN', 'Method not allowed.')
      }
      if (!sameToken(req.headers[TOKEN_HEADER], token)) return refuse(res, 403, 'FORBIDDEN', 'Missing or wrong access token.')
      return upload(req, res, path.slice('/upload/'.length))
    }
    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST')
        return refuse(res, 405, 'FORBIDDEN', 'Method not allowed.')
      }
      if (!sameToken(req.headers[TOKEN_HEADER], token)) return refuse(res, 403, 'FORBIDDEN', 'Missing or wrong access token.')
      const body = await readBody(req)
      if (body === null) return refuse(res, 413, 'VALIDATION', 'The request is too large.')
      let input: unknown
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'))
        } catch {
          return sendResult(res, 400, { ok: false, code: 'VALIDATION', message: 'The request was not valid JSON.' })
        }
      }
      let channel: string
      try {
        channel = decodeURIComponent(path.slice('/api/'.length))
      } catch {
        return refuse(res, 404, 'FORBIDDEN', 'There is no such request.')
      }
      if (channel !== 'session:watch' || (input as { active?: unknown } | undefined)?.active === true) idle.touch()
      return sendResult(res, 200, await core.request(channel, input))
    }

    // A new page load (the app's shell) asks for the passphrase again, as the desktop app does
    // after a reload: nothing typed before it stays unlocked for a page that has forgotten it.
    if (req.method === 'GET' && resolveStaticPath(options.rendererDir, path)?.endsWith(`${sep}index.html`)) {
      await core.close('lock')
    }

    const file = await serveStatic(options.rendererDir, req.method ?? 'GET', path, { connectSelf: true })
    return send(res, file.status, file.body, file.headers)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'Driftwatch could not complete that request.')
      else res.end()
    })
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 60_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    core,
    close: () =>
      new Promise<void>((resolve) => {
        idle.stop()
        server.closeAllConnections()
        server.close(() => resolve())
      }).then(() => core.stop()),
  }
}
