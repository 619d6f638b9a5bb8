/**
 * Thousands of malformed payloads to every channel: each is rejected with VALIDATION before any
 * handler runs, nothing throws, and the session works normally afterwards.
 */
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatch, type Dispatch } from '../../electron/core/app/dispatch'
import { createHandlers, type Handlers } from '../../electron/core/app/handlers'
import { Session } from '../../electron/core/app/session'
import { CHANNELS, contract, type Channel } from '../../shared/ipc-contract'
import { capturingLogger, fakeScanner, PASSPHRASE, tempDir, TEST_KDF, TODAY } from './helpers'

const VALID: { [C in Channel]: Record<string, unknown> } = {
  'session:status': {},
  'session:create': { passphrase: PASSPHRASE, withDemo: false },
  'session:unlock': { passphrase: PASSPHRASE },
  'session:lock': {},
  'caseload:overview': { asOf: TODAY },
  'caseload:table': { asOf: TODAY },
  'caseload:plan-findings': { asOf: TODAY, planId: 'P1' },
  'caseload:triage': { asOf: TODAY, limit: 10 },
  'case:detail': { childId: 'c1', asOf: TODAY },
  'caseload:professionals': {},
  'caseload:teams': {},
  'record:child': { name: 'A', complex: false },
  'record:plan': { childId: 'c1', startDate: TODAY, initialCategory: 'neglect', previousPlans: 0 },
  'record:plan-end': { planId: 'p1', endDate: TODAY },
  'record:plan-end-check': { planId: 'p1', endDate: TODAY },
  'record:professional': { name: 'A', role: 'health', agency: 'Health' },
  'record:member': { planId: 'p1', professionalId: 'x1', fromDate: TODAY },
  'record:meeting': { planIds: ['p1'], date: TODAY, chairId: 'x1', attended: [], apologies: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true },
  'record:distribution': { meetingId: 'm1', professionalIds: ['x1'], date: TODAY },
  'record:action': { planId: 'p1', createdDate: TODAY, description: 'Do it', status: 'open' },
  'record:allocation': { childId: 'c1', professionalId: 'x1', startDate: TODAY },
  'record:disagreement': { planId: 'p1', raisedDate: TODAY, raisedById: 'x1', category: 'other', stages: [] },
  'record:visit': { childId: 'c1', date: TODAY, seenAlone: true },
  'record:conference': { planId: 'p1', kind: 'review', date: TODAY },
  'record:delete': { kind: 'visit', id: 'v1' },
  'history:list': { childId: 'c1' },
  'history:undo': { changeId: 1 },
  'settings:policy-get': {},
  'settings:policy-set': { policy: { coreGroupIntervalDays: 28 } },
  'settings:policy-reset': {},
  'settings:ssd-roles-get': {},
  'settings:ssd-roles-set': { roles: ['cw', 'Allocated Worker'] },
  'settings:ssd-roles-reset': {},
  'settings:user-get': {},
  'settings:user-set': { name: 'Ann Chair' },
  'settings:bank-holidays-import': { json: '{}' },
  'session:change-passphrase': { oldPassphrase: PASSPHRASE, newPassphrase: 'another long passphrase' },
  'supervision:agenda': { scope: { kind: 'worker', id: 'x1' }, date: TODAY },
  'supervision:save': { date: TODAY, scope: { kind: 'caseload', id: '' }, supervisor: 'A', notes: '', children: [], actions: [] },
  'supervision:list': {},
  'supervision:action-status': { id: 's1', status: 'done', closedDate: TODAY },
  'midway:prepare': { childId: 'c1', date: TODAY },
  'midway:save': { childId: 'c1', date: TODAY, rag: 'amber', ragReason: 'Why', decision: 'no-change', decisionNote: '' },
  'midway:list': { childId: 'c1' },
  'audit:indicators': { from: TODAY, to: TODAY },
  'export:document': { target: { kind: 'midway', reviewId: 'r1' }, format: 'txt', purpose: 'file' },
  'session:reset-passphrase': { recoveryCode: '00000-00000-00000-00000-00000-00000', newPassphrase: 'another long passphrase' },
  'session:integrity': {},
  'backup:status': {},
  'backup:now': {},
  'backup:cancel': {},
  'backup:set-folder': { folder: '/tmp/driftwatch-backups' },
  'backup:restore': { file: 'caseload-20261130-221503Z.dwbackup', passphrase: PASSPHRASE },
  'session:watch': { active: true },
  'access:log': { limit: 10 },
  'access:log-export': {},
  'import:choose': { source: 'ssd' },
  'import:upload-start': { source: 'annex-a', name: 'list7.xlsx' },
  'import:preview': { handle: 'h'.repeat(43) },
  'import:apply': { handle: 'h'.repeat(43), replace: false },
  'import:status': { handle: 'h'.repeat(43) },
  'import:cancel': { handle: 'h'.repeat(43) },
  'gaps:summary': { asOf: TODAY },
  'gaps:baseline': { asOf: TODAY },
  'gaps:baseline-save': { rows: [{ planId: 'p1', date: TODAY, chairId: 'x1', attended: [], planAvailable: true, childViewsRecorded: true, riskReviewed: true }] },
  'gaps:tracker-template': { asOf: TODAY },
  'session:new-recovery-code': { passphrase: PASSPHRASE },
}

const weird = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
  fc.string({ minLength: 1025, maxLength: 5000 }),
  fc.constantFrom('__proto__', 'constructor', '2026-02-29', '2026-13-01', '26-11-2026', '', ' ', '\u0000', 'NaN', '1e309'),
  fc.constantFrom(NaN, Infinity, -0, Number.MAX_SAFE_INTEGER + 2, true, null, [], {}),
)

/** A valid input with one field broken, removed, or a foreign key added. */
function mutated(channel: Channel) {
  const base = VALID[channel]
  const keys = Object.keys(base)
  const variants = [
    fc.record({ key: fc.string({ maxLength: 20 }).filter((k) => !keys.includes(k)), value: weird }).map(({ key, value }) => {
      const o: Record<string, unknown> = { ...base }
      Object.defineProperty(o, key, { value, enumerable: true, configurable: true, writable: true })
      return o
    }),
    fc.constantFrom(...(['__proto__', 'constructor', 'prototype'] as const)).map((key) => JSON.parse(`{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(base[k])}`).concat(`"${key}":{"polluted":1}`).join(',')}}`) as unknown),
    weird,
  ]
  if (keys.length > 0) {
    variants.push(fc.record({ key: fc.constantFrom(...keys), value: weird }).map(({ key, value }) => ({ ...base, [key]: value })))
    variants.push(fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))))
  }
  return fc.oneof(...variants)
}

let dir: { dir: string; cleanup(): void }
let session: Session
let dispatch: Dispatch
const called: string[] = []
const log = capturingLogger()

beforeAll(async () => {
  dir = tempDir()
  session = new Session({ dbPath: join(dir.dir, 'caseload.db'), kdf: TEST_KDF, today: () => TODAY })
  await session.create(PASSPHRASE, false)
  const real = createHandlers(session, fakeScanner)
  const spied = Object.fromEntries(
    CHANNELS.map((c) => [c, (input: never) => (called.push(c), (real[c] as (i: never) => unknown)(input))]),
  ) as unknown as Handlers
  dispatch = createDispatch({ handlers: spied, isUnlocked: () => session.isUnlocked(), log })
})
afterAll(() => {
  session.closeNow()
  dir.cleanup()
})

describe('fuzz', () => {
  it.each(CHANNELS)('%s rejects 600 malformed payloads with VALIDATION', async (channel) => {
    let count = 0
    await fc.assert(
      fc.asyncProperty(mutated(channel), async (payload) => {
        // Some mutations are valid by chance (a random value where any string is allowed).
        fc.pre(payload !== undefined && !contract[channel].input.safeParse(payload).success)
        count += 1
        const r = await dispatch(channel, payload)
        expect(r.ok).toBe(false)
        if (!r.ok) {
          expect(r.code).toBe('VALIDATION')
          expect(JSON.stringify(r).length).toBeLessThan(20_000)
        }
      }),
      { numRuns: 600, seed: 4 },
    )
    expect(count).toBeGreaterThan(400)
    expect(called).toEqual([])
  })

  it('leaves no prototype pollution behind', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('keeps working afterwards', async () => {
    expect(await dispatch('session:status', {})).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    expect(await dispatch('caseload:table', { asOf: TODAY })).toEqual({ ok: true, data: { asOf: TODAY, kinds: [], teams: [], workers: [], columns: { childId: [], childName: [], complex: [], team: [], planId: [], planStart: [], category: [], worker: [], findingCount: [] }, findingKinds: [] } })
    expect(await dispatch('session:lock', {})).toMatchObject({ ok: true, data: { state: 'locked' } })
    expect(await dispatch('session:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'unlocked' } })
    expect(log.lines).toEqual([])
  })
})
