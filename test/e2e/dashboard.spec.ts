import { expect, test } from '@playwright/test'
import { expectAccessible, openUnlocked, screenshot, shownCount } from './helpers'

const TILES = [
  { key: 'overdueMeetings', title: 'Overdue meetings', filter: 'Overdue meetings' },
  { key: 'actions', title: 'Overdue and stale actions', filter: 'Overdue and stale actions' },
  { key: 'workers', title: 'Worker changes', filter: 'Worker changes' },
  { key: 'disagreements', title: 'Unresolved disagreements', filter: 'Unresolved disagreements' },
]

test('the dashboard shows four headline counts, deadlines and charts with text alternatives', async ({ page }) => {
  await openUnlocked(page)
  await expect(page.getByRole('note')).toContainText('Every child, family and professional here is fictional')
  await expect(page.locator('.lede')).toContainText('80 children with an open plan')
  for (const t of TILES) await expect(page.locator(`[data-tile="${t.key}"]`)).toContainText(t.title)

  const upcoming = page.getByRole('region', { name: 'Deadlines in the next four weeks' })
  await expect(upcoming).toBeVisible()
  const dates = await upcoming.locator('.upcoming-day').allTextContents()
  expect(dates.length).toBeGreaterThan(0)

  for (const name of ['Findings by rule', 'Drift score by worker', 'Drift score by team']) {
    const region = page.getByRole('region', { name })
    await expect(region.locator('.recharts-surface').first()).toBeVisible()
    await region.getByText('Show the figures as a table').click()
    await expect(region.locator('table tbody tr').first()).toBeVisible()
  }
  await expectAccessible(page, 'dashboard')
  await screenshot(page, '04-dashboard')
})

for (const t of TILES) {
  test(`the "${t.title}" tile opens the caseload filtered to those findings`, async ({ page }) => {
    await openUnlocked(page)
    const tile = page.locator(`[data-tile="${t.key}"]`)
    const children = Number(((await tile.locator('.tile-count').textContent()) ?? '').replace(/[^0-9]/g, ''))
    await tile.focus()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { name: 'Caseload', level: 1 })).toBeVisible()
    await expect(page.getByLabel('Findings', { exact: true })).toHaveValue(`tile:${t.key}`)
    await expect(page.locator('.table-summary')).toContainText(t.filter)
    expect(await shownCount(page)).toBe(children)
    if (children > 0) {
      // Every row shown has at least one finding of the tile's kind, named in its findings cell.
      const first = page.locator('.grid-body [role="row"]').first()
      await expect(first.locator('.cell-findings .mini').first()).toBeVisible()
    }
    if (t.key === 'actions') await screenshot(page, '05-tile-overdue-and-stale-actions', false)
  })
}
