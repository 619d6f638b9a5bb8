/** The messages between the core's thread and a backup's thread (backup-worker.ts). */
import type { ErrorCode } from '../../../shared/errors'
import type { BackupStep, TakenSnapshot } from '../backup/create-backup'
import type { RecordCounts } from '../queries/backup-checks'

export interface BackupWorkerData {
  task?: 'backup'
  taken: TakenSnapshot
  /** The data key, transferred (zeroed in the thread once its connection has it). */
  key: Uint8Array
  nativeBinding?: string
  entry?: string
  /** Tests only (DRIFTWATCH_TEST_BACKUP_PAUSE_MS): a pause at each new step. */
  testPauseMs?: number
}

/**
 * Step 1 of a restore (restore-backup.ts prepareRestore) in this thread: the backup checked in full
 * and written beside the caseload as `incoming`. The passphrase comes as UTF-8 bytes, transferred.
 */
export interface RestoreWorkerData {
  task: 'restore'
  from: string
  incoming: string
  passphrase: Uint8Array
  /** The access log's 'restore' entry, written into the restored caseload. */
  actor: string
  file: string
  nativeBinding?: string
  entry?: string
  testPauseMs?: number
}

export type BackupWorkerMessage =
  | { kind: 'step'; step: BackupStep }
  | { kind: 'done'; bytes: number; counts: RecordCounts }
  | { kind: 'restored'; incoming: string; createdAt: string; counts: RecordCounts }
  | { kind: 'failed'; code: ErrorCode | null; message: string | null; problems: { path: string; reason: string }[] }
