/* eslint-disable @typescript-eslint/no-explicit-any -- the audit builds and mutates arbitrary (also invalid) JSON documents */
/**
 * Black-box checks (written as an independent audit) of the caseload interchange format v1 (design brief §3), the command
 * line (§5) and the at-rest rules the CLI must keep (§6). Drives the CLI only: in-process through
 * runCli (the same function electron/cli/main.ts runs) for speed, and as a real `tsx` process where
 * what the user sees (exit status, stack traces, argv) matters.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliWith } from '../helpers/run-cli'
import { tempDir } from '../helpers/temp-db'

const ROOT = join(__dirname, '..', '..')
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')
const MAIN = join(ROOT, 'electron', 'cli', 'main.ts')
const PASS = 'an audit passphrase 42'

type Doc = Record<string, unknown> & { [k: string]: any }
type Result = { code: number; stdout: string; stderr: string }

const cli = (args: string[], passphrase: string | null = PASS): Promise<Result> => runCliWith(args, passphrase)

/** The real program, as a user runs it. */
function proc(args: string[], passphrase: string | null = PASS, input = ''): Result {
  const env = { ...process.env }
  if (passphrase === null) delete env.DRIFTWATCH_PASSPHRASE
  else env.DRIFTWATCH_PASSPHRASE = passphrase
  const r = spawnSync(TSX, [MAIN, ...args], { cwd: ROOT, env, encoding: 'utf8', input })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

const cleanups: (() => void)[] = []
afterAll(() => {
  while (cleanups.length) cleanups.pop()!()
})
function dir(): string {
  const t = tempDir('dw-audit-')
  cleanups.push(t.cleanup)
  return t.dir
}

async function freshDb(): Promise<{ d: string; db: string }> {
  const d = dir()
  const db = join(d, 'caseload.db')
  const r = await cli(['init', '--db', db])
  expect(r.code, r.stderr).toBe(0)
  return { d, db }
}

async function exportDoc(db: string): Promise<{ text: string; doc: Doc }> {
  const r = await cli(['export', '--db', db])
  expect(r.code, r.stderr).toBe(0)
  return { text: r.stdout, doc: JSON.parse(r.stdout) as Doc }
}

function write(d: string, name: string, content: string | Doc): string {
  const f = join(d, name)
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return f
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

/** A small valid caseload, written the way export writes it (every optional field present, null when unset). */
function baseDoc(): Doc {
  return {
    format: 'driftwatch.caseload',
    version: 1,
    children: [
      { id: 'C1', name: 'Fictional Audit Child', dateOfBirth: '2019-02-28', gender: null, ethnicity: null, complex: false, team: null },
    ],
    professionals: [
      { id: 'P1', name: 'Audit Worker', role: 'social-worker', agency: "Children's Social Care", email: 'w@example.invalid', phone: null },
      { id: 'P2', name: 'Audit Nurse', role: 'health', agency: 'Health Visiting', email: null, phone: '07700 900000' },
    ],
    allocations: [{ id: 'A1', childId: 'C1', professionalId: 'P1', startDate: '2026-01-05', endDate: null, changeReason: null }],
    plans: [
      { id: 'PL1', childId: 'C1', startDate: '2026-09-01', endDate: null, initialCategory: 'neglect', latestCategory: null, previousPlans: 0 },
    ],
    conferences: [{ id: 'K1', planId: 'PL1', kind: 'initial', date: '2026-09-01' }],
    members: [{ planId: 'PL1', professionalId: 'P1', fromDate: '2026-09-01', toDate: null }],
    meetings: [
      {
        id: 'M1', planIds: ['PL1'], date: '2026-09-14', chairId: 'P1', attended: ['P1'], apologies: ['P2'],
        planAvailable: true, childViewsRecorded: true, riskReviewed: true, riskScore: { score: 4, scale: 'safety' },
      },
    ],
    distributions: [{ meetingId: 'M1', professionalId: 'P1', date: '2026-09-15' }],
    actions: [
      {
        id: 'AC1', planId: 'PL1', createdDate: '2026-09-14', description: 'Do a thing', outcome: null, ownerId: 'P1',
        dueDate: '2026-10-01', status: 'open', closedDate: null, lastReviewedDate: null,
      },
    ],
    disagreements: [
      {
        id: 'D1', planId: 'PL1', raisedDate: '2026-10-01', raisedById: 'P2', category: 'threshold',
        stages: [{ stage: 1, startDate: '2026-10-01', respondedDate: null }], resolvedDate: null, outcome: null,
      },
    ],
    visits: [{ id: 'V1', childId: 'C1', date: '2026-09-10', seenAlone: true }],
  }
}

/**
 * An awkward document written the way export writes it: non-ASCII (NFC and NFD), emoji, quotes,
 * backslashes, control characters, both risk scales, decimal and integer scores, empty lists,
 * disagreements with several stages and respondedDate, ids that sort differently as numbers.
 */
function awkwardDoc(): Doc {
  const nfd = 'Zoe\u0308 O\u0304tsuka'
  return {
    format: 'driftwatch.caseload',
    version: 1,
    children: [
      { id: '10', name: 'Zoë Ōtsuka 🦊👩‍👧', dateOfBirth: '2016-02-29', gender: 'female', ethnicity: 'AOTH', complex: true, team: 'Team "North" \\ East' },
      { id: '9', name: 'Seán O\'Brien "Jo" C:\\path\\', dateOfBirth: null, gender: null, ethnicity: null, complex: false, team: null },
      { id: 'C\u00e9', name: nfd, dateOfBirth: '2020-12-31', gender: 'unknown', ethnicity: null, complex: false, team: '北区 / Ελλάδα' },
    ],
    professionals: [
      { id: '1', name: 'Ōtsuka “Ken” \\', role: 'cp-chair', agency: 'Safeguarding & QA <Unit>', email: null, phone: null },
      { id: '10', name: 'Dee 🧑‍⚕️ Manager', role: 'deputy-manager', agency: "Children's Social Care", email: 'dee@example.invalid', phone: '+44 7700 900123' },
      { id: '2', name: 'Tab\tNewline\nName', role: 'other', agency: '', email: null, phone: null },
      { id: '9', name: 'Nurse', role: 'health', agency: 'Health Visiting', email: null, phone: '07700 900999' },
    ],
    allocations: [
      { id: '10', childId: '10', professionalId: '10', startDate: '2026-01-05', endDate: '2026-06-30', changeReason: 'LEFTRL' },
      { id: '11', childId: '10', professionalId: '2', startDate: '2026-07-01', endDate: null, changeReason: null },
      { id: '9', childId: '9', professionalId: '10', startDate: '2026-01-05', endDate: null, changeReason: 'OTHERS' },
    ],
    plans: [
      { id: '10', childId: '10', startDate: '2026-09-01', endDate: null, initialCategory: 'emotional', latestCategory: 'multiple', previousPlans: 2 },
      { id: '9', childId: '9', startDate: '2026-09-01', endDate: '2027-01-31', initialCategory: 'sexual', latestCategory: null, previousPlans: 0 },
      { id: 'C\u00e9', childId: 'C\u00e9', startDate: '2026-03-01', endDate: null, initialCategory: 'physical', latestCategory: null, previousPlans: 0 },
    ],
    conferences: [
      { id: '10', planId: '10', kind: 'initial', date: '2026-09-01' },
      { id: '11', planId: '10', kind: 'review', date: '2026-12-01' },
      { id: '9', planId: '9', kind: 'initial', date: '2026-09-01' },
    ],
    members: [
      { planId: '10', professionalId: '10', fromDate: '2026-09-01', toDate: null },
      { planId: '10', professionalId: '9', fromDate: '2026-09-01', toDate: '2026-10-01' },
      { planId: '9', professionalId: '2', fromDate: '2026-09-01', toDate: null },
    ],
    meetings: [
      {
        id: '10', planIds: ['10', '9'], date: '2026-09-14', chairId: '1', attended: ['10', '2'], apologies: ['9'],
        planAvailable: true, childViewsRecorded: false, riskReviewed: true, riskScore: { score: 7.25, scale: 'danger' },
      },
      {
        id: '11', planIds: ['10'], date: '2026-10-12', chairId: '10', attended: [], apologies: [],
        planAvailable: false, childViewsRecorded: true, riskReviewed: false, riskScore: null,
      },
      {
        id: '9', planIds: ['9'], date: '2026-10-13', chairId: '1', attended: ['2'], apologies: [],
        planAvailable: true, childViewsRecorded: true, riskReviewed: true, riskScore: { score: 0, scale: 'safety' },
      },
      {
        id: 'M\u00e9', planIds: ['C\u00e9'], date: '2026-03-13', chairId: '1', attended: [], apologies: ['1'],
        planAvailable: true, childViewsRecorded: true, riskReviewed: true, riskScore: { score: 10, scale: 'danger' },
      },
    ],
    distributions: [
      { meetingId: '10', professionalId: '10', date: '2026-09-15' },
      { meetingId: '10', professionalId: '9', date: '2026-09-16' },
      { meetingId: '9', professionalId: '2', date: '2026-10-14' },
    ],
    actions: [
      {
        id: '10', planId: '10', createdDate: '2026-09-14', description: 'Say "hello" \\ back\u2028slash — ünïcode ✓ 🎈\u0001',
        outcome: 'Line one\r\nLine two', ownerId: '10', dueDate: '2026-10-30', status: 'open', closedDate: null, lastReviewedDate: '2026-10-01',
      },
      {
        id: '9', planId: '9', createdDate: '2026-09-14', description: 'x', outcome: '', ownerId: null, dueDate: null,
        status: 'dropped', closedDate: '2026-10-01', lastReviewedDate: null,
      },
    ],
    disagreements: [
      {
        id: '10', planId: '10', raisedDate: '2026-10-01', raisedById: '9', category: 'conference-decision',
        stages: [
          { stage: 1, startDate: '2026-10-01', respondedDate: '2026-10-05' },
          { stage: 2, startDate: '2026-10-06', respondedDate: '2026-10-08' },
          { stage: 3, startDate: '2026-10-09', respondedDate: null },
        ],
        resolvedDate: '2026-11-01', outcome: 'Escalated to the "Head of Service" \\ agreed',
      },
      { id: '9', planId: '9', raisedDate: '2026-10-02', raisedById: '2', category: 'other', stages: [], resolvedDate: null, outcome: null },
    ],
    visits: [
      { id: '10', childId: '10', date: '2026-09-10', seenAlone: true },
      { id: '9', childId: '9', date: '2026-09-10', seenAlone: false },
    ],
  }
}

const LISTS = ['children', 'professionals', 'allocations', 'plans', 'conferences', 'members', 'meetings', 'distributions', 'actions', 'disagreements', 'visits']

/** Code-unit string order, the ordinary meaning of "sorted" for string ids. */
const byStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** A copy of doc sorted as the contract says export sorts it. */
function sortedLikeExport(doc: Doc): Doc {
  const d = clone(doc)
  for (const l of LISTS) {
    const rows = d[l] as any[]
    if (l === 'members') rows.sort((a, b) => byStr(a.planId, b.planId) || byStr(a.professionalId, b.professionalId) || byStr(a.fromDate, b.fromDate))
    else if (l === 'distributions') rows.sort((a, b) => byStr(a.meetingId, b.meetingId) || byStr(a.professionalId, b.professionalId) || byStr(a.date, b.date))
    else rows.sort((a, b) => byStr(a.id, b.id))
  }
  for (const m of d.meetings as any[]) for (const k of ['planIds', 'attended', 'apologies']) m[k].sort(byStr)
  return d
}

function shuffled(doc: Doc): Doc {
  const d = clone(doc)
  for (const l of LISTS) (d[l] as any[]).reverse()
  for (const m of d.meetings as any[]) for (const k of ['planIds', 'attended', 'apologies']) m[k].reverse()
  return d
}

describe('round trip (§3: import then export gives back the same document)', () => {
  it('the base document comes back exactly', async () => {
    const { d, db } = await freshDb()
    const doc = baseDoc()
    expect((await cli(['import', '--db', db, write(d, 'in.json', doc)])).code).toBe(0)
    expect((await exportDoc(db)).doc).toEqual(doc)
  })

  it('an awkward document (unicode NFC/NFD, emoji, quotes, backslashes, both scales, decimals, empty lists, stages) comes back exactly, sorted', async () => {
    const { d, db } = await freshDb()
    const doc = awkwardDoc()
    const r = await cli(['import', '--db', db, write(d, 'in.json', shuffled(doc))])
    expect(r.code, r.stderr).toBe(0)
    const { doc: out, text } = await exportDoc(db)
    const expected = sortedLikeExport(doc)
    expect(out).toEqual(expected)
    // list order is part of the contract, toEqual on arrays checks it; check ids explicitly too
    expect((out.children as any[]).map((c) => c.id)).toEqual(['10', '9', 'C\u00e9'])
    // NFD is not normalised away
    expect((out.children as any[])[2].name).toBe('Zoe\u0308 O\u0304tsuka')
    // export -> import -> export is byte-identical
    const d2 = await freshDb()
    const f = write(d2.d, 'again.json', text)
    expect((await cli(['import', '--db', d2.db, f])).code).toBe(0)
    expect((await exportDoc(d2.db)).text).toBe(text)
  })

  it('optional fields absent come back as null (absent and null are the same per §3); a null-filled document round trips', async () => {
    const { d, db } = await freshDb()
    const doc = baseDoc()
    const sparse = clone(doc)
    for (const l of LISTS) for (const row of sparse[l] as any[]) for (const k of Object.keys(row)) if (row[k] === null) delete row[k]
    for (const s of sparse.disagreements[0].stages) delete s.respondedDate
    expect((await cli(['import', '--db', db, write(d, 'sparse.json', sparse)])).code).toBe(0)
    expect((await exportDoc(db)).doc).toEqual(doc)
  })

  it('empty caseload round trips', async () => {
    const { d, db } = await freshDb()
    const { text, doc } = await exportDoc(db)
    for (const l of LISTS) expect(doc[l]).toEqual([])
    const { db: db2 } = await freshDb()
    expect((await cli(['import', '--db', db2, write(d, 'empty.json', text)])).code).toBe(0)
    expect((await exportDoc(db2)).text).toBe(text)
  })

  it('ids are unique within their list only: the same id in different lists, and ids differing only by case or trailing space', async () => {
    const { d, db } = await freshDb()
    const doc = baseDoc()
    doc.children.push({ id: 'c1', name: 'Lower case', dateOfBirth: null, gender: null, ethnicity: null, complex: false, team: null })
    doc.children.push({ id: 'C1 ', name: 'Trailing space', dateOfBirth: null, gender: null, ethnicity: null, complex: false, team: null })
    doc.professionals.push({ id: 'C1', name: 'Same id as a child', role: 'other', agency: 'x', email: null, phone: null })
    const r = await cli(['import', '--db', db, write(d, 'ids.json', doc)])
    expect(r.code, r.stderr).toBe(0)
    expect((await exportDoc(db)).doc).toEqual(sortedLikeExport(doc))
  })

  it('risk scores: decimal and integer, both scales, bounds 0 and 10, keep their value and direction', async () => {
    const { d, db } = await freshDb()
    const doc = baseDoc()
    const scores = [
      { score: 0, scale: 'danger' }, { score: 10, scale: 'safety' }, { score: 0.1, scale: 'safety' }, { score: 9.999, scale: 'danger' }, { score: 5, scale: 'danger' },
    ]
    doc.meetings = scores.map((s, i) => ({ ...clone(doc.meetings[0]), id: `M${i}`, riskScore: s }))
    doc.distributions = []
    const r = await cli(['import', '--db', db, write(d, 'scores.json', doc)])
    expect(r.code, r.stderr).toBe(0)
    expect((await exportDoc(db)).doc.meetings.map((m: any) => m.riskScore)).toEqual(scores)
  })
})

/** Import `doc` into a database holding the base caseload; expect exit 1, the messages, and nothing changed. */
async function expectRefused(content: string | Doc, pathRe: RegExp | RegExp[], opts: { name?: string } = {}): Promise<Result> {
  const { d, db } = await freshDb()
  // an empty caseload (import refuses to merge into a non-empty one, so test against an empty one and with --replace on a full one)
  const before = await exportDoc(db)
  const file = write(d, opts.name ?? 'bad.json', content)
  const r = await cli(['import', '--db', db, file])
  expect(r.code, r.stderr).toBe(1)
  expect(r.stderr).toContain(file)
  for (const re of [pathRe].flat()) expect(r.stderr).toMatch(re)
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/) // no stack trace
  expect((await exportDoc(db)).text).toBe(before.text)
  return r
}

describe('bad input: exit 1 naming file, JSON path and reason; nothing imported', () => {
  const mutate = (f: (d: Doc) => void): Doc => {
    const d = baseDoc()
    f(d)
    return d
  }
  const cases: [string, Doc, RegExp][] = [
    ['unknown top-level field', mutate((d) => (d.extra = 1)), /\$\.extra\b|\$:.*extra/],
    ['unknown field in a child', mutate((d) => (d.children[0].nickname = 'x')), /\$\.children\[0\]/],
    ['unknown field nested in riskScore', mutate((d) => (d.meetings[0].riskScore.direction = 'up')), /\$\.meetings\[0\]\.riskScore/],
    ['unknown field in stages[]', mutate((d) => (d.disagreements[0].stages[0].note = 'x')), /\$\.disagreements\[0\]\.stages\[0\]/],
    ['wrong type: complex as string', mutate((d) => (d.children[0].complex = 'yes')), /\$\.children\[0\]\.complex/],
    ['wrong type: previousPlans as string', mutate((d) => (d.plans[0].previousPlans = '0')), /\$\.plans\[0\]\.previousPlans/],
    ['wrong type: previousPlans fractional', mutate((d) => (d.plans[0].previousPlans = 1.5)), /\$\.plans\[0\]\.previousPlans/],
    ['wrong type: children not a list', mutate((d) => (d.children = {})), /\$\.children/],
    ['wrong type: id as number', mutate((d) => (d.visits[0].id = 1)), /\$\.visits\[0\]\.id/],
    ['wrong type: riskScore.score as string', mutate((d) => (d.meetings[0].riskScore.score = '4')), /\$\.meetings\[0\]\.riskScore\.score/],
    ['missing required field', mutate((d) => delete d.children[0].complex), /\$\.children\[0\]\.complex/],
    ['missing list', mutate((d) => delete d.visits), /\$\.visits/],
    ['bad date 2026-02-30', mutate((d) => (d.visits[0].date = '2026-02-30')), /\$\.visits\[0\]\.date/],
    ['bad date 2026-2-1', mutate((d) => (d.plans[0].startDate = '2026-2-1')), /\$\.plans\[0\]\.startDate/],
    ['bad date 2025-02-29 (not a leap year)', mutate((d) => (d.children[0].dateOfBirth = '2025-02-29')), /\$\.children\[0\]\.dateOfBirth/],
    ['bad date with time', mutate((d) => (d.conferences[0].date = '2026-09-01T00:00:00Z')), /\$\.conferences\[0\]\.date/],
    ['bad date in stages', mutate((d) => (d.disagreements[0].stages[0].respondedDate = '2026-13-01')), /\$\.disagreements\[0\]\.stages\[0\]\.respondedDate/],
    ['bad enum role', mutate((d) => (d.professionals[0].role = 'Social Worker')), /\$\.professionals\[0\]\.role/],
    ['bad enum scale', mutate((d) => (d.meetings[0].riskScore.scale = 'Danger')), /\$\.meetings\[0\]\.riskScore\.scale/],
    ['bad enum status', mutate((d) => (d.actions[0].status = 'closed')), /\$\.actions\[0\]\.status/],
    ['bad enum category', mutate((d) => (d.plans[0].initialCategory = 'abuse')), /\$\.plans\[0\]\.initialCategory/],
    ['bad enum kind', mutate((d) => (d.conferences[0].kind = 'child-protection')), /\$\.conferences\[0\]\.kind/],
    ['bad enum changeReason', mutate((d) => (d.allocations[0].changeReason = 'LEFT')), /\$\.allocations\[0\]\.changeReason/],
    ['bad enum disagreement category', mutate((d) => (d.disagreements[0].category = 'plan')), /\$\.disagreements\[0\]\.category/],
    ['duplicate child id', mutate((d) => d.children.push({ ...d.children[0], name: 'Other' })), /\$\.children\[1\]\.id/],
    ['duplicate meeting id', mutate((d) => d.meetings.push(clone(d.meetings[0]))), /\$\.meetings\[1\]\.id/],
    ['duplicate disagreement id', mutate((d) => d.disagreements.push(clone(d.disagreements[0]))), /\$\.disagreements\[1\]\.id/],
    ['missing childId', mutate((d) => (d.plans[0].childId = 'C404')), /\$\.plans\[0\]\.childId/],
    ['missing planId', mutate((d) => (d.actions[0].planId = 'PL404')), /\$\.actions\[0\]\.planId/],
    ['missing professionalId', mutate((d) => (d.members[0].professionalId = 'P404')), /\$\.members\[0\]\.professionalId/],
    ['missing meetingId', mutate((d) => (d.distributions[0].meetingId = 'M404')), /\$\.distributions\[0\]\.meetingId/],
    ['missing chairId', mutate((d) => (d.meetings[0].chairId = 'P404')), /\$\.meetings\[0\]\.chairId/],
    ['missing attended id', mutate((d) => d.meetings[0].attended.push('P404')), /\$\.meetings\[0\]\.attended\[1\]/],
    ['missing apologies id', mutate((d) => (d.meetings[0].apologies = ['P404'])), /\$\.meetings\[0\]\.apologies\[0\]/],
    ['missing planIds id', mutate((d) => d.meetings[0].planIds.push('PL404')), /\$\.meetings\[0\]\.planIds\[1\]/],
    ['missing ownerId', mutate((d) => (d.actions[0].ownerId = 'P404')), /\$\.actions\[0\]\.ownerId/],
    ['missing raisedById', mutate((d) => (d.disagreements[0].raisedById = 'P404')), /\$\.disagreements\[0\]\.raisedById/],
    ['missing visit childId', mutate((d) => (d.visits[0].childId = 'C404')), /\$\.visits\[0\]\.childId/],
    ['childId refers to a professional id', mutate((d) => (d.visits[0].childId = 'P1')), /\$\.visits\[0\]\.childId/],
    ['riskScore above 10', mutate((d) => (d.meetings[0].riskScore.score = 10.5)), /\$\.meetings\[0\]\.riskScore\.score/],
    ['riskScore below 0', mutate((d) => (d.meetings[0].riskScore.score = -1)), /\$\.meetings\[0\]\.riskScore\.score/],
    ['riskScore without scale', mutate((d) => delete d.meetings[0].riskScore.scale), /\$\.meetings\[0\]\.riskScore\.scale/],
    ['stage 0', mutate((d) => (d.disagreements[0].stages[0].stage = 0)), /\$\.disagreements\[0\]\.stages\[0\]\.stage/],
    ['stage 5', mutate((d) => (d.disagreements[0].stages[0].stage = 5)), /\$\.disagreements\[0\]\.stages\[0\]\.stage/],
    ['stage 1.5', mutate((d) => (d.disagreements[0].stages[0].stage = 1.5)), /\$\.disagreements\[0\]\.stages\[0\]\.stage/],
    ['stages out of order', mutate((d) => d.disagreements[0].stages.unshift({ stage: 2, startDate: '2026-10-01', respondedDate: null })), /\$\.disagreements\[0\]\.stages\[1\]/],
    ['end date before start date', mutate((d) => (d.plans[0].endDate = '2026-08-01')), /\$\.plans\[0\]\.endDate/],
    ['wrong format', mutate((d) => (d.format = 'driftwatch.caseloads')), /\$\.format/],
    ['wrong version 2', mutate((d) => (d.version = 2)), /\$\.version/],
    ['version as string', mutate((d) => (d.version = '1')), /\$\.version/],
    ['missing format', mutate((d) => delete d.format), /\$\.format/],
    ['empty id', mutate((d) => (d.children[0].id = '')), /\$\.children\[0\]\.id/],
    ['meeting with no plans', mutate((d) => (d.meetings[0].planIds = [])), /\$\.meetings\[0\]\.planIds/],
  ]
  for (const [name, doc, re] of cases) {
    it(name, async () => {
      await expectRefused(doc, re)
    })
  }

  it('an unknown field literally named __proto__ or constructor is refused', async () => {
    const text = JSON.stringify(baseDoc())
    await expectRefused(text.replace('"complex":false', '"complex":false,"__proto__":{"x":1}'), /\$\.children\[0\]/)
    await expectRefused(text.replace('"complex":false', '"complex":false,"constructor":1'), /\$\.children\[0\]/)
    await expectRefused(text.replace('"version":1', '"version":1,"__proto__":null'), /\$/)
  })

  it('a top-level array / a scalar document is refused with a path', async () => {
    await expectRefused('[]', /\$/)
    await expectRefused('42', /\$/)
    await expectRefused('null', /\$/)
  })

  it('malformed JSON (truncated file) is refused with line and column', async () => {
    const text = JSON.stringify(baseDoc(), null, 2)
    const r = await expectRefused(text.slice(0, Math.floor(text.length / 2)), /./)
    expect(r.stderr).toMatch(/line \d+|:\d+:\d+/i)
  })

  it('trailing garbage after the document is refused', async () => {
    await expectRefused(`${JSON.stringify(baseDoc())} {}`, /./)
  })

  it('an empty file is refused', async () => {
    await expectRefused('', /\$: .*(JSON object|empty|end)/i)
  })

  it('a file that does not exist is exit 1 naming the file', async () => {
    const { d, db } = await freshDb()
    const missing = join(d, 'nope.json')
    const r = await cli(['import', '--db', db, missing])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(missing)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  // Found by the audit: it printed "Unexpected error: EISDIR: illegal operation on a directory, read".
  it('a folder given as the input file is exit 1 with a clear sentence', async () => {
    const { d, db } = await freshDb()
    const r = await cli(['import', '--db', db, d])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(d)
    expect(r.stderr).not.toMatch(/Unexpected error|EISDIR/)
  })

  // Found by the audit: dates outside the years 1900–2200 (9999-12-31 is a common open-end marker)
  // were refused as "not a real date", which is untrue; the reason now names the range.
  it('a real date far in the future (9999-12-31) is accepted, or refused with a true reason', async () => {
    const { d, db } = await freshDb()
    const doc = baseDoc()
    doc.allocations[0].endDate = '9999-12-31'
    const r = await cli(['import', '--db', db, write(d, 'far.json', doc)])
    if (r.code !== 0) {
      expect(r.stderr).toMatch(/\$\.allocations\[0\]\.endDate/)
      expect(r.stderr).not.toMatch(/not a real date/)
      expect(r.stderr).toContain('outside the years Driftwatch accepts (1900 to 2200)')
    }
  })

  it('reports every problem, not just the first', async () => {
    const doc = baseDoc()
    doc.children[0].dateOfBirth = '2026-02-30'
    doc.actions[0].status = 'closed'
    doc.meetings[0].attended = ['P404']
    await expectRefused(doc, [/\$\.children\[0\]\.dateOfBirth/, /\$\.actions\[0\]\.status/, /\$\.meetings\[0\]\.attended\[0\]/])
  })

  it('nothing is half-imported: a failing --replace import leaves the full caseload exactly as before', async () => {
    const { d, db } = await freshDb()
    expect((await cli(['import', '--db', db, write(d, 'good.json', awkwardDoc())])).code).toBe(0)
    const before = await exportDoc(db)
    const bad = awkwardDoc()
    // valid except the very last element: a late reference error
    bad.visits[1].childId = 'C404'
    const r = await cli(['import', '--db', db, '--replace', write(d, 'bad.json', bad)])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/\$\.visits\[1\]\.childId/)
    expect((await exportDoc(db)).text).toBe(before.text)
    // and a truncated file with --replace
    const text = JSON.stringify(awkwardDoc())
    const r2 = await cli(['import', '--db', db, '--replace', write(d, 'cut.json', text.slice(0, text.length - 30))])
    expect(r2.code).toBe(1)
    expect((await exportDoc(db)).text).toBe(before.text)
    // a plain import into a non-empty caseload is refused (exit 1) and changes nothing
    const r3 = await cli(['import', '--db', db, write(d, 'good2.json', baseDoc())])
    expect(r3.code).toBe(1)
    expect((await exportDoc(db)).text).toBe(before.text)
  })
})

describe('exit codes 2: wrong passphrase, unreadable database', () => {
  let d: string
  let db: string
  beforeAll(async () => {
    ;({ d, db } = await freshDb())
    expect((await cli(['import', '--db', db, write(d, 'in.json', baseDoc())])).code).toBe(0)
  })

  it('wrong passphrase: exit 2, a clear message, the database and key file byte-identical', async () => {
    const dbBytes = readFileSync(db)
    const keyBytes = readFileSync(`${db}.key`)
    const listing = readdirSync(d).sort()
    for (const verb of [['export', '--db', db], ['drift', '--db', db, '--as-of', '2026-10-01'], ['import', '--db', db, '--replace', join(d, 'in.json')]]) {
      const r = await cli(verb, 'not the passphrase')
      expect(r.code, `${verb[0]}: ${r.stderr}`).toBe(2)
      expect(r.stderr).toMatch(/passphrase/i)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    expect(readFileSync(db).equals(dbBytes)).toBe(true)
    expect(readFileSync(`${db}.key`).equals(keyBytes)).toBe(true)
    // no -wal/-shm/-journal left behind (other bookkeeping files are allowed)
    const now = readdirSync(d).filter((f) => !listing.includes(f))
    expect(now.filter((f) => /-(wal|shm|journal)$/.test(f))).toEqual([])
  })

  it('a random non-database file: exit 2 for export, drift and import', async () => {
    const dd = dir()
    const f = join(dd, 'random.db')
    writeFileSync(f, Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) % 251)))
    const g = join(dd, 'random-with-key.db')
    copyFileSync(f, g)
    copyFileSync(`${db}.key`, `${g}.key`)
    for (const args of [['export', '--db', g], ['drift', '--db', g]]) {
      const r = await cli(args)
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    for (const args of [['export', '--db', f], ['drift', '--db', f], ['import', '--db', f, join(d, 'in.json')]]) {
      const r = await cli(args)
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
  })

  for (const fraction of [0.05, 1 / 3, 0.9]) {
    it(`a truncated database (${fraction.toFixed(2)} of it kept, whole pages): exit 2, or an export equal to the original`, async () => {
      const dd = dir()
      const f = join(dd, 'cut.db')
      copyFileSync(db, f)
      copyFileSync(`${db}.key`, `${f}.key`)
      const full = (await exportDoc(db)).text
      truncateSync(f, Math.floor((statSync(f).size * fraction) / 4096) * 4096)
      for (const args of [['export', '--db', f], ['drift', '--db', f, '--json']]) {
        const r = await cli(args)
        if (r.code === 0 && args[0] === 'export') expect(r.stdout).toBe(full)
        else expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2)
        expect(r.stderr).not.toMatch(/\n\s+at |Unexpected error/)
      }
    })
  }

  it('a database whose key file is missing: exit 2', async () => {
    const dd = dir()
    const f = join(dd, 'nokey.db')
    copyFileSync(db, f)
    for (const args of [['export', '--db', f], ['drift', '--db', f]]) {
      const r = await cli(args)
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2)
    }
  })

  it('a missing database file: exit 2 for drift, export and import, and nothing created', async () => {
    const dd = dir()
    const f = join(dd, 'missing.db')
    for (const args of [['export', '--db', f], ['drift', '--db', f], ['import', '--db', f, join(d, 'in.json')]]) {
      const r = await cli(args)
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2)
      expect(existsSync(f)).toBe(false)
    }
  })

  it('as a real process: exit status 2 for a wrong passphrase, without a stack trace', () => {
    const r = proc(['export', '--db', db], 'wrong wrong wrong')
    expect(r.code).toBe(2)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('passphrase never from an argument', () => {
  it('--passphrase is refused (exit 1) and its value is not echoed', async () => {
    const { db } = await freshDb()
    for (const args of [['export', '--db', db, '--passphrase', 'sekrit-value'], ['export', '--db', db, '--passphrase=sekrit-value']]) {
      const r = await cli(args, null)
      expect(r.code).toBe(1)
      expect(r.stderr + r.stdout).not.toContain('sekrit-value')
      expect(r.stdout).toBe('')
    }
  })

  it('the passphrase from DRIFTWATCH_PASSPHRASE; without it and without a terminal, exit 1 with a sentence', () => {
    const d = dir()
    const db = join(d, 'p.db')
    expect(proc(['init', '--db', db]).code).toBe(0)
    const ok = proc(['export', '--db', db])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).format).toBe('driftwatch.caseload')
    const none = proc(['export', '--db', db], null)
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/DRIFTWATCH_PASSPHRASE/)
    expect(none.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('drift', () => {
  let db: string
  beforeAll(async () => {
    let d: string
    ;({ d, db } = await freshDb())
    expect((await cli(['import', '--db', db, write(d, 'in.json', awkwardDoc())])).code).toBe(0)
  })

  it('--json prints exactly { asOf, policy, findings }', async () => {
    const r = await cli(['drift', '--db', db, '--as-of', '2026-12-15', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(Object.keys(j).sort()).toEqual(['asOf', 'findings', 'policy'])
    expect(j.asOf).toBe('2026-12-15')
    expect(Array.isArray(j.findings)).toBe(true)
    expect(j.findings.length).toBeGreaterThan(0)
    for (const f of j.findings) {
      expect(Object.keys(f).sort()).toEqual(['childId', 'dueDate', 'message', 'planId', 'ruleId', 'severity', 'status', 'subject'].sort())
      expect(['high', 'medium', 'low']).toContain(f.severity)
      expect(['overdue', 'due-soon', 'flag']).toContain(f.status)
      expect(['plan', 'meeting', 'conference', 'action', 'allocation', 'disagreement', 'professional']).toContain(f.subject.kind)
      if (f.status === 'due-soon') expect(f.severity).toBe('low')
    }
    // risk-scale-low on the danger scale 10 for plan "Cé" (safety 0)
    expect(j.findings.some((f: any) => f.ruleId === 'risk-scale-low' && f.planId === 'C\u00e9')).toBe(true)
  })

  it('--as-of invalid is exit 1 naming --as-of', async () => {
    for (const bad of ['2026-02-30', '2026-2-1', 'tomorrow', '']) {
      const r = await cli(['drift', '--db', db, '--as-of', bad, '--json'])
      expect(r.code, bad).toBe(1)
      expect(r.stderr).toMatch(/--as-of/)
      expect(r.stdout).toBe('')
    }
  })
})

describe('demo', () => {
  it('is deterministic for a seed, differs for another seed, and is clearly fictional', async () => {
    const texts: string[] = []
    for (const seed of ['11', '11', '12']) {
      const { db } = await freshDb()
      const r = await cli(['demo', '--db', db, '--children', '12', '--seed', seed, '--as-of', '2026-06-01'])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(/fictional|demo|synthetic/i)
      texts.push((await exportDoc(db)).text)
    }
    const [first, second, other] = texts as [string, string, string]
    expect(first).toBe(second)
    expect(other).not.toBe(first)
    const doc = JSON.parse(first) as Doc
    expect(doc.children).toHaveLength(12)
    for (const c of doc.children as any[]) expect(c.team).toMatch(/^Demo /)
    for (const p of doc.professionals as any[]) expect(p.agency).toMatch(/^Demo /)
    // contact details are reserved/fictional
    for (const p of doc.professionals as any[]) {
      if (p.email) expect(p.email).toMatch(/@example\.(invalid|com|org)$/)
      if (p.phone) expect(p.phone).toMatch(/^07700 900\d{3}$/) // Ofcom drama range
    }
    // the demo export round trips byte for byte
    const d = await freshDb()
    expect((await cli(['import', '--db', d.db, write(d.d, 'demo.json', first)])).code).toBe(0)
    expect((await exportDoc(d.db)).text).toBe(first)
  })
})

describe('no plaintext on disk (§6)', () => {
  it('after import, the caseload and its -wal/-shm/-journal hold no child name, e-mail or free text', async () => {
    const { d, db } = await freshDb()
    const doc = awkwardDoc()
    doc.children[0].name = 'Quillonbery Zephyrine'
    doc.professionals[1].email = 'unique.marker.7731@example.invalid'
    doc.actions[0].description = 'Arrange Xylophonique assessment'
    expect((await cli(['import', '--db', db, write(d, 'in.json', doc)])).code).toBe(0)
    // the input file itself is the user's; remove it before grepping
    const { rmSync } = await import('node:fs')
    rmSync(join(d, 'in.json'))
    // drift also opens and reads the caseload
    expect((await cli(['drift', '--db', db, '--as-of', '2026-12-01'])).code).toBe(0)
    const markers = ['Quillonbery', 'Zephyrine', 'unique.marker.7731', 'Xylophonique', 'Ōtsuka']
    const files = readdirSync(d)
    expect(files.some((f) => f === 'caseload.db')).toBe(true)
    for (const f of files) {
      const bytes = readFileSync(join(d, f))
      for (const m of markers) {
        expect(bytes.includes(Buffer.from(m, 'utf8')), `${m} in ${f}`).toBe(false)
        expect(bytes.includes(Buffer.from(m, 'utf16le')), `${m} (UTF-16) in ${f}`).toBe(false)
      }
    }
  })
})

describe('hostile and edge-case text (README "Caseload interchange format")', () => {
  it('a NUL character inside a string round trips', async () => {
    const { d, db } = await freshDb()
    const doc = baseDoc()
    doc.children[0].name = 'Before\u0000After'
    doc.actions[0].description = 'a\u0000b\u0000'
    const r = await cli(['import', '--db', db, write(d, 'nul.json', doc)])
    expect(r.code, r.stderr).toBe(0)
    expect((await exportDoc(db)).doc).toEqual(doc)
  })

  it('a byte order mark is accepted', async () => {
    const { d, db } = await freshDb()
    const r = await cli(['import', '--db', db, write(d, 'bom.json', `\uFEFF${JSON.stringify(baseDoc())}`)])
    expect(r.code, r.stderr).toBe(0)
  })

  it('a half surrogate escape, a duplicate member name and non-UTF-8 bytes are refused with the path', async () => {
    const text = JSON.stringify(baseDoc())
    await expectRefused(text.replace('"Fictional Audit Child"', '"Bad \\ud800 half"'), /\$\.children\[0\]\.name/)
    await expectRefused(text.replace('"complex":false', '"complex":false,"complex":true'), /\$\.children\[0\]\.complex/)
    const { d, db } = await freshDb()
    const f = join(d, 'latin1.json')
    writeFileSync(f, Buffer.from(text.replace('Fictional Audit Child', 'Zo\u00eb'), 'latin1'))
    const r = await cli(['import', '--db', db, f])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/\$\.children\[0\]\.name/)
  })

  it('a deeply nested unknown value is refused (exit 1, with a path), not a crash', async () => {
    const depth = 200_000
    const text = JSON.stringify(baseDoc()).replace('"version":1', `"version":1,"extra":${'['.repeat(depth)}${']'.repeat(depth)}`)
    const r = await expectRefused(text, /\$\.extra/)
    expect(r.stderr).not.toMatch(/Unexpected error|Maximum call stack/)
  })

  it('duplicate member and duplicate distribution rows (no ids) are refused with a path, or kept, never silently collapsed', async () => {
    for (const list of ['members', 'distributions']) {
      const doc = baseDoc()
      doc[list].push(clone(doc[list][0]))
      const { d, db } = await freshDb()
      const r = await cli(['import', '--db', db, write(d, 'dup.json', doc)])
      if (r.code === 0) expect((await exportDoc(db)).doc[list]).toHaveLength(2)
      else {
        expect(r.code).toBe(1)
        expect(r.stderr).toMatch(new RegExp(`\\$\\.${list}\\[1\\]`))
      }
    }
  })

  it('someone both attended and sent apologies, or listed twice, is refused', async () => {
    const a = baseDoc()
    a.meetings[0].apologies = ['P1']
    await expectRefused(a, /\$\.meetings\[0\]\.apologies\[0\]|\$\.meetings\[0\]\.attended\[0\]/)
    const b = baseDoc()
    b.meetings[0].attended = ['P1', 'P1']
    await expectRefused(b, /\$\.meetings\[0\]\.attended\[1\]/)
  })

  it('list order is the same rule for lists and for planIds/attended/apologies (astral vs high-BMP ids)', async () => {
    const { d, db } = await freshDb()
    const doc = baseDoc()
    const ids = ['\uFF21', '\u{1F600}', 'Z']
    doc.professionals = ids.map((id) => ({ id, name: `N${id}`, role: 'other', agency: 'x', email: null, phone: null }))
    doc.allocations = []
    doc.members = []
    doc.distributions = []
    doc.actions = []
    doc.disagreements = []
    doc.meetings[0].chairId = 'Z'
    doc.meetings[0].attended = [...ids]
    doc.meetings[0].apologies = []
    const r = await cli(['import', '--db', db, write(d, 'order.json', doc)])
    expect(r.code, r.stderr).toBe(0)
    const out = (await exportDoc(db)).doc
    const listOrder = (out.professionals as any[]).map((p) => p.id)
    expect(out.meetings[0].attended).toEqual(listOrder)
  })
})

describe('export', () => {
  it('--out into a folder that does not exist: exit 1 with a sentence, no stack trace', async () => {
    const { d, db } = await freshDb()
    const r = await cli(['export', '--db', db, '--out', join(d, 'no', 'such', 'out.json')])
    expect(r.code).toBe(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  // Found by the audit: Node's unhandled 'error' event (write EPIPE) with its stack trace.
  it('export piped into a reader that stops early (| head) does not print a stack trace', () => {
    const d = dir()
    const db = join(d, 'big.db')
    expect(proc(['init', '--db', db]).code).toBe(0)
    expect(proc(['demo', '--db', db, '--children', '40', '--seed', '3', '--as-of', '2026-06-01']).code).toBe(0)
    const env = { ...process.env, DRIFTWATCH_PASSPHRASE: PASS }
    const r = spawnSync('sh', ['-c', `"${TSX}" "${MAIN}" export --db "${db}" | head -c 100 >/dev/null`], { cwd: ROOT, env, encoding: 'utf8' })
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /)
  })
})
