/**
 * Serving the built renderer (`out/renderer`), shared by the Electron `app://` protocol and the
 * browser host so both apply the same rules: GET only, the path decoded once and normalised, no
 * way out of the root (`..`, encoded slashes, backslashes, NUL, symlinks), a fixed MIME table, and
 * the same security headers including a strict Content-Security-Policy.
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * The renderer's Content-Security-Policy. No inline script, no eval, nothing from anywhere but the
 * app itself. `connectSelf` is for the browser host only: there the renderer talks to the core
 * with `fetch('/api/…')`, which `connect-src 'none'` would block; in Electron it talks over IPC,
 * so nothing may connect anywhere.
 */
export function contentSecurityPolicy(options: { connectSelf?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${options.connectSelf ? "'self'" : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Headers sent with every response from either host. Never any CORS header. */
export function securityHeaders(options: { connectSelf?: boolean } = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  }
}

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

export interface StaticResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/**
 * Maps a URL path (still percent-encoded, as it arrives) to a file under `root`, or null when the
 * path is not acceptable. Pure apart from nothing: the symlink check happens in `serveStatic`.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  // Encoded separators, backslashes (Windows), NUL and drive letters are never part of our build.
  if (decoded.includes('\0') || decoded.includes('\\') || /%2f|%5c/i.test(urlPath)) return null
  if (!decoded.startsWith('/')) return null
  const segments = decoded.split('/').filter((s) => s !== '')
  if (segments.some((s) => s === '..' || s === '.' || s.includes(':'))) return null
  let relativePath = segments.join('/')
  if (relativePath === '') relativePath = 'index.html'
  // Client-side routes (no file extension) get the app shell.
  else if (extname(segments[segments.length - 1] ?? '') === '') relativePath = 'index.html'
  const rootAbs = resolve(root)
  const full = resolve(rootAbs, relativePath)
  const rel = relative(rootAbs, full)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null
  return full
}

function plain(status: number, text: string, headerOptions: { connectSelf?: boolean }): StaticResponse {
  return {
    status,
    headers: { ...securityHeaders(headerOptions), 'Content-Type': 'text/plain; charset=utf-8' },
    body: Buffer.from(text),
  }
}

/** Serves one request for a static file. Never throws. */
export async function serveStatic(
  root: string,
  method: string,
  urlPath: string,
  headerOptions: { connectSelf?: boolean } = {},
): Promise<StaticResponse> {
  if (method !== 'GET') {
    const r = plain(405, 'Method not allowed', headerOptions)
    r.headers.Allow = 'GET'
    return r
  }
  const path = resolveStaticPath(root, urlPath)
  if (!path) return plain(404, 'Not found', headerOptions)
  const type = MIME_TYPES[extname(path).toLowerCase()]
  if (!type) return plain(404, 'Not found', headerOptions)
  try {
    // Containment again after resolving symlinks: a link inside the build must not lead outside it.
    const [realRoot, realFile] = await Promise.all([realpath(resolve(root)), realpath(path)])
    if (!realFile.startsWith(realRoot + sep)) return plain(404, 'Not found', headerOptions)
    if (!(await stat(realFile)).isFile()) return plain(404, 'Not found', headerOptions)
    const body = await readFile(realFile)
    return { status: 200, headers: { ...securityHeaders(headerOptions), 'Content-Type': type }, body }
  } catch {
    return plain(404, 'Not found', headerOptions)
  }
}
