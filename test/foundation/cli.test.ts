import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/main'
import { captureStream } from '../helpers/capture'
import { tempDir } from '../helpers/temp-db'

const ROOT = join(__dirname, '..', '..')
const FIXTURE = join(ROOT, 'test', 'fixtures', 'small-caseload.json')
const PASSPHRASE = 'a long test passphrase'

function capture() {
  const stdout = captureStream()
  const stderr = captureStream()
  return { io: { stdout: stdout.stream, stderr: stderr.stream }, out: stdout.text, err: stderr.text }
}

async function cli(args: string[], passphrase = PASSPHRASE) {
  const previous = process.env.DRIFTWATCH_PASSPHRASE
  process.env.DRIFTWATCH_PASSPHRASE = passphrase
  const c = capture()
  try {
    const code = await runCli(args, c.io)
    return { code, stdout: c.out(), stderr: c.err() }
  } finally {
    if (previous === undefined) delete process.env.DRIFTWATCH_PASSPHRASE
    else process.env.DRIFTWATCH_PASSPHRASE = previous
  }
}

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})
function dir() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

describe('command line', () => {
  it('init, import, export round trip with exit code 0', async () => {
    const d = dir()
    const db = join(d, 'c.db')
    expect((await cli(['init', '--db', db])).code).toBe(0)
    expect(existsSync(`${db}.key`)).toBe(true)
    const imported = await cli(['import', '--db', db, FIXTURE])
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringMatching(/2 children, 3 professionals/) })
    const out = join(d, 'out.json')
    expect((await cli(['export', '--db', db, '--out', out])).code).toBe(0)
    const exported = JSON.parse(readFileSync(out, 'utf8'))
    expect(exported.children.map((c: { id: string }) => c.id)).toEqual(['C1', 'C2'])
    const toStdout = await cli(['export', '--db', db])
    expect(JSON.parse(toStdout.stdout)).toEqual(exported)
  })

  it('exits 1 for a malformed import, naming the file, path and reason, and imports nothing', async () => {
    const d = dir()
    const db = join(d, 'c.db')
    await cli(['init', '--db', db])
    const bad = join(d, 'bad.json')
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'))
    doc.meetings[0].date = '2026-02-30'
    writeFileSync(bad, JSON.stringify(doc))
    const r = await cli(['import', '--db', db, bad])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(bad)
    expect(r.stderr).toMatch(/\$\.meetings\[0\]\.date: is not a real date/)
    const exported = JSON.parse((await cli(['export', '--db', db])).stdout)
    expect(exported.children).toEqual([])
  })

  it('exits 1 for bad arguments and a missing input file', async () => {
    const d = dir()
    const db = join(d, 'c.db')
    await cli(['init', '--db', db])
    expect((await cli(['import', '--db', db, join(d, 'nope.json')])).code).toBe(1)
    expect((await cli(['frobnicate'])).code).toBe(1)
    expect((await cli(['demo', '--db', db, '--as-of', '2026-02-30'])).code).toBe(1)
    expect((await cli(['demo', '--db', db, '--children', 'many'])).code).toBe(1)
    expect((await cli(['init'])).code).toBe(1)
    expect((await cli(['init', '--db', db])).code).toBe(1) // will not overwrite
  })

  it('exits 2 for a wrong passphrase, a missing database and a damaged one', async () => {
    const d = dir()
    const db = join(d, 'c.db')
    await cli(['init', '--db', db])
    const wrong = await cli(['export', '--db', db], 'not it')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/passphrase is wrong/i)
    expect((await cli(['export', '--db', join(d, 'missing.db')])).code).toBe(2)
    writeFileSync(db, Buffer.alloc(8192, 7))
    expect((await cli(['export', '--db', db])).code).toBe(2)
  })

  it('fills a caseload with the demo, deterministically', async () => {
    const d = dir()
    const a = join(d, 'a.db')
    const b = join(d, 'b.db')
    for (const db of [a, b]) {
      await cli(['init', '--db', db])
      expect((await cli(['demo', '--db', db, '--children', '30', '--seed', '5', '--as-of', '2026-06-01'])).code).toBe(0)
    }
    const ea = (await cli(['export', '--db', a])).stdout
    expect(ea).toBe((await cli(['export', '--db', b])).stdout)
    expect(JSON.parse(ea).children).toHaveLength(30)
  })

  it('runs as `npm run cli` with the passphrase from the environment only', () => {
    const d = dir()
    const db = join(d, 'c.db')
    const env = { ...process.env, DRIFTWATCH_PASSPHRASE: PASSPHRASE }
    const init = spawnSync('npm', ['run', '-s', 'cli', '--', 'init', '--db', db], { cwd: ROOT, env, encoding: 'utf8' })
    expect(init.status).toBe(0)
    const noPass = { ...process.env }
    delete noPass.DRIFTWATCH_PASSPHRASE
    const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'export', '--db', db], { cwd: ROOT, env: noPass, encoding: 'utf8', input: '' })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/DRIFTWATCH_PASSPHRASE/)
  })
})
