/**
 * Where a worker thread's script is: the bundled `<name>.js` beside the running code in the built
 * app (electron-vite emits each worker as an entry of the main build, out/main/<name>.js), or the
 * TypeScript source run through tsx (`tsx-bootstrap.mjs`) under the browser host and the tests.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function workerScript(name: 'core-worker' | 'check-worker' | 'import-reader-worker'): { script: string; entry?: string } {
  const bundled = join(__dirname, `${name}.js`)
  if (existsSync(bundled)) return { script: bundled }
  return { script: join(__dirname, 'tsx-bootstrap.mjs'), entry: join(__dirname, `${name}.ts`) }
}
