/**
 * The Import screen (issue 10 item 4): choose what to import (the SSD extract's folder, Annex A
 * List 7, a core-group tracker, or a Driftwatch caseload file), see what it would do — the records
 * added, changed and removed per list, the conflicts, the problems with file, row and column — and
 * only then Apply it, or Cancel. Nothing is written before Apply.
 */
import { useEffect, useRef, useState } from 'react'
import type { ImportSource, ImportStatus } from '../../../shared/import-screen'
import { isApiError } from '../api/client'
import { ConfirmDialog } from '../forms/form'
import { plural } from '../labels'
import type { Navigate } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import {
  applyImport,
  cancelImport,
  chooseWithDialog,
  hasNativeDialogs,
  importStatus,
  isRunning,
  previewImport,
  uploadFiles,
  useAfterImport,
} from './api'
import { SOURCES } from './labels'
import { FilePickers, ImportProgress } from './ImportControls'
import { GapsAfterImport, OutcomeView, Problems } from './ImportOutcome'
import { TrackerTemplatePanel } from './TrackerTemplate'
import './imports.css'

const POLL_MS = 300

export function ImportScreen({ asOf, navigate }: { asOf: string; navigate: Navigate }) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const [source, setSource] = useState<ImportSource>('ssd')
  const [status, setStatus] = useState<ImportStatus | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirmReplace, setConfirmReplace] = useState(false)
  const afterImport = useAfterImport()
  const resultRef = useRef<HTMLDivElement>(null)
  const handle = status?.handle ?? null

  // While the core works, ask for the status; when it finishes, move focus to the result.
  useEffect(() => {
    if (!handle || !isRunning(status)) return
    const timer = setInterval(() => {
      importStatus(handle).then(
        (s) => {
          setStatus(s)
          if (!isRunning(s)) {
            if (s.state === 'applied') void afterImport()
            requestAnimationFrame(() => resultRef.current?.focus())
          }
        },
        (e: unknown) => {
          setError(e instanceof Error ? e.message : 'Driftwatch stopped answering.')
          setStatus(null)
        },
      )
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [handle, status, afterImport])

  const begin = async (obtain: () => Promise<string | null>) => {
    setError(null)
    setBusy('Getting the files ready')
    try {
      if (status && !isRunning(status) && status.state !== 'applied') await cancelImport(status.handle).catch(() => undefined)
      setStatus(null)
      const h = await obtain()
      if (!h) return
      setBusy(null)
      const s = await previewImport(h)
      setStatus(s)
      // A small extract may be checked before the first status poll: move to the result now.
      if (!isRunning(s)) requestAnimationFrame(() => resultRef.current?.focus())
    } catch (e) {
      setError(isApiError(e) || e instanceof Error ? e.message : 'The files could not be read.')
    } finally {
      setBusy(null)
    }
  }

  const onDialog = () =>
    void begin(async () => {
      const chosen = await chooseWithDialog(source)
      return chosen?.handle ?? null
    })

  const onFiles = (list: FileList | null, folder: boolean) => {
    const files = [...(list ?? [])]
    if (files.length === 0) return
    // A folder input gives every file in the folder: an SSD extract is its CSV tables.
    const chosen = folder ? files.filter((f) => /\.csv$/i.test(f.name)) : files
    if (chosen.length === 0) {
      setError('That folder has no .csv files. Choose the folder of the SSD extract (its ssd_*.csv tables).')
      return
    }
    const folderName = folder ? (files[0]?.webkitRelativePath.split('/')[0] ?? 'the folder') : null
    const name = folderName ?? (chosen.length === 1 ? chosen[0]!.name : `${chosen.length} files`)
    void begin(() => uploadFiles(source, chosen, name, (n) => setBusy(`Uploading file ${n + 1 > chosen.length ? chosen.length : n + 1} of ${chosen.length}`)))
  }

  const apply = async (replace: boolean) => {
    if (!status) return
    setError(null)
    try {
      setStatus(await applyImport(status.handle, replace))
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The import could not be applied.')
    }
  }

  const cancel = async () => {
    if (!status) return
    try {
      await cancelImport(status.handle)
    } finally {
      setStatus(null)
      setError(null)
    }
  }

  const def = SOURCES[source]
  const locked = busy !== null || isRunning(status)

  return (
    <div className="screen import-screen">
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          Import
        </h1>
        <p className="lede">
          Bring in the authority&rsquo;s SSD extract or Ofsted Annex A List 7, and core groups from your own tracker. Driftwatch first shows what
          the import would change; nothing is written until you choose <strong>Apply</strong>. Importing the same extract again brings the
          caseload up to date and never touches what was recorded here.
        </p>
      </div>

      <section className="panel" aria-labelledby="import-choose-heading">
        <h2 id="import-choose-heading">1. Choose what to import</h2>
        <fieldset className="source-choice" disabled={locked}>
          <legend className="visually-hidden">What are you importing?</legend>
          {(Object.keys(SOURCES) as ImportSource[]).map((s) => (
            <label key={s} className={`source-option${s === source ? ' selected' : ''}`}>
              <input type="radio" name="import-source" value={s} checked={s === source} onChange={() => setSource(s)} />
              <span>
                <span className="source-title">{SOURCES[s].title}</span>
                <span className="hint">{SOURCES[s].hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="choose-row">
          {hasNativeDialogs() ? (
            <button type="button" className="button primary" onClick={onDialog} disabled={locked}>
              {def.choose}
            </button>
          ) : (
            <FilePickers source={source} disabled={locked} onFiles={onFiles} />
          )}
        </div>
        {busy && (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {busy}…
          </p>
        )}
        {error && (
          <div className="notice notice-error" role="alert">
            <strong>That did not work.</strong> {error}
          </div>
        )}
      </section>

      {status && (
        <section className="panel" aria-labelledby="import-result-heading">
          <div ref={resultRef} tabIndex={-1} className="result-focus">
            <h2 id="import-result-heading">
              {status.state === 'applied' ? '3. Imported' : status.state === 'failed' ? '2. The files were not imported' : '2. What this import would do'}
              <span className="result-name"> — {SOURCES[status.source].short}: {status.name}</span>
            </h2>
          </div>
          <ImportProgress status={status} />
          {status.state === 'failed' && status.error && <Problems error={status.error} />}
          {(status.state === 'previewed' || status.state === 'applied') && status.outcome && (
            <OutcomeView outcome={status.outcome} status={status} />
          )}
          {status.state === 'applied' && <GapsAfterImport asOf={asOf} onBaseline={navigate.toBaseline} />}
          <div className="import-buttons">
            {status.state === 'previewed' && (
              <button
                type="button"
                className="button primary"
                onClick={() => (status.outcome?.replaces ? setConfirmReplace(true) : void apply(false))}
              >
                {status.outcome?.replaces ? 'Replace the caseload…' : 'Apply'}
              </button>
            )}
            {/* A caseload file being applied can still be cancelled: its one transaction is rolled back. */}
            {(status.state === 'previewed' || status.state === 'previewing' || status.state === 'ready' || (status.state === 'applying' && status.source === 'json')) && (
              <button type="button" className="button secondary" onClick={() => void cancel()}>
                Cancel
              </button>
            )}
            {status.state === 'applied' && (
              <>
                <button type="button" className="button primary" onClick={navigate.toDashboard}>
                  Go to the dashboard
                </button>
                <button type="button" className="button secondary" onClick={() => setStatus(null)}>
                  Import something else
                </button>
              </>
            )}
            {status.state === 'failed' && (
              <button type="button" className="button secondary" onClick={() => setStatus(null)}>
                Choose again
              </button>
            )}
          </div>
        </section>
      )}

      <TrackerTemplatePanel asOf={asOf} />

      {confirmReplace && status && (
        <ConfirmDialog
          title="Replace the whole caseload?"
          confirmLabel="Replace the caseload"
          onClose={() => setConfirmReplace(false)}
          onConfirm={() => apply(true)}
        >
          <p>
            This caseload has {plural(status.caseloadChildren, 'child', 'children')}. Importing <strong>{status.name}</strong> deletes all of them
            and everything recorded for them (core groups, actions, disagreements, visits) and puts the file&rsquo;s{' '}
            {plural(status.outcome?.lists.find((l) => l.list === 'children')?.added ?? 0, 'child', 'children')} in their place.
          </p>
          <p>It cannot be undone. Export the caseload first if you may need it again.</p>
        </ConfirmDialog>
      )}
    </div>
  )
}
