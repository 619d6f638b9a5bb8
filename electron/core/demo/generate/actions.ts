import type { Action } from '../../../../shared/caseload-format'
import { pickAction } from '../fit'
import { pad } from './days'
import { isCurrent, type Family, type Pro } from './types'

/** Actions per plan: agreed at the ICPC and at core groups, reviewed at core groups. */
export function emitActions(f: Family): void {
  const { random, out, A, S, q, kids, members, replacements, allocatedOn, meetingDays } = f
  for (const kid of kids) {
    let n = 0
    const makeAction = (created: number): void => {
      n++
      // An action that fits the child's age, owned by the agency that would do it.
      const chosen = pickAction(random, (created - kid.dob) / 365.25, members.filter((m) => isCurrent(m, created)), allocatedOn(created))
      const { description, outcome: outcomeText, member: ownerM } = chosen
      let owner: Pro | null = random.chance(q.actionSloppy) ? null : chosen.owner
      const due: number | null = random.chance(q.actionSloppy)
        ? null
        : created + random.weighted([[14, 2], [28, 4], [42, 3], [56, 3], [90, 2], [120, 1]] as const)
      const outcome = random.chance(q.actionSloppy) ? '' : outcomeText
      let status: Action['status'] = 'open'
      let closed: number | null = null
      const r = random.next()
      const dueOr = due ?? created + 60
      if (r < q.actionOnTime) {
        closed = random.int(Math.min(created + 3, dueOr), dueOr)
        status = 'done'
      } else if (random.chance(q.actionLateClose)) {
        closed = dueOr + random.int(1, q.actionLateDays)
        status = random.chance(0.85) ? 'done' : 'dropped'
      }
      if (closed !== null && closed > A) {
        closed = null
        status = 'open'
      }
      // The last core group at which the action was reviewed (while it was open).
      let reviewed: number | null = null
      const until = closed ?? A
      for (let i = meetingDays.length - 1; i >= 0; i--) {
        const m = meetingDays[i] as number
        if (m > until) continue
        if (m <= created) break
        if (random.chance(q.actionReviewed)) {
          reviewed = m
          break
        }
      }
      // When the owner leaves the core group, the action usually passes to someone current in the
      // same agency (their replacement, else a colleague); with nobody there it stays with the leaver.
      if (status === 'open' && owner !== null && ownerM !== null && ownerM.to !== null && ownerM.to < A) {
        if (allocatedOn(A) !== owner && random.chance(q.reassignOnLeave)) {
          const was = owner
          const replacement = replacements.get(ownerM)
          const now = members.filter((m) => isCurrent(m, A) && m.pro.role === was.role && m.pro.agency === was.agency)
          const next = replacement && replacement.pro.agency === was.agency ? replacement.pro : now.length > 0 ? random.pick(now).pro : null
          if (next) owner = next
        }
      }
      out.add('actions', {
        id: `AC${pad(kid.childNum, 6)}-${n}`,
        planId: kid.planId,
        createdDate: out.date(created),
        description,
        outcome,
        ownerId: owner?.id ?? null,
        dueDate: due === null ? null : out.date(due),
        status,
        closedDate: closed === null ? null : out.date(closed),
        lastReviewedDate: reviewed === null ? null : out.date(reviewed),
      })
    }
    const initial = random.int(3, 4)
    for (let i = 0; i < initial; i++) makeAction(S)
    for (const m of meetingDays) {
      const k = random.weighted([[0, 50], [1, 35], [2, 12], [3, 3]] as const)
      for (let i = 0; i < k; i++) makeAction(m)
    }
  }
}
