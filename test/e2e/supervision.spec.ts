/**
 * Supervision session and mid-way review, end to end against the 80-child demo: prepare the agenda
 * for a worker, record a decision and a supervision action, export the note as plain text (a
 * download: the browser asks where), copy one child's note; then a chair's mid-way review.
 */
import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { addDays } from '../../shared/civil-date'
import { expectAccessible, openUnlocked, screenshot } from './helpers'

test('prepare a supervision session, record a decision and an action, export it as text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openUnlocked(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervision' }).click()
  await expect(page.getByRole('heading', { name: 'Supervision', exact: true })).toBeVisible()
  const today = (await page.getByLabel('Date of the session').getAttribute('max'))!
  const who = page.getByLabel('Who is being supervised')
  await expect(who.locator('optgroup').first().locator('option').first()).toBeAttached()
  // The worker with the most children is a realistic session.
  const options = await who.locator('optgroup').first().locator('option').evaluateAll((os) =>
    os.map((o) => ({
      value: (o as HTMLOptionElement).value,
      name: (o.textContent ?? '').replace(/ \(\d+ child(ren)?\)$/, ''),
      n: Number(/\((\d+) child/.exec(o.textContent ?? '')?.[1] ?? 0),
    })),
  )
  const busiest = options.sort((a, b) => b.n - a.n)[0]!
  await who.selectOption(busiest.value)
  await page.getByRole('button', { name: 'Prepare the agenda' }).click()
  await expect(page.getByRole('heading', { name: /^Agenda: / })).toBeVisible()
  const cards = page.locator('article.agenda-child')
  await expect(cards).toHaveCount(busiest.n)
  const first = cards.first()
  const childName = (await first.locator('h3 .child-link').textContent())!.trim()
  await expect(first.getByRole('heading', { name: /^Drift on / })).toBeVisible()
  await expect(first.getByRole('heading', { name: /In the last two months|Since the last supervision/ })).toBeVisible()

  await first.getByLabel('Discussion').fill('Nursery place still not found; mother engaging with health visitor.')
  await first.getByLabel('Decisions').fill('Escalate the nursery funding request to the team manager.')
  await first.getByLabel('What is to be done').fill('Book a joint home visit with the health visitor')
  await first.getByLabel('Who', { exact: true }).selectOption({ index: 1 })
  await first.getByLabel('Due').fill(addDays(today, 7))
  await first.getByRole('button', { name: 'Add action' }).click()
  await expect(first.getByText('Not saved yet')).toBeVisible()
  await page.getByLabel('Supervisor').fill('Dee Manager (fictional)')
  await page.getByRole('button', { name: 'Save the session' }).click()

  await expect(page.getByRole('heading', { name: /^Supervision session: / })).toBeVisible()
  await expect(first.getByText('Book a joint home visit with the health visitor')).toBeVisible()
  await expect(first.getByText('Not yet due')).toBeVisible()
  await expect(first.getByLabel('Decisions')).toHaveValue('Escalate the nursery funding request to the team manager.')
  await expect(page.getByRole('region', { name: 'Recorded sessions' })).toContainText(busiest.name)
  await expectAccessible(page, 'supervision session')
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, 'supervision-session', false)
  // The first child's part of the agenda, as the deputy manager works through it.
  await first.evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await screenshot(page, 'supervision-agenda-child', false)

  // Export the whole session as plain text: a download (the browser host has no save dialog).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export the whole session as Plain text' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^supervision-session-.*\.txt$/)
  const text = readFileSync((await download.path())!, 'utf8')
  expect(text.startsWith('OFFICIAL-SENSITIVE\n')).toBe(true)
  expect(text).toContain(childName)
  expect(text).toContain('Escalate the nursery funding request to the team manager.')
  expect(text).toContain('Book a joint home visit with the health visitor')
  expect(text).toMatch(/content hash [0-9a-f]{12}\n$/)
  await expect(page.getByText(/^Downloaded supervision-session-/)).toBeVisible()

  // One child's note to the clipboard, for pasting into the case record.
  await first.getByRole('button', { name: `Copy to clipboard: ${childName}'s note as plain text` }).click()
  await expect(first.getByText(/^Copied to the clipboard/)).toBeVisible()
  const pasted = await page.evaluate(() => navigator.clipboard.readText())
  expect(pasted).toContain(`Supervision note: ${childName}`)
})

test("a chair's mid-way review: what changed, a rating in words and a decision, shown in the case view", async ({ page }) => {
  await openUnlocked(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caseload' }).click()
  await page.locator('.grid-body [role="row"]').first().click()
  await expect(page.getByRole('heading', { name: 'Mid-way reviews' })).toBeVisible()
  await page.getByRole('button', { name: /^Start a mid-way review/ }).click()
  await expect(page.getByRole('heading', { name: /^Mid-way review on / })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Core group attendance' })).toBeVisible()
  await expect(page.getByRole('heading', { name: "The child's voice" })).toBeVisible()
  await page.getByRole('button', { name: 'Save the mid-way review' }).click()
  await expect(page.getByRole('alert')).toContainText('Choose a rating')
  await page.getByRole('radio', { name: /Amber/ }).check()
  await page.getByLabel('Why this rating').fill('Health visitor absent from the last two core groups; two actions overdue.')
  await page.getByRole('radio', { name: 'Bring the review conference forward' }).check()
  await page.getByLabel('Notes on the decision (optional)').fill('Ask the conference service for a date in the next four weeks.')
  await page.getByRole('heading', { name: 'Mid-way reviews' }).scrollIntoViewIfNeeded()
  await screenshot(page, 'midway-review', false)
  await page.getByRole('button', { name: 'Save the mid-way review' }).click()
  const saved = page.locator('.midway-list > li').first()
  await expect(saved).toContainText('Amber')
  await expect(saved).toContainText('Health visitor absent from the last two core groups')
  await expect(saved).toContainText('Bring the review conference forward')
  await expectAccessible(page, 'case view with a mid-way review')
  const [download] = await Promise.all([page.waitForEvent('download'), saved.getByRole('button', { name: /as Plain text$/ }).click()])
  const text = readFileSync((await download.path())!, 'utf8')
  expect(text).toContain('Amber: some drift or delay')
  expect(text).toContain('Bring the review conference forward.')
})

test('the whole-caseload agenda: most drift first, only children with something to discuss, an unsaved action kept or named', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await openUnlocked(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervision' }).click()
  const today = (await page.getByLabel('Date of the session').getAttribute('max'))!
  await page.getByLabel('Who is being supervised').selectOption('caseload:')
  await page.getByRole('button', { name: 'Prepare the agenda' }).click()
  await expect(page.getByRole('heading', { name: /^Agenda: Whole caseload/ })).toBeVisible()
  const cards = page.locator('article.agenda-child')
  const only = page.getByLabel('Show only children with drift findings or changes')
  await expect(only).toBeChecked()
  const status = page.locator('.agenda-filter [role="status"]')
  await expect(status).toContainText(/shown of 80, most drift first$/)
  const shown = Number(/^(\d+) child/.exec((await status.textContent()) ?? '')![1])
  expect(shown).toBeLessThanOrEqual(80)
  await expect(cards).toHaveCount(shown)
  // Most drift first: the first child's worst finding is high.
  const first = cards.first()
  await expect(first.locator('.finding .badge').first()).toHaveText('High')
  await expect(first.locator('.score')).toHaveAttribute('data-worst', 'high')
  await screenshot(page, '11-agenda-1366x768', false)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await screenshot(page, '11-agenda-1920x1080', false)

  await only.uncheck()
  await expect(cards).toHaveCount(80)

  // An action typed but not added: named before saving, then kept once it is complete.
  const childName = (await first.locator('h3 .child-link').textContent())!.trim()
  await first.getByLabel('What is to be done').fill('Ring the school about attendance')
  await page.getByLabel('Supervisor').fill('Dee Manager (fictional)')
  await page.getByRole('button', { name: 'Save the session' }).click()
  await expect(page.locator('.session-save [role="alert"]')).toContainText(`A supervision action was started but not added for ${childName} (choose a due date)`)
  await expect(page.getByRole('heading', { name: /^Agenda: / })).toBeVisible()
  await first.getByLabel('Due').fill(addDays(today, 14))
  await page.getByRole('button', { name: 'Save the session' }).click()
  await expect(page.getByRole('heading', { name: /^Supervision session: Whole caseload/ })).toBeVisible()
  await expect(cards.first().getByText('Ring the school about attendance')).toBeVisible()
  await expect(cards.first().getByText('Not yet due')).toBeVisible()
})
