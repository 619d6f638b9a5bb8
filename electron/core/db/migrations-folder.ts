import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/**
 * Finds the `drizzle/` folder of SQL migrations by walking up from this module: it sits at the
 * repository root both when the core runs from source (tsx, vitest) and when it is bundled into
 * `out/main` (electron-vite). A packaged app passes its own path instead.
 */
export function defaultMigrationsFolder(): string {
  let dir = __dirname
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'drizzle')
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return resolve(process.cwd(), 'drizzle')
}
