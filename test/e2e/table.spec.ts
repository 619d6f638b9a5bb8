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
  const groupCount = await groups.count()
  expect(groupCount).toBeGreaterThan(1)
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
