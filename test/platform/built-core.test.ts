/**
 * The browser host runs the built core (out/main/core-worker.js, what the app ships) only when it is
 * at least as new as every source it is built from; otherwise the TypeScript source, and it says why.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { builtCoreWorker } from '../../electron/browser-host/built-core'
import { tempDir } from './helpers'

let root: { dir: string; cleanup(): void }
const at = (path: string, secondsAgo: number) => {
  const t = Date.now() / 1000 - secondsAgo
  utimesSync(join(root.dir, path), t, t)
}
const file = (path: string, secondsAgo: number) => {
  mkdirSync(join(root.dir, path, '..'), { recursive: true })
  writeFileSync(join(root.dir, path), '')
  at(path, secondsAgo)
}

beforeEach(() => {
  root = tempDir()
  file('electron/core/app/core.ts', 300)
  file('shared/civil-date.ts', 300)
  file('drizzle/0001_first.sql', 300)
})
afterEach(() => root.cleanup())

describe('the core the browser host runs', () => {
  it('is the source while nothing is built', () => {
    expect(builtCoreWorker(root.dir)).toEqual({ workerScript: undefined, why: 'the core is not built (npx electron-vite build)' })
  })

  it('is the built worker when it is newer than every source', () => {
    file('out/main/core-worker.js', 10)
    expect(builtCoreWorker(root.dir)).toEqual({ workerScript: join(root.dir, 'out', 'main', 'core-worker.js'), why: null })
  })

  it('is the source again once any source (core, shared or a migration) changes after the build', () => {
    file('out/main/core-worker.js', 10)
    for (const changed of ['electron/core/app/core.ts', 'shared/civil-date.ts', 'drizzle/0001_first.sql']) {
      at(changed, 1)
      expect(builtCoreWorker(root.dir), changed).toEqual({ workerScript: undefined, why: 'the built core is older than its sources (npx electron-vite build)' })
      at(changed, 300)
    }
    expect(builtCoreWorker(root.dir).workerScript).toBeDefined()
  })
})
