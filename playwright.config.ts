/**
 * End-to-end tests: Debian's Chromium against the built renderer (out/renderer) served by the
 * browser host with the real core and a real encrypted database (a fresh temp dir per run).
 *
 * Two hosts: one on E2E_PORT with an 80-child demo caseload (locked, passphrase below), and one on
 * E2E_FIRST_RUN_PORT with no database at all, for the first-run "create" screen.
 */
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { defineConfig } from '@playwright/test'

// Workers load this file again: keep one temp dir per run by passing it down in the environment.
process.env.DRIFTWATCH_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'driftwatch-e2e-'))
process.env.DRIFTWATCH_E2E_TOKEN ??= `e2e-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`
const dir = process.env.DRIFTWATCH_E2E_DIR
const token = process.env.DRIFTWATCH_E2E_TOKEN
mkdirSync(join(dir, 'first-run'), { recursive: true, mode: 0o700 })
const E2E_PORT = Number(process.env.DRIFTWATCH_E2E_PORT ?? 4317)
const E2E_FIRST_RUN_PORT = E2E_PORT + 1
const E2E_PASSPHRASE = 'correct horse battery staple'

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=en-GB',
]
// UK date order in the native date input (dd/mm/yyyy), as the app's users type dates. Chromium on
// Linux takes its locale from LANGUAGE, not from --lang, and only if it has that locale's pack: Debian
// ships it in chromium-l10n (without it every locale falls back to en-US: mm/dd/yyyy).
const CHROMIUM_ENV = { ...process.env, LANGUAGE: 'en_GB' }

// DRIFTWATCH_TEST_BACKUP_PAUSE_MS (tests only, read by the core from its environment, never from a
// request): each step of a backup in its own thread waits this long, so that an 80-child caseload's
// backup runs long enough to be seen, photographed and cancelled (backup-progress.spec.ts).
const hostEnv = { DRIFTWATCH_PASSPHRASE: E2E_PASSPHRASE, DRIFTWATCH_TOKEN: token, DRIFTWATCH_TEST_BACKUP_PAUSE_MS: '2500' }
const tsx = 'node_modules/.bin/tsx'
// DRIFTWATCH_E2E_DEMO_AS_OF=YYYY-MM-DD makes the demo caseload as of that day instead of today, while the
// app's today stays today: a run that starts before midnight and ends after it sees a day-old demo (CI
// did, and found the dashboard's due-soon link counting findings where the table it opens counts children).
const demoAsOf = process.env.DRIFTWATCH_E2E_DEMO_AS_OF ? ` --as-of ${process.env.DRIFTWATCH_E2E_DEMO_AS_OF}` : ''

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: /.*\.spec\.ts$/,
  testIgnore: /perf\.spec\.ts$/,
  // One caseload, one session on the server: tests that lock and unlock must not overlap.
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Per run, so two runs in one checkout do not delete each other's traces (screenshots stay in test-results/screenshots).
  outputDir: join('test-results', `artifacts-${basename(dir)}`),
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1440, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, env: CHROMIUM_ENV },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      command: `${tsx} test/e2e/start-host.ts --port ${E2E_PORT} --db ${join(dir, 'demo', 'caseload.db')} --demo 80${demoAsOf}`,
      url: `http://127.0.0.1:${E2E_PORT}/`,
      env: hostEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `${tsx} test/e2e/start-host.ts --port ${E2E_FIRST_RUN_PORT} --db ${join(dir, 'first-run', 'caseload.db')}`,
      url: `http://127.0.0.1:${E2E_FIRST_RUN_PORT}/`,
      env: hostEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
})
