/**
 * A small hand-made caseload whose audit answers are worked out by hand for March 2026 (no bank
 * holidays in February or March 2026; Good Friday is 3 April). See indicators.test.ts.
 */
import { emptyCaseload, type Caseload } from '../../shared/caseload-format'

export const FROM = '2026-03-01'
export const TO = '2026-03-31'

const meeting = (
  id: string,
  planIds: string[],
  date: string,
  chairId: string,
  flags: { plan?: boolean; views?: boolean; risk?: boolean } = {},
) => ({
  id,
  planIds,
  date,
  chairId,
  attended: [chairId],
  apologies: [],
  planAvailable: flags.plan ?? true,
  childViewsRecorded: flags.views ?? true,
  riskReviewed: flags.risk ?? true,
})

export function handMadeCaseload(): Caseload {
  const doc = emptyCaseload()
  doc.children = [
    { id: 'C1', name: 'Fictional Ash Test', complex: false },
    { id: 'C2', name: 'Fictional Birch Test', complex: true },
    { id: 'C3', name: 'Fictional Cedar Test', complex: false },
    { id: 'C4', name: 'Fictional Dogwood Test', complex: false },
    { id: 'C5', name: 'Fictional Elder Test', complex: false },
    { id: 'C6', name: 'Fictional Fir Test', complex: false },
  ]
  doc.professionals = [
    { id: 'SW1', name: 'Sam Worker (fictional)', role: 'social-worker', agency: "Children's Social Care", email: 'sam@example.invalid' },
    { id: 'SW2', name: 'Kit Worker (fictional)', role: 'social-worker', agency: "Children's Social Care", email: 'kit@example.invalid' },
    { id: 'DM', name: 'Dee Manager (fictional)', role: 'deputy-manager', agency: "Children's Social Care", email: 'dee@example.invalid' },
    { id: 'H1', name: 'Hana Visitor (fictional)', role: 'health', agency: 'Health Visiting', phone: '07700 900123' },
  ]
  doc.allocations = [
    { id: 'AL1', childId: 'C1', professionalId: 'SW1', startDate: '2025-01-01' },
    { id: 'AL2', childId: 'C2', professionalId: 'SW1', startDate: '2025-06-01', endDate: '2026-03-09' },
    { id: 'AL3', childId: 'C2', professionalId: 'SW2', startDate: '2026-03-10', changeReason: 'LEFTRL' },
    { id: 'AL4', childId: 'C3', professionalId: 'SW2', startDate: '2026-02-20' },
    { id: 'AL5', childId: 'C4', professionalId: 'SW1', startDate: '2025-11-01' },
    { id: 'AL6', childId: 'C5', professionalId: 'SW1', startDate: '2025-12-01' },
    { id: 'AL7', childId: 'C6', professionalId: 'SW2', startDate: '2025-12-01' },
    { id: 'AL8', childId: 'C4', professionalId: 'SW2', startDate: '2026-04-02' },
  ]
  doc.plans = [
    { id: 'PL1', childId: 'C1', startDate: '2026-02-16', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PL2', childId: 'C2', startDate: '2026-02-18', initialCategory: 'emotional', previousPlans: 0 },
    { id: 'PL3', childId: 'C3', startDate: '2026-03-02', initialCategory: 'physical', previousPlans: 0 },
    { id: 'PL4', childId: 'C4', startDate: '2025-12-01', initialCategory: 'neglect', previousPlans: 1 },
    { id: 'PL5', childId: 'C5', startDate: '2025-12-15', initialCategory: 'neglect', previousPlans: 0 },
    { id: 'PL6', childId: 'C6', startDate: '2025-12-10', endDate: '2026-03-05', initialCategory: 'neglect', previousPlans: 0 },
  ]
  doc.conferences = [
    { id: 'K1', planId: 'PL1', kind: 'initial', date: '2026-02-16' },
    { id: 'K2', planId: 'PL2', kind: 'initial', date: '2026-02-18' },
    { id: 'K3', planId: 'PL3', kind: 'initial', date: '2026-03-02' },
    { id: 'K4', planId: 'PL4', kind: 'initial', date: '2025-12-01' },
    { id: 'K5', planId: 'PL4', kind: 'review', date: '2026-02-25' },
    { id: 'K6', planId: 'PL6', kind: 'initial', date: '2025-12-10' },
  ]
  doc.members = [
    { planId: 'PL1', professionalId: 'SW1', fromDate: '2026-02-16' },
    { planId: 'PL1', professionalId: 'H1', fromDate: '2026-02-16' },
    { planId: 'PL2', professionalId: 'SW1', fromDate: '2026-02-18' },
    { planId: 'PL2', professionalId: 'DM', fromDate: '2026-02-18' },
    { planId: 'PL2', professionalId: 'SW2', fromDate: '2026-02-18', toDate: '2026-03-01' },
    { planId: 'PL3', professionalId: 'SW2', fromDate: '2026-03-02' },
    { planId: 'PL4', professionalId: 'H1', fromDate: '2025-12-01' },
  ]
  doc.meetings = [
    meeting('M1', ['PL1'], '2026-02-27', 'SW1'),
    meeting('M2', ['PL2'], '2026-03-05', 'DM', { views: false }),
    meeting('M3', ['PL1'], '2026-03-20', 'SW1', { risk: false }),
    meeting('M4', ['PL3'], '2026-03-20', 'SW2', { views: false }),
    meeting('M5', ['PL4'], '2026-01-20', 'SW1'),
    meeting('M6', ['PL4'], '2026-02-10', 'SW1'),
    meeting('M7', ['PL4'], '2026-03-12', 'SW1', { plan: false }),
    meeting('M8', ['PL2', 'PL3'], '2026-03-25', 'SW2'),
  ]
  doc.distributions = [
    { meetingId: 'M1', professionalId: 'SW1', date: '2026-03-02' },
    { meetingId: 'M1', professionalId: 'H1', date: '2026-03-02' },
    { meetingId: 'M2', professionalId: 'SW1', date: '2026-03-06' },
    { meetingId: 'M7', professionalId: 'H1', date: '2026-03-27' },
  ]
  doc.actions = [
    { id: 'AC1', planId: 'PL1', createdDate: '2026-03-02', description: 'Arrange nursery place', outcome: 'Attends 3 days', ownerId: 'SW1', dueDate: '2026-03-30', status: 'open' },
    { id: 'AC2', planId: 'PL2', createdDate: '2026-03-05', description: 'Health check', outcome: 'Checked', dueDate: '2026-03-30', status: 'open' },
    { id: 'AC3', planId: 'PL3', createdDate: '2026-03-20', description: 'School meeting', outcome: 'Plan agreed', ownerId: 'SW2', status: 'open' },
    { id: 'AC4', planId: 'PL4', createdDate: '2026-03-12', description: 'Dental visit — “née” ünïcode ✓', outcome: '   ', ownerId: 'H1', dueDate: '2026-04-10', status: 'open' },
    { id: 'AC5', planId: 'PL1', createdDate: '2026-02-27', description: 'Older action', ownerId: 'SW1', dueDate: '2026-03-06', status: 'open' },
  ]
  doc.disagreements = [
    { id: 'D1', planId: 'PL1', raisedDate: '2026-02-16', raisedById: 'H1', category: 'threshold', stages: [{ stage: 1, startDate: '2026-02-16' }], resolvedDate: '2026-03-10' },
    { id: 'D2', planId: 'PL4', raisedDate: '2026-02-20', raisedById: 'H1', category: 'plan-progress', stages: [{ stage: 1, startDate: '2026-02-20' }] },
    { id: 'D3', planId: 'PL4', raisedDate: '2026-03-10', raisedById: 'H1', category: 'visits', stages: [] },
  ]
  doc.visits = [{ id: 'V1', childId: 'C1', date: '2026-03-25', seenAlone: true }]
  return doc
}
