/**
 * The Import screen (issue 10 item 4): choose what to import (the SSD extract's folder, Annex A
 * List 7, a core-group tracker, or a Driftwatch caseload file), see what it would do — the records
 * added, changed and removed per list, the conflicts, the problems with file, row and column — and
 * only then Apply it, or Cancel. Nothing is written before Apply.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { ImportOutcome, ImportProblem, ImportSource, ImportStatus } from '../../../shared/import-screen'
import { isApiError } from '../api/client'
import { ConfirmDialog } from '../forms/form'
import { plural } from '../labels'
import type { Navigate } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import {
  applyImport,
  cancelImport,
  chooseWithDialog,
  downloadTrackerTemplate,
  hasNativeDialogs,
  importStatus,
  isRunning,
  previewImport,
  uploadFiles,
  useAfterImport,
  useGapsSummary,
} from './api'
import { LIST_LABELS, SOURCES } from './labels'
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

function FilePickers({ source, disabled, onFiles }: { source: ImportSource; disabled: boolean; onFiles(list: FileList | null, folder: boolean): void }) {
  const id = useId()
  const def = SOURCES[source]
  const folderRef = useRef<HTMLInputElement>(null)
  // React does not know the non-standard folder attribute; set it on the element.
  useEffect(() => {
    folderRef.current?.setAttribute('webkitdirectory', '')
  }, [source])
  return (
    <div className="file-pickers">
      <div className="field">
        <label htmlFor={`${id}-files`}>{def.filesLabel}</label>
        <span className="hint" id={`${id}-files-hint`}>
          {def.filesHint}
        </span>
        <input
          id={`${id}-files`}
          type="file"
          accept={def.accept}
          multiple={source === 'ssd'}
          disabled={disabled}
          aria-describedby={`${id}-files-hint`}
          onChange={(e) => {
            onFiles(e.target.files, false)
            e.target.value = ''
          }}
        />
      </div>
      {source === 'ssd' && (
        <div className="field">
          <label htmlFor={`${id}-folder`}>Or the whole folder</label>
          <input
            ref={folderRef}
            id={`${id}-folder`}
            type="file"
            disabled={disabled}
            onChange={(e) => {
              onFiles(e.target.files, true)
              e.target.value = ''
            }}
          />
        </div>
      )}
    </div>
  )
}

function ImportProgress({ status }: { status: ImportStatus }) {
  if (!isRunning(status)) return null
  const p = status.progress
  const what = status.state === 'previewing' ? 'Checking the files (nothing is written yet)' : 'Importing (one transaction: all or nothing)'
  const known = p && p.total > 0
  return (
    <div className="import-progress">
      <label htmlFor="import-progress-bar">
        {what}
        {p?.label ? ` — ${p.label}` : ''}
      </label>
      {known ? (
        <progress id="import-progress-bar" max={p.total} value={Math.min(p.done, p.total)} />
      ) : (
        <progress id="import-progress-bar" />
      )}
      <span role="status" className="hint">
        {known ? `${Math.floor((100 * p.done) / p.total)}%` : 'Working…'}
      </span>
    </div>
  )
}

function OutcomeView({ outcome, status }: { outcome: ImportOutcome; status: ImportStatus }) {
  const applied = status.state === 'applied'
  const lists = outcome.lists.filter((l) => l.added + l.changed + l.removed > 0)
  const json = outcome.source === 'json'
  return (
    <div className="outcome">
      {applied ? (
        <div className="notice notice-info" role="status">
          <strong>Done.</strong> {lists.length === 0 ? 'Nothing needed to change.' : 'The caseload now follows the import below.'} The dashboard
          and every case show the result.
        </div>
      ) : (
        <p className="panel-sub">
          A dry run: the files have been read and checked, and nothing has been written. {json ? 'The file holds these records.' : ''}
        </p>
      )}
      {outcome.replaces && !applied && (
        <div className="notice notice-warning" role="note">
          <strong>This replaces the whole caseload.</strong> The caseload has {plural(status.caseloadChildren, 'child', 'children')}; a
          Driftwatch caseload file is imported whole, in their place. You will be asked to confirm.
        </div>
      )}
      {lists.length === 0 ? (
        <p className="empty">Nothing to do: the caseload already matches {status.name}.</p>
      ) : (
        <table className="data-table counts-table">
          <caption className="visually-hidden">Records {applied ? 'added, changed and removed' : 'the import would add, change and remove'}, per list</caption>
          <thead>
            <tr>
              <th scope="col">List</th>
              <th scope="col">{applied ? 'Added' : 'To add'}</th>
              <th scope="col">{applied ? 'Changed' : 'To change'}</th>
              <th scope="col">{applied ? 'Removed' : 'To remove'}</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((l) => (
              <tr key={l.list}>
                <th scope="row">{LIST_LABELS[l.list] ?? l.list}</th>
                <td>{l.added.toLocaleString('en-GB')}</td>
                <td>{l.changed.toLocaleString('en-GB')}</td>
                <td>{l.removed.toLocaleString('en-GB')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!json && lists.some((l) => l.changed + l.removed > 0) && (
        <details className="which-records">
          <summary>Which records change or go</summary>
          <ul>
            {lists
              .filter((l) => l.changed + l.removed > 0)
              .map((l) => (
                <li key={l.list}>
                  <strong>{LIST_LABELS[l.list] ?? l.list}</strong>
                  {l.changed > 0 && <> — changed: {idList(l.sample.changed, l.changed)}</>}
                  {l.removed > 0 && <> — removed: {idList(l.sample.removed, l.removed)}</>}
                </li>
              ))}
          </ul>
        </details>
      )}
      {outcome.conflicts.length > 0 && (
        <div className="conflicts">
          <h3>
            {plural(outcome.conflicts.length + outcome.conflictsOmitted, 'record')} kept that need{outcome.conflicts.length + outcome.conflictsOmitted === 1 ? 's' : ''}{' '}
            your decision
          </h3>
          <ul>
            {outcome.conflicts.map((c) => (
              <li key={`${c.list}:${c.id}`}>{c.message}</li>
            ))}
          </ul>
          {outcome.conflictsOmitted > 0 && <p className="hint">…and {outcome.conflictsOmitted.toLocaleString('en-GB')} more.</p>}
        </div>
      )}
      {outcome.ignoredRows.some((r) => r.rows > 0) && (
        <p className="hint ignored-rows">
          Rows left out on purpose (another authority&rsquo;s plans, people with no plan, other roles, rows with no date):{' '}
          {outcome.ignoredRows
            .filter((r) => r.rows > 0)
            .map((r) => `${r.file}: ${plural(r.rows, 'row')}`)
            .join('; ')}
          .
        </p>
      )}
    </div>
  )
}

/** After an import: the plans it left with no core group, and where to fill them in. */
function GapsAfterImport({ asOf, onBaseline }: { asOf: string; onBaseline(): void }) {
  const gaps = useGapsSummary(asOf)
  const n = gaps.data?.plansWithoutCoreGroup ?? 0
  if (n === 0) return null
  return (
    <p className="gaps-after">
      {plural(n, 'plan')} {n === 1 ? 'has' : 'have'} no core group recorded yet.{' '}
      <button type="button" className="link-button" onClick={onBaseline}>
        Record the latest core groups
      </button>{' '}
      or use the tracker template below.
    </p>
  )
}

const idList = (ids: string[], total: number) => `${ids.join(', ')}${total > ids.length ? ` and ${(total - ids.length).toLocaleString('en-GB')} more` : ''}`

function Problems({ error }: { error: NonNullable<ImportStatus['error']> }) {
  const total = error.problems.length + error.problemsOmitted
  return (
    <div className="problems">
      <div className="notice notice-error" role="alert">
        <strong>{error.message}</strong>
        {total > 0 && ` Correct ${total === 1 ? 'it' : 'them'} in the files, then choose them again.`}
      </div>
      {error.problems.length > 0 && (
        <div className="problems-scroll">
          <table className="data-table problems-table">
            <caption className="visually-hidden">Problems found in the files, by file, row and column</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {error.problems.map((p: ImportProblem, i) => (
                <tr key={i}>
                  <td>{p.file}</td>
                  <td>{p.row ?? '—'}</td>
                  <td>{p.column ?? '—'}</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error.problemsOmitted > 0 && <p className="hint">…and {error.problemsOmitted.toLocaleString('en-GB')} more problems, not listed.</p>}
    </div>
  )
}

/** The tracker template: the caseload's open plans, for the chair's own spreadsheet of core groups. */
export function TrackerTemplatePanel({ asOf }: { asOf: string }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <section className="panel" aria-labelledby="tracker-template-heading">
      <h2 id="tracker-template-heading">Core-group tracker template</h2>
      <p className="panel-sub">
        A CSV with one row per open plan, the child and plan filled in. Fill in each plan&rsquo;s core group meetings (one row per meeting;
        copy a row for more, delete the rows you leave empty), then import it here as a core-group tracker.
      </p>
      <TemplateButton asOf={asOf} busy={busy} setBusy={setBusy} setMessage={setMessage} />
      <span role="status" className={message?.error ? 'export-message warn-text' : 'export-message'}>
        {message?.text ?? ''}
      </span>
    </section>
  )
}

export function TemplateButton({
  asOf,
  busy,
  setBusy,
  setMessage,
  className = 'button secondary',
}: {
  asOf: string
  busy: boolean
  setBusy(b: boolean): void
  setMessage(m: { text: string; error: boolean } | null): void
  className?: string
}) {
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      onClick={async () => {
        setBusy(true)
        setMessage(null)
        try {
          setMessage({ text: await downloadTrackerTemplate(asOf), error: false })
        } catch (e) {
          setMessage({ text: e instanceof Error ? e.message : 'The template could not be made.', error: true })
        } finally {
          setBusy(false)
        }
      }}
    >
      Download the tracker template (CSV)
    </button>
  )
}
