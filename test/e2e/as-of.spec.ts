import { expect, test } from '@playwright/test'
import { expectAccessible, openUnlocked, screenshot } from './helpers'

test('the as-of date shows the caseload as it stood then, and Today comes back', async ({ page }) => {
  await openUnlocked(page)
  const lede = page.locator('.lede')
  const todayText = (await lede.textContent()) ?? ''
  const tiles = async () => (await page.locator('.tile-count').allTextContents()).join(',')
  const todayTiles = await tiles()

  const input = page.getByLabel('Caseload as on')
  const today = await input.inputValue()
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  // Six months earlier (civil dates: plain string arithmetic on the month).
  const [y, m] = today.split('-').map(Number) as [number, number]
  const past = m > 6 ? `${y}-${String(m - 6).padStart(2, '0')}-15` : `${y - 1}-${String(m + 6).padStart(2, '0')}-15`
  await input.fill(past)
  const banner = page.getByRole('status').filter({ hasText: 'as it stood on' })
  await expect(banner).toBeVisible()
  const [py, pm] = past.split('-').map(Number) as [number, number]
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][pm - 1]
  await expect(banner).toContainText(`15 ${month} ${py}`)
  await expect(lede).toContainText(`on 15 ${month} ${py}`)
  await expect(lede).not.toHaveText(todayText)
  const pastTiles = await tiles()
  expect(pastTiles === todayTiles && (await lede.textContent()) === todayText).toBe(false)
  await expectAccessible(page, 'dashboard in the past')
  await screenshot(page, '11-dashboard-as-of-past')

  // The table follows the same date.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caseload' }).click()
  await expect(page.locator('.lede')).toContainText(`on 15 ${month} ${py}`)

  await page.getByRole('button', { name: 'Today', exact: true }).click()
  await expect(banner).toBeHidden()
  await expect(input).toHaveValue(today)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click()
  await expect(lede).toHaveText(todayText)
})
