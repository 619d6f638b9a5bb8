/**
 * The numbers audit's hand-built caseload (test/drift/numbers-contract.test.ts and
 * test/e2e/numbers-contract.spec.ts; their headers give the figures worked out by hand from it), as of
 * A = Wed 18 Nov 2026: 12 children, two workers both called Sam Reid, a child with two open plans, a
 * plan ending on A, an ended earlier plan, unallocated children and children with no team.
 */
export const A = '2026-11-18'

export type Lists = 'children' | 'professionals' | 'allocations' | 'plans' | 'conferences' | 'members' | 'meetings' | 'distributions' | 'actions' | 'disagreements' | 'visits'
export type Doc = { format: string; version: number } & Record<Lists, unknown[]>

export function cleanPlan(id: string, childId: string, meeting: Partial<Record<string, unknown>> = {}) {
  return {
    plan: { id, childId, startDate: '2026-10-05', initialCategory: 'neglect', previousPlans: 0 },
    conference: { id: `K-${id}`, planId: id, kind: 'initial', date: '2026-10-05' },
    meeting: {
      id: `M-${id}`,
      planIds: [id],
      date: '2026-11-10',
      chairId: 'P9',
      attended: [],
      apologies: [],
      planAvailable: true,
      childViewsRecorded: true,
      riskReviewed: true,
      ...meeting,
    },
  }
}

/** The hand-built caseload described in the header. */
export function numbersCaseload(): Doc {
  const children = [
    { id: 'C01', name: 'Amy Clean', complex: false, team: 'North' },
    { id: 'C02', name: 'Ben Unallocated', complex: false, team: 'North' },
    { id: 'C03', name: 'Cal Visit', complex: false, team: 'North' },
    { id: 'C04', name: 'Dee Visit', complex: false, team: 'South' },
    { id: 'C05', name: 'Eve Views', complex: false, team: 'South' },
    { id: 'C06', name: 'Fin Safety', complex: false },
    { id: 'C07', name: 'Gus Soon', complex: false, team: null },
    { id: 'C9', name: 'Ivy Nine', complex: false },
    { id: 'C10', name: 'Jon Ten', complex: false },
    { id: 'C11', name: 'Kit Ended', complex: false, team: 'North' },
    { id: 'C12', name: 'Lia Twoplans', complex: false, team: 'South' },
    { id: 'C13', name: 'Max Bothopen', complex: false, team: 'North' },
  ]
  const professionals = [
    { id: 'P1', name: 'Sam Reid', role: 'social-worker', agency: "Children's Social Care", email: 'sam1@example.invalid' },
    { id: 'P2', name: 'Sam Reid', role: 'social-worker', agency: "Children's Social Care", email: 'sam2@example.invalid' },
    { id: 'P3', name: 'Lee Park', role: 'social-worker', agency: "Children's Social Care", email: 'lee@example.invalid' },
    { id: 'P9', name: 'Dot Chair', role: 'deputy-manager', agency: "Children's Social Care", email: 'dot@example.invalid' },
  ]
  const alloc = (child: string, prof: string) => ({ id: `A-${child}`, childId: child, professionalId: prof, startDate: '2026-09-01' })
  const allocations = [alloc('C01', 'P1'), alloc('C03', 'P1'), alloc('C04', 'P2'), alloc('C05', 'P2'), alloc('C06', 'P3'), alloc('C07', 'P3'), alloc('C11', 'P1'), alloc('C12', 'P1'), alloc('C13', 'P3')]
  const parts = [
    cleanPlan('PL01', 'C01'),
    cleanPlan('PL02', 'C02'),
    cleanPlan('PL03', 'C03'),
    cleanPlan('PL04', 'C04'),
    cleanPlan('PL05', 'C05', { childViewsRecorded: false, planAvailable: false }),
    cleanPlan('PL06', 'C06', { childViewsRecorded: false, riskScore: { score: 1, scale: 'safety' } }),
    cleanPlan('PL07', 'C07'),
    cleanPlan('PL09', 'C9'),
    cleanPlan('PL10', 'C10'),
    cleanPlan('PL12b', 'C12', { riskReviewed: false }),
    cleanPlan('PL13a', 'C13', { childViewsRecorded: false }),
    cleanPlan('PL13b', 'C13', { childViewsRecorded: false }),
  ]
  const plans: unknown[] = parts.map((p) => p.plan)
  const conferences: unknown[] = parts.map((p) => p.conference)
  const meetings: unknown[] = parts.map((p) => p.meeting)
  // C11: plan ends on A (open when endDate > A: not open on A); no core group, so it WOULD be overdue if open.
  plans.push({ id: 'PL11', childId: 'C11', startDate: '2026-10-05', endDate: A, initialCategory: 'physical', previousPlans: 0 })
  conferences.push({ id: 'K-PL11', planId: 'PL11', kind: 'initial', date: '2026-10-05' })
  // C12: an earlier plan, ended 1 Jun 2026, never had a core group (must give nothing).
  plans.push({ id: 'PL12a', childId: 'C12', startDate: '2025-01-06', endDate: '2026-06-01', initialCategory: 'emotional', previousPlans: 0 })
  const visitDates: Record<string, string> = { C01: '2026-11-17', C02: '2026-11-17', C03: '2026-11-03', C04: '2026-10-20', C05: '2026-11-17', C06: '2026-11-17', C07: '2026-11-05', C9: '2026-11-17', C10: '2026-11-17', C11: '2026-11-17', C12: '2026-11-17', C13: '2026-11-17' }
  const visits = Object.entries(visitDates).map(([childId, date]) => ({ id: `V-${childId}`, childId, date, seenAlone: true }))
  return {
    format: 'driftwatch.caseload',
    version: 1,
    children,
    professionals,
    allocations,
    plans,
    conferences,
    members: [],
    meetings,
    distributions: [],
    actions: [],
    disagreements: [],
    visits,
  }
}
