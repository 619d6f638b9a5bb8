/**
 * For the page-side profiling scripts (table-profile.ts, scroll-trace.ts): the browser host on
 * ui-bench's 50,000-child demo caseload in `dir`, Chromium on it, unlocked, with the dashboard drawn
 * and the background integrity check finished (it would take a core's worth of CPU meanwhile).
 * `renderer`: another build of the renderer to serve (PROF_RENDERER).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const BENCH_PASSPHRASE = 'correct horse battery staple'

export async function openUnlockedDemo(o: { dir: string; port: number; urlFile: string; renderer?: string }): Promise<{ page: Page; browser: Browser; host: ChildProcess }> {
  const urlFile = `${o.dir}/${o.urlFile}`
  rmSync(urlFile, { force: true })
  const host = spawn(resolve('node_modules/.bin/tsx'), ['test/e2e/start-host.ts', '--port', String(o.port), '--renderer', o.renderer ?? 'out/renderer', '--db', `${o.dir}/demo-50000.db`, '--url-file', urlFile], {
    env: { ...process.env, DRIFTWATCH_PASSPHRASE: BENCH_PASSPHRASE },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  while (!existsSync(urlFile)) {
    if (host.exitCode !== null) throw new Error(`host exited with ${host.exitCode}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--lang=en-GB'] })
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(readFileSync(urlFile, 'utf8').trim())
  await page.getByLabel('Passphrase').fill(BENCH_PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await page.locator('.start-list li').first().waitFor({ state: 'visible', timeout: 600_000 })
  for (;;) {
    const s = await page.evaluate<string>(
      `fetch('/api/session:integrity', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Driftwatch-Token': sessionStorage.getItem('driftwatch.token') }, body: '{}' }).then((r) => r.json()).then((r) => (r.ok ? r.data.state : r.code))`,
    )
    if (s !== 'pending') break
    await new Promise((r) => setTimeout(r, 250))
  }
  return { page, browser, host }
}
