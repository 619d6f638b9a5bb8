import type { Category } from '../../../../shared/caseload-format'
import type { Random } from '../random'
import { firstName } from '../names'
import { addMonthsN, pad, weekdayOnOrBefore } from './days'
import type { Emitter } from './emitter'
import { CATEGORY_WEIGHTS, ETHNICITY_WEIGHTS } from './profiles'
import type { ChildPlan } from './types'

/** What the family's first draws decided, for its children and their plans. */
export interface ChildrenSpec {
  firstChildIndex: number
  size: number
  familyName: string
  team: string
  complex: boolean
  /** The current plans' start (day number) and categories. */
  S: number
  category: Category
  latestCategory: Category
  A: number
}

/**
 * The siblings and their plans: the youngest was born before the plan started; siblings 1–4 years
 * apart. Some children had an earlier, ended plan (with its own conferences) before the current one.
 */
export function emitChildrenAndPlans(random: Random, out: Emitter, spec: ChildrenSpec): ChildPlan[] {
  const { firstChildIndex, size, familyName, complex, S, category, latestCategory, A } = spec
  const kids: ChildPlan[] = []
  let dob = S - random.int(7, 365 * 6)
  const hadPreviousPlan = random.chance(0.16)
  const previousGap = random.int(200, 1100)
  const previousLength = random.int(90, 540)
  const prevEnd = weekdayOnOrBefore(S - previousGap)
  const prevStart = weekdayOnOrBefore(prevEnd - previousLength)
  for (let k = 0; k < size; k++) {
    const num = firstChildIndex + k + 1
    if (k > 0) dob -= random.int(365, 365 * 4)
    if (dob < A - 365 * 17 - 180) dob = A - 365 * 17 - random.int(0, 180)
    const childId = `C${pad(num, 6)}`
    const previous = hadPreviousPlan && dob < prevStart
    out.add('children', {
      id: childId,
      name: `${firstName(random)} ${familyName}`,
      dateOfBirth: out.date(dob),
      gender: random.chance(0.5) ? 'female' : 'male',
      ethnicity: random.weighted(ETHNICITY_WEIGHTS),
      complex,
      team: spec.team,
    })
    if (previous) {
      const planId = `PL${pad(num, 6)}-1`
      out.add('plans', {
        id: planId,
        childId,
        startDate: out.date(prevStart),
        endDate: out.date(prevEnd),
        initialCategory: random.weighted(CATEGORY_WEIGHTS),
        latestCategory: null,
        previousPlans: 0,
      })
      out.add('conferences', { id: `CF${pad(num, 6)}-1-1`, planId, kind: 'initial', date: out.date(prevStart) })
      let c = prevStart
      let n = 1
      for (;;) {
        c = weekdayOnOrBefore(addMonthsN(c, n === 1 ? 3 : 6) - random.int(0, 7))
        if (c >= prevEnd) break
        n++
        out.add('conferences', { id: `CF${pad(num, 6)}-1-${n}`, planId, kind: 'review', date: out.date(c) })
      }
      out.add('conferences', { id: `CF${pad(num, 6)}-1-${n + 1}`, planId, kind: 'review', date: out.date(prevEnd) })
    }
    const planNo = previous ? 2 : 1
    const planId = `PL${pad(num, 6)}-${planNo}`
    out.add('plans', {
      id: planId,
      childId,
      startDate: out.date(S),
      endDate: null,
      initialCategory: category,
      latestCategory,
      previousPlans: previous ? 1 : 0,
    })
    kids.push({ childId, childNum: num, planId, dob })
  }
  return kids
}
