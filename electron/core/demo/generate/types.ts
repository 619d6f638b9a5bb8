/** What the generator's steps pass to one another. */
import type { ChangeReason } from '../../../../shared/caseload-format'
import type { Random } from '../random'
import type { DemoPro } from '../fit'
import type { Emitter } from './emitter'
import type { Quality, QualityProfile } from './profiles'

export type Pro = DemoPro

export interface TeamPool {
  name: string
  weight: number
  socialWorkers: Pro[]
  teamManagers: Pro[]
  deputyManagers: Pro[]
  health: Pro[]
  education: Pro[]
  police: Pro[]
  other: Pro[]
}

/** A core group membership, by day numbers; `to` null = still a member. */
export interface Membership {
  pro: Pro
  from: number
  to: number | null
}

/** Both ends inclusive: a member whose `to` is today still attends today's core group. */
export function isCurrent(m: Membership, day: number): boolean {
  return m.from <= day && (m.to === null || m.to >= day)
}

export interface ChildPlan {
  childId: string
  childNum: number
  planId: string
  dob: number
}

/** One stretch of the family's allocated social worker, with the SSD reason it began. */
export interface Allocation {
  pro: Pro
  from: number
  to: number | null
  reason: ChangeReason | null
}

/** What every family draws on: the professionals, the teams and the as-of day. */
export interface FamilyRun {
  out: Emitter
  teams: TeamPool[]
  teamWeights: readonly (readonly [number, number])[]
  chairs: Pro[]
  A: number
}

/** What one family's later steps share (built by the earlier steps, in this order). */
export interface Family {
  random: Random
  out: Emitter
  A: number
  S: number
  q: QualityProfile
  quality: Quality
  size: number
  famNum: number
  complex: boolean
  kids: ChildPlan[]
  members: Membership[]
  replacements: Map<Membership, Membership>
  allocatedOn(day: number): Pro | null
  meetingDays: number[]
  manager: Pro
  deputy: Pro
  cpChair: Pro
}
