/**
 * Issue 12 (items 7, 8, 10) in Chromium against the browser host:
 * - a new page load asks for the passphrase again;
 * - another program's change to the caseload refreshes the open screen, and says so;
 * - Settings shows the access log (this session's unlock and the case opened), exportable as CSV.
 */
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { openCaseload } from '../../electron/core/db/caseload-db'
import { expectAccessible, openUnlocked, PASSPHRASE, screenshot } from './helpers'

const DB = join(process.env.DRIFTWATCH_E2E_DIR ?? '', 'demo', 'caseload.db')

test('a new page load asks for the passphrase again', async ({ page }) => {
  await openUnlocked(page)
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Unlock your caseload' })).toBeVisible()
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible()
})

test('another program’s change refreshes the dashboard', async ({ page }) => {
  await openUnlocked(page)
  const lede = page.locator('.screen-head .lede')
  await expect(lede).toContainText('with an open plan')
  const count = async () => Number(/^(\d+)/.exec((await lede.textContent()) ?? '')?.[1])
  const before = await count()

  // A second program ends one open plan (then puts it back, so the other specs see the demo as it was).
  const other = await openCaseload({ path: DB, passphrase: PASSPHRASE })
  const plan = other.sqlite.prepare('SELECT id FROM plans WHERE end_date IS NULL ORDER BY id LIMIT 1').get() as { id: string }
  try {
    other.sqlite.prepare("UPDATE plans SET end_date = '2000-01-01' WHERE id = ?").run(plan.id)
    await expect(page.getByText('Another program changed the caseload')).toBeVisible({ timeout: 15_000 })
    await expect.poll(count, { timeout: 15_000 }).toBe(before - 1)
    await screenshot(page, 'changed-elsewhere-1366', false)
  } finally {
    other.sqlite.prepare('UPDATE plans SET end_date = NULL WHERE id = ?').run(plan.id)
    other.close()
  }
  await expect.poll(count, { timeout: 15_000 }).toBe(before)
})

test('Settings shows the access log and exports it as CSV', async ({ page }) => {
  await openUnlocked(page)
  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('button', { name: 'Caseload' }).click()
  const first = page.locator('.grid-body [role="row"]').first()
  const name = ((await first.locator('.child-name').textContent()) ?? '').trim()
  await first.click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name)
  await nav.getByRole('button', { name: 'Settings' }).click()
  const panel = page.getByRole('region', { name: 'Access log' })
  await expect(panel).toBeVisible()
  await expect(panel.getByRole('cell', { name: 'Unlocked the caseload' }).first()).toBeVisible()
  await expect(panel.getByRole('cell', { name: 'Opened a case' }).first()).toBeVisible()
  await expectAccessible(page, 'settings (access log)')

  const download = page.waitForEvent('download')
  await panel.getByRole('button', { name: 'Export the access log (CSV)' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^driftwatch-access-log-\d{4}-\d\d-\d\d\.csv$/)
  const csv = readFileSync((await file.path())!, 'utf8')
  expect(csv.split('\r\n')[0]).toBe('\uFEFFid,at,actor,event,child_id,file_name')
  expect(csv).toContain(',case-opened,')
  // Ids only: the child's name is never in the log.
  expect(csv).not.toContain(name)
  await expect(panel.getByText(/^Downloaded driftwatch-access-log-/)).toBeVisible()

  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await panel.scrollIntoViewIfNeeded()
    await screenshot(page, `settings-access-log-${w}`, false)
  }
})
