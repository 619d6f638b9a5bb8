/**
 * The caseload table as sent over IPC (issue 13): columns, not one object per row, and each row's
 * findings as indexes into a short list of finding kinds (rule, severity, status), because the table
 * only shows tags and counts. At 50,000 children the old form, every row with its full findings,
 * was about 35 MB of JSON validated object by object; this one is a few MB of flat arrays that zod
 * checks in milliseconds. A finding's message and due date come on demand (`caseload:plan-findings`
 * for the score's tooltip, `case:detail` for the case).
 *
 * `packCaseloadTable` runs in the core, `unpackCaseloadTable` in the renderer; the schema checks
 * every column has one entry per row and every index points at an entry that exists.
 */
import { z } from 'zod'
import { isCivilDate } from './civil-date'
import { driftScore, FINDING_STATUSES, SEVERITIES, type Finding } from './drift-types'

/** What the table shows of a finding: its tag, its colour and which filters it matches. */
export type FindingKind = Pick<Finding, 'ruleId' | 'severity' | 'status'>

/** One row of the table in the renderer: one open plan of a child. */
export interface CaseRow {
  childId: string
  childName: string
  complex: boolean
  team: string | null
  planId: string
  planStart: string
  category: string
  workerId: string | null
  workerName: string | null
  score: number
  /** Worst first (shared/finding-order.ts). Rows share the kind objects: compare them by value. */
  findings: readonly FindingKind[]
}

/** The fields of a row the core sends (its open-plan query's row). */
export type PlanRow = Omit<CaseRow, 'score' | 'findings'>

const civilDate = z.string().max(10, { message: 'is not a real date (YYYY-MM-DD)', abort: true }).refine(isCivilDate, { message: 'is not a real date (YYYY-MM-DD)' })
const id = z.string().max(200)

/**
 * A column of 50,000 values: one check per value in a loop, with the failing entry's index as the
 * path. zod's per-element schemas cost about as much as parsing the JSON itself at that size.
 */
function column<T>(what: string, ok: (x: unknown) => boolean) {
  return z
    .custom<T[]>((v) => Array.isArray(v), { message: 'is not a list' })
    .superRefine((xs, ctx) => {
      for (let i = 0; i < xs.length; i++) {
        if (!ok(xs[i])) {
          ctx.addIssue({ code: 'custom', path: [i], message: `is not ${what}` })
          return
        }
      }
    })
}
const text = (max: number) => (x: unknown) => typeof x === 'string' && x.length <= max
const count = (min: number) => (x: unknown) => Number.isSafeInteger(x) && (x as number) >= min
const DATE = /^\d{4}-\d{2}-\d{2}$/

export const caseloadTableSchema = z
  .strictObject({
    asOf: civilDate,
    /** Each distinct [ruleId, severity, status] among the rows' findings. */
    kinds: z.array(z.tuple([id, z.enum(SEVERITIES), z.enum(FINDING_STATUSES)])),
    teams: z.array(z.string().max(200)),
    /** [professional id, name or null when the allocation names nobody known]. */
    workers: z.array(z.tuple([id, z.string().max(500).nullable()])),
    columns: z.strictObject({
      childId: column<string>('an id', text(200)),
      childName: column<string>('a name', text(500)),
      complex: column<boolean>('true or false', (x) => typeof x === 'boolean'),
      /** Index into `teams`, -1 for no team. */
      team: column<number>('an index', count(-1)),
      planId: column<string>('an id', text(200)),
      planStart: column<string>('a real date (YYYY-MM-DD)', (x) => typeof x === 'string' && DATE.test(x) && isCivilDate(x)),
      category: column<string>('a category', text(100)),
      /** Index into `workers`, -1 for no allocated worker. */
      worker: column<number>('an index', count(-1)),
      /** How many of `findingKinds` belong to each row, in row order. */
      findingCount: column<number>('a count', count(0)),
    }),
    /** Every row's findings one after another, each an index into `kinds`. */
    findingKinds: column<number>('an index', count(0)),
  })
  .superRefine((t, ctx) => {
    const c = t.columns
    const n = c.childId.length
    for (const [name, column] of Object.entries(c)) {
      if (column.length !== n) ctx.addIssue({ code: 'custom', path: ['columns', name], message: `has ${column.length} entries for ${n} rows` })
    }
    const outside = (xs: readonly number[], size: number) => xs.findIndex((x) => x >= size)
    const checks: [string[], number][] = [
      [['columns', 'team'], outside(c.team, t.teams.length)],
      [['columns', 'worker'], outside(c.worker, t.workers.length)],
      [['findingKinds'], t.findingKinds.findIndex((k) => k >= t.kinds.length)],
    ]
    for (const [path, at] of checks) if (at >= 0) ctx.addIssue({ code: 'custom', path: [...path, at], message: 'points at nothing' })
    let total = 0
    for (const k of c.findingCount) total += k
    if (total !== t.findingKinds.length) ctx.addIssue({ code: 'custom', path: ['findingKinds'], message: `has ${t.findingKinds.length} entries, the counts add up to ${total}` })
  })
export type CaseloadTable = z.infer<typeof caseloadTableSchema>

/** Rows in the order given; each row's findings must already be worst first. */
export function packCaseloadTable(asOf: string, rows: readonly PlanRow[], findingsOf: (row: PlanRow) => readonly FindingKind[]): CaseloadTable {
  const kinds: CaseloadTable['kinds'] = []
  const kindIndex = new Map<string, number>()
  const teams: string[] = []
  const teamIndex = new Map<string, number>()
  const workers: CaseloadTable['workers'] = []
  const workerIndex = new Map<string, number>()
  const n = rows.length
  const columns: CaseloadTable['columns'] = {
    childId: new Array<string>(n),
    childName: new Array<string>(n),
    complex: new Array<boolean>(n),
    team: new Array<number>(n),
    planId: new Array<string>(n),
    planStart: new Array<string>(n),
    category: new Array<string>(n),
    worker: new Array<number>(n),
    findingCount: new Array<number>(n),
  }
  const findingKinds: number[] = []
  rows.forEach((r, i) => {
    columns.childId[i] = r.childId
    columns.childName[i] = r.childName
    columns.complex[i] = r.complex
    columns.planId[i] = r.planId
    columns.planStart[i] = r.planStart
    columns.category[i] = r.category
    let team = -1
    if (r.team !== null) {
      team = teamIndex.get(r.team) ?? -1
      if (team < 0) teamIndex.set(r.team, (team = teams.push(r.team) - 1))
    }
    columns.team[i] = team
    let worker = -1
    if (r.workerId !== null) {
      worker = workerIndex.get(r.workerId) ?? -1
      if (worker < 0) workerIndex.set(r.workerId, (worker = workers.push([r.workerId, r.workerName]) - 1))
    }
    columns.worker[i] = worker
    const findings = findingsOf(r)
    columns.findingCount[i] = findings.length
    for (const f of findings) {
      const key = `${f.severity}\u0000${f.status}\u0000${f.ruleId}`
      let k = kindIndex.get(key)
      if (k === undefined) kindIndex.set(key, (k = kinds.push([f.ruleId, f.severity, f.status]) - 1))
      findingKinds.push(k)
    }
  })
  return { asOf, kinds, teams, workers, columns, findingKinds }
}

/** The rows back as objects, for the table model; the score is each row's findings weighed (high 3, medium 2, low 1). */
export function unpackCaseloadTable(t: CaseloadTable): CaseRow[] {
  const kinds: FindingKind[] = t.kinds.map(([ruleId, severity, status]) => ({ ruleId, severity, status }))
  const c = t.columns
  const out = new Array<CaseRow>(c.childId.length)
  let at = 0
  for (let i = 0; i < out.length; i++) {
    const count = c.findingCount[i]!
    const findings = new Array<FindingKind>(count)
    for (let j = 0; j < count; j++) findings[j] = kinds[t.findingKinds[at + j]!]!
    at += count
    const team = c.team[i]!
    const worker = c.worker[i]!
    out[i] = {
      childId: c.childId[i]!,
      childName: c.childName[i]!,
      complex: c.complex[i]!,
      team: team < 0 ? null : t.teams[team]!,
      planId: c.planId[i]!,
      planStart: c.planStart[i]!,
      category: c.category[i]!,
      workerId: worker < 0 ? null : t.workers[worker]![0],
      workerName: worker < 0 ? null : t.workers[worker]![1],
      score: driftScore(findings),
      findings,
    }
  }
  return out
}
