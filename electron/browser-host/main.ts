/**
 * `npm run start:browser [-- --port N] [--db FILE]`: serves the built renderer (out/renderer) and
 * the core on 127.0.0.1 and prints the one address that works (it carries a one-time token).
 */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { existsSync, mkdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { idleLockMsFromEnv } from '../core/app/activity-lock'
import { startBrowserHost } from './server'
import { builtCoreWorker } from './built-core'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, db: { type: 'string' } },
    allowPositionals: false,
  })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not ${values.port}`)
    process.exit(1)
  }
  const dbPath = resolve(values.db ?? join(homedir(), '.driftwatch', 'caseload.db'))
  if (!values.db) mkdirSync(join(homedir(), '.driftwatch'), { recursive: true, mode: 0o700 })
  const rendererDir = resolve(__dirname, '../../out/renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error('The renderer is not built: run `npx electron-vite build` first (npm run start:browser does).')
    process.exit(1)
  }
  const core = builtCoreWorker(resolve(__dirname, '../..'))
  if (core.why) console.error(`The core runs from its TypeScript source: ${core.why}.`)
  const host = await startBrowserHost({
    dbPath,
    port,
    rendererDir,
    ...(process.env.DRIFTWATCH_NATIVE_BINDING ? { nativeBinding: process.env.DRIFTWATCH_NATIVE_BINDING } : {}),
    idleLockMs: idleLockMsFromEnv(process.env),
    ...(core.workerScript ? { coreWorker: core.workerScript } : {}),
  })
  console.log(`Driftwatch is running for this machine only. Open: ${host.url}`)
  console.log(`Caseload: ${dbPath}. Press Ctrl+C to stop (the caseload is locked on exit).`)
  const stop = () => {
    void host.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(`Driftwatch could not start: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
