/**
 * The dashboard's figures (`caseload:overview`): groups, findings by rule, and
 * drift by worker and by team. Kept as running totals (a tally) that a change patches plan by plan
 * (app/analysis.ts): at 50,000 children, counting everything again takes longer than the scan of
 * the changed plans. Distinct children are counted with a count per child, so that removing one
 * plan's contribution is exact.
 */
import type { OutputOf } from '../../../shared/ipc-contract'
import { driftScore, type Finding } from '../../../shared/drift-types'
import { groupOfRule, RULE_GROUP_KEYS, type GroupStatus, type RuleGroupKey } from '../../../shared/rule-groups'
import type { OpenPlanRow } from '../queries/caseload-rows'
import { lowerBound } from './sorted-list'


export type Overview = OutputOf<'caseload:overview'>

export interface OverviewInput {
  rows: readonly OpenPlanRow[]
  findingsByPlan: ReadonlyMap<string, readonly Finding[]>
  findings: readonly Finding[]
  warnings: readonly string[]
}

/**
 * A multiset of children, by their index in the tally (ChildIndex): how many contributions each child
 * has (distinct children = size). Why indexes, not child ids: the first overview at 50,000 children
 * makes about half a million of these additions, and hashing a string key each time was most of the
 * tally's time. `Children` (counts in a typed array, one slot per child of the caseload) serves the
 * sets that span the caseload: all children, each group, each team. A worker's few children are a
 * `FewChildren` (a map): thousands of workers with an array the caseload's size each would not fit.
 */
interface ChildSet {
  readonly size: number
  add(child: number, by: 1 | -1): void
}

class Children implements ChildSet {
  private counts = new Int32Array(1024)
  size = 0
  add(child: number, by: 1 | -1): void {
    if (child >= this.counts.length) {
      const grown = new Int32Array(Math.max(this.counts.length * 2, child + 1))
      grown.set(this.counts)
      this.counts = grown
    }
    const n = this.counts[child]! + by
    this.counts[child] = n
    if (n === 0) this.size--
    else if (n === 1 && by === 1) this.size++
  }
}

class FewChildren implements ChildSet {
  private readonly counts = new Map<number, number>()
  get size(): number {
    return this.counts.size
  }
  add(child: number, by: 1 | -1): void {
    const n = (this.counts.get(child) ?? 0) + by
    if (n === 0) this.counts.delete(child)
    else this.counts.set(child, n)
  }
}

/** Each child id's index for the Children multisets: given once, kept for the tally's life. */
class ChildIndex {
  private readonly ids = new Map<string, number>()
  of(childId: string): number {
    let i = this.ids.get(childId)
    if (i === undefined) this.ids.set(childId, (i = this.ids.size))
    return i
  }
}

interface GroupTally {
  status: Record<GroupStatus, Children>
  findings: Record<GroupStatus, number>
  now: Children
  high: number
}

interface WorkerTally {
  workerId: string | null
  workerName: string
  children: ChildSet
  score: number
  withFindings: ChildSet
  withHigh: ChildSet
}

type WorkerLine = Overview['byWorker'][number]

const lineOf = (w: WorkerTally): WorkerLine => ({
  workerId: w.workerId,
  workerName: w.workerName,
  children: w.children.size,
  score: w.score,
  withFindings: w.withFindings.size,
  withHigh: w.withHigh.size,
})

function compareWorkerLines(a: WorkerLine, b: WorkerLine): number {
  const ai = a.workerId ?? ''
  const bi = b.workerId ?? ''
  return b.score - a.score || (a.workerName < b.workerName ? -1 : a.workerName > b.workerName ? 1 : ai < bi ? -1 : ai > bi ? 1 : 0)
}

export class OverviewTally {
  private readonly index = new ChildIndex()
  private readonly children = new Children()
  private readonly rows = new Map<string, OpenPlanRow>()
  private readonly groups = new Map<RuleGroupKey, GroupTally>()
  private readonly rules = new Map<string, { ruleId: string; high: number; medium: number; low: number }>()
  private readonly workers = new Map<string, WorkerTally>()
  private readonly teams = new Map<string, { team: string; children: Children; score: number }>()
  /** The overview's byWorker lines in order (kept between outputs), each worker's line, and the workers changed since. */
  private sortedWorkers: WorkerLine[] | null = null
  private lines = new Map<string, WorkerLine>()
  private readonly dirtyWorkers = new Set<string>()

  constructor(
    private readonly asOf: string,
    input: Pick<OverviewInput, 'rows' | 'findingsByPlan'>,
  ) {
    for (const k of RULE_GROUP_KEYS) {
      this.groups.set(k, {
        status: { overdue: new Children(), flag: new Children(), 'due-soon': new Children() },
        findings: { overdue: 0, flag: 0, 'due-soon': 0 },
        now: new Children(),
        high: 0,
      })
    }
    for (const row of input.rows) this.row(row, input.findingsByPlan.get(row.planId) ?? [], 1)
    for (const list of input.findingsByPlan.values()) this.findings(list, 1)
  }

  /**
   * Replaces the contributions of these plans: each with its old findings out, and its row and
   * findings in (row: null when no longer open, undefined when unchanged). `oldFindings` must be
   * the lists this tally last counted.
   */
  patch(
    planIds: Iterable<string>,
    oldFindings: (planId: string) => readonly Finding[],
    now: (planId: string) => { row: OpenPlanRow | null | undefined; findings: readonly Finding[] },
  ): void {
    for (const id of new Set(planIds)) {
      const before = oldFindings(id)
      const oldRow = this.rows.get(id)
      if (oldRow) this.row(oldRow, before, -1)
      this.findings(before, -1)
      const after = now(id)
      const row = after.row === undefined ? oldRow : after.row
      if (row) this.row(row, after.findings, 1)
      this.findings(after.findings, 1)
    }
  }

  output(warnings: readonly string[]): Overview {
    const byScore = (a: { score: number; name: string; id: string }, b: { score: number; name: string; id: string }) =>
      b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    return {
      asOf: this.asOf,
      children: this.children.size,
      openPlans: this.rows.size,
      groups: RULE_GROUP_KEYS.map((key) => {
        const g = this.groups.get(key)!
        const c = (st: GroupStatus) => ({ children: g.status[st].size, findings: g.findings[st] })
        return { key, overdue: c('overdue'), flag: c('flag'), 'due-soon': c('due-soon'), childrenNow: g.now.size, high: g.high }
      }),
      byRule: [...this.rules.values()]
        .map((r) => ({ ...r }))
        .sort((a, b) => b.high * 3 + b.medium * 2 + b.low - (a.high * 3 + a.medium * 2 + a.low) || (a.ruleId < b.ruleId ? -1 : 1)),
      byWorker: this.workersInOrder(),
      byTeam: [...this.teams.values()]
        .map((t) => ({ team: t.team, children: t.children.size, score: t.score, name: t.team, id: t.team }))
        .sort(byScore)
        .map(({ name: _name, id: _id, ...t }) => t),
      warnings: [...warnings],
    }
  }

  /**
   * Workers by drift score (then name, then id). Thousands of workers at authority scale: the
   * sorted list is kept, and only the workers a patch touched are taken out and put back in place.
   */
  private workersInOrder(): WorkerLine[] {
    if (!this.sortedWorkers) {
      this.sortedWorkers = [...this.workers.values()].map(lineOf).sort(compareWorkerLines)
      this.lines = new Map(this.sortedWorkers.map((l) => [l.workerId ?? '', l]))
    } else {
      const sorted = this.sortedWorkers
      for (const key of this.dirtyWorkers) {
        const old = this.lines.get(key)
        if (old) sorted.splice(lowerBound(sorted, old, compareWorkerLines), 1)
        this.lines.delete(key)
        const w = this.workers.get(key)
        if (!w) continue
        const line = lineOf(w)
        sorted.splice(lowerBound(sorted, line, compareWorkerLines), 0, line)
        this.lines.set(key, line)
      }
    }
    this.dirtyWorkers.clear()
    return this.sortedWorkers.slice()
  }

  private row(row: OpenPlanRow, findings: readonly Finding[], by: 1 | -1): void {
    if (by === 1) {
      this.rows.set(row.planId, row)
    } else {
      this.rows.delete(row.planId)
    }
    const child = this.index.of(row.childId)
    this.children.add(child, by)
    const score = driftScore(findings) * by
    const wKey = row.workerId ?? ''
    this.dirtyWorkers.add(wKey)
    let w = this.workers.get(wKey)
    if (!w) {
      w = { workerId: row.workerId, workerName: row.workerName ?? 'No allocated worker', children: new FewChildren(), score: 0, withFindings: new FewChildren(), withHigh: new FewChildren() }
      this.workers.set(wKey, w)
    }
    w.children.add(child, by)
    w.score += score
    if (findings.length) {
      w.withFindings.add(child, by)
      if (findings.some((f) => f.severity === 'high')) w.withHigh.add(child, by)
    }
    if (w.children.size === 0) this.workers.delete(wKey)
    const team = row.team ?? 'No team'
    let t = this.teams.get(team)
    if (!t) this.teams.set(team, (t = { team, children: new Children(), score: 0 }))
    t.children.add(child, by)
    t.score += score
    if (t.children.size === 0) this.teams.delete(team)
  }

  private findings(list: readonly Finding[], by: 1 | -1): void {
    // A plan's findings are one child's: its index looked up once.
    let childId: string | null = null
    let child = 0
    for (const f of list) {
      if (f.childId !== childId) child = this.index.of((childId = f.childId))
      const g = this.groups.get(groupOfRule(f.ruleId))!
      g.status[f.status].add(child, by)
      g.findings[f.status] += by
      if (f.status !== 'due-soon') g.now.add(child, by)
      if (f.severity === 'high') g.high += by
      let r = this.rules.get(f.ruleId)
      if (!r) this.rules.set(f.ruleId, (r = { ruleId: f.ruleId, high: 0, medium: 0, low: 0 }))
      r[f.severity] += by
      if (r.high + r.medium + r.low === 0) this.rules.delete(f.ruleId)
    }
  }
}

/** The overview of one analysis, counted from scratch. */
export function overviewOf(asOf: string, input: OverviewInput): Overview {
  return new OverviewTally(asOf, input).output(input.warnings)
}
