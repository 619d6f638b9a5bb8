/**
 * What an SSD or Annex A reader produces: the source's records as interchange format v1 elements
 * (only the lists a source can fill), with the id each has in the source, and the ignored rows.
 */
import type { Allocation, Child, Conference, Plan, Professional } from '../../../shared/caseload-format'
import type { ElementOf } from '../caseload/lists'

export type SourceName = 'ssd' | 'annex-a'

export const SOURCE_LIST_NAMES = ['children', 'professionals', 'allocations', 'plans', 'conferences', 'visits'] as const
export type SourceListName = (typeof SOURCE_LIST_NAMES)[number]

export interface SourceLists {
  children: Child[]
  professionals: Professional[]
  allocations: Allocation[]
  plans: Plan[]
  conferences: Conference[]
  visits: ElementOf<'visits'>[]
}

export interface SourceDoc {
  source: SourceName
  lists: SourceLists
  /** The id a record has in the source (it differs from the Driftwatch id for SSD conferences). */
  sourceId(list: SourceListName, id: string): string
  ignoredRows: Record<string, number>
}

export interface ReadProgress {
  (phase: string, done: number, total?: number): void
}
