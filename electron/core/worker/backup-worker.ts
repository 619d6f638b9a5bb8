/**
 * The long part of an app backup, in its own thread (issue 13): the core's thread has taken the
 * snapshot (create-backup.ts takeSnapshot, about a second at 50,000 children); this thread opens
 * the snapshot with its own read-only connection and runs the checks a restore will make, then
 * packages the `.dwbackup` and reads it back — the 15 s or so that held up every request of the
 * page when they ran on the core's thread. It posts its steps as it goes (labels and fractions,
 * never case data) and its result; a cancel ends it with Worker.terminate (backup-in-thread.ts),
 * and the core removes its files.
 *
 * The data key arrives as a transferred buffer (no copy stays with the sender) and is zeroed here
 * once the connection has it, as in check-worker.ts.
 *
 * The same thread runs step 1 of a restore (task 'restore': restore-backup.ts prepareRestore): the
 * backup's checksums, its database written beside the caseload, the key unwrapped with the
 * passphrase (transferred as bytes, zeroed here once decoded), the restored copy opened, migrated if
 * older and checked, and the access log's 'restore' entry written into it. The core's thread keeps
 * answering the page meanwhile, and a cancel ends this thread and removes the copy.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { isDriftwatchError } from '../../../shared/errors'
import { assertSameCounts, checkSnapshot, packageSnapshot, type BackupStep } from '../backup/create-backup'
import { openForReading } from '../db/caseload-db'
import type { BackupWorkerData, BackupWorkerMessage, RestoreWorkerData } from './backup-worker-protocol'
import { prepareRestore } from '../backup/restore-backup'
import { readKeyFile, unwrapDataKey } from '../db/key-file'
import { logAccess } from '../queries/access-log'

const post = (m: BackupWorkerMessage) => parentPort?.postMessage(m)

/**
 * Progress is posted at most every 100 ms (the page asks twice a second) and whenever the step
 * changes. With the test-only pause (DRIFTWATCH_TEST_BACKUP_PAUSE_MS, read by backup-in-thread.ts
 * from the environment, never from a request) each new step waits that long first, so that a small
 * caseload's backup runs long enough for a test to see it and cancel it.
 */
const data = workerData as BackupWorkerData | RestoreWorkerData
let lastLabel = ''
let lastPosted = 0
function onStep(step: BackupStep): void {
  const now = Date.now()
  const changed = step.label !== lastLabel
  if (!changed && now - lastPosted < 100 && step.done !== step.total) return
  lastLabel = step.label
  lastPosted = now
  post({ kind: 'step', step })
  if (changed && data.testPauseMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, data.testPauseMs)
}

function failed(e: unknown): void {
  // The sentence and problems of the core's own errors (paths, table names, page numbers: never
  // case data); anything else is told as an input/output failure by the core.
  post(
    isDriftwatchError(e)
      ? { kind: 'failed', code: e.code, message: e.message, problems: e.problems.map((p) => ({ path: p.path, reason: p.reason })) }
      : { kind: 'failed', code: null, message: null, problems: [] },
  )
}

function backup(data: BackupWorkerData): void {
  const key = Buffer.from(data.key.buffer, data.key.byteOffset, data.key.byteLength)
  let sqlite
  try {
    sqlite = openForReading(data.taken.snapshot, key, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
  } finally {
    key.fill(0)
  }
  let checked
  try {
    checked = checkSnapshot(sqlite, 'main', onStep)
  } finally {
    sqlite.close()
  }
  assertSameCounts(data.taken.before, checked.counts)
  const { bytes } = packageSnapshot(data.taken, checked.schema, onStep)
  post({ kind: 'done', bytes, counts: checked.counts })
}

async function restore(data: RestoreWorkerData): Promise<void> {
  const bytes = Buffer.from(data.passphrase.buffer, data.passphrase.byteOffset, data.passphrase.byteLength)
  const passphrase = bytes.toString('utf8')
  bytes.fill(0)
  const prepared = await prepareRestore(
    data.from,
    data.incoming,
    {
      unlockKey: (withKey) => unwrapDataKey(readKeyFile(withKey), passphrase),
      record: (db) => logAccess(db, { event: 'restore', actor: data.actor, fileName: data.file }),
      ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
    },
    onStep,
  )
  post({ kind: 'restored', ...prepared })
}

// Not top-level await: the bundled worker is CommonJS.
void (async () => {
  try {
    if (data.task === 'restore') await restore(data)
    else backup(data)
  } catch (e) {
    failed(e)
  }
})()
