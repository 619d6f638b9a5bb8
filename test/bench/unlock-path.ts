/**
 * The core's side of unlock -> dashboard (drift-bench.ts), in a fresh process: a core on the caseload
 * unlocked, then the page's first requests in the order the dashboard makes them (user settings, the
 * gaps count, the overview, Start here), then the table. Prints each one's milliseconds as JSON. The
 * first overview carries the first scan of today, the open-plan rows and the overview's totals.
 * Unlike the app's core thread, this core does not scan ahead after unlock (core.ts warmToday), so the
 * overview's figure is the whole first analysis. drift-bench runs it bundled as the app ships the core,
 * on its generated caseload, whose key is derived cheaply: the unlock here leaves out the app's
 * Argon2id (about 0.4 s on this machine).
 *
 *   node unlock-path.js PATH PASSPHRASE AS_OF
 */
import { createCore } from '../../electron/core/app/core'

async function main(): Promise<void> {
  const [path, passphrase, asOf] = process.argv.slice(2)
  if (!path || !passphrase || !asOf) throw new Error('usage: unlock-path PATH PASSPHRASE AS_OF')
  // As the app's core worker: the read-ahead thread at unlock (its built file beside this one).
  const core = createCore({ dbPath: path, today: () => asOf, readAhead: true })
  const out: Record<string, number> = {}
  const ask = async (channel: string, input: unknown) => {
    const t = performance.now()
    const r = await core.dispatch(channel, input)
    if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`)
    out[channel] = Math.round((performance.now() - t) * 10) / 10
  }
  try {
    const t0 = performance.now()
    await ask('session:unlock', { passphrase })
    await ask('settings:user-get', {})
    await ask('gaps:summary', { asOf })
    await ask('caseload:overview', { asOf })
    await ask('caseload:triage', { asOf, limit: 10 })
    out.dashboard = Math.round((performance.now() - t0) * 10) / 10
    await ask('caseload:table', { asOf })
    console.log(JSON.stringify(out))
  } finally {
    // 'suspend': closes without the automatic backup on lock (not what is measured).
    core.session.closeNow('suspend')
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
