/**
 * A child's records as they stood on the as-of date: what was recorded later is left out (a
 * meeting held after A) or undone (an action closed after A is shown open, a disagreement resolved
 * after A unresolved), following the same "nothing dated after A counts" rule as the drift scan
 * (design brief §4). Pure.
 */
import type { CaseRecords } from '../queries/case-detail'

const upTo = (asOf: string) => (d: string | null | undefined) => (d != null && d <= asOf ? d : null)

export function recordsAsOf(r: CaseRecords, asOf: string): CaseRecords {
  const keep = upTo(asOf)
  const meetings = r.meetings.filter((m) => m.date <= asOf)
  const meetingIds = new Set(meetings.map((m) => m.id))
  const plans = r.plans.filter((p) => p.startDate <= asOf).map((p) => ({ ...p, endDate: keep(p.endDate) }))
  const planIds = new Set(plans.map((p) => p.id))
  const onPlan = <T extends { planId: string }>(x: T) => planIds.has(x.planId)
  const out: CaseRecords = {
    child: r.child,
    plans,
    conferences: r.conferences.filter((c) => c.date <= asOf).filter(onPlan),
    members: r.members.filter((m) => m.fromDate <= asOf).filter(onPlan).map((m) => ({ ...m, toDate: keep(m.toDate) })),
    meetings,
    distributions: r.distributions.filter((d) => d.date <= asOf && meetingIds.has(d.meetingId)),
    actions: r.actions
      .filter((a) => a.createdDate <= asOf)
      .filter(onPlan)
      .map((a) =>
        a.closedDate != null && a.closedDate > asOf
          ? { ...a, status: 'open' as const, closedDate: null, lastReviewedDate: keep(a.lastReviewedDate) }
          : { ...a, lastReviewedDate: keep(a.lastReviewedDate) },
      ),
    allocations: r.allocations.filter((a) => a.startDate <= asOf).map((a) => ({ ...a, endDate: keep(a.endDate) })),
    disagreements: r.disagreements
      .filter((d) => d.raisedDate <= asOf)
      .filter(onPlan)
      .map((d) => {
        const resolved = keep(d.resolvedDate)
        return {
          ...d,
          resolvedDate: resolved,
          outcome: resolved ? (d.outcome ?? null) : null,
          stages: d.stages.filter((s) => s.startDate <= asOf).map((s) => ({ ...s, respondedDate: keep(s.respondedDate) })),
        }
      }),
    visits: r.visits.filter((v) => v.date <= asOf),
    professionals: [],
  }
  // Only the professionals still referred to.
  const used = new Set<string>()
  for (const a of out.allocations) used.add(a.professionalId)
  for (const m of out.members) used.add(m.professionalId)
  for (const m of out.meetings) {
    used.add(m.chairId)
    for (const id of [...m.attended, ...m.apologies]) used.add(id)
  }
  for (const d of out.distributions) used.add(d.professionalId)
  for (const a of out.actions) if (a.ownerId) used.add(a.ownerId)
  for (const d of out.disagreements) used.add(d.raisedById)
  out.professionals = r.professionals.filter((p) => used.has(p.id))
  return out
}
