/**
 * Issue 13 item 1, on what electron-vite built (npm run test:e2e builds first): the window's
 * process entry, out/main/index.js, and every chunk it loads never require the database driver
 * or drizzle; only the core's worker (out/main/core-worker.js) does. The preload parses the
 * worker's JSON answers and requires nothing but electron.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { builtCoreWorker } from '../../electron/browser-host/built-core'
import { createCaseload } from '../../electron/core/db/caseload-db'
import { startCoreWorker } from '../../electron/core/worker/core-client'

const OUT = resolve('out')
const DATABASE_MODULES = /^(better-sqlite3|better-sqlite3-multiple-ciphers|drizzle-orm)(\/|$)/

/** Every module a built file requires, following relative requires into the chunks it loads. */
function requiresOf(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = []
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.includes(file)) return
    files.push(file)
    const code = readFileSync(file, 'utf8')
    for (const m of code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)|import\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
      const spec = m[1] ?? m[2]!
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.endsWith('.js') ? spec : `${spec}.js`))
      else packages.add(spec)
    }
  }
  visit(entry)
  return { files, packages }
}

test('out/main/index.js never loads the database driver; the core worker does', () => {
  const main = requiresOf(join(OUT, 'main', 'index.js'))
  expect([...main.packages].filter((p) => DATABASE_MODULES.test(p))).toEqual([])
  expect(main.packages).toContain('node:worker_threads')
  expect(main.packages).toContain('electron')

  const worker = requiresOf(join(OUT, 'main', 'core-worker.js'))
  expect(worker.packages).toContain('better-sqlite3')
  expect(worker.packages).not.toContain('electron')
})

test("an import's reader thread (out/main/import-reader-worker.js) never loads the database driver or electron", () => {
  // It only reads and checks the file; the rows go to the core's thread, which alone holds the database.
  const reader = requiresOf(join(OUT, 'main', 'import-reader-worker.js'))
  expect([...reader.packages].filter((p) => DATABASE_MODULES.test(p))).toEqual([])
  expect(reader.packages).not.toContain('electron')
  expect(reader.packages).toContain('node:worker_threads')
})

test('the preload requires electron only', () => {
  const preload = requiresOf(join(OUT, 'preload', 'index.cjs'))
  expect([...preload.packages]).toEqual(['electron'])
})

test('the e2e suite runs against the built core: the browser host picks out/main/core-worker.js, newer than its sources', () => {
  // electron/browser-host/built-core.ts: the host falls back to the TypeScript source (and says so)
  // when the build is missing or older than a source; right after `electron-vite build` it is neither.
  expect(builtCoreWorker(resolve('.'))).toEqual({ workerScript: join(OUT, 'main', 'core-worker.js'), why: null })
})

test("the built app finds its built workers, wherever the bundler put the code that looks for them", () => {
  // electron/core/worker/worker-script.ts is shared by the window's thread and the core's, so the
  // bundler may put it in out/main/chunks/: it must still find out/main/<name>.js, never fall back to
  // TypeScript sources the app does not ship (the app's core would not start).
  const files = [...readdirSync(join(OUT, 'main')).map((f) => join(OUT, 'main', f)), ...readdirSync(join(OUT, 'main', 'chunks')).map((f) => join(OUT, 'main', 'chunks', f))]
  const home = files.filter((f) => f.endsWith('.js') && /function workerScript\(/.test(readFileSync(f, 'utf8')))
  expect(home).toHaveLength(1)
  // The built CommonJS chunk itself, loaded as the app's own files load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { workerScript } = require(home[0]!) as typeof import('../../electron/core/worker/worker-script')
  for (const name of ['core-worker', 'check-worker', 'import-reader-worker', 'read-ahead-worker', 'backup-worker'] as const) {
    expect(workerScript(name), name).toEqual({ script: join(OUT, 'main', `${name}.js`) })
  }
})

/** The built core (out/main/core-worker.js) on a new caseload in a temporary folder, unlocked. */
async function withBuiltCore(work: (core: ReturnType<typeof startCoreWorker>, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-built-core-'))
  const dbPath = join(dir, 'caseload.db')
  try {
    const db = await createCaseload({ path: dbPath, passphrase: 'correct horse battery staple', kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 } })
    db.close()
    const core = startCoreWorker({ dbPath, lockProgram: 'the bundle test', workerScript: join(OUT, 'main', 'core-worker.js') })
    try {
      await core.ready
      expect(await core.call('session:unlock', { passphrase: 'correct horse battery staple' })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
      await work(core, dir)
    } finally {
      await core.stop()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test("the built core runs the background integrity check in its built thread, and it finishes", async () => {
  await withBuiltCore(async (core) => {
    // It starts after a second without the user's requests (polls of its state do not count).
    await expect
      .poll(async () => ((await core.call('session:integrity', {})) as { data?: { state?: string } }).data?.state, { timeout: 30_000, intervals: [250] })
      .toBe('sound')
  })
})

test("the built core's thread starts without the Word, PDF and spreadsheet libraries, and loads them when first used", async () => {
  // electron/core/export/render.ts and sources/table-reader.ts import them on first use: they were
  // most of the time the core's thread took to start. Loaded here as the app loads its files.
  const chunks = join(OUT, 'main', 'chunks')
  const chunk = (name: string) => {
    const file = readdirSync(chunks).find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'))
    if (!file) throw new Error(`${name} is not a chunk of its own: the core's thread loads it at start`)
    return join(chunks, file)
  }
  const script = `
    try { require(${JSON.stringify(join(OUT, 'main', 'core-worker.js'))}) } catch {}
    const atStart = Object.keys(require.cache)
    const doc = { title: 'Bundle test', meta: ['A fictional line'], sections: [{ heading: 'One', blocks: [{ kind: 'paragraph', text: 'Zoë, ŵ and 😀' }] }] }
    ;(async () => {
      const pdf = await require(${JSON.stringify(chunk('render-pdf'))}).renderPdf(doc)
      const docx = await require(${JSON.stringify(chunk('render-docx'))}).renderDocx(doc)
      const { default: ExcelJS } = await import('exceljs')
      console.log(JSON.stringify({ atStart, pdf: Buffer.from(pdf).subarray(0, 5).toString('latin1'), docx: Buffer.from(docx).subarray(0, 2).toString('latin1'), excel: typeof ExcelJS.Workbook }))
    })().catch((e) => { console.error(e); process.exit(1) })`
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: join(OUT, 'main'), encoding: 'utf8' })) as { atStart: string[]; pdf: string; docx: string; excel: string }
  const loaded = (lib: string) => out.atStart.filter((p) => p.includes(`/node_modules/${lib}/`))
  expect(loaded('drizzle-orm').length).toBeGreaterThan(0)
  for (const lib of ['exceljs', 'docx', 'pdf-lib', '@pdf-lib/fontkit']) expect(loaded(lib), lib).toEqual([])
  expect(out).toMatchObject({ pdf: '%PDF-', docx: 'PK', excel: 'function' })
})

test('the built core makes Back up now in its built backup thread, which never loads electron', async () => {
  const backupWorker = requiresOf(join(OUT, 'main', 'backup-worker.js'))
  expect(backupWorker.packages).toContain('better-sqlite3')
  expect(backupWorker.packages).not.toContain('electron')
  await withBuiltCore(async (core, dir) => {
    expect(await core.call('backup:now', {})).toMatchObject({ ok: true, data: { job: { reason: 'manual' } } })
    await expect
      .poll(async () => ((await core.call('backup:status', {})) as { data?: { job?: { state?: string } } }).data?.job?.state, { timeout: 30_000, intervals: [100] })
      .toBe('done')
    expect(readdirSync(join(dir, 'Backups')).filter((f) => f.endsWith('.dwbackup'))).toHaveLength(1)
  })
})

test("the scans' read-ahead thread (out/main/read-ahead-worker.js) loads the driver, never electron", () => {
  const reader = requiresOf(join(OUT, 'main', 'read-ahead-worker.js'))
  expect(reader.packages).toContain('better-sqlite3')
  expect(reader.packages).not.toContain('electron')
  expect(reader.packages).toContain('node:worker_threads')
})

test("the built core derives the passphrase's key with the native Argon2id (the WebAssembly one is only a fallback)", async () => {
  // electron/core/db/key-file.ts imports @node-rs/argon2 on first use; a bundling or packaging mistake
  // would quietly fall back to hash-wasm, three times slower at every unlock.
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-built-kdf-'))
  try {
    const dbPath = join(dir, 'caseload.db')
    const db = await createCaseload({ path: dbPath, passphrase: 'correct horse battery staple', kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 } })
    db.close()
    const chunks = join(OUT, 'main', 'chunks')
    const file = readdirSync(chunks).find((f) => f.endsWith('.js') && /exports, "unwrapDataKey"|exports\.unwrapDataKey\s*=/.test(readFileSync(join(chunks, f), 'utf8')))
    expect(file, 'the built chunk with unwrapDataKey').toBeDefined()
    const script = `
      const m = require(${JSON.stringify(join(chunks, file!))})
      m.unwrapDataKey(m.readKeyFile(${JSON.stringify(dbPath)}), 'correct horse battery staple').then((key) => {
        console.log(JSON.stringify({ bytes: key.length, native: Object.keys(require.cache).some((p) => /argon2[^/]*\\.node$/.test(p)) }))
      }, (e) => { console.error(e); process.exit(1) })`
    expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: join(OUT, 'main'), encoding: 'utf8' }))).toEqual({ bytes: 32, native: true })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
