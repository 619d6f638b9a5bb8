import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { captureStream as sink } from '../helpers/capture'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/main'
import { importCaseload } from '../../electron/core/caseload/import'
import { tempCaseload, TEST_PASSPHRASE } from '../helpers/temp-db'
import { handMadeCaseload } from './fixture'
import { pdfPages, readDocx, xmlText } from './read-back'
import { verifyTextExport } from '../../electron/core/export/render-text'


describe('CLI notes and audit', () => {
  let path: string
  let dir: string
  let cleanup: () => void
  const saved = process.env.DRIFTWATCH_PASSPHRASE
  beforeAll(async () => {
    const t = await tempCaseload()
    ;({ path, dir, cleanup } = t)
    importCaseload(t.db, handMadeCaseload())
    t.db.close()
    process.env.DRIFTWATCH_PASSPHRASE = TEST_PASSPHRASE
  })
  afterAll(() => {
    if (saved === undefined) delete process.env.DRIFTWATCH_PASSPHRASE
    else process.env.DRIFTWATCH_PASSPHRASE = saved
    cleanup()
  })

  const cli = async (...args: string[]) => {
    const out = sink()
    const err = sink()
    const code = await runCli(args, { stdout: out.stream, stderr: err.stream })
    return { code, stdout: out.text(), stderr: err.text() }
  }

  it.each(['txt', 'docx', 'pdf'])('notes --format %s writes a marked note (mode 0600) and exits 0', async (format) => {
    const out = join(dir, `sw1.${format}`)
    const r = await cli('notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-03-31', '--format', format, '--out', out)
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/Wrote .* content hash [0-9a-f]{12}\): 3 children/)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const bytes = readFileSync(out)
    let text: string
    if (format === 'txt') {
      text = bytes.toString('utf8')
      expect(verifyTextExport(text).ok).toBe(true)
    } else if (format === 'docx') {
      const d = readDocx(bytes)
      text = [xmlText(d.document), ...d.headers.map(xmlText), ...d.footers.map(xmlText)].join('\n')
    } else {
      text = (await pdfPages(bytes)).flat().join('\n')
    }
    expect(text).toContain('OFFICIAL-SENSITIVE')
    for (const name of ['Fictional Ash Test (C1)', 'Fictional Dogwood Test (C4)', 'Fictional Elder Test (C5)']) expect(text).toContain(name)
    expect(text).not.toContain('Fictional Birch Test')
  })

  it('notes --out - prints the plain text', async () => {
    const r = await cli('notes', '--db', path, '--worker', 'SW2', '--as-of', '2026-03-31', '--format', 'txt', '--out', '-')
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith('OFFICIAL-SENSITIVE\n')).toBe(true)
    expect(r.stdout).toContain('Fictional Birch Test (C2)')
  })

  it('notes --worker takes a name as well as an id; an ambiguous name exits 1 listing the matches', async () => {
    let r = await cli('notes', '--db', path, '--worker', 'sam worker (FICTIONAL)', '--as-of', '2026-03-31', '--format', 'txt', '--out', '-')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Supervision note: Sam Worker (fictional)')
    r = await cli('notes', '--db', path, '--worker', 'Kit', '--as-of', '2026-03-31', '--format', 'txt', '--out', '-')
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('Supervision note: Kit Worker (fictional)')])
    r = await cli('notes', '--db', path, '--worker', 'Worker', '--as-of', '2026-03-31', '--format', 'txt', '--out', join(dir, 'amb.txt'))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('2 workers match "Worker"; give the id of the one you mean:')
    expect(r.stderr).toContain("Kit Worker (fictional) (Social worker, Children's Social Care): --worker SW2")
    expect(r.stderr).toContain("Sam Worker (fictional) (Social worker, Children's Social Care): --worker SW1")
    expect(existsSync(join(dir, 'amb.txt'))).toBe(false)
  })

  it('exits 1 with a clear message for an unknown worker, a bad format, a bad date or a missing option', async () => {
    const base = ['notes', '--db', path, '--as-of', '2026-03-31', '--out', join(dir, 'x.txt')]
    let r = await cli(...base, '--worker', 'NOBODY', '--format', 'txt')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('There is no worker (professional) with id or name "NOBODY"')
    expect(existsSync(join(dir, 'x.txt'))).toBe(false)
    r = await cli(...base, '--worker', 'SW1', '--format', 'rtf')
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('--format must be one of docx, pdf, txt, not rtf')])
    r = await cli('notes', '--db', path, '--worker', 'SW1', '--as-of', '2026-02-30', '--format', 'txt', '--out', join(dir, 'x.txt'))
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('--as-of 2026-02-30 is not a real date')])
    r = await cli('notes', '--db', path, '--worker', 'SW1', '--format', 'txt')
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('--out FILE is required')])
    r = await cli('notes', '--db', path, '--format', 'txt', '--out', join(dir, 'x.txt'))
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('--worker ID is required')])
  })

  it('audit --format json gives the indicators with numerators, denominators, cases and the monthly trend', async () => {
    const out = join(dir, 'audit.json')
    const r = await cli('audit', '--db', path, '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json', '--out', out)
    expect(r.code).toBe(0)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const json = JSON.parse(readFileSync(out, 'utf8')) as { indicators: { id: string; numerator: number; denominator: number; cases: { id: string }[]; monthly: unknown[] }[] }
    const first = json.indicators.find((i) => i.id === 'first-core-group')!
    expect([first.numerator, first.denominator]).toEqual([1, 3])
    expect(first.cases.map((c) => c.id)).toEqual(['PL1', 'PL2', 'PL3'])
    expect(first.monthly).toHaveLength(1)
  })

  it.each(['docx', 'pdf'])('audit --format %s writes the report in the audit shape', async (format) => {
    const out = join(dir, `audit.${format}`)
    const r = await cli('audit', '--db', path, '--from', '2026-03-01', '--to', '2026-03-31', '--format', format, '--out', out)
    expect(r.code).toBe(0)
    const bytes = readFileSync(out)
    const text =
      format === 'docx'
        ? (() => {
            const d = readDocx(bytes)
            return [xmlText(d.document), ...d.headers.map(xmlText), ...d.footers.map(xmlText)].join('\n')
          })()
        : (await pdfPages(bytes)).flat().join('\n')
    for (const s of ['OFFICIAL-SENSITIVE', 'What we did well', 'Areas for development', 'Trend by month', 'First core group within the timescale: 33.3% (1 of 3).']) {
      expect(text).toContain(s)
    }
    expect(text).toMatch(/content hash [0-9a-f]{12}/)
    // The cases not met are named by child, not coded.
    expect(text).toContain('Fictional Birch Test')
    expect(text).not.toMatch(/Not met[^\n]*\bPL\d/)
  })

  it('audit exits 1 for a bad period or format', async () => {
    const out = join(dir, 'a.json')
    expect((await cli('audit', '--db', path, '--from', '2026-03-31', '--to', '2026-03-01', '--format', 'json', '--out', out)).code).toBe(1)
    expect((await cli('audit', '--db', path, '--from', '2026-13-01', '--to', '2026-03-01', '--format', 'json', '--out', out)).code).toBe(1)
    expect((await cli('audit', '--db', path, '--to', '2026-03-01', '--format', 'json', '--out', out)).code).toBe(1)
    const r = await cli('audit', '--db', path, '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'txt', '--out', out)
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('--format must be one of json, docx, pdf')])
    expect(existsSync(out)).toBe(false)
  })
})
