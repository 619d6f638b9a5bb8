/**
 * Scrolling the caseload table (issue 13): the row elements are reused by position while it scrolls
 * (renderer/src/caseload/VirtualGrid.tsx), so a scroll must never leave a row showing part of the
 * child that was there before, the rows must stay in the page's order, and the keyboard focus must
 * stay with its child, not with the element.
 */
import { expect, test, type Page } from '@playwright/test'
import { openUnlocked, screenshot } from './helpers'

const ROW_HEIGHT = 48

async function openTable(page: Page) {
  await openUnlocked(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caseload' }).click()
  await expect(page.locator('.grid-body [role="row"]').first()).toBeVisible()
}

/** Scrolls the grid to a position and waits until the rows drawn are those of that position. */
async function scrollTo(page: Page, top: number) {
  // The browser stops at the end of the table; the rows follow on the next frame's scroll event.
  const at = await page.locator('.grid-scroll').evaluate(async (el, t) => {
    el.scrollTop = t
    for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame)
    return el.scrollTop
  }, top)
  await expect(page.locator(`.grid-body [data-index="${Math.floor(at / ROW_HEIGHT)}"]`)).toBeAttached()
}

/** Every row drawn: its index, what the page says about it (its whole markup but its place), and whether it is in page order. */
async function drawnRows(page: Page) {
  return page.locator('.grid-body').evaluate((body) => {
    const rows = [...body.querySelectorAll<HTMLElement>(':scope > [role="row"]')]
    return rows.map((el) => {
      const copy = el.cloneNode(true) as HTMLElement
      copy.style.removeProperty('transform')
      return { index: Number(el.dataset.index), rowIndex: Number(el.getAttribute('aria-rowindex')), html: copy.outerHTML }
    })
  })
}

test('scrolling shows each child exactly as a fresh table does, in page order, reusing the rows drawn', async ({ page }) => {
  await openTable(page)
  const total = await page.locator('.grid-body').evaluate((b) => b.getBoundingClientRect().height)
  const rowCount = Math.round(total / ROW_HEIGHT)
  expect(rowCount).toBe(80)

  // Fresh: the rows at the top as first drawn. Then two ways down the whole table: a row at a time
  // (each element shows its neighbour's child next) and by jumps of a screen and more (each element
  // shows a child far away), through children with and without findings, complex or not.
  const seen = new Map<number, string>()
  const record = async (how: string) => {
    const rows = await drawnRows(page)
    const order = rows.map((r) => r.index)
    expect(order, `${how}: rows in page order`).toEqual([...order].sort((a, b) => a - b))
    for (const r of rows) {
      expect(r.rowIndex).toBe(r.index + 2)
      const before = seen.get(r.index)
      if (before === undefined) seen.set(r.index, r.html)
      else expect(r.html, `${how}: row ${r.index}`).toBe(before)
    }
  }
  await record('fresh')
  // The elements drawn now are the ones used all the way down.
  await page.locator('.grid-body > [role="row"]').evaluateAll((els) => els.forEach((el, i) => ((el as HTMLElement & { mark?: number }).mark = i)))
  for (let top = 0; top <= total; top += ROW_HEIGHT) {
    await scrollTo(page, Math.min(top, total))
    await record(`row by row at ${top}`)
  }
  expect(seen.size).toBe(80)
  for (const top of [total, 0, total * 0.6, total * 0.1, total * 0.9, total * 0.3, 0]) {
    await scrollTo(page, top)
    await record(`jump to ${top}`)
  }
  const marks = await page.locator('.grid-body > [role="row"]').evaluateAll((els) => els.map((el) => (el as HTMLElement & { mark?: number }).mark))
  expect(marks.length).toBeGreaterThan(8)
  expect(marks.every((m) => m !== undefined), 'the same elements show other children after a scroll').toBe(true)
})

test('the keyboard focus stays with its child while the table scrolls, and leaves when the child is no longer drawn', async ({ page }) => {
  await openTable(page)
  await page.getByRole('button', { name: 'Drift score', exact: true }).focus()
  await page.keyboard.press('Tab')
  // One key at a time: the grid focuses the next row on the next frame.
  for (let i = 1; i <= 8; i++) {
    await page.keyboard.press('ArrowDown')
    await expect(page.locator(`.grid-body [data-index="${i}"]`)).toBeFocused()
  }
  const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.grid-body [role="row"]')?.dataset.childId ?? null)
  const child = await focused()
  expect(child).toBeTruthy()
  await expect(page.locator('.grid-body [data-index="8"]')).toBeFocused()

  // Five rows down (the rows drawn start one further, the focused row still in sight): the element
  // that had the focus now shows another child; the focus goes with its child.
  await scrollTo(page, 5 * ROW_HEIGHT)
  await expect.poll(focused).toBe(child)
  await expect(page.locator('.grid-body [data-index="8"]')).toBeFocused()

  // The score's reasons open on focus; focus following its child is not a request for them.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('tooltip')).toBeVisible()
  await scrollTo(page, 4 * ROW_HEIGHT)
  await expect(page.getByRole('tooltip')).toBeHidden()
  await expect(page.locator('.grid-body [data-index="8"] .score-button')).toBeFocused()

  // Far down: the child is no longer drawn, so no row has the focus (Enter opens nobody's case).
  await scrollTo(page, 60 * ROW_HEIGHT)
  await expect.poll(focused).toBe(null)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Caseload', level: 1 })).toBeVisible()
})

test('a scroll of a few rows has rows ready beyond the edges; a jump of more than a screen draws only the rows in view', async ({ page }) => {
  await openTable(page)
  const drawn = async () => (await drawnRows(page)).map((r) => r.index)
  const inView = Math.ceil((await page.locator('.grid-scroll').evaluate((el) => el.clientHeight)) / ROW_HEIGHT)
  await scrollTo(page, 6 * ROW_HEIGHT)
  let idx = await drawn()
  expect(idx[0]).toBe(2)
  expect(idx.at(-1)).toBeGreaterThanOrEqual(6 + inView - 1 + 4)
  await scrollTo(page, 50 * ROW_HEIGHT)
  idx = await drawn()
  expect(idx[0]).toBe(50)
  expect(idx.at(-1)).toBeLessThanOrEqual(50 + inView)
  await scrollTo(page, 51 * ROW_HEIGHT)
  idx = await drawn()
  expect(idx[0]).toBe(47)

  // Rows reused after scrolling both ways look as a fresh table does.
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await scrollTo(page, 70 * ROW_HEIGHT)
    await scrollTo(page, 33 * ROW_HEIGHT + 20)
    await screenshot(page, `12-caseload-table-scrolled-${w}x${h}`, false)
  }
})
