import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, openUnlocked, screenshot, shownCount } from './helpers'

async function openTable(page: Page) {
  await openUnlocked(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caseload' }).click()
  await expect(page.getByRole('heading', { name: 'Caseload', level: 1 })).toBeVisible()
  await expect(page.locator('.grid-body [role="row"]').first()).toBeVisible()
}

const rows = (page: Page) => page.locator('.grid-body [role="row"]')

async function columnTexts(page: Page, nth: number): Promise<string[]> {
  return rows(page).locator(`[role="gridcell"]:nth-child(${nth})`).allTextContents()
}

test('the caseload table sorts by drift score (highest first) and by child name', async ({ page }) => {
  await openTable(page)
  expect(await shownCount(page)).toBe(80)
  const scoreHeader = page.getByRole('columnheader', { name: /Drift score/ })
  await expect(scoreHeader).toHaveAttribute('aria-sort', 'descending')
  const scores = (await columnTexts(page, 6)).map(Number)
  expect(scores.length).toBeGreaterThan(5)
  expect([...scores].sort((a, b) => b - a)).toEqual(scores)

  await page.getByRole('button', { name: 'Child', exact: true }).click()
  await expect(page.getByRole('columnheader', { name: /Child/ })).toHaveAttribute('aria-sort', 'ascending')
  const names = (await columnTexts(page, 1)).map((n) => n.replace(/Complex$/, ''))
  expect([...names].sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true }))).toEqual(names)
  await expectAccessible(page, 'caseload table')
  await screenshot(page, '06-caseload-table', false)
})

test('filters by rule, severity, team and worker, and searches by name', async ({ page }) => {
  await openTable(page)
  await page.getByLabel('Findings', { exact: true }).selectOption('rule:visit-overdue')
  const visits = await shownCount(page)
  expect(visits).toBeGreaterThan(0)
  expect(visits).toBeLessThan(80)
  for (const cell of await rows(page).locator('.cell-findings').allTextContents()) expect(cell).toMatch(/Visit (overdue|due)/)

  await page.getByLabel('Severity').selectOption('high')
  const highVisits = await shownCount(page)
  expect(highVisits).toBeLessThanOrEqual(visits)
  for (const cell of await rows(page).locator('.cell-findings').allTextContents()) expect(cell).toContain('HighVisit overdue')

  await page.getByRole('button', { name: 'Clear filters' }).click()
  expect(await shownCount(page)).toBe(80)

  const team = page.getByLabel('Team')
  const teamName = (await team.locator('option').nth(1).textContent()) ?? ''
  await team.selectOption({ label: teamName })
  const inTeam = await shownCount(page)
  expect(inTeam).toBeLessThan(80)
  for (const t of await columnTexts(page, 2)) expect(t).toBe(teamName)
  await page.getByRole('button', { name: 'Clear filters' }).click()

  const worker = page.getByLabel('Social worker', { exact: true })
  const workerName = (await worker.locator('option').nth(1).textContent()) ?? ''
  await worker.selectOption({ label: workerName })
  for (const w of await columnTexts(page, 3)) expect(w).toBe(workerName)
  await page.getByRole('button', { name: 'Clear filters' }).click()

  const firstName = ((await columnTexts(page, 1))[0] ?? '').replace(/Complex$/, '')
  await page.getByLabel('Search').fill(firstName.toLowerCase())
  await expect(page.locator('.table-summary')).toContainText(`matching “${firstName.toLowerCase()}”`)
  const found = await columnTexts(page, 1)
  expect(found.length).toBeGreaterThan(0)
  for (const n of found) expect(n.toLowerCase()).toContain(firstName.toLowerCase())
  await screenshot(page, '07-caseload-filtered', false)
})

test('groups by team and by worker; groups fold with the keyboard', async ({ page }) => {
  await openTable(page)
  await page.getByLabel('Group by').selectOption('team')
  const groups = page.locator('.grid-body .group-row')
  await expect(groups.first()).toBeVisible()
  // Groups come by total drift, the largest first: its children may fill the visible rows.
  expect(await groups.count()).toBeGreaterThanOrEqual(1)
  await expect(groups.first()).toContainText(/Demo Team \w+\d* ?.*children · total drift score \d+/)
  const teams = (await page.getByLabel('Team').locator('option').count()) - 1
  await expect(page.locator('.grid-foot')).toContainText(`80 children in ${teams} groups`)
  await expectAccessible(page, 'caseload grouped')
  await screenshot(page, '08-caseload-grouped-by-team', false)

  // Fold the first group with the keyboard: its children disappear and the next group follows at once.
  await expect(rows(page).nth(1)).not.toHaveClass(/group-row/)
  await groups.first().focus()
  await page.keyboard.press('ArrowLeft')
  await expect(groups.first()).toHaveAttribute('aria-expanded', 'false')
  await expect(rows(page).nth(1)).toHaveClass(/group-row/)
  await page.keyboard.press('Enter')
  await expect(groups.first()).toHaveAttribute('aria-expanded', 'true')

  await page.getByLabel('Group by').selectOption('worker')
  await expect(groups.first()).toBeVisible()
  await expect(page.locator('.grid-foot')).not.toContainText(`in ${teams} groups`)
})

test('the drift score shows its reasons on hover and on keyboard focus; Enter opens the case', async ({ page }) => {
  await openTable(page)
  const firstRow = rows(page).first()
  const childName = ((await firstRow.locator('.child-name').textContent()) ?? '').trim()

  // Hover
  await firstRow.locator('.score-button').hover()
  const tip = page.getByRole('tooltip')
  await expect(tip).toBeVisible()
  await expect(tip).toContainText(`${childName}: drift score`)
  await expect(tip.locator('.finding-message').first()).not.toBeEmpty()
  await page.mouse.move(5, 5)
  await expect(tip).toBeHidden()

  // Keyboard: Tab past the column headers lands on the first row, Tab again on its score, which shows the reasons.
  await page.getByRole('button', { name: 'Drift score', exact: true }).focus()
  await page.keyboard.press('Tab')
  await expect(firstRow).toBeFocused()
  await page.keyboard.press('ArrowDown')
  const second = rows(page).nth(1)
  await expect(second).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(firstRow).toBeFocused()
  await page.keyboard.press('Tab')
  const score = firstRow.locator('.score-button')
  await expect(score).toBeFocused()
  await expect(tip).toBeVisible()
  await expect(score).toHaveAttribute('aria-describedby', (await tip.getAttribute('id')) ?? 'missing')
  await screenshot(page, '09-score-tooltip-keyboard', false)
  await page.keyboard.press('Escape')
  await expect(tip).toBeHidden()

  await page.keyboard.press('Shift+Tab')
  await expect(firstRow).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(childName)
})

const RANK = { high: 0, medium: 1, low: 2 } as const

test('tags worst first, the score coloured by the worst finding, and no cut column at 1366 and 1920 px', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await openTable(page)
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await expect(rows(page).first()).toBeVisible()
    const seen = await rows(page).evaluateAll((els) =>
      els.map((row) => ({
        tags: [...row.querySelectorAll('.cell-findings .mini')].map((t) => t.getAttribute('data-severity') as 'high' | 'medium' | 'low'),
        worst: row.querySelector('.score')?.getAttribute('data-worst'),
        more: row.querySelector('.mini-more') !== null,
        // Every cell fits its column (nothing pushed out of sight); the findings count is inside the cell.
        cut: [...row.querySelectorAll('[role="gridcell"]')].some((c) => (c as HTMLElement).scrollWidth > (c as HTMLElement).clientWidth + 1),
        moreVisible: (() => {
          const m = row.querySelector('.mini-more')
          const cell = row.querySelector('.cell-findings')
          return !m || !cell || m.getBoundingClientRect().right <= cell.getBoundingClientRect().right + 1
        })(),
      })),
    )
    expect(seen.length).toBeGreaterThan(5)
    for (const r of seen) {
      for (let i = 1; i < r.tags.length; i++) expect(RANK[r.tags[i]!]).toBeGreaterThanOrEqual(RANK[r.tags[i - 1]!])
      if (r.tags.length) expect(r.worst).toBe(r.tags[0])
      expect(r.moreVisible).toBe(true)
    }
    // Any HIGH finding makes the score red, whatever the sum.
    expect(seen.filter((r) => r.tags[0] === 'high').every((r) => r.worst === 'high')).toBe(true)
    expect(seen.some((r) => r.more)).toBe(true)
    const grid = await page.locator('.grid').boundingBox()
    expect(grid!.x + grid!.width).toBeLessThanOrEqual(w)
    expect(grid!.width).toBeGreaterThan(w - 120)
    await screenshot(page, `11-caseload-table-${w}x${h}`, false)
  }
})

test('groups sorted by total drift; "no child matches" differs from "no children yet"', async ({ page }) => {
  await openTable(page)
  await page.getByLabel('Group by').selectOption('worker')
  // Fold every group so that all of them are on screen.
  const open = page.locator('.grid-body .group-row[aria-expanded="true"]')
  for (let i = 0; i < 40 && (await open.count()) > 0; i++) await open.first().click()
  const totals = (await page.locator('.grid-body .group-row .group-meta').allTextContents()).map((t) => Number(/total drift score (\d+)/.exec(t)![1]))
  expect(totals.length).toBeGreaterThan(3)
  expect([...totals].sort((a, b) => b - a)).toEqual(totals)
  await page.getByLabel('Group by').selectOption('none')
  await page.getByLabel('Search').fill('no such child anywhere')
  await expect(page.locator('.grid-empty')).toContainText('No child matches these filters.')
  await expect(page.locator('.grid-empty')).toContainText('80 children in the caseload')
})
