/**
 * The screen timings of issue 13 in `npm run bench -- drift --screens`: builds the renderer (unless
 * --no-build), runs test/bench/ui-bench.ts in its own process (Debian's Chromium against the browser
 * host) and checks its medians against the budgets. Demo caseloads are made once in --screens-dir and
 * reused (the 50,000 one takes about a minute).
 *
 *   npm run bench -- drift --screens [--screens-sizes 80,500,50000] [--screens-dir DIR] [--screens-port 4417] [--no-build]
 */
import { execFileSync } from 'node:child_process'
import { parseArgs } from 'node:util'

/** Issue 13, item 3: at 50,000 children in the browser host. */
export const SCREEN_BUDGETS = { unlockToDashboardMs: 2000, dashboardToTableMs: 500, longestScrollFrameMs: 50 }

interface UiSize {
  unlockToDashboardMs: { median: number }
  dashboardToTableMs: { median: number }
  scroll: { maxMs: number; over50Ms: number }
}

export function benchScreens(argv: string[]): Record<string, unknown> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      'screens-sizes': { type: 'string', default: '80,500,50000' },
      'screens-dir': { type: 'string', default: '/tmp/driftwatch-ui-bench' },
      'screens-port': { type: 'string', default: '4417' },
      'no-build': { type: 'boolean', default: false },
    },
  })
  if (!values['no-build']) execFileSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  const out = execFileSync(
    'npx',
    ['tsx', 'test/bench/ui-bench.ts', '--sizes', String(values['screens-sizes']), '--dir', String(values['screens-dir']), '--port', String(values['screens-port'])],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const measured = JSON.parse(out) as Record<string, unknown>
  const withinBudget: Record<string, Record<string, boolean>> = {}
  for (const [size, v] of Object.entries(measured)) {
    if (!/^\d+$/.test(size)) continue
    const s = v as UiSize
    withinBudget[size] = {
      unlockToDashboard: s.unlockToDashboardMs.median < SCREEN_BUDGETS.unlockToDashboardMs,
      dashboardToTable: s.dashboardToTableMs.median < SCREEN_BUDGETS.dashboardToTableMs,
      scrolling: s.scroll.maxMs <= SCREEN_BUDGETS.longestScrollFrameMs,
    }
  }
  return { budgets: SCREEN_BUDGETS, withinBudget, ...measured }
}
