/**
 * Electron and Node need different builds of the encrypted SQLite driver (different ABIs: Node 20
 * is 115, Electron 45 is 150). `npm install` builds it for Node, which the tests and the CLI use.
 * For the desktop app we keep a second build in .cache/ and point the driver at it with its
 * `nativeBinding` option, so `npm test` and `npm start` work in either order with no rebuild.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = join(dirname(new URL(import.meta.url).pathname), '..')

function packageDir(name) {
  return dirname(require.resolve(`${name}/package.json`, { paths: [root] }))
}

/** True when the compiled addon registers itself for the given ABI (catches "false success" rebuilds). */
export function builtForAbi(file, abi) {
  return existsSync(file) && readFileSync(file).includes(Buffer.from(`node_register_module_v${abi}`))
}

function run(cmd, args, cwd, env) {
  const r = spawnSync(cmd, args, { cwd, env, stdio: 'inherit' })
  return r.status === 0
}

/** Returns the path of an Electron-ABI build of better-sqlite3, building it once if needed. */
export function ensureElectronNative() {
  const electronDir = packageDir('electron')
  const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version
  const abi = readFileSync(join(electronDir, 'abi_version'), 'utf8').trim()
  const driverDir = packageDir('better-sqlite3')
  const driverVersion = JSON.parse(readFileSync(join(driverDir, 'package.json'), 'utf8')).version
  const cacheDir = join(root, '.cache', 'electron-native', `${driverVersion}-electron-${electronVersion}-${process.platform}-${process.arch}`)
  const binary = join(cacheDir, 'better_sqlite3.node')
  if (builtForAbi(binary, abi)) return binary

  console.log(`Preparing the encrypted database driver for Electron ${electronVersion} (once)…`)
  const work = join(cacheDir, 'work')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  cpSync(driverDir, work, { recursive: true, filter: (src) => !src.includes(`${driverDir}/build`) })
  // npm exports its config to scripts; a `nodedir` there would build against Node's headers
  // instead of Electron's and report success anyway.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl)$/i.test(k)))
  const target = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`]
  const prebuild = join(packageDir('prebuild-install'), 'bin.js')
  let ok = run(process.execPath, [prebuild, ...target, `--platform=${process.platform}`], work, env)
  if (!ok || !builtForAbi(join(work, 'build', 'Release', 'better_sqlite3.node'), abi)) {
    const gyp = findNodeGyp()
    ok = Boolean(gyp) && run(process.execPath, [gyp, 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'], work, env)
  }
  const built = join(work, 'build', 'Release', 'better_sqlite3.node')
  if (!ok || !builtForAbi(built, abi)) {
    rmSync(work, { recursive: true, force: true })
    throw new Error(`Could not build the database driver for Electron ${electronVersion} (ABI ${abi}). Check the internet connection and build tools, then run npm start again.`)
  }
  cpSync(built, binary)
  rmSync(work, { recursive: true, force: true })
  writeFileSync(join(cacheDir, 'README.txt'), 'Built by scripts/electron-native.mjs for the Electron app. Safe to delete.\n')
  return binary
}

function findNodeGyp() {
  const candidates = []
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'))
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] }))
  } catch {
    // not installed locally
  }
  return candidates.find((c) => existsSync(c))
}
