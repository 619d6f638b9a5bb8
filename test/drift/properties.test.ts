import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../shared/civil-date'
import type { Caseload } from '../../shared/caseload-format'
import { scanDocument } from '../../electron/core/drift/scan'
import { randomCaseload, rng } from './random-caseload'

/** Adds facts dated after A, and closes/resolves/reviews things after A: none may change a scan on A. */
function addFuture(doc: Caseload, A: string, seed: number): Caseload {
  const r = rng(seed)
  const later = () => addDays(A, 1 + Math.floor(r() * 60))
  const d = structuredClone(doc)
  for (const p of d.plans) {
    d.meetings.push({ id: `FM-${p.id}`, planIds: [p.id], date: later(), chairId: 'PR0', attended: [], apologies: [], planAvailable: false, childViewsRecorded: false, riskReviewed: false, riskScore: { score: 0, scale: 'safety' } })
    d.conferences.push({ id: `FC-${p.id}`, planId: p.id, kind: 'review', date: later() })
    d.actions.push({ id: `FA-${p.id}`, planId: p.id, createdDate: later(), description: 'x', status: 'open', dueDate: A })
    d.members.push({ planId: p.id, professionalId: 'PR3', fromDate: later() })
    d.disagreements.push({ id: `FD-${p.id}`, planId: p.id, raisedDate: later(), raisedById: 'PR1', category: 'other', stages: [] })
  }
  for (const c of d.children) {
    d.visits.push({ id: `FV-${c.id}`, childId: c.id, date: later(), seenAlone: false })
    d.allocations.push({ id: `FAL-${c.id}`, childId: c.id, professionalId: 'PR2', startDate: later() })
  }
  for (const m of d.meetings) if (m.date <= A) d.distributions.push({ meetingId: m.id, professionalId: 'PR4', date: later() })
  for (const a of d.actions) {
    if (a.status === 'open' && a.createdDate <= A) {
      a.status = r() < 0.5 ? 'done' : 'dropped'
      a.closedDate = later()
    }
    if (a.lastReviewedDate == null && r() < 0.5) a.lastReviewedDate = later()
  }
  for (const g of d.disagreements) {
    if (g.resolvedDate == null) g.resolvedDate = later()
    g.stages.push({ stage: 4, startDate: later() })
  }
  return d
}

describe('drift scan properties', () => {
  it('facts dated after the as-of date never change a scan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: -200, max: 40 }), (seed, o) => {
        const A = addDays('2026-12-15', o)
        const doc = randomCaseload(seed)
        const before = scanDocument(doc, { asOf: A })
        const after = scanDocument(addFuture(doc, A, seed), { asOf: A })
        expect(after.findings).toEqual(before.findings)
      }),
      { numRuns: 150 },
    )
  })

  it('is deterministic: the same input gives the same output, whatever the list order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: -200, max: 40 }), (seed, o) => {
        const A = addDays('2026-12-15', o)
        const doc = randomCaseload(seed)
        const { timings: _t1, ...a } = scanDocument(doc, { asOf: A })
        const { timings: _t2, ...b } = scanDocument(structuredClone(doc), { asOf: A })
        expect(JSON.stringify(b)).toBe(JSON.stringify(a))
        const reversed = structuredClone(doc)
        for (const k of ['plans', 'meetings', 'visits', 'actions', 'allocations', 'conferences', 'members', 'distributions', 'disagreements'] as const) {
          ;(reversed[k] as unknown[]).reverse()
        }
        expect(scanDocument(reversed, { asOf: A }).findings).toEqual(a.findings)
      }),
      { numRuns: 100 },
    )
  })

  it('every message is one sentence with no ids and findings are sorted', () => {
    const scan = scanDocument(randomCaseload(42, '2026-12-15', 20), { asOf: '2026-12-15' })
    expect(scan.findings.length).toBeGreaterThan(10)
    for (const f of scan.findings) {
      expect(f.message).toMatch(/^[A-Z].*\.$/)
      expect(f.message.split(/\. /).length).toBe(1)
      if (f.status === 'due-soon') expect(f.severity).toBe('low')
    }
    const keys = scan.findings.map((f) => [f.childId, f.planId, f.ruleId, f.subject.id].join('\u0000'))
    expect([...keys].sort()).toEqual(keys)
  })
})
