/** Shared steps for the e2e specs: open with the token, unlock, check accessibility, save a screenshot. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'

export const PASSPHRASE = 'correct horse battery staple'
export const TOKEN = process.env.DRIFTWATCH_E2E_TOKEN ?? ''
export const PORT = Number(process.env.DRIFTWATCH_E2E_PORT ?? 4317)
export const FIRST_RUN_URL = `http://127.0.0.1:${PORT + 1}/`
const SHOTS = 'test-results/screenshots'

/** Opens the app with its one-time token in the fragment, as the host prints it. */
export async function open(page: Page, base = '/'): Promise<void> {
  await page.goto(`${base}#token=${TOKEN}`)
}

/** Opens the app and unlocks the demo caseload if it is locked; ends on the dashboard. */
export async function openUnlocked(page: Page): Promise<void> {
  await open(page)
  const unlockHeading = page.getByRole('heading', { name: 'Unlock your caseload' })
  const dashboardHeading = page.getByRole('heading', { name: 'Supervision dashboard' })
  // Generous waits: the first unlock and scan of a run can take a while on a busy shared machine.
  await expect(unlockHeading.or(dashboardHeading)).toBeVisible({ timeout: 30_000 })
  if (await unlockHeading.isVisible()) {
    await page.getByLabel('Passphrase').fill(PASSPHRASE)
    await page.getByRole('button', { name: 'Unlock' }).click()
  }
  await expect(dashboardHeading).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('.tile').first()).toBeVisible({ timeout: 30_000 })
}

/** Locks through the header button, leaving the app on the unlock screen. */
export async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Unlock your caseload' })).toBeVisible()
}

/** axe: no serious or critical violation on the screen as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`)
  expect(report, `axe on the ${screen} screen`).toEqual([])
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage })
}

/**
 * The screen as a chair sees it on a laptop (1366x768) and on a desktop monitor (1920x1080), named
 * `${name}-WxH`; `show` is scrolled into view first; the viewport is put back afterwards.
 */
export async function screenshotsAtBothSizes(page: Page, name: string, options: { show?: Locator } = {}): Promise<void> {
  const before = page.viewportSize()
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await options.show?.scrollIntoViewIfNeeded()
    await screenshot(page, `${name}-${w}x${h}`, false)
  }
  if (before) await page.setViewportSize(before)
}

/** The "Showing N children of M" line above the caseload table. */
export async function shownCount(page: Page): Promise<number> {
  const text = (await page.locator('.table-summary [role="status"] strong').textContent()) ?? ''
  return Number(text.replace(/[^0-9]/g, ''))
}

/**
 * A browser host of a spec's own (PORT + 2: specs run one at a time, each stopping its host in afterAll)
 * on a caseload the spec made or names: `args` go to test/e2e/start-host.ts after the port. Resolves
 * when it says it is running.
 */
export async function startOwnHost(args: readonly string[], env: Record<string, string>, what: string): Promise<ChildProcess> {
  const host = spawn('node_modules/.bin/tsx', ['test/e2e/start-host.ts', '--port', String(PORT + 2), ...args], {
    env: { ...process.env, DRIFTWATCH_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${what} host did not start`)), 90_000)
    host.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Driftwatch is running')) {
        clearTimeout(timer)
        resolve()
      }
    })
    host.on('exit', (code) => reject(new Error(`the ${what} host exited (${code})`)))
  })
  return host
}

/** Stops a host started by startOwnHost and waits for it to exit (so the next spec can have its port). */
export async function stopOwnHost(host: ChildProcess | null | undefined): Promise<void> {
  if (!host || host.exitCode !== null) return
  const exited = new Promise((resolve) => host.once('exit', resolve))
  host.kill('SIGTERM')
  await exited
}

/**
 * startOwnHost on a caseload of the spec's own: made in a temporary folder (cheap key derivation),
 * filled by `seed`, closed, then served with `passphrase` given to the host. `stop` ends the host and
 * removes the folder.
 */
export async function startSeededHost(what: string, passphrase: string, seed: (db: CaseloadDb) => void): Promise<{ stop(): Promise<void> }> {
  // Loaded here, not at the top: only the specs with a caseload of their own load the database driver.
  const { createCaseload } = await import('../../electron/core/db/caseload-db')
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-e2e-own-'))
  let host: ChildProcess | undefined
  const stop = async () => {
    await stopOwnHost(host)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const dbPath = join(dir, 'caseload.db')
    const db = await createCaseload({ path: dbPath, passphrase, kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 } })
    try {
      seed(db)
    } finally {
      db.close()
    }
    host = await startOwnHost(['--db', dbPath], { DRIFTWATCH_PASSPHRASE: passphrase }, what)
  } catch (e) {
    await stop()
    throw e
  }
  return { stop }
}
