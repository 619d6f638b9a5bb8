/**
 * `npm start`: opens the Driftwatch desktop app. Electron downloads its binary on first use; where
 * that is impossible (no internet to its download host) we say so in one line and point to the
 * browser host, which runs the same app in a local browser.
 */
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { ensureElectronNative } from './electron-native.mjs'

const root = join(dirname(new URL(import.meta.url).pathname), '..')

const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
})
if (probe.status !== 0 || !probe.stdout) {
  console.error('The Electron binary is not installed and cannot be downloaded here: run `npm run start:browser` to use Driftwatch in your browser instead.')
  process.exit(1)
}

let nativeBinding
try {
  nativeBinding = ensureElectronNative()
} catch (e) {
  console.error(e.message)
  process.exit(1)
}

const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
const result = spawnSync(bin, ['preview', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DRIFTWATCH_NATIVE_BINDING: nativeBinding },
})
process.exit(result.status ?? 1)
