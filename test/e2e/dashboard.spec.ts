import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, openUnlocked, screenshot, shownCount } from './helpers'

const GROUPS = ['safety', 'visits', 'voice', 'meetings', 'actions', 'workers', 'disagreements'] as const
const SEV = { high: 0, medium: 1, low: 2 } as const

async function startItems(page: Page) {
  const items = page.locator('.start-item')
  await expect(items.first()).toBeVisible()
  return items.evaluateAll((els) =>
    els.map((e) => ({
      worst: e.getAttribute('data-worst') as 'high' | 'medium' | 'low',
      worstOverdue: e.getAttribute('data-worst-overdue') === 'true',
      score: Number(e.getAttribute('data-score')),
    })),
  )
}

test('Start here comes first and lists HIGH overdue children first, each with a next step', async ({ page }) => {
  await openUnlocked(page)
  await expect(page.getByRole('note')).toContainText('Every child, family and professional here is fictional')
  await expect(page.locator('.lede')).toContainText('80 children with an open plan')
  const start = page.getByRole('region', { name: 'Start here' })
  // The first thing under the heading: before the tiles and the charts.
  const order = await page.locator('.start-here, .group-tiles, #by-group-title').evaluateAll((els) => els.map((e) => e.className || e.id))
  expect(order[0]).toContain('start-here')

  const items = await startItems(page)
  expect(items.length).toBe(10)
  expect(items[0]).toMatchObject({ worst: 'high', worstOverdue: true })
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1]!
    const b = items[i]!
    const key = (x: typeof a) => [SEV[x.worst], x.worstOverdue ? 0 : 1, -x.score]
    const [ka, kb] = [key(a), key(b)]
    const cmp = ka[0]! - kb[0]! || ka[1]! - kb[1]! || ka[2]! - kb[2]!
    expect(cmp, `Start here item ${i} before ${i + 1}`).toBeLessThanOrEqual(0)
  }
  const first = start.locator('.start-item').first()
  await expect(first.locator('.badge').first()).toHaveText('High')
  await expect(first.locator('.tag-overdue').first()).toBeVisible()
  for (const text of await start.locator('.next-step').allTextContents()) expect(text).toMatch(/^Next step: [A-Z].{15,}/)
  await expect(first.locator('.start-meta')).toContainText(/Social worker: |No allocated social worker/)

  // Show all, then one click to the record behind the first child's worst finding.
  await start.getByRole('button', { name: /^Show all \d+ children with findings$/ }).click()
  await expect(start.locator('.start-item')).not.toHaveCount(10)
  const name = (await first.locator('.child-link').textContent()) ?? ''
  await first.getByRole('button', { name: 'See the record' }).first().click()
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible()
  await expect(page.locator('.record-highlight')).toBeVisible()
  await expect(page.locator('.record-highlight')).toBeFocused()
})

test('every tile agrees with its bar in the chart, and means what it says', async ({ page }) => {
  await openUnlocked(page)
  const chart = page.getByRole('region', { name: 'Findings by kind' })
  await chart.getByText('Show the figures as a table').click()
  for (const g of GROUPS) {
    const tile = page.locator(`[data-tile="${g}"]`)
    const row = chart.locator(`tr[data-group="${g}"]`)
    for (const st of ['overdue', 'flag', 'due-soon'] as const) {
      const fromTile = Number(await tile.getAttribute(`data-${st}`))
      const fromChart = Number(((await row.locator(`td[data-status="${st}"]`).textContent()) ?? '').trim())
      expect(fromChart, `${g} ${st}: chart and tile`).toBe(fromTile)
    }
    // The tile's "overdue" words are only overdue findings.
    await expect(tile.locator('.tile-overdue')).toHaveText(new RegExp(`^${await tile.getAttribute('data-overdue')} overdue findings?$`))
  }
  await expectAccessible(page, 'dashboard')
})

for (const g of ['safety', 'visits', 'meetings'] as const) {
  test(`the ${g} tile opens exactly the children it counts`, async ({ page }) => {
    await openUnlocked(page)
    const tile = page.locator(`[data-tile="${g}"]`)
    const children = Number(await tile.getAttribute('data-children'))
    await tile.locator('.tile-main').click()
    await expect(page.getByRole('heading', { name: 'Caseload', level: 1 })).toBeVisible()
    await expect(page.getByLabel('Findings', { exact: true })).toHaveValue(`group:${g}`)
    expect(await shownCount(page)).toBe(children)
  })
}

test('a bar of the chart opens the caseload filtered to it', async ({ page }) => {
  await openUnlocked(page)
  const chart = page.getByRole('region', { name: 'Findings by kind' })
  const bars = chart.locator('.recharts-bar-rectangle path')
  await expect(bars.first()).toBeVisible()
  await bars.first().click()
  await expect(page.getByRole('heading', { name: 'Caseload', level: 1 })).toBeVisible()
  await expect(page.getByLabel('Findings', { exact: true })).toHaveValue(/^group:[a-z]+:(overdue|flag|due-soon)$/)
  expect(await shownCount(page)).toBeGreaterThan(0)
  expect(await shownCount(page)).toBeLessThan(80)

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click()
  const worker = page.getByRole('region', { name: 'Drift per child, by worker' })
  await worker.locator('.recharts-bar-rectangle path').first().click()
  await expect(page.getByRole('heading', { name: 'Caseload', level: 1 })).toBeVisible()
  await expect(page.getByLabel('Social worker', { exact: true })).not.toHaveValue('')
})

for (const [w, h] of [
  [1366, 768],
  [1920, 1080],
] as const) {
  test(`dashboard screenshot at ${w}x${h}`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h })
    await openUnlocked(page)
    await expect(page.locator('.start-item').first()).toBeVisible()
    await expect(page.locator('#by-group-title')).toBeVisible()
    await screenshot(page, `11-dashboard-${w}x${h}`, false)
    await screenshot(page, `11-dashboard-${w}x${h}-full`)
  })
}
