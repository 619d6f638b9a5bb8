/**
 * The reading half of an interchange import, on its own thread (issue 13, item 4): reads the file,
 * parses and checks every element (the same Checker as ever, caseload/import-check.ts) and sends
 * the rows of the valid ones to the import's thread as flat values, in the order the database must
 * receive them. The import's thread only inserts, so the two run side by side on two cores.
 *
 * It never touches the database and holds no key. It stops when the import's thread has not yet
 * taken IN_FLIGHT_MAX batches, so a fast reader cannot fill the memory with a whole caseload.
 * Problems are sent as the import's thread would have thrown them: the VALIDATION error with every
 * problem and its JSON path. Nothing from the document goes anywhere but to the import's thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { DriftwatchError } from '../../../shared/errors'
import { checkedRows } from '../caseload/import-check'
import { walkJsonFileSteps } from '../caseload/json-list-reader'
import { positionInFile } from '../caseload/json-position'
import { IN_FLIGHT, IN_FLIGHT_MAX, STOP, VALUES_PER_BATCH, type ImportReaderData, type ImportReaderMessage } from './import-reader-protocol'

const data = workerData as ImportReaderData
const flow = new Int32Array(data.flow)
const post = (m: ImportReaderMessage) => parentPort!.postMessage(m)

/** Waits (this thread only) until the import's thread has taken enough batches; false when told to stop. */
function mayPost(): boolean {
  for (;;) {
    if (Atomics.load(flow, STOP) !== 0) return false
    const inFlight = Atomics.load(flow, IN_FLIGHT)
    if (inFlight < IN_FLIGHT_MAX) return true
    Atomics.wait(flow, IN_FLIGHT, inFlight, 250)
  }
}

let segments: unknown[] = []
let values = 0
let read = 0
let total = 0

function send(): boolean {
  if (segments.length === 0) return true
  if (!mayPost()) return false
  Atomics.add(flow, IN_FLIGHT, 1)
  post({ kind: 'rows', segments, read, total })
  segments = []
  values = 0
  return true
}

function run(): void {
  const steps = checkedRows(
    (table, rows, batch) => {
      segments.push(table, rows, batch)
      values += batch.length
    },
    data.file,
    (visitor) =>
      walkJsonFileSteps(data.file, visitor, (done, size) => {
        read = done
        total = size
      }),
    (offset) => positionInFile(data.file, offset),
  )
  for (;;) {
    const step = steps.next()
    if (step.done) {
      if (send()) post({ kind: 'done', counts: step.value, read, total })
      return
    }
    if (values >= VALUES_PER_BATCH && !send()) {
      steps.return(undefined as never)
      return
    }
  }
}

try {
  run()
} catch (e) {
  // A DriftwatchError is in the chair's words (paths and reasons, as the import has always thrown
  // them); anything else (the file unreadable halfway) keeps only its message.
  post(
    e instanceof DriftwatchError
      ? { kind: 'failed', code: e.code, message: e.message, problems: e.problems }
      : { kind: 'failed', code: null, message: e instanceof Error ? e.message : String(e), problems: null },
  )
}
