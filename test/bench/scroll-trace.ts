/**
 * What the long frames are while the caseload table scrolls at 50,000 children: Chromium's timeline
 * (CDP tracing) over ui-bench's scroll (top to bottom in 4 s, one step a frame), each frame over the
 * threshold broken down on the page's main thread into script, garbage collection (minor or major,
 * with the heap before and after), style, layout, paint and compositing. Not a test: it prints text.
 *
 *   npx electron-vite build && npx tsx test/bench/scroll-trace.ts [runs]
 *
 * Opens ui-bench's demo caseload in PROF_DIR (default /tmp/scroll-ui-bench) on PROF_PORT (4461);
 * PROF_RENDERER serves another build of the renderer, to compare two builds back to back;
 * TRACE_FRAMES_OVER (ms, default 50) is the threshold; PROF_NO_TRACE=1 measures frames only.
 */
import { openUnlockedDemo } from './bench-page'

const dir = process.env.PROF_DIR ?? '/tmp/scroll-ui-bench'
const port = Number(process.env.PROF_PORT ?? 4461)
const over = Number(process.env.TRACE_FRAMES_OVER ?? 50)
const runs = Number(process.argv[2] ?? 3)
const SCROLL = `new Promise((done) => { const el = document.querySelector('.grid-scroll'); const d = []; const total = el.scrollHeight - el.clientHeight; let s = 0, l = 0; function step(t) { if (!s) s = l = t; else d.push(t - l); l = t; const p = Math.min(1, (t - s) / 4000); el.scrollTop = p * total; if (p < 1) requestAnimationFrame(step); else done(d) } requestAnimationFrame(step) })`

interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: Record<string, unknown>; usedHeapSizeBefore?: number; usedHeapSizeAfter?: number; type?: string }
}

/** Names summed per long frame (outermost only where they nest in themselves). */
const KINDS: [string, (e: TraceEvent) => boolean][] = [
  ['script', (e) => e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'v8.callFunction' || e.name === 'RunMicrotasks'],
  ['rAF', (e) => e.name === 'FireAnimationFrame'],
  ['minorGC', (e) => e.name === 'MinorGC' || e.name === 'ScavengeTask' || e.name === 'V8.GC_SCAVENGER'],
  ['majorGC', (e) => e.name === 'MajorGC' || e.name === 'V8.GC_MARK_COMPACTOR' || e.name === 'V8.GCFinalizeMC'],
  ['gcIncremental', (e) => e.name === 'V8.GC_MC_INCREMENTAL' || e.name === 'V8.GCIncrementalMarking'],
  ['blinkGC', (e) => e.name.startsWith('BlinkGC.') && !e.name.includes('Concurrent')],
  ['style', (e) => e.name === 'UpdateLayoutTree' || e.name === 'RecalculateStyles'],
  ['layout', (e) => e.name === 'Layout'],
  ['prePaint', (e) => e.name === 'PrePaint'],
  ['paint', (e) => e.name === 'Paint'],
  ['layerize', (e) => e.name === 'Layerize' || e.name === 'UpdateLayer' || e.name === 'CompositeLayers'],
  ['commit', (e) => e.name === 'Commit' || e.name === 'ProxyMain::BeginMainFrame::commit'],
  ['hitTest', (e) => e.name === 'HitTest'],
  ['scroll', (e) => e.name === 'ScrollLayer' || e.name === 'EventDispatch'],
  ['task', (e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'],
]

function outermost(events: TraceEvent[]): TraceEvent[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts)
  const out: TraceEvent[] = []
  let end = -1
  for (const e of sorted) {
    if (e.ts >= end) {
      out.push(e)
      end = e.ts + (e.dur ?? 0)
    }
  }
  return out
}

function analyse(events: TraceEvent[], label: string) {
  const threadNames = new Map<string, string>()
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
  const mainKey = [...threadNames].find(([, n]) => n === 'CrRendererMain')?.[0]
  const main = events.filter((e) => `${e.pid}:${e.tid}` === mainKey && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E' || e.ph === 'I' || e.ph === 'i'))
  // B/E pairs into complete events.
  const open: TraceEvent[] = []
  const complete: TraceEvent[] = []
  for (const e of [...main].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X') complete.push(e)
    else if (e.ph === 'B') open.push(e)
    else if (e.ph === 'E') {
      const b = open.pop()
      if (b) complete.push({ ...b, ph: 'X', dur: e.ts - b.ts })
    }
  }
  const rafs = complete.filter((e) => e.name === 'FireAnimationFrame').sort((a, b) => a.ts - b.ts)
  const gcs = complete.filter((e) => e.name === 'MinorGC' || e.name === 'MajorGC')
  console.log(`\n== ${label}: ${rafs.length} animation frames traced; GC on the main thread: ${gcs.filter((g) => g.name === 'MinorGC').length} minor (${sum(gcs.filter((g) => g.name === 'MinorGC'))} ms), ${gcs.filter((g) => g.name === 'MajorGC').length} major (${sum(gcs.filter((g) => g.name === 'MajorGC'))} ms)`)
  const totals = new Map<string, number>()
  for (const [k, test] of KINDS) totals.set(k, +sum(outermost(complete.filter(test))))
  console.log(`   whole run, main thread ms: ${[...totals].map(([k, v]) => `${k} ${v}`).join(', ')}`)
  for (let i = 1; i < rafs.length; i++) {
    const a = rafs[i - 1]!
    const b = rafs[i]!
    const gap = (b.ts - a.ts) / 1000
    if (gap <= over) continue
    const inside = complete.filter((e) => e.ts >= a.ts && e.ts < b.ts)
    const parts = KINDS.map(([k, test]) => [k, +sum(outermost(inside.filter(test)))] as const).filter(([, v]) => v >= 0.5)
    const gcNotes = inside
      .filter((e) => e.name === 'MinorGC' || e.name === 'MajorGC')
      .map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)} ms ${mb(e.args?.usedHeapSizeBefore)}->${mb(e.args?.usedHeapSizeAfter)} MB`)
    const big = outermost(inside.filter((e) => (e.dur ?? 0) > 8000 && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask'))
      .map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)}`)
    console.log(`   frame ${i} at ${((a.ts - rafs[0]!.ts) / 1000).toFixed(0)} ms: ${gap.toFixed(1)} ms | ${parts.map(([k, v]) => `${k} ${v}`).join(', ')}${gcNotes.length ? ` | ${gcNotes.join('; ')}` : ''}${big.length ? ` | over 8 ms: ${big.join(', ')}` : ''}`)
  }
}
const sum = (xs: TraceEvent[]) => (xs.reduce((t, e) => t + (e.dur ?? 0), 0) / 1000).toFixed(1)
const mb = (x: number | undefined) => (x === undefined ? '?' : (x / 1048576).toFixed(0))

async function main() {
  const { page, browser, host: proc } = await openUnlockedDemo({ dir, port, urlFile: 'url-trace.txt', ...(process.env.PROF_RENDERER ? { renderer: process.env.PROF_RENDERER } : {}) })
  try {
    await page.locator('.tile-main').first().click()
    await page.locator('.grid-body [role="row"]').first().waitFor({ state: 'visible', timeout: 600_000 })
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await new Promise((r) => setTimeout(r, 1500))
    const cdp = await page.context().newCDPSession(page)
    for (let run = 0; run < runs; run++) {
      await page.evaluate(`document.querySelector('.grid-scroll').scrollTop = 0`)
      await new Promise((r) => setTimeout(r, 1000))
      const events: TraceEvent[] = []
      const collect = (d: { value: object[] }) => events.push(...(d.value as unknown as TraceEvent[]))
      const trace = !process.env.PROF_NO_TRACE
      if (trace) {
        cdp.on('Tracing.dataCollected', collect)
        await cdp.send('Tracing.start', {
          categories: 'devtools.timeline,v8.gc,v8,blink,blink.user_timing,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.frame,disabled-by-default-v8.gc',
          transferMode: 'ReportEvents',
        })
      }
      const heapBefore = await page.evaluate<number>(`performance.memory ? performance.memory.usedJSHeapSize : 0`)
      const d = [...(await page.evaluate<number[]>(SCROLL))].sort((a, b) => a - b)
      const heapAfter = await page.evaluate<number>(`performance.memory ? performance.memory.usedJSHeapSize : 0`)
      console.log(JSON.stringify({ run, frames: d.length, p50: d[d.length >> 1], p95: d[Math.floor(d.length * 0.95)], max: d.at(-1), over50: d.filter((x) => x > 50).length, heapMB: [+(heapBefore / 1048576).toFixed(0), +(heapAfter / 1048576).toFixed(0)] }))
      if (trace) {
        const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r))
        await cdp.send('Tracing.end')
        await done
        cdp.off('Tracing.dataCollected', collect)
        analyse(events, `run ${run}`)
      }
    }
  } finally {
    await browser.close()
    proc.kill('SIGTERM')
  }
}
main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
