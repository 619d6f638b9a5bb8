/**
 * The import's fast guards (electron/core/caseload/element-guards.ts) may accept an element only
 * when its zod schema accepts it too, and unchanged: otherwise a problem would go unreported.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { elementGuards } from '../../electron/core/caseload/element-guards'
import { LIST_NAMES, type ListName } from '../../electron/core/caseload/lists'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import * as format from '../../shared/caseload-format'
import type { Caseload } from '../../shared/caseload-format'

const schemas: Record<ListName, { safeParse(v: unknown): { success: boolean; data?: unknown } }> = {
  children: format.childSchema,
  professionals: format.professionalSchema,
  allocations: format.allocationSchema,
  plans: format.planSchema,
  conferences: format.conferenceSchema,
  members: format.memberSchema,
  meetings: format.meetingSchema,
  distributions: format.distributionSchema,
  actions: format.actionSchema,
  disagreements: format.disagreementSchema,
  visits: format.visitSchema,
}

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'small-caseload.json'), 'utf8')) as Caseload
const demo = demoCaseloadDocument({ children: 30, seed: 5, asOf: '2026-11-26' })
const samples = (list: ListName): unknown[] => [...fixture[list], ...demo[list]]

/** Values that are valid somewhere in the format, invalid elsewhere, or invalid everywhere. */
const VALUES: unknown[] = [
  undefined, null, '', 'x', 'C1', '2026-02-30', '2026-01-31', '1899-12-31', '26-01-01', 0, -1, 1.5, 4, 5, 10, 10.5, 11,
  Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, true, false, [], [''], ['P1'], ['P1', 'P1'], {}, { score: 3, scale: 'safety' },
  { score: 3, scale: 'safety', extra: 1 }, { score: 12, scale: 'danger' }, [{ stage: 1, startDate: '2026-01-01' }],
  [{ stage: 0, startDate: '2026-01-01' }], [{ stage: 2, startDate: '2026-01-01', respondedDate: null, x: 1 }],
  'social-worker', 'wizard', 'LEFTRL', 'neglect', 'initial', 'review', 'open', 'done', 'plan-progress', 'danger',
]
const KEYS = [
  'id', 'name', 'dateOfBirth', 'gender', 'complex', 'team', 'role', 'agency', 'email', 'childId', 'professionalId', 'startDate',
  'endDate', 'changeReason', 'initialCategory', 'latestCategory', 'previousPlans', 'planId', 'kind', 'date', 'fromDate', 'toDate',
  'planIds', 'chairId', 'attended', 'apologies', 'planAvailable', 'riskScore', 'meetingId', 'description', 'ownerId', 'status',
  'closedDate', 'raisedById', 'category', 'stages', 'resolvedDate', 'outcome', 'seenAlone', 'notes', '__proto__', 'constructor',
]

/** zod's output without absent members, to compare with the element the guard let through. */
const defined = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

describe('the fast element guards', () => {
  it('accept every element of valid caseloads (so the fast path is the one taken)', () => {
    for (const list of LIST_NAMES) {
      for (const e of samples(list)) expect(elementGuards[list](e), `${list} ${JSON.stringify(e)}`).toBe(true)
    }
  })

  it('never accept what the schema rejects or would change', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LIST_NAMES),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: VALUES.length }), fc.boolean()), { minLength: 1, maxLength: 3 }),
        (list, pick, edits) => {
          const all = samples(list)
          const element = structuredClone(all[pick % all.length]) as Record<string, unknown>
          for (const [keyPick, value, nested] of edits) {
            const target =
              nested && Array.isArray(element.stages) && typeof element.stages[0] === 'object' && element.stages[0] !== null
                ? (element.stages[0] as Record<string, unknown>)
                : nested && element.riskScore && typeof element.riskScore === 'object'
                  ? (element.riskScore as Record<string, unknown>)
                  : element
            // Mostly the element's own members (each is then tried with every kind of value), sometimes others.
            const own = Object.keys(target)
            const key = keyPick % 4 === 0 || own.length === 0 ? KEYS[keyPick % KEYS.length]! : own[keyPick % own.length]!
            if (value === VALUES.length) delete target[key]
            else Object.defineProperty(target, key, { value: VALUES[value], enumerable: true, writable: true, configurable: true })
          }
          if (elementGuards[list](element)) {
            const parsed = schemas[list].safeParse(element)
            expect(parsed.success, `${list} ${JSON.stringify(element)}`).toBe(true)
            expect(defined(parsed.data)).toEqual(defined(element))
          }
        },
      ),
      { numRuns: 20_000 },
    )
  })

  it('leave non-objects to the schema', () => {
    for (const list of LIST_NAMES) {
      for (const v of [null, undefined, 1, 'x', [], [samples(list)[0]], Object.create(null)]) expect(elementGuards[list](v)).toBe(false)
    }
  })
})
