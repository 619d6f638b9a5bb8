/** The compact caseload table (shared/caseload-table.ts): what the core packs, the contract checks and the renderer unpacks. */
import { describe, expect, it } from 'vitest'
import { caseloadTableSchema, packCaseloadTable, unpackCaseloadTable, type FindingKind, type PlanRow } from '../../shared/caseload-table'

const rows: PlanRow[] = [
  { childId: 'C1', childName: 'Amy', complex: true, team: 'North', planId: 'P1', planStart: '2026-01-05', category: 'neglect', workerId: 'W1', workerName: 'Jo Smith' },
  { childId: 'C2', childName: 'Ben', complex: false, team: null, planId: 'P2', planStart: '2025-11-30', category: 'emotional', workerId: null, workerName: null },
  { childId: 'C3', childName: 'Cal', complex: false, team: 'North', planId: 'P3', planStart: '2026-02-28', category: 'multiple', workerId: 'W1', workerName: 'Jo Smith' },
  { childId: 'C3', childName: 'Cal', complex: false, team: 'North', planId: 'P4', planStart: '2026-03-01', category: 'physical', workerId: 'W2', workerName: null },
]
const findings: Record<string, FindingKind[]> = {
  P1: [
    { ruleId: 'core-group-overdue', severity: 'high', status: 'overdue' },
    { ruleId: 'visit-due', severity: 'medium', status: 'due-soon' },
  ],
  P3: [{ ruleId: 'core-group-overdue', severity: 'high', status: 'overdue' }],
  P4: [
    { ruleId: 'visit-due', severity: 'medium', status: 'due-soon' },
    { ruleId: 'no-worker', severity: 'low', status: 'flag' },
  ],
}
const packed = () => packCaseloadTable('2026-04-10', rows, (r) => findings[r.planId] ?? [])

describe('the compact caseload table', () => {
  it('unpacks to every row as it was, findings in their order, each score weighed high 3, medium 2, low 1', () => {
    const t = packed()
    expect(caseloadTableSchema.safeParse(t).success).toBe(true)
    // Each distinct kind, team and worker once.
    expect(t.kinds).toHaveLength(3)
    expect(t.teams).toEqual(['North'])
    expect(t.workers).toEqual([['W1', 'Jo Smith'], ['W2', null]])
    const back = unpackCaseloadTable(caseloadTableSchema.parse(JSON.parse(JSON.stringify(t))))
    expect(back).toEqual(rows.map((r) => ({ ...r, findings: findings[r.planId] ?? [], score: { P1: 5, P2: 0, P3: 3, P4: 3 }[r.planId] })))
  })

  it('packs an empty caseload to empty columns', () => {
    const t = packCaseloadTable('2026-04-10', [], () => [])
    expect(caseloadTableSchema.parse(t)).toEqual(t)
    expect(unpackCaseloadTable(t)).toEqual([])
  })

  it('refuses a column of the wrong length, an index that points at nothing, a bad date and counts that do not add up', () => {
    const problems = (change: (t: ReturnType<typeof packed>) => void) => {
      const t = packed()
      change(t)
      const r = caseloadTableSchema.safeParse(t)
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(problems(() => {})).toEqual([])
    expect(problems((t) => t.columns.childName.pop())).toEqual(['columns.childName: has 3 entries for 4 rows'])
    expect(problems((t) => (t.columns.team[2] = 1))).toEqual(['columns.team.2: points at nothing'])
    expect(problems((t) => (t.columns.worker[0] = -2))).toEqual(['columns.worker.0: is not an index'])
    expect(problems((t) => (t.findingKinds[1] = 3))).toEqual(['findingKinds.1: points at nothing'])
    expect(problems((t) => (t.columns.planStart[3] = '2026-02-30'))).toEqual(['columns.planStart.3: is not a real date (YYYY-MM-DD)'])
    expect(problems((t) => (t.columns.findingCount[1] = 1))).toEqual(['findingKinds: has 5 entries, the counts add up to 6'])
    expect(problems((t) => ((t.columns.childId as unknown[])[0] = 7))).toEqual(['columns.childId.0: is not an id'])
    expect(problems((t) => ((t.columns as { complex: unknown }).complex = 'yes'))).toEqual(['columns.complex: is not a list'])
  })

  it('checks and unpacks 50,000 rows (about 20 ms to check on a quiet machine: see README, Benchmarks)', () => {
    const many: PlanRow[] = Array.from({ length: 50_000 }, (_, i) => ({ ...rows[i % 4]!, childId: `child-${i}`, planId: `plan-${i}` }))
    const t = JSON.parse(JSON.stringify(packCaseloadTable('2026-04-10', many, (r) => findings[`P${(Number(r.planId.slice(5)) % 4) + 1}`] ?? [])))
    expect(caseloadTableSchema.safeParse(t).success).toBe(true)
    expect(unpackCaseloadTable(t)).toHaveLength(50_000)
  })
})
