/**
 * Issue 12 item 9: what JSON.parse lets through, the import refuses, with the JSON path — duplicate
 * member names, invalid UTF-8, lone surrogates — while a UTF-8 BOM is accepted; every string has a
 * maximum length (the fast guards agree with the schemas); a huge element is refused quickly with
 * its path, and memory stays flat.
 */
import { spawnSync } from 'node:child_process'
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { importCaseloadFile } from '../../electron/core/caseload/import'
import { elementGuards } from '../../electron/core/caseload/element-guards'
import { walkJsonFile } from '../../electron/core/caseload/json-list-reader'
import { locateDuplicateKey, pathAtEnd } from '../../electron/core/caseload/json-problems'
import { actionSchema, childSchema, MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_TEXT_LENGTH, professionalSchema } from '../../shared/caseload-format'
import { contract } from '../../shared/ipc-contract'
import { DriftwatchError } from '../../shared/errors'
import { tempCaseload } from '../helpers/temp-db'

const ROOT = resolve(__dirname, '..', '..')
const FIXTURE = join(ROOT, 'test', 'fixtures', 'small-caseload.json')
const fixtureText = () => readFileSync(FIXTURE, 'utf8')

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

/** Imports `bytes` into a fresh caseload; returns the problems (or [] when it was accepted). */
async function problemsOf(bytes: Buffer | string): Promise<{ path: string; reason: string }[]> {
  const t = await tempCaseload()
  cleanups.push(t.cleanup)
  const file = join(t.dir, 'input.json')
  writeFileSync(file, bytes)
  try {
    importCaseloadFile(t.db, file)
    return []
  } catch (e) {
    if (!(e instanceof DriftwatchError)) throw e
    expect(e.code).toBe('VALIDATION')
    expect((t.db.sqlite.prepare('SELECT count(*) AS n FROM children').get() as { n: number }).n).toBe(0)
    return e.problems
  }
}

/** The fixture with its first child replaced by `childJson` (raw JSON text). */
function withFirstChild(childJson: string): string {
  const text = fixtureText()
  const doc = JSON.parse(text) as { children: unknown[] }
  const first = JSON.stringify(doc.children[0])
  const compact = JSON.stringify(JSON.parse(text))
  expect(compact.includes(first)).toBe(true)
  return compact.replace(first, childJson)
}

describe('duplicate member names', () => {
  it('in an element: refused with the path of the second one', async () => {
    const p = await problemsOf(withFirstChild('{"id":"C2","name":"Fictional Child Bee","name":"Someone Else","complex":false}'))
    expect(p).toHaveLength(1)
    expect(p[0]!.path).toBe('$.children[0].name')
    expect(p[0]!.reason).toMatch(/is given twice in the same object/)
  })

  it('nested (a risk score inside a meeting) and at the top level', async () => {
    const doc = JSON.parse(fixtureText()) as { meetings: { riskScore: unknown }[] }
    const i = doc.meetings.findIndex((m) => m.riskScore)
    expect(i).toBeGreaterThanOrEqual(0)
    const text = JSON.stringify(doc).replace(/"riskScore":\{"score":(\d+(\.\d+)?)/, '"riskScore":{"score":$1,"score":3')
    const p = await problemsOf(text)
    expect(p.map((x) => x.path)).toEqual([`$.meetings[${i}].riskScore.score`])

    const top = JSON.stringify(JSON.parse(fixtureText())).replace('"version":1', '"version":1,"version":1')
    expect((await problemsOf(top)).map((x) => x.path)).toEqual(['$.version'])
  })

  it('the locator names odd member names in the errors.ts style', () => {
    expect(locateDuplicateKey('{"a":[{"x y":1,"x y":2}]}', '$.e[0]')).toBe('$.e[0].a[0]["x y"]')
    expect(locateDuplicateKey('{"a":"\\"b","b":1}', '$')).toBeNull()
  })
})

describe('text encoding', () => {
  it('refuses bytes that are not UTF-8, naming the field', async () => {
    const text = withFirstChild('{"id":"C2","name":"Fictional Child XX","complex":false}')
    const buf = Buffer.from(text, 'utf8')
    const at = buf.indexOf('XX')
    buf[at] = 0xff // never valid in UTF-8
    const p = await problemsOf(buf)
    expect(p).toHaveLength(1)
    expect(p[0]!.path).toBe('$.children[0].name')
    expect(p[0]!.reason).toMatch(/not valid UTF-8/)
    expect(p[0]!.reason).toMatch(/line 1, column \d+/)
  })

  it('refuses an overlong encoding and a surrogate written as UTF-8 (CESU-8)', async () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
    ]) {
      const text = withFirstChild('{"id":"C2","name":"Fictional Child Bee","team":"T_","complex":false}')
      const buf = Buffer.from(text, 'utf8')
      const at = buf.indexOf('T_') + 1
      const out = Buffer.concat([buf.subarray(0, at), Buffer.from(bad), buf.subarray(at + 1)])
      expect((await problemsOf(out)).map((x) => x.path)).toEqual(['$.children[0].team'])
    }
  })

  it('refuses a lone surrogate escape with its path; a proper pair is kept', async () => {
    const p = await problemsOf(withFirstChild('{"id":"C2","name":"Fictional Child \\ud83d","complex":false}'))
    expect(p.map((x) => x.path)).toEqual(['$.children[0].name'])
    expect(p[0]!.reason).toMatch(/half of a UTF-16 surrogate pair/)
    expect((await problemsOf(withFirstChild('{"id":"C2","name":"Fictional Child \\udc00x","complex":false}'))).map((x) => x.path)).toEqual([
      '$.children[0].name',
    ])
    expect(await problemsOf(withFirstChild('{"id":"C2","name":"Fictional Child \\ud83d\\ude00","complex":false}'))).toEqual([])
  })

  it('accepts a UTF-8 byte order mark at the start', async () => {
    expect(await problemsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixtureText())]))).toEqual([])
    // Anywhere else it is just a character outside a string: a syntax error.
    expect(await problemsOf(`${fixtureText()}\ufeff`)).not.toEqual([])
  })

  it('pathAtEnd follows members, elements and nesting', () => {
    expect(pathAtEnd('{"a":1,"b":[1,{"c":"x', '$.m[2]')).toBe('$.m[2].b[1].c')
    expect(pathAtEnd('{"stages":[{"s":1},{"startDate":"20', '$.d[0]')).toBe('$.d[0].stages[1].startDate')
  })
})

describe('string length limits', () => {
  it('are refused with the path and the limit', async () => {
    const long = (n: number) => 'x'.repeat(n)
    const p1 = await problemsOf(withFirstChild(JSON.stringify({ id: 'C2', name: long(MAX_NAME_LENGTH + 1), complex: false })))
    expect(p1).toEqual([{ path: '$.children[0].name', reason: 'must be at most 200 characters' }])
    const p2 = await problemsOf(withFirstChild(JSON.stringify({ id: 'C2', name: 'Fictional', team: long(MAX_NAME_LENGTH + 1), complex: false })))
    expect(p2.map((x) => x.path)).toEqual(['$.children[0].team'])

    const doc = JSON.parse(fixtureText()) as { actions: { description: string; outcome?: string | null }[] }
    doc.actions[0]!.description = long(MAX_TEXT_LENGTH + 1)
    const p3 = await problemsOf(JSON.stringify(doc))
    expect(p3).toEqual([{ path: '$.actions[0].description', reason: 'must be at most 10,000 characters' }])
  })

  it('accept strings exactly at the limit', async () => {
    const doc = JSON.parse(fixtureText()) as { actions: { description: string }[]; children: { name: string }[] }
    doc.actions[0]!.description = 'y'.repeat(MAX_TEXT_LENGTH)
    doc.children[0]!.name = 'z'.repeat(MAX_NAME_LENGTH)
    expect(await problemsOf(JSON.stringify(doc))).toEqual([])
  })

  it('the fast guards never accept what the schemas refuse', () => {
    const child = { id: 'C1', name: 'n', complex: false }
    const cases: [keyof typeof elementGuards, unknown, { safeParse(v: unknown): { success: boolean } }][] = [
      ['children', { ...child, name: 'x'.repeat(MAX_NAME_LENGTH + 1) }, childSchema],
      ['children', { ...child, id: 'x'.repeat(MAX_ID_LENGTH + 1) }, childSchema],
      ['children', { ...child, ethnicity: 'x'.repeat(MAX_NAME_LENGTH + 1) }, childSchema],
      ['professionals', { id: 'P', name: 'n', role: 'health', agency: 'x'.repeat(MAX_NAME_LENGTH + 1) }, professionalSchema],
      ['actions', { id: 'A', planId: 'P', createdDate: '2026-01-01', description: 'd', status: 'open', outcome: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, actionSchema],
    ]
    for (const [list, element, schema] of cases) {
      expect(schema.safeParse(element).success).toBe(false)
      expect(elementGuards[list](element)).toBe(false)
    }
    expect(elementGuards.children({ ...child, name: 'x'.repeat(MAX_NAME_LENGTH) })).toBe(true)
  })

  it('apply to the forms and IPC too (the record inputs extend the format)', () => {
    const r = contract['record:child'].input.safeParse({ name: 'x'.repeat(MAX_NAME_LENGTH + 1), complex: false })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['name'])
    const a = contract['record:action'].input.safeParse({ planId: 'P', createdDate: '2026-01-01', description: 'x'.repeat(MAX_TEXT_LENGTH + 1), status: 'open' })
    expect(a.error!.issues.map((i) => i.path.join('.'))).toEqual(['description'])
  })
})

describe('a huge element', () => {
  it('a 512 MB string is refused in seconds with its path, and memory stays flat', async () => {
    const t = await tempCaseload()
    cleanups.push(t.cleanup)
    const file = join(t.dir, 'huge.json')
    const fd = openSync(file, 'w')
    try {
      writeSync(fd, '{"format":"driftwatch.caseload","version":1,"children":[{"id":"C1","name":"Fictional","complex":false},{"id":"C2","name":"')
      const mb = Buffer.alloc(1024 * 1024, 'a')
      for (let i = 0; i < 512; i++) writeSync(fd, mb)
      writeSync(fd, '","complex":false}]}')
    } finally {
      closeSync(fd)
    }
    t.db.close()
    // In its own process, so that its peak memory is its own.
    const script = join(t.dir, 'import-huge.ts')
    writeFileSync(
      script,
      `import { openCaseload } from ${JSON.stringify(join(ROOT, 'electron/core/db/caseload-db.ts'))}
import { importCaseloadFile } from ${JSON.stringify(join(ROOT, 'electron/core/caseload/import.ts'))}
const main = async () => {
  const db = await openCaseload({ path: process.argv[2]!, passphrase: ${JSON.stringify('correct horse battery staple')} })
  const rssBefore = process.resourceUsage().maxRSS
  const t0 = performance.now()
  let problems: unknown = null
  try { importCaseloadFile(db, process.argv[3]!) } catch (e) { problems = (e as { problems?: unknown }).problems }
  const ms = performance.now() - t0
  process.stdout.write(JSON.stringify({ ms, growthMB: (process.resourceUsage().maxRSS - rssBefore) / 1024, problems }))
  db.close()
}
void main()
`,
    )
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, t.path, file], { cwd: ROOT, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { ms: number; growthMB: number; problems: { path: string; reason: string }[] }
    console.info(`512 MB string refused in ${Math.round(out.ms)} ms, peak RSS grew by ${out.growthMB.toFixed(1)} MB`)
    expect(out.problems).toHaveLength(1)
    expect(out.problems[0]!.path).toBe('$.children[1]')
    expect(out.problems[0]!.reason).toMatch(/larger than 4 MiB/)
    expect(out.ms).toBeLessThan(5000)
    // A few chunks of 4 MiB, not the 512 MB string (nor the quadratic copies of it).
    expect(out.growthMB).toBeLessThan(64)
  }, 120_000)

  it('long elements across many small chunks are read in linear time and intact', () => {
    const t = join(tmpdir(), `dw-chunks-${process.pid}.json`)
    const long = 'ü'.repeat(500_000)
    writeFileSync(t, JSON.stringify({ format: 'driftwatch.caseload', list: [{ s: long }, { s: 'b' }] }))
    cleanups.push(() => rmSync(t, { force: true }))
    const seen: unknown[] = []
    const started = performance.now()
    walkJsonFile(t, { value() {}, startList: () => true, element: (_k, _i, v) => seen.push(v), endList() {} }, undefined, 1024)
    expect(performance.now() - started).toBeLessThan(3000)
    expect(seen).toEqual([{ s: long }, { s: 'b' }])
  })
})
