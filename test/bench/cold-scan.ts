/**
 * One cold scan (drift-bench.ts): the first scan of this fresh process on a freshly opened
 * connection, as at unlock. Prints its wall and CPU time, steps, and the time to then read every
 * finding's sentence, as JSON. drift-bench runs it both bundled as the app ships the core (one
 * file, built by vite as electron-vite builds out/main/core-worker.js) and from the TypeScript
 * source through tsx.
 *
 *   node cold-scan.cjs PATH PASSPHRASE AS_OF   |   npx tsx test/bench/cold-scan.ts PATH PASSPHRASE AS_OF
 */
import { openCaseload } from '../../electron/core/db/caseload-db'
import { scanCaseload } from '../../electron/core/drift/scan'
import { timed } from './timed'

async function main(): Promise<void> {
  const [path, passphrase, asOf] = process.argv.slice(2)
  if (!path || !passphrase || !asOf) throw new Error('usage: cold-scan PATH PASSPHRASE AS_OF')
  const db = await openCaseload({ path, passphrase })
  try {
    const r = timed(() => scanCaseload(db, { asOf }))
    const sentences = timed(() => r.value.findings.reduce((n, f) => n + f.message.length, 0))
    console.log(JSON.stringify({ wallMs: r.wallMs, cpuMs: r.cpuMs, timings: r.value.timings ?? {}, sentencesMs: sentences.wallMs }))
  } finally {
    db.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
