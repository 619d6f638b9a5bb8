/**
 * The SSD's allocated-worker roles, a local setting (source-formats.md §1.2 step 3: "The role list is a
 * local setting; this is its default"): set in Settings through the app's channels (stored in code
 * form, each once, validated with the item's path), used by the next SSD import from the app or the
 * command line, reset to the contract's default; and the command line's `--roles` for one import.
 * Real encrypted caseloads, the real core and the real spawned CLI.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import { DEFAULT_ALLOCATION_ROLES } from '../../shared/source-import'
import { writeSsdExtract } from '../helpers/source-extracts'
import { TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'
import { cli, exported, folder } from './helpers'

const TODAY = '2026-11-26'
const doc = demoCaseloadDocument({ children: 6, seed: 'ssd-roles', asOf: TODAY })

/** An SSD extract whose system writes `role` for the allocated social worker (the helper writes CW). */
async function extractWithRole(role: string): Promise<string> {
  const dir = join(folder(), 'ssd')
  await writeSsdExtract(dir, doc)
  const file = join(dir, 'ssd_involvements.csv')
  const lines = readFileSync(file, 'utf8').split('\n')
  writeFileSync(file, [lines[0], ...lines.slice(1).map((l) => l.replace(/^([^,]*,[^,]*,)CW,/, `$1${role},`))].join('\n'))
  return dir
}

const cores: Core[] = []
afterEach(() => {
  while (cores.length) cores.pop()!.session.closeNow()
})

async function coreFor(dbPath: string, create: boolean): Promise<Core> {
  const core = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, actor: 'Chair One' })
  cores.push(core)
  const r = await core.dispatch(create ? 'session:create' : 'session:unlock', create ? { passphrase: TEST_PASSPHRASE, withDemo: false } : { passphrase: TEST_PASSPHRASE })
  if (!r.ok) throw new Error(r.message)
  return core
}

async function ok<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message} ${JSON.stringify(r.problems)}`)
  return r.data as T
}

const allocations = async (db: string) => ((await exported(db)).allocations as { id: string }[]).length

describe("the SSD's allocated-worker roles (a local setting)", () => {
  it("default: an extract whose system writes another code gets no allocated worker, and the import says those rows were ignored", async () => {
    expect(doc.allocations.length).toBeGreaterThan(3)
    const ssd = await extractWithRole('ECL-ALLOC')
    const dir = folder()
    const db = join(dir, 'caseload.db')
    await coreFor(db, true)
    cores.pop()!.session.closeNow()
    const r = await cli(['import', '--db', db, '--from', 'ssd', ssd])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`ssd_involvements\\.csv ${doc.allocations.length}\\b`))
    expect(await allocations(db)).toBe(0)
  })

  it('set in Settings: stored in code form, each once, kept across a lock; the next SSD import from the command line takes the allocations', async () => {
    const ssd = await extractWithRole('ECL-ALLOC')
    const db = join(folder(), 'caseload.db')
    const core = await coreFor(db, true)
    expect(await ok(core, 'settings:ssd-roles-get', {})).toEqual({ roles: [...DEFAULT_ALLOCATION_ROLES], defaults: [...DEFAULT_ALLOCATION_ROLES] })
    const saved = await ok<{ roles: string[] }>(core, 'settings:ssd-roles-set', { roles: ['  Ecl-Alloc ', 'ecl-alloc', 'CW', 'Allocated   Social Worker'] })
    expect(saved.roles).toEqual(['ecl-alloc', 'cw', 'allocated social worker'])
    await ok(core, 'session:lock', {})
    await ok(core, 'session:unlock', { passphrase: TEST_PASSPHRASE })
    expect((await ok<{ roles: string[] }>(core, 'settings:ssd-roles-get', {})).roles).toEqual(['ecl-alloc', 'cw', 'allocated social worker'])
    core.session.closeNow()
    const r = await cli(['import', '--db', db, '--from', 'ssd', ssd])
    expect(r.code, r.stderr).toBe(0)
    expect(await allocations(db)).toBe(doc.allocations.length)
  })

  it('refused with the path of the role at fault, and nothing is stored', async () => {
    const core = await coreFor(join(folder(), 'caseload.db'), true)
    await ok(core, 'settings:ssd-roles-set', { roles: ['cw', 'ecl-alloc'] })
    const cases: [unknown, string, RegExp][] = [
      [[], '$.roles', /at least one role/],
      [['cw', '   '], '$.roles[1]', /empty/],
      [['x'.repeat(101)], '$.roles[0]', /too long \(100 characters at most\)/],
      [Array.from({ length: 51 }, (_, i) => `r${i}`), '$.roles', /50 at most/],
      ['cw', '$.roles', /./],
    ]
    for (const [roles, path, reason] of cases) {
      const r = await core.dispatch('settings:ssd-roles-set', { roles })
      expect(r.ok, JSON.stringify(roles).slice(0, 40)).toBe(false)
      if (r.ok) continue
      expect(r.code).toBe('VALIDATION')
      expect(r.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path, reason: expect.stringMatching(reason) })]))
    }
    expect((await ok<{ roles: string[] }>(core, 'settings:ssd-roles-get', {})).roles).toEqual(['cw', 'ecl-alloc'])
  })

  it("reset: back to the contract's default list", async () => {
    const core = await coreFor(join(folder(), 'caseload.db'), true)
    await ok(core, 'settings:ssd-roles-set', { roles: ['ecl-alloc'] })
    expect(await ok(core, 'settings:ssd-roles-reset', {})).toEqual({ roles: [...DEFAULT_ALLOCATION_ROLES], defaults: [...DEFAULT_ALLOCATION_ROLES] })
    expect((await ok<{ roles: string[] }>(core, 'settings:ssd-roles-get', {})).roles).toEqual([...DEFAULT_ALLOCATION_ROLES])
  })

  it("the command line's --roles: for that import only (the setting is unchanged), refused for other sources and when empty", async () => {
    const ssd = await extractWithRole('ECL-ALLOC')
    const db = join(folder(), 'caseload.db')
    await coreFor(db, true)
    cores.pop()!.session.closeNow()
    const r = await cli(['import', '--db', db, '--from', 'ssd', '--roles', 'CW, Ecl-Alloc', ssd])
    expect(r.code, r.stderr).toBe(0)
    expect(await allocations(db)).toBe(doc.allocations.length)
    const core = await coreFor(db, false)
    expect((await ok<{ roles: string[] }>(core, 'settings:ssd-roles-get', {})).roles).toEqual([...DEFAULT_ALLOCATION_ROLES])
    core.session.closeNow()
    const annex = await cli(['import', '--db', db, '--from', 'annex-a', '--roles', 'cw', join(folder(), 'list7.csv')])
    expect(annex.code).toBe(1)
    expect(annex.stderr).toMatch(/--roles is for --from ssd only/)
    const empty = await cli(['import', '--db', db, '--from', 'ssd', '--roles', 'cw,,', ssd])
    expect(empty.code).toBe(1)
    expect(empty.stderr).toMatch(/--roles is empty \(role 2\): give the roles separated by commas/)
  })
})
