import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const require = createRequire(__filename)

describe('the two native builds of the database driver', () => {
  it('tells a Node build from an Electron build by the ABI it registers for', async () => {
    const { builtForAbi } = await import('../../scripts/electron-native.mjs')
    const driverDir = dirname(require.resolve('better-sqlite3/package.json'))
    const nodeBuild = join(driverDir, 'build', 'Release', 'better_sqlite3.node')
    const electronAbi = readFileSync(join(dirname(require.resolve('electron/package.json')), 'abi_version'), 'utf8').trim()
    expect(builtForAbi(nodeBuild, process.versions.modules)).toBe(true)
    // npm install's build serves Node (tests, CLI); the app needs the other one, so it must not pass for it.
    expect(builtForAbi(nodeBuild, electronAbi)).toBe(false)
  })
})
