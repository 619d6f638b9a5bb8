/**
 * The Import screen's channels through the browser host, as the page uses them: start an upload,
 * POST each file to /upload/<handle> (streamed into a private 0700 folder), preview (a dry run),
 * apply, or cancel; the folder is gone afterwards. Only names the core accepts are written, and
 * only inside that folder.
 */
import { request } from 'node:http'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unpackCaseloadTable, type CaseloadTable } from '../../shared/caseload-table'
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server'
import type { ImportStatus } from '../../shared/import-screen'
import { PASSPHRASE, tempDir, TEST_KDF } from '../platform/helpers'

let dir: { dir: string; cleanup(): void }
let host: BrowserHost
let uploadRoot: string
const FIXTURE = join(__dirname, '..', 'fixtures', 'small-caseload.json')

function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'POST', path: options.path, headers: { host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

async function api<T = unknown>(channel: string, input: unknown): Promise<{ ok: boolean; data: T; code?: string; message?: string; problems?: unknown[] }> {
  const r = await send({ path: `/api/${channel}`, headers: { 'content-type': 'application/json', 'x-driftwatch-token': host.token }, body: JSON.stringify(input) })
  return JSON.parse(r.body) as never
}

const upload = (handle: string, name: string, body: string | Buffer, token = host.token) =>
  send({ path: `/upload/${handle}`, headers: { 'x-driftwatch-token': token, 'x-driftwatch-file-name': encodeURIComponent(name), 'content-type': 'application/octet-stream' }, body })

/** Polls the status until the running step ends. */
async function settle(handle: string): Promise<ImportStatus> {
  for (let i = 0; i < 200; i++) {
    const s = await api<ImportStatus>('import:status', { handle })
    expect(s.ok).toBe(true)
    if (s.data.state !== 'previewing' && s.data.state !== 'applying') return s.data
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('the import did not finish')
}

async function uploadAndPreview(source: string, files: [string, string | Buffer][]): Promise<ImportStatus> {
  const started = await api<{ handle: string }>('import:upload-start', { source, name: files.length === 1 ? files[0]![0] : 'extract' })
  expect(started.ok).toBe(true)
  for (const [name, body] of files) expect((await upload(started.data.handle, name, body)).status).toBe(200)
  const p = await api<ImportStatus>('import:preview', { handle: started.data.handle })
  expect(p.ok).toBe(true)
  return settle(started.data.handle)
}

const added = (s: ImportStatus, list: string) => s.outcome!.lists.find((l) => l.list === list)!.added
const uploads = () => readdirSync(uploadRoot)

beforeAll(async () => {
  dir = tempDir()
  const rendererDir = join(dir.dir, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Driftwatch</title>')
  uploadRoot = join(dir.dir, 'uploads')
  mkdirSync(uploadRoot)
  host = await startBrowserHost({ dbPath: join(dir.dir, 'caseload.db'), rendererDir, kdf: TEST_KDF, port: 0, uploadRoot })
  expect((await api('session:create', { passphrase: PASSPHRASE, withDemo: false })).ok).toBe(true)
})
afterAll(async () => {
  await host.close()
  dir.cleanup()
})

describe('import through the browser host', () => {
  it('has no file dialog here: import:choose says to choose on the page', async () => {
    expect(await api('import:choose', { source: 'ssd' })).toMatchObject({ ok: false, code: 'BAD_INPUT' })
  })

  it('uploads a caseload file into a private folder, previews it, applies it, and deletes the folder', async () => {
    const started = await api<{ handle: string }>('import:upload-start', { source: 'json', name: 'small-caseload.json' })
    const handle = started.data.handle
    expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(uploads()).toHaveLength(1)
    const folder = join(uploadRoot, uploads()[0]!)
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    expect((await upload(handle, 'small-caseload.json', readFileSync(FIXTURE))).status).toBe(200)
    expect(statSync(join(folder, 'small-caseload.json')).mode & 0o777).toBe(0o600)
    // Only one file for a caseload file.
    expect(await upload(handle, 'other.json', '{}')).toMatchObject({ status: 400 })

    expect((await api<ImportStatus>('import:preview', { handle })).data.state).toMatch(/previewing|previewed/)
    const previewed = await settle(handle)
    expect(previewed).toMatchObject({ state: 'previewed', source: 'json', name: 'small-caseload.json', caseloadChildren: 0, error: null })
    expect(previewed.outcome!.replaces).toBe(false)
    expect(added(previewed, 'children')).toBe(2)
    expect(added(previewed, 'meetings')).toBe(2)
    // A dry run wrote nothing.
    expect(unpackCaseloadTable((await api<CaseloadTable>('caseload:table', { asOf: '2026-11-26' })).data)).toEqual([])

    expect((await api<ImportStatus>('import:apply', { handle, replace: false })).ok).toBe(true)
    const applied = await settle(handle)
    expect(applied.state).toBe('applied')
    expect(applied.caseloadChildren).toBe(2)
    expect(existsSync(folder)).toBe(false)
    expect(unpackCaseloadTable((await api<CaseloadTable>('caseload:table', { asOf: '2026-11-26' })).data)).toHaveLength(2)
  })

  it('asks before a caseload file replaces a caseload that has children', async () => {
    const s = await uploadAndPreview('json', [['again.json', readFileSync(FIXTURE)]])
    expect(s.outcome!.replaces).toBe(true)
    expect(s.caseloadChildren).toBe(2)
    expect(await api('import:apply', { handle: s.handle, replace: false })).toMatchObject({ ok: false, code: 'CASELOAD_NOT_EMPTY' })
    expect((await api('import:apply', { handle: s.handle, replace: true })).ok).toBe(true)
    expect((await settle(s.handle)).state).toBe('applied')
    expect(uploads()).toEqual([])
  })

  it('shows every problem of a bad file with where it is, and writes nothing', async () => {
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { children: { dateOfBirth?: string }[]; visits: { childId: string }[] }
    doc.children[0]!.dateOfBirth = '2026-02-30'
    doc.visits[0]!.childId = 'NOBODY'
    const s = await uploadAndPreview('json', [['bad.json', JSON.stringify(doc)]])
    expect(s.state).toBe('previewed') // the preview counts; the full check runs on Apply, all or nothing
    await api('import:apply', { handle: s.handle, replace: true })
    const failed = await settle(s.handle)
    expect(failed.state).toBe('failed')
    expect(failed.error!.problems).toEqual([
      { file: 'bad.json', row: null, column: '$.children[0].dateOfBirth', reason: 'is not a real date in the form YYYY-MM-DD' },
      { file: 'bad.json', row: null, column: '$.visits[0].childId', reason: 'refers to child "NOBODY", which is not in children' },
    ])
    expect(uploads()).toEqual([])
    expect(unpackCaseloadTable((await api<CaseloadTable>('caseload:table', { asOf: '2026-11-26' })).data)).toHaveLength(2)
    const notJson = await uploadAndPreview('json', [['broken.json', '{"format": "driftwatch.caseload", "children": [']])
    expect(notJson.state).toBe('failed')
    expect(notJson.error!.message).toMatch(/broken\.json is not valid JSON/)
  })

  it('accepts only plain file names of the chosen kind, with the token, for the current import', async () => {
    const { data } = await api<{ handle: string }>('import:upload-start', { source: 'ssd', name: 'extract' })
    const h = data.handle
    expect(await upload(h, 'ssd_person.csv', 'pers_person_id\n1\n', 'wrong-token')).toMatchObject({ status: 403 })
    expect(await upload('A'.repeat(43), 'ssd_person.csv', 'x')).toMatchObject({ status: 403 })
    for (const name of ['../ssd_person.csv', '/etc/passwd.csv', 'a/b.csv', 'ssd_person.json', '.hidden.csv', 'ssd..x.csv', '']) {
      expect((await upload(h, name, 'x')).status, name).toBe(400)
    }
    expect((await upload(h, 'ssd_person.csv', 'pers_person_id\n1\n')).status).toBe(200)
    expect((await upload(h, 'SSD_PERSON.csv', 'x')).status).toBe(400)
    const folder = join(uploadRoot, uploads()[0]!)
    expect(readdirSync(folder)).toEqual(['ssd_person.csv'])
    expect(await send({ method: 'GET', path: `/upload/${h}`, headers: { 'x-driftwatch-token': host.token } })).toMatchObject({ status: 405 })
    // Cancel forgets it and deletes the folder.
    expect(await api('import:cancel', { handle: h })).toMatchObject({ ok: true, data: { cancelled: true } })
    expect(existsSync(folder)).toBe(false)
    expect(await api('import:status', { handle: h })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })

  it('reports a missing SSD table as a problem of that file', async () => {
    const s = await uploadAndPreview('ssd', [['ssd_person.csv', 'pers_person_id,pers_forename\r\n1,Ann\r\n']])
    expect(s.state).toBe('failed')
    expect(s.error!.problems).toContainEqual({ file: 'ssd_cp_plans.csv', row: null, column: null, reason: 'missing file' })
  })

  it('forgets the upload when the caseload is locked', async () => {
    const { data } = await api<{ handle: string }>('import:upload-start', { source: 'tracker', name: 'tracker.csv' })
    expect(uploads()).toHaveLength(1)
    await api('session:lock', {})
    expect(uploads()).toEqual([])
    expect(await upload(data.handle, 'tracker.csv', 'x')).toMatchObject({ status: 403 })
    await api('session:unlock', { passphrase: PASSPHRASE })
    expect(await api('import:status', { handle: data.handle })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})
