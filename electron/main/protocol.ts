/**
 * The `app://driftwatch/` scheme that serves the built renderer instead of `file://` (security
 * checklist item 18). It must be registered as privileged before the app is ready; the handler
 * serves GET requests for files under the renderer folder only, with the strict CSP header
 * (electron/core/app/static-files.ts has the rules, shared with the browser host).
 */
import { protocol } from 'electron'
import { serveStatic } from '../core/app/static-files'

export const APP_SCHEME = 'app'
export const APP_HOST = 'driftwatch'

/** Call before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // standard: a real origin (app://driftwatch), so same-origin rules apply; secure: treated like
    // https; fetch/CORS support so Vite's `<script type="module" crossorigin>` loads. We never
    // send CORS headers, so no other origin can read anything from it.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ])
}

/** Answers one request to app://. Exported for tests. */
export async function handleAppRequest(request: Request, rendererDir: string): Promise<Response> {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return new Response('Bad request', { status: 400 })
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return new Response('Not found', { status: 404 })
  }
  const result = await serveStatic(rendererDir, request.method, url.pathname)
  return new Response(result.status === 200 ? new Uint8Array(result.body) : result.body.toString(), {
    status: result.status,
    headers: result.headers,
  })
}

/** Call after the app is ready. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, rendererDir))
}
