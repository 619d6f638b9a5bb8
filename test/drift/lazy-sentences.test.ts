/**
 * A finding's sentence names actions and people, read from the caseload one id at a time; a scan
 * leaves those lookups until the sentence is first read (drift/rules/common.ts `finding`), because
 * the dashboard and the table never read them. The sentence must still read as a plain field
 * everywhere (JSON, spreading, assignment), be made once and kept, and the findings themselves must
 * not depend on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCaseload } from '../../electron/core/caseload/import'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { scanCaseload } from '../../electron/core/drift/scan'
import { tempCaseload } from '../helpers/temp-db'
import { baseDoc } from './helpers'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import { scanDocument } from '../../electron/core/drift/scan'
import { RULES } from '../../electron/core/drift/engine'

let db: CaseloadDb
let cleanup: () => void
beforeAll(async () => {
  ;({ db, cleanup } = await tempCaseload())
  const d = baseDoc('2026-11-02')
  d.actions.push({ id: 'A1', planId: 'P1', createdDate: '2026-11-02', description: 'Arrange a nursery place', outcome: 'y', ownerId: 'HV1', dueDate: '2026-11-20', status: 'open' })
  importCaseload(db, d)
})
afterAll(() => cleanup())

const overdue = () => scanCaseload(db, { asOf: '2026-11-25' }).findings.find((f) => f.ruleId === 'action-overdue')!
const describeAction = (text: string) => db.sqlite.prepare('UPDATE actions SET description = ? WHERE id = ?').run(text, 'A1')

describe("a finding's sentence", () => {
  it('is looked up when first read, then kept', () => {
    describeAction('Arrange a nursery place')
    const f = overdue()
    // Changed after the scan, before anything read the sentence: the sentence says what is there now.
    describeAction('Book the dental check')
    expect(f.message).toBe('The action “Book the dental check”, owned by Health Visitor (Health) and set on 2 Nov 2026, is overdue: it was due by 20 Nov 2026 and is still open.')
    describeAction('Something else')
    expect(f.message).toContain('“Book the dental check”')
    describeAction('Arrange a nursery place')
  })

  it('reads as a field: JSON, spreading, keys and assignment', () => {
    const f = overdue()
    const text = 'The action “Arrange a nursery place”, owned by Health Visitor (Health) and set on 2 Nov 2026, is overdue: it was due by 20 Nov 2026 and is still open.'
    expect(Object.keys(f)).toContain('message')
    expect((JSON.parse(JSON.stringify(f)) as { message: string }).message).toBe(text)
    expect({ ...f }.message).toBe(text)
    expect(f).toEqual({ ...f, message: text })
    f.message = 'replaced'
    expect(f.message).toBe('replaced')
  })

  it('never changes which findings there are', () => {
    describeAction('Arrange a nursery place')
    const before = scanCaseload(db, { asOf: '2026-11-25' }).findings.map(({ message: _m, ...rest }) => rest)
    describeAction('')
    const after = scanCaseload(db, { asOf: '2026-11-25' })
    expect(after.findings.map(({ message: _m, ...rest }) => rest)).toEqual(before)
    // Without words of its own the sentence falls back to the date the action was set.
    expect(after.findings.find((f) => f.ruleId === 'action-overdue')!.message).toMatch(/^The action set on 2 Nov 2026 is overdue/)
    describeAction('Arrange a nursery place')
  })
})

describe("every rule's sentences", () => {
  it('are made when read, through one accessor shared by every finding, and read as plain fields', () => {
    const doc = demoCaseloadDocument({ children: 1500, seed: 'lazy', asOf: '2026-11-26' })
    const { findings } = scanDocument(doc, { asOf: '2026-11-26' })
    const rules = new Set(findings.map((f) => f.ruleId))
    // The demo caseload fires every rule of the engine, so each rule's way of giving its sentence is seen here.
    expect([...rules].sort()).toEqual(Object.keys(RULES).sort())
    const getters = new Set(findings.map((f) => Object.getOwnPropertyDescriptor(f, 'message')!.get))
    // One shared accessor (not a getter made per finding): V8 keeps every finding in one fast shape.
    expect(getters.size).toBe(1)
    expect([...getters][0]).toBeTypeOf('function')
    for (const f of findings) {
      expect(Object.keys(f)).toEqual(['ruleId', 'childId', 'planId', 'severity', 'status', 'dueDate', 'subject', 'message'])
      const copy = JSON.parse(JSON.stringify(f)) as typeof f
      expect(copy.message).toMatch(/^[A-Z].*\.$/)
      expect({ ...f }).toEqual(copy)
      expect(structuredClone(f)).toEqual(copy)
    }
  })
})
