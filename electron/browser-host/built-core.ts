/**
 * The core worker the browser host runs: the built one (out/main/core-worker.js, what the Electron
 * app runs) when it is at least as new as every source file it is built from, else the TypeScript
 * source through tsx. Why the built one: the e2e tests and the screen timings then exercise the core
 * the app ships (one bundle, V8 sees no module boundaries) rather than tsx's per-module output, whose
 * export getters sit in every call between modules. Why the check: a build older than the sources
 * would silently test old code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The newest modification time of a file under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0
  let latest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name)
    const t = e.isDirectory() ? newest(path) : statSync(path).mtimeMs
    if (t > latest) latest = t
  }
  return latest
}

export interface BuiltCore {
  /** The built worker's path, or undefined to run the source. */
  workerScript: string | undefined
  /** Why the source runs instead (missing or older than the sources), for the host's start-up line. */
  why: string | null
}

/** `root`: the project folder (with out/, electron/, shared/ and drizzle/). */
export function builtCoreWorker(root: string): BuiltCore {
  const built = join(root, 'out', 'main', 'core-worker.js')
  if (!existsSync(built)) return { workerScript: undefined, why: 'the core is not built (npx electron-vite build)' }
  const sources = Math.max(newest(join(root, 'electron')), newest(join(root, 'shared')), newest(join(root, 'drizzle')))
  if (statSync(built).mtimeMs < sources) return { workerScript: undefined, why: 'the built core is older than its sources (npx electron-vite build)' }
  return { workerScript: built, why: null }
}
