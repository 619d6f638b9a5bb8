/**
 * Where the page's time goes from a dashboard tile to the caseload table, or while the table scrolls,
 * at 50,000 children: Chromium's CPU profile over CDP, summed by function (self and total), and with
 * PROF_TRACE=1 (scroll) the timeline's events (style, layout, paint, GC) summed by name. Not a test.
 *
 *   npx tsx test/bench/table-profile.ts table|scroll|frames    (frames: three scroll runs, no profiler)
 *
 * It opens the demo caseload of ui-bench.ts in PROF_DIR (default /tmp/tbl-ui-bench, made by
 * `ui-bench.ts --sizes 50000 --dir ...`) on PROF_PORT (4452); PROF_RENDERER serves another build of
 * the renderer (e.g. one built with minify off, so the functions keep their names).
 */
import { writeFileSync } from 'node:fs'
import { openUnlockedDemo } from './bench-page'
const dir = process.env.PROF_DIR ?? '/tmp/tbl-ui-bench'
const port = Number(process.env.PROF_PORT ?? 4452)
const what = process.argv[2] ?? 'table'
/** ui-bench.ts's scroll: top to bottom in 4 s, one step a frame; the frames' intervals. */
const SCROLL = `new Promise((done) => { const el = document.querySelector('.grid-scroll'); const d = []; const total = el.scrollHeight - el.clientHeight; let s = 0, l = 0; function step(t) { if (!s) s = l = t; else d.push(t - l); l = t; const p = Math.min(1, (t - s) / 4000); el.scrollTop = p * total; if (p < 1) requestAnimationFrame(step); else done(d) } requestAnimationFrame(step) })`

async function main() {
  const { page, browser, host: proc } = await openUnlockedDemo({ dir, port, urlFile: 'url-prof.txt', ...(process.env.PROF_RENDERER ? { renderer: process.env.PROF_RENDERER } : {}) })
  try {
    await new Promise((r) => setTimeout(r, 1500))
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    const times: Record<string, number> = {}
    if (what === 'frames') {
      // No profiler: three plain scroll runs, to compare two builds (PROF_RENDERER) on the same machine.
      await page.locator('.tile-main').first().click()
      await page.locator('.grid-body [role="row"]').first().waitFor({ state: 'visible', timeout: 600_000 })
      await page.getByRole('button', { name: 'Clear filters' }).click()
      for (let run = 0; run < 3; run++) {
        await page.evaluate(`document.querySelector('.grid-scroll').scrollTop = 0`)
        await new Promise((r) => setTimeout(r, 1000))
        const d = [...(await page.evaluate<number[]>(SCROLL))].sort((a, b) => a - b)
        console.log(JSON.stringify({ run, frames: d.length, p50: d[d.length >> 1], p95: d[Math.floor(d.length * 0.95)], max: d.at(-1), over50: d.filter((x) => x > 50).length }))
      }
      return
    }
    if (what === 'table') {
      await cdp.send('Profiler.start')
      const t1 = Date.now()
      await page.locator('.tile-main').first().click()
      await page.locator('.grid-body [role="row"]').first().waitFor({ state: 'visible', timeout: 600_000 })
      times.dashboardToTableMs = Date.now() - t1
    } else {
      await page.locator('.tile-main').first().click()
      await page.locator('.grid-body [role="row"]').first().waitFor({ state: 'visible', timeout: 600_000 })
      await page.getByRole('button', { name: 'Clear filters' }).click()
      await new Promise((r) => setTimeout(r, 1000))
      const events: { name: string; ph: string; dur?: number }[] = []
      if (process.env.PROF_TRACE) {
        cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as typeof events)))
        await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' })
      }
      await cdp.send('Profiler.start')
      const frames = await page.evaluate<number[]>(SCROLL)
      times.frames = frames.length
      times.max = Math.max(...frames)
      times.over50 = frames.filter((x) => x > 50).length
      if (process.env.PROF_TRACE) {
        const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r))
        await cdp.send('Tracing.end')
        await done
        const by = new Map<string, [number, number, number]>()
        for (const e of events) if (e.ph === 'X' && e.dur) { const v = by.get(e.name) ?? [0, 0, 0]; v[0] += e.dur / 1000; v[1]++; v[2] = Math.max(v[2], e.dur / 1000); by.set(e.name, v) }
        const long = events.filter((e) => e.ph === 'X' && (e.dur ?? 0) > 25_000 && e.name !== 'RunTask').map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)}`)
        console.log(`events over 25 ms: ${long.join(', ')}`)
        console.log([...by].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25).map(([k, [t, n, m]]) => `${t.toFixed(1).padStart(8)} ms ${String(n).padStart(6)}x max ${m.toFixed(1)} ${k}`).join('\n'))
      }
    }
    const { profile } = await cdp.send('Profiler.stop')
    writeFileSync(`${dir}/${what}.cpuprofile`, JSON.stringify(profile))
    console.log(JSON.stringify(times))
    summarise(profile)
  } finally {
    await browser.close()
    proc.kill('SIGTERM')
  }
}
interface ProfileNode { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }
function summarise(p: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }) {
  const samples = p.samples ?? []
  const deltas = p.timeDeltas ?? []
  const byId = new Map<number, ProfileNode>(p.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (deltas[i] ?? 0) / 1000))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const key = (n: ProfileNode | undefined) => !n ? '?' : `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`
  const selfBy = new Map<string, number>()
  const totalBy = new Map<string, number>()
  for (const [id, ms] of self) {
    selfBy.set(key(byId.get(id)), (selfBy.get(key(byId.get(id))) ?? 0) + ms)
    const seen = new Set<string>()
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const k = key(byId.get(x))
      if (seen.has(k)) continue
      seen.add(k)
      totalBy.set(k, (totalBy.get(k) ?? 0) + ms)
    }
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(1).padStart(8)} ${k}`).join('\n')
  console.log('--- self\n' + top(selfBy, 40))
  console.log('--- total\n' + top(totalBy, 60))
}
main().catch((e) => { console.error(e); process.exit(1) })
