/** The IPC shapes of the app's backups (Settings → Backups). */
import { z } from 'zod'

/** Names the app gives its backups: `caseload-20261130-221503Z.dwbackup` (see rotation.ts). */
export const BACKUP_FILE_NAME = /^[A-Za-z0-9._ -]{1,200}-\d{8}-\d{6}Z(?:-\d+)?\.dwbackup$/

const iso = z.string().max(40)
const counts = z.record(z.string().max(100), z.number().int().min(0))

/** A backup's steps, in order, as the page shows them (the core posts these labels). */
export const BACKUP_STEPS = {
  copying: 'Copying the caseload',
  checking: 'Checking the copy',
  links: 'Checking links between records',
  writing: 'Writing the backup file',
  reading: 'Reading the backup back',
} as const

/** A restore's steps, in order (Settings → Backups → Restore…): cancellable until "Replacing the caseload". */
export const RESTORE_STEPS = {
  unlocking: 'Unlocking the backup with its passphrase',
  verifying: 'Checking the backup file',
  writing: 'Writing the restored caseload beside this one',
  checking: 'Checking the restored caseload',
  backingUp: 'Backing up the caseload as it is now',
  replacing: 'Replacing the caseload',
} as const

export const BACKUP_JOB_STATES = ['running', 'cancelling', 'done', 'failed', 'cancelled'] as const

/**
 * A backup made in its own thread (Back up now, the daily one) or a restore, as the page follows it:
 * its step (`total` 0 when no fraction can be measured: the integrity check is one SQLite call), and
 * once it has ended, its outcome. A cancelled backup wrote nothing and is not a failure; a cancelled
 * restore changed nothing.
 */
export const backupJobSchema = z.strictObject({
  id: z.number().int().min(1),
  reason: z.enum(['manual', 'daily', 'restore']),
  state: z.enum(BACKUP_JOB_STATES),
  step: z.strictObject({ label: z.string().max(200), done: z.number().min(0), total: z.number().min(0) }).nullable(),
  /** When the step began (for "for 12 s" while a step has no fraction). */
  stepSince: iso.nullable(),
  startedAt: iso,
  endedAt: iso.nullable(),
  /** The backup made (done), or why it failed (failed). */
  file: z.string().max(255).nullable(),
  message: z.string().max(2000).nullable(),
})
export type BackupJob = z.infer<typeof backupJobSchema>

export const backupStatusSchema = z.strictObject({
  folder: z.string().max(4096),
  isDefaultFolder: z.boolean(),
  sameDiskAsCaseload: z.boolean(),
  /** Whether the host chooses the folder with its own dialog (Electron); otherwise a path is typed. */
  canChooseFolder: z.boolean(),
  last: z.strictObject({ file: z.string().max(255), at: iso, bytes: z.number().int().min(0), counts: counts.nullable() }).nullable(),
  lastError: z.strictObject({ at: iso, message: z.string().max(2000) }).nullable(),
  job: backupJobSchema.nullable(),
  backups: z.array(z.strictObject({ file: z.string().max(255), at: iso, bytes: z.number().int().min(0) })).max(100),
})
export type BackupStatus = z.infer<typeof backupStatusSchema>

export const backupFolderInputSchema = z.strictObject({
  /** A typed path (browser host); ignored when the host has a folder dialog. */
  folder: z.string().min(1, 'is required').max(4096, 'is too long').optional(),
})

export const backupRestoreInputSchema = z.strictObject({
  file: z.string().max(255, { message: 'is not the name of one of the backups', abort: true }).regex(BACKUP_FILE_NAME, 'is not the name of one of the backups'),
  passphrase: z.string().min(1, 'is required').max(1024),
})
