/**
 * `triage`: the order of issue 11 on caseloads it has never seen, checked against an independent
 * sort written from the text over the independent §4 reference (test/drift/reference-drift.ts);
 * every finding with a next step; --json's exact shape; --limit; exit codes like drift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliWith } from '../helpers/run-cli'
import { importCaseload } from '../../electron/core/caseload/import'
import { clearCaseload } from '../../electron/core/queries/caseload-write'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { RULES_WITH_NEXT_STEP } from '../../electron/core/triage/next-step'
import { addDays } from '../../shared/civil-date'
import { ALL_RULE_IDS } from '../../shared/drift-types'
import { DEFAULT_POLICY } from '../../shared/drift-policy'
import type { Caseload } from '../../shared/caseload-format'
import { tempDb } from '../drift/helpers'
import { randomCaseload } from '../drift/random-caseload'
import { referenceDrift } from '../drift/reference-drift'
import { orderForTriage } from '../../electron/core/triage/order'
import { scanDocument } from '../../electron/core/drift/scan'

type Ref = ReturnType<typeof referenceDrift>[number]

/** The order, written again from its words (a rank table and a key per child, sorted as tuples). */
function expectedOrder(doc: Caseload, asOf: string) {
  const refs = referenceDrift(doc, asOf, DEFAULT_POLICY)
  const sevRank = (s: string) => ['high', 'medium', 'low'].indexOf(s)
  const statusRank = (s: string) => ['overdue', 'due-soon', 'flag'].indexOf(s)
  const weight = (s: string) => ({ high: 3, medium: 2, low: 1 })[s as 'high']
  const children = new Map<string, Ref[]>()
  for (const f of refs) children.set(f.childId, [...(children.get(f.childId) ?? []), f])
  const tuple = (xs: (string | number)[], ys: (string | number)[]) => {
    for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i]) return xs[i]! < ys[i]! ? -1 : 1
    return 0
  }
  const FAR = '9999-99-99'
  const out = [...children].map(([childId, fs]) => {
    const worst = Math.min(...fs.map((f) => sevRank(f.severity)))
    const worstOverdue = fs.some((f) => sevRank(f.severity) === worst && f.status === 'overdue')
    const score = fs.reduce((n, f) => n + weight(f.severity), 0)
    const overdueDates = fs.filter((f) => f.status === 'overdue' && f.dueDate).map((f) => f.dueDate!).sort()
    const findings = [...fs].sort((a, b) =>
      tuple(
        [sevRank(a.severity), statusRank(a.status), a.dueDate ?? FAR, a.ruleId, a.subject.id, a.planId],
        [sevRank(b.severity), statusRank(b.status), b.dueDate ?? FAR, b.ruleId, b.subject.id, b.planId],
      ),
    )
    return { childId, key: [worst, worstOverdue ? 0 : 1, -score, overdueDates[0] ?? FAR, childId], score, worst: ['high', 'medium', 'low'][worst], findings }
  })
  return out.sort((a, b) => tuple(a.key, b.key))
}

describe('triage verb', () => {
  let db: CaseloadDb
  let cleanup: () => void
  let path: string
  beforeAll(async () => {
    ;({ db, cleanup } = await tempDb())
    path = db.path
  })
  afterAll(() => cleanup())

  const load = (doc: Caseload) => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    importCaseload(db, doc)
  }
  const cli = (args: string[], passphrase = 'test passphrase') => runCliWith(args, passphrase)

  it("orders a scan's findings (each child's a run) exactly as the same findings in any order", () => {
    for (const seed of [3, 41, 977]) {
      const { findings } = scanDocument(randomCaseload(seed, '2026-12-15', 40), { asOf: '2026-12-15' })
      expect(new Set(findings.map((f) => f.childId)).size, 'several children, so the order means something').toBeGreaterThan(5)
      // Reversed: no child's findings form one run any more, so the order is taken from a map.
      const shuffled = [...findings].reverse()
      const view = (groups: ReturnType<typeof orderForTriage>) => groups.map((g) => [g.childId, g.score, g.worst, g.findings.map((f) => `${f.ruleId}:${f.subject.id}`)])
      expect(view(orderForTriage(findings))).toEqual(view(orderForTriage(shuffled)))
    }
  })

  it('has a next-step builder for every rule a scan can report', () => {
    expect([...RULES_WITH_NEXT_STEP].sort()).toEqual([...ALL_RULE_IDS].sort())
  })

  it('--json: exactly the order of the issue on random caseloads, every finding with its next step', async () => {
    let compared = 0
    const rulesSeen = new Set<string>()
    for (const seed of [101, 202, 303, 404, 505, 606]) {
      const doc = randomCaseload(seed, '2026-12-15', 14)
      load(doc)
      for (const offset of [-120, -20, 0, 31]) {
        const asOf = addDays('2026-12-15', offset)
        const r = await cli(['triage', '--db', path, '--as-of', asOf, '--json'])
        expect(r.code).toBe(0)
        const json = JSON.parse(r.stdout) as { asOf: string; children: { childId: string; name: string; score: number; worst: string; findings: Record<string, unknown>[] }[] }
        expect(Object.keys(json)).toEqual(['asOf', 'children'])
        expect(json.asOf).toBe(asOf)
        const expected = expectedOrder(doc, asOf)
        expect(json.children.map((c) => c.childId)).toEqual(expected.map((c) => c.childId))
        json.children.forEach((c, i) => {
          const e = expected[i]!
          expect(Object.keys(c)).toEqual(['childId', 'name', 'planId', 'score', 'worst', 'worker', 'team', 'findings'])
          expect(c.name).toBe(doc.children.find((x) => x.id === c.childId)!.name)
          expect(c.score).toBe(e.score)
          expect(c.worst).toBe(e.worst)
          expect(c.findings.map((f) => [f.ruleId, (f.subject as { id: string }).id, f.severity, f.status, f.dueDate])).toEqual(
            e.findings.map((f) => [f.ruleId, f.subject.id, f.severity, f.status, f.dueDate]),
          )
          for (const f of c.findings) {
            expect(Object.keys(f)).toEqual(['ruleId', 'severity', 'status', 'dueDate', 'subject', 'message', 'nextStep'])
            expect(typeof f.nextStep === 'string' && f.nextStep.trim().length > 10).toBe(true)
            expect(f.nextStep).not.toMatch(/\d{4}-\d{2}-\d{2}|undefined|null/)
            rulesSeen.add(String(f.ruleId))
          }
          compared++
        })
      }
    }
    expect(compared).toBeGreaterThan(100)
    expect(rulesSeen.size).toBeGreaterThan(15)
  })

  it('names the people and dates that make a step actionable', async () => {
    const doc = randomCaseload(7, '2026-12-15', 14)
    load(doc)
    const r = await cli(['triage', '--db', path, '--as-of', '2026-12-15', '--json'])
    const all = (JSON.parse(r.stdout) as { children: { findings: { ruleId: string; nextStep: string }[] }[] }).children.flatMap((c) => c.findings)
    const dis = all.find((f) => f.ruleId === 'decisions-not-distributed')
    expect(dis?.nextStep).toMatch(/^Send the decisions of the \d{1,2} [A-Z][a-z]{2} \d{4} core group to Professional \d+ \(Agency\)/)
    const core = all.find((f) => f.ruleId === 'core-group-overdue')
    expect(core?.nextStep).toMatch(/^Arrange (a|the next) core group .*the last was on \d{1,2} [A-Z][a-z]{2} \d{4}\.$/)
  })

  it('--limit N gives the first N children of the full order; the readable list says so', async () => {
    load(randomCaseload(808, '2026-12-15', 14))
    const full = JSON.parse((await cli(['triage', '--db', path, '--as-of', '2026-12-15', '--json'])).stdout) as { children: unknown[] }
    const three = JSON.parse((await cli(['triage', '--db', path, '--as-of', '2026-12-15', '--json', '--limit', '3'])).stdout) as { children: unknown[] }
    expect(three.children).toEqual(full.children.slice(0, 3))
    const text = await cli(['triage', '--db', path, '--as-of', '2026-12-15', '--limit', '2'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^Start here, 15 Dec 2026: \d+ children have drift findings, worst first \(the first 2 shown\)\./)
    expect(text.stdout).toMatch(/\n1\. .* · worst (HIGH|MEDIUM|LOW) · drift score \d+/)
    expect(text.stdout).toMatch(/\n {5}Next: /)
    expect(text.stdout).not.toMatch(/\n3\. /)
  })

  it('an empty caseload says there is nothing to act on', async () => {
    db.sqlite.transaction(() => clearCaseload(db.sqlite))()
    const r = await cli(['triage', '--db', path, '--as-of', '2026-12-15'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/no child has a drift finding on 15 Dec 2026/)
    expect(JSON.parse((await cli(['triage', '--db', path, '--json', '--as-of', '2026-12-15'])).stdout)).toEqual({ asOf: '2026-12-15', children: [] })
  })

  it('exit codes like drift: 1 for bad input, 2 for a wrong passphrase', async () => {
    expect((await cli(['triage', '--db', path, '--as-of', '2026-02-30'])).code).toBe(1)
    expect((await cli(['triage', '--db', path, '--limit', '0'])).code).toBe(1)
    expect((await cli(['triage', '--db', path, '--limit', 'ten'])).code).toBe(1)
    expect((await cli(['triage', '--as-of', '2026-12-15'])).code).toBe(1)
    expect((await cli(['triage', '--db', path, '--nonsense'])).code).toBe(1)
    const wrong = await cli(['triage', '--db', path], 'not the passphrase')
    expect(wrong.code).toBe(2)
  })
})
