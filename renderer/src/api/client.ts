/**
 * The one typed client for the renderer. In Electron the preload exposes `window.driftwatch` (one
 * function per channel). In a plain browser (the browser host used for tests and for machines
 * without Electron) the same calls go over HTTP to 127.0.0.1 with the one-time token the host
 * printed in the URL's fragment.
 */
import type { Channel, DriftwatchApi, InputOf, OutputOf, Result } from '../../../shared/ipc-contract'

declare global {
  interface Window {
    driftwatch?: DriftwatchApi
  }
}

export interface ApiProblem {
  path: string
  reason: string
}

/** A failed call, typed by the core's error code (WRONG_PASSPHRASE, LOCKED, VALIDATION, …). */
export class ApiError extends Error {
  readonly code: string
  readonly problems: ApiProblem[]
  constructor(code: string, message: string, problems: ApiProblem[] = []) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.problems = problems
  }
}

const TOKEN_KEY = 'driftwatch.token'

/** Takes `#token=…` from the address once, keeps it for this tab only and clears it from view. */
function readToken(): string | null {
  const hash = window.location.hash
  if (hash.startsWith('#')) {
    const params = new URLSearchParams(hash.slice(1))
    const token = params.get('token')
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token)
      history.replaceState(null, '', window.location.pathname + window.location.search)
    }
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

let token: string | null = null

async function overHttp<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  token ??= readToken()
  if (!token) {
    return { ok: false, code: 'FORBIDDEN', message: 'This page was opened without its access token. Open the address the app printed.' }
  }
  let response: Response
  try {
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Driftwatch-Token': token },
      body: JSON.stringify(input),
      cache: 'no-store',
      credentials: 'omit',
    })
  } catch {
    return { ok: false, code: 'INTERNAL', message: 'Driftwatch is not responding. Is it still running?' }
  }
  try {
    return (await response.json()) as Result<OutputOf<C>>
  } catch {
    return { ok: false, code: 'INTERNAL', message: `Driftwatch answered with an unreadable reply (HTTP ${response.status}).` }
  }
}

/** Calls one channel and returns its data, or throws an ApiError. */
export async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const api = window.driftwatch
  const result = api ? await (api[channel] as (i: InputOf<C>) => Promise<Result<OutputOf<C>>>)(input) : await overHttp(channel, input)
  if (!result || typeof result !== 'object' || !('ok' in result)) {
    throw new ApiError('INTERNAL', 'Driftwatch gave an answer it should not have.')
  }
  if (result.ok) return result.data
  throw new ApiError(result.code, result.message, result.problems ?? [])
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code)
}

/** True in the desktop app (the preload's API): main shows its own file dialogs there. */
export function hasNativeDialogs(): boolean {
  return window.driftwatch !== undefined
}

/**
 * Browser host only: uploads one file of an import begun with `import:upload-start` to
 * `POST /upload/<handle>` (streamed by the browser from disk; the host writes it into that
 * import's private folder). Throws an ApiError when the host refuses it.
 */
export async function uploadImportFile(handle: string, file: File): Promise<void> {
  token ??= readToken()
  if (!token) throw new ApiError('FORBIDDEN', 'This page was opened without its access token. Open the address the app printed.')
  let response: Response
  try {
    response = await fetch(`/upload/${encodeURIComponent(handle)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Driftwatch-Token': token, 'X-Driftwatch-File-Name': encodeURIComponent(file.name) },
      body: file,
      cache: 'no-store',
      credentials: 'omit',
    })
  } catch {
    throw new ApiError('INTERNAL', 'Driftwatch is not responding. Is it still running?')
  }
  let result: Result<unknown>
  try {
    result = (await response.json()) as Result<unknown>
  } catch {
    throw new ApiError('INTERNAL', `Driftwatch answered with an unreadable reply (HTTP ${response.status}).`)
  }
  if (!result.ok) throw new ApiError(result.code, result.message, result.problems ?? [])
}
