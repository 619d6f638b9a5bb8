/**
 * Starts the browser host for the e2e suite and the timing measurements:
 *
 *   tsx test/e2e/start-host.ts --port 4321 --db /tmp/x/caseload.db [--demo 500 | --empty] [--as-of 2026-11-26]
 *                              [--url-file /tmp/x/url.txt] [--fast-kdf]
 *
 * With `--demo N`, when the database does not exist yet, it first creates an encrypted caseload
 * with the passphrase in DRIFTWATCH_PASSPHRASE and fills it with N fictional demo children (seed
 * 'demo', as of --as-of or today); with `--empty`, an encrypted caseload with no children (the
 * Import screen's tests start from one). It then prints one line, `Driftwatch is running … Open: URL`,
 * and writes the URL to --url-file when given. DRIFTWATCH_TOKEN fixes the token (tests only), so
 * a Playwright config can know the URL before the server starts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { idleLockMsFromEnv } from '../../electron/core/app/activity-lock'
import { createCaseload } from '../../electron/core/db/caseload-db'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { startBrowserHost } from '../../electron/browser-host/server'
import { builtCoreWorker } from '../../electron/browser-host/built-core'
import { todayInLondon, isCivilDate } from '../../shared/civil-date'

const FAST_KDF = { memoryKiB: 1024, iterations: 1, parallelism: 1 }

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      db: { type: 'string' },
      demo: { type: 'string' },
      empty: { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      'url-file': { type: 'string' },
      'fast-kdf': { type: 'boolean', default: false },
      renderer: { type: 'string' },
    },
  })
  if (!values.db) throw new Error('--db FILE is required')
  const dbPath = resolve(values.db)
  const port = Number(values.port)
  const asOf = values['as-of'] ?? todayInLondon()
  if (!isCivilDate(asOf)) throw new Error(`--as-of must be a date YYYY-MM-DD, not ${asOf}`)
  const kdf = values['fast-kdf'] ? FAST_KDF : undefined

  if (values.demo !== undefined && !existsSync(dbPath)) {
    const children = Number(values.demo)
    if (!Number.isInteger(children) || children < 1) throw new Error(`--demo must be a positive whole number, not ${values.demo}`)
    const passphrase = process.env.DRIFTWATCH_PASSPHRASE
    if (!passphrase) throw new Error('Set DRIFTWATCH_PASSPHRASE to create the demo caseload')
    mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 })
    const started = Date.now()
    // The e2e "Forgotten your passphrase?" test needs the demo caseload's recovery code: this test-only
    // host leaves it beside the caseload (never done by the app, the CLI or the packaged build).
    const db = await createCaseload({
      path: dbPath,
      passphrase,
      ...(kdf ? { kdf } : {}),
      onRecoveryCode: (code) => writeFileSync(`${dbPath}.e2e-recovery-code`, code, { mode: 0o600 }),
    })
    try {
      loadDemoCaseload(db, { children, seed: 'demo', asOf })
    } finally {
      db.close()
    }
    console.error(`Created a demo caseload of ${children} children in ${Date.now() - started} ms`)
  }

  if (values.empty && !existsSync(dbPath)) {
    const passphrase = process.env.DRIFTWATCH_PASSPHRASE
    if (!passphrase) throw new Error('Set DRIFTWATCH_PASSPHRASE to create the empty caseload')
    mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 })
    const db = await createCaseload({ path: dbPath, passphrase, ...(kdf ? { kdf } : {}) })
    db.close()
  }

  const core = builtCoreWorker(resolve(__dirname, '../..'))
  if (core.why) console.error(`The core runs from its TypeScript source: ${core.why}.`)
  const host = await startBrowserHost({
    dbPath,
    port,
    rendererDir: resolve(values.renderer ?? resolve(__dirname, '../../out/renderer')),
    ...(kdf ? { kdf } : {}),
    ...(process.env.DRIFTWATCH_TOKEN ? { token: process.env.DRIFTWATCH_TOKEN } : {}),
    ...(process.env.DRIFTWATCH_NATIVE_BINDING ? { nativeBinding: process.env.DRIFTWATCH_NATIVE_BINDING } : {}),
    idleLockMs: idleLockMsFromEnv(process.env),
    ...(core.workerScript ? { coreWorker: core.workerScript } : {}),
  })
  if (values['url-file']) writeFileSync(values['url-file'], `${host.url}\n`, { mode: 0o600 })
  console.log(`Driftwatch is running for this machine only. Open: ${host.url}`)
  const stop = () => {
    void host.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(`start-host: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
