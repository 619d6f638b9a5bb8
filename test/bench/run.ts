/**
 * `npm run bench [drift|import|sources|backup]`: the performance budgets of design brief §7, measured.
 * `npm run bench -- drift --screens` adds the screen timings in Chromium (test/bench/screens-bench.ts).
 * Prints one JSON document: drift scans of 80, 500 and 50,000 demo children against the floor of
 * reading every row, and demo generation / export / import of 500 and 50,000 children, encrypted
 * and unencrypted.
 */
import { cpus, totalmem } from 'node:os'
import { benchDrift } from './drift-bench'
import { benchImport } from './import-bench'
import { benchSources } from './sources-bench'
import { benchBackup } from './backup-bench'
import { benchScreens } from './screens-bench'

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all'
  const out: Record<string, unknown> = {
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
  }
  if (which === 'all' || which === 'drift') out.drift = await benchDrift([80, 500, 50_000])
  // Issue 13: the screens in Chromium (builds the renderer first; see screens-bench.ts for its options).
  if ((which === 'all' || which === 'drift') && process.argv.includes('--screens')) out.screens = benchScreens(process.argv.slice(3))
  if (which === 'all' || which === 'import') out.import = benchImport([500, 50_000])
  // Sources: an SSD extract imported and then synchronised (issue 10). `sources 500` for a quick run.
  if (which === 'all' || which === 'sources') out.sources = benchSources(process.argv[3] ? process.argv.slice(3).map(Number) : [500, 50_000])
  if (which === 'all' || which === 'backup') out.backup = await benchBackup([500, 50_000])
  console.log(JSON.stringify(out, null, 2))
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
