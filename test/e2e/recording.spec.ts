/**
 * Recording in the app (issue 5), end to end: from an EMPTY caseload (created without the demo) a
 * chair adds a child with a plan and its initial conference, then records a core group member, a
 * core group meeting and the decisions sent, an action, a worker change, a disagreement, a visit
 * and a review conference, and sees the findings follow; validation errors beside the field; undo;
 * the core group interval in Settings changing the flags at once; and every form screenshotted.
 *
 * It starts its own browser host (port E2E_PORT + 2) on a fresh database, so the demo caseload the
 * other specs use is untouched.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { addDays, formatUK, todayInLondon } from '../../shared/civil-date'
import { PORT, TOKEN, expectAccessible, screenshot, screenshotsAtBothSizes, startOwnHost, stopOwnHost } from './helpers'

const RECORDING_PORT = PORT + 2
const BASE = `http://127.0.0.1:${RECORDING_PORT}/`
const PASSPHRASE = 'river lantern copper'
const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

// The second test uses the caseload the first one made.
test.describe.configure({ mode: 'serial' })

let host: ChildProcess | null = null
let dir = ''

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'driftwatch-recording-'))
  host = await startOwnHost(['--db', join(dir, 'caseload.db'), '--fast-kdf'], {}, 'recording')
})

test.afterAll(async () => {
  await stopOwnHost(host)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The dialog open now. */
const dialog = (page: Page) => page.locator('dialog[open]')

async function openForm(page: Page, button: string, title: string) {
  await page.getByRole('region', { name: 'Record' }).getByRole('button', { name: button, exact: true }).click()
  await expect(dialog(page).getByRole('heading', { name: title })).toBeVisible()
}

async function fillDate(page: Page, label: string, date: string) {
  await dialog(page).getByLabel(label, { exact: true }).fill(date)
}

async function save(page: Page, button: string) {
  await dialog(page).getByRole('button', { name: button }).click()
  await expect(dialog(page)).toHaveCount(0)
  await expect(page.locator('.toast')).toContainText('Saved.')
}

/** From the caseload table to the child's case. */
async function openCase(page: Page) {
  await page.getByRole('button', { name: 'Caseload', exact: true }).click()
  await page.locator('[data-child-id]').filter({ hasText: 'Maya Testcase' }).locator('.child-name').click()
  await expect(page.getByRole('heading', { name: 'Maya Testcase' })).toBeVisible()
}

/** The findings listed under "What needs attention". */
const attention = (page: Page) => page.getByRole('region', { name: 'What needs attention' })

test('from an empty caseload: record everything a plan needs and see the findings follow', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto(`${BASE}#token=${TOKEN}`)
  await expect(page.getByRole('heading', { name: 'Create your caseload' })).toBeVisible()
  await page.getByLabel('Choose a passphrase').fill(PASSPHRASE)
  await page.getByLabel('Type it again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create caseload' }).click()
  // The recovery code, once, before the caseload (issue 12).
  await expect(page.getByRole('heading', { name: 'Store your recovery code' })).toBeVisible({ timeout: 30_000 })
  await page.getByLabel(/I have stored the recovery code/).check()
  await page.getByRole('button', { name: 'Continue to the caseload' }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible({ timeout: 30_000 })
  // An empty caseload says what to do next, not bare axes.
  await expect(page.getByRole('region', { name: 'No children yet' })).toContainText('Add a child')
  await expect(page.locator('.recharts-surface')).toHaveCount(0)
  await screenshot(page, '11-dashboard-empty', false)

  // --- The user's name, asked once: records say who made them, not the computer account.
  const nameBanner = page.getByRole('region', { name: 'What is your name?' })
  await expect(nameBanner).toContainText('computer account')
  await nameBanner.getByRole('button', { name: 'Save my name' }).click()
  await expect(nameBanner.locator('.inline-error')).toContainText('Your name is needed')
  await nameBanner.getByLabel('Your name').fill('Ann Chair')
  await screenshotsAtBothSizes(page, 'recording-00-your-name')
  await nameBanner.getByRole('button', { name: 'Save my name' }).click()
  await expect(nameBanner).toHaveCount(0)

  // --- A child, a plan and its initial conference.
  await page.getByRole('button', { name: 'Add a child' }).click()
  await expect(dialog(page).getByRole('heading', { name: 'Add a child' })).toBeVisible()
  // Saving an empty form: errors beside the fields, in plain English.
  await dialog(page).getByRole('button', { name: 'Add the child' }).click()
  await expect(dialog(page).locator('.inline-error').filter({ hasText: "Child's name must not be empty." })).toBeVisible()
  await expect(dialog(page).locator('.inline-error').filter({ hasText: 'Category of the plan must be chosen from the list.' })).toBeVisible()
  // The social worker is asked for; with nobody recorded yet the form says how to add one.
  await expect(dialog(page).locator('.inline-error').filter({ hasText: 'Social worker is needed: choose who is allocated, or “No social worker yet”' })).toBeVisible()
  await expect(dialog(page).getByText('No professionals are recorded yet.')).toBeVisible()
  await expect(dialog(page).getByLabel("Child's name")).toHaveAttribute('aria-invalid', 'true')
  await screenshot(page, 'recording-01-add-child-errors')
  await screenshotsAtBothSizes(page, 'recording-01-add-child-errors')
  await dialog(page).getByLabel("Child's name").fill('Maya Testcase')
  await dialog(page).getByLabel('Team', { exact: true }).fill('North')
  await fillDate(page, 'Initial conference date', daysAgo(60))
  await dialog(page).getByLabel('Category of the plan').selectOption('neglect')
  await dialog(page).getByLabel('Social worker').selectOption({ label: 'No social worker yet' })
  // A future date is refused in main too, and what was typed stays.
  await fillDate(page, 'Date of birth', addDays(today, 3))
  await dialog(page).getByRole('button', { name: 'Add the child' }).click()
  await expect(dialog(page).locator('.inline-error').filter({ hasText: /^Error: Date of birth cannot be after today/ })).toBeVisible()
  await expect(dialog(page).getByLabel("Child's name")).toHaveValue('Maya Testcase')
  await fillDate(page, 'Date of birth', '2019-04-12')
  await expectAccessible(page, 'add a child')
  await screenshot(page, 'recording-02-add-child')
  await save(page, 'Add the child')

  await expect(page.getByRole('heading', { name: 'Maya Testcase' })).toBeVisible()
  await expect(attention(page)).toContainText('First core group overdue')
  await expect(attention(page)).toContainText('No allocated social worker')

  // --- Professionals and core group membership.
  const professionals = [
    { name: 'Sam Worker', role: 'social-worker', agency: "Children's Social Care", email: 'sam@example.org' },
    { name: 'Dee Manager', role: 'deputy-manager', agency: "Children's Social Care", email: 'dee@example.org' },
    { name: 'Hal Health', role: 'health', agency: 'Health Visiting', email: '' },
    { name: 'Tom Newworker', role: 'social-worker', agency: "Children's Social Care", email: 'tom@example.org' },
  ]
  for (const [i, p] of professionals.entries()) {
    await openForm(page, 'New professional', 'Add a professional')
    await dialog(page).getByLabel('Name').fill(p.name)
    await dialog(page).getByLabel('Role').selectOption(p.role)
    await dialog(page).getByLabel('Agency').fill(p.agency)
    if (p.email) await dialog(page).getByLabel('Email').fill(p.email)
    if (i === 2) {
      await dialog(page).getByLabel('Email').fill('hal at health')
      await dialog(page).getByRole('button', { name: 'Add the professional' }).click()
      await expect(dialog(page).locator('.inline-error')).toContainText('Email does not look like an email address.')
      await screenshot(page, 'recording-03-professional-error')
      await dialog(page).getByLabel('Email').fill('')
    }
    await save(page, 'Add the professional')
  }

  await openForm(page, 'Core group member', 'Add a core group member')
  await dialog(page).getByLabel('The professional').selectOption({ label: 'Hal Health (Health, Health Visiting)' })
  await fillDate(page, 'Member from', daysAgo(60))
  await screenshot(page, 'recording-04-member')
  await save(page, 'Add to the core group')
  await expect(page.getByRole('region', { name: 'Core group members' })).toContainText('Hal Health')
  await expect(attention(page)).toContainText('Contact details missing')
  // Contact details from the member's line.
  await page.getByRole('button', { name: 'Contact details of Hal Health' }).click()
  await dialog(page).getByLabel('Phone').fill('01632 960000')
  await screenshot(page, 'recording-05-contact-details')
  await save(page, 'Save the details')
  await expect(attention(page)).not.toContainText('Contact details missing')

  // --- A core group meeting: clears the first-core-group finding.
  await openForm(page, 'Core group meeting', 'Record a core group meeting')
  await fillDate(page, 'Date of the meeting', daysAgo(40))
  await dialog(page).getByLabel('Chair').selectOption({ label: "Dee Manager (Deputy manager, Children's Social Care)" })
  await dialog(page).getByLabel('Hal Health, Health Visiting: present').check()
  await dialog(page).getByLabel('The child protection plan was available').check()
  await dialog(page).getByLabel('Risk was reviewed').check()
  await dialog(page).getByLabel('Risk score (0 to 10, if scored)').fill('6')
  await dialog(page).getByRole('button', { name: 'Save the meeting' }).click()
  await expect(dialog(page).locator('.inline-error').filter({ hasText: 'Scale' })).toBeVisible()
  await dialog(page).getByLabel('Scale').selectOption('safety')
  await expectAccessible(page, 'core group meeting')
  await screenshot(page, 'recording-06-meeting')
  await save(page, 'Save the meeting')
  await expect(attention(page)).not.toContainText('First core group overdue')
  await expect(attention(page)).toContainText('Core group overdue')
  await expect(attention(page)).toContainText("Child's views not recorded")
  await expect(attention(page)).toContainText('Decisions not sent')

  // A second, recent meeting: the core group is no longer overdue.
  await openForm(page, 'Core group meeting', 'Record a core group meeting')
  await fillDate(page, 'Date of the meeting', daysAgo(5))
  await dialog(page).getByLabel('Chair').selectOption({ label: "Dee Manager (Deputy manager, Children's Social Care)" })
  await dialog(page).getByLabel('Hal Health, Health Visiting: present').check()
  await dialog(page).getByLabel('The child protection plan was available').check()
  await dialog(page).getByLabel("The child's views were recorded").check()
  await dialog(page).getByLabel('Risk was reviewed').check()
  await save(page, 'Save the meeting')
  await expect(attention(page)).not.toContainText('Core group overdue')
  await expect(attention(page)).not.toContainText("Child's views not recorded")

  // --- Decisions sent: not before the meeting; then the finding clears.
  await openForm(page, 'Decisions sent', 'Record that the decisions were sent')
  const meetingSelect = dialog(page).getByLabel('The meeting')
  const options = await meetingSelect.locator('option').allTextContents()
  await meetingSelect.selectOption({ label: options.find((o) => o !== 'Choose a meeting…' && o !== options[1])! })
  await fillDate(page, 'Date sent', daysAgo(41))
  await dialog(page).getByLabel('Hal Health, Health Visiting').check()
  await dialog(page).getByRole('button', { name: 'Save' }).click()
  await expect(dialog(page).locator('.inline-error')).toContainText('Date sent cannot be before the meeting')
  await screenshot(page, 'recording-07-decisions-sent-error')
  await fillDate(page, 'Date sent', daysAgo(39))
  await save(page, 'Save')
  await expect(attention(page)).not.toContainText('Decisions not sent')

  // --- An action without owner or outcome is flagged; updating it clears the flag.
  await openForm(page, 'Action', 'Add an action')
  await dialog(page).getByLabel('What is to be done').fill('Arrange a health assessment')
  await fillDate(page, 'Agreed on', daysAgo(5))
  await screenshot(page, 'recording-08-action')
  await save(page, 'Add the action')
  await expect(attention(page)).toContainText('Action missing owner, date or outcome')
  await page.getByRole('button', { name: 'Update this action' }).click()
  await dialog(page).getByLabel('Outcome wanted').fill('Assessment report shared with the core group')
  await dialog(page).getByLabel('Owner').selectOption({ label: 'Hal Health (Health Visiting)' })
  await fillDate(page, 'Due by', addDays(today, 20))
  await screenshot(page, 'recording-09-action-update')
  await save(page, 'Save the action')
  await expect(attention(page)).not.toContainText('Action missing owner')

  // --- Social worker: allocate, then change (needs the SSD reason).
  await openForm(page, 'Social worker', 'Allocate a social worker')
  await dialog(page).getByLabel('New social worker').selectOption({ label: "Sam Worker (Social worker, Children's Social Care)" })
  await fillDate(page, 'Allocated from', daysAgo(60))
  await save(page, 'Allocate')
  await expect(attention(page)).not.toContainText('No allocated social worker')
  await openForm(page, 'Social worker', 'Change the social worker')
  await dialog(page).getByLabel('New social worker').selectOption({ label: "Tom Newworker (Social worker, Children's Social Care)" })
  await fillDate(page, 'Allocated from', daysAgo(10))
  await dialog(page).getByRole('button', { name: 'Change the worker' }).click()
  await expect(dialog(page).locator('.inline-error')).toContainText('Reason for the change is needed: the child had a social worker before')
  await dialog(page).getByLabel('Reason for the change').selectOption('LEFTRL')
  await screenshot(page, 'recording-10-worker-change')
  await save(page, 'Change the worker')
  await expect(attention(page)).toContainText('Social worker changed')
  await expect(page.getByRole('region', { name: 'Allocated worker' })).toContainText('Tom Newworker')

  // --- Undo the worker change from the toast.
  await page.locator('.toast').getByRole('button', { name: 'Undo' }).click()
  await expect(page.locator('.toast')).toContainText('Undid: Changed the social worker')
  await expect(attention(page)).not.toContainText('Social worker changed')
  await expect(page.getByRole('region', { name: 'Allocated worker' })).toContainText('Sam Worker')
  await expect(page.getByRole('region', { name: 'Change history' })).toContainText('Undid: Changed the social worker to Tom Newworker')
  await screenshot(page, 'recording-11-after-undo')

  // --- A disagreement: raised, then resolved.
  await openForm(page, 'Disagreement', 'Raise a disagreement')
  await dialog(page).getByLabel('Raised by').selectOption({ label: 'Hal Health (Health Visiting)' })
  await fillDate(page, 'Raised on', daysAgo(30))
  await dialog(page).getByLabel('What it is about').selectOption('plan-progress')
  await screenshot(page, 'recording-12-disagreement')
  await save(page, 'Raise the disagreement')
  await expect(attention(page)).toContainText('Disagreement unresolved')
  await page.getByRole('button', { name: 'Next stage or resolve' }).click()
  await dialog(page).getByLabel('It was resolved').check()
  await dialog(page).getByRole('button', { name: 'Save' }).click()
  await expect(dialog(page).locator('.inline-error')).toContainText('Outcome is needed when the disagreement is resolved')
  await dialog(page).getByLabel('Outcome').fill('Plan revised; health visits increased')
  await screenshot(page, 'recording-13-disagreement-resolve')
  await save(page, 'Save')
  await expect(attention(page)).not.toContainText('Disagreement unresolved')

  // --- A visit clears visit-overdue. Esc closes a form and gives the focus back to its button.
  await expect(attention(page)).toContainText('Visit overdue')
  await openForm(page, 'Visit', 'Record a visit')
  await expect(dialog(page).getByLabel('Date of the visit')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(dialog(page)).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Record' }).getByRole('button', { name: 'Visit', exact: true })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(dialog(page).getByRole('heading', { name: 'Record a visit' })).toBeVisible()
  await fillDate(page, 'Date of the visit', daysAgo(61))
  await dialog(page).getByRole('button', { name: 'Save the visit' }).click()
  await expect(dialog(page).locator('.inline-error')).toContainText('Whether the child was seen alone is required')
  await dialog(page).getByLabel('Yes, seen alone').check()
  // A visit before the plan started: refused by the core, shown at the date.
  await dialog(page).getByRole('button', { name: 'Save the visit' }).click()
  await expect(dialog(page).locator('.inline-error')).toContainText(`Date of the visit is before the child protection plan started (${formatUK(daysAgo(60))})`)
  await expect(dialog(page).getByLabel('Date of the visit')).toHaveAttribute('aria-invalid', 'true')
  await screenshotsAtBothSizes(page, 'recording-14a-visit-before-plan')
  await fillDate(page, 'Date of the visit', daysAgo(1))
  await screenshot(page, 'recording-14-visit')
  await save(page, 'Save the visit')
  await expect(attention(page)).not.toContainText('Visit overdue')

  // --- A review conference.
  await openForm(page, 'Review conference', 'Record a review conference')
  // Before the plan started, then on the day of the initial conference: each refused in words.
  await fillDate(page, 'Date of the conference', daysAgo(70))
  await dialog(page).getByRole('button', { name: 'Save the conference' }).click()
  await expect(dialog(page).locator('.inline-error')).toContainText(`Date of the conference cannot be before the start of the plan (${formatUK(daysAgo(60))})`)
  await fillDate(page, 'Date of the conference', daysAgo(60))
  await dialog(page).getByRole('button', { name: 'Save the conference' }).click()
  await expect(dialog(page).locator('.inline-error')).toContainText(`Date of the conference must be after the previous conference (the initial conference on ${formatUK(daysAgo(60))})`)
  await screenshotsAtBothSizes(page, 'recording-15a-conference-before-previous')
  await fillDate(page, 'Date of the conference', daysAgo(2))
  await screenshot(page, 'recording-15-review-conference')
  await save(page, 'Save the conference')
  const timeline = page.getByRole('region', { name: 'Timeline' })
  await expect(timeline).toContainText('Review child protection conference')
  // Deleting asks first; Undo brings the record back.
  await timeline.locator('li').filter({ hasText: 'Review child protection conference' }).getByRole('button', { name: 'Delete' }).click()
  await expect(dialog(page).getByRole('heading', { name: 'Delete this record?' })).toBeVisible()
  await screenshot(page, 'recording-15b-delete-confirm')
  await dialog(page).getByRole('button', { name: 'Yes, delete it' }).click()
  await expect(timeline).not.toContainText('Review child protection conference')
  await page.locator('.toast').getByRole('button', { name: 'Undo' }).click()
  await expect(timeline).toContainText('Review child protection conference')

  // --- The history lists who did what.
  const history = page.getByRole('region', { name: 'Change history' })
  await expect(history).toContainText('Undid: Deleted a conference')
  await expect(history).toContainText('Added Maya Testcase with a plan')
  await expect(history).toContainText('by Ann Chair')
  await expect(history).not.toContainText('(computer account)')
  await history.scrollIntoViewIfNeeded()
  await screenshot(page, 'recording-16-case-with-history')

  // --- Settings: a shorter core group interval flags the case at once; reset clears it.
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  const interval = page.getByLabel('Core group interval')
  await expect(interval).toHaveValue('28')
  await interval.fill('0')
  await page.getByRole('button', { name: 'Save the timescales' }).click()
  await expect(page.locator('.inline-error').filter({ hasText: 'Core group interval must be a whole number from 1 to 3660' })).toBeVisible()
  // An emptied field is an error (never silently the default); reasons name fields in words.
  await interval.fill('')
  await page.getByLabel('Long plan (high) after').fill('3')
  await page.getByRole('button', { name: 'Save the timescales' }).click()
  await expect(page.locator('.inline-error').filter({ hasText: 'Core group interval is empty: type a number (the default is 28)' })).toBeVisible()
  await interval.fill('28')
  await page.getByRole('button', { name: 'Save the timescales' }).click()
  await expect(page.locator('.inline-error').filter({ hasText: 'Long plan (high) after must not be less than “Long plan (medium) after”' })).toBeVisible()
  await expect(page.locator('.settings')).not.toContainText('longPlanMediumMonths')
  await screenshot(page, 'recording-17-settings-error')
  await page.getByLabel('Long plan (high) after').scrollIntoViewIfNeeded()
  await screenshotsAtBothSizes(page, 'recording-17-settings-error')
  // Reset puts every field back, even ones typed but never saved.
  await page.getByRole('button', { name: 'Reset to the defaults' }).click()
  await dialog(page).getByRole('button', { name: 'Yes, reset to the defaults' }).click()
  await expect(page.getByLabel('Long plan (high) after')).toHaveValue('24')
  await expect(page.locator('.inline-error')).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Your name' }).getByLabel('Your name')).toHaveValue('Ann Chair')
  await interval.fill('3')
  await page.getByRole('button', { name: 'Save the timescales' }).click()
  await expect(page.getByText('Saved. Every screen now uses these timescales.')).toBeVisible()
  await expectAccessible(page, 'settings')
  await screenshot(page, 'recording-18-settings')
  await openCase(page)
  await expect(attention(page)).toContainText('Core group overdue')
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await page.getByRole('button', { name: 'Reset to the defaults' }).click()
  await screenshot(page, 'recording-19-settings-reset-confirm')
  await dialog(page).getByRole('button', { name: 'Yes, reset to the defaults' }).click()
  await expect(page.getByLabel('Core group interval')).toHaveValue('28')
  await openCase(page)
  await expect(attention(page)).not.toContainText('Core group overdue')

  // --- Ending the plan asks first; then no finding is left.
  await openForm(page, 'End the plan', 'End the plan')
  // An end before the start is refused at the field, before "Are you sure?".
  await fillDate(page, 'End date', daysAgo(90))
  await dialog(page).getByRole('button', { name: 'Continue' }).click()
  await expect(dialog(page).locator('.inline-error')).toContainText(`End date is before the plan started (${formatUK(daysAgo(60))})`)
  await expect(dialog(page)).not.toContainText('Are you sure?')
  await screenshotsAtBothSizes(page, 'recording-19a-end-before-start')
  await fillDate(page, 'End date', daysAgo(1))
  await dialog(page).getByRole('button', { name: 'Continue' }).click()
  await expect(dialog(page)).toContainText('Are you sure?')
  await screenshot(page, 'recording-20-end-plan-confirm')
  await dialog(page).getByRole('button', { name: 'Yes, end the plan' }).click()
  await expect(dialog(page)).toHaveCount(0)
  await expect(attention(page)).toContainText('Nothing is drifting on this date.')
  // Undo from the history panel brings the plan back.
  await page.getByRole('region', { name: 'Change history' }).getByRole('button', { name: 'Undo this' }).click()
  await expect(page.getByRole('region', { name: 'The plan' })).toContainText('Still open')
})

/** The recording host's Settings screen, unlocking first if it is locked. */
async function openSettings(page: Page) {
  await page.goto(`${BASE}#token=${TOKEN}`)
  const unlock = page.getByRole('heading', { name: 'Unlock your caseload' })
  const dashboard = page.getByRole('heading', { name: 'Supervision dashboard' })
  await expect(unlock.or(dashboard)).toBeVisible()
  if (await unlock.isVisible()) {
    await page.getByLabel('Passphrase').fill(PASSPHRASE)
    await page.getByRole('button', { name: 'Unlock' }).click()
  }
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
}

test("settings: the SSD extract's allocated worker roles (a local setting): refused when empty, saved, reset", async ({ page }) => {
  await openSettings(page)
  const panel = page.getByRole('region', { name: 'SSD extract: allocated worker roles' })
  const roles = panel.getByLabel('Roles')
  await expect(roles).toHaveValue('cw\nallwkr\nallocated case worker\nallocated worker\nallocated social worker')
  await expect(panel.getByText('These are the defaults.')).toBeVisible()
  await roles.fill('  \n ')
  await panel.getByRole('button', { name: 'Save the roles' }).click()
  await expect(panel.locator('.inline-error')).toContainText('needs at least one role')
  await expect(roles).toBeFocused()
  await roles.fill('CW\nEcl-Alloc\n\ncw')
  await panel.getByRole('button', { name: 'Save the roles' }).click()
  await expect(panel.getByRole('status')).toHaveText('Saved: the next SSD import takes the allocated worker from these 2 roles.')
  // Stored in code form, each once.
  await expect(roles).toHaveValue('cw\necl-alloc')
  await expect(panel.getByText('The defaults are: cw, allwkr, allocated case worker, allocated worker, allocated social worker.')).toBeVisible()
  await expectAccessible(page, 'settings: SSD roles')
  await screenshotsAtBothSizes(page, 'settings-ssd-roles', { show: panel })
  await panel.getByRole('button', { name: 'Reset to the defaults' }).click()
  await page.getByRole('button', { name: 'Yes, reset to the defaults' }).click()
  await expect(panel.getByRole('status')).toHaveText('The roles are back to the defaults.')
  await expect(roles).toHaveValue('cw\nallwkr\nallocated case worker\nallocated worker\nallocated social worker')
  await expect(panel.getByRole('button', { name: 'Reset to the defaults' })).toHaveCount(0)
})

test('settings: bank holidays import and changing the passphrase', async ({ page }) => {
  await openSettings(page)
  await page.getByLabel('The bank-holidays.json file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') })
  await expect(page.getByRole('alert')).toBeVisible()
  await page.getByLabel('The bank-holidays.json file').setInputFiles('electron/core/drift/bank-holidays-england-and-wales.json')
  await expect(page.getByText(/Imported \d+ bank holidays/)).toBeVisible()
  // Settings also has the recovery-code panel, which asks for the current passphrase too.
  const passphraseForm = page.getByRole('region', { name: 'Change the passphrase' })

  await passphraseForm.getByLabel('Current passphrase').fill('not the passphrase')
  await passphraseForm.getByLabel('New passphrase', { exact: true }).fill('harbour kettle violet')
  await passphraseForm.getByLabel('The new passphrase typed again').fill('harbour kettle violet')
  await page.getByRole('button', { name: 'Change the passphrase' }).click()
  await expect(page.locator('.inline-error').filter({ hasText: 'Current passphrase is not right' })).toBeVisible()
  // What was typed is kept.
  await expect(passphraseForm.getByLabel('New passphrase', { exact: true })).toHaveValue('harbour kettle violet')
  await screenshot(page, 'recording-21-passphrase-error')
  await passphraseForm.getByLabel('Current passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Change the passphrase' }).click()
  await expect(page.getByText('The passphrase has been changed.')).toBeVisible()
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Unlock your caseload' })).toBeVisible()
  await page.getByLabel('Passphrase', { exact: true }).fill('harbour kettle violet')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible()
})
