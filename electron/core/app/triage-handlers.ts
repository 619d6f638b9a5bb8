/** The "Start here" channel (issue 11): the same scan and rows as the other screens, ordered and with next steps. */
import type { z } from 'zod'
import type { Contract, OutputOf } from '../../../shared/ipc-contract'
import type { Finding } from '../../../shared/drift-types'
import type { OpenPlanRow } from '../queries/caseload-rows'
import { buildTriage } from '../triage/triage'
import { orderForTriage, type TriageGroup } from '../triage/order'
import type { Session } from './session'

type In<C extends keyof Contract> = z.output<Contract[C]['input']>

export function triageHandlers(deps: {
  session: Session
  analysisOn(asOf: string): { rows: readonly OpenPlanRow[]; rowByPlan: ReadonlyMap<string, OpenPlanRow>; findings: readonly Finding[] }
}) {
  // The order of a scan lives as long as the cached scan it was made from (dropped with every change):
  // "Show all" after the first ten sorts nothing again.
  const orders = new WeakMap<readonly Finding[], TriageGroup[]>()
  return {
    'caseload:triage': ({ asOf, limit }: In<'caseload:triage'>): OutputOf<'caseload:triage'> => {
      const { rows, rowByPlan, findings } = deps.analysisOn(asOf)
      let ordered = orders.get(findings)
      if (!ordered) orders.set(findings, (ordered = orderForTriage(findings)))
      return buildTriage(deps.session.database().sqlite, asOf, findings, rows, limit === undefined ? { ordered, rowByPlan } : { limit, ordered, rowByPlan })
    },
  }
}
