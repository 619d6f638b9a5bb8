/**
 * Reading Ofsted Annex A List 7 (source-formats.md §2), as .csv or .xlsx: one row per child's plan,
 * every row imported (no date scope), with deterministic ids for what the list does not number.
 */
import { basename, extname } from 'node:path'
import type { Allocation, Child, Conference, Plan, Professional } from '../../../shared/caseload-format'
import type { ElementOf } from '../caseload/lists'
import { category, codeForm, collapse, date, ethnicity, gender, headerKey, isBlank, MAX_CELL_LENGTH, text, tooLong, value, yes, type Cell } from './cells'
import type { Problems } from './problems'
import type { ReadProgress, SourceDoc } from './source-doc'
import { csvRows, FileError, headerIndex, isBlankRow, xlsxSheet, type SourceRow } from './table-reader'

/** List 7's columns as published, in order (§2.2); `null` = not used. */
const COLUMNS = {
  id: 'Child Unique ID',
  gender: 'Gender',
  ethnicity: 'Ethnicity',
  dob: 'Date of Birth',
  start: 'Child Protection Plan Start Date',
  initial: 'Initial Category of Abuse',
  latest: 'Latest Category of Abuse',
  visit: 'Date of the Last Statutory Visit',
  seenAlone: 'Was the Child Seen Alone?',
  review: 'Date of latest review conference',
  end: 'Child Protection Plan End Date',
  previous: 'Number of Previous Child Protection Plans',
  team: 'Allocated Team',
  worker: 'Allocated Worker',
} as const
type Column = keyof typeof COLUMNS
const REQUIRED: Column[] = ['id', 'start', 'initial']
/**
 * Shorter limits where ids are made from a cell: a conference `<child>-<plan start>-RCPC-<date>`
 * (27 more characters), a worker `worker:<name>` (7 more); every id stays within the format's 200.
 */
const ROOM: Partial<Record<Column, number>> = { id: MAX_CELL_LENGTH - 27, worker: MAX_CELL_LENGTH - 7 }
const AGENCY = "Children's Social Care"

export interface AnnexAOptions {
  onProgress?: ReadProgress
  signal?: AbortSignal
}

interface ReadRow {
  n: number
  childId: string
  plan: Plan
  get: (c: Column) => Cell
}

export async function readAnnexA(path: string, problems: Problems, options: AnnexAOptions = {}): Promise<SourceDoc> {
  const file = basename(path)
  const ignoredRows: Record<string, number> = { [file]: 0 }
  const docOf = (lists: SourceDoc['lists']): SourceDoc => ({ source: 'annex-a', lists, sourceId: (_l, id) => id, ignoredRows })
  const empty = () => docOf({ children: [], professionals: [], allocations: [], plans: [], conferences: [], visits: [] })

  let rows: AsyncIterable<SourceRow> | Iterable<SourceRow>
  let date1904 = false
  try {
    if (extname(path).toLowerCase() === '.xlsx') {
      options.onProgress?.(`Reading ${file}`, 0)
      const sheet = await xlsxSheet(path, (names) => {
        const list7 = names.find((s) => codeForm(s).replace(/ /g, '') === 'list7')
        if (list7 !== undefined) return list7
        if (names.length === 1) return names[0]!
        return new FileError('no "List 7" sheet')
      })
      rows = sheet.rows
      date1904 = sheet.date1904
    } else {
      rows = csvRows(path, { signal: options.signal, onBytes: (d, t) => options.onProgress?.(`Reading ${file}`, d, t) })
    }

    let index: Map<string, number> | null = null
    let positions: Partial<Record<Column, number>> = {}
    const read: ReadRow[] = []
    const planRows = new Map<string, number>()
    const idKey = headerKey(COLUMNS.id)
    for await (const r of rows) {
      if (!index) {
        if (!r.cells.some((c) => typeof c === 'string' && headerKey(c) === idKey)) {
          ignoredRows[file]!++
          continue
        }
        index = headerIndex(r.cells, true)
        let missing = false
        for (const c of REQUIRED) {
          if (!index.has(headerKey(COLUMNS[c], true))) {
            problems.add(file, r.n, COLUMNS[c], 'missing column')
            missing = true
          }
        }
        if (missing) return empty()
        positions = Object.fromEntries(Object.entries(COLUMNS).map(([k, h]) => [k, index!.get(headerKey(h, true)) ?? -1]))
        continue
      }
      if (isBlankRow(r.cells)) {
        ignoredRows[file]!++
        continue
      }
      const cells = r.cells
      const get = (c: Column): Cell => (positions[c]! < 0 ? undefined : cells[positions[c]!])
      const n = r.n
      let fits = true
      for (const c of Object.keys(COLUMNS) as Column[]) {
        const reason = tooLong(get(c), ROOM[c] ?? MAX_CELL_LENGTH)
        if (reason) {
          problems.add(file, n, COLUMNS[c], reason)
          fits = false
        }
      }
      if (!fits) continue
      const childId = value(get('id'))
      if (childId === null) problems.add(file, n, COLUMNS.id, 'must not be blank')
      const dateOf = (c: Column) => problems.cell(file, n, COLUMNS[c], () => date(get(c), date1904))
      const start = dateOf('start')
      if (start === null && isBlank(get('start'))) problems.add(file, n, COLUMNS.start, 'must not be blank')
      const end = dateOf('end')
      if (start && end && end < start) problems.add(file, n, COLUMNS.end, `is before ${COLUMNS.start}`)
      const initial = problems.cell(file, n, COLUMNS.initial, () => category(get('initial')))
      if (initial === null && isBlank(get('initial'))) problems.add(file, n, COLUMNS.initial, 'must not be blank')
      const latest = problems.cell(file, n, COLUMNS.latest, () => category(get('latest')))
      dateOf('dob')
      dateOf('visit')
      dateOf('review')
      let previous = 0
      const previousCell = get('previous')
      if (!isBlank(previousCell)) {
        const t = text(previousCell)
        if (/^\d+(\.0+)?$/.test(t)) previous = Number.parseInt(t, 10)
        else problems.add(file, n, COLUMNS.previous, `"${t}" is not a whole number`)
      }
      if (childId === null || !start || initial === null) continue
      const planId = `${childId}-${start}`
      const first = planRows.get(planId)
      if (first !== undefined) {
        problems.add(file, n, COLUMNS.id, `child ${childId} already has a plan starting ${start} (row ${first})`)
        continue
      }
      planRows.set(planId, n)
      read.push({
        n,
        childId,
        plan: { id: planId, childId, startDate: start, endDate: end, initialCategory: initial, latestCategory: latest, previousPlans: previous },
        get,
      })
    }
    if (!index) {
      problems.add(file, null, null, `no header row with "${COLUMNS.id}"`)
      return empty()
    }
    if (problems.count > 0) return empty()
    return docOf(toLists(read, date1904))
  } catch (e) {
    if (!(e instanceof FileError)) throw e
    problems.add(file, null, null, e.message)
    return empty()
  }
}

/** Rows (already checked) to records: one child per id from its latest plan's row. */
function toLists(rows: ReadRow[], date1904: boolean): SourceDoc['lists'] {
  const chosen = new Map<string, ReadRow>()
  const spelling = new Map<string, string>()
  for (const r of rows) {
    const c = chosen.get(r.childId)
    if (!c || r.plan.startDate > c.plan.startDate) chosen.set(r.childId, r)
    const worker = value(r.get('worker'))
    if (worker !== null && codeForm(worker) !== 'unallocated' && !spelling.has(codeForm(worker))) spelling.set(codeForm(worker), collapse(worker))
  }
  const children: Child[] = []
  const professionals = new Map<string, Professional>()
  const allocations: Allocation[] = []
  for (const r of chosen.values()) {
    children.push({
      id: r.childId,
      name: r.childId,
      dateOfBirth: date(r.get('dob'), date1904),
      gender: gender(r.get('gender')),
      ethnicity: ethnicity(r.get('ethnicity')),
      complex: false,
      team: value(r.get('team')),
    })
    const worker = value(r.get('worker'))
    if (worker === null || codeForm(worker) === 'unallocated') continue
    const professionalId = `worker:${codeForm(worker)}`
    if (!professionals.has(professionalId)) {
      professionals.set(professionalId, { id: professionalId, name: spelling.get(codeForm(worker))!, role: 'social-worker', agency: AGENCY, email: null, phone: null })
    }
    allocations.push({ id: `${r.childId}-AW`, childId: r.childId, professionalId, startDate: r.plan.startDate, endDate: null, changeReason: null })
  }
  const conferences: Conference[] = []
  const visits = new Map<string, ElementOf<'visits'>>()
  for (const r of rows) {
    const review = date(r.get('review'), date1904)
    if (review) conferences.push({ id: `${r.plan.id}-RCPC-${review}`, planId: r.plan.id, kind: 'review', date: review })
    const visit = date(r.get('visit'), date1904)
    if (visit) {
      const id = `${r.childId}-visit-${visit}`
      const seen = yes(r.get('seenAlone'))
      const v = visits.get(id)
      if (v) v.seenAlone ||= seen
      else visits.set(id, { id, childId: r.childId, date: visit, seenAlone: seen })
    }
  }
  return { children, professionals: [...professionals.values()], allocations, plans: rows.map((r) => r.plan), conferences, visits: [...visits.values()] }
}
