/**
 * Settings → Backups in Chromium against the real core: a backup made on lock shows as the last
 * good backup; "Back up now" shows what was checked; the folder can be typed (browser host); a
 * restore asks for confirmation and the passphrase, refuses a wrong one, shows its steps, and
 * restores with the right one. Screenshots at 1366x768 and 1920x1080.
 */
import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, lock, openUnlocked, PASSPHRASE, screenshot, screenshotsAtBothSizes } from './helpers'

async function toSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Backups', level: 2 })).toBeVisible()
}

test('Settings shows the last good backup, backs up now, and restores one after confirmation', async ({ page }) => {
  // A restore here walks through its six steps, each slowed by the host's test-only pause.
  test.setTimeout(180_000)
  await openUnlocked(page)
  // Locking makes an automatic backup.
  await lock(page)
  await openUnlocked(page)
  await toSettings(page)
  const panel = page.locator('section[aria-labelledby="backups-heading"]')
  await expect(panel.getByText(/^Last good backup: \d{1,2} [A-Z][a-z]{2} \d{4} at \d{2}:\d{2}$/)).toBeVisible()
  await expect(panel.getByText(/on the same disk as the caseload/)).toBeVisible()

  await panel.getByRole('button', { name: 'Back up now' }).click()
  // In its own thread, each step slowed by the host's test-only pause (playwright.config.ts).
  await expect(panel.getByText(/Checked: 80 children, \d+ plans, \d+ meetings, \d+ actions/)).toBeVisible({ timeout: 30_000 })
  await expect(panel.getByText(/Backed up and checked: caseload-\d{8}-\d{6}Z(-\d+)?\.dwbackup\./)).toBeVisible({ timeout: 30_000 })
  const rows = panel.locator('table.backup-list tbody tr')
  expect(await rows.count()).toBeGreaterThanOrEqual(2)
  await expectAccessible(page, 'settings (backups)')

  await screenshotsAtBothSizes(page, 'settings-backups', { show: panel })

  // A folder that is not a whole path is refused beside the field.
  await panel.getByLabel('Backup folder (the whole path)').fill('backups-here')
  await panel.getByRole('button', { name: 'Use this folder' }).click()
  await expect(panel.getByText(/not a whole \(absolute\) path/)).toBeVisible()

  // Restore the newest backup: confirmation, wrong passphrase refused, then the right one.
  await rows.first().getByRole('button', { name: /^Restore the backup of / }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('heading', { name: /^Restore the backup of .* at \d{2}:\d{2}:\d{2}\?$/ })).toBeVisible()
  await expect(dialog.getByText(/anything recorded since then will not be in it/)).toBeVisible()
  await screenshot(page, 'settings-backups-restore-dialog', false)
  await dialog.getByLabel('The passphrase in use when the backup was made').fill('not the passphrase')
  await dialog.getByRole('button', { name: 'Yes, restore this backup' }).click()
  // Tried before the backup is checked or written (each step here waits the host's test-only pause).
  await expect(dialog.getByText(/That passphrase does not open this backup/)).toBeVisible({ timeout: 20_000 })
  await dialog.getByLabel('The passphrase in use when the backup was made').fill(PASSPHRASE)
  await dialog.getByRole('button', { name: 'Yes, restore this backup' }).click()
  // Its steps, in the dialog, with Cancel until the caseload is replaced.
  const progress = dialog.getByRole('group', { name: 'Restoring the backup…' })
  await expect(progress.getByText(/^Step 3 of 6: Writing the restored caseload beside this one$/)).toBeVisible({ timeout: 20_000 })
  await expect(progress.getByRole('button', { name: 'Cancel the restore' })).toBeEnabled()
  await expect(progress.getByText(/Nothing can be saved until the restore has finished/)).toBeVisible()
  await expectAccessible(page, 'settings (a restore running)')
  await screenshotsAtBothSizes(page, 'settings-restore-running')
  await expect(progress.getByText(/^Step 5 of 6: Backing up the caseload as it is now$/)).toBeVisible({ timeout: 30_000 })
  await expect(dialog).toBeHidden({ timeout: 60_000 })
  await expect(panel.getByText(/^Restored the backup of \d{1,2} [A-Z][a-z]{2} \d{4} at \d{2}:\d{2}:\d{2}\. The caseload as it was just before is the newest backup below, so this can be undone\.$/)).toBeVisible({ timeout: 20_000 })
  await screenshot(page, 'settings-restored', false)
  // Unlocked again on the restored caseload; the backup made just before the restore is listed.
  await toSettings(page)
  await expect(panel.getByText(/^Last good backup: /)).toBeVisible()
  await page.getByRole('button', { name: 'Dashboard', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible()
  await expect(page.locator('.tile').first()).toBeVisible()
})
