/**
 * The desktop app's side of the Import screen, with a stand-in for main's dialog (Electron cannot
 * run here): the page gets a handle and a name, never the path; preview and apply run in the core;
 * the progress of a running step, Cancel, and the tracker template saved where main's dialog says.
 */
import { statSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import type { SourceRunner } from '../../electron/core/imports/import-jobs'
import { createImportJobs } from '../../electron/core/app/import-handlers'
import { Session } from '../../electron/core/app/session'
import type { ImportSource, ImportStatus } from '../../shared/import-screen'
import { emptyIds, type SyncResult } from '../../shared/source-import'
import { writeSsdExtract } from '../helpers/source-extracts'
import { PASSPHRASE, tempDir, TEST_KDF } from '../platform/helpers'

const TODAY = '2026-11-26'
let dir: { dir: string; cleanup(): void }
let core: Core
let chosen: string | null
let savedTo: string | null
const asked: ImportSource[] = []

const EXTRACT = {
  children: [{ id: '501', name: 'Dee Example', complex: false }],
  professionals: [{ id: 'W9', name: 'Pat Worker', role: 'social-worker' as const, agency: "Children's Social Care" }],
  allocations: [{ id: 'I9', childId: '501', professionalId: 'W9', startDate: '2026-08-01' }],
  plans: [{ id: 'CP9', childId: '501', startDate: '2026-09-01', initialCategory: 'neglect' as const, previousPlans: 0 }],
  conferences: [{ id: 'ICPC-9', planId: 'CP9', kind: 'initial' as const, date: '2026-09-01' }],
  visits: [],
}

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw Object.assign(new Error(r.message), { code: r.code })
  return r.data as T
}

async function settle(handle: string): Promise<ImportStatus> {
  for (let i = 0; i < 400; i++) {
    const s = await call<ImportStatus>('import:status', { handle })
    if (s.state !== 'previewing' && s.state !== 'applying') return s
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('did not finish')
}

beforeEach(async () => {
  dir = tempDir()
  chosen = null
  savedTo = null
  asked.length = 0
  core = createCore({
    dbPath: join(dir.dir, 'caseload.db'),
    kdf: TEST_KDF,
    today: () => TODAY,
    host: {
      chooseImportSource: async (source) => {
        asked.push(source)
        return chosen
      },
      chooseCsvSavePath: async (name) => (savedTo === null ? null : join(savedTo, name)),
    },
  })
  await core.session.create(PASSPHRASE, false)
})
afterEach(() => {
  core.session.closeNow()
  dir.cleanup()
})

describe('import with main’s dialog (stand-in)', () => {
  it('gives the page a handle and the folder name only, then previews and applies the SSD extract there', async () => {
    const folder = join(dir.dir, 'SSD extract November')
    await writeSsdExtract(folder, EXTRACT)
    expect(await call('import:choose', { source: 'ssd' })).toEqual({ kind: 'cancelled' })
    chosen = folder
    const c = await call<{ kind: string; handle: string; name: string }>('import:choose', { source: 'ssd' })
    expect(asked).toEqual(['ssd', 'ssd'])
    expect(c).toEqual({ kind: 'chosen', handle: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), name: 'SSD extract November' })
    expect(JSON.stringify(c)).not.toContain(dir.dir)
    // No uploads in the desktop app.
    await expect(call('import:upload-start', { source: 'ssd', name: 'x' })).rejects.toMatchObject({ code: 'BAD_INPUT' })

    await call('import:preview', { handle: c.handle })
    const previewed = await settle(c.handle)
    expect(previewed.state).toBe('previewed')
    expect(previewed.outcome!.lists.find((l) => l.list === 'plans')).toMatchObject({ added: 1, sample: { added: ['CP9'] } })
    expect(previewed.caseloadChildren).toBe(0)
    expect(JSON.stringify(previewed)).not.toContain(dir.dir)
    await call('import:apply', { handle: c.handle, replace: false })
    expect((await settle(c.handle)).state).toBe('applied')
    expect(await call('gaps:summary', { asOf: TODAY })).toEqual({ asOf: TODAY, plansWithoutCoreGroup: 1 })
    // The chosen folder is the user's own: it is left alone.
    expect(statSync(folder).isDirectory()).toBe(true)
    // Apply again is refused: the import is finished.
    await expect(call('import:preview', { handle: c.handle })).rejects.toMatchObject({ code: 'BAD_INPUT' })
  })

  it('saves the tracker template where main’s save dialog says, owner-only; cancelled writes nothing', async () => {
    expect(await call('gaps:tracker-template', { asOf: TODAY })).toEqual({ kind: 'cancelled' })
    savedTo = dir.dir
    expect(await call('gaps:tracker-template', { asOf: TODAY })).toEqual({ kind: 'saved', fileName: `core-group-tracker-${TODAY}.csv`, rows: 0 })
    const file = join(dir.dir, `core-group-tracker-${TODAY}.csv`)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toMatch(/^\uFEFFMeeting ID,Child ID,Plan ID,/)
  })
})

describe('import jobs', () => {
  it('shows the running step’s progress, and Cancel stops a preview', async () => {
    const session = new Session({ dbPath: join(dir.dir, 'other.db'), kdf: TEST_KDF, today: () => TODAY })
    await session.create(PASSPHRASE, false)
    let release: () => void = () => undefined
    let seenSignal: AbortSignal | undefined
    const runner: SourceRunner = async (_db, options) => {
      seenSignal = options.signal
      options.onProgress?.({ phase: 'Reading ssd_cp_visits.csv', done: 40, total: 100 })
      await new Promise<void>((resolve) => {
        release = resolve
      })
      if (options.signal?.aborted) throw new Error('aborted')
      const none = emptyIds()
      return { source: 'ssd', added: none, changed: emptyIds(), removed: emptyIds(), conflicts: [], ignoredRows: {}, dryRun: options.dryRun, firstImport: true } satisfies SyncResult
    }
    const jobs = createImportJobs(session, { chooseImportSource: async () => dir.dir }, { runSource: runner })
    try {
      const c = await jobs.choose('ssd')
      if (c.kind !== 'chosen') throw new Error('not chosen')
      jobs.preview(c.handle)
      await new Promise((r) => setTimeout(r, 10))
      expect(jobs.status(c.handle)).toMatchObject({ state: 'previewing', progress: { done: 40, total: 100, label: 'Reading ssd_cp_visits.csv' } })
      expect(jobs.cancel(c.handle)).toEqual({ cancelled: true })
      expect(seenSignal?.aborted).toBe(true)
      release()
      expect(() => jobs.status(c.handle)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))

      // A second import: preview, then Apply; a second choose while applying is refused.
      const d = await jobs.choose('ssd')
      if (d.kind !== 'chosen') throw new Error('not chosen')
      jobs.preview(d.handle)
      await new Promise((r) => setTimeout(r, 10))
      release()
      await new Promise((r) => setTimeout(r, 10))
      expect(jobs.status(d.handle).state).toBe('previewed')
      jobs.apply(d.handle, false)
      await expect(jobs.choose('ssd')).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/being applied/) })
      expect(jobs.cancel(d.handle)).toEqual({ cancelled: false })
      await new Promise((r) => setTimeout(r, 10))
      release()
      await new Promise((r) => setTimeout(r, 10))
      expect(jobs.status(d.handle).state).toBe('applied')
    } finally {
      session.closeNow()
    }
  })
})
