/**
 * Audit of recording (README "Recording" — "Another program's change"): only the page can show whether a
 * form drawn before another program's change is still open, and what its Save does, once the page's
 * background watch has noticed the change.
 */
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { openCaseload } from '../../electron/core/db/caseload-db'
import { openUnlocked, PASSPHRASE, screenshot } from './helpers'
import { todayInLondon } from '../../shared/civil-date'

const DB = join(process.env.DRIFTWATCH_E2E_DIR ?? '', 'demo', 'caseload.db')
const dialog = (page: Page) => page.locator('dialog[open]')

// README Recording, "Another program's change": "a save made from a screen drawn before the change is refused once, with a sentence".
test('a Record form left open while another program changes the caseload: its save is refused once, after the notice', async ({ page }) => {
  // Was a fault (fixed): the notice "Another program changed the caseload" appears (the watch consumed the change), the form stays open with what was typed, and Save records the visit without any refusal.
  await openUnlocked(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caseload' }).click()
  const first = page.locator('.grid-body [role="row"]').first()
  const childId = await first.getAttribute('data-child-id')
  await first.locator('.child-name').click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await page.getByRole('region', { name: 'Record' }).getByRole('button', { name: 'Visit', exact: true }).click()
  await expect(dialog(page).getByRole('heading', { name: 'Record a visit' })).toBeVisible()
  await dialog(page).getByLabel('Date of the visit', { exact: true }).fill(todayInLondon())
  await dialog(page).getByLabel('Yes, seen alone').check()

  // Another program (as the command line would) changes another child's team, then puts it back.
  const other = await openCaseload({ path: DB, passphrase: PASSPHRASE })
  const row = other.sqlite.prepare('SELECT id, team FROM children WHERE id <> ? ORDER BY id LIMIT 1').get(childId ?? '') as { id: string; team: string | null }
  try {
    other.sqlite.prepare("UPDATE children SET team = 'Audit team' WHERE id = ?").run(row.id)
    await expect(page.getByText('Another program changed the caseload')).toBeVisible({ timeout: 15_000 })
    await expect(dialog(page).getByLabel('Yes, seen alone')).toBeChecked() // the form drawn before the change is still open
    await screenshot(page, 'audit-records-stale-form', false)
    await dialog(page).getByRole('button', { name: 'Save the visit' }).click()
    await expect(dialog(page)).toContainText('Another program changed the caseload since this screen was drawn', { timeout: 5_000 })
    await screenshot(page, 'audit-records-stale-form-refused', false)
    // Once: what was typed is kept, and saving again records it.
    await expect(dialog(page).getByLabel('Yes, seen alone')).toBeChecked()
    await dialog(page).getByRole('button', { name: 'Save the visit' }).click()
    await expect(dialog(page)).toHaveCount(0)
    await expect(page.locator('.toast')).toContainText('Saved.')
  } finally {
    other.sqlite.prepare('UPDATE children SET team = ? WHERE id = ?').run(row.team, row.id)
    other.close()
  }
})
