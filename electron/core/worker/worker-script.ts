/**
 * Where a worker thread's script is: the bundled `<name>.js` of the built app (electron-vite emits
 * each worker as an entry of the main build, out/main/<name>.js), or the TypeScript source run
 * through tsx (`tsx-bootstrap.mjs`) under the browser host's source mode and the tests.
 *
 * Why two folders are looked in: the bundler puts code shared by several entries (this function is
 * used by the window's thread and by the core's) into `out/main/chunks/`, so `__dirname` here may be
 * that folder rather than the entries' own. Looking only beside this file found no built worker there,
 * and the built app then tried to start its core from TypeScript that is not shipped.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export function workerScript(name: 'core-worker' | 'check-worker' | 'import-reader-worker' | 'read-ahead-worker' | 'backup-worker'): { script: string; entry?: string } {
  const folders = basename(__dirname) === 'chunks' ? [__dirname, dirname(__dirname)] : [__dirname]
  for (const folder of folders) {
    const bundled = join(folder, `${name}.js`)
    if (existsSync(bundled)) return { script: bundled }
  }
  return { script: join(__dirname, 'tsx-bootstrap.mjs'), entry: join(__dirname, `${name}.ts`) }
}
