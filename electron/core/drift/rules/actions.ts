/** Shared by the action rules: an action is open on A when created by A and not closed by A. */
import type { CivilDate } from '../../../../shared/civil-date'
import type { ActionFacts } from '../facts'

export function isOpenOnA(a: ActionFacts, asOf: CivilDate): boolean {
  return a.createdDate <= asOf && (a.status === 'open' || (a.closedDate !== null && a.closedDate > asOf))
}
