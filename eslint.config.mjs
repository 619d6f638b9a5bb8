// Lint keeps the process boundaries (design brief §2): the renderer is untrusted and reaches the
// core only through the IPC contract; shared/ is pure; the core never imports Electron.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import driftwatch from './eslint/allowed-imports.mjs'

// What each process may import: every module that is not a relative import must be listed for its
// folder, so a new platform import fails `npm run lint` until it is added here on purpose (README,
// "Process configs and the import allow-list"; test/platform/import-allow-list.test.ts keeps the
// rule honest). Later entries win for a file matched by several (electron/core/worker/**).
const CORE_BUILTINS = ['node:buffer', 'node:crypto', 'node:fs', 'node:fs/promises', 'node:module', 'node:os', 'node:path', 'node:stream']
const CORE_PACKAGES = [
  'better-sqlite3',
  'drizzle-orm',
  'zod',
  'exceljs',
  'csv-parse',
  'csv-stringify',
  'docx',
  'pdf-lib',
  '@pdf-lib/fontkit',
  'hash-wasm',
  '@node-rs/argon2',
]
const RENDERER = { folder: 'renderer', why: 'the renderer is untrusted; its code is never loaded by another process.' }
const MAIN = { folder: 'electron/main', why: 'the Electron main process is a host: nothing depends on it.' }
const PRELOAD = { folder: 'electron/preload', why: 'the preload is the bridge only.' }
const BROWSER_HOST = { folder: 'electron/browser-host', why: 'the browser host is a test host: nothing depends on it.' }
const CLI = { folder: 'electron/cli', why: 'the CLI is a host: nothing depends on it.' }
const CORE_FOLDER = { folder: 'electron/core', why: 'the core is reached through the IPC contract in shared/, never imported.' }
const IMPORT_RULES = [
  {
    // Anything not matched below (a new folder): any module but Electron, until it gets its own list.
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    options: { process: 'this folder', builtins: ['*'], packages: ['*'], folders: [] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    options: {
      process: 'the renderer (sandboxed, DOM only)',
      builtins: [],
      packages: ['react', 'react-dom', '@tanstack/react-query', '@tanstack/react-table', '@tanstack/react-virtual', 'recharts', 'zod'],
      folders: [
        { folder: 'electron', why: 'the renderer talks to the core only through the IPC contract in shared/.' },
        { folder: 'drizzle', why: 'the database schema stays in the core.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    options: {
      process: 'shared/ (used by the renderer and the core: no DOM, no Node)',
      builtins: [],
      packages: ['zod'],
      folders: [RENDERER, { folder: 'electron', why: 'shared/ is pure TypeScript used by both sides.' }, { folder: 'drizzle', why: 'the database schema stays in the core.' }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    options: { process: 'the core', builtins: CORE_BUILTINS, packages: CORE_PACKAGES, folders: [RENDERER, MAIN, PRELOAD, BROWSER_HOST, CLI] },
  },
  {
    // The core's worker (issue 13, item 1) is the only core code that talks to its host thread.
    files: ['electron/core/worker/**/*.ts'],
    options: {
      process: "the core's worker",
      builtins: [...CORE_BUILTINS, 'node:worker_threads'],
      packages: CORE_PACKAGES,
      folders: [RENDERER, MAIN, PRELOAD, BROWSER_HOST, CLI],
    },
  },
  {
    files: ['electron/cli/**/*.ts'],
    options: {
      process: 'the CLI',
      builtins: ['node:fs', 'node:os', 'node:path', 'node:util'],
      packages: ['zod'],
      folders: [RENDERER, MAIN, PRELOAD, BROWSER_HOST],
    },
  },
  {
    files: ['electron/browser-host/**/*.ts'],
    options: {
      process: 'the browser host',
      // worker_threads: the browser host runs the core behind the same worker as Electron (issue 13).
      builtins: ['node:crypto', 'node:fs', 'node:http', 'node:net', 'node:os', 'node:path', 'node:stream', 'node:stream/promises', 'node:util', 'node:worker_threads'],
      packages: ['zod'],
      folders: [RENDERER, MAIN, PRELOAD, CLI],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    options: {
      process: 'the Electron main process',
      builtins: ['node:path', 'node:worker_threads'],
      packages: ['electron'],
      folders: [RENDERER, BROWSER_HOST, CLI, PRELOAD],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    options: {
      process: 'the preload',
      builtins: [],
      packages: ['electron'],
      folders: [RENDERER, CORE_FOLDER, MAIN, BROWSER_HOST, CLI, { folder: 'drizzle', why: 'the database schema stays in the core.' }],
    },
  },
  {
    files: ['drizzle/**/*.ts'],
    options: { process: 'the database schema', builtins: [], packages: ['drizzle-orm'], folders: [RENDERER, { folder: 'electron', why: 'the schema depends on nothing.' }] },
  },
  {
    // Tests, benches, scripts and tool configs may use any Node built-in and package, but not Electron
    // (it cannot run here: tests use vi.mock('electron')).
    files: ['test/**/*.{ts,tsx,mts}', 'scripts/**/*.{ts,mts,mjs}', '*.config.{ts,mts,mjs}', 'eslint/**/*.mjs'],
    options: { process: 'tests and tools', builtins: ['*'], packages: ['*'], folders: [] },
  },
]

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'drizzle/meta/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...IMPORT_RULES.map(({ files, ignores, options }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    plugins: { driftwatch },
    rules: { 'driftwatch/allowed-imports': ['error', options] },
  })),
)
