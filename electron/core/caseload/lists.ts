/**
 * The lists of interchange format v1, in document order, and a sink that receives their elements
 * one at a time. Import, the demo generator and the database writer meet here, so that a caseload
 * of 50,000 children never has to exist as one object in memory.
 */
import { CASELOAD_LISTS, type Caseload } from '../../../shared/caseload-format'

export const LIST_NAMES = CASELOAD_LISTS

export type ListName = (typeof LIST_NAMES)[number]
export type ElementOf<L extends ListName> = Caseload[L][number]

export interface CaseloadSink {
  add<L extends ListName>(list: L, element: ElementOf<L>): void
}
