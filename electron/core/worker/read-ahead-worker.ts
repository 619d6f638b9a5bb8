/**
 * The read-ahead thread (queries/read-ahead.ts): its own read-only connection to the caseload,
 * opened at unlock, answering the core's thread's reads — named statements only, one request in
 * one read transaction after its guards — one TEXT answer per message, as fast as it can read them,
 * while the core's thread decodes the ones already read. Nothing but those answers leaves it.
 *
 * It closes its connection when asked (suspend: an import switches the file to a rollback journal,
 * which needs the only connection to it) and opens it again for the next read, with the data key it
 * keeps until it ends.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import { openForReading } from '../db/caseload-db'
import { prepared } from '../queries/prepared'
import { READ_AHEAD_GUARDS, READ_AHEAD_STATEMENTS } from '../queries/read-ahead-statements'
import { CANCELLED, POSTED, SERVED, type ReadAheadAnswer, type ReadAheadData, type ReadAheadRequest } from './read-ahead-protocol'

const data = workerData as ReadAheadData
const signal = new Int32Array(data.signal)

function answer(m: ReadAheadAnswer): void {
  // Posted first, counted second: a count the core's thread sees is a message it can take.
  data.port.postMessage(m)
  Atomics.add(signal, POSTED, 1)
  Atomics.notify(signal, POSTED)
}

function serve(sqlite: Database.Database, r: Extract<ReadAheadRequest, { kind: 'read' }>): void {
  try {
    sqlite.transaction(() => {
      for (const g of r.guards) {
        if (prepared(sqlite, READ_AHEAD_GUARDS[g.guard]).pluck(true).get(g.params)) return answer({ kind: 'refused', id: r.id })
      }
      const statement = prepared(sqlite, READ_AHEAD_STATEMENTS[r.statement]).pluck(true)
      for (const p of r.params) {
        // Only this read: another given up meanwhile may overwrite it, and is then served in vain.
        if (Atomics.load(signal, CANCELLED) === r.id) return
        answer({ kind: 'text', id: r.id, text: (statement.get(p) as string | null | undefined) ?? null })
      }
      answer({ kind: 'end', id: r.id })
    })()
  } catch {
    answer({ kind: 'failed', id: r.id })
  }
}

const key = Buffer.from(data.key.buffer, data.key.byteOffset, data.key.byteLength)
let sqlite: Database.Database | null = null

/** The connection, opened if it is not (a copy of the key goes to the driver, which zeroes it). */
function connection(): Database.Database {
  sqlite ??= openForReading(data.path, Buffer.from(key), data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
  return sqlite
}

function end(): void {
  sqlite?.close()
  sqlite = null
  key.fill(0)
  parentPort!.close()
}

try {
  connection()
  answer({ kind: 'ready' })
  parentPort!.on('message', (r: ReadAheadRequest) => {
    if (r.kind === 'read') {
      try {
        serve(connection(), r)
      } catch {
        answer({ kind: 'failed', id: r.id })
      }
      // After its last answer: a count the core's thread sees means nothing more comes for it.
      Atomics.store(signal, SERVED, r.id)
      return
    }
    if (r.kind === 'suspend') {
      sqlite?.close()
      sqlite = null
      return answer({ kind: 'suspended' })
    }
    end()
  })
} catch {
  // The reason is not sent: it may quote a path.
  answer({ kind: 'failed', id: null })
  end()
}
