/**
 * One cold scan (drift-bench.ts): the first scan of this fresh process on a freshly opened
 * connection, as at unlock — with the read-ahead thread started at the same moment, as the app's
 * session starts it at unlock (worker/read-ahead-thread.ts), or with `--ready`, once the thread is
 * ready (a past date, picked later), or with `--alone`, without it. A past date is picked in the app
 * from the dashboard of today, so today's scan has run in that process first (its code optimised, its
 * pages in the page cache): `--at-once TODAY` scans that day first, then AS_OF at once;
 * `--after-today TODAY` also reads ahead what a past date reads, as the app does in the first pause
 * after unlock (Session.warmHistoryPages: the same warm-up, here in one go). Prints
 * its wall and CPU time, steps, how many summary batches the thread read, and the time to then read
 * every finding's sentence, as JSON. drift-bench runs it bundled as the app ships the core (one file,
 * built by vite as electron-vite builds out/main/core-worker.js, with read-ahead-worker.js beside it)
 * and from the TypeScript source through tsx.
 *
 *   node cold-scan.js PATH PASSPHRASE AS_OF [--alone|--ready|--at-once TODAY|--after-today TODAY]  |  npx tsx test/bench/cold-scan.ts PATH PASSPHRASE AS_OF [...]
 */
import { openCaseload } from '../../electron/core/db/caseload-db'
import { historyWarmUp } from '../../electron/core/queries/history-warm-up'
import { scanCaseload } from '../../electron/core/drift/scan'
import { setReadAhead } from '../../electron/core/queries/read-ahead'
import { ReadAheadThread } from '../../electron/core/worker/read-ahead-thread'
import { timed } from './timed'

async function main(): Promise<void> {
  const [path, passphrase, asOf, how, today] = process.argv.slice(2)
  if (!path || !passphrase || !asOf) throw new Error('usage: cold-scan PATH PASSPHRASE AS_OF [--alone | --ready | --at-once TODAY | --after-today TODAY]')
  const alone = how === '--alone' ? how : undefined
  let key: Uint8Array | null = null
  const db = await openCaseload({ path, passphrase, onKey: (k) => (key = k) })
  const thread = alone === '--alone' ? null : new ReadAheadThread(path, key!)
  if (thread) setReadAhead(db.sqlite, thread)
  else key!.fill(0)
  try {
    // --ready: the thread has opened its connection before the scan, as it has long before a chair
    // picks a past date (at unlock it starts with today's scan, which asks it again after each batch).
    const afterToday = how === '--at-once' || how === '--after-today'
    while ((how === '--ready' || afterToday) && thread && !thread.ready) await new Promise((r) => setTimeout(r, 10))
    if (afterToday) {
      if (!today) throw new Error(`${how} needs the day of the first scan`)
      scanCaseload(db, { asOf: today })
      if (how === '--after-today') {
        const warmUp = historyWarmUp(db.sqlite)
        while (warmUp.step(1000));
      }
      thread!.served = 0
    }
    const r = timed(() => scanCaseload(db, { asOf }))
    const sentences = timed(() => r.value.findings.reduce((n, f) => n + f.message.length, 0))
    // How many of the scan's summary batches the thread read (the rest were read before it was ready).
    const readAheadBatches = thread?.served ?? 0
    const readAheadWaitMs = thread?.waitedMs ?? 0
    console.log(JSON.stringify({ wallMs: r.wallMs, cpuMs: r.cpuMs, timings: r.value.timings ?? {}, sentencesMs: sentences.wallMs, readAheadBatches, readAheadWaitMs }))
  } finally {
    thread?.stop()
    db.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
