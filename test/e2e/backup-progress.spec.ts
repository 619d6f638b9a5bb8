/**
 * Settings → Backups while a backup runs in its own thread (issue 13), in Chromium against the real
 * core: *Back up now* shows the step and a progress bar, then the new last good backup; *Cancel the
 * backup*, from the keyboard, stops one and leaves the backups as they were. The host slows each
 * step with the test-only DRIFTWATCH_TEST_BACKUP_PAUSE_MS (playwright.config.ts) so that the
 * 80-child caseload's backup can be seen. Screenshots at 1366x768 and 1920x1080 while it runs.
 */
import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, lock, openUnlocked, PASSPHRASE, screenshot, screenshotsAtBothSizes } from './helpers'

/**
 * Unlocked, with a backup made by the lock: so the daily backup (due when there is none from the
 * last day) is not the one running when the test presses Back up now, and any running is cancelled.
 */
async function openWithRecentBackup(page: Page) {
  await openUnlocked(page)
  await lock(page)
  await openUnlocked(page)
}

async function toBackups(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Backups', level: 2 })).toBeVisible()
  return page.locator('section[aria-labelledby="backups-heading"]')
}

// Each step of a threaded backup waits 2.5 s here: each wait below starts within a step.
test.setTimeout(120_000)

test('Back up now shows its steps and a progress bar, then the new last good backup; Cancel stops one from the keyboard', async ({ page }) => {
  await openWithRecentBackup(page)
  const panel = await toBackups(page)
  // The list is rotated (3 newest, one a day, one a week): its newest row's file tells a new backup
  // apart (not its text: a backup made in the same second as the lock's shows the same time).
  const rows = panel.locator('table.backup-list tbody tr')

  await panel.getByRole('button', { name: 'Back up now' }).click()
  const progress = panel.getByRole('group', { name: 'Backing up…' })
  await expect(progress).toBeVisible()
  // The integrity check has no fraction: a moving bar and the seconds; the links check counts tables.
  await expect(progress.getByText(/^Step 2 of 5: Checking the copy$/)).toBeVisible()
  await expect(progress.getByRole('progressbar', { name: 'Checking the copy: under way' })).toBeVisible()
  await expect(progress.getByText(/You can go on working while it runs/)).toBeVisible()
  await screenshot(page, 'settings-backup-checking', false)
  await expectAccessible(page, 'settings (a backup running)')
  await expect(progress.getByText(/^Step 3 of 5: Checking links between records$/)).toBeVisible()
  await expect(progress.getByText(/^table \d+ of \d+$/)).toBeVisible()
  await expect(progress.getByRole('progressbar', { name: 'Checking links between records: progress' })).toBeVisible()
  await expect(progress.getByText(/^Step 4 of 5: Writing the backup file$/)).toBeVisible()
  await expect(progress.getByText(/^[\d.]+ of [\d.]+ MB$/)).toBeVisible()
  await screenshotsAtBothSizes(page, 'settings-backup-running', { show: progress })

  // Done: the sentence, the last good backup with what was counted, one more backup in the list.
  const made = panel.getByText(/^Backed up and checked: (caseload-\d{8}-\d{6}Z(-\d+)?\.dwbackup)\.$/)
  await expect(made).toBeVisible({ timeout: 30_000 })
  const file = /(caseload-\S+\.dwbackup)/.exec((await made.textContent()) ?? '')![1]!
  await expect(panel.getByText(new RegExp(`^Last good backup: .* — ${file.replace(/\./g, '\\.')}, `))).toBeVisible()
  await expect(panel.getByText(/Checked: 80 children/)).toBeVisible()
  await expect(progress).toBeHidden()
  await expect(rows.first()).toHaveAttribute('data-file', file)
  const listed = await rows.count()

  // Another, cancelled from the keyboard while it writes nothing yet: the list and the last good backup stay.
  await panel.getByRole('button', { name: 'Back up now' }).click()
  await expect(progress.getByText(/^Step 2 of 5: Checking the copy$/)).toBeVisible()
  const cancel = progress.getByRole('button', { name: 'Cancel the backup' })
  await cancel.focus()
  await page.keyboard.press('Enter')
  const stopping = panel.getByRole('group', { name: 'Cancelling the backup…' })
  if (await stopping.isVisible()) await screenshot(page, 'settings-backup-cancelling', false)
  await expect(panel.getByText('The backup was cancelled: nothing was written, and the last good backup is as it was.')).toBeVisible({ timeout: 30_000 })
  await expect(panel.getByText(new RegExp(`^Last good backup: .* — ${file.replace(/\./g, '\\.')}, `))).toBeVisible()
  await expect(rows).toHaveCount(listed)
  await expect(rows.first()).toHaveAttribute('data-file', file)
  await expect(panel.getByText(/The last backup failed/)).toHaveCount(0)
  await screenshot(page, 'settings-backup-cancelled', false)

  // The app goes on: the dashboard answers, and Back up now works again.
  await page.getByRole('button', { name: 'Dashboard', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible()
  const again = await toBackups(page)
  await again.getByRole('button', { name: 'Back up now' }).click()
  await expect(again.getByText(/^Backed up and checked: caseload-/)).toBeVisible({ timeout: 30_000 })
  await expect(rows.first()).not.toHaveAttribute('data-file', file)
})

test('the dashboard answers while a backup runs', async ({ page }) => {
  await openWithRecentBackup(page)
  const panel = await toBackups(page)
  await panel.getByRole('button', { name: 'Back up now' }).click()
  await expect(panel.getByRole('group', { name: 'Backing up…' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caseload', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Caseload', level: 1 })).toBeVisible()
  await expect(page.locator('.table-summary [role="status"] strong')).toHaveText(/\d/)
  // Back to Settings: the backup is still running (or has just ended), and ends with its sentence.
  const back = await toBackups(page)
  await expect(back.getByText(/^Backed up and checked: caseload-/)).toBeVisible({ timeout: 30_000 })
})

test('a restore can be cancelled from its dialog: the caseload stays as it was, and the panel says so', async ({ page }) => {
  await openWithRecentBackup(page)
  const panel = await toBackups(page)
  const rows = panel.locator('table.backup-list tbody tr')
  const listed = await rows.count()
  await rows.first().getByRole('button', { name: /^Restore the backup of / }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('The passphrase in use when the backup was made').fill(PASSPHRASE)
  await dialog.getByRole('button', { name: 'Yes, restore this backup' }).click()
  const progress = dialog.getByRole('group', { name: 'Restoring the backup…' })
  await expect(progress.getByText(/^Step 2 of 6: Checking the backup file$/)).toBeVisible({ timeout: 20_000 })
  // Neither Esc nor a close button ends it while it runs: only Cancel stops a restore.
  await expect(dialog.getByRole('button', { name: 'Close' })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(dialog).toBeVisible()
  const cancel = progress.getByRole('button', { name: 'Cancel the restore' })
  await cancel.focus()
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden({ timeout: 30_000 })
  await expect(panel.getByText('The restore was cancelled: nothing was changed, and the caseload is as it was.')).toBeVisible({ timeout: 20_000 })
  await expect(rows).toHaveCount(listed)
  await screenshot(page, 'settings-restore-cancelled', false)
  // Still unlocked on the same caseload, which can be written to again.
  await page.getByRole('button', { name: 'Dashboard', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible()
})
