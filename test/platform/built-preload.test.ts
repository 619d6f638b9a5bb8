/**
 * Builds the preload with the project's real electron-vite config (into a temp folder) and checks
 * the sandbox rule: one CommonJS file that requires nothing but `electron`. Then runs it with a
 * fake `require` to see it expose exactly the channels. Also checks that the Electron main entry
 * never pulls in the browser host.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from 'electron-vite'
import { build } from 'vite'
import { CHANNELS } from '../../shared/ipc-contract'
import { tempDir } from './helpers'

const root = resolve(__dirname, '../..')
let dir: { dir: string; cleanup(): void }
let code: string

beforeAll(async () => {
  dir = tempDir()
  const config = await resolveConfig({ root, logLevel: 'silent' }, 'build', 'production')
  const preload = config.config?.preload
  if (!preload) throw new Error('electron.vite.config.ts has no preload section')
  await build({ ...preload, logLevel: 'silent', build: { ...preload.build, outDir: dir.dir, emptyOutDir: true } })
  const files = readdirSync(dir.dir)
  expect(files).toEqual(['index.cjs'])
  code = readFileSync(join(dir.dir, 'index.cjs'), 'utf8')
}, 60_000)
afterAll(() => dir.cleanup())

describe('built preload', () => {
  it('is CommonJS and requires only electron', () => {
    expect(code).not.toMatch(/^\s*import\s/m)
    expect(code).not.toMatch(/\bimport\(/)
    const requires = [...code.matchAll(/\brequire\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((m) => m[2])
    expect(new Set(requires)).toEqual(new Set(['electron']))
    expect(code).not.toMatch(/ZodError|strictObject|safeParse/)
    expect(code.length).toBeLessThan(5000)
  })

  it('exposes exactly one function per channel when run in a sandbox-like context', () => {
    const exposed = new Map<string, Record<string, unknown>>()
    const invoked: unknown[] = []
    const fakeRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`preload required ${name}`)
      return {
        contextBridge: { exposeInMainWorld: (k: string, v: Record<string, unknown>) => exposed.set(k, v) },
        ipcRenderer: { invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve(new TextEncoder().encode('{"ok":true,"data":1}'))) },
      }
    }
    const module = { exports: {} }
    runInNewContext(code, { require: fakeRequire, module, exports: module.exports, Object, TextDecoder, JSON })
    expect([...exposed.keys()]).toEqual(['driftwatch'])
    const api = exposed.get('driftwatch')!
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort())
    ;(api['session:status'] as (i: unknown) => unknown)({})
    expect(invoked).toEqual([['session:status', {}]])
  })
})

describe('Electron main entry', () => {
  it('never imports the browser host', () => {
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      const text = readFileSync(file, 'utf8')
      // Type-only imports are erased by the compiler: they load nothing.
      for (const m of text.matchAll(/^(?!import type|export type)[^\n]*from\s+'(\.[^']+)'/gm)) {
        const target = resolve(file, '..', m[1]!)
        for (const candidate of [`${target}.ts`, join(target, 'index.ts')]) {
          try {
            readFileSync(candidate)
            visit(candidate)
            break
          } catch {
            /* not this one */
          }
        }
      }
    }
    visit(join(root, 'electron/main/index.ts'))
    expect([...seen].some((f) => f.includes('browser-host'))).toBe(false)
    // The window's thread reaches the core through its worker only (issue 13): nothing that opens the
    // database is imported here; the core itself is the worker's (electron/core/worker/core-worker.ts).
    expect([...seen].some((f) => f.includes('core/worker/core-client.ts'))).toBe(true)
    expect([...seen].filter((f) => /core[/\\](app[/\\]core|app[/\\]session|db[/\\]caseload-db)\.ts$/.test(f))).toEqual([])
  })
})
