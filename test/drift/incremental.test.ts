/**
 * Incremental findings (issue 13, app/analysis.ts): after every kind of record change made through
 * the core (records, undo, delete, professionals, policy, supervision actions), the patched
 * analysis answers exactly as a full scan does — the overview, the table and Start here, today, on
 * a past date (the history loader) and on a future date.
 *
 * The full scan comes from a second core on the same encrypted file: the first core's writes are
 * another program's to it (PRAGMA data_version), so it scans in full for every request. It only
 * reads (the first core has already brought the drift summary up to date), so the first core never
 * sees a change of its own and keeps patching; the stats prove it.
 */
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays } from '../../shared/civil-date'
import { createCore, type Core } from '../../electron/core/app/core'
import { AnalysisCache } from '../../electron/core/app/analysis'
import { importCaseload } from '../../electron/core/caseload/import'
import { tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'
import { randomCaseload } from './random-caseload'

const TODAY = '2026-12-15'
const DATES = [TODAY, addDays(TODAY, -45), addDays(TODAY, 20)]

let patched: Core
let full: Core
let dir: ReturnType<typeof tempDir>

async function call(core: Core, channel: string, input: unknown): Promise<unknown> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`)
  return r.data
}

/** Every screen drawn from the analysis, on every date. */
async function screens(core: Core): Promise<unknown[]> {
  const out: unknown[] = []
  for (const asOf of DATES) {
    out.push(await call(core, 'caseload:overview', { asOf }))
    out.push(await call(core, 'caseload:table', { asOf }))
    out.push(await call(core, 'caseload:triage', { asOf }))
  }
  return out
}

const ids = (sql: string): string[] => patched.session.database().sqlite.prepare(sql).pluck().all() as string[]

/** One random edit, described by numbers and interpreted against the caseload as it is now. */
type Edit = { kind: number; a: number; b: number; c: number; day: number; flag: boolean }

const KINDS = 20

function pick<T>(xs: readonly T[], n: number): T | undefined {
  return xs.length ? xs[n % xs.length] : undefined
}

/** The channel and input of an edit (null when there is nothing to edit of that kind). */
function editOf(e: Edit): [string, unknown] | null {
  const date = addDays(TODAY, -e.day)
  const children = ids('SELECT id FROM children ORDER BY id')
  const plans = ids('SELECT id FROM plans ORDER BY id')
  const openPlans = ids(`SELECT id FROM plans WHERE end_date IS NULL ORDER BY id`)
  const profs = ids('SELECT id FROM professionals ORDER BY id')
  const child = pick(children, e.a)
  const plan = pick(plans, e.a)
  const prof = pick(profs, e.b)
  const sqlite = patched.session.database().sqlite
  /** A date from `from` to today (records may not be dated in the future, nor before their plan). */
  const since = (from: string | null | undefined) => {
    const lo = from && from > addDays(TODAY, -200) ? from : addDays(TODAY, -200)
    if (lo > TODAY) return TODAY
    const span = Math.round((Date.parse(TODAY) - Date.parse(lo)) / 86_400_000)
    return addDays(lo, e.day % (span + 1))
  }
  const planStart = plan ? (sqlite.prepare('SELECT start_date FROM plans WHERE id = ?').pluck().get(plan) as string) : null
  const onPlan = since(planStart)
  switch (e.kind % KINDS) {
    case 0:
      if (!child) return null
      return ['record:visit', { childId: child, date: since(sqlite.prepare('SELECT min(start_date) FROM plans WHERE child_id = ?').pluck().get(child) as string), seenAlone: e.flag }]
    case 1:
      return plan ? ['record:action', { planId: plan, createdDate: onPlan, description: 'Chase the school report', status: 'open', dueDate: addDays(onPlan, e.c % 40), ownerId: prof ?? null }] : null
    case 2: {
      const action = pick(ids(`SELECT id FROM actions WHERE status = 'open' ORDER BY id`), e.b)
      if (!action) return null
      const row = sqlite.prepare('SELECT plan_id AS planId, created_date AS createdDate, description, owner_id AS ownerId, due_date AS dueDate FROM actions WHERE id = ?').get(action) as Record<string, string | null>
      const closed = since(row.createdDate)
      return ['record:action', { id: action, ...row, status: e.flag ? 'done' : 'dropped', closedDate: closed, outcome: 'Done' }]
    }
    case 3:
      return plan ? ['record:conference', { planId: plan, kind: 'review', date: onPlan }] : null
    case 4:
      return plan && prof ? ['record:member', { planId: plan, professionalId: prof, fromDate: onPlan }] : null
    case 5: {
      // An open plan, and attendance only by someone who is a member on that date.
      const open = pick(openPlans, e.a)
      if (!open || !prof) return null
      const start = sqlite.prepare('SELECT start_date FROM plans WHERE id = ?').pluck().get(open) as string
      const date = since(start)
      const member = sqlite.prepare('SELECT professional_id FROM members WHERE plan_id = ? AND from_date <= ? AND (to_date IS NULL OR to_date >= ?) ORDER BY 1 LIMIT 1').pluck().get(open, date, date) as string | undefined
      return ['record:meeting', { planIds: [open], date, chairId: pick(profs, e.c)!, attended: e.flag && member ? [member] : [], apologies: [], planAvailable: e.flag, childViewsRecorded: !e.flag, riskReviewed: true, riskScore: e.c % 3 ? { score: e.c % 11, scale: 'safety' } : null }]
    }
    case 6: {
      const meeting = pick(ids(`SELECT id FROM meetings WHERE date <= '${TODAY}' ORDER BY id`), e.a)
      if (!meeting) return null
      const m = sqlite.prepare('SELECT date FROM meetings WHERE id = ?').pluck().get(meeting) as string
      const member = pick(sqlite.prepare('SELECT DISTINCT m.professional_id FROM members m JOIN meeting_plans mp ON mp.plan_id = m.plan_id WHERE mp.meeting_id = ? ORDER BY 1').pluck().all(meeting) as string[], e.b)
      return member ? ['record:distribution', { meetingId: meeting, professionalIds: [member], date: since(m) }] : null
    }
    case 7:
      return child && prof ? ['record:allocation', { childId: child, professionalId: prof, startDate: date, changeReason: 'OTHERS' }] : null
    case 8: {
      if (!child) return null
      const c = sqlite.prepare('SELECT name, complex, team FROM children WHERE id = ?').get(child) as { name: string; complex: number; team: string | null }
      // A new name moves the child's rows in the table; a new team or complexity changes the totals and rules.
      return ['record:child', { id: child, name: e.flag ? `Renamed ${e.c}` : c.name, complex: e.c % 2 === 0 ? c.complex === 0 : c.complex === 1, team: pick(['North', 'South', null], e.b) ?? null }]
    }
    case 9:
      return ['record:child', { name: `New child ${e.c}`, complex: e.flag, team: 'North', plan: { startDate: date, initialCategory: 'neglect', previousPlans: 0, socialWorkerId: prof ?? null } }]
    case 10: {
      const p = pick(openPlans, e.a)
      return p ? ['record:plan-end', { planId: p, endDate: date }] : null
    }
    case 11:
      if (!prof) return null
      return ['record:professional', { id: prof, name: `Professional ${e.c}`, role: pick(['social-worker', 'deputy-manager', 'health', 'education'], e.c)!, agency: 'Agency', email: e.flag ? 'x@example.org' : null, phone: null }]
    case 12:
      return ['record:professional', { name: `New professional ${e.c}`, role: 'health', agency: 'Health', phone: '0100 000000' }]
    case 13: {
      const kinds = ['visit', 'action', 'meeting', 'conference', 'disagreement'] as const
      const kind = kinds[e.b % kinds.length]!
      const id = pick(ids(`SELECT id FROM ${kind === 'visit' ? 'visits' : `${kind}s`} ORDER BY id`), e.a)
      return id ? ['record:delete', { kind, id }] : null
    }
    case 14:
    case 15:
      return ['history:undo', {}]
    case 16:
      return plan && prof ? ['record:disagreement', { planId: plan, raisedDate: onPlan, raisedById: prof, category: 'other', stages: e.flag ? [{ stage: 1, startDate: onPlan }] : [] }] : null
    case 17:
      return ['settings:policy-set', null] // filled in with the stored policy (async) by the caller
    case 18:
      return child ? ['supervision:save', { date, scope: { kind: 'caseload', id: '' }, supervisor: 'Sam Supervisor', notes: '', children: [], actions: [{ childId: child, description: 'Check the plan', ownerId: prof ?? null, dueDate: addDays(date, e.c % 30) }] }] : null
    case 19: {
      const action = pick(ids('SELECT id FROM supervision_actions ORDER BY id'), e.a)
      return action ? ['supervision:action-status', { id: action, status: e.flag ? 'done' : 'open', closedDate: e.flag ? date : null }] : null
    }
  }
  return null
}

beforeAll(async () => {
  dir = tempDir()
  const dbPath = join(dir.dir, 'caseload.db')
  patched = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, actor: 'Chair One' })
  await call(patched, 'session:create', { passphrase: TEST_PASSPHRASE, withDemo: false })
  importCaseload(patched.session.database(), randomCaseload(20261215, TODAY, 14))
  patched.session.invalidate()
  full = createCore({ dbPath, kdf: TEST_KDF, today: () => TODAY, actor: 'Reader' })
  await call(full, 'session:unlock', { passphrase: TEST_PASSPHRASE })
})

afterAll(() => {
  full?.session.closeNow()
  patched?.session.closeNow()
  dir?.cleanup()
})

describe('incremental findings', () => {
  it('after every kind of change through the core, equal a full scan (overview, table, Start here; today, past, future)', async () => {
    expect(await screens(patched)).toEqual(await screens(full))
    const applied = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.nat(KINDS * 4), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000), day: fc.integer({ min: 0, max: 200 }), flag: fc.boolean() }), { minLength: 1, maxLength: 10 }),
        async (edits) => {
          for (const e of edits) {
            let edit = editOf(e)
            if (!edit) continue
            if (edit[0] === 'settings:policy-set') {
              const { policy } = (await call(patched, 'settings:policy-get', {})) as { policy: Record<string, unknown> }
              edit = ['settings:policy-set', { policy }]
            }
            // Business rules refuse some random edits (a date before the plan, say): nothing saved, and still equal.
            const r = await patched.dispatch(edit[0], edit[1])
            if (r.ok) applied.set(edit[0], (applied.get(edit[0]) ?? 0) + 1)
            expect(await screens(patched)).toEqual(await screens(full))
          }
        },
      ),
      { numRuns: 40 },
    )
    const stats = AnalysisCache.of(patched.session)!.stats
    // Patched, not only dropped (professionals, the policy, and dates on which a changed plan has a
    // later record — the random caseload has many — are scanned in full by design).
    expect(stats.patches).toBeGreaterThan(0)
    for (const channel of ['record:visit', 'record:action', 'record:meeting', 'record:child', 'record:professional', 'record:delete', 'history:undo', 'supervision:save']) {
      expect(applied.get(channel) ?? 0, channel).toBeGreaterThan(0)
    }
  }, 600_000)

  it("one visit patches today's analysis: no full scan, the same screens", async () => {
    const stats = AnalysisCache.of(patched.session)!.stats
    await screens(patched)
    // A child whose plans have no record dated after today (the summary holds for them today).
    const child = ids(`SELECT p.child_id FROM plans p JOIN drift_facts f ON f.plan_id = p.id GROUP BY p.child_id HAVING max(f.valid_from) <= '${TODAY}' ORDER BY p.child_id`)[0]!
    const before = { ...stats }
    await call(patched, 'record:visit', { childId: child, date: TODAY, seenAlone: false })
    const overview = await call(patched, 'caseload:overview', { asOf: TODAY })
    expect(stats.patches).toBeGreaterThan(before.patches)
    expect(stats.fullScans - before.fullScans).toBe(0)
    expect(overview).toEqual(await call(full, 'caseload:overview', { asOf: TODAY }))
    expect(await call(patched, 'caseload:table', { asOf: TODAY })).toEqual(await call(full, 'caseload:table', { asOf: TODAY }))
  })

  it('a change by another program drops the cached scans (data_version), and they are right again', async () => {
    const before = AnalysisCache.of(patched.session)!.stats.fullScans
    const child = ids('SELECT id FROM children ORDER BY id')[0]!
    await call(full, 'record:visit', { childId: child, date: TODAY, seenAlone: true })
    expect(await screens(patched)).toEqual(await screens(full))
    expect(AnalysisCache.of(patched.session)!.stats.fullScans).toBeGreaterThan(before)
  })
})
