import { expect, test } from '@playwright/test'
import { expectAccessible, openUnlocked, screenshot } from './helpers'

test('the case view explains each finding beside its fact, with a timeline newest first', async ({ page }) => {
  await openUnlocked(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caseload' }).click()
  const first = page.locator('.grid-body [role="row"]').first()
  const name = ((await first.locator('.child-name').textContent()) ?? '').trim()
  const score = ((await first.locator('.score').textContent()) ?? '').trim()
  await first.click()

  await expect(page.getByRole('heading', { level: 1 })).toContainText(name)
  await expect(page.locator('.case-score .score')).toHaveText(score)
  await expect(page.locator('.facts')).toContainText('Social worker')

  // Each finding has a sentence in the summary and the same sentence beside its fact.
  const summary = page.getByRole('region', { name: 'What needs attention' })
  const messages = await summary.locator('.finding-message').allTextContents()
  expect(messages.length).toBeGreaterThan(0)
  const beside = await page.locator('.case-main .fact-findings .finding-message').allTextContents()
  for (const m of messages) expect(beside).toContain(m)

  // Timeline: newest first, and it has core groups with attendance and a risk scale explained.
  const timeline = page.getByRole('region', { name: 'Timeline' })
  const items = timeline.locator('.timeline-item')
  expect(await items.count()).toBeGreaterThan(3)
  const meeting = timeline.locator('.kind-meeting').first()
  await expect(meeting).toContainText('Attended')
  await expect(meeting).toContainText('Plan available')
  await expect(meeting).toContainText("Child's views recorded")
  await expect(meeting).toContainText(/out of 10 on a (safety|danger) scale|No score recorded/)
  await expect(timeline.locator('.kind-visit').first()).toContainText(/seen alone/)
  await expect(timeline.locator('.kind-allocation').first()).toContainText('Social worker')

  // "See the …" links jump to the fact.
  await summary.locator('.jump').first().click()
  await expectAccessible(page, 'case')
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, '10-case-view')
  // What a chair sees first on a laptop and on a desk monitor.
  for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height })
    await page.evaluate(() => window.scrollTo(0, 0))
    await screenshot(page, `10-case-view-${width}x${height}`, false)
  }
  await timeline.locator('.kind-meeting').first().scrollIntoViewIfNeeded()
  await screenshot(page, '10-case-view-timeline-1920x1080', false)

  await page.getByRole('button', { name: /Back to the caseload/ }).click()
  await expect(page.getByRole('heading', { name: 'Caseload', level: 1 })).toBeVisible()
})
