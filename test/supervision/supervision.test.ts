/**
 * Supervision sessions, supervision-action-overdue findings, mid-way reviews and in-app exports,
 * through the real core (createCore → dispatch: zod both ways, real scan, real encrypted DB).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { compareChildFindings } from '../../shared/finding-order'
import { orderForTriage } from '../../electron/core/triage/order'
import { findingChanges } from '../../electron/core/supervision/finding-changes'
import type { Finding } from '../../shared/drift-types'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app/core'
import { importCaseload } from '../../electron/core/caseload/import'
import { scanCaseload } from '../../electron/core/drift/scan'
import type { PrintTemplates } from '../../electron/core/export/render-html'
import { verifyTextExport } from '../../electron/core/export/render-text'
import type { Channel, InputOf, OutputOf } from '../../shared/ipc-contract'
import type { ExportOutput } from '../../shared/supervision'
import { handMadeCaseload } from '../exports/fixture'
import { pdfBody, pdfPages, readDocx, squash, xmlText } from '../exports/read-back'
import { tempDir, TEST_KDF, TEST_PASSPHRASE } from '../helpers/temp-db'
import { unpackCaseloadTable } from '../../shared/caseload-table'

const TODAY = '2026-11-26'
let dir: { dir: string; cleanup(): void }
let core: Core
let saveTo: string | null = null

async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message} ${JSON.stringify(r.problems ?? [])}`)
  return r.data as OutputOf<C>
}

beforeAll(async () => {
  dir = tempDir()
  core = createCore({
    dbPath: join(dir.dir, 'caseload.db'),
    kdf: TEST_KDF,
    today: () => TODAY,
    actor: 'Dee Manager (test)',
    host: { chooseSavePath: async () => saveTo },
  })
  await core.session.create(TEST_PASSPHRASE, false)
  importCaseload(core.session.database(), handMadeCaseload())
})
afterAll(() => {
  core.session.closeNow()
  dir.cleanup()
})

const SW1 = { kind: 'worker' as const, id: 'SW1' }
let session1 = ''

describe('supervision agenda', () => {
  it('lists every child allocated to the worker on the date with their findings and what changed', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: '2026-03-20' })
    expect(a.scopeName).toBe('Sam Worker (fictional)')
    // C2 moved to SW2 on 10 Mar; C6's plan ended on 5 Mar.
    expect(a.children.map((c) => c.childId).sort()).toEqual(['C1', 'C4', 'C5'])
    const scan = scanCaseload(core.session.database(), { asOf: '2026-03-20' }).findings
    for (const c of a.children) {
      expect(c.findings).toEqual(scan.filter((f) => f.childId === c.childId).sort(compareChildFindings))
      expect(c.sinceLastSupervision).toBe(false)
      expect(c.since).toBe('2026-01-20')
      expect(c.previous).toBeNull()
    }
    // Ordered by drift (the triage order), children with nothing drifting last.
    const order = orderForTriage(scan.filter((f) => a.children.some((c) => c.childId === f.childId))).map((g) => g.childId)
    expect(a.children.map((c) => c.childId).slice(0, order.length)).toEqual(order)
    const c1 = a.children.find((c) => c.childId === 'C1')!
    expect(c1.changes).toContain('Initial conference held on 16 Feb 2026.')
    expect(c1.changes.join('\n')).toMatch(/Core group on 20 Mar 2026: 1 attended, 0 sent apologies; child's views recorded, risk NOT reviewed\./)
    expect(c1.changes.join('\n')).toMatch(/Action added on 2 Mar 2026: Arrange nursery place \(Sam Worker \(fictional\), due 30 Mar 2026\)\./)
    expect(c1.actionsDue.map((x) => [x.id, x.overdue])).toEqual([
      ['AC5', true],
      ['AC1', false],
    ])
  })

  it('team and whole-caseload scopes', async () => {
    const all = await call('supervision:agenda', { scope: { kind: 'caseload', id: '' }, date: '2026-03-20' })
    expect(all.children.map((c) => c.childId).sort()).toEqual(['C1', 'C2', 'C3', 'C4', 'C5'])
    const team = await call('supervision:agenda', { scope: { kind: 'team', id: '' }, date: '2026-03-20' })
    expect(team.scopeName).toBe('No team')
    expect(team.children).toHaveLength(5)
    const r = await core.dispatch('supervision:agenda', { scope: { kind: 'worker', id: 'NOPE' }, date: '2026-03-20' })
    expect(r).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })

  it('records a session with discussion, decisions and supervision actions', async () => {
    const bad = await core.dispatch('supervision:save', {
      date: '2026-03-20',
      scope: SW1,
      supervisor: 'Dee',
      notes: '',
      children: [],
      actions: [{ childId: 'C1', description: 'Too early', ownerId: 'SW1', dueDate: '2026-03-19' }],
    })
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.actions[0].dueDate' }] })
    const saved = await call('supervision:save', {
      date: '2026-03-20',
      scope: SW1,
      supervisor: 'Dee Manager (fictional)',
      notes: 'Caseload reviewed.',
      children: [{ childId: 'C1', discussion: 'Nursery place still not found.', decisions: 'Escalate nursery funding to the team manager.' }],
      actions: [{ childId: 'C1', description: 'Chase nursery funding panel', ownerId: 'SW1', dueDate: '2026-04-01' }],
    })
    session1 = saved.sessionId
    const a = await call('supervision:agenda', { scope: SW1, date: '2026-03-20', sessionId: session1 })
    expect(a.session).toMatchObject({ supervisor: 'Dee Manager (fictional)', notes: 'Caseload reviewed.', recordedBy: 'Dee Manager (test)' })
    const c1 = a.children.find((c) => c.childId === 'C1')!
    expect(c1.decisions).toBe('Escalate nursery funding to the team manager.')
    expect(c1.actions).toMatchObject([{ description: 'Chase nursery funding panel', ownerName: 'Sam Worker (fictional)', dueDate: '2026-04-01', state: 'open' }])
    expect((await call('supervision:list', {})).sessions).toMatchObject([{ id: session1, date: '2026-03-20', scopeName: 'Sam Worker (fictional)', children: 1, actions: 1 }])
  })

  it('carries the previous decisions and actions forward to the next session, with whether they were done', async () => {
    const a = await call('supervision:agenda', { scope: SW1, date: '2026-04-15' })
    const c1 = a.children.find((c) => c.childId === 'C1')!
    expect(c1.sinceLastSupervision).toBe(true)
    expect(c1.since).toBe('2026-03-20')
    expect(c1.previous).toMatchObject({ sessionId: session1, date: '2026-03-20', decisions: 'Escalate nursery funding to the team manager.' })
    expect(c1.carriedForward).toMatchObject([{ description: 'Chase nursery funding panel', state: 'overdue' }])
    expect(c1.changes.some((l) => l.startsWith('New finding: The supervision action “Chase nursery funding panel”'))).toBe(true)
    // C5 was not discussed: still the two-month look-back. C4 moved to another worker on 2 Apr.
    expect(a.children.find((c) => c.childId === 'C5')!.sinceLastSupervision).toBe(false)
    expect(a.children.map((c) => c.childId)).not.toContain('C4')
  })
})

describe('supervision-action-overdue findings', () => {
  const findingsOn = (asOf: string) =>
    scanCaseload(core.session.database(), { asOf }).findings.filter((f) => f.ruleId === 'supervision-action-overdue')

  it('fires the day after the due date, not on it, and not before the action was set', () => {
    expect(findingsOn('2026-03-19')).toEqual([])
    expect(findingsOn('2026-04-01')).toEqual([])
    const f = findingsOn('2026-04-02')
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({
      childId: 'C1',
      planId: 'PL1',
      severity: 'medium',
      status: 'overdue',
      dueDate: '2026-04-01',
      subject: { kind: 'supervision-action' },
    })
    expect(f[0]!.message).toBe('The supervision action “Chase nursery funding panel” for Sam Worker (fictional), set on 20 Mar 2026, is overdue: it was due by 1 Apr 2026 and is not done.')
  })

  it('shows on the table and in the case view (the scan is shared)', async () => {
    const table = await call('caseload:table', { asOf: '2026-04-10' })
    expect(unpackCaseloadTable(table).find((r) => r.childId === 'C1')!.findings.map((f) => f.ruleId)).toContain('supervision-action-overdue')
    const detail = await call('case:detail', { childId: 'C1', asOf: '2026-04-10' })
    expect(detail.findings.map((f) => f.ruleId)).toContain('supervision-action-overdue')
  })

  it('stops once done, but a past date still shows it open then', async () => {
    const id = (await call('supervision:agenda', { scope: SW1, date: '2026-03-20', sessionId: session1 })).children.find((c) => c.childId === 'C1')!.actions[0]!.id
    const bad = await core.dispatch('supervision:action-status', { id, status: 'done', closedDate: '2026-03-01' })
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.closedDate' }] })
    await call('supervision:action-status', { id, status: 'done', closedDate: '2026-04-05' })
    expect(findingsOn('2026-04-04')).toHaveLength(1)
    expect(findingsOn('2026-04-05')).toEqual([])
    expect(unpackCaseloadTable(await call('caseload:table', { asOf: '2026-04-10' })).find((r) => r.childId === 'C1')!.findings.map((f) => f.ruleId)).not.toContain('supervision-action-overdue')
    const c1 = (await call('supervision:agenda', { scope: SW1, date: '2026-04-15' })).children.find((c) => c.childId === 'C1')!
    expect(c1.carriedForward).toMatchObject([{ state: 'done', closedDate: '2026-04-05' }])
  })

  it('no finding for a plan not open on A (only open plans produce findings)', async () => {
    const { supervisionFindings } = await import('../../electron/core/drift/scan')
    const row = { id: 'SA', sessionId: 'S', childId: 'C6', planId: 'PL6', createdDate: '2026-03-01', description: 'x', ownerId: null, ownerName: null, dueDate: '2026-03-02', status: 'open' as const, closedDate: null }
    expect(supervisionFindings([row], [{ childId: 'C1', planId: 'PL1', team: null, workerId: 'SW1' }])).toEqual([])
    expect(supervisionFindings([row], [{ childId: 'C6', planId: 'PL6', team: null, workerId: 'SW2' }])[0]!.message).toBe('The supervision action “x”, set on 1 Mar 2026, is overdue: it was due by 2 Mar 2026 and is not done.')
  })
})

describe('mid-way review', () => {
  it('summarises what changed since the last conference and records a RAG rating in words and a decision', async () => {
    const m = await call('midway:prepare', { childId: 'C1', date: '2026-03-26' })
    expect(m).toMatchObject({ planId: 'PL1', since: '2026-02-16', reviewDue: '2026-05-16' })
    expect(m.attendance.map((x) => [x.date, x.attended, x.absent])).toEqual([
      ['2026-02-27', ['Sam Worker (fictional)'], ['Hana Visitor (fictional)']],
      ['2026-03-20', ['Sam Worker (fictional)'], ['Hana Visitor (fictional)']],
    ])
    expect(m.actions.added).toHaveLength(2)
    expect(m.childVoice).toContain('1 visit since the conference; seen alone at 1')
    expect(m.workers).toEqual(['No change: Sam Worker (fictional) since 1 Jan 2025'])
    const noWords = await core.dispatch('midway:save', { childId: 'C1', date: '2026-03-26', rag: 'amber', ragReason: '', decision: 'no-change', decisionNote: '' })
    expect(noWords).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.ragReason' }] })
    const saved = await call('midway:save', {
      childId: 'C1',
      date: '2026-03-26',
      rag: 'amber',
      ragReason: 'Health visitor absent from both core groups; nursery action overdue.',
      decision: 'bring-forward',
      decisionNote: 'Review conference to be brought forward to April.',
    })
    const list = await call('midway:list', { childId: 'C1' })
    expect(list.reviews).toMatchObject([{ id: saved.id, rag: 'amber', decision: 'bring-forward', recordedBy: 'Dee Manager (test)', changes: { since: '2026-02-16' } }])
    const noPlan = await core.dispatch('midway:prepare', { childId: 'C6', date: '2026-03-26' })
    expect(noPlan).toMatchObject({ ok: false, code: 'BAD_INPUT' })
  })
})

describe('exports from the app', () => {
  const decode = (o: ExportOutput) => {
    if (o.kind !== 'download') throw new Error(`expected a download, got ${o.kind}`)
    return Buffer.from(o.base64, 'base64')
  }

  it('asks the host where to save; a cancel writes nothing', async () => {
    saveTo = null
    expect(await call('export:document', { target: { kind: 'session', sessionId: session1 }, format: 'txt', purpose: 'file' })).toEqual({ kind: 'cancelled' })
    saveTo = join(dir.dir, 'session.docx')
    const out = await call('export:document', { target: { kind: 'session', sessionId: session1 }, format: 'docx', purpose: 'file' })
    expect(out).toMatchObject({ kind: 'saved', fileName: 'session.docx' })
    expect(statSync(saveTo).mode & 0o777).toBe(0o600)
    const body = squash(xmlText(readDocx(readFileSync(saveTo)).document))
    expect(body).toContain('Escalate nursery funding to the team manager.')
    expect(body).toContain('Fictional Ash Test (C1)')
  })

  it('without a host dialog (browser host): the bytes, in all three formats, read back', async () => {
    const handlers = (await import('../../electron/core/app/handlers')).createHandlers(core.session, (db, { asOf }) => scanCaseload(db, { asOf }))
    const exp = (format: 'txt' | 'docx' | 'pdf') =>
      handlers['export:document']({ target: { kind: 'session', sessionId: session1 }, format, purpose: 'file' }) as Promise<ExportOutput>
    const txt = await exp('txt')
    expect(txt).toMatchObject({ kind: 'download', fileName: `supervision-session-Sam-Worker-fictional-2026-03-20.txt`, mimeType: 'text/plain;charset=utf-8' })
    const text = decode(txt).toString('utf8')
    expect(verifyTextExport(text).ok).toBe(true)
    expect(text.startsWith('OFFICIAL-SENSITIVE\n')).toBe(true)
    for (const s of ['Fictional Ash Test (C1)', 'Fictional Dogwood Test (C4)', 'Fictional Elder Test (C5)', 'Nursery place still not found.', 'Chase nursery funding panel']) expect(text).toContain(s)
    const docx = readDocx(decode(await exp('docx')))
    expect(docx.headers.map(xmlText).join(' ')).toContain('OFFICIAL-SENSITIVE')
    expect(squash(xmlText(docx.document))).toContain('Escalate nursery funding to the team manager.')
    const pages = await pdfPages(decode(await exp('pdf')))
    expect(pdfBody(pages)).toContain('Escalate nursery funding to the team manager.')
    expect(txt.kind === 'download' && pages.flat().some((s) => s.includes(`content hash ${txt.hash}`))).toBe(true)
    expect(existsSync(join(dir.dir, 'supervision-session-Sam-Worker-fictional-2026-03-20.txt'))).toBe(false)
  })

  it('one child note, a mid-way review and the audit; plain text for the clipboard', async () => {
    const one = await call('export:document', { target: { kind: 'session-child', sessionId: session1, childId: 'C1' }, format: 'txt', purpose: 'clipboard' })
    if (one.kind !== 'text') throw new Error('expected text')
    expect(verifyTextExport(one.text).ok).toBe(true)
    expect(one.text).toContain('Supervision note: Fictional Ash Test')
    expect(one.text).not.toContain('Fictional Dogwood Test')
    const review = (await call('midway:list', { childId: 'C1' })).reviews[0]!
    const mw = await call('export:document', { target: { kind: 'midway', reviewId: review.id }, format: 'txt', purpose: 'clipboard' })
    if (mw.kind !== 'text') throw new Error('expected text')
    expect(mw.text).toContain('Amber: some drift or delay')
    expect(mw.text).toContain('Bring the review conference forward.')
    expect(mw.text).toContain('Health visitor absent from both core groups')
    saveTo = join(dir.dir, 'audit.pdf')
    expect(await call('export:document', { target: { kind: 'audit', from: '2026-03-01', to: '2026-03-31' }, format: 'pdf', purpose: 'file' })).toMatchObject({ kind: 'saved' })
    expect(pdfBody(await pdfPages(readFileSync(saveTo)))).toContain('What we did well')
  })

  it('with a host clipboard (Electron main), the text goes there, not back to the page', async () => {
    const copied: string[] = []
    const handlers = (await import('../../electron/core/app/handlers')).createHandlers(core.session, (db, { asOf }) => scanCaseload(db, { asOf }), {
      writeClipboard: (t) => copied.push(t),
    })
    const out = await handlers['export:document']({ target: { kind: 'session-child', sessionId: session1, childId: 'C1' }, format: 'txt', purpose: 'clipboard' })
    expect(out).toMatchObject({ kind: 'copied' })
    expect(copied).toHaveLength(1)
    expect(verifyTextExport(copied[0]!).ok).toBe(true)
  })

  it('PDF through the host print engine when it has one (Electron main), pdf-lib otherwise', async () => {
    const { createHandlers } = await import('../../electron/core/app/handlers')
    const printed: { html: string; templates: PrintTemplates }[] = []
    const printPdf = async (html: string, templates: PrintTemplates) => {
      printed.push({ html, templates })
      return new TextEncoder().encode('%PDF-printed')
    }
    const scan = (db: Parameters<typeof scanCaseload>[0], { asOf }: { asOf: string }) => scanCaseload(db, { asOf })
    const target = { kind: 'session' as const, sessionId: session1 }
    const withPrint = createHandlers(core.session, scan, { printPdf })
    const out = (await withPrint['export:document']({ target, format: 'pdf', purpose: 'file' })) as ExportOutput
    expect(out).toMatchObject({ kind: 'download', mimeType: 'application/pdf', fileName: 'supervision-session-Sam-Worker-fictional-2026-03-20.pdf' })
    expect(decode(out).toString()).toBe('%PDF-printed')
    expect(printed).toHaveLength(1)
    const { html, templates } = printed[0]!
    expect(html).toContain('Fictional Ash Test (C1)')
    expect(html).toContain('Escalate nursery funding to the team manager.')
    expect(html).not.toMatch(/<script/i)
    expect(templates.headerTemplate).toContain('OFFICIAL-SENSITIVE')
    expect(out.kind === 'download' && templates.footerTemplate.includes(`content hash ${out.hash}`)).toBe(true)
    // Word and text never go through the print engine.
    await withPrint['export:document']({ target, format: 'docx', purpose: 'file' })
    await withPrint['export:document']({ target, format: 'txt', purpose: 'file' })
    expect(printed).toHaveLength(1)
    // Without it (browser host, CLI): pdf-lib, with the same hash.
    const plain = (await createHandlers(core.session, scan)['export:document']({ target, format: 'pdf', purpose: 'file' })) as ExportOutput
    const bytes = decode(plain)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.toString('latin1')).not.toContain('%PDF-printed')
    expect(plain.kind === 'download' && out.kind === 'download' && plain.hash === out.hash).toBe(true)
    expect(pdfBody(await pdfPages(bytes))).toContain('Escalate nursery funding to the team manager.')
  })

  it('the audit screen: 11 indicators with the cases behind them and their children named', async () => {
    const a = await call('audit:indicators', { from: '2026-03-01', to: '2026-03-31' })
    expect(a.indicators).toHaveLength(11)
    const views = a.indicators.find((i) => i.id === 'child-views-recorded')!
    expect(views.denominator).toBe(views.cases.length)
    expect(views.cases.slice(0, views.denominator - views.numerator).every((c) => !c.met)).toBe(true)
    expect(a.childNames.C1).toBe('Fictional Ash Test')
    expect(await core.dispatch('audit:indicators', { from: '2026-03-31', to: '2026-03-01' })).toMatchObject({ ok: false, code: 'BAD_INPUT' })
  })
})

describe('new and resolved findings between two supervisions', () => {
  const f = (ruleId: string, kind: Finding['subject']['kind'], id: string, message: string, planId = 'P1'): Finding => ({
    ruleId,
    childId: 'C1',
    planId,
    severity: 'high',
    status: 'flag',
    dueDate: null,
    subject: { kind, id },
    message,
  })

  it('a risk that persists at a newer core group is neither resolved nor new', () => {
    const before = [f('risk-scale-low', 'meeting', 'M1', 'The core group on 1 Mar 2026 scored safety 1.')]
    const now = [f('risk-scale-low', 'meeting', 'M2', 'The core group on 29 Mar 2026 scored safety 2.')]
    expect(findingChanges(before, now)).toEqual({ added: [], resolved: [] })
    expect(findingChanges(before, [])).toEqual({ added: [], resolved: before })
  })

  it('resolved only for the record whose finding no longer holds, never because another record has the same sentence', () => {
    const same = 'Action set on 2 Mar 2026 was due by 30 Mar 2026 and is still open.'
    const a1 = f('action-overdue', 'action', 'A1', same)
    const a2 = f('action-overdue', 'action', 'A2', same)
    expect(findingChanges([a1, a2], [a2])).toEqual({ added: [], resolved: [a1] })
    expect(findingChanges([a1], [a2])).toEqual({ added: [a2], resolved: [a1] })
    // The same rule on another plan is another finding.
    const other = f('risk-scale-low', 'meeting', 'M1', 'x', 'P2')
    expect(findingChanges([f('risk-scale-low', 'meeting', 'M1', 'x')], [other]).resolved).toHaveLength(1)
  })
})
