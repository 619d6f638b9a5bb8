/**
 * Independent audit, on screen: every number and list the chair sees, against a caseload built by
 * hand (design.md §3) whose figures are worked out by hand from design.md §4 and the README
 * (*Dashboard*, *Caseload*, *Triage*, *As of*). The same caseload and the same hand-worked findings as
 * test/drift/numbers-contract.test.ts (see its header); as-of date A = Wed 18 Nov 2026.
 *
 *   C01 Amy Clean      none                                   0   Sam Reid (P1)   North
 *   C02 Ben Unallocated no-allocated-worker H flag            3   —               North
 *   C03 Cal Visit      visit-overdue H overdue (due 17 Nov)   3   Sam Reid (P1)   North
 *   C04 Dee Visit      visit-overdue H overdue (due 3 Nov)    3   Sam Reid (P2)   South
 *   C05 Eve Views      views M flag + plan not available M    4   Sam Reid (P2)   South
 *   C06 Fin Safety     risk-scale-low H + views M             5   Lee Park        —
 *   C07 Gus Soon       visit due soon L (due 19 Nov)          1   Lee Park        —
 *   C9  Ivy Nine / C10 Jon Ten: no-allocated-worker H        3   —               —
 *   C11 Kit Ended      plan ends ON 18 Nov: not open          —
 *   C12 Lia Twoplans   ended 2025 plan + risk not reviewed M  2   Sam Reid (P1)   South
 *   C13 Max Bothopen   two open plans, views M on each       4   Lee Park        North
 *
 * Runs its own browser host (PORT + 2, as import.spec does) on a caseload made before it starts.
 */
import { expect, test, type Page } from '@playwright/test'
import { importCaseload } from '../../electron/core/caseload/import'
import { PORT, screenshotsAtBothSizes, startSeededHost, TOKEN } from './helpers'
import { A, numbersCaseload } from '../helpers/numbers-caseload'

const HOST_PORT = PORT + 2
const BASE = `http://127.0.0.1:${HOST_PORT}/`
const PASS = 'numbers audit passphrase'

let own: Awaited<ReturnType<typeof startSeededHost>> | undefined

test.beforeAll(async () => {
  test.setTimeout(120_000)
  own = await startSeededHost('numbers', PASS, (db) => {
    importCaseload(db, numbersCaseload() as never)
  })
})

test.afterAll(async () => {
  await own?.stop()
})

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click()
const tile = (page: Page, key: string) => page.locator(`[data-tile="${key}"]`)
const summary = (page: Page) => page.locator('.table-summary [role="status"]')

/** Unlocks and shows the dashboard as on `asOf`. */
async function dashboardOn(page: Page, asOf = A): Promise<void> {
  await page.goto(`${BASE}#token=${TOKEN}`)
  const unlockHeading = page.getByRole('heading', { name: 'Unlock your caseload' })
  const dash = page.getByRole('heading', { name: 'Supervision dashboard' })
  await expect(unlockHeading.or(dash)).toBeVisible({ timeout: 30_000 })
  if (await unlockHeading.isVisible()) {
    await page.getByLabel('Passphrase').fill(PASS)
    await page.getByRole('button', { name: 'Unlock' }).click()
  }
  await expect(dash).toBeVisible({ timeout: 30_000 })
  await page.getByLabel('Caseload as on').fill(asOf)
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number]
  const uk = `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`
  await expect(page.locator('.lede')).toContainText(`on ${uk}`)
  await expect(tile(page, 'visits')).toBeVisible()
}

/** Unlocks and sets a date on which no plan is open (the dashboard then has no lede or tiles). */
async function dashboardOnEmptyDate(page: Page, asOf: string): Promise<void> {
  await page.goto(`${BASE}#token=${TOKEN}`)
  const unlockHeading = page.getByRole('heading', { name: 'Unlock your caseload' })
  const dash = page.getByRole('heading', { name: 'Supervision dashboard' })
  await expect(unlockHeading.or(dash)).toBeVisible({ timeout: 30_000 })
  if (await unlockHeading.isVisible()) {
    await page.getByLabel('Passphrase').fill(PASS)
    await page.getByRole('button', { name: 'Unlock' }).click()
  }
  await expect(tile(page, 'visits')).toBeVisible({ timeout: 30_000 })
  await page.getByLabel('Caseload as on').fill(asOf)
  await expect(tile(page, 'visits')).toHaveCount(0)
}

test.describe.configure({ mode: 'serial' })

// README Dashboard/As of + §4 open plans: 11 children (C13 counted once), 12 open plans; UK date.
test('the dashboard counts 11 children with an open plan on 18 Nov 2026, and 12 open plans', async ({ page }) => {
  await dashboardOn(page)
  await expect(page.locator('.lede')).toContainText('11 children with an open plan on 18 Nov 2026 (12 open plans)')
})

// README Dashboard: big number = children with an overdue or flagged finding; then overdue, flagged, high; due soon apart.
test('every tile shows its hand-worked numbers in words that say what is counted', async ({ page }) => {
  await dashboardOn(page)
  const expectTile = async (key: string, count: string, unit: string, split: string, dueSoon: string) => {
    const t = tile(page, key)
    await expect(t.locator('.tile-count')).toHaveText(count)
    await expect(t.locator('.tile-unit')).toHaveText(unit)
    await expect(t.locator('.tile-split')).toHaveText(split)
    await expect(t.locator('.tile-due-soon')).toHaveText(dueSoon)
  }
  await expectTile('safety', '2', 'children to act on', '0 overdue findings · 2 flagged · 1 high', 'Nothing due soon')
  await expectTile('visits', '2', 'children to act on', '2 overdue findings · 0 flagged · 2 high', 'Due soon, not yet overdue: 1 child')
  await expectTile('voice', '3', 'children to act on', '0 overdue findings · 4 flagged', 'Nothing due soon')
  await expectTile('meetings', '1', 'child to act on', '0 overdue findings · 1 flagged', 'Nothing due soon')
  await expectTile('actions', '0', 'children to act on', '0 overdue findings · 0 flagged', 'Nothing due soon')
  await expectTile('workers', '3', 'children to act on', '0 overdue findings · 3 flagged · 3 high', 'Nothing due soon')
})

// README Triage (rules 1–5) on screen: the ten children with findings, in the hand-worked order; no "Show all" for 10.
test('Start here lists the ten children in the written triage order, with worker, team and score', async ({ page }) => {
  await dashboardOn(page)
  const start = page.getByRole('region', { name: 'Start here' })
  await expect(start.locator('.panel-sub')).toContainText('10 children have drift findings on 18 Nov 2026')
  const names = await start.locator('.start-item .child-link').allTextContents()
  expect(names.map((n) => n.trim())).toEqual(['Dee Visit', 'Cal Visit', 'Fin Safety', 'Ben Unallocated', 'Jon Ten', 'Ivy Nine', 'Eve Views', 'Max Bothopen', 'Lia Twoplans', 'Gus Soon'])
  await expect(start.getByRole('button', { name: /^Show all/ })).toHaveCount(0)
  const meta = await start.locator('.start-meta').allTextContents()
  expect(meta[0]).toBe('Social worker: Sam Reid (sam2@example.invalid) · South · drift score 3')
  expect(meta[3]).toBe('No allocated social worker · North · drift score 3')
  expect(meta[7]).toBe('Social worker: Lee Park · North · drift score 4')
  expect(meta[9]).toBe('Social worker: Lee Park · drift score 1')
})

// README Dashboard: each Start here child with its worst one or two findings, due dates the UK way.
test('Start here shows each child’s worst findings with "Was due" / "Due" in UK dates', async ({ page }) => {
  await dashboardOn(page)
  const item = (id: string) => page.locator(`.start-item[data-child-id="${id}"]`)
  await expect(item('C04').locator('.start-reason')).toHaveCount(1)
  await expect(item('C04').locator('.finding-due')).toHaveText('Was due 3 Nov 2026')
  await expect(item('C07').locator('.finding-due')).toHaveText('Due 19 Nov 2026')
  await expect(item('C06').locator('.start-reason')).toHaveCount(2)
  await expect(item('C06')).toHaveAttribute('data-worst-overdue', 'false')
  await expect(item('C03')).toHaveAttribute('data-worst-overdue', 'true')
  for (const text of await page.locator('.start-item').allTextContents()) expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/)
})

// README Dashboard: "The chart Findings by kind draws the very same counts" — findings, by status.
test('the Findings by kind figures are the hand-worked findings (13 in all), the same as the tiles', async ({ page }) => {
  await dashboardOn(page)
  const chart = page.getByRole('region', { name: 'Findings by kind' })
  await expect(chart).toContainText('13 findings: overdue, flagged and due soon')
  await chart.getByText('Show the figures as a table').click()
  const rows = await chart.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim()).join('|')))
  expect(rows).toEqual(
    expect.arrayContaining(['Safety|0|2|0', 'Visits|2|0|1', "Child's voice|0|4|0", 'Meetings and plan|0|1|0', 'Social workers|0|3|0']),
  )
})

// README Caseload: "Showing N children of M" counts children; a child with two open plans is one child.
test('the table says "Showing 11 children of 11" with nothing filtered', async ({ page }) => {
  // Was a fault (fixed): it says "Showing 12 children of 12": it counts open plans (C13 has two) and calls them children.
  await dashboardOn(page)
  await nav(page, 'Caseload')
  await expect(summary(page)).toHaveText(/^Showing 11 children of 11/, { timeout: 15_000 })
})

// README Dashboard: "each tile … opens the caseload filtered to exactly those findings"; the tile counts children.
test('the child’s-voice tile (3 children) opens a table that says 3 children', async ({ page }) => {
  // Was a fault (fixed): the tile says 3 children to act on, the table then says "Showing 4 children of 12" (C13's two plans).
  await dashboardOn(page)
  await tile(page, 'voice').locator('.tile-main').click()
  await expect(page.getByLabel('Findings', { exact: true })).toHaveValue('group:voice')
  await expect(summary(page)).toHaveText(/^Showing 3 children of/, { timeout: 15_000 })
})

// README Dashboard: a tile / due-soon count opens exactly its findings (children with no two plans: counts agree).
test('the visits tile opens its 2 children, and its due-soon link opens the 1 child due soon', async ({ page }) => {
  await dashboardOn(page)
  await tile(page, 'visits').locator('.tile-main').click()
  await expect(summary(page)).toHaveText(/^Showing 2 children of/, { timeout: 15_000 })
  await expect(page.locator('[data-child-id]')).toHaveCount(2)
  await nav(page, 'Dashboard')
  await tile(page, 'visits').locator('.tile-due-soon').click()
  await expect(summary(page)).toHaveText(/^Showing 1 child of/, { timeout: 15_000 })
  await expect(page.locator('[data-child-id]').filter({ hasText: 'Gus Soon' })).toHaveCount(1)
})

// README Dashboard: the worker chart's figures as a table: children, with findings, with a high one, total, per child.
test('the by-worker table gives each worker’s hand-worked figures, averages to one decimal', async ({ page }) => {
  await dashboardOn(page)
  const fig = page.getByRole('region', { name: 'Drift per child, by worker' })
  await fig.getByText('Show the figures as a table').click()
  const rows = await fig.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim()).join('|')))
  // Ordered by the average, highest first: P2 7/2, P3 10/3, unallocated 9/3, P1 5/3.
  expect(rows).toEqual(['Sam Reid (sam2@example.invalid)|2|2|1|7|3.5', 'Lee Park|3|3|1|10|3.3', 'No allocated worker|3|3|3|9|3.0', 'Sam Reid (sam1@example.invalid)|3|2|1|5|1.7'])
})

// README Dashboard: the worker chart is per person; two people called Sam Reid must be told apart.
test('the by-worker table tells the two Sam Reids apart', async ({ page }) => {
  // FAULT: two rows read just "Sam Reid" (different people, P1 and P2), with nothing to tell which is which.
  await dashboardOn(page)
  const fig = page.getByRole('region', { name: 'Drift per child, by worker' })
  await fig.getByText('Show the figures as a table').click()
  const heads = await fig.locator('tbody th').allTextContents()
  expect(new Set(heads).size).toBe(heads.length)
})

// README Dashboard: "a bar opens the caseload filtered to that worker" — that worker's 2 children, not a namesake's.
test('the bar of Sam Reid (2 children) opens exactly those 2 children', async ({ page }) => {
  // Was a fault (fixed): the worker filter was by name, so it showed 5 rows: both Sam Reids' children.
  await dashboardOn(page)
  const fig = page.getByRole('region', { name: 'Drift per child, by worker' })
  await fig.locator('.recharts-bar-rectangle path').first().click()
  await expect(page.getByLabel('Social worker', { exact: true })).toHaveValue(/^Sam Reid \(sam[12]@example\.invalid\)$/)
  await expect(summary(page)).toHaveText(/^Showing 2 children of/, { timeout: 15_000 })
})

// README Dashboard: a worker bar opens the caseload filtered to that worker — here the unallocated children (3).
test('the bar of the children with no allocated worker opens those 3 children', async ({ page }) => {
  await dashboardOn(page)
  const fig = page.getByRole('region', { name: 'Drift per child, by worker' })
  // Bars in the table's order (by the average): Sam Reid (2) 3.5, Lee Park 3.3, No allocated worker 3.0, Sam Reid (3) 1.7.
  await fig.locator('.recharts-bar-rectangle path').nth(2).click()
  await expect(page.getByLabel('Social worker', { exact: true })).toHaveValue('No allocated worker')
  await expect(summary(page)).toHaveText(/^Showing 3 children of/, { timeout: 15_000 })
  const names = await page.locator('[data-child-id] .child-name').allTextContents()
  expect(names.map((n) => n.trim()).sort()).toEqual(['Ben Unallocated', 'Ivy Nine', 'Jon Ten'])
})

// README As of + Dashboard: a tile's filter kept while the date changes gives that date's children.
test('the visits filter follows a change of date: 2 children on 18 Nov, 1 on 17 Nov', async ({ page }) => {
  await dashboardOn(page)
  await tile(page, 'visits').locator('.tile-main').click()
  await expect(summary(page)).toHaveText(/^Showing 2 children of/, { timeout: 15_000 })
  await page.getByLabel('Caseload as on').fill('2026-11-17')
  await expect(page.locator('.lede')).toContainText('on 17 Nov 2026')
  await expect(summary(page)).toHaveText(/^Showing 1 child of/, { timeout: 15_000 })
  await expect(page.locator('[data-child-id]')).toHaveCount(1)
  await expect(page.locator('[data-child-id="C04"]')).toHaveCount(1)
})

// README Dashboard "by team": children, total, per child; children with no team are a row of their own.
test('the by-team table gives North, South and no team their hand-worked figures', async ({ page }) => {
  await dashboardOn(page)
  const fig = page.getByRole('region', { name: 'Drift per child, by team' })
  await fig.getByText('Show the figures as a table').click()
  const rows = await fig.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim()).join('|')))
  expect(rows).toEqual(['No team|4|12|3.0', 'South|3|9|3.0', 'North|4|10|2.5'])
})

// README Dashboard: a team bar opens the caseload filtered to that team (here "no team": C06, C07, C9, C10).
test('the bar of the children with no team opens those 4 children', async ({ page }) => {
  await dashboardOn(page)
  const fig = page.getByRole('region', { name: 'Drift per child, by team' })
  await fig.locator('.recharts-bar-rectangle path').first().click()
  await expect(summary(page)).toHaveText(/^Showing 4 children of/, { timeout: 15_000 })
  const names = await page.locator('[data-child-id] .child-name').allTextContents()
  expect(names.map((n) => n.trim()).sort()).toEqual(['Fin Safety', 'Gus Soon', 'Ivy Nine', 'Jon Ten'])
})

// README Caseload: filter by one rule and by severity; counts of rows (no child here has two plans with it).
test('the table’s rule and severity filters give the hand-worked numbers of children', async ({ page }) => {
  await dashboardOn(page)
  await nav(page, 'Caseload')
  await expect(summary(page)).toBeVisible({ timeout: 15_000 })
  const findings = page.getByLabel('Findings', { exact: true })
  const ruleOption = await findings.locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']))
  const noWorker = ruleOption.find(([v]) => /no-allocated-worker/.test(v!))
  expect(noWorker, 'a filter for the rule no-allocated-worker').toBeTruthy()
  await findings.selectOption(noWorker![0]!)
  await expect(summary(page)).toHaveText(/^Showing 3 children of/)
  await findings.selectOption('all')
  await page.getByLabel('Severity', { exact: true }).selectOption('high')
  // Children with a high finding: C02, C03, C04, C06, C9, C10.
  await expect(summary(page)).toHaveText(/^Showing 6 children of/)
})

// README Caseload: sorted by drift score by default (Known limitations), so the first row is Fin Safety (5).
test('the table’s first row is the highest drift score, and each score is the hand-worked one', async ({ page }) => {
  await dashboardOn(page)
  await nav(page, 'Caseload')
  await expect(page.locator('[data-child-id]').first()).toBeVisible({ timeout: 15_000 })
  const rows = await page.locator('[data-child-id]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-child-id'), (e.querySelector('.score, [data-score]')?.textContent ?? '').trim()]))
  expect(rows[0]![0]).toBe('C06')
  expect(rows.filter(([id]) => id === 'C13')).toHaveLength(2)
  expect(rows.some(([id]) => id === 'C11')).toBe(false)
  const scores = Object.fromEntries(rows.filter(([id]) => id !== 'C13').map(([id, s]) => [id, s]))
  expect(scores).toEqual({ C01: '0', C02: '3', C03: '3', C04: '3', C05: '4', C06: '5', C07: '1', C9: '3', C10: '3', C12: '2' })
  expect(rows.filter(([id]) => id === 'C13').map(([, s]) => s)).toEqual(['2', '2'])
  // README Caseload: the score's colour is its worst finding (any high is red, whatever the sum).
  const worst = async (id: string) => page.locator(`[data-child-id="${id}"] .score`).first().getAttribute('data-worst')
  expect([await worst('C06'), await worst('C05'), await worst('C07'), await worst('C01')]).toEqual(['high', 'medium', 'low', 'none'])
})

// README Caseload: group by team — "groups by total drift, highest first", each with how many children.
test('grouped by team, North says 4 children (Max Bothopen once), with total drift 10', async ({ page }) => {
  // Was a fault (fixed): the group header counts rows (open plans): "North 5 children · total drift score 10".
  await dashboardOn(page)
  await nav(page, 'Caseload')
  await expect(summary(page)).toBeVisible({ timeout: 15_000 })
  await page.getByLabel('Group by', { exact: true }).selectOption('team')
  const groups = await page.locator('.group-cell').allTextContents()
  expect(groups.map((g) => g.replace(/[▸▾]/g, '').trim())).toEqual(['No team recorded4 children · total drift score 12', 'North4 children · total drift score 10', 'South3 children · total drift score 9'])
})

// README Caseload: group by worker — one group per worker; two people called Sam Reid are two workers.
test('grouped by worker, the two Sam Reids are two groups (3 and 2 children)', async ({ page }) => {
  // FAULT: grouping is by name: one "Sam Reid" group of 5 children with total drift 12.
  await dashboardOn(page)
  await nav(page, 'Caseload')
  await expect(summary(page)).toBeVisible({ timeout: 15_000 })
  await page.getByLabel('Group by', { exact: true }).selectOption('worker')
  const groups = (await page.locator('.group-cell').allTextContents()).map((g) => g.replace(/[▸▾]/g, '').trim())
  expect(groups.filter((g) => g.startsWith('Sam Reid'))).toHaveLength(2)
})

// README As of + §4: on 1 Mar 2026 only C12's earlier plan is open (6 Jan 2025 – 1 Jun 2026): first core group,
// review conference and visit overdue, no worker = 4 high findings, score 12. Plurals for one child.
test('as of 1 Mar 2026: one child, in the singular, with its four findings and score 12', async ({ page }) => {
  await dashboardOn(page, '2026-03-01')
  await expect(page.locator('.lede')).toContainText('1 child with an open plan on 1 Mar 2026.')
  await expect(page.locator('.lede')).not.toContainText('open plans')
  const start = page.getByRole('region', { name: 'Start here' })
  await expect(start.locator('.panel-sub')).toContainText('1 child has drift findings on 1 Mar 2026')
  await expect(start.locator('.start-meta')).toHaveText('No allocated social worker · South · drift score 12')
  await expect(tile(page, 'meetings').locator('.tile-unit')).toHaveText('child to act on')
  await expect(tile(page, 'meetings').locator('.tile-split')).toHaveText('2 overdue findings · 0 flagged · 2 high')
  await expect(tile(page, 'visits').locator('.tile-split')).toHaveText('1 overdue finding · 0 flagged · 1 high')
  await nav(page, 'Caseload')
  await expect(summary(page)).toHaveText(/^Showing 1 child of 1/, { timeout: 15_000 })
  const row = page.locator('[data-child-id="C12"]')
  await expect(row.locator('.mini')).toHaveCount(2)
  await expect(row.locator('.mini-more')).toHaveText('+2 more')
  await expect(row.locator('.score')).toHaveText('12')
  await expect(row.locator('.score')).toHaveAttribute('data-worst', 'high')
  await nav(page, 'Dashboard')
  await expect(page.locator('.start-item[data-child-id="C12"] .start-more')).toHaveText('and 2 other findings: open the case')
})


// README As of: the day before, the plan ending on 18 Nov is open; C03's visit is only due soon (due on A).
test('as of 17 Nov 2026: 12 children, the ending plan counted, the visits tile moves one child to due soon', async ({ page }) => {
  await dashboardOn(page, '2026-11-17')
  await expect(page.locator('.lede')).toContainText('12 children with an open plan on 17 Nov 2026 (13 open plans)')
  await expect(tile(page, 'visits').locator('.tile-count')).toHaveText('1')
  await expect(tile(page, 'visits').locator('.tile-due-soon')).toHaveText('Due soon, not yet overdue: 2 children')
  await expect(tile(page, 'meetings').locator('.tile-split')).toHaveText('1 overdue finding · 1 flagged · 1 high')
  const start = page.getByRole('region', { name: 'Start here' })
  await expect(start.locator('.start-item .child-link').first()).toHaveText('Kit Ended')
  await expect(page.getByRole('status').filter({ hasText: 'as it stood on' })).toContainText('17 Nov 2026')
})

// Found by CI on a demo caseload a day old: the due-soon link said its findings ("6") and opened
// "Showing 5 children" (one child had two actions due soon). As of 27 Nov the visits of the eight
// children seen on 17 Nov are due soon (due 1 Dec, W 2), and C13 has two open plans: 9 findings.
test('as of 27 Nov 2026: the visits due-soon link says 8 children (9 findings) and opens those 8 children', async ({ page }) => {
  await dashboardOn(page, '2026-11-27')
  const link = tile(page, 'visits').locator('.tile-due-soon')
  await expect(link).toHaveText('Due soon, not yet overdue: 8 children (9 findings)')
  await screenshotsAtBothSizes(page, 'dashboard-due-soon-children', { show: link })
  await link.click()
  await expect(summary(page)).toHaveText(/^Showing 8 children of/, { timeout: 15_000 })
  // One row per open plan: Max Bothopen's two plans are two rows of one child.
  await expect(page.locator('[data-child-id]')).toHaveCount(9)
  await expect(page.locator('[data-child-id]').filter({ hasText: 'Max Bothopen' })).toHaveCount(2)
})

// README As of: "shows the caseload as it stood on any day (past or future)".
test('the as-of date accepts a future day', async ({ page }) => {
  // Was a fault (fixed): the date input has max = today, so the picker refuses every future day (the field is invalid: rangeOverflow).
  await dashboardOn(page)
  await page.getByLabel('Caseload as on').fill('2027-01-06')
  await expect(page.locator('.lede')).toContainText('on 6 Jan 2027')
  expect(await page.getByLabel('Caseload as on').evaluate((e) => (e as HTMLInputElement).validity.valid)).toBe(true)
})

// README Caseload: "No child matches these filters" differs from "No children yet"; a tile of 0 opens 0 rows.
test('the actions tile (0 children) opens a table that says no child matches', async ({ page }) => {
  await dashboardOn(page)
  await tile(page, 'actions').locator('.tile-main').click()
  await expect(summary(page)).toHaveText(/^Showing 0 children of/, { timeout: 15_000 })
  await expect(page.getByText('No child matches these filters.')).toBeVisible()
  await expect(page.locator('[data-child-id]')).toHaveCount(0)
})

// README Caseload: the empty-filter message names how many children the caseload has: 11.
test('the no-match message says the caseload has 11 children', async ({ page }) => {
  // Was a fault (fixed): it says "12 children in the caseload" (it counts open plans).
  await dashboardOn(page)
  await tile(page, 'actions').locator('.tile-main').click()
  await expect(page.locator('.grid-empty')).toContainText('No child matches these filters.', { timeout: 15_000 })
  await expect(page.locator('.grid-empty')).toContainText('11 children in the caseload')
})

// README Caseload: "the drift score shows its reasons on hover and on keyboard focus", in words with UK dates.
test('a score says how many findings it is made of, and its tooltip gives the sentence with a UK date', async ({ page }) => {
  await dashboardOn(page)
  await nav(page, 'Caseload')
  await expect(page.locator('[data-child-id="C07"]')).toBeVisible({ timeout: 15_000 })
  await expect(page.locator('[data-child-id="C07"] .score-button')).toHaveAttribute('aria-label', 'Drift score 1, 1 finding')
  await expect(page.locator('[data-child-id="C06"] .score-button')).toHaveAttribute('aria-label', 'Drift score 5, 2 findings')
  await page.locator('[data-child-id="C07"] .score-button').focus()
  const tip = page.getByRole('tooltip')
  await expect(tip).toContainText('19 Nov 2026')
  await expect(tip).not.toContainText(/\d{4}-\d{2}-\d{2}/)
})

// README As of: Today comes back; the lede names today's date the UK way.
test('Today brings the dashboard back to today, in UK date form', async ({ page }) => {
  await dashboardOn(page)
  await page.getByRole('button', { name: 'Today', exact: true }).click()
  const today = await page.getByLabel('Caseload as on').inputValue()
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const uk = `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`
  await expect(page.locator('.lede')).toContainText(`on ${uk}`)
  await expect(page.getByRole('status').filter({ hasText: 'as it stood on' })).toHaveCount(0)
  // Every plan here started on 5 Oct 2026 or earlier and C11's ended on 18 Nov: after that, 11 children on 12 plans.
  if (today > A) await expect(page.locator('.lede')).toContainText('11 children with an open plan')
})

// README Dashboard: "With no child yet, the dashboard says how to start". On 30 Sep 2026 the caseload HAS 12
// children, none with a plan open that day: it must say so for that date, not that the caseload is empty.
test('a date before any plan opened says no child had an open plan then, not "No children yet"', async ({ page }) => {
  // Was a fault (fixed): the dashboard shows "No children yet" with advice to add a child or import a caseload (and no date).
  await dashboardOnEmptyDate(page, '2026-09-30')
  await expect(page.getByRole('heading', { name: 'No children yet' })).toHaveCount(0)
  await expect(page.getByRole('main')).toContainText('30 Sep 2026')
})

// README Caseload: "No children yet" (with how to start) differs from … — the table on a date with no open plan.
test('the table on a date before any plan opened does not say "No children yet"', async ({ page }) => {
  // Was a fault (fixed): the table says "No children yet. Use Add a child above to start a caseload, or bring one in on the Import screen".
  await dashboardOnEmptyDate(page, '2026-09-30')
  await nav(page, 'Caseload')
  await expect(page.locator('.grid-empty')).toBeVisible({ timeout: 15_000 })
  await expect(page.locator('.grid-empty')).not.toContainText('No children yet')
})

// README Recording: "Findings, table and dashboard follow at once" — a visit for Cal Visit on 18 Nov.
test('a visit recorded for Cal Visit updates the tile, Start here and the table at once', async ({ page }) => {
  await dashboardOn(page)
  await page.getByRole('region', { name: 'Start here' }).getByRole('button', { name: 'Cal Visit' }).or(page.getByRole('region', { name: 'Start here' }).getByRole('link', { name: 'Cal Visit' })).first().click()
  await expect(page.getByRole('heading', { name: 'Cal Visit', level: 1 })).toBeVisible()
  await page.getByRole('region', { name: 'Record' }).getByRole('button', { name: 'Visit', exact: true }).click()
  const dialog = page.locator('dialog[open]')
  await dialog.getByLabel('Date of the visit', { exact: true }).fill(A)
  await dialog.getByLabel('Yes, seen alone').check()
  await dialog.getByRole('button', { name: 'Save the visit' }).click()
  await expect(dialog).toHaveCount(0)
  await nav(page, 'Dashboard')
  await expect(tile(page, 'visits').locator('.tile-count')).toHaveText('1')
  await expect(tile(page, 'visits').locator('.tile-split')).toHaveText('1 overdue finding · 0 flagged · 1 high')
  const start = page.getByRole('region', { name: 'Start here' })
  await expect(start.locator('.panel-sub')).toContainText('9 children have drift findings')
  await expect(start.locator('.start-item .child-link')).not.toContainText(['Cal Visit'])
  const fig = page.getByRole('region', { name: 'Drift per child, by worker' })
  await fig.getByText('Show the figures as a table').click()
  await expect(fig.locator('tbody tr').last()).toHaveText(/Sam Reid \(sam1@example\.invalid\)\s*3\s*1\s*0\s*2\s*0\.7/)
})
