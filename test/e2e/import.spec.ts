/**
 * The Import screen and filling the gaps once (issue 10 items 4 and 5), end to end in Chromium:
 * from an EMPTY caseload, an SSD extract with problems is refused with each problem's file, row and
 * column; the good extract is previewed (nothing written), then applied; the dashboard says once
 * that its plans have no core group recorded; the baseline table records one, and that plan's
 * first-core-group finding goes. Next month's extract is then synchronised, and its preview names
 * the plan it keeps (it has a core group here) in one sentence. axe on every step; screenshots at
 * 1366x768 and 1920x1080.
 *
 * Extracts are written as another program would (test/helpers/source-extracts.ts). The spec starts
 * its own browser host (port E2E_PORT + 2) on an empty caseload, and waits for it to exit at the
 * end so the next spec can use the port.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { addDays, formatUK, todayInLondon } from '../../shared/civil-date'
import type { Caseload } from '../../shared/caseload-format'
import { writeSsdExtract } from '../helpers/source-extracts'
import { PORT, TOKEN, expectAccessible, screenshot, startOwnHost, stopOwnHost } from './helpers'

const IMPORT_PORT = PORT + 2
const BASE = `http://127.0.0.1:${IMPORT_PORT}/`
const PASSPHRASE = 'meadow quartz lantern'
const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

test.describe.configure({ mode: 'serial' })

/** Last month's extract, as a case management system would hold it (fictional people). */
const MONTH_1: Pick<Caseload, 'children' | 'professionals' | 'allocations' | 'plans' | 'conferences' | 'visits'> = {
  children: [
    { id: '1001', name: 'Ann Example', dateOfBirth: '2018-04-02', gender: 'female', complex: false, team: 'North Team' },
    { id: '1002', name: 'Ben Example', dateOfBirth: '2016-07-19', gender: 'male', complex: false, team: 'North Team' },
    { id: '1003', name: 'Cal Sample', dateOfBirth: '2020-01-30', gender: 'male', complex: false, team: 'South Team' },
  ],
  professionals: [
    { id: 'W1', name: 'Sam Okafor', role: 'social-worker', agency: "Children's Social Care" },
    { id: 'W2', name: 'Chris Manager', role: 'team-manager', agency: "Children's Social Care" },
  ],
  allocations: [
    { id: 'I1', childId: '1001', professionalId: 'W1', startDate: daysAgo(120) },
    { id: 'I2', childId: '1002', professionalId: 'W1', startDate: daysAgo(120) },
    { id: 'I3', childId: '1003', professionalId: 'W2', startDate: daysAgo(100) },
  ],
  plans: [
    { id: 'CP1', childId: '1001', startDate: daysAgo(90), initialCategory: 'neglect', previousPlans: 0 },
    { id: 'CP2', childId: '1002', startDate: daysAgo(75), initialCategory: 'emotional', previousPlans: 0 },
    { id: 'CP3', childId: '1003', startDate: daysAgo(60), initialCategory: 'physical', previousPlans: 0 },
  ],
  conferences: [
    { id: 'ICPC-51', planId: 'CP1', kind: 'initial', date: daysAgo(90) },
    { id: 'ICPC-52', planId: 'CP2', kind: 'initial', date: daysAgo(75) },
    { id: 'ICPC-53', planId: 'CP3', kind: 'initial', date: daysAgo(60) },
  ],
  visits: [
    { id: 'V1', childId: '1001', date: daysAgo(20), seenAlone: true },
    { id: 'V2', childId: '1002', date: daysAgo(12), seenAlone: false },
  ],
}

/** This month's: Ann's plan has gone from the extract (it has a core group here), Cal had a visit. */
const MONTH_2 = {
  ...MONTH_1,
  plans: MONTH_1.plans.filter((p) => p.id !== 'CP1'),
  conferences: MONTH_1.conferences.filter((c) => c.planId !== 'CP1'),
  visits: [...MONTH_1.visits, { id: 'V3', childId: '1003', date: daysAgo(3), seenAlone: true }],
}

/** A broken one: an impossible date, and a plan of a person the extract does not hold. */
const BROKEN = {
  ...MONTH_1,
  plans: [{ ...MONTH_1.plans[0]!, startDate: '2026-02-30' }, MONTH_1.plans[1]!, { ...MONTH_1.plans[2]!, childId: '9999' }],
}

let host: ChildProcess | null = null
let dir = ''
const folder = (name: string) => join(dir, name)
const files = (name: string) => readdirSync(folder(name)).map((f) => join(folder(name), f))

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'driftwatch-import-e2e-'))
  await writeSsdExtract(folder('month-1'), MONTH_1, { bom: true, crlf: true })
  await writeSsdExtract(folder('month-2'), MONTH_2, { bom: true, crlf: true })
  await writeSsdExtract(folder('broken'), BROKEN)
  host = await startOwnHost(['--db', join(dir, 'caseload.db'), '--empty', '--fast-kdf'], { DRIFTWATCH_PASSPHRASE: PASSPHRASE }, 'import')
})

test.afterAll(async () => {
  await stopOwnHost(host)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The same screen at a laptop's and a desktop monitor's size. */
async function shots(page: Page, name: string) {
  for (const [width, height] of [
    [1920, 1080],
    [1366, 768],
  ] as const) {
    await page.setViewportSize({ width, height })
    await screenshot(page, `${name}-${width}x${height}`)
  }
}

async function unlock(page: Page) {
  await page.goto(`${BASE}#token=${TOKEN}`)
  const unlockHeading = page.getByRole('heading', { name: 'Unlock your caseload' })
  const dashboard = page.getByRole('heading', { name: 'Supervision dashboard' })
  await expect(unlockHeading.or(dashboard)).toBeVisible()
  if (await unlockHeading.isVisible()) {
    await page.getByLabel('Passphrase').fill(PASSPHRASE)
    await page.getByRole('button', { name: 'Unlock' }).click()
  }
  await expect(dashboard).toBeVisible()
}

const toImport = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Import', exact: true, level: 1 })).toBeVisible()
}
const result = (page: Page) => page.getByRole('region', { name: /What this import would do|Imported/ })
const notice = (page: Page) => page.getByRole('region', { name: /no core group recorded yet/ })
const countsRow = (page: Page, list: string) => result(page).locator('.counts-table tbody tr').filter({ has: page.getByRole('rowheader', { name: list, exact: true }) })

async function openCase(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caseload', exact: true }).click()
  await page.locator('[data-child-id]').filter({ hasText: name }).locator('.child-name').click()
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible()
}
const attention = (page: Page) => page.getByRole('region', { name: 'What needs attention' })

test('from an empty caseload: an SSD extract previewed and applied, the gap told once and filled from the baseline table', async ({ page }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1366, height: 768 })
  await unlock(page)
  await expect(page.getByRole('region', { name: 'No children yet' })).toBeVisible()
  await expect(notice(page)).toHaveCount(0)

  // --- An extract with problems: every one listed with its file, row and column; nothing imported.
  await toImport(page)
  await expect(page.getByRole('radio', { name: /SSD extract/ })).toBeChecked()
  await page.getByLabel('The SSD tables (.csv)').setInputFiles(files('broken'))
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing has been imported.' })).toBeVisible()
  const problems = page.locator('.problems-table tbody tr')
  await expect(problems.filter({ hasText: 'cppl_cp_plan_start_date' })).toContainText(['ssd_cp_plans.csv'])
  await expect(problems.filter({ hasText: 'cppl_cp_plan_start_date' }).locator('td').nth(1)).toHaveText('2')
  await expect(problems.filter({ hasText: 'cppl_person_id' })).toContainText('refers to person "9999", which is not in ssd_person.csv')
  await expectAccessible(page, 'import (problems)')
  await shots(page, 'import-01-problems')
  await page.getByRole('button', { name: 'Choose again' }).click()

  // --- Last month's extract: the preview writes nothing; Apply imports it.
  await page.getByLabel('The SSD tables (.csv)').setInputFiles(files('month-1'))
  await expect(page.getByRole('heading', { name: /2\. What this import would do/ })).toBeVisible()
  await expect(countsRow(page, 'Children')).toContainText('3')
  await expect(countsRow(page, 'Plans')).toContainText('3')
  await expect(countsRow(page, 'Visits')).toContainText('2')
  await expect(result(page).getByText('A dry run: the files have been read and checked, and nothing has been written.')).toBeVisible()
  await expectAccessible(page, 'import (preview)')
  await shots(page, 'import-02-preview')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('heading', { name: /3\. Imported/ })).toBeVisible()
  await expect(result(page).getByRole('status').filter({ hasText: 'Done.' })).toBeVisible()
  await expectAccessible(page, 'import (applied)')
  await shots(page, 'import-03-applied')

  // --- The dashboard says it once, with the two ways to fill the gap.
  await page.getByRole('button', { name: 'Go to the dashboard' }).click()
  await expect(page.getByText(/^3 children with an open plan/)).toBeVisible()
  await expect(notice(page).getByRole('heading', { name: '3 plans have no core group recorded yet' })).toBeVisible()
  await expect(notice(page).getByRole('button', { name: 'Download the tracker template (CSV)' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Start here' })).toBeVisible()
  await expectAccessible(page, 'dashboard (no core group notice)')
  await shots(page, 'import-04-dashboard-notice')

  // The template downloads as a CSV of the three plans.
  const download = page.waitForEvent('download')
  await notice(page).getByRole('button', { name: 'Download the tracker template (CSV)' }).click()
  expect((await download).suggestedFilename()).toBe(`core-group-tracker-${today}.csv`)
  await expect(notice(page).getByRole('status')).toContainText('with 3 open plans')

  // Before: Ann's plan has its first-core-group finding.
  await openCase(page, 'Ann Example')
  await expect(attention(page)).toContainText('The first core group is overdue: it was due by')

  // --- The baseline table: record Ann's latest core group.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard', exact: true }).click()
  await notice(page).getByRole('button', { name: 'Record the latest core groups' }).click()
  await expect(page.getByRole('heading', { name: 'Record the latest core groups', level: 1 })).toBeVisible()
  await expect(page.locator('.baseline-table tbody tr')).toHaveCount(3)
  await expectAccessible(page, 'baseline table')
  await shots(page, 'import-05-baseline-table')

  // A date before the plan started comes back beside its row; nothing is recorded.
  await page.getByLabel('Chair, for every row you fill').selectOption({ label: 'Chris Manager (Team manager)' })
  await page.getByLabel("Date of Ann Example's latest core group").fill(daysAgo(100))
  await page.getByRole('button', { name: 'Record 1 core group' }).click()
  await expect(page.getByLabel("Date of Ann Example's latest core group")).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('.baseline-table .inline-error')).toContainText(`cannot be before the start of the plan (${formatUK(daysAgo(90))})`)
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing has been recorded.' })).toBeVisible()
  await expectAccessible(page, 'baseline table (error)')
  await shots(page, 'import-06-baseline-error')

  // The chair is not in an SSD caseload yet: add them from the table.
  await page.getByLabel('Not in the list? Add a chair').fill('Jo Chair')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Added Jo Chair and chose them as the chair.' })).toBeVisible()
  await expect(page.getByLabel('Chair, for every row you fill').locator('option:checked')).toHaveText('Jo Chair (CP chair)')
  const annRow = page.locator('.baseline-table tbody tr').filter({ hasText: 'Ann Example' })
  await page.getByLabel("Date of Ann Example's latest core group").fill(daysAgo(30))
  await expect(annRow.locator('.date-echo')).toHaveText(formatUK(daysAgo(30)))
  await annRow.getByRole('checkbox', { name: /Sam Okafor/ }).check()
  await annRow.getByRole('checkbox', { name: 'Plan available' }).check()
  await annRow.getByRole('checkbox', { name: 'Risk reviewed' }).check()
  await page.getByRole('button', { name: 'Record 1 core group' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Recorded one core group meeting as the latest before Driftwatch' })).toBeVisible()
  await expect(page.locator('.baseline-table tbody tr')).toHaveCount(2)
  await expect(page.locator('.baseline-table tbody tr').filter({ hasText: 'Ann Example' })).toHaveCount(0)

  // After: the notice counts two, and Ann's first-core-group finding has gone.
  await page.getByRole('button', { name: '← Back to the dashboard' }).click()
  await expect(notice(page).getByRole('heading', { name: '2 plans have no core group recorded yet' })).toBeVisible()
  await openCase(page, 'Ann Example')
  await expect(attention(page)).not.toContainText('First core group')
  await expect(page.getByText('Jo Chair').first()).toBeVisible()
})

test('next month’s extract: the preview keeps the plan that has a core group here, in one sentence', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1366, height: 768 })
  await unlock(page)
  await toImport(page)
  await page.getByLabel('The SSD tables (.csv)').setInputFiles(files('month-2'))
  await expect(page.getByRole('heading', { name: /2\. What this import would do/ })).toBeVisible()
  await expect(countsRow(page, 'Visits')).toContainText('1')
  const conflicts = result(page).locator('.conflicts')
  await expect(conflicts).toContainText('CP1')
  await expect(conflicts.getByRole('listitem').filter({ hasText: 'CP1' })).toHaveCount(1)
  await expectAccessible(page, 'import (sync preview)')
  await shots(page, 'import-07-sync-conflicts')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('heading', { name: /3\. Imported/ })).toBeVisible()
  // The kept plan and its core group are still here.
  await openCase(page, 'Ann Example')
  await expect(attention(page)).not.toContainText('First core group')
})

test('the tracker template, filled in a spreadsheet, comes back through the Import screen', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1366, height: 768 })
  await unlock(page)
  await expect(notice(page).getByRole('heading', { name: '2 plans have no core group recorded yet' })).toBeVisible()
  const download = page.waitForEvent('download')
  await notice(page).getByRole('button', { name: 'Download the tracker template (CSV)' }).click()
  const template = readFileSync((await (await download).path())!, 'utf8')
  const lines = template.split('\r\n')
  expect(lines[0]).toBe(
    '\uFEFFMeeting ID,Child ID,Plan ID,Plan start date,Meeting date,Chair,Attended,Apologies,Plan available,Child views recorded,Risk reviewed,Risk score,Risk scale,Decisions sent date,Child name',
  )
  // As a chair would in a spreadsheet: fill Ben's row, delete the others.
  const ben = lines.find((l) => l.startsWith(',1002,CP2,'))!
  const cells = ben.split(',')
  const held = daysAgo(20)
  // A spreadsheet saves dates the UK way.
  cells[4] = `${held.slice(8, 10)}/${held.slice(5, 7)}/${held.slice(0, 4)}`
  cells[5] = 'W2'
  cells[6] = 'W1'
  cells[8] = 'Y'
  const filled = join(dir, 'core-group-tracker.csv')
  writeFileSync(filled, [lines[0], cells.join(','), ''].join('\r\n'))

  await toImport(page)
  await page.getByRole('radio', { name: /Core-group tracker/ }).check()
  await page.getByLabel('The tracker (.csv)').setInputFiles(filled)
  await expect(page.getByRole('heading', { name: /2\. What this import would do/ })).toBeVisible()
  await expect(countsRow(page, 'Core group meetings')).toContainText('1')
  await expectAccessible(page, 'import (tracker preview)')
  await shots(page, 'import-08-tracker-preview')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('heading', { name: /3\. Imported/ })).toBeVisible()
  await expect(result(page).getByText('1 plan has no core group recorded yet.')).toBeVisible()
  await page.getByRole('button', { name: 'Go to the dashboard' }).click()
  await expect(notice(page).getByRole('heading', { name: '1 plan has no core group recorded yet' })).toBeVisible()
})

test('a Driftwatch caseload file replaces a caseload that has children only after the chair confirms', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1366, height: 768 })
  await unlock(page)
  await toImport(page)
  await page.getByRole('radio', { name: /Driftwatch caseload file/ }).check()
  await page.getByLabel('The caseload file (.json)').setInputFiles(join('test', 'fixtures', 'small-caseload.json'))
  await expect(page.getByRole('heading', { name: /2\. What this import would do/ })).toBeVisible()
  await expect(result(page).getByRole('note')).toContainText('This replaces the whole caseload. The caseload has 3 children')
  await expect(countsRow(page, 'Children')).toContainText('2')
  await page.getByRole('button', { name: 'Replace the caseload…' }).click()
  const confirm = page.locator('dialog[open]')
  await expect(confirm.getByRole('heading', { name: 'Replace the whole caseload?' })).toBeVisible()
  await expectAccessible(page, 'import (replace confirmation)')
  await shots(page, 'import-09-replace-confirmation')
  // Cancel first: nothing changes.
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toHaveCount(0)
  await page.getByRole('button', { name: 'Replace the caseload…' }).click()
  await page.locator('dialog[open]').getByRole('button', { name: 'Replace the caseload' }).click()
  await expect(page.getByRole('heading', { name: /3\. Imported/ })).toBeVisible()
  await page.getByRole('button', { name: 'Go to the dashboard' }).click()
  await expect(page.getByText(/^2 children with an open plan/)).toBeVisible()
  // A caseload file's plans are local records: no import gap to fill.
  await expect(notice(page)).toHaveCount(0)
})
