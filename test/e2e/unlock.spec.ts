import { expect, test } from '@playwright/test'
import { FIRST_RUN_URL, PASSPHRASE, expectAccessible, lock, open, openUnlocked, screenshot, screenshotsAtBothSizes } from './helpers'

test('first run: create a caseload with the demo, then lock and unlock it', async ({ page }) => {
  await open(page, FIRST_RUN_URL)
  await expect(page.getByRole('heading', { name: 'Create your caseload' })).toBeVisible()
  // The token has been taken out of the address bar.
  expect(page.url()).not.toContain('token')

  const passphrase = page.getByLabel('Choose a passphrase')
  await passphrase.fill('short')
  await expect(page.getByText(/Too short: 3 more characters needed/)).toBeVisible()
  await passphrase.fill('tabletop')
  await expect(page.locator('.strength')).toContainText('Weak')
  await passphrase.fill('river lantern copper')
  await expect(page.locator('.strength')).toContainText('Strong')
  await page.getByLabel('Type it again').fill('river lantern')
  await page.getByRole('button', { name: 'Create caseload' }).click()
  await expect(page.getByText('The two passphrases are not the same.')).toBeVisible()
  await page.getByLabel('Type it again').fill('river lantern copper')
  await page.getByLabel('Start with the demo caseload (fictional)').check()
  await expectAccessible(page, 'create')
  await screenshot(page, '01-create-caseload')

  await page.getByRole('button', { name: 'Create caseload' }).click()
  // The recovery code, once, before the caseload (issue 12).
  await expect(page.getByRole('heading', { name: 'Store your recovery code' })).toBeVisible({ timeout: 30_000 })
  await page.getByLabel(/I have stored the recovery code/).check()
  await page.getByRole('button', { name: 'Continue to the caseload' }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('note')).toContainText('Demo caseload')

  await lock(page)
  await page.getByLabel('Passphrase').fill('river lantern copper')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible()
  await lock(page)
})

test('a wrong passphrase says so and changes nothing; the right one unlocks, with a busy state', async ({ page }) => {
  await openUnlocked(page)
  await lock(page)
  await expectAccessible(page, 'unlock')
  await screenshot(page, '02-unlock')

  await page.getByLabel('Passphrase').fill('not the passphrase')
  await page.getByRole('button', { name: 'Unlock' }).click()
  const error = page.getByRole('alert')
  await expect(error).toHaveText('That passphrase is not right. Nothing has been changed.')
  await expect(page.getByLabel('Passphrase')).toHaveAttribute('aria-invalid', 'true')
  await expectAccessible(page, 'wrong passphrase')
  await screenshot(page, '03-wrong-passphrase')

  // Hold the answer back a little so the busy state can be seen.
  await page.route('**/api/session:unlock', async (route) => {
    await new Promise((r) => setTimeout(r, 600))
    await route.continue()
  })
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('button', { name: /Unlocking/ })).toBeDisabled()
  await expect(page.getByLabel('Passphrase')).toBeDisabled()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible()
})

test('without the token the page says how to open it', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('alert')).toContainText('without its access token')
})

test('locking takes the caseload off the screen at once, while the lock’s backup is made', async ({ page }) => {
  await openUnlocked(page)
  const childLink = page.locator('.start-list li').first()
  await expect(childLink).toBeVisible()
  // The lock held back until the screen has been checked, as at an authority's size (its backup
  // takes up to a minute).
  let release: () => void = () => {}
  const held = new Promise<void>((r) => (release = r))
  await page.route('**/api/session:lock', async (route) => {
    await held
    await route.continue()
  })
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Locking the caseload' })).toBeVisible()
  await expect(page.getByText('Nothing from the caseload is shown now.')).toBeVisible()
  await expect(page.locator('.start-list')).toHaveCount(0)
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0)
  await expectAccessible(page, 'locking')
  await screenshotsAtBothSizes(page, '02b-locking')
  release()
  await expect(page.getByRole('heading', { name: 'Unlock your caseload' })).toBeVisible()
  await page.unroute('**/api/session:lock')
})

test('locked under the page (the host’s idle lock, a new page load): the caseload leaves the screen before the lock is done', async ({ page, request }) => {
  await openUnlocked(page)
  await expect(page.locator('.start-list li').first()).toBeVisible()
  // The page's own question once its watch has heard of the lock, held back so the screen between can be seen.
  await page.route('**/api/session:status', async (route) => {
    await new Promise((r) => setTimeout(r, 1500))
    await route.continue()
  })
  // Loading the app's page anew closes the caseload in the host (as its idle lock does).
  expect((await request.get('/')).ok()).toBe(true)
  await expect(page.getByRole('heading', { name: 'Locking the caseload' })).toBeVisible({ timeout: 10_000 })
  await expect(page.locator('.start-list')).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Unlock your caseload' })).toBeVisible({ timeout: 10_000 })
  await page.unroute('**/api/session:status')
})
