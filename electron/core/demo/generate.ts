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
 */
import type {
  Action,
  Category,
  ChangeReason,
  Disagreement,
  DisagreementStage,
  Caseload,
  ProfessionalRole,
} from '../../../shared/caseload-format'
import { emptyCaseload, DISAGREEMENT_CATEGORIES } from '../../../shared/caseload-format'
import { fromDayNumber, isCivilDate, toDayNumber, type CivilDate } from '../../../shared/civil-date'
import type { CaseloadSink, ElementOf, ListName } from '../caseload/lists'
import { LIST_NAMES } from '../caseload/lists'
import { createRandom, type Random } from './random'
import { canReplace, pickAction, pickForAge, type DemoPro } from './fit'
import {
  AGENCIES,
  TEAM_NAMES,
  fictionalEmail,
  fictionalPhone,
  firstName,
  personName,
  surname,
} from './names'

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

type Quality = 'good' | 'fair' | 'poor'

type Pro = DemoPro

interface TeamPool {
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
interface Membership {
  pro: Pro
  from: number
  to: number | null
}

interface QualityProfile {
  firstCoreGroup: [number, number]
  coreGroupInterval: [number, number]
  visitInterval: [number, number]
  conferenceLate: number
  distributionMissed: number
  distributionDays: [number, number]
  planAvailable: number
  childViews: number
  riskReviewed: number
  actionOnTime: number
  actionLateClose: number
  actionLateDays: number
  actionSloppy: number
  actionReviewed: number
  reassignOnLeave: number
  workerChangesPerYear: number
  noCurrentWorker: number
  disagreementsPerYear: number
  attendance: number
  seenAloneOlder: number
}

const PROFILES: Record<Quality, QualityProfile> = {
  good: {
    firstCoreGroup: [3, 13],
    coreGroupInterval: [24, 28],
    visitInterval: [12, 14],
    conferenceLate: 0.02,
    distributionMissed: 0.015,
    distributionDays: [1, 7],
    planAvailable: 0.98,
    childViews: 0.95,
    riskReviewed: 0.98,
    actionOnTime: 0.975,
    actionLateClose: 0.85,
    actionLateDays: 20,
    actionSloppy: 0.008,
    actionReviewed: 0.97,
    reassignOnLeave: 0.95,
    workerChangesPerYear: 0.35,
    noCurrentWorker: 0.005,
    disagreementsPerYear: 0.2,
    attendance: 0.92,
    seenAloneOlder: 0.88,
  },
  fair: {
    firstCoreGroup: [5, 16],
    coreGroupInterval: [25, 35],
    visitInterval: [13, 20],
    conferenceLate: 0.08,
    distributionMissed: 0.08,
    distributionDays: [1, 12],
    planAvailable: 0.9,
    childViews: 0.82,
    riskReviewed: 0.9,
    actionOnTime: 0.88,
    actionLateClose: 0.7,
    actionLateDays: 40,
    actionSloppy: 0.03,
    actionReviewed: 0.85,
    reassignOnLeave: 0.75,
    workerChangesPerYear: 0.7,
    noCurrentWorker: 0.02,
    disagreementsPerYear: 0.5,
    attendance: 0.85,
    seenAloneOlder: 0.72,
  },
  poor: {
    firstCoreGroup: [7, 28],
    coreGroupInterval: [26, 48],
    visitInterval: [14, 28],
    conferenceLate: 0.2,
    distributionMissed: 0.25,
    distributionDays: [2, 20],
    planAvailable: 0.78,
    childViews: 0.65,
    riskReviewed: 0.8,
    actionOnTime: 0.7,
    actionLateClose: 0.6,
    actionLateDays: 60,
    actionSloppy: 0.08,
    actionReviewed: 0.6,
    reassignOnLeave: 0.4,
    workerChangesPerYear: 1.0,
    noCurrentWorker: 0.06,
    disagreementsPerYear: 0.9,
    attendance: 0.75,
    seenAloneOlder: 0.5,
  },
}

const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['neglect', 50],
  ['emotional', 37],
  ['physical', 7],
  ['sexual', 4],
  ['multiple', 2],
]

const ETHNICITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['WBRI', 66], ['WIRI', 1], ['WOTH', 5], ['WROM', 1], ['MWBC', 4], ['MWBA', 2], ['MWAS', 2],
  ['MOTH', 3], ['AIND', 2], ['APKN', 4], ['ABAN', 2], ['AOTH', 1], ['BCRB', 1], ['BAFR', 3],
  ['BOTH', 1], ['OOTH', 1], ['NOBT', 1],
]

const CHANGE_REASON_WEIGHTS: readonly (readonly [ChangeReason, number])[] = [
  ['LEFTRL', 34],
  ['MANAGE', 18],
  ['TSPROC', 15],
  ['ORGRST', 9],
  ['ABSENC', 10],
  ['CHCHAN', 5],
  ['PCCHAN', 4],
  ['FCONTA', 2],
  ['OTHERS', 3],
]

/** Days before asOf that a current plan started: spread over ~2 years, most under a year. */
const PLAN_AGE_BUCKETS: readonly (readonly [[number, number], number])[] = [
  [[0, 14], 5],
  [[15, 90], 20],
  [[91, 180], 24],
  [[181, 365], 31],
  [[366, 545], 13],
  [[546, 730], 7],
]


const DISAGREEMENT_OUTCOMES = [
  'Agreed at manager level; plan updated',
  'Resolved after a professionals meeting',
  'Escalation accepted; additional resources agreed',
  'Agreed to bring the review conference forward',
  'Not upheld; reasons recorded and shared',
]

function dayOfWeekN(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}
function weekdayOnOrBefore(day: number): number {
  const w = dayOfWeekN(day)
  return w === 6 ? day - 1 : w === 0 ? day - 2 : day
}
function weekdayOnOrAfter(day: number): number {
  const w = dayOfWeekN(day)
  return w === 6 ? day + 2 : w === 0 ? day + 1 : day
}
/** Same day of month n months later (clamped), by day numbers. */
function addMonthsN(day: number, months: number): number {
  const dt = new Date(day * 86_400_000)
  const y = dt.getUTCFullYear()
  const m = dt.getUTCMonth() + months
  const d = dt.getUTCDate()
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  return Math.round(Date.UTC(y, m, Math.min(d, last)) / 86_400_000)
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function isCurrent(m: Membership, day: number): boolean {
  return m.from <= day && (m.to === null || m.to >= day)
}

/** Team count grows with the caseload: 4 for a chair's caseload, up to 8 for a large authority. */
function teamCount(children: number): number {
  if (children <= 100) return 4
  if (children <= 400) return 5
  if (children <= 1_000) return 6
  if (children <= 5_000) return 7
  return 8
}

class Emitter {
  readonly counts = Object.fromEntries(LIST_NAMES.map((l) => [l, 0])) as Record<ListName, number>
  private readonly dates = new Map<number, string>()
  constructor(private readonly sink: CaseloadSink) {}
  add<L extends ListName>(list: L, element: ElementOf<L>): void {
    this.counts[list]++
    this.sink.add(list, element)
  }
  date(day: number): CivilDate {
    let s = this.dates.get(day)
    if (s === undefined) {
      s = fromDayNumber(day)
      this.dates.set(day, s)
    }
    return s
  }
}

function buildProfessionals(options: DemoOptions, random: Random, out: Emitter): { teams: TeamPool[]; chairs: Pro[]; count: number } {
  let serial = 0
  // No two professionals share a name (a chair would take two "Wren Ashvale"s for one person). The
  // pool holds about 42,000 names; past that a middle initial keeps them apart.
  const used = new Set<string>()
  const uniqueName = (): string => {
    for (let i = 0; i < 40; i++) {
      const name = personName(random)
      if (!used.has(name)) {
        used.add(name)
        return name
      }
    }
    for (;;) {
      const [first, last] = personName(random).split(' ') as [string, string]
      const name = `${first} ${String.fromCharCode(65 + random.int(0, 25))}. ${last}`
      if (!used.has(name)) {
        used.add(name)
        return name
      }
    }
  }
  /** `nth`: agencies taken in turn (so every team has each health and education service for every age); else at random. */
  const make = (role: ProfessionalRole, agencyChoices: readonly string[], contactGaps: boolean, nth?: number): Pro => {
    serial++
    const id = `P${pad(serial, 5)}`
    const name = uniqueName()
    const agency = nth === undefined ? random.pick(agencyChoices) : (agencyChoices[nth % agencyChoices.length] as string)
    // A few partner-agency professionals have no contact details on record (contact-details-missing).
    let email: string | null = fictionalEmail(name, serial)
    let phone: string | null = fictionalPhone(random)
    if (contactGaps) {
      const r = random.next()
      if (r < 0.03) {
        email = null
        phone = null
      } else if (r < 0.1) {
        email = null
      } else if (r < 0.2) {
        phone = null
      }
    }
    out.add('professionals', { id, name, role, agency, email, phone })
    return { id, role, agency }
  }
  const n = teamCount(options.children)
  const weights = Array.from({ length: n }, () => 0.6 + random.next() * 0.8)
  const total = weights.reduce((a, b) => a + b, 0)
  const teams: TeamPool[] = []
  for (let t = 0; t < n; t++) {
    const weight = weights[t] ?? 1
    const kids = (options.children * weight) / total
    const count = (per: number, min: number) => Math.max(min, Math.ceil(kids / per))
    const times = (k: number, f: (i: number) => Pro) => Array.from({ length: k }, (_, i) => f(i))
    const sw = count(9, 3)
    teams.push({
      name: TEAM_NAMES[t] ?? `Demo Team ${t + 1}`,
      weight,
      socialWorkers: times(sw, () => make('social-worker', AGENCIES['social-worker'], false)),
      teamManagers: times(Math.max(1, Math.ceil(sw / 7)), () => make('team-manager', AGENCIES['team-manager'], false)),
      deputyManagers: times(count(250, 1), () => make('deputy-manager', AGENCIES['deputy-manager'], false)),
      health: times(count(20, AGENCIES.health.length), (i) => make('health', AGENCIES.health, true, i)),
      education: times(count(12, AGENCIES.education.length), (i) => make('education', AGENCIES.education, true, i)),
      police: times(count(70, 1), () => make('police', AGENCIES.police, true)),
      other: times(count(35, 2), () => make('other', AGENCIES.other, true)),
    })
  }
  const chairs = Array.from({ length: Math.max(2, Math.ceil(options.children / 70)) }, () =>
    make('cp-chair', AGENCIES['cp-chair'], false),
  )
  return { teams, chairs, count: serial }
}

function pickOther(random: Random, pool: readonly Pro[], not: Pro | null): Pro {
  if (pool.length < 2 || not === null) return random.pick(pool)
  for (;;) {
    const p = random.pick(pool)
    if (p !== not) return p
  }
}

interface ChildPlan {
  childId: string
  childNum: number
  planId: string
  dob: number
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
  const { teams, chairs, count: professionals } = buildProfessionals(options, root.derive('professionals'), out)
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

/** What every family draws on: the professionals, the teams and the as-of day. */
interface FamilyRun {
  out: Emitter
  teams: TeamPool[]
  teamWeights: readonly (readonly [number, number])[]
  chairs: Pro[]
  A: number
}

/** What one family's later steps share (built by the earlier steps, in this order). */
interface Family {
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

/** One family: its children and plans, conferences, workers and core group; then meetings, actions, disagreements and visits. */
function generateFamily(run: FamilyRun, random: Random, famNum: number, firstChildIndex: number, size: number): void {
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

  // Children: the youngest was born before the plan started; siblings 1–4 years apart.
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
      team: team.name,
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

  // Review conferences: ICPC at S, then 3 months, then every 6 months; a few late or not yet held.
  {
    const dates: number[] = [S]
    let c = S
    for (let n = 1; ; n++) {
      const due = addMonthsN(c, n === 1 ? 3 : 6)
      const held = random.chance(q.conferenceLate)
        ? weekdayOnOrAfter(due + random.int(3, 30))
        : weekdayOnOrBefore(due - random.int(0, 10))
      if (held > A) break
      dates.push(held)
      c = held
    }
    for (const kid of kids) {
      dates.forEach((d, i) => {
        out.add('conferences', {
          id: `CF${pad(kid.childNum, 6)}-${kid.planId.endsWith('-2') ? 2 : 1}-${i + 1}`,
          planId: kid.planId,
          kind: i === 0 ? 'initial' : 'review',
          date: out.date(d),
        })
      })
    }
  }

  // Allocated social worker history (shared by the siblings), with SSD change reasons.
  const allocations: { pro: Pro; from: number; to: number | null; reason: ChangeReason | null }[] = []
  {
    let worker = random.pick(team.socialWorkers)
    let from = S - random.int(7, 90)
    let reason: ChangeReason | null = null
    const rate = q.workerChangesPerYear * (complex ? 1.8 : 1)
    let t = S
    for (;;) {
      t += Math.max(14, Math.round((-Math.log(1 - random.next()) * 365) / rate))
      if (t > A) break
      allocations.push({ pro: worker, from, to: t - 1, reason })
      reason = random.weighted(CHANGE_REASON_WEIGHTS)
      worker = pickOther(random, team.socialWorkers, worker)
      from = t
    }
    let to: number | null = null
    if (random.chance(q.noCurrentWorker) && A - from > 20) to = A - random.int(1, Math.min(40, A - from - 1))
    allocations.push({ pro: worker, from, to, reason })
    for (const kid of kids) {
      allocations.forEach((a, i) => {
        out.add('allocations', {
          id: `A${pad(kid.childNum, 6)}-${i + 1}`,
          childId: kid.childId,
          professionalId: a.pro.id,
          startDate: out.date(a.from),
          endDate: a.to === null ? null : out.date(a.to),
          changeReason: a.reason,
        })
      })
    }
  }
  const allocatedOn = (day: number): Pro | null => {
    for (const a of allocations) if (a.from <= day && (a.to === null || a.to >= day)) return a.pro
    return null
  }

  // Core group membership: the allocated worker, health, education, sometimes police and others.
  const members: Membership[] = []
  for (const a of allocations) {
    const to = a.to
    if (to !== null && to < S) continue
    members.push({ pro: a.pro, from: Math.max(a.from, S), to })
  }
  // kids[0] is the youngest: each later sibling was born earlier.
  const youngestAge = (A - (kids[0]?.dob ?? A)) / 365.25
  const oldestAge = (A - (kids[kids.length - 1]?.dob ?? A)) / 365.25
  // Partners whose services fit the children's ages: a health visitor for a baby, a high school for a teenager.
  const partners: Pro[] = [pickForAge(random, team.health, youngestAge)]
  if (random.chance(0.35)) partners.push(pickForAge(random, team.health.filter((p) => p !== partners[0]), oldestAge))
  if (oldestAge >= 2) partners.push(pickForAge(random, team.education, oldestAge))
  if (size > 1 && youngestAge >= 2 && oldestAge - youngestAge > 3 && random.chance(0.6)) partners.push(pickForAge(random, team.education, youngestAge))
  if (random.chance(complex ? 0.6 : 0.25)) partners.push(random.pick(team.police))
  const others = random.weighted([[0, 40], [1, 40], [2, 20]] as const)
  for (let i = 0; i < others; i++) partners.push(random.pick(team.other))
  const replacements = new Map<Membership, Membership>()
  const seen = new Set<string>()
  for (const pro of partners) {
    if (seen.has(pro.id)) continue
    seen.add(pro.id)
    const from = pro.role === 'other' && random.chance(0.2) ? Math.min(A, S + random.int(20, 120)) : S
    const m: Membership = { pro, from, to: null }
    members.push(m)
    // Staff turnover in partner agencies: some members are replaced, a few leave without one.
    if (A - from > 60 && random.chance(Math.min(0.6, years * 0.25))) {
      const change = from + random.int(30, A - from)
      m.to = change - 1
      if (random.chance(0.85)) {
        const pool = team[pro.role as 'health' | 'education' | 'police' | 'other']
        const colleagues = pool.filter((x) => canReplace(pro, x))
        const next = colleagues.length > 0 ? random.pick(colleagues) : pickOther(random, pool, pro)
        if (!seen.has(next.id)) {
          seen.add(next.id)
          const r: Membership = { pro: next, from: change, to: null }
          members.push(r)
          replacements.set(m, r)
        }
      }
    }
  }
  for (const kid of kids) {
    for (const m of members) {
      out.add('members', {
        planId: kid.planId,
        professionalId: m.pro.id,
        fromDate: out.date(m.from),
        toDate: m.to === null ? null : out.date(m.to),
      })
    }
  }

  const f: Family = { random, out, A, S, q, quality, size, famNum, complex, kids, members, replacements, allocatedOn, meetingDays: [], manager, deputy, cpChair }
  emitMeetings(f)
  emitActions(f)
  emitDisagreements(f)
  emitVisits(f)
}

/** Core group meetings: one per family, covering every sibling's plan. */
function emitMeetings(f: Family): void {
  const { random, out, A, S, q, quality, famNum, complex, kids, members, allocatedOn, meetingDays, manager, deputy } = f
  const planIds = kids.map((k) => k.planId)
  {
    const scale = random.chance(0.6) ? 'safety' : 'danger'
    let safety = quality === 'poor' ? random.int(1, 4) : random.int(3, 5)
    const progress = quality === 'good' ? 0.35 : quality === 'fair' ? 0.2 : 0.05
    let day = weekdayOnOrAfter(S + random.int(...q.firstCoreGroup))
    let n = 0
    while (day <= A) {
      n++
      const id = `M${pad(famNum, 6)}-${n}`
      meetingDays.push(day)
      const current = members.filter((m) => isCurrent(m, day))
      const worker = allocatedOn(day)
      const chair: Pro = complex && random.chance(0.92) ? deputy : (worker ?? manager)
      const attended: string[] = []
      const apologies: string[] = []
      for (const m of current) {
        const p = m.pro.role === 'social-worker' ? 0.97 : m.pro.role === 'police' ? q.attendance - 0.1 : q.attendance
        if (m.pro === chair || random.chance(p)) attended.push(m.pro.id)
        else if (random.chance(0.75)) apologies.push(m.pro.id)
      }
      if (!attended.includes(chair.id)) attended.push(chair.id)
      safety = Math.max(0, Math.min(10, safety + progress + (random.next() - 0.5) * 1.2))
      const score = Math.round(safety)
      out.add('meetings', {
        id,
        planIds,
        date: out.date(day),
        chairId: chair.id,
        attended,
        apologies,
        planAvailable: random.chance(q.planAvailable),
        childViewsRecorded: random.chance(q.childViews),
        riskReviewed: random.chance(q.riskReviewed),
        riskScore: random.chance(0.85) ? { score: scale === 'safety' ? score : 10 - score, scale } : null,
      })
      // Decisions sent to every current member, attended or not; now and then some never arrive.
      const missed = random.chance(q.distributionMissed)
      const absentOnly = random.chance(0.6)
      const victim = current.length > 0 ? random.pick(current) : null
      for (const m of current) {
        if (missed && (absentOnly ? !attended.includes(m.pro.id) : m === victim)) continue
        const late = random.chance(q.distributionMissed / 2)
        const sent = day + (late ? random.int(15, 35) : random.int(...q.distributionDays))
        if (sent > A) continue
        out.add('distributions', { meetingId: id, professionalId: m.pro.id, date: out.date(sent) })
      }
      day = weekdayOnOrBefore(day + random.int(...q.coreGroupInterval))
    }
  }

}

/** Actions per plan: agreed at the ICPC and at core groups, reviewed at core groups. */
function emitActions(f: Family): void {
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

/** Professional disagreements, escalated through stages 1–4; most resolved. */
function emitDisagreements(f: Family): void {
  const { random, out, A, S, q, quality, kids, members, cpChair } = f
  {
    const expected = q.disagreementsPerYear * Math.max(0, (A - S - 14) / 365.25)
    let count = 0
    const r = random.next()
    let p = Math.exp(-expected)
    let cumulative = p
    while (r > cumulative && count < 5) {
      count++
      p *= expected / count
      cumulative += p
    }
    for (let i = 0; i < count; i++) {
      const kid = random.pick(kids)
      const raised = weekdayOnOrBefore(random.int(S + 14, A))
      if (raised < S) continue
      const candidates = members.filter((m) => isCurrent(m, raised) && m.pro.role !== 'social-worker')
      const raisedBy = candidates.length === 0 || random.chance(0.4) ? cpChair : random.pick(candidates).pro
      const stages: DisagreementStage[] = []
      let stage = random.chance(0.1) ? 2 : 1
      let start = raised
      let resolved: number | null = null
      for (;;) {
        const slow = quality === 'poor' ? 8 : 3
        const respond = weekdayOnOrAfter(start + random.int(1, (stage <= 2 ? 7 : 14) + slow))
        if (respond > A) {
          stages.push({ stage, startDate: out.date(start), respondedDate: null })
          break
        }
        stages.push({ stage, startDate: out.date(start), respondedDate: out.date(respond) })
        if (stage === 4 || random.chance(0.5)) {
          const done = respond + random.int(0, 20)
          if (done <= A) resolved = done
          break
        }
        const next = weekdayOnOrAfter(respond + random.int(1, 5))
        if (next > A) break
        stage++
        start = next
      }
      const d: Disagreement = {
        id: `D${pad(kid.childNum, 6)}-${i + 1}`,
        planId: kid.planId,
        raisedDate: out.date(raised),
        raisedById: raisedBy.id,
        category: random.pick(DISAGREEMENT_CATEGORIES),
        stages,
        resolvedDate: resolved === null ? null : out.date(resolved),
        outcome: resolved === null ? null : random.pick(DISAGREEMENT_OUTCOMES),
      }
      out.add('disagreements', d)
    }
  }

}

/** Statutory visits: siblings are usually seen on the same visit; each child seen alone or not. */
function emitVisits(f: Family): void {
  const { random, out, A, S, q, size, kids } = f
  {
    const counters = kids.map(() => 0)
    let day = weekdayOnOrAfter(S + random.int(1, 7))
    while (day <= A) {
      kids.forEach((kid, i) => {
        if (size > 1 && !random.chance(0.97)) return
        counters[i] = (counters[i] ?? 0) + 1
        const age = (day - kid.dob) / 365.25
        const p = age < 3 ? 0.5 : age < 5 ? 0.65 : q.seenAloneOlder
        out.add('visits', {
          id: `V${pad(kid.childNum, 6)}-${counters[i]}`,
          childId: kid.childId,
          date: out.date(day),
          seenAlone: random.chance(p),
        })
      })
      day = weekdayOnOrBefore(day + random.int(...q.visitInterval))
    }
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
