/**
 * Synchronising (source-formats.md §4): last month's SSD extract plus a core-group tracker, then this
 * month's extract. The dry run writes nothing and lists what would change; applying it makes the
 * source's records follow the new extract while what was recorded here stays exactly as it was; a
 * second sync has nothing to do; a removed record that local records use is kept and reported.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Caseload } from '../../shared/caseload-format'
import { stores } from '../../electron/core/queries/records'
import { writeCsv, writeSsdExtract } from '../helpers/source-extracts'
import { caseloadFile, cli, exported, folder, open } from './helpers'

type SsdLists = Pick<Caseload, 'children' | 'professionals' | 'allocations' | 'plans' | 'conferences' | 'visits'>
const AGENCY = "Children's Social Care"
const sw = (id: string, name: string) => ({ id, name, role: 'social-worker' as const, agency: AGENCY, email: null, phone: null })
const child = (id: string, name: string, dob: string, team: string | null) => ({ id, name, dateOfBirth: dob, gender: 'female', ethnicity: 'WBRI', complex: false, team })
const plan = (id: string, childId: string, startDate: string, endDate: string | null = null) => ({ id, childId, startDate, endDate, initialCategory: 'neglect' as const, latestCategory: null, previousPlans: 0 })
const visit = (id: string, childId: string, date: string, seenAlone = true) => ({ id, childId, date, seenAlone })

function lastMonth(): SsdLists {
  return {
    children: [child('C1', 'Amy Ng', '2015-01-01', 'Team Red'), child('C2', 'Ben Ng', '2016-01-01', 'Team Red'), child('C3', 'Cal Roe', '2014-01-01', 'Team Blue')],
    professionals: [sw('W1', 'Sam Lee'), sw('W2', 'Pat Kaur'), sw('W3', 'Ola Obi')],
    allocations: [
      { id: 'A1', childId: 'C1', professionalId: 'W1', startDate: '2026-01-05', endDate: null, changeReason: null },
      { id: 'A2', childId: 'C2', professionalId: 'W1', startDate: '2026-01-05', endDate: null, changeReason: null },
      { id: 'A3', childId: 'C3', professionalId: 'W3', startDate: '2026-01-10', endDate: null, changeReason: null },
    ],
    plans: [plan('P1', 'C1', '2026-01-05'), plan('P2', 'C2', '2026-01-05'), plan('P3', 'C3', '2026-01-10')],
    conferences: [
      { id: 'ICPC-I1', planId: 'P1', kind: 'initial', date: '2026-01-05' },
      { id: 'ICPC-I2', planId: 'P2', kind: 'initial', date: '2026-01-05' },
      { id: 'ICPC-I3', planId: 'P3', kind: 'initial', date: '2026-01-10' },
    ],
    visits: [visit('V1', 'C1', '2026-01-12'), visit('V2', 'C2', '2026-01-12', false), visit('V3', 'C3', '2026-01-20')],
  }
}

function thisMonth(): SsdLists {
  const m = lastMonth()
  return {
    // C1's date of birth corrected; C3 gone (moved away); C4 new; C5 also exists here, typed in by hand.
    children: [child('C1', 'Amy Ng', '2015-01-02', 'Team Red'), m.children[1]!, child('C4', 'Dee Fox', '2019-05-05', 'Team Blue'), child('C5', 'Eve Fox', '2020-05-05', 'Team Blue')],
    // W1 renamed; W3 gone; W2 (first allocated) and W4 new.
    professionals: [sw('W1', 'Samuel Lee'), sw('W2', 'Pat Kaur'), sw('W4', 'Kit Day')],
    allocations: [
      { id: 'A1', childId: 'C1', professionalId: 'W1', startDate: '2026-01-05', endDate: '2026-02-01', changeReason: null },
      { id: 'A4', childId: 'C1', professionalId: 'W2', startDate: '2026-02-02', endDate: null, changeReason: 'LEFTRL' },
      m.allocations[1]!,
      { id: 'A5', childId: 'C4', professionalId: 'W4', startDate: '2026-02-10', endDate: null, changeReason: null },
      { id: 'A6', childId: 'C5', professionalId: 'W4', startDate: '2026-02-10', endDate: null, changeReason: null },
    ],
    plans: [plan('P1', 'C1', '2026-01-05'), plan('P2', 'C2', '2026-01-05', '2026-02-20'), plan('P4', 'C4', '2026-02-10'), plan('P5', 'C5', '2026-02-10')],
    conferences: [m.conferences[0]!, m.conferences[1]!, { id: 'ICPC-I4', planId: 'P4', kind: 'initial', date: '2026-02-10' }, { id: 'ICPC-I5', planId: 'P5', kind: 'initial', date: '2026-02-10' }],
    // V2 deleted at source; V7 and V8 new.
    visits: [visit('V1', 'C1', '2026-01-12'), visit('V7', 'C1', '2026-02-09'), visit('V8', 'C4', '2026-02-16', false)],
  }
}

const TRACKER_HEADER = ['Meeting ID', 'Child ID', 'Plan ID', 'Plan start date', 'Meeting date', 'Chair', 'Attended', 'Apologies', 'Plan available', 'Child views recorded', 'Risk reviewed', 'Risk score', 'Risk scale', 'Decisions sent date']

async function writeTracker(file: string) {
  await writeCsv(file, TRACKER_HEADER, [
    ['CG-1', 'C1', 'P1', null, '2026-01-20', 'CHAIR1', 'W1; HV1', 'GP1', 'Y', 'Y', 'N', '6.5', 'safety', '2026-01-21'],
    ['CG-1', 'C2', null, '05/01/2026', '20/01/2026', 'CHAIR1', 'HV1;W1;', 'GP1', 'yes', 'Yes', 'no', '6.5', 'Safety', '21/01/2026'],
    [null, 'C3', 'P3', '2026-01-10', '2026-01-25', 'W3', 'W3', null, 'Y', 'N', 'Y', null, null, null],
  ])
}

describe('sync', () => {
  it("last month's extract and a tracker, then this month's extract", async () => {
    const dir = folder()
    const db = await caseloadFile(dir)
    const m1 = join(dir, 'm1')
    const m2 = join(dir, 'm2')
    mkdirSync(m1)
    mkdirSync(m2)
    await writeSsdExtract(m1, lastMonth())
    await writeSsdExtract(m2, thisMonth(), { dates: 'uk', bom: true, crlf: true, nullAs: 'NULL' })
    expect((await cli(['import', '--db', db, '--from', 'ssd', m1])).code).toBe(0)

    // The tracker adds the core groups (and the professionals it names that the SSD does not hold).
    const tracker = join(dir, 'tracker.csv')
    await writeTracker(tracker)
    const t = await cli(['import', '--db', db, '--from', 'tracker', tracker, '--json'])
    expect(t.code, t.stderr).toBe(0)
    const tr = JSON.parse(t.stdout)
    expect(tr.added.meetings).toEqual(['CG-1', 'P3-CG-2026-01-25'])
    expect(tr.added.professionals).toEqual(['CHAIR1', 'GP1', 'HV1'])
    expect(tr.added.distributions).toEqual(['CG-1/GP1/2026-01-21', 'CG-1/HV1/2026-01-21', 'CG-1/W1/2026-01-21'])
    const again = JSON.parse((await cli(['import', '--db', db, '--from', 'tracker', tracker, '--json'])).stdout)
    expect([...Object.values(again.added), ...Object.values(again.changed), ...Object.values(again.removed)].flat()).toEqual([])

    // What the chair records here: an action, a disagreement, a flag on a child, and a child typed in by hand.
    {
      const c = await open(db)
      const s = c.sqlite
      stores.action.insert(s, 'ACT1', { id: 'ACT1', planId: 'P1', createdDate: '2026-01-20', description: 'Health visitor to visit weekly', outcome: null, ownerId: 'HV1', dueDate: '2026-02-20', status: 'open', closedDate: null, lastReviewedDate: null })
      stores.disagreement.insert(s, 'D1', { id: 'D1', planId: 'P2', raisedDate: '2026-01-22', raisedById: 'GP1', category: 'visits', stages: [{ stage: 1, startDate: '2026-01-22', respondedDate: null }], resolvedDate: null, outcome: null })
      s.prepare("UPDATE children SET complex = 1 WHERE id = 'C1'").run()
      s.prepare("UPDATE professionals SET email = 'sam.lee@example.org' WHERE id = 'W1'").run()
      stores.child.insert(s, 'C5', { id: 'C5', name: 'Typed By Hand', dateOfBirth: null, gender: null, ethnicity: null, complex: false, team: null })
      c.close()
    }
    const before = await exported(db)
    const local = (doc: Record<string, unknown>) => ({ meetings: doc.meetings, distributions: doc.distributions, actions: doc.actions, disagreements: doc.disagreements, members: doc.members })

    // The dry run writes nothing and lists the changes.
    const dry = await cli(['import', '--db', db, '--from', 'ssd', m2, '--dry-run', '--json'])
    expect(dry.code, dry.stderr).toBe(0)
    const preview = JSON.parse(dry.stdout)
    expect(preview.added.visits).toEqual(['V7', 'V8'])
    expect(await exported(db)).toEqual(before)
    const text = await cli(['import', '--db', db, '--from', 'ssd', m2, '--dry-run'])
    expect(text.stdout).toContain('dry run: nothing has been written')
    expect(text.stdout).toContain('Added 2 visits: V7, V8')

    const applied = await cli(['import', '--db', db, '--from', 'ssd', m2, '--json'])
    expect(applied.code, applied.stderr).toBe(0)
    const result = JSON.parse(applied.stdout)
    expect(result).toEqual(preview)
    expect(result.added).toMatchObject({ children: ['C4'], professionals: ['W2', 'W4'], allocations: ['A4', 'A5', 'A6'], plans: ['P4', 'P5'], conferences: ['ICPC-I4', 'ICPC-I5'], visits: ['V7', 'V8'] })
    expect(result.changed).toMatchObject({ children: ['C1'], professionals: ['W1'], allocations: ['A1'], plans: ['P2'], conferences: [], visits: [] })
    expect(result.removed).toMatchObject({ children: [], professionals: [], allocations: ['A3'], plans: [], conferences: ['ICPC-I3'], visits: ['V2', 'V3'] })
    expect(result.conflicts).toEqual([
      { list: 'children', id: 'C3', message: "Child C3 is no longer in the SSD extract but has 1 kept plan recorded here: end or delete the child's records here, then delete the child." },
      { list: 'children', id: 'C5', message: "Child C5 is in the SSD extract but a child with that id was recorded here by hand, so it has been left as it is: delete the one recorded here if the SSD extract's should replace it." },
      { list: 'professionals', id: 'W3', message: 'Professional W3 is no longer in the SSD extract but has 1 core group they chair and 1 core group attendance recorded here: reassign that work, or keep them as a professional recorded here.' },
      { list: 'plans', id: 'P3', message: 'Plan P3 is no longer in the SSD extract but has 1 core group recorded here: end the plan or delete it.' },
    ])

    const after = await exported(db)
    expect(local(after)).toEqual(local(before))
    const byId = <T extends { id: string }>(list: unknown, id: string) => (list as T[]).find((e) => e.id === id)
    expect(byId(after.children, 'C1')).toMatchObject({ dateOfBirth: '2015-01-02', complex: true })
    expect(byId(after.children, 'C5')).toMatchObject({ name: 'Typed By Hand' })
    expect(byId(after.children, 'C3')).toBeDefined()
    expect(byId(after.plans, 'P3')).toBeDefined()
    expect(byId(after.plans, 'P2')).toMatchObject({ endDate: '2026-02-20' })
    expect(byId(after.professionals, 'W1')).toMatchObject({ name: 'Samuel Lee', email: 'sam.lee@example.org' })
    expect((after.visits as { id: string }[]).map((v) => v.id)).toEqual(['V1', 'V7', 'V8'])
    expect((after.allocations as { id: string }[]).map((v) => v.id)).toEqual(['A1', 'A2', 'A4', 'A5', 'A6'])

    // A second sync has nothing to do; what needs a decision is still reported.
    const second = JSON.parse((await cli(['import', '--db', db, '--from', 'ssd', m2, '--json'])).stdout)
    expect([...Object.values(second.added), ...Object.values(second.changed), ...Object.values(second.removed)].flat()).toEqual([])
    expect(second.conflicts).toEqual(result.conflicts)
    expect(await exported(db)).toEqual(after)
    const plain = await cli(['import', '--db', db, '--from', 'ssd', m2])
    expect(plain.stdout).toContain('Nothing to do')

    // Provenance: source records remember where they came from; local ones do not.
    const c = await open(db)
    expect(c.sqlite.prepare("SELECT source, source_id FROM conferences WHERE id = 'ICPC-I4'").get()).toEqual({ source: 'ssd', source_id: 'I4' })
    expect(c.sqlite.prepare("SELECT source FROM children WHERE id = 'C5'").get()).toEqual({ source: null })
    expect(c.sqlite.prepare("SELECT source FROM professionals WHERE id = 'HV1'").get()).toEqual({ source: null })
  })

  it('a JSON import still refuses a caseload that has children', async () => {
    const dir = folder()
    const db = await caseloadFile(dir)
    const m1 = join(dir, 'm1')
    mkdirSync(m1)
    await writeSsdExtract(m1, lastMonth())
    expect((await cli(['import', '--db', db, '--from', 'ssd', m1])).code).toBe(0)
    const json = join(dir, 'doc.json')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(json, JSON.stringify(await exported(db)))
    const r = await cli(['import', '--db', db, json])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('already has children')
  })
})
