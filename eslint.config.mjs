// Lint keeps the process boundaries (design brief §2): the renderer is untrusted and reaches the
// core only through the IPC contract; shared/ is pure; the core never imports Electron.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeAndElectron = [
  { group: ['node:*'], message: 'No Node built-ins here: this code runs in the sandboxed renderer or in both processes.' },
  { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import Electron.' },
  { group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'hash-wasm'], message: 'Database and crypto stay in the core (main process).' },
]
const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'].map(
  (name) => ({ name, message: 'No Node built-ins here.' }),
)

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
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            ...nodeAndElectron,
            { group: ['**/electron/**', '**/drizzle/**'], message: 'The renderer talks to the core only through the IPC contract in shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            ...nodeAndElectron,
            { group: ['react', 'react-dom', '**/renderer/**', '**/electron/**'], message: 'shared/ is pure TypeScript used by both sides.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/browser-host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The core runs without Electron (CLI, tests, browser host): pass Electron services in from electron/main.' },
            { group: ['**/electron/main/**', '**/main/*', '**/renderer/**'], message: 'The core does not depend on a host.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**', '**/browser-host/**'], message: 'The Electron app never contains the browser host or renderer source.' }] },
      ],
    },
  },
)
