/**
 * Cells and files as source-formats.md §0 reads them: dates, yes/no, categories, gender, ethnicity;
 * CSV records (blank lines, short rows, a broken quote); cancelling an import.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isDriftwatchError } from '../../shared/errors'
import { category, CellError, date, ethnicity, gender, yes } from '../../electron/core/sources/cells'
import { runSourceImport } from '../../electron/core/sources'
import { csvRows, FileError } from '../../electron/core/sources/table-reader'
import { caseloadFile, cli, exported, folder, open } from './helpers'

describe('cells (§0.2–0.7)', () => {
  it('dates in every accepted form, and the two errors', () => {
    expect(date('2024-12-10 00:00:00.000')).toBe('2024-12-10')
    expect(date('2024-12-10T10:11')).toBe('2024-12-10')
    expect(date(' 2024-02-29 ')).toBe('2024-02-29')
    expect(date('5/1/2026')).toBe('2026-01-05')
    expect(date('05/01/2026 9:30:00')).toBe('2026-01-05')
    expect(date('NULL')).toBeNull()
    expect(date('')).toBeNull()
    expect(date(44200)).toBe('2021-01-04')
    expect(date(0, true)).toBe('1904-01-01')
    expect(() => date(60)).toThrow(new CellError('"60" is not a real date'))
    expect(() => date('2023-02-29')).toThrow(new CellError('"2023-02-29" is not a real date'))
    expect(() => date('31/4/2026')).toThrow(new CellError('"31/4/2026" is not a real date'))
    expect(() => date('2026-1-5')).toThrow(new CellError('"2026-1-5" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)'))
    expect(() => date('10 Dec 2024')).toThrow(new CellError('"10 Dec 2024" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)'))
  })

  it('a real date outside the years 1900–2200 (an open-end marker) says so, in both forms and as a serial; a serial past Excel’s last day is not a date', () => {
    const outside = (shown: string) => new CellError(`"${shown}" is outside the years Driftwatch accepts (1900 to 2200): a date not known, or an end not yet reached, is left blank`)
    expect(() => date('9999-12-31')).toThrow(outside('9999-12-31'))
    expect(() => date('31/12/9999')).toThrow(outside('31/12/9999'))
    expect(() => date('1899-12-31')).toThrow(outside('1899-12-31'))
    // Excel's serial of 31 Dec 9999, in a date-formatted XLSX cell.
    expect(() => date(2958465)).toThrow(outside('9999-12-31'))
    // Beyond any date JavaScript can hold: a sentence, not a RangeError from Date.
    expect(() => date(1e9)).toThrow(new CellError('"1000000000" is not a real date'))
    expect(date('2200-12-31')).toBe('2200-12-31')
  })

  it('yes/no never fails', () => {
    for (const v of ['Y', 'yes', 'TRUE', '1', 'a) Yes', ' a)  yes ']) expect(yes(v)).toBe(true)
    for (const v of ['N', 'no', 'b) No', 'c) Unknown', 'NULL', '', 'maybe', undefined]) expect(yes(v)).toBe(false)
  })

  it('categories of abuse', () => {
    expect(['NEG', 'a) Neglect', 'Physical abuse', 'SAB', 'c) Sexual abuse', 'emo', 'Multiple: [List of relevant categories]', 'e) Multiple/not recommended', 'MUL'].map(category)).toEqual([
      'neglect', 'neglect', 'physical', 'sexual', 'sexual', 'emotional', 'multiple', 'multiple', 'multiple',
    ])
    expect(category('NULL')).toBeNull()
    expect(() => category('Financial')).toThrow(new CellError('"Financial" is not a category of abuse'))
  })

  it('gender and ethnicity', () => {
    expect(['M', '01', 'a) Male', 'F', '2', 'b) Female', 'I', 'd) Neither', 'U', '00', 'c) Not stated/recorded', 'NULL', '09', 'Non-binary'].map(gender)).toEqual([
      'male', 'male', 'male', 'female', 'female', 'female', 'neither', 'neither', null, null, null, null, '09', 'Non-binary',
    ])
    expect(['a) WBRI', 'WIRI', 'u) UNKNOWN', 'Unknown', 'NULL', ''].map(ethnicity)).toEqual(['WBRI', 'WIRI', null, null, null, null])
  })
})

describe('CSV files', () => {
  it('counts blank lines as records and reads short rows as blank cells', async () => {
    const file = join(folder(), 'f.csv')
    writeFileSync(file, '\uFEFFa,b,c\r\n1,"two\r\nlines",3\r\n\r\n4\r\n')
    const rows = []
    for await (const r of csvRows(file)) rows.push(r)
    expect(rows).toEqual([
      { n: 1, cells: ['a', 'b', 'c'] },
      { n: 2, cells: ['1', 'two\r\nlines', '3'] },
      { n: 3, cells: [''] },
      { n: 4, cells: ['4'] },
    ])
  })

  it('UTF-8 is checked as the file streams: a letter split across the 1 MiB read is fine, a Windows-1252 é is a whole-file problem; UTF-16 with its mark is read', async () => {
    const dir = folder()
    // "ë" (2 bytes in UTF-8) straddling the first 1 MiB chunk of the stream.
    const pad = 'x'.repeat((1 << 20) - 'name\n'.length - 1)
    const split = join(dir, 'split.csv')
    writeFileSync(split, `name\n${pad}ë\nZoë\n`)
    const rows = []
    for await (const r of csvRows(split)) rows.push(r.cells[0])
    expect(rows.slice(1)).toEqual([`${pad}ë`, 'Zoë'])
    // And a 4-byte character (an emoji) cut after each of its first three bytes.
    for (const cut of [1, 2, 3]) {
      const emoji = join(dir, `emoji-${cut}.csv`)
      const before = 'x'.repeat((1 << 20) - 'name\n'.length - cut)
      writeFileSync(emoji, `name\n${before}🙂\n`)
      const read = []
      for await (const r of csvRows(emoji)) read.push(r.cells[0])
      expect(read).toEqual(['name', `${before}🙂`])
    }

    const latin1 = join(dir, 'latin1.csv')
    writeFileSync(latin1, Buffer.from(`name\n${'Ben\n'.repeat(300_000)}Zo\xeb\n`, 'latin1'))
    const read = async () => {
      for await (const _ of csvRows(latin1)) void _
    }
    await expect(read()).rejects.toThrow(new FileError('is not UTF-8 text: in Excel, save it as "CSV UTF-8 (Comma delimited)" (plain "CSV" changes letters such as é and ë)'))

    const utf16 = join(dir, 'utf16.csv')
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\nZoë\n', 'utf16le')]))
    const names = []
    for await (const r of csvRows(utf16)) names.push(r.cells[0])
    expect(names).toEqual(['name', 'Zoë'])
  })

  it('a broken quote is a whole-file problem', async () => {
    const dir = folder()
    const ssd = join(dir, 'ssd')
    mkdirSync(ssd)
    writeFileSync(join(ssd, 'ssd_cp_plans.csv'), 'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,cppl_cp_plan_initial_category\nP1,C1,2026-01-01,,"Neglect\n')
    writeFileSync(join(ssd, 'ssd_person.csv'), 'pers_person_id\nC1\n')
    const db = await caseloadFile(dir)
    const r = await cli(['import', '--db', db, '--from', 'ssd', ssd])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^ssd_cp_plans\.csv: is not a readable CSV file after row 1 \(/m)
  })
})

describe('cancelling', () => {
  it('an aborted import writes nothing', async () => {
    const dir = folder()
    const ssd = join(dir, 'ssd')
    mkdirSync(ssd)
    writeFileSync(join(ssd, 'ssd_cp_plans.csv'), 'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,cppl_cp_plan_initial_category\nP1,C1,2026-01-01,,Neglect\n')
    writeFileSync(join(ssd, 'ssd_person.csv'), 'pers_person_id\nC1\n')
    const path = await caseloadFile(dir)
    const db = await open(path)
    const controller = new AbortController()
    controller.abort()
    const e = await runSourceImport(db, { source: 'ssd', path: ssd, dryRun: false, signal: controller.signal }).catch((x: unknown) => x)
    expect(isDriftwatchError(e) && e.code === 'BAD_INPUT' && /cancelled/.test(e.message)).toBe(true)
    db.close()
    expect((await exported(path)).children).toEqual([])
  })
})
