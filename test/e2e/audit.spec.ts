/**
 * The audit report screen against the 80-child demo: the 11 indicators with numbers, the cases
 * behind one (then its case), charts with table alternatives, the audit's shape, Word export.
 */
import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { expectAccessible, openUnlocked, screenshot } from './helpers'

test('the audit screen: indicators, cases behind them, charts with text alternatives, export', async ({ page }) => {
  await openUnlocked(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit' }).click()
  await expect(page.getByRole('heading', { name: 'Core group audit' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'What we did well' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Areas for development' })).toBeVisible()
  const table = page.getByRole('region', { name: 'Indicators and the cases behind them' })
  await expect(table.locator('tbody > tr')).toHaveCount(11)
  await expect(table).toContainText('First core group within the timescale')
  await expect(table).toContainText("Children with no change of social worker")
  // Both charts are drawn, each with words beside it.
  await expect(page.locator('.recharts-wrapper')).toHaveCount(2)
  await expect(page.getByText('Trend by month as a table')).toBeVisible()
  await expectAccessible(page, 'audit')
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, 'audit', true)

  // The cases behind an indicator, then one case.
  const show = table.getByRole('button', { name: /^Show \d+ \(\d+ not met\)/ }).first()
  await show.click()
  const cases = table.locator('.indicator-cases li')
  expect(await cases.count()).toBeGreaterThan(0)
  await expect(cases.first()).toContainText(/Met|Not met/)
  const child = cases.first().getByRole('button').first()
  const name = (await child.textContent())!.trim()
  await child.click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name)
  await page.getByRole('button', { name: '← Back to the audit' }).click()
  await expect(page.getByRole('heading', { name: 'Core group audit' })).toBeVisible()

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the audit report as Word' }).click()])
  expect(download.suggestedFilename()).toMatch(/^core-group-audit-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.docx$/)
  expect(readFileSync((await download.path())!).subarray(0, 2).toString()).toBe('PK')
})
