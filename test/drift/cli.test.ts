import { writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VerbContext } from '../../electron/cli/verb'
import type { CaseloadDb } from '../../electron/core/db/caseload-db'
import { importCaseload } from '../../electron/core/caseload/import'
import { findingSchema } from '../../shared/drift-types'
import { DEFAULT_POLICY } from '../../shared/drift-policy'
import { randomCaseload } from './random-caseload'
import { runDriftVerb, tempDb } from './helpers'


describe('drift verb', () => {
  let db: CaseloadDb
  let cleanup: () => void
  let path: string
  beforeAll(async () => {
    ;({ db, cleanup } = await tempDb())
    importCaseload(db, randomCaseload(3, '2026-12-15', 10))
    path = db.path
    db.close()
  })
  afterAll(() => cleanup())

  const run = (values: VerbContext['values']) => runDriftVerb(path, values)

  it('--json prints exactly { asOf, policy, findings }, findings sorted', async () => {
    const r = await run({ 'as-of': '2026-12-15', json: true })
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as { asOf: string; policy: unknown; findings: unknown[] }
    expect(Object.keys(json)).toEqual(['asOf', 'policy', 'findings'])
    expect(json.asOf).toBe('2026-12-15')
    expect(json.policy).toEqual(DEFAULT_POLICY)
    expect(json.findings.length).toBeGreaterThan(0)
    for (const f of json.findings) findingSchema.parse(f)
    const keys = (json.findings as { childId: string; planId: string; ruleId: string; subject: { id: string } }[]).map((f) => [f.childId, f.planId, f.ruleId, f.subject.id].join('\u0000'))
    expect([...keys].sort()).toEqual(keys)
  })

  it('prints a table grouped by child with the drift score', async () => {
    const r = await run({ 'as-of': '2026-12-15' })
    expect(r.stdout).toMatch(/^Drift on 15 Dec 2026: \d+ findings?\./)
    expect(r.stdout).toMatch(/Child C\d .*drift score \d+/)
  })

  it('--policy FILE is used; bad --as-of or an invalid policy is BAD_INPUT naming the field', async () => {
    const file = join(dirname(path), 'policy.json')
    writeFileSync(file, JSON.stringify({ coreGroupIntervalDays: 14 }))
    const r = await run({ 'as-of': '2026-12-15', json: true, policy: file })
    expect((JSON.parse(r.stdout) as { policy: { coreGroupIntervalDays: number } }).policy.coreGroupIntervalDays).toBe(14)
    await expect(run({ 'as-of': '2026-02-30' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/--as-of/) })
    writeFileSync(file, JSON.stringify({ visitWorkingDays: 'ten' }))
    await expect(run({ policy: file })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/policy\.json.*visitWorkingDays/) })
    writeFileSync(file, '{ not json')
    await expect(run({ policy: file })).rejects.toMatchObject({ code: 'BAD_INPUT' })
  })
})
