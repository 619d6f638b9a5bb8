/**
 * The synthetic demo caseload (issue 2, item 5). EVERYTHING IT PRODUCES IS FICTIONAL (see names.ts).
 *
 * Seeded and deterministic: the same options give byte-identical output. It streams: professionals
 * first (the only thing held in memory, about 0.3 per child), then one family at a time, so 50,000
 * children need a few seconds and little memory. Each family draws from its own random stream
 * (derived from the seed and the family's number), so families do not depend on one another.
 *
 * Shape of the data (design brief §7; domain reference, "Per-plan activity per year"):
 * - every child has a plan open on `asOf`; starts spread over the last two years, a few very recent
 *   (first core group still pending); some children had an earlier, ended plan (`previousPlans`);
 * - a family (1–4 siblings) shares one core group: each meeting lists all the siblings' plans;
 *   about 13 core groups, 25 visits and 15 actions per plan-year; ICPC, review at 3 then 6 months;
 * - each family has a practice quality (good / fair / poor) that sets how often things slip, so a
 *   demo shows most cases fine and some drifting, not everything red; complex families (about 12%)
 *   have more worker churn and a deputy manager chairing their core groups.
 * Nothing is dated after `asOf` except the due dates of actions.
 *
 * The steps live in generate/: professionals.ts first, then family.ts per family (children.ts,
 * conferences.ts, allocations.ts, core-group.ts, meetings.ts, actions.ts, disagreements.ts,
 * visits.ts), with the tuning in profiles.ts. test/demo/generate-fingerprint.test.ts pins the output.
 */
import type { Caseload } from '../../../shared/caseload-format'
import { emptyCaseload } from '../../../shared/caseload-format'
import { isCivilDate, toDayNumber, type CivilDate } from '../../../shared/civil-date'
import type { CaseloadSink, ElementOf, ListName } from '../caseload/lists'
import { createRandom } from './random'
import { Emitter } from './generate/emitter'
import { generateFamily } from './generate/family'
import { buildProfessionals } from './generate/professionals'
import type { FamilyRun } from './generate/types'

export interface DemoOptions {
  /** How many children (each with an open plan). */
  children: number
  seed: number | string
  /** The day the caseload is "as of": nothing happens after it. */
  asOf: CivilDate
}

export interface DemoSummary {
  seed: number | string
  asOf: CivilDate
  children: number
  families: number
  teams: string[]
  professionals: number
  /** Elements emitted per list. */
  counts: Record<ListName, number>
}

export function generateDemoCaseload(
  options: DemoOptions,
  sink: CaseloadSink,
  onProgress?: (doneChildren: number) => void,
): DemoSummary {
  if (!Number.isInteger(options.children) || options.children < 0) {
    throw new RangeError(`children must be a whole number, not ${options.children}`)
  }
  if (!isCivilDate(options.asOf)) throw new RangeError(`asOf is not a civil date: ${options.asOf}`)
  const out = new Emitter(sink)
  const root = createRandom(options.seed)
  const { teams, chairs, count: professionals } = buildProfessionals(options.children, root.derive('professionals'), out)
  const teamWeights = teams.map((t, i) => [i, t.weight] as const)
  const A = toDayNumber(options.asOf)
  const run: FamilyRun = { out, teams, teamWeights, chairs, A }

  let childNum = 0
  let familyNum = 0
  while (childNum < options.children) {
    familyNum++
    const random = root.derive(`family:${familyNum}`)
    const size = Math.min(
      options.children - childNum,
      random.weighted([[1, 55], [2, 27], [3, 13], [4, 5]] as const),
    )
    generateFamily(run, random, familyNum, childNum, size)
    childNum += size
    onProgress?.(childNum)
  }

  return {
    seed: options.seed,
    asOf: options.asOf,
    children: childNum,
    families: familyNum,
    teams: teams.map((t) => t.name),
    professionals,
    counts: out.counts,
  }
}


/** The whole demo caseload as one document: for small sizes and tests. */
export function demoCaseloadDocument(options: DemoOptions): Caseload {
  const doc = emptyCaseload()
  generateDemoCaseload(options, {
    add(list, element) {
      ;(doc[list] as ElementOf<typeof list>[]).push(element)
    },
  })
  return doc
}
