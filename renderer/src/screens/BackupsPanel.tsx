/**
 * Settings → Backups: the last good backup and what was checked, where backups go (with advice when
 * that is the caseload's own disk), "Back up now", and restoring a backup after a confirmation that
 * asks for the passphrase in use when it was made.
 */
import { useState, type FormEvent } from 'react'
import { formatUK, todayInLondon } from '../../../shared/civil-date'
import type { BackupJob, BackupStatus } from '../../../shared/backup-types'
import { useBackupFolder, useBackupNow, useBackupStatus, useCancelBackup, useRestoreBackup } from '../api/backups'
import { BackupProgress } from './BackupProgress'
import { isApiError } from '../api/client'
import { ErrorNotice, Loading } from '../components/Status'
import { Dialog } from '../forms/form'
import './backups.css'

const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })
const TIME_SECONDS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** "30 Nov 2026 at 22:15" (London time); with seconds where several backups share a minute. */
export function whenUK(iso: string, seconds = false): string {
  const d = new Date(iso)
  return `${formatUK(todayInLondon(d))} at ${(seconds ? TIME_SECONDS : TIME).format(d)}`
}

function size(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`
}

function countsSentence(counts: Record<string, number>): string {
  const named: [string, string, string][] = [
    ['children', 'child', 'children'],
    ['plans', 'plan', 'plans'],
    ['meetings', 'meeting', 'meetings'],
    ['actions', 'action', 'actions'],
    ['supervision_sessions', 'supervision session', 'supervision sessions'],
  ]
  const parts = named.filter(([k]) => k in counts).map(([k, one, many]) => `${counts[k]!.toLocaleString('en-GB')} ${counts[k] === 1 ? one : many}`)
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  return `${parts.join(', ')} (${total.toLocaleString('en-GB')} records in all)`
}

export function BackupsPanel() {
  const status = useBackupStatus()
  return (
    <section className="panel" aria-labelledby="backups-heading">
      <h2 id="backups-heading">Backups</h2>
      <p className="panel-sub">
        Driftwatch makes an encrypted backup when you lock, when you quit and once a day, and checks each one: it opens, passes SQLite&apos;s integrity check and its
        records are counted. It keeps the 3 newest, one for each of the last 7 days and one for each of the last 4 weeks. A backup restores only with the passphrase in use when it was made.
      </p>
      {status.isPending && <Loading label="Reading the backups" />}
      {status.isError && <ErrorNotice error={status.error} onRetry={() => void status.refetch()} />}
      {status.data && <BackupsBody status={status.data} />}
    </section>
  )
}

/** What the last backup made in its own thread, or the last restore, came to, in a sentence (null while it runs). */
function outcome(job: BackupJob | null, status: BackupStatus): { text: string; kind: 'info' | 'warning' } | null {
  if (!job) return null
  if (job.reason === 'restore') {
    if (job.state === 'cancelled') return { text: 'The restore was cancelled: nothing was changed, and the caseload is as it was.', kind: 'warning' }
    if (job.state !== 'done') return null
    const undo = status.last && status.last.at >= job.startedAt ? ' The caseload as it was just before is the newest backup below, so this can be undone.' : ''
    const restored = status.backups.find((b) => b.file === job.file)
    return { text: `Restored ${restored ? `the backup of ${whenUK(restored.at, true)}` : (job.file ?? 'the backup')}.${undo}`, kind: 'info' }
  }
  switch (job.state) {
    case 'done':
      return { text: `${job.reason === 'daily' ? 'The daily backup was made' : 'Backed up'} and checked: ${job.file ?? 'the backup'}.`, kind: 'info' }
    case 'cancelled':
      return { text: 'The backup was cancelled: nothing was written, and the last good backup is as it was.', kind: 'warning' }
    default:
      // A failure is told by the "last backup failed" notice, with its sentence.
      return null
  }
}

function BackupsBody({ status }: { status: BackupStatus }) {
  const now = useBackupNow()
  const cancel = useCancelBackup()
  const [restoring, setRestoring] = useState<string | null>(null)
  const failedSinceLast = status.lastError && (!status.last || status.lastError.at > status.last.at)
  const job = status.job
  const running = job !== null && (job.state === 'running' || job.state === 'cancelling')
  // A restore's progress is in its dialog.
  const restoreRunning = running && job.reason === 'restore'
  const said = running ? null : outcome(job, status)
  return (
    <>
      <div className="backup-last" role="status" aria-live="polite">
        {status.last ? (
          <p>
            <strong>Last good backup: {whenUK(status.last.at)}</strong> — {status.last.file}, {size(status.last.bytes)}.
            {status.last.counts && <> Checked: {countsSentence(status.last.counts)}.</>}
          </p>
        ) : (
          <p>
            <strong>No backup yet.</strong> The first is made when you lock or quit, or now with the button below.
          </p>
        )}
      </div>
      {failedSinceLast && status.lastError && (
        <div className="notice notice-error" role="alert">
          <strong>The last backup failed ({whenUK(status.lastError.at)}).</strong> {status.lastError.message}
        </div>
      )}
      {said && (
        <p className={`notice notice-${said.kind}`} role="status">
          {said.text}
        </p>
      )}
      {running && job ? (
        !restoreRunning && <BackupProgress job={job} cancelling={cancel.isPending} onCancel={() => cancel.mutate()} />
      ) : (
        <div className="settings-buttons">
          <button type="button" className="button primary" disabled={now.isPending} onClick={() => now.mutate()}>
            {now.isPending ? 'Starting the backup…' : 'Back up now'}
          </button>
        </div>
      )}
      {now.isError && <ErrorNotice error={now.error} />}
      {cancel.isError && <ErrorNotice error={cancel.error} />}
      <FolderChooser status={status} />
      <BackupList status={status} onRestore={setRestoring} />
      {restoring && <RestoreDialog file={restoring} at={status.backups.find((b) => b.file === restoring)?.at ?? null} onClose={() => setRestoring(null)} />}
    </>
  )
}

function FolderChooser({ status }: { status: BackupStatus }) {
  const setFolder = useBackupFolder()
  const [typed, setTyped] = useState(status.folder)
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setFolder.mutate(status.canChooseFolder ? {} : { folder: typed.trim() }, {
      onError: (err) => setError(isApiError(err) ? (err.problems[0] ? `${err.message.replace(/\.$/, '')}: ${err.problems[0].reason}.` : err.message) : 'That folder cannot be used.'),
    })
  }
  return (
    <form className="backup-folder" onSubmit={submit} noValidate>
      <h3>Where backups go</h3>
      <p>
        <code className="path">{status.folder}</code>
        {status.isDefaultFolder && ' (the default: beside the caseload)'}
      </p>
      {status.sameDiskAsCaseload && (
        <div className="notice notice-warning">
          This folder is on the same disk as the caseload: if the disk fails or the laptop is lost, the backups go with it. Choose a folder on another disk — your
          authority&apos;s network drive or an encrypted USB drive kept locked away.
        </div>
      )}
      {status.canChooseFolder ? (
        <button type="submit" className="button secondary" disabled={setFolder.isPending}>
          Choose another folder…
        </button>
      ) : (
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor="backup-folder-input">Backup folder (the whole path)</label>
          <span className="backup-folder-row">
            <input
              id="backup-folder-input"
              className="input"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'backup-folder-error' : undefined}
              autoComplete="off"
            />
            <button type="submit" className="button secondary" disabled={setFolder.isPending}>
              Use this folder
            </button>
          </span>
          {error && (
            <p id="backup-folder-error" className="field-error">
              {error}
            </p>
          )}
        </div>
      )}
    </form>
  )
}

function BackupList({ status, onRestore }: { status: BackupStatus; onRestore(file: string): void }) {
  if (status.backups.length === 0) return null
  return (
    <table className="backup-list">
      <caption>Backups in this folder, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Made</th>
          <th scope="col">Size</th>
          <th scope="col">
            <span className="visually-hidden">Restore</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {status.backups.map((b) => (
          <tr key={b.file} data-file={b.file}>
            <td>{whenUK(b.at, true)}</td>
            <td>{size(b.bytes)}</td>
            <td>
              <button type="button" className="button secondary small" onClick={() => onRestore(b.file)} aria-label={`Restore the backup of ${whenUK(b.at, true)}`}>
                Restore…
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * Confirmation with the backup's passphrase, then the restore's steps with *Cancel the restore*
 * until the caseload is being replaced. The dialog stays open while it runs (Esc does not close it):
 * the restore ends with the caseload replaced, or cancelled, and the panel says which.
 */
function RestoreDialog({ file, at, onClose }: { file: string; at: string | null; onClose(): void }) {
  const restore = useRestoreBackup()
  const cancel = useCancelBackup()
  const status = useBackupStatus({ follow: restore.isPending })
  const [passphrase, setPassphrase] = useState('')
  const [error, setError] = useState<string | null>(null)
  const when = at ? whenUK(at, true) : file
  const running = restore.isPending
  const job = running && status.data?.job?.reason === 'restore' ? status.data.job : null
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (passphrase === '') return setError('Enter the passphrase that was in use when the backup was made.')
    setError(null)
    restore.mutate(
      { file, passphrase },
      {
        onSuccess: onClose,
        onError: (err) => setError(err instanceof Error ? err.message : 'Please try again.'),
      },
    )
  }
  return (
    <Dialog title={`Restore the backup of ${when}?`} onClose={onClose} closable={!running}>
      {running ? (
        job ? (
          <BackupProgress job={job} cancelling={cancel.isPending} onCancel={() => cancel.mutate()} />
        ) : (
          <p role="status" className="backup-step">
            Starting the restore…
          </p>
        )
      ) : (
        <form onSubmit={submit} noValidate>
          <div className="dialog-description">
            <p>
              The caseload goes back to how it was on {when}: anything recorded since then will not be in it. Driftwatch first checks the whole backup, then backs up
              the caseload as it is now (so this can be undone), and only then replaces it. You can cancel until then.
            </p>
          </div>
          {error && (
            <div className="notice notice-error" role="alert">
              <strong>That did not work.</strong> {error}
            </div>
          )}
          <div className="field">
            <label htmlFor="restore-passphrase">The passphrase in use when the backup was made</label>
            <input id="restore-passphrase" className="input" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
          </div>
          <div className="dialog-buttons">
            <button type="submit" className="button danger">
              Yes, restore this backup
            </button>
            <button type="button" className="button secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {cancel.isError && <ErrorNotice error={cancel.error} />}
    </Dialog>
  )
}
