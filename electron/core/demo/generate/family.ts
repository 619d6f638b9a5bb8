/**
 * One family, in a fixed order of random draws: the family's traits, its children and plans,
 * conferences, workers and core group; then meetings, actions, disagreements and visits. The order
 * IS the output: moving a draw changes every seeded demo (test/demo/generate-fingerprint.test.ts).
 */
import type { Category } from '../../../../shared/caseload-format'
import type { Random } from '../random'
import { surname } from '../names'
import { emitActions } from './actions'
import { allocatedOnFor, emitAllocations } from './allocations'
import { emitChildrenAndPlans } from './children'
import { emitConferences } from './conferences'
import { emitCoreGroup } from './core-group'
import { weekdayOnOrBefore } from './days'
import { emitDisagreements } from './disagreements'
import { emitMeetings } from './meetings'
import { CATEGORY_WEIGHTS, PLAN_AGE_BUCKETS, PROFILES, type Quality } from './profiles'
import type { Family, FamilyRun, TeamPool } from './types'
import { emitVisits } from './visits'

export function generateFamily(run: FamilyRun, random: Random, famNum: number, firstChildIndex: number, size: number): void {
  const { out, teams, teamWeights, chairs, A } = run
  const team = teams[random.weighted(teamWeights)] as TeamPool
  const complex = random.chance(0.12)
  const quality: Quality = complex
    ? random.weighted([['good', 50], ['fair', 32], ['poor', 18]] as const)
    : random.weighted([['good', 70], ['fair', 21], ['poor', 9]] as const)
  const q = PROFILES[quality]
  const familyName = surname(random)
  const [ageMin, ageMax] = random.weighted(PLAN_AGE_BUCKETS)
  const S = weekdayOnOrBefore(A - random.int(ageMin, ageMax))
  const category = random.weighted(CATEGORY_WEIGHTS)
  const latestCategory: Category = random.chance(0.12) ? random.weighted(CATEGORY_WEIGHTS) : category
  const years = (A - S) / 365.25
  const manager = random.pick(team.teamManagers)
  const deputy = random.pick(team.deputyManagers)
  const cpChair = random.pick(chairs)

  const kids = emitChildrenAndPlans(random, out, {
    firstChildIndex,
    size,
    familyName,
    team: team.name,
    complex,
    S,
    category,
    latestCategory,
    A,
  })
  emitConferences(random, out, q, S, A, kids)
  const allocations = emitAllocations(random, out, { q, team, complex, S, A, kids })
  const { members, replacements } = emitCoreGroup(random, out, { team, complex, size, S, A, years, kids, allocations })

  const f: Family = {
    random,
    out,
    A,
    S,
    q,
    quality,
    size,
    famNum,
    complex,
    kids,
    members,
    replacements,
    allocatedOn: allocatedOnFor(allocations),
    meetingDays: [],
    manager,
    deputy,
    cpChair,
  }
  emitMeetings(f)
  emitActions(f)
  emitDisagreements(f)
  emitVisits(f)
}
