/**
 * Triage: the children with at least one finding, in the order of order.ts, each finding with its
 * next step. Used by the app ("Start here", `caseload:triage`) and the CLI (`triage`).
 */
import type Database from 'better-sqlite3'
import type { CivilDate } from '../../../shared/civil-date'
import type { DriftPolicy } from '../../../shared/drift-policy'
import type { Finding } from '../../../shared/drift-types'
import type { Triage, TriagedChild } from '../../../shared/triage-types'
import type { CaseloadDb } from '../db/caseload-db'
import { scanCaseload } from '../drift/scan'
import { openPlanRows, type OpenPlanRow } from '../queries/caseload-rows'
import { triageDetails, type DetailRequest } from '../queries/triage-details'
import { nextStep } from './next-step'
import { orderForTriage, type TriageGroup } from './order'

/** Which records the next steps of these findings name (nothing else is read). */
function detailRequest(asOf: CivilDate, findings: readonly Finding[], planStart: (planId: string) => CivilDate | null): DetailRequest {
  const req = {
    asOf,
    meetings: [] as string[],
    conferences: [] as string[],
    actions: [] as string[],
    disagreements: [] as string[],
    allocations: [] as string[],
    professionals: [] as string[],
    supervisionActions: [] as string[],
    undistributed: [] as [string, string][],
    latestMeetings: [] as [string, CivilDate][],
    latestVisits: [] as [string, CivilDate][],
    lastAllocations: [] as string[],
  }
  for (const f of findings) {
    const id = f.subject.id
    switch (f.subject.kind) {
      case 'meeting':
        req.meetings.push(id)
        break
      case 'conference':
        req.conferences.push(id)
        break
      case 'action':
        req.actions.push(id)
        break
      case 'disagreement':
        req.disagreements.push(id)
        break
      case 'allocation':
        req.allocations.push(id)
        break
      case 'professional':
        req.professionals.push(id)
        break
      case 'supervision-action':
        req.supervisionActions.push(id)
        break
      case 'plan':
        break
    }
    const start = planStart(f.planId)
    if (f.ruleId === 'decisions-not-distributed') req.undistributed.push([id, f.planId])
    else if (f.ruleId === 'agency-absent' && start) req.latestMeetings.push([f.planId, start])
    else if ((f.ruleId === 'visit-overdue' || f.ruleId === 'not-seen-alone') && start) req.latestVisits.push([f.childId, start])
    else if (f.ruleId === 'no-allocated-worker') req.lastAllocations.push(f.childId)
  }
  return req
}

export interface TriageOptions {
  /** Only the first `limit` children get next steps and are returned (the order is over all). */
  limit?: number
  /** The order of these findings already made (orderForTriage), e.g. kept by the app between calls. */
  ordered?: readonly TriageGroup[]
  /** `rows` by plan id, when the caller has it (the app's analysis): spares a map of every open plan per call. */
  rowByPlan?: ReadonlyMap<string, OpenPlanRow>
}

/**
 * Orders the findings of a scan and writes the next steps of the children returned.
 * `rows`: the caseload's open plans on A (queries/caseload-rows.ts), for names, workers and teams.
 */
export function buildTriage(sqlite: Database.Database, asOf: CivilDate, findings: readonly Finding[], rows: readonly OpenPlanRow[], options: TriageOptions = {}): Triage {
  const groups = options.ordered ?? orderForTriage(findings)
  const shown: readonly TriageGroup[] = options.limit === undefined ? groups : groups.slice(0, options.limit)
  let byPlan = options.rowByPlan
  if (!byPlan) {
    const map = new Map<string, OpenPlanRow>()
    for (const r of rows) map.set(r.planId, r)
    byPlan = map
  }
  const planStart = (planId: string) => byPlan.get(planId)?.planStart ?? null
  const wanted: Finding[] = []
  for (const g of shown) for (const f of g.findings) wanted.push(f)
  const details = triageDetails(sqlite, detailRequest(asOf, wanted, planStart))
  const children: TriagedChild[] = shown.map((g) => {
    const first = g.findings[0]!
    const row = byPlan.get(first.planId)
    const name = row?.childName ?? g.childId
    const worker = row?.workerName ?? null
    return {
      childId: g.childId,
      name,
      planId: first.planId,
      score: g.score,
      worst: g.worst,
      worker,
      team: row?.team ?? null,
      findings: g.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        status: f.status,
        dueDate: f.dueDate,
        subject: { kind: f.subject.kind, id: f.subject.id },
        message: f.message,
        nextStep: nextStep({ finding: f, child: { name, worker: byPlan.get(f.planId)?.workerName ?? worker, planStart: planStart(f.planId) }, details, asOf }),
      })),
    }
  })
  return { asOf, total: groups.length, children }
}

/** Scans the caseload on A and triages it (the CLI's verb). */
export function triageCaseload(db: CaseloadDb, asOf: CivilDate, options: TriageOptions & { policy?: DriftPolicy } = {}): Triage & { warnings: string[] } {
  const scan = scanCaseload(db, options.policy ? { asOf, policy: options.policy } : { asOf })
  const rows = openPlanRows(db.sqlite, asOf)
  return { ...buildTriage(db.sqlite, asOf, scan.findings, rows, options), warnings: scan.warnings }
}
