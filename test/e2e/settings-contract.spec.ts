/**
 * Independent audit of Settings, for what only the screen shows: the timescales' error messages in
 * words (README Settings: "errors name fields in words, never by their internal names"; an emptied
 * field says "is empty: type a number (the default is N)"), the allowed range in each message, a bad
 * bank-holidays.json named with its JSON path, and a wrong current passphrase beside its field.
 */
import { expect, test, type Page } from '@playwright/test'
import { openUnlocked, screenshot } from './helpers'

async function toSettings(page: Page) {
  await openUnlocked(page)
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
}

const timescales = (page: Page) => page.locator('section', { has: page.getByRole('heading', { name: 'Timescales' }) })

async function saveWith(page: Page, values: Record<string, string>): Promise<string[]> {
  const panel = timescales(page)
  for (const [label, value] of Object.entries(values)) await panel.getByLabel(label, { exact: true }).fill(value)
  await panel.getByRole('button', { name: 'Save the timescales' }).click()
  const summary = panel.locator('.error-summary')
  await expect(summary).toBeVisible()
  return (await summary.locator('li').allTextContents()).map((t) => t.trim())
}

// README Settings: errors name fields in words; an emptied field says the default.
test('timescale errors name each field in words, never by its internal name, and an empty one gives the default', async ({ page }) => {
  await toSettings(page)
  const empty = await saveWith(page, { 'Later review conferences every': '' })
  expect(empty).toEqual(['Later review conferences every is empty: type a number (the default is 6).'])
  await timescales(page).getByLabel('Later review conferences every', { exact: true }).fill('6')
  const lines = await saveWith(page, {
    'Core group interval': '0',
    'Warn of a first core group': '99',
    'Long plan (high) after': '6',
    'Disagreement stage 1 limit': '-1',
  })
  await screenshot(page, 'audit-settings-policy-errors', false)
  expect(lines.find((l) => l.startsWith('Core group interval'))).toBeTruthy()
  expect(lines.find((l) => l.startsWith('Warn of a first core group'))).toBeTruthy()
  expect(lines.find((l) => l.startsWith('Disagreement stage 1 limit'))).toBeTruthy()
  expect(lines.find((l) => l.startsWith('Long plan (high) after'))).toMatch(/Long plan \(medium\) after/)
  // No internal name (camelCase, a JSON path or a rule id) anywhere in the summary.
  for (const l of lines) expect(l).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]+\b|\$\.|\[\d\]|-overdue/)
  // Nothing was saved: the page still says every timescale is the default.
  await page.reload()
  await toSettings(page)
  await expect(timescales(page).getByText('All are the defaults.')).toBeVisible()
})

// Audit brief: every setting's validation message names the setting and the allowed range.
// Was a fault (fixed): "Core group interval must be at least 1." / "Warn of a first core group must be at most 60." —
// only the bound that was crossed; the chair is not told the range (1 to 3660, 0 to 60).
test('each out-of-range timescale message says the whole allowed range', async ({ page }) => {
  await toSettings(page)
  const lines = await saveWith(page, { 'Core group interval': '0', 'Warn of a first core group': '99' })
  expect(lines.find((l) => l.startsWith('Core group interval'))).toMatch(/1\b.*3660/)
  expect(lines.find((l) => l.startsWith('Warn of a first core group'))).toMatch(/0\b.*60/)
})

// Brief: a bad bank-holidays.json gets a JSON path and a reason, and changes nothing.
test('a bank-holidays.json with an impossible date is refused with its JSON path and reason', async ({ page }) => {
  await toSettings(page)
  const file = {
    'england-and-wales': {
      division: 'england-and-wales',
      events: [
        { title: "New Year's Day", date: '2026-01-01', notes: '', bunting: true },
        { title: 'Made-up day', date: '2026-02-30', notes: '', bunting: true },
      ],
    },
  }
  await page.getByLabel('The bank-holidays.json file').setInputFiles({ name: 'bank-holidays.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) })
  const alert = page.locator('#bank-holidays-error')
  await expect(alert).toBeVisible()
  const text = (await alert.textContent()) ?? ''
  await screenshot(page, 'audit-settings-bank-holidays-error', false)
  expect(text).toMatch(/events\[1\]\.date/)
  expect(text).toMatch(/not a real date/)
  await expect(page.getByText(/Imported \d+ bank holidays/)).toHaveCount(0)
})

// README Security model / Settings: a wrong current passphrase says so beside its field; nothing changes.
test('a wrong current passphrase is said beside its field, and the passphrase is unchanged', async ({ page }) => {
  await toSettings(page)
  const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Change the passphrase' }) })
  await panel.getByLabel('Current passphrase', { exact: true }).fill('not the passphrase at all')
  await panel.getByLabel('New passphrase', { exact: true }).fill('another long passphrase')
  await panel.getByLabel('The new passphrase typed again', { exact: true }).fill('another long passphrase')
  await panel.getByRole('button', { name: 'Change the passphrase' }).click()
  await expect(panel.locator('.error-summary')).toContainText(/Current passphrase is not right/, { timeout: 20_000 })
  await expect(panel.getByText('The passphrase has been changed.')).toHaveCount(0)
  // Still the old passphrase: lock and unlock with it.
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Unlock your caseload' })).toBeVisible({ timeout: 30_000 })
  await openUnlocked(page)
})

// README Recording: "errors appear beside the field"; a chair correcting a form expects every problem
// at once. Was a fault (fixed): with an emptied field, the other fields' range errors are held back until the empty
// one is filled (here "Core group interval" = 0 is not reported alongside the empty field).
test('an emptied field and an out-of-range one are both reported in one save', async ({ page }) => {
  await toSettings(page)
  const lines = await saveWith(page, { 'Later review conferences every': '', 'Core group interval': '0' })
  expect(lines.some((l) => l.startsWith('Later review conferences every'))).toBe(true)
  expect(lines.some((l) => l.startsWith('Core group interval'))).toBe(true)
})
