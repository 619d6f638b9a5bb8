import { describe, expect, it } from 'vitest'
import { caseloadSchema, type Caseload } from '../../shared/caseload-format'
import { dayOfWeek, toDayNumber } from '../../shared/civil-date'
import { LIST_NAMES, type CaseloadSink } from '../../electron/core/caseload/lists'
import { demoCaseloadDocument, generateDemoCaseload } from '../../electron/core/demo/generate'
import { createRandom } from '../../electron/core/demo/random'

const asOf = '2026-03-16'
const A = toDayNumber(asOf)

describe('seeded random', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRandom('x')
    const b = createRandom('x')
    const c = createRandom('y')
    const sa = Array.from({ length: 5 }, () => a.next())
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa)
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa)
    const r = createRandom(1)
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5)
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true)
    }
  })
})

describe('demo caseload', () => {
  const small = demoCaseloadDocument({ children: 300, seed: 42, asOf })

  it('gives no two professionals the same name, even in a large caseload', () => {
    for (const doc of [small, demoCaseloadDocument({ children: 4000, seed: 7, asOf })]) {
      const names = doc.professionals.map((p) => p.name)
      expect(new Set(names).size).toBe(names.length)
    }
  })

  it('gives actions that fit the child\'s age, owned by the agency that would do them', () => {
    const dob = new Map(small.children.map((c) => [c.id, toDayNumber(c.dateOfBirth!)]))
    const childOf = new Map(small.plans.map((p) => [p.id, p.childId]))
    const pro = new Map(small.professionals.map((p) => [p.id, p]))
    const seen = { nursery: 0, school: 0, health: 0 }
    for (const a of small.actions) {
      const age = (toDayNumber(a.createdDate) - dob.get(childOf.get(a.planId)!)!) / 365.25
      const owner = a.ownerId ? pro.get(a.ownerId)! : null
      if (/^Nursery/.test(a.description)) {
        seen.nursery++
        expect(age, a.description).toBeLessThan(5)
      }
      if (/^School to/.test(a.description)) {
        seen.school++
        expect(age, a.description).toBeGreaterThanOrEqual(5)
        if (owner) expect(owner.agency).toMatch(/School|Academy/)
      }
      if (/^(GP|Health visitor|School nurse|CAMHS|Midwife) /.test(a.description)) {
        seen.health++
        if (owner) expect([owner.role, a.description]).toEqual(['health', a.description])
      }
      if (/^Health visitor/.test(a.description)) expect(age).toBeLessThan(5)
      if (/^Social worker/.test(a.description) && owner) expect(owner.role).toBe('social-worker')
      if (/^Police/.test(a.description) && owner) expect(owner.role).toBe('police')
    }
    expect(seen.nursery).toBeGreaterThan(0)
    expect(seen.school).toBeGreaterThan(0)
    expect(seen.health).toBeGreaterThan(0)
    // Partners fit the family's children: no nursery in a core group of teenagers only.
    const planAge = new Map(small.plans.map((p) => [p.id, (A - dob.get(p.childId)!) / 365.25]))
    // Siblings share a surname, a team and the plan's start date (and so one core group).
    const child = new Map(small.children.map((c) => [c.id, c]))
    const familyKey = (planId: string) => {
      const p = small.plans.find((x) => x.id === planId)!
      const c = child.get(p.childId)!
      return `${c.name.split(' ').at(-1)}|${c.team}|${p.startDate}`
    }
    const youngest = new Map<string, number>()
    for (const p of small.plans) youngest.set(familyKey(p.id), Math.min(youngest.get(familyKey(p.id)) ?? 99, planAge.get(p.id)!))
    const youngestInFamily = new Map(small.plans.map((p) => [p.id, youngest.get(familyKey(p.id))!]))
    for (const m of small.members) {
      const agency = pro.get(m.professionalId)!.agency
      if (/Nursery|Early Years/.test(agency)) expect(youngestInFamily.get(m.planId)!).toBeLessThan(8)
    }
  })

  it('is deterministic for a seed and differs for another seed', () => {
    const again = demoCaseloadDocument({ children: 300, seed: 42, asOf })
    expect(JSON.stringify(again)).toBe(JSON.stringify(small))
    const other = demoCaseloadDocument({ children: 300, seed: 43, asOf })
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(small))
    const text = demoCaseloadDocument({ children: 50, seed: 'demo', asOf })
    expect(JSON.stringify(text)).toBe(JSON.stringify(demoCaseloadDocument({ children: 50, seed: 'demo', asOf })))
  })

  it('validates against the interchange format', () => {
    const result = caseloadSchema.safeParse(small)
    expect(result.success ? [] : result.error.issues.slice(0, 5)).toEqual([])
    expect(small.children).toHaveLength(300)
  })

  it('has unique ids and every reference resolves', () => {
    checkIntegrity(small)
  })

  it('is clearly fictional', () => {
    for (const c of small.children) expect(c.team).toMatch(/^Demo Team /)
    for (const p of small.professionals) {
      expect(p.agency).toMatch(/^Demo /)
      if (p.email) expect(p.email).toMatch(/@example\.invalid$/)
      if (p.phone) expect(p.phone).toMatch(/^07700 900\d{3}$/)
    }
    expect(small.professionals.some((p) => !p.email && !p.phone)).toBe(true)
  })

  it('dates nothing after asOf except action due dates; meetings and visits on weekdays', () => {
    const late: string[] = []
    const check = (what: string, d: string | null | undefined) => {
      if (d && d > asOf) late.push(`${what} ${d}`)
    }
    for (const c of small.children) check(`child ${c.id} dob`, c.dateOfBirth)
    for (const a of small.allocations) { check(a.id, a.startDate); check(a.id, a.endDate) }
    for (const p of small.plans) { check(p.id, p.startDate); check(p.id, p.endDate) }
    for (const c of small.conferences) check(c.id, c.date)
    for (const m of small.members) { check(m.planId, m.fromDate); check(m.planId, m.toDate) }
    for (const m of small.meetings) check(m.id, m.date)
    for (const d of small.distributions) check(d.meetingId, d.date)
    for (const a of small.actions) { check(a.id, a.createdDate); check(a.id, a.closedDate); check(a.id, a.lastReviewedDate) }
    for (const d of small.disagreements) {
      check(d.id, d.raisedDate)
      check(d.id, d.resolvedDate)
      for (const s of d.stages) { check(d.id, s.startDate); check(d.id, s.respondedDate) }
    }
    for (const v of small.visits) check(v.id, v.date)
    expect(late).toEqual([])
    expect(small.actions.some((a) => a.dueDate && a.dueDate > asOf)).toBe(true)
    for (const m of small.meetings) expect([0, 6]).not.toContain(dayOfWeek(m.date))
    for (const v of small.visits) expect([0, 6]).not.toContain(dayOfWeek(v.date))
  })

  it('gives every child an open plan, siblings share core group meetings, complex cases and churn exist', () => {
    const open = small.plans.filter((p) => !p.endDate || p.endDate > asOf)
    expect(new Set(open.map((p) => p.childId)).size).toBe(small.children.length)
    expect(open.length).toBe(small.children.length)
    expect(small.plans.some((p) => p.endDate && p.endDate <= asOf)).toBe(true)
    expect(small.plans.some((p) => p.previousPlans > 0)).toBe(true)

    const childOfPlan = new Map(small.plans.map((p) => [p.id, p.childId]))
    const shared = small.meetings.filter((m) => m.planIds.length > 1)
    expect(shared.length).toBeGreaterThan(0)
    for (const m of shared) expect(new Set(m.planIds.map((id) => childOfPlan.get(id))).size).toBe(m.planIds.length)
    expect(Math.max(...small.meetings.map((m) => m.planIds.length))).toBeLessThanOrEqual(4)

    const complex = small.children.filter((c) => c.complex).length / small.children.length
    expect(complex).toBeGreaterThan(0.06)
    expect(complex).toBeLessThan(0.2)
    expect(small.allocations.some((a) => a.changeReason)).toBe(true)
    expect(new Set(small.disagreements.flatMap((d) => d.stages.map((s) => s.stage))).size).toBeGreaterThan(1)
    expect(small.disagreements.some((d) => d.resolvedDate)).toBe(true)
    expect(new Set(small.meetings.map((m) => m.riskScore?.scale).filter(Boolean))).toEqual(new Set(['safety', 'danger']))
    // Some plans are so recent that their first core group has not happened yet.
    const withMeetings = new Set(small.meetings.flatMap((m) => m.planIds))
    expect(open.some((p) => !withMeetings.has(p.id))).toBe(true)
  })

  it('has realistic volumes per plan-year', () => {
    const doc = demoCaseloadDocument({ children: 2000, seed: 'volumes', asOf })
    const start = new Map(
      doc.plans.filter((p) => !p.endDate).map((p) => [p.id, toDayNumber(p.startDate)] as const),
    )
    const childStart = new Map(doc.plans.filter((p) => !p.endDate).map((p) => [p.childId, toDayNumber(p.startDate)]))
    let planYears = 0
    for (const s of start.values()) planYears += (A - s) / 365.25
    const meetings = doc.meetings.reduce((n, m) => n + m.planIds.filter((id) => start.has(id)).length, 0) / planYears
    const visits = doc.visits.filter((v) => toDayNumber(v.date) >= (childStart.get(v.childId) ?? Infinity)).length / planYears
    const actions = doc.actions.filter((a) => start.has(a.planId)).length / planYears
    expect(meetings).toBeGreaterThan(11)
    expect(meetings).toBeLessThan(15)
    expect(visits).toBeGreaterThan(21)
    expect(visits).toBeLessThan(29)
    expect(actions).toBeGreaterThan(12)
    expect(actions).toBeLessThan(18)
  })

  it('streams 2,000 children into a counting sink with progress', () => {
    const counts = Object.fromEntries(LIST_NAMES.map((l) => [l, 0])) as Record<string, number>
    const sink: CaseloadSink = {
      add(list) {
        counts[list] = (counts[list] ?? 0) + 1
      },
    }
    let last = 0
    const summary = generateDemoCaseload({ children: 2000, seed: 9, asOf }, sink, (done) => {
      expect(done).toBeGreaterThan(last)
      last = done
    })
    expect(last).toBe(2000)
    expect(summary.children).toBe(2000)
    expect(summary.counts).toEqual(counts)
    expect(summary.teams.length).toBeGreaterThanOrEqual(4)
    expect(summary.teams.length).toBeLessThanOrEqual(8)
  })
})

function checkIntegrity(doc: Caseload): void {
  const ids = (list: { id: string }[], name: string) => {
    const set = new Set(list.map((x) => x.id))
    expect(set.size, `duplicate ids in ${name}`).toBe(list.length)
    return set
  }
  const children = ids(doc.children, 'children')
  const pros = ids(doc.professionals, 'professionals')
  ids(doc.allocations, 'allocations')
  const plans = ids(doc.plans, 'plans')
  ids(doc.conferences, 'conferences')
  const meetings = ids(doc.meetings, 'meetings')
  ids(doc.actions, 'actions')
  ids(doc.disagreements, 'disagreements')
  ids(doc.visits, 'visits')
  const missing: string[] = []
  const need = (set: Set<string>, id: string | null | undefined, where: string) => {
    if (id != null && !set.has(id)) missing.push(`${where} → ${id}`)
  }
  for (const a of doc.allocations) { need(children, a.childId, a.id); need(pros, a.professionalId, a.id) }
  for (const p of doc.plans) need(children, p.childId, p.id)
  for (const c of doc.conferences) need(plans, c.planId, c.id)
  for (const m of doc.members) { need(plans, m.planId, 'member'); need(pros, m.professionalId, 'member') }
  for (const m of doc.meetings) {
    for (const id of m.planIds) need(plans, id, m.id)
    need(pros, m.chairId, m.id)
    for (const id of [...m.attended, ...m.apologies]) need(pros, id, m.id)
    expect(m.attended.filter((id) => m.apologies.includes(id))).toEqual([])
  }
  for (const d of doc.distributions) { need(meetings, d.meetingId, 'distribution'); need(pros, d.professionalId, 'distribution') }
  for (const a of doc.actions) { need(plans, a.planId, a.id); need(pros, a.ownerId, a.id) }
  for (const d of doc.disagreements) { need(plans, d.planId, d.id); need(pros, d.raisedById, d.id) }
  for (const v of doc.visits) need(children, v.childId, v.id)
  expect(missing.slice(0, 5)).toEqual([])
}
