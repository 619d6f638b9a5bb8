/** Shared fixtures for the platform tests: temp caseloads with cheap Argon2id, fake handlers. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Finding } from '../../shared/drift-types'
import { CHANNELS, type Channel } from '../../shared/ipc-contract'
import type { Handlers, Scanner } from '../../electron/core/app/handlers'
import type { LogFields, Logger } from '../../electron/core/app/log'
import { openPlanRows } from '../../electron/core/queries/caseload-rows'

export const TEST_KDF = { memoryKiB: 1024, iterations: 1, parallelism: 1 }
export const TODAY = '2026-11-26'
export const PASSPHRASE = 'correct horse battery staple'

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-platform-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    warn(event: string, fields: LogFields = {}) {
      lines.push(`${event} ${JSON.stringify(fields)}`)
    },
  }
}

/** A stand-in for the drift engine: one finding per open plan, so the shapes are exercised. */
export const fakeScanner: Scanner = (db, { asOf }) => {
  const findings: Finding[] = openPlanRows(db.sqlite, asOf).map((row) => ({
    ruleId: 'core-group-overdue',
    childId: row.childId,
    planId: row.planId,
    severity: 'high',
    status: 'overdue',
    dueDate: asOf,
    subject: { kind: 'plan', id: row.planId },
    message: 'The core group is overdue.',
  }))
  return { findings, warnings: [] }
}

/** Handlers that record calls and return nothing useful (for dispatch tests). */
export function recordingHandlers(impl: Partial<Record<Channel, (input: unknown) => unknown>> = {}) {
  const calls: { channel: Channel; input: unknown }[] = []
  const handlers = {} as Record<Channel, (input: unknown) => unknown>
  for (const channel of CHANNELS) {
    handlers[channel] = (input: unknown) => {
      calls.push({ channel, input })
      const f = impl[channel]
      return f ? f(input) : { state: 'unlocked', location: '/tmp/x.db', today: TODAY }
    }
  }
  return { handlers: handlers as unknown as Handlers, calls }
}
