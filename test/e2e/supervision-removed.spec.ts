/**
 * A recorded supervision session whose child a later `import --replace` removed (found by the 1 Dec
 * audit: the note was kept in the database but shown and exported nowhere). The session's page must
 * still show what was discussed, decided and set for that child, say why the child is apart, and let
 * the session be corrected and saved.
 *
 * Runs its own browser host (PORT + 2, as import.spec does) on a caseload made before it starts: the
 * numbers audit's caseload, a session for Sam Reid (P1) on 18 Nov 2026 that discussed Cal Visit (C03),
 * then the same caseload imported again without Cal Visit.
 */
import { expect, test } from '@playwright/test'
import { importCaseload } from '../../electron/core/caseload/import'
import { saveSession } from '../../electron/core/supervision/record'
import { PORT, screenshotsAtBothSizes, startSeededHost, TOKEN } from './helpers'
import { A, numbersCaseload, type Doc } from '../helpers/numbers-caseload'

const HOST_PORT = PORT + 2
const BASE = `http://127.0.0.1:${HOST_PORT}/`
const PASS = 'removed child passphrase'

let own: Awaited<ReturnType<typeof startSeededHost>> | undefined

/** The numbers caseload without Cal Visit (C03) and everything of their plan PL03. */
function withoutCal(): Doc {
  const doc = numbersCaseload()
  const keep = (r: unknown) => {
    const x = r as { id?: string; childId?: string; planId?: string; planIds?: string[] }
    return x.childId !== 'C03' && x.planId !== 'PL03' && !x.planIds?.includes('PL03') && x.id !== 'C03'
  }
  for (const k of ['children', 'allocations', 'plans', 'conferences', 'meetings', 'visits'] as const) doc[k] = doc[k].filter(keep)
  return doc
}

test.beforeAll(async () => {
  test.setTimeout(120_000)
  own = await startSeededHost('removed child', PASS, (db) => {
    importCaseload(db, numbersCaseload() as never)
    saveSession(db, { actor: 'Dee Manager (fictional)', today: A }, {
      date: A,
      scope: { kind: 'worker', id: 'P1' },
      supervisor: 'Dee Manager (fictional)',
      notes: '',
      children: [{ childId: 'C03', discussion: 'Talked through the missed visit.', decisions: 'Visit Cal by Friday; tell the chair.' }],
      actions: [{ childId: 'C03', description: 'Book the visit with Cal', ownerId: 'P1', dueDate: '2026-11-20' }],
    })
    importCaseload(db, withoutCal() as never, { replace: true })
  })
})

test.afterAll(async () => {
  await own?.stop()
})

test('a session whose child an import removed still shows, and saves, what was recorded for that child', async ({ page }) => {
  await page.goto(`${BASE}#token=${TOKEN}`)
  await page.getByLabel('Passphrase').fill(PASS)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Supervision dashboard' })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervision' }).click()
  const history = page.getByRole('region', { name: 'Recorded sessions' })
  await expect(history).toContainText('1 child discussed, 1 action')
  await history.getByRole('button', { name: /^18 Nov 2026: Sam Reid/ }).click()
  await expect(page.getByRole('heading', { name: /^Supervision session: Sam Reid/ })).toBeVisible()

  const card = page.locator('article.agenda-child').filter({ hasText: 'Child C03' })
  await expect(card).toHaveCount(1)
  await expect(card.locator('.notice')).toHaveText(/^No longer in the caseload \(an import since this session removed this child\)/)
  await expect(card.getByLabel('Discussion')).toHaveValue('Talked through the missed visit.')
  await expect(card.getByLabel('Decisions')).toHaveValue('Visit Cal by Friday; tell the chair.')
  await expect(card).toContainText('Book the visit with Cal')
  // Nothing to add for a child with no plan here, and no link to a case that is no longer in the caseload.
  await expect(card.getByRole('button', { name: 'Add action' })).toHaveCount(0)
  await expect(card.getByRole('button', { name: 'Child C03', exact: true })).toHaveCount(0)
  // It comes after the group's children, and the heading counts only the group's.
  await expect(page.locator('article.agenda-child').last()).toContainText('Child C03')
  await expect(page.locator('.session-head .panel-sub')).toContainText('kept, last below')
  await screenshotsAtBothSizes(page, 'supervision-removed-child', { show: card })

  // A correction of the session saves, with that child's note corrected.
  await card.getByLabel('Decisions').fill('Visit Cal by Friday; tell the chair. Chair told.')
  await page.getByRole('button', { name: 'Save changes to the session' }).click()
  await expect(page.getByText('Session saved.')).toBeVisible()
  await page.reload()
  await page.getByLabel('Passphrase').fill(PASS).catch(() => undefined)
  if (await page.getByRole('button', { name: 'Unlock' }).isVisible()) await page.getByRole('button', { name: 'Unlock' }).click()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervision' }).click()
  await page.getByRole('region', { name: 'Recorded sessions' }).getByRole('button', { name: /^18 Nov 2026: Sam Reid/ }).click()
  await expect(page.locator('article.agenda-child').filter({ hasText: 'Child C03' }).getByLabel('Decisions')).toHaveValue('Visit Cal by Friday; tell the chair. Chair told.')
})
