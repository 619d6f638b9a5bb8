/** Small builders for rule unit tests: one child, one plan, whatever else a test adds. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { emptyCaseload, type Caseload } from '../../shared/caseload-format'
import { DEFAULT_POLICY, type DriftPolicy } from '../../shared/drift-policy'
import type { Finding } from '../../shared/drift-types'
import { createCaseload, openCaseload, type CaseloadDb } from '../../electron/core/db/caseload-db'
import { driftVerb } from '../../electron/cli/verbs/drift'
import type { VerbContext } from '../../electron/cli/verb'
import { captureStream } from '../helpers/capture'
import { scanDocument } from '../../electron/core/drift/scan'

export function baseDoc(start = '2026-11-02', opts: { complex?: boolean; end?: string | null } = {}): Caseload {
  const doc = emptyCaseload()
  doc.children.push({ id: 'C1', name: 'Test Child', complex: opts.complex ?? false, team: 'North' })
  doc.professionals.push(
    { id: 'SW1', name: 'Worker One', role: 'social-worker', agency: 'CSC', email: 'sw1@example.org' },
    { id: 'SW2', name: 'Worker Two', role: 'social-worker', agency: 'CSC', email: 'sw2@example.org' },
    { id: 'DM1', name: 'Deputy', role: 'deputy-manager', agency: 'CSC', email: 'dm@example.org' },
    { id: 'HV1', name: 'Health Visitor', role: 'health', agency: 'Health', phone: '0100' },
    { id: 'ED1', name: 'Teacher', role: 'education', agency: 'School', email: null, phone: null },
  )
  doc.plans.push({ id: 'P1', childId: 'C1', startDate: start, endDate: opts.end ?? null, initialCategory: 'neglect', previousPlans: 0 })
  doc.allocations.push({ id: 'AL1', childId: 'C1', professionalId: 'SW1', startDate: start })
  return doc
}

export function meeting(id: string, date: string, over: Partial<Caseload['meetings'][number]> = {}): Caseload['meetings'][number] {
  return { id, planIds: ['P1'], date, chairId: 'DM1', attended: [], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true, riskScore: null, ...over }
}

export function findings(doc: Caseload, asOf: string, ruleId?: string, policy: DriftPolicy = DEFAULT_POLICY): Finding[] {
  const all = scanDocument(doc, { asOf, policy }).findings
  return ruleId ? all.filter((f) => f.ruleId === ruleId) : all
}

/** [status, severity, dueDate, subjectId] of a rule's findings. */
export function brief(doc: Caseload, asOf: string, ruleId: string, policy: DriftPolicy = DEFAULT_POLICY): [string, string, string | null, string][] {
  return findings(doc, asOf, ruleId, policy).map((f) => [f.status, f.severity, f.dueDate, f.subject.id])
}

export async function tempDb(): Promise<{ db: CaseloadDb; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-drift-'))
  const db = await createCaseload({ path: join(dir, 'test.db'), passphrase: 'test passphrase', kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 } })
  return {
    db,
    cleanup() {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The CLI's `drift` verb on the caseload at `path` (passphrase "test passphrase"), its output captured. */
export async function runDriftVerb(path: string, values: VerbContext['values']): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = captureStream()
  const err = captureStream()
  const ctx: VerbContext = {
    values: { db: path, ...values },
    positionals: [],
    io: { stdout: out.stream, stderr: err.stream },
    passphrase: async () => 'test passphrase',
    openDb: () => openCaseload({ path, passphrase: 'test passphrase' }),
    progress: () => ({ tick() {}, done() {} }),
  }
  const code = await driftVerb.run(ctx)
  return { code, stdout: out.text(), stderr: err.text() }
}
