// Adding a fact to the drift summary: see README § "Adding a fact to the drift summary" (six files, in order).
/**
 * The facts the drift rules read about one plan (design brief §4), and how to get them from an
 * in-memory caseload document. The database loader (queries/drift-facts.ts) fills the same shape
 * with only what the rules need on the as-of date; the rules themselves still apply every as-of
 * condition of §4, so a superset of facts (as factsFromCaseload gives) produces the same findings.
 */
import type { Caseload, ProfessionalRole } from '../../../shared/caseload-format'
import type { CivilDate } from '../../../shared/civil-date'
import { memberOn as sharedMemberOn, planOpenOn } from '../../../shared/period'

export interface MeetingFacts {
  id: string
  date: CivilDate
  chairId: string
  chairRole: ProfessionalRole | null
  /** Professionals present (not apologies). The loader fills it for the plan's two latest meetings. */
  attended: readonly string[]
  planAvailable: boolean
  childViewsRecorded: boolean
  riskReviewed: boolean
  riskScore: { score: number; scale: 'safety' | 'danger' } | null
  /** Distributions of this meeting's decisions (the loader gives those dated <= A for meetings in the lookback). */
  distributions: readonly { professionalId: string; date: CivilDate }[]
}

export interface MemberFacts {
  professionalId: string
  fromDate: CivilDate
  toDate: CivilDate | null
  /** The professional has an email or a phone number (non-blank). */
  hasContact: boolean
}

export interface AllocationFacts {
  id: string
  professionalId: string
  startDate: CivilDate
  endDate: CivilDate | null
}

export interface ActionFacts {
  id: string
  createdDate: CivilDate
  /** The expected outcome is missing or blank (only spaces, tabs or line breaks). */
  outcomeBlank: boolean
  ownerId: string | null
  dueDate: CivilDate | null
  status: 'open' | 'done' | 'dropped'
  closedDate: CivilDate | null
  lastReviewedDate: CivilDate | null
}

export interface DisagreementFacts {
  id: string
  raisedDate: CivilDate
  resolvedDate: CivilDate | null
  /** In recorded order. */
  stages: readonly { stage: number; startDate: CivilDate }[]
}

export interface ConferenceFacts {
  id: string
  kind: 'initial' | 'review'
  date: CivilDate
}

export interface VisitFacts {
  id: string
  date: CivilDate
  seenAlone: boolean
}

export interface PlanFacts {
  planId: string
  childId: string
  startDate: CivilDate
  endDate: CivilDate | null
  complex: boolean
  team: string | null
  /** Core group meetings covering this plan (any order). */
  meetings: readonly MeetingFacts[]
  conferences: readonly ConferenceFacts[]
  members: readonly MemberFacts[]
  /** The child's allocated-worker history. */
  allocations: readonly AllocationFacts[]
  actions: readonly ActionFacts[]
  disagreements: readonly DisagreementFacts[]
  /** The child's visits. */
  visits: readonly VisitFacts[]
  /**
   * Derived from the database (absent from in-memory facts): meetings M of the plan, dated from its
   * start, at which some member current on M.date has no distribution dated <= A, with how many
   * distinct such members. The history loader gives those in [max(start, A − lookback), A] with
   * addWD(M.date, W) < A; the drift summary gives every such meeting (all its records are dated <= A).
   * When it is given, decisions-not-distributed reads it (applying the window and deadline itself)
   * instead of the meetings' distributions.
   */
  undistributed?: readonly UndistributedFacts[]
}

export interface UndistributedFacts {
  meetingId: string
  date: CivilDate
  /** Distinct members current on `date` with no distribution of the meeting dated <= A. */
  missing: number
}

/** Latest first: by date, then id (both descending). */
export function byLatest<T extends { id: string; date: string }>(a: T, b: T): number {
  if (a.date !== b.date) return a.date > b.date ? -1 : 1
  return a.id > b.id ? -1 : a.id < b.id ? 1 : 0
}

/** A plan's facts seen on A: the derived views several rules share. */
export interface PlanState {
  facts: PlanFacts
  asOf: CivilDate
  open: boolean
  /** The plan's meetings dated in [start, A], latest first. */
  meetings: readonly MeetingFacts[]
  /** The child's visits dated in [start, A], latest first. */
  visits: readonly VisitFacts[]
  /** Members current on A. */
  currentMembers: readonly MemberFacts[]
}

/** A plan open on A (§4: the end date is exclusive); shared/period.ts decides. */
export function isOpenOn(startDate: CivilDate, endDate: CivilDate | null, asOf: CivilDate): boolean {
  return planOpenOn({ startDate, endDate }, asOf)
}

/** A member current on the date (§4: the end date is inclusive); shared/period.ts decides. */
export function memberOn(m: MemberFacts, date: CivilDate): boolean {
  return sharedMemberOn(m, date)
}

/**
 * The items dated in [start, A], latest first: the array itself when it already is exactly that
 * (as the database loader gives it), so the hot loop copies nothing; otherwise a filtered, sorted copy.
 */
function inRangeLatestFirst<T extends { id: string; date: string }>(items: readonly T[], start: CivilDate, asOf: CivilDate): readonly T[] {
  let ok = true
  for (let i = 0; i < items.length && ok; i++) {
    const d = items[i]!.date
    ok = d <= asOf && d >= start && (i === 0 || byLatest(items[i - 1]!, items[i]!) < 0)
  }
  if (ok) return items
  const out = items.filter((x) => x.date <= asOf && x.date >= start)
  if (out.length > 1) out.sort(byLatest)
  return out
}

export function planState(facts: PlanFacts, asOf: CivilDate): PlanState {
  const start = facts.startDate
  let current: MemberFacts[] | readonly MemberFacts[] = facts.members
  for (const m of facts.members) {
    if (!memberOn(m, asOf)) {
      current = facts.members.filter((x) => memberOn(x, asOf))
      break
    }
  }
  return {
    facts,
    asOf,
    open: isOpenOn(start, facts.endDate, asOf),
    meetings: inRangeLatestFirst(facts.meetings, start, asOf),
    visits: inRangeLatestFirst(facts.visits, start, asOf),
    currentMembers: current,
  }
}

/** Null, empty, or only spaces, tabs and line breaks (the same test the database loader makes in SQL). */
export const isBlank = (s: string | null | undefined): boolean => s == null || /^[ \t\n\r]*$/.test(s)

/** Every plan of a caseload document with all its facts (no as-of filtering: the rules do that). */
export function factsFromCaseload(doc: Caseload): PlanFacts[] {
  const children = new Map(doc.children.map((c) => [c.id, c]))
  const professionals = new Map(doc.professionals.map((p) => [p.id, p]))
  const group = <T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> => {
    const m = new Map<K, T[]>()
    for (const it of items) {
      const k = key(it)
      const list = m.get(k)
      if (list) list.push(it)
      else m.set(k, [it])
    }
    return m
  }
  const distributionsByMeeting = group(doc.distributions, (d) => d.meetingId)
  const meetingsByPlan = new Map<string, MeetingFacts[]>()
  for (const m of doc.meetings) {
    const attendedSet = new Set(m.attended)
    const mf: MeetingFacts = {
      id: m.id,
      date: m.date,
      chairId: m.chairId,
      chairRole: professionals.get(m.chairId)?.role ?? null,
      attended: [...attendedSet],
      planAvailable: m.planAvailable,
      childViewsRecorded: m.childViewsRecorded,
      riskReviewed: m.riskReviewed,
      riskScore: m.riskScore ? { score: m.riskScore.score, scale: m.riskScore.scale } : null,
      distributions: (distributionsByMeeting.get(m.id) ?? []).map((d) => ({ professionalId: d.professionalId, date: d.date })),
    }
    for (const planId of new Set(m.planIds)) {
      const list = meetingsByPlan.get(planId)
      if (list) list.push(mf)
      else meetingsByPlan.set(planId, [mf])
    }
  }
  const conferencesByPlan = group(doc.conferences, (c) => c.planId)
  const membersByPlan = group(doc.members, (m) => m.planId)
  const allocationsByChild = group(doc.allocations, (a) => a.childId)
  const actionsByPlan = group(doc.actions, (a) => a.planId)
  const disagreementsByPlan = group(doc.disagreements, (d) => d.planId)
  const visitsByChild = group(doc.visits, (v) => v.childId)

  return doc.plans.map((p) => {
    const child = children.get(p.childId)
    return {
      planId: p.id,
      childId: p.childId,
      startDate: p.startDate,
      endDate: p.endDate ?? null,
      complex: child?.complex ?? false,
      team: child?.team ?? null,
      meetings: meetingsByPlan.get(p.id) ?? [],
      conferences: (conferencesByPlan.get(p.id) ?? []).map((c) => ({ id: c.id, kind: c.kind, date: c.date })),
      members: (membersByPlan.get(p.id) ?? []).map((m) => {
        const prof = professionals.get(m.professionalId)
        return {
          professionalId: m.professionalId,
          fromDate: m.fromDate,
          toDate: m.toDate ?? null,
          hasContact: !!prof && (!isBlank(prof.email) || !isBlank(prof.phone)),
        }
      }),
      allocations: (allocationsByChild.get(p.childId) ?? []).map((a) => ({
        id: a.id,
        professionalId: a.professionalId,
        startDate: a.startDate,
        endDate: a.endDate ?? null,
      })),
      actions: (actionsByPlan.get(p.id) ?? []).map((a) => ({
        id: a.id,
        createdDate: a.createdDate,
        outcomeBlank: isBlank(a.outcome),
        ownerId: a.ownerId ?? null,
        dueDate: a.dueDate ?? null,
        status: a.status,
        closedDate: a.closedDate ?? null,
        lastReviewedDate: a.lastReviewedDate ?? null,
      })),
      disagreements: (disagreementsByPlan.get(p.id) ?? []).map((d) => ({
        id: d.id,
        raisedDate: d.raisedDate,
        resolvedDate: d.resolvedDate ?? null,
        stages: d.stages.map((s) => ({ stage: s.stage, startDate: s.startDate })),
      })),
      visits: (visitsByChild.get(p.childId) ?? []).map((v) => ({ id: v.id, date: v.date, seenAlone: v.seenAlone })),
    }
  })
}
