/**
 * Locks down every web contents the app ever creates (Electron security checklist items 5, 11–15):
 * no navigation away from the app, no new windows, no <webview>, no permissions, and links out
 * only to https: sites on an allow-list, opened by the operating system.
 */
import { app, session as electronSession, shell, type Session, type WebContents } from 'electron'

/** Sites a chair may be sent to from the app (statutory guidance). Exact host names, https only. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = ['www.gov.uk', 'assets.publishing.service.gov.uk']

/**
 * The URL to hand to the operating system, parsed and normalised, or null when it is not safe:
 * https: only, on an allow-listed host, no credentials, no odd port. The raw text must already be
 * in its plain form: a backslash, a space or a control character anywhere is refused, because the
 * WHATWG parser reads `https://www.gov.uk\@evil.example/` as a path on www.gov.uk while another
 * parser (the OS's URL handler, a browser given the raw string) may read it as evil.example.
 * Only the parsed `href` is ever opened, never the raw string.
 */
export function safeExternalUrl(raw: string, allowList: readonly string[] = EXTERNAL_ALLOW_LIST): string | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f-\u009f]/.test(raw)) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  const safe =
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    allowList.includes(url.hostname) &&
    // An "@" in the authority the parser did not count as credentials is someone's trick.
    !raw.slice(raw.indexOf('//') + 2).split(/[/?#]/)[0]!.includes('@')
  return safe ? url.href : null
}

/** True only for a URL that `safeExternalUrl` accepts. */
export function isSafeExternalUrl(raw: string, allowList: readonly string[] = EXTERNAL_ALLOW_LIST): boolean {
  return safeExternalUrl(raw, allowList) !== null
}

/** Opens a link in the user's browser if it is safe (its normalised form); returns whether it did. */
export function openExternalIfSafe(raw: string): boolean {
  const href = safeExternalUrl(raw)
  if (href === null) return false
  void shell.openExternal(href)
  return true
}

/** Applies the rules to one web contents. */
export function lockDownWebContents(contents: WebContents): void {
  const deny = (event: { preventDefault(): void }) => event.preventDefault()
  // The app is one page served from app://; it never navigates. Links out go to the OS browser.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openExternalIfSafe(url)
  })
  contents.on('will-frame-navigate', deny)
  contents.on('will-redirect', deny)
  contents.on('will-attach-webview', deny)
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(url)
    return { action: 'deny' }
  })
}

/** Denies every permission request and check, and device access (Electron grants them by default). */
export function denyAllPermissions(session: Session): void {
  // Reset first so that nothing granted before survives (Signal's order).
  session.setPermissionRequestHandler(null)
  session.setPermissionCheckHandler(null)
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/** Installs everything above for the whole app. Call once, before any window exists. */
export function applyAppSecurity(): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents))
  app.whenReady().then(() => denyAllPermissions(electronSession.defaultSession), () => undefined)
}
