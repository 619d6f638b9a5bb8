/**
 * The Import screen's file pickers (a file, or the SSD extract's folder, when the host has no dialog
 * of its own) and the progress of a preview or apply that is running (ImportScreen.tsx).
 */
import { useEffect, useId, useRef } from 'react'
import type { ImportSource, ImportStatus } from '../../../shared/import-screen'
import { isRunning } from './api'
import { SOURCES } from './labels'

export function FilePickers({ source, disabled, onFiles }: { source: ImportSource; disabled: boolean; onFiles(list: FileList | null, folder: boolean): void }) {
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

export function ImportProgress({ status }: { status: ImportStatus }) {
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
