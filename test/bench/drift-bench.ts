/**
 * Drift scan benchmark (design brief §7, issue 3). For each size: a demo caseload generated into a
 * temporary encrypted database, closed, then opened again as the app opens it, and in that one run:
 * - the cold scan: the first scan of a fresh process on a freshly opened connection, as at unlock
 *   (empty SQLite page cache, so every page it needs is read and decrypted — the OS file cache may
 *   still hold the file — and code V8 has not optimised yet); the median of three such processes,
 *   each running the core bundled into one file as the app ships it (cold-scan.ts, built by vite as
 *   electron-vite builds out/main/core-worker.js), with the read-ahead thread started as the app
 *   starts it at unlock; the same without that thread (`coldScanAlone*`); and from the TypeScript
 *   source through tsx, alone (`coldScanSource*`: tsx's per-module output calls between modules
 *   through export getters, which V8's first, unoptimised tiers pay for on every call);
 * - the warm scans: the median of a few scans back to back on the same connection (the app scans the
 *   same open database again on every as-of change; the decoded drift summary is reused);
 * - the rescans after a change: one row changed (a visit), then a scan — the summary of the plans
 *   concerned rebuilt, the batch of rows that changed decoded again, every rule run on every plan;
 * - the history scan: a scan reading the history tables instead of the summary (what a scan on an
 *   as-of date before some open plan's latest record does);
 * - the past-date scan (26 Aug 2026) in fresh processes with the read-ahead thread: first thing
 *   (`pastDateCold*`), alone (`pastDateColdAlone*`), and as in the app, from the dashboard of today —
 *   at once (`pastDateAtOnce*`) and after the first pause's history warm-up (`pastDateAfterToday*`);
 * - the floor: the median time to simply read every row of every table of the same database;
 * - the summary rebuild: building every plan's drift summary again (what an import adds).
 * Wall and CPU milliseconds are both given: on a loaded machine the CPU time is the steadier figure.
 * Budgets: 50,000 children under 1 s and no slower than the floor; 500 children under 50 ms.
 *
 *   npx tsx test/bench/drift-bench.ts [sizes…]      (default 80 500 50000)
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { scanCaseload, type DriftScan } from '../../electron/core/drift/scan'
import { rebuildDriftSummary } from '../../electron/core/queries/drift-summary'
import { createCore } from '../../electron/core/app/core'
import { AnalysisCache } from '../../electron/core/app/analysis'
import { build } from 'vite'
import { timed } from './timed'

const AS_OF = '2026-11-26'
/** A past as-of date: some plans have records after it, so the scan reads the history tables. */
const PAST_AS_OF = '2026-08-26'
const PASSPHRASE = 'bench passphrase'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
const round = (x: number) => Math.round(x * 10) / 10
const mib = (bytes: number) => Math.round(bytes / 1048576)
const maxRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024)

export interface DriftBenchResult {
  children: number
  rows: number
  plansScanned: number
  findings: number
  /** First scan of a fresh process on a freshly opened connection: median of three processes. */
  coldScanMs: number
  coldScanRunsMs: number[]
  coldScanCpuMs: number
  coldScanStepsMs: Record<string, number>
  /**
   * After that scan, reading every finding's sentence (names are looked up when a sentence is first
   * read: what an export or `drift scan --json` does; the dashboard and table never read them).
   */
  coldSentencesMs: number
  /**
   * The core's side of unlock -> dashboard (unlock-path.ts, bundled, a fresh process; median of three
   * by `dashboard`): milliseconds of the unlock and of each of the dashboard's first requests, and
   * `dashboard` from the unlock to Start here answered; the table after it.
   */
  unlockPathMs: Record<string, number>
  unlockPathRunsMs: number[]
  /** Summary batches of that scan read by the read-ahead thread (the others before it was ready). */
  coldScanReadAheadBatches: number
  /** The same cold scan bundled, without the read-ahead thread (one thread, as before it). */
  coldScanAloneMs: number
  coldScanAloneRunsMs: number[]
  /** The same cold scan from the TypeScript source through tsx, alone (not what the app runs). */
  coldScanSourceMs: number
  coldScanSourceRunsMs: number[]
  coldScanSourceStepsMs: Record<string, number>
  /** Median of the warm scans (same connection, back to back). */
  scanMs: number
  scanCpuMs: number
  scanRunsMs: number[]
  scanStepsMs: Record<string, number>
  /** Median of scans each after one row changed (refresh of the summary, partial decode, all rules). */
  rescanAfterChangeMs: number
  rescanAfterChangeStepsMs: Record<string, number>
  /** A scan from the history tables (as-of dates before an open plan's latest record). */
  historyScanMs: number
  historyScanStepsMs: Record<string, number>
  /** Rebuilding every plan's drift summary (part of every import). */
  summaryRebuildMs: number
  /** Median time to read every row of every table (after the scans: it evicts their pages). */
  floorMs: number
  floorCpuMs: number
  floorRunsMs: number[]
  /** Peak RSS of this process (the caseload is generated in a child process): before the scans, after them, and at the end (after the floor). */
  peakRssBeforeScansMiB: number
  peakRssAfterScansMiB: number
  peakRssMiB: number
  heapUsedMiB: number
  pageCacheMiB: number
  /**
   * Issue 13: one record saved through the core (`record:action` through the dispatch wrapper,
   * validation included), then the overview asked for again — the cached analysis patched, not
   * rescanned. Median of several; the first overview after unlock (a full scan) is not in it.
   */
  refreshAfterEditMs: number
  refreshAfterEditRunsMs: number[]
  /** Of which the save itself, and the overview (the patch and the dashboard figures). */
  refreshAfterEditStepsMs: { save: number; overview: number }
  /** Full scans and patches the core made while measuring (a full scan here means a fallback). */
  refreshAfterEditStats: { fullScans: number; patches: number }
  /** Past-date scan (`scanCaseload` on an as-of date before some plans' records: the history loader). */
  pastDateScanMs: number
  /** The past-date scan in a fresh process (cold), with the read-ahead thread as in the app, and alone. */
  pastDateColdMs: number
  pastDateColdRunsMs: number[]
  pastDateColdStepsMs: Record<string, number>
  pastDateColdReadAheadBatches: number
  /** As in the app, where a past date is picked from today's dashboard: after a scan of today in that process, at once… */
  pastDateAtOnceMs: number
  pastDateAtOnceRunsMs: number[]
  /** …and after the first pause, once the history warm-up (Session.warmHistoryPages) is done. */
  pastDateAfterTodayMs: number
  pastDateAfterTodayRunsMs: number[]
  pastDateAfterTodayStepsMs: Record<string, number>
  pastDateColdAloneMs: number
  pastDateColdAloneRunsMs: number[]
  pastDateColdAloneStepsMs: Record<string, number>
  budgetMs: number | null
  withinBudget: boolean | null
  coldWithinBudget: boolean | null
  notSlowerThanFloor: boolean
  coldNotSlowerThanFloor: boolean
}

const COLD_SCAN_SOURCE = fileURLToPath(new URL('./cold-scan.ts', import.meta.url))

/**
 * Bundles cold-scan.ts, unlock-path.ts and the read-ahead thread's worker, each into one CommonJS
 * file as electron-vite bundles the app's core (vite's build, dependencies left to node_modules), into
 * out/bench (inside the project, so that those resolve). Returns the cold scan's file; the others are
 * beside it.
 */
export async function bundleBenchEntries(): Promise<string> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const outDir = join(root, 'out', 'bench')
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rolldownOptions: {
        input: {
          'cold-scan': COLD_SCAN_SOURCE,
          'unlock-path': fileURLToPath(new URL('./unlock-path.ts', import.meta.url)),
          // Found beside them as the app finds it beside core-worker.js (worker/worker-script.ts).
          'read-ahead-worker': fileURLToPath(new URL('../../electron/core/worker/read-ahead-worker.ts', import.meta.url)),
        },
        // Shared code in chunks/, as electron-vite lays out out/main (worker-script.ts looks there).
        output: { format: 'cjs', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  })
  return join(outDir, 'cold-scan.js')
}

export async function benchDrift(sizes: number[] = [80, 500, 50_000], runs = 5): Promise<DriftBenchResult[]> {
  const results: DriftBenchResult[] = []
  const bundle = await bundleBenchEntries()
  for (const children of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'))
    const path = join(dir, 'bench.db')
    try {
      // Generated in a child process, so the peak RSS below is the scan's (and the floor's), not the generator's.
      execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--generate', path, String(children)], { stdio: 'inherit' })
      const peakRssBeforeScansMiB = maxRssMiB()

      const db = await openCaseload({ path, passphrase: PASSPHRASE })
      try {
        // Bundled with the read-ahead thread (as the app), bundled alone, and from source alone (tsx).
        const coldRun = (how: 'app' | 'ready' | 'atOnce' | 'afterToday' | 'alone' | 'source', asOf = AS_OF) => {
          const args = how === 'source' ? [...process.execArgv, COLD_SCAN_SOURCE] : [bundle]
          const flag = { app: [], ready: ['--ready'], atOnce: ['--at-once', AS_OF], afterToday: ['--after-today', AS_OF], alone: ['--alone'], source: ['--alone'] }[how]
          const out = execFileSync(process.execPath, [...args, path, PASSPHRASE, asOf, ...flag], { encoding: 'utf8' })
          return JSON.parse(out) as { wallMs: number; cpuMs: number; timings: Record<string, number>; sentencesMs: number; readAheadBatches: number }
        }
        const colds: ReturnType<typeof coldRun>[] = []
        const coldAlones: ReturnType<typeof coldRun>[] = []
        const coldSources: ReturnType<typeof coldRun>[] = []
        // Alternated, so that a burst of other work on the machine falls on all alike.
        for (let i = 0; i < 3; i++) {
          colds.push(coldRun('app'))
          coldAlones.push(coldRun('alone'))
          coldSources.push(coldRun('source'))
        }
        const byWall = (xs: ReturnType<typeof coldRun>[]) => [...xs].sort((a, b) => a.wallMs - b.wallMs)[1]!
        const cold = byWall(colds)
        const coldAlone = byWall(coldAlones)
        const coldSource = byWall(coldSources)
        // The past date in fresh processes too (its history tables cold, as when a chair first picks
        // one), with the read-ahead thread as in the app, and alone.
        // And as in the app, where a past date is picked from the dashboard of today: at once, and
        // after the first pause (the history warm-up done).
        const pastColds: ReturnType<typeof coldRun>[] = []
        const pastAlones: ReturnType<typeof coldRun>[] = []
        const pastAtOnces: ReturnType<typeof coldRun>[] = []
        const pastAfterTodays: ReturnType<typeof coldRun>[] = []
        for (let i = 0; i < 3; i++) {
          pastColds.push(coldRun('ready', PAST_AS_OF))
          pastAlones.push(coldRun('alone', PAST_AS_OF))
          pastAtOnces.push(coldRun('atOnce', PAST_AS_OF))
          pastAfterTodays.push(coldRun('afterToday', PAST_AS_OF))
        }
        const pastCold = byWall(pastColds)
        const pastAlone = byWall(pastAlones)
        const pastAtOnce = byWall(pastAtOnces)
        const pastAfterToday = byWall(pastAfterTodays)
        // The core's side of unlock -> dashboard, bundled, three fresh processes (the median by the dashboard's total).
        const unlockPaths = [0, 1, 2].map(
          () => JSON.parse(execFileSync(process.execPath, [join(dirname(bundle), 'unlock-path.js'), path, PASSPHRASE, AS_OF], { encoding: 'utf8' })) as Record<string, number>,
        )
        const unlockPath = [...unlockPaths].sort((a, b) => a.dashboard! - b.dashboard!)[1]!
        let last: DriftScan = scanCaseload(db, { asOf: AS_OF })
        const scanRuns: number[] = []
        const scanCpu: number[] = []
        const steps: Record<string, number[]> = {}
        // Small caseloads get more warm runs: their scans are short and V8 optimises the code only after
        // a few dozen (that start-up cost is in the cold figure).
        const scanCount = children >= 50_000 ? runs : runs * 6
        for (let i = 0; i < scanCount; i++) {
          const r = timed(() => scanCaseload(db, { asOf: AS_OF }))
          last = r.value
          scanRuns.push(r.wallMs)
          scanCpu.push(r.cpuMs)
          for (const [k, v] of Object.entries(last.timings ?? {})) (steps[k] ??= []).push(v)
        }
        const rescanRuns: number[] = []
        const rescanSteps: Record<string, number[]> = {}
        // One visit, found once by its id: finding it anew each time would read the whole visits table and
        // evict the summary's pages from the page cache, which is not what recording a visit does.
        const visitId = db.sqlite.prepare(`SELECT id FROM visits INDEXED BY visits_child WHERE child_id = (SELECT child_id FROM plans ORDER BY rowid DESC LIMIT 1) ORDER BY date DESC LIMIT 1`).pluck().get() as string
        const change = db.sqlite.prepare(`UPDATE visits SET seen_alone = 1 - seen_alone WHERE id = ?`)
        for (let i = 0; i < runs; i++) {
          change.run(visitId)
          const r = timed(() => scanCaseload(db, { asOf: AS_OF }))
          rescanRuns.push(r.wallMs)
          for (const [k, v] of Object.entries(r.value.timings ?? {})) (rescanSteps[k] ??= []).push(v)
        }
        const history = timed(() => scanCaseload(db, { asOf: AS_OF, fromHistory: true }))
        const peakRssAfterScansMiB = maxRssMiB()
        const tables = (
          db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`).all() as { name: string }[]
        ).map((t) => t.name)
        const readAll = () => {
          let n = 0
          for (const t of tables) for (const row of db.sqlite.prepare(`SELECT * FROM "${t}"`).raw(true).iterate()) if (row) n++
          return n
        }
        readAll() // warm-up, like the scans'
        const floorRuns: number[] = []
        const floorCpu: number[] = []
        let rows = 0
        for (let i = 0; i < runs; i++) {
          const r = timed(readAll)
          rows = r.value
          floorRuns.push(r.wallMs)
          floorCpu.push(r.cpuMs)
        }
        const scanMs = median(scanRuns)
        const floorMs = median(floorRuns)
        const past = timed(() => scanCaseload(db, { asOf: PAST_AS_OF }))
        const rebuild = timed(() => db.sqlite.transaction(() => rebuildDriftSummary(db.sqlite))())
        const refresh = await refreshAfterEdit(path, runs)
        const budgetMs = children >= 50_000 ? 1000 : children >= 500 ? 50 : children >= 80 ? 100 : null
        results.push({
          children,
          rows,
          plansScanned: last.cases.length,
          findings: last.findings.length,
          coldScanMs: round(cold.wallMs),
          coldScanRunsMs: colds.map((c) => round(c.wallMs)),
          coldScanCpuMs: round(cold.cpuMs),
          coldScanStepsMs: Object.fromEntries(Object.entries(cold.timings).map(([k, v]) => [k, round(v)])),
          coldSentencesMs: round(cold.sentencesMs),
          unlockPathMs: unlockPath,
          unlockPathRunsMs: unlockPaths.map((u) => u.dashboard!),
          coldScanReadAheadBatches: cold.readAheadBatches,
          coldScanAloneMs: round(coldAlone.wallMs),
          coldScanAloneRunsMs: coldAlones.map((c) => round(c.wallMs)),
          coldScanSourceMs: round(coldSource.wallMs),
          coldScanSourceRunsMs: coldSources.map((c) => round(c.wallMs)),
          coldScanSourceStepsMs: Object.fromEntries(Object.entries(coldSource.timings).map(([k, v]) => [k, round(v)])),
          scanMs: round(scanMs),
          scanCpuMs: round(median(scanCpu)),
          scanRunsMs: scanRuns.map(round),
          scanStepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(median(v))])),
          rescanAfterChangeMs: round(median(rescanRuns)),
          rescanAfterChangeStepsMs: Object.fromEntries(Object.entries(rescanSteps).map(([k, v]) => [k, round(median(v))])),
          historyScanMs: round(history.wallMs),
          historyScanStepsMs: Object.fromEntries(Object.entries(history.value.timings ?? {}).map(([k, v]) => [k, round(v)])),
          summaryRebuildMs: round(rebuild.wallMs),
          floorMs: round(floorMs),
          floorCpuMs: round(median(floorCpu)),
          floorRunsMs: floorRuns.map(round),
          peakRssBeforeScansMiB,
          peakRssAfterScansMiB,
          peakRssMiB: maxRssMiB(),
          heapUsedMiB: mib(process.memoryUsage().heapUsed),
          pageCacheMiB: Math.round(-(db.sqlite.pragma('cache_size', { simple: true }) as number) / 1024),
          refreshAfterEditMs: round(median(refresh.runs)),
          refreshAfterEditRunsMs: refresh.runs.map(round),
          refreshAfterEditStepsMs: { save: round(median(refresh.save)), overview: round(median(refresh.overview)) },
          refreshAfterEditStats: refresh.stats,
          pastDateScanMs: round(past.wallMs),
          pastDateColdMs: round(pastCold.wallMs),
          pastDateColdRunsMs: pastColds.map((c) => round(c.wallMs)),
          pastDateColdStepsMs: Object.fromEntries(Object.entries(pastCold.timings).map(([k, v]) => [k, round(v)])),
          pastDateColdReadAheadBatches: pastCold.readAheadBatches,
          pastDateAtOnceMs: round(pastAtOnce.wallMs),
          pastDateAtOnceRunsMs: pastAtOnces.map((c) => round(c.wallMs)),
          pastDateAfterTodayMs: round(pastAfterToday.wallMs),
          pastDateAfterTodayRunsMs: pastAfterTodays.map((c) => round(c.wallMs)),
          pastDateAfterTodayStepsMs: Object.fromEntries(Object.entries(pastAfterToday.timings).map(([k, v]) => [k, round(v)])),
          pastDateColdAloneMs: round(pastAlone.wallMs),
          pastDateColdAloneRunsMs: pastAlones.map((c) => round(c.wallMs)),
          pastDateColdAloneStepsMs: Object.fromEntries(Object.entries(pastAlone.timings).map(([k, v]) => [k, round(v)])),
          budgetMs,
          withinBudget: budgetMs === null ? null : scanMs < budgetMs,
          coldWithinBudget: budgetMs === null ? null : cold.wallMs < budgetMs,
          notSlowerThanFloor: scanMs <= floorMs,
          coldNotSlowerThanFloor: cold.wallMs <= floorMs,
        })
      } finally {
        db.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return results
}

/**
 * Saves an action on one open plan through a core on the caseload, then asks for the overview, `runs`
 * times. The core is unlocked and closed without its automatic backups (they are not what is measured).
 */
export async function refreshAfterEdit(path: string, runs: number): Promise<{ runs: number[]; save: number[]; overview: number[]; stats: { fullScans: number; patches: number } }> {
  const core = createCore({ dbPath: path, today: () => AS_OF, actor: 'Bench' })
  await core.session.unlock(PASSPHRASE)
  try {
    const ok = async (channel: string, input: unknown) => {
      const r = await core.dispatch(channel, input)
      if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message} ${JSON.stringify(r.problems)}`)
      return r.data
    }
    await ok('caseload:overview', { asOf: AS_OF })
    const sqlite = core.session.database().sqlite
    // A plan whose summary holds on A (no record dated after it), as for a chair recording today.
    const planId = sqlite
      .prepare(`SELECT plan_id FROM drift_facts WHERE valid_from <= ? AND start_date <= ? AND end_date IS NULL ORDER BY rowid DESC LIMIT 1`)
      .pluck()
      .get(AS_OF, AS_OF) as string
    const stats = AnalysisCache.of(core.session)!.stats
    const before = { ...stats }
    const out = { runs: [] as number[], save: [] as number[], overview: [] as number[] }
    const WARM_UP = 3
    for (let i = 0; i < runs + WARM_UP; i++) {
      const t0 = performance.now()
      await ok('record:action', { planId, createdDate: AS_OF, description: `Bench action ${i}`, status: 'open', dueDate: AS_OF })
      const t1 = performance.now()
      await ok('caseload:overview', { asOf: AS_OF })
      const t2 = performance.now()
      // The first few are a warm-up (the patch's statements prepared, its code and the contract's checks compiled).
      if (i < WARM_UP) continue
      out.runs.push(t2 - t0)
      out.save.push(t1 - t0)
      out.overview.push(t2 - t1)
    }
    return { ...out, stats: { fullScans: stats.fullScans - before.fullScans, patches: stats.patches - before.patches } }
  } finally {
    // 'suspend': closes without the automatic backup on lock.
    core.session.closeNow('suspend')
  }
}

// The package is CommonJS: under tsx `import.meta.url` is still the file's URL, so this runs when invoked directly.
async function generate(path: string, children: number): Promise<void> {
  const db = await createCaseload({ path, passphrase: PASSPHRASE, kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 } })
  loadDemoCaseload(db, { children, seed: 1, asOf: AS_OF })
  db.close()
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === '--generate') {
  generate(process.argv[3]!, Number(process.argv[4])).catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0)
  benchDrift(sizes.length ? sizes : [80, 500, 50_000])
    .then((r) => console.log(JSON.stringify({ bench: 'drift', asOf: AS_OF, node: process.version, results: r }, null, 2)))
    .catch((e: unknown) => {
      console.error(e)
      process.exit(1)
    })
}
