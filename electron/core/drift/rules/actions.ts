/** Shared by the action rules: an action is open on A when created by A and not closed by A (shared/period.ts). */
import type { CivilDate } from '../../../../shared/civil-date'
import { actionOpenOn } from '../../../../shared/period'
import type { ActionFacts } from '../facts'

export function isOpenOnA(a: ActionFacts, asOf: CivilDate): boolean {
  return actionOpenOn(a, asOf)
}
