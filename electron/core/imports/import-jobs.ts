/**
 * The Import screen's one import at a time (issue 10 item 4), behind a random handle.
 *
 * The renderer is untrusted and never names a path. In Electron, main's own dialog picks the file
 * or folder (`chooseImportSource`, a host function: the core never imports electron) and the path
 * stays here, in main. In the browser host the page uploads the files into a private temporary
 * folder (mode 0700, files 0600) made here for the handle, which is deleted when the import is
 * applied, cancelled, replaced by another, left for an hour, or the caseload is locked.
 *
 * Preview (a dry run) and Apply run in the background; the page asks for the status (progress, the
 * result, or the problems) until they finish. SSD, Annex A and tracker go through the sources
 * import (electron/core/sources); interchange JSON through the existing import (caseload/import.ts),
 * whose preview counts the document's records and whose Apply replaces a caseload that has children
 * only when the chair has confirmed it.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { DriftwatchError } from '../../../shared/errors'
import type { ImportOutcome, ImportSource, ImportStatus } from '../../../shared/import-screen'
import type { SourceImportProgress, SyncResult } from '../../../shared/source-import'
import type { CaseloadDb } from '../db/caseload-db'
import { importCaseloadFileStepwise } from '../caseload/import'
import { runSteps } from '../caseload/run-steps'
import { walkJsonFileSteps, JsonSyntaxError } from '../caseload/json-list-reader'
import { LIST_NAMES } from '../caseload/lists'
import { countChildren } from '../queries/gaps'
import type { SourceImportOptions } from '../sources'
import type { Logger } from '../app/log'
import { EXPECTED, emptyOutcome, errorOf, outcomeOf, sourceLabel } from './import-outcome'

/** Asks the user for the file (or, for the SSD, the folder) to import; null when they cancel. Electron main only. */
export type ChooseImportSource = (source: ImportSource) => Promise<string | null>

export interface ImportHostCapabilities {
  chooseImportSource?: ChooseImportSource
  /** The host accepts uploads into a temporary folder (the browser host's `/upload/<handle>`). */
  uploads?: boolean
  /** Where upload folders are made (default: the system's temporary folder). */
  uploadRoot?: string
}

export type SourceRunner = (db: CaseloadDb, options: SourceImportOptions) => Promise<SyncResult>

export interface ImportJobsDeps {
  database(): CaseloadDb
  /** Drops cached scans after an import changed the caseload. */
  changed(): void
  runSource: SourceRunner
  host: ImportHostCapabilities
  log?: Logger
  /** An unused import is forgotten (and its upload deleted) after this long. */
  idleMs?: number
}

/** File names a page may upload, per source: a plain name with the source's extension. */
const UPLOAD_NAME: Record<ImportSource, RegExp> = {
  ssd: /^[A-Za-z0-9][A-Za-z0-9_. -]{0,120}\.csv$/i,
  'annex-a': /^[A-Za-z0-9][A-Za-z0-9_. ()-]{0,120}\.(csv|xlsx)$/i,
  tracker: /^[A-Za-z0-9][A-Za-z0-9_. ()-]{0,120}\.csv$/i,
  json: /^[A-Za-z0-9][A-Za-z0-9_. ()-]{0,120}\.json$/i,
}
const MAX_UPLOAD_FILES = 64

interface Entry {
  handle: string
  source: ImportSource
  name: string
  /** The chosen file or folder (Electron), or the upload folder (browser host). */
  path: string
  uploadDir: string | null
  uploaded: string[]
  state: ImportStatus['state']
  progress: ImportStatus['progress']
  outcome: ImportOutcome | null
  error: ImportStatus['error']
  abort: AbortController | null
  db: CaseloadDb
  timer: ReturnType<typeof setTimeout> | null
  /** The caseload's children when Apply began (the status during a stepwise import, which holds the database). */
  childrenBefore: number
}

const newHandle = () => randomBytes(32).toString('base64url')

export class ImportJobs {
  private current: Entry | null = null

  constructor(private readonly deps: ImportJobsDeps) {}

  /** Electron: main's dialog; the path never leaves this process. */
  async choose(source: ImportSource): Promise<{ kind: 'chosen'; handle: string; name: string } | { kind: 'cancelled' }> {
    const chooser = this.deps.host.chooseImportSource
    if (!chooser) throw new DriftwatchError('BAD_INPUT', 'Choose the file on this page: this version of Driftwatch has no file dialog.')
    this.refuseWhileApplying()
    const path = await chooser(source)
    if (!path) return { kind: 'cancelled' }
    const entry = this.start(source, basename(path) || path, path, null)
    return { kind: 'chosen', handle: entry.handle, name: entry.name }
  }

  /** Browser host: a private folder for the page to upload into. */
  uploadStart(source: ImportSource, name: string): { handle: string } {
    if (!this.deps.host.uploads) throw new DriftwatchError('BAD_INPUT', 'Choose the file with the "Choose" button: this version of Driftwatch does not take uploads.')
    this.refuseWhileApplying()
    const dir = mkdtempSync(join(this.deps.host.uploadRoot ?? tmpdir(), 'driftwatch-import-'))
    // mkdtemp makes it 0700 already; insist, since it holds plaintext case data until the import ends.
    chmodSync(dir, 0o700)
    const entry = this.start(source, name.trim() || 'uploaded files', dir, dir)
    return { handle: entry.handle }
  }

  /**
   * The browser host's upload route asks where to write one uploaded file. Returns the path of a
   * file that does not exist yet inside the handle's private folder, or throws FORBIDDEN/BAD_INPUT.
   */
  uploadTarget(handle: unknown, fileName: unknown): string {
    const e = this.current
    if (!e || typeof handle !== 'string' || handle !== e.handle || !e.uploadDir) throw new DriftwatchError('FORBIDDEN', 'There is no upload waiting for that file.')
    if (e.state !== 'ready') throw new DriftwatchError('BAD_INPUT', 'This import has already been checked: choose the files again.')
    if (typeof fileName !== 'string' || !UPLOAD_NAME[e.source].test(fileName) || fileName.includes('..')) {
      throw new DriftwatchError('BAD_INPUT', `"${String(fileName).slice(0, 80)}" cannot be imported as ${sourceLabel(e.source)}: ${EXPECTED[e.source]}.`)
    }
    if (e.source !== 'ssd' && e.uploaded.length > 0) throw new DriftwatchError('BAD_INPUT', `Choose one file for ${sourceLabel(e.source)}.`)
    if (e.uploaded.length >= MAX_UPLOAD_FILES) throw new DriftwatchError('BAD_INPUT', 'Too many files: an SSD extract has at most a few dozen tables.')
    if (e.uploaded.some((f) => f.toLowerCase() === fileName.toLowerCase())) throw new DriftwatchError('BAD_INPUT', `${fileName} was chosen twice.`)
    e.uploaded.push(fileName)
    this.touch(e)
    return join(e.uploadDir, fileName)
  }

  /** A file the upload route could not finish: forget it so the page can try again. */
  uploadFailed(handle: string, fileName: string): void {
    const e = this.current
    if (!e || e.handle !== handle || !e.uploadDir) return
    e.uploaded = e.uploaded.filter((f) => f !== fileName)
    rmSync(join(e.uploadDir, fileName), { force: true })
  }

  status(handle: string): ImportStatus {
    const e = this.entry(handle)
    return {
      handle: e.handle,
      source: e.source,
      name: e.name,
      state: e.state,
      progress: e.progress,
      outcome: e.outcome,
      error: e.error,
      caseloadChildren: e.state === 'applying' && e.source === 'json' ? e.childrenBefore : this.safeChildren(),
    }
  }

  /** Starts the dry run: the files are read and checked, the changes worked out, nothing written. */
  preview(handle: string): ImportStatus {
    const e = this.entry(handle)
    if (e.state === 'previewing' || e.state === 'applying') return this.status(handle)
    if (e.state === 'applied' || e.state === 'cancelled') throw new DriftwatchError('BAD_INPUT', 'This import is finished: choose the files again to import another.')
    this.run(e, 'previewing', async (signal) => {
      const path = this.sourcePath(e)
      if (e.source === 'json') return this.previewJson(e, path, signal)
      const result = await this.deps.runSource(this.deps.database(), {
        source: e.source,
        path,
        dryRun: true,
        signal,
        onProgress: (p) => this.progress(e, p),
      })
      return outcomeOf(result, false)
    })
    return this.status(handle)
  }

  /** Applies the import; `replace` confirms replacing a caseload that has children (JSON only). */
  apply(handle: string, replace: boolean): ImportStatus {
    const e = this.entry(handle)
    if (e.state === 'applying') return this.status(handle)
    if (e.state !== 'previewed') throw new DriftwatchError('BAD_INPUT', 'Check the import first (Preview), then apply it.')
    if (e.source === 'json' && !replace && this.safeChildren() > 0) {
      throw new DriftwatchError('CASELOAD_NOT_EMPTY', 'This caseload already has children. Confirm that the file should replace the whole caseload.')
    }
    e.childrenBefore = this.safeChildren()
    this.run(e, 'applying', async (signal) => {
      const path = this.sourcePath(e)
      try {
        if (e.source === 'json') {
          // One transaction, written in steps that let status requests and a cancel be answered;
          // a cancel rolls it back at once.
          const summary = await importCaseloadFileStepwise(this.deps.database(), path, {
            replace,
            signal,
            onProgress: (done, total) => {
              e.progress = { done, total, label: 'Reading and checking the file' }
            },
            onStage: (label) => {
              e.progress = { done: e.progress?.total ?? 0, total: e.progress?.total ?? 0, label }
            },
          })
          return {
            ...emptyOutcome('json'),
            lists: LIST_NAMES.map((list) => ({ list, added: summary.counts[list], changed: 0, removed: 0, sample: { added: [], changed: [], removed: [] } })),
            replaces: replace,
          }
        }
        const result = await this.deps.runSource(this.deps.database(), {
          source: e.source,
          path,
          dryRun: false,
          signal,
          onProgress: (p) => this.progress(e, p),
        })
        return outcomeOf(result, false)
      } finally {
        this.deps.changed()
      }
    })
    return this.status(handle)
  }

  /** Stops a running step if it can be stopped, and forgets the import (deleting any upload). */
  cancel(handle: string): { cancelled: boolean } {
    const e = this.current
    if (!e || e.handle !== handle) return { cancelled: false }
    if (e.state === 'applying' && e.source !== 'json') {
      // A source import reads, then writes in one synchronous step: once it writes it cannot stop.
      // The interchange import can (importCaseloadFileStepwise): its cancel rolls everything back.
      return { cancelled: false }
    }
    e.abort?.abort()
    e.state = 'cancelled'
    this.forget(e)
    return { cancelled: true }
  }

  /** Forgets everything (the caseload is being locked or the host is closing). */
  dispose(): void {
    const e = this.current
    if (!e) return
    e.abort?.abort()
    this.forget(e)
  }

  // ----- internals -----

  private start(source: ImportSource, name: string, path: string, uploadDir: string | null): Entry {
    if (this.current) this.dispose()
    const entry: Entry = {
      handle: newHandle(),
      source,
      name,
      path,
      uploadDir,
      uploaded: [],
      state: 'ready',
      progress: null,
      outcome: null,
      error: null,
      abort: null,
      db: this.deps.database(),
      timer: null,
      childrenBefore: 0,
    }
    this.current = entry
    this.touch(entry)
    return entry
  }

  private entry(handle: string): Entry {
    const e = this.current
    // An import chosen before the caseload was locked and unlocked again is gone.
    // While a caseload file is applied the session refuses the database to everyone else (BUSY); the
    // import is forgotten if the caseload is locked meanwhile.
    if (!e || e.handle !== handle || (!(e.state === 'applying' && e.source === 'json') && e.db !== this.deps.database())) {
      throw new DriftwatchError('NOT_FOUND', 'That import is no longer open. Choose the files again.')
    }
    this.touch(e)
    return e
  }

  private refuseWhileApplying(): void {
    if (this.current?.state === 'applying') throw new DriftwatchError('BAD_INPUT', 'An import is being applied: wait for it to finish.')
  }

  private touch(e: Entry): void {
    if (e.timer) clearTimeout(e.timer)
    e.timer = setTimeout(() => {
      if (this.current === e && e.state !== 'previewing' && e.state !== 'applying') this.dispose()
    }, this.deps.idleMs ?? 60 * 60 * 1000)
    e.timer.unref?.()
  }

  private forget(e: Entry): void {
    if (e.timer) clearTimeout(e.timer)
    e.timer = null
    if (e.uploadDir) {
      try {
        rmSync(e.uploadDir, { recursive: true, force: true })
      } catch {
        this.deps.log?.warn('import.upload-cleanup-failed')
      }
      e.uploadDir = null
    }
    if (this.current === e) this.current = null
  }

  private safeChildren(): number {
    try {
      return countChildren(this.deps.database().sqlite)
    } catch {
      return 0
    }
  }

  private sourcePath(e: Entry): string {
    if (!e.uploadDir) return e.path
    if (e.uploaded.length === 0) throw new DriftwatchError('BAD_INPUT', `No file was uploaded. ${EXPECTED[e.source]}.`)
    // The SSD is a folder of tables; the others are one file.
    return e.source === 'ssd' ? e.uploadDir : join(e.uploadDir, e.uploaded[0]!)
  }

  private progress(e: Entry, p: SourceImportProgress): void {
    e.progress = { done: Math.max(0, p.done), total: Math.max(0, p.total ?? 0), label: p.phase }
  }

  private run(e: Entry, state: 'previewing' | 'applying', work: (signal: AbortSignal) => Promise<ImportOutcome>): void {
    const abort = new AbortController()
    e.abort = abort
    e.state = state
    e.progress = { done: 0, total: 0, label: state === 'previewing' ? 'Reading the files' : 'Importing' }
    e.error = null
    if (state === 'previewing') e.outcome = null
    void work(abort.signal).then(
      (outcome) => {
        if (this.current !== e || e.state !== state) return
        e.outcome = outcome
        e.state = state === 'previewing' ? 'previewed' : 'applied'
        e.progress = null
        e.abort = null
        if (e.state === 'applied') this.forgetFiles(e)
      },
      (err: unknown) => {
        if (this.current !== e || e.state !== state) return
        e.progress = null
        e.abort = null
        if (abort.signal.aborted) {
          e.state = 'cancelled'
          this.forget(e)
          return
        }
        e.state = 'failed'
        e.error = errorOf(err, e.name, this.deps.log)
        // A failed Apply wrote nothing; the chair may correct the files and choose them again.
        this.forgetFiles(e)
      },
    )
  }

  /** The upload is no longer needed once the import is applied or has failed; the status stays. */
  private forgetFiles(e: Entry): void {
    if (!e.uploadDir) return
    rmSync(e.uploadDir, { recursive: true, force: true })
    e.uploadDir = null
    e.path = ''
  }

  /** Counts the document's records, letting the event loop run every 100 ms (a status or a cancel is answered). */
  private async previewJson(e: Entry, path: string, signal: AbortSignal): Promise<ImportOutcome> {
    const counts = new Map<string, number>()
    let format: unknown
    try {
      const steps = walkJsonFileSteps(
        path,
        {
          value: (key, value) => {
            if (key === 'format') format = value
          },
          startList: () => true,
          element: (key) => counts.set(key, (counts.get(key) ?? 0) + 1),
          endList: () => undefined,
        },
        (done, total) => {
          e.progress = { done, total, label: 'Reading the file' }
        },
      )
      await runSteps(steps, { signal })
    } catch (err) {
      if (err instanceof JsonSyntaxError) {
        throw new DriftwatchError('VALIDATION', `${e.name} is not valid JSON; nothing has been imported.`, [{ path: err.path, reason: err.message }])
      }
      throw err
    }
    if (format !== 'driftwatch.caseload') {
      throw new DriftwatchError('VALIDATION', `${e.name} is not a Driftwatch caseload file (interchange format v1); nothing has been imported.`, [
        { path: '$.format', reason: 'must be "driftwatch.caseload"' },
      ])
    }
    return {
      ...emptyOutcome('json'),
      lists: LIST_NAMES.map((list) => ({ list, added: counts.get(list) ?? 0, changed: 0, removed: 0, sample: { added: [], changed: [], removed: [] } })),
      replaces: this.safeChildren() > 0,
    }
  }
}
