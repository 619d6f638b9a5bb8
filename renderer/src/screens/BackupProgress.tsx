/**
 * Settings → Backups while a backup runs in its own thread: its step, a progress bar where the core
 * can measure a fraction (tables whose links are checked, megabytes written and read back) and a
 * moving bar with the seconds elapsed where it cannot (SQLite's integrity check is one call), and
 * *Cancel the backup*. The chair can go on working meanwhile: the core answers other screens.
 */
import { useEffect, useId, useState } from 'react'
import { BACKUP_STEPS, RESTORE_STEPS, type BackupJob } from '../../../shared/backup-types'

function mb(bytes: number): string {
  return (bytes / 1e6).toLocaleString('en-GB', { maximumFractionDigits: bytes < 1e7 ? 1 : 0 })
}

/** "12 of 23 tables", "120 of 541 MB", or null when the step has no fraction. */
function fraction(step: NonNullable<BackupJob['step']>): string | null {
  if (step.total <= 0) return null
  if (step.label === BACKUP_STEPS.links) return `table ${Math.min(step.done + 1, step.total)} of ${step.total}`
  return `${mb(step.done)} of ${mb(step.total)} MB`
}

/** Seconds since `since`, ticking once a second while shown. */
function useSecondsSince(since: string | null): number | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return since ? Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000)) : null
}

/** The words of a backup's or a restore's progress. */
function wording(job: BackupJob, stopping: boolean) {
  if (job.reason === 'restore') {
    return {
      heading: stopping ? 'Cancelling the restore…' : 'Restoring the backup…',
      steps: Object.values(RESTORE_STEPS) as string[],
      stopping: 'Driftwatch stops the restore at the end of the step it is in, then removes what it had written. The caseload stays exactly as it is.',
      hint: 'Nothing can be saved until the restore has finished. The caseload is replaced only at the last step, once the backup has passed every check.',
      cancel: 'Cancel the restore',
    }
  }
  return {
    heading: stopping ? 'Cancelling the backup…' : job.reason === 'daily' ? 'Making the daily backup…' : 'Backing up…',
    steps: Object.values(BACKUP_STEPS) as string[],
    stopping: 'Driftwatch stops the backup at the end of the step it is in, then removes what it had written. The last good backup stays as it is.',
    hint: 'You can go on working while it runs: Driftwatch answers your other screens meanwhile.',
    cancel: 'Cancel the backup',
  }
}

export function BackupProgress({ job, cancelling, onCancel }: { job: BackupJob; cancelling: boolean; onCancel(): void }) {
  const step = job.step
  const seconds = useSecondsSince(job.stepSince ?? job.startedAt)
  const stopping = cancelling || job.state === 'cancelling'
  const words = wording(job, stopping)
  const headingId = useId()
  const part = step ? fraction(step) : null
  const number = step ? words.steps.indexOf(step.label) + 1 : 0
  // The swap is a few renames, and what was confirmed: it cannot be stopped half-way.
  const tooLate = step?.label === RESTORE_STEPS.replacing
  return (
    <div className="backup-progress" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{words.heading}</h3>
      <p role="status" aria-live="polite" className="backup-step">
        {stopping ? (
          words.stopping
        ) : step ? (
          <>
            Step {number} of {words.steps.length}: <strong>{step.label}</strong>
          </>
        ) : (
          'Starting…'
        )}
      </p>
      {!stopping && step && (
        <div className="backup-bar-row">
          {step.total > 0 ? (
            <progress aria-label={`${step.label}: progress`} max={step.total} value={step.done} />
          ) : (
            <progress aria-label={`${step.label}: under way`} />
          )}
          <span className="backup-bar-text">{part ?? (seconds !== null ? `${seconds} s so far` : '')}</span>
        </div>
      )}
      {!stopping && <p className="backup-hint">{words.hint}</p>}
      <div className="settings-buttons">
        <button type="button" className="button secondary" onClick={onCancel} disabled={stopping || tooLate}>
          {stopping ? 'Cancelling…' : words.cancel}
        </button>
      </div>
    </div>
  )
}
