/**
 * Issue 12: "Forgotten your passphrase?", the recovery code shown once, and the screen shown when
 * the caseload is found damaged. Screenshots at 1366×768 and 1920×1080.
 *
 * The demo caseload's recovery code is left beside it by the test host (start-host.ts). The test
 * resets the passphrase twice, ending with the original one, so the other specs are unaffected.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { PASSPHRASE, expectAccessible, lock, open, openUnlocked, screenshot } from './helpers'

const CODE_FILE = join(process.env.DRIFTWATCH_E2E_DIR ?? '', 'demo', 'caseload.db.e2e-recovery-code')
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const

async function shots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size)
    await screenshot(page, `${name}-${size.width}x${size.height}`, false)
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

async function resetWith(page: Page, code: string, passphrase: string, shotName?: string): Promise<string> {
  await page.getByRole('button', { name: 'Forgotten your passphrase?' }).click()
  await expect(page.getByRole('heading', { name: 'Forgotten your passphrase?' })).toBeVisible()
  await page.getByLabel('Recovery code').fill(code)
  await page.getByLabel('New passphrase').fill(passphrase)
  await page.getByLabel('Type it again').fill(passphrase)
  await page.getByRole('button', { name: 'Reset the passphrase' }).click()
  await expect(page.getByRole('heading', { name: 'Store your recovery code' })).toBeVisible({ timeout: 30_000 })
  const next = ((await page.getByTestId('recovery-code').textContent()) ?? '').replace(/(.{5})(?=.)/g, '$1-')
  expect(next).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/)
  expect(next).not.toBe(code.toUpperCase())
  const proceed = page.getByRole('button', { name: 'Continue to the caseload' })
  await expect(proceed).toBeDisabled()
  if (shotName) {
    await expectAccessible(page, 'recovery code')
    await shots(page, shotName)
  }
  await page.getByLabel(/I have stored the recovery code/).check()
  await proceed.click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible({ timeout: 30_000 })
  return next
}

test('forgotten passphrase: the recovery code resets it, and a new code is shown once', async ({ page }) => {
  // Three resets and a new code, each with real Argon2id costs, on a shared machine.
  test.setTimeout(240_000)
  const code = readFileSync(CODE_FILE, 'utf8').trim()
  await openUnlocked(page)
  await lock(page)
  await expect(page.getByRole('button', { name: 'Forgotten your passphrase?' })).toBeVisible()
  await shots(page, '40-unlock-with-forgotten')

  await page.getByRole('button', { name: 'Forgotten your passphrase?' }).click()
  await expect(page.getByRole('heading', { name: 'Forgotten your passphrase?' })).toBeVisible()
  await expectAccessible(page, 'forgotten passphrase')
  await shots(page, '41-forgotten-passphrase')

  // A code that is not this caseload's: said so, nothing changed.
  await page.getByLabel('Recovery code').fill('7K3QZ-M9D2P-AAAAA-BBBBB-CCCCC-DDDDD')
  await page.getByLabel('New passphrase').fill('a new passphrase for the test')
  await page.getByLabel('Type it again').fill('a new passphrase for the test')
  await page.getByRole('button', { name: 'Reset the passphrase' }).click()
  await expect(page.getByRole('alert')).toContainText('That recovery code does not open this caseload')
  await shots(page, '42-wrong-recovery-code')
  await page.getByRole('button', { name: 'Back to unlocking with the passphrase' }).click()

  // The real code, typed loosely (lower case, spaces): reset, shown a new code, into the caseload.
  const second = await resetWith(page, code.toLowerCase().replaceAll('-', ' '), 'a new passphrase for the test', '43-recovery-code-shown')
  await lock(page)
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('alert')).toHaveText('That passphrase is not right. Nothing has been changed.')
  // The old code is spent; the new one brings back the original passphrase for the other specs.
  const third = await resetWith(page, second, PASSPHRASE)
  writeFileSync(CODE_FILE, third)

  // Settings: a lost recovery code is replaced, given the passphrase.
  await page.getByRole('button', { name: 'Settings' }).click()
  const panel = page.getByRole('region', { name: 'Recovery code' })
  await panel.getByLabel('Current passphrase').fill(PASSPHRASE)
  await panel.getByRole('button', { name: 'Make a new recovery code' }).click()
  await expect(panel.getByRole('heading', { name: 'Store your recovery code' })).toBeVisible({ timeout: 30_000 })
  const fourth = ((await panel.getByTestId('recovery-code').textContent()) ?? '').replace(/(.{5})(?=.)/g, '$1-')
  expect(fourth).not.toBe(third)
  writeFileSync(CODE_FILE, fourth)
  await panel.scrollIntoViewIfNeeded()
  await expectAccessible(page, 'new recovery code in Settings')
  await shots(page, '46-settings-new-recovery-code')
  await panel.getByLabel(/I have stored the recovery code/).check()
  await panel.getByRole('button', { name: 'Done' }).click()
  await expect(panel.getByRole('button', { name: 'Make a new recovery code' })).toBeVisible()
  await lock(page)
})

test('a damaged caseload: the recovery screen, then reading on without saving', async ({ page }) => {
  // The core's own check is tested on damaged files (test/safety/damage.test.ts); here the page is
  // shown its answer for a damaged caseload.
  await page.route('**/api/session:integrity', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        ok: true,
        data: {
          state: 'damaged',
          problems: [
            'The table "visits" is damaged: page 301 cannot be read (it fails the encryption\'s integrity check, so its records are lost from this copy).',
            'The index "visits_child" of the table "visits" (an index can be rebuilt from its table) is damaged: page 512 cannot be read (it fails the encryption\'s integrity check, so its records are lost from this copy).',
          ],
          checkedAt: '2026-11-26T09:12:00.000Z',
        },
      }),
    }),
  )
  await open(page)
  await expect(page.getByRole('heading', { name: 'Unlock your caseload' })).toBeVisible()
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'This caseload is damaged' })).toBeVisible()
  await expect(page.getByText('The table "visits" is damaged')).toBeVisible()
  await expectAccessible(page, 'damaged caseload')
  await shots(page, '44-damaged-caseload')

  await page.getByRole('button', { name: 'Keep reading, without saving' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'nothing is being saved' })).toBeVisible()
  await shots(page, '45-damaged-reading-on')
  await page.unroute('**/api/session:integrity')
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Unlock your caseload' })).toBeVisible()
})
