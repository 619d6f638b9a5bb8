/**
 * The caseload table's channels (issue 13): the table compact (shared/caseload-table.ts), and one
 * plan's findings in full when the chair points at a score. Both read the cached scan every screen shares.
 */
import type { z } from 'zod'
import type { Contract, OutputOf } from '../../../shared/ipc-contract'
import type { Finding } from '../../../shared/drift-types'
import { compareChildFindings } from '../../../shared/finding-order'
import { packCaseloadTable } from '../../../shared/caseload-table'
import type { OpenPlanRow } from '../queries/caseload-rows'

type In<C extends keyof Contract> = z.output<Contract[C]['input']>

interface TableAnalysis {
  rows: readonly OpenPlanRow[]
  findingsByPlan: ReadonlyMap<string, readonly Finding[]>
}

/** A plan's findings worst first, as the tags and the tooltip list them. */
const worstFirst = (findings: readonly Finding[] | undefined): Finding[] => [...(findings ?? [])].sort(compareChildFindings)

export function tableHandlers(deps: { analysisOn(asOf: string): TableAnalysis }) {
  return {
    'caseload:table': ({ asOf }: In<'caseload:table'>): OutputOf<'caseload:table'> => {
      const { rows, findingsByPlan } = deps.analysisOn(asOf)
      return packCaseloadTable(asOf, rows, (row) => worstFirst(findingsByPlan.get(row.planId)))
    },
    'caseload:plan-findings': ({ asOf, planId }: In<'caseload:plan-findings'>): OutputOf<'caseload:plan-findings'> => ({
      findings: worstFirst(deps.analysisOn(asOf).findingsByPlan.get(planId)),
    }),
  }
}
