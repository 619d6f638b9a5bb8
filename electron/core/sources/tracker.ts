/**
 * The core-group tracker (source-formats.md §3): Driftwatch's own CSV template, one row per meeting
 * of one plan. Rows are read and checked first; then, inside the write transaction, matched to the
 * open caseload's plans, and each meeting added or replaced with its distributions.
 */
import { basename } from 'node:path'
import type Database from 'better-sqlite3'
import type { Meeting, Professional } from '../../../shared/caseload-format'
import { emptyIds, type SyncResult } from '../../../shared/source-import'
import type { CaseloadDb } from '../db/caseload-db'
import { meetingDistributionRows, membersOn, stores, insertRow } from '../queries/records'
import { planById, planIdsStarting, professionalExists } from '../queries/source-sync'
import { codeForm, date, tooLong, value, yes, type Cell } from './cells'
import type { Problems } from './problems'
import type { ReadProgress } from './source-doc'
import { csvRows, FileError, headerIndex, isBlankRow } from './table-reader'

const H = {
  meetingId: 'Meeting ID',
  childId: 'Child ID',
  planId: 'Plan ID',
  planStart: 'Plan start date',
  date: 'Meeting date',
  chair: 'Chair',
  attended: 'Attended',
  apologies: 'Apologies',
  planAvailable: 'Plan available',
  childViews: 'Child views recorded',
  riskReviewed: 'Risk reviewed',
  riskScore: 'Risk score',
  riskScale: 'Risk scale',
  sent: 'Decisions sent date',
} as const
type Column = keyof typeof H

/** The tracker's headers in the template's order (the template writer uses them too). */
export const TRACKER_HEADERS: readonly string[] = Object.values(H)

/** One row as read, before it is matched to a plan. */
export interface TrackerRow {
  n: number
  meetingId: string | null
  childId: string
  planId: string | null
  planStart: string | null
  /** Everything that must be equal across the rows of one meeting. */
  meeting: Omit<Meeting, 'id' | 'planIds'>
  sent: string | null
}

export interface TrackerFile {
  file: string
  rows: TrackerRow[]
  ignoredRows: Record<string, number>
}

export async function readTracker(path: string, problems: Problems, options: { onProgress?: ReadProgress; signal?: AbortSignal } = {}): Promise<TrackerFile> {
  const file = basename(path)
  const out: TrackerFile = { file, rows: [], ignoredRows: { [file]: 0 } }
  let positions: Partial<Record<Column, number>> | null = null
  try {
    for await (const r of csvRows(path, { signal: options.signal, onBytes: (d, t) => options.onProgress?.(`Reading ${file}`, d, t) })) {
      if (!positions) {
        const index = headerIndex(r.cells)
        const at = (c: Column) => index.get(H[c].toLowerCase()) ?? -1
        positions = Object.fromEntries((Object.keys(H) as Column[]).map((c) => [c, at(c)]))
        let missing = false
        for (const c of ['childId', 'date', 'chair'] as const) {
          if (positions[c]! < 0) {
            problems.add(file, 1, H[c], 'missing column')
            missing = true
          }
        }
        if (positions.planId! < 0 && positions.planStart! < 0) {
          problems.add(file, 1, H.planId, 'missing column')
          missing = true
        }
        if (missing) return out
        continue
      }
      if (isBlankRow(r.cells)) {
        out.ignoredRows[file]!++
        continue
      }
      const cells = r.cells
      const p = positions
      const get = (c: Column): Cell => (p[c]! < 0 ? undefined : cells[p[c]!])
      const row = readRow(file, r.n, get, problems)
      if (row) out.rows.push(row)
    }
  } catch (e) {
    if (!(e instanceof FileError)) throw e
    problems.add(file, null, null, e.message)
    return out
  }
  if (!positions) problems.add(file, null, null, 'is empty (no header row)')
  return out
}

function readRow(file: string, n: number, get: (c: Column) => Cell, problems: Problems): TrackerRow | null {
  const before = problems.count
  // Ids (and a professional's id is also their name here) are kept under the format's limit; the
  // Attended and Apologies cells hold several, each checked.
  const fits = <T extends string | null>(c: Column, id: T): T => {
    const reason = id === null ? null : tooLong(id)
    if (reason && id !== null) problems.add(file, n, H[c], id === value(get(c)) ? reason : `"${id.slice(0, 40)}…" ${reason}`)
    return id
  }
  const required = (c: Column) => {
    const v = value(get(c))
    if (v === null) problems.add(file, n, H[c], 'must not be blank')
    return fits(c, v)
  }
  const childId = required('childId')
  const meetingId = fits('meetingId', value(get('meetingId')))
  const planId = fits('planId', value(get('planId')))
  const meetingDate = problems.cell(file, n, H.date, () => date(get('date')))
  if (meetingDate === null && value(get('date')) === null) problems.add(file, n, H.date, 'must not be blank')
  const chairId = required('chair')
  const planStart = problems.cell(file, n, H.planStart, () => date(get('planStart')))
  const sent = problems.cell(file, n, H.sent, () => date(get('sent')))
  const ids = (c: Column) => [...new Set(String(value(get(c)) ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '' && s !== 'NULL'))].sort().map((id) => fits(c, id))
  const attended = ids('attended')
  const apologies = ids('apologies')
  const present = new Set(attended)
  for (const id of apologies) if (present.has(id)) problems.add(file, n, H.apologies, `"${id}" is listed both in Attended and in Apologies`)
  let riskScore: Meeting['riskScore'] = null
  const scoreText = value(get('riskScore'))
  if (scoreText !== null) {
    const score = /^\d+(\.\d+)?$/.test(scoreText) ? Number(scoreText) : Number.NaN
    const scale = codeForm(get('riskScale'))
    if (!(score >= 0 && score <= 10)) problems.add(file, n, H.riskScore, `"${scoreText}" is not a number from 0 to 10`)
    else if (scale !== 'safety' && scale !== 'danger') problems.add(file, n, H.riskScale, 'must be safety or danger when a risk score is given')
    else riskScore = { score, scale }
  }
  if (problems.count > before || childId === null || meetingDate === null || chairId === null) return null
  return {
    n,
    meetingId,
    childId,
    planId,
    planStart,
    meeting: {
      date: meetingDate,
      chairId,
      attended,
      apologies,
      planAvailable: yes(get('planAvailable')),
      childViewsRecorded: yes(get('childViews')),
      riskReviewed: yes(get('riskReviewed')),
      riskScore,
    },
    sent,
  }
}

/** The column of the first difference between two rows of one meeting, or null. */
function difference(a: TrackerRow, b: TrackerRow): Column | null {
  const m = a.meeting
  const o = b.meeting
  if (m.date !== o.date) return 'date'
  if (m.chairId !== o.chairId) return 'chair'
  if (m.attended.join(';') !== o.attended.join(';')) return 'attended'
  if (m.apologies.join(';') !== o.apologies.join(';')) return 'apologies'
  if (m.planAvailable !== o.planAvailable) return 'planAvailable'
  if (m.childViewsRecorded !== o.childViewsRecorded) return 'childViews'
  if (m.riskReviewed !== o.riskReviewed) return 'riskReviewed'
  if ((m.riskScore?.score ?? null) !== (o.riskScore?.score ?? null)) return 'riskScore'
  if ((m.riskScore?.scale ?? null) !== (o.riskScore?.scale ?? null)) return 'riskScale'
  if (a.sent !== b.sent) return 'sent'
  return null
}

interface PlannedMeeting {
  meeting: Meeting
  sent: string | null
}

/** Matches rows to plans and groups them into meetings; problems for what does not fit. */
function planMeetings(sqlite: Database.Database, tracker: TrackerFile, problems: Problems): PlannedMeeting[] {
  const { file } = tracker
  const meetings = new Map<string, { first: TrackerRow; planRows: Map<string, number>; derived: boolean; meeting: Meeting; sent: string | null }>()
  for (const row of tracker.rows) {
    const planId = resolvePlan(sqlite, file, row, problems)
    if (planId === null) continue
    const id = row.meetingId ?? `${planId}-CG-${row.meeting.date}`
    const existing = meetings.get(id)
    if (!existing) {
      meetings.set(id, { first: row, planRows: new Map([[planId, row.n]]), derived: row.meetingId === null, meeting: { id, planIds: [planId], ...row.meeting }, sent: row.sent })
      continue
    }
    if (row.meetingId === null || existing.derived) {
      problems.add(file, row.n, row.meetingId === null ? H.childId : H.meetingId, `meeting "${id}" is already on row ${existing.first.n}`)
      continue
    }
    const differs = difference(existing.first, row)
    if (differs) {
      problems.add(file, row.n, H[differs], `differs from row ${existing.first.n} of meeting "${id}"`)
      continue
    }
    const again = existing.planRows.get(planId)
    if (again !== undefined) {
      problems.add(file, row.n, row.planId !== null ? H.planId : H.planStart, `plan "${planId}" is already in meeting "${id}" on row ${again}`)
      continue
    }
    existing.planRows.set(planId, row.n)
    existing.meeting.planIds.push(planId)
  }
  return [...meetings.values()].map((m) => ({ meeting: { ...m.meeting, planIds: [...m.meeting.planIds].sort() }, sent: m.sent }))
}

function resolvePlan(sqlite: Database.Database, file: string, row: TrackerRow, problems: Problems): string | null {
  if (row.planId !== null) {
    const plan = planById(sqlite, row.planId)
    if (!plan) problems.add(file, row.n, H.planId, `plan "${row.planId}" is not in the caseload`)
    else if (plan.childId !== row.childId) problems.add(file, row.n, H.planId, `plan "${row.planId}" is not a plan of child "${row.childId}"`)
    else if (row.planStart !== null && plan.startDate !== row.planStart) {
      problems.add(file, row.n, H.planStart, `plan "${row.planId}" starts on ${plan.startDate}, not ${row.planStart}`)
    } else return plan.id
    return null
  }
  if (row.planStart === null) {
    problems.add(file, row.n, H.planId, 'give the Plan ID or the Plan start date')
    return null
  }
  const ids = planIdsStarting(sqlite, row.childId, row.planStart)
  if (ids.length === 1) return ids[0]!
  problems.add(
    file,
    row.n,
    H.planStart,
    ids.length === 0 ? `child "${row.childId}" has no plan starting ${row.planStart}` : `child "${row.childId}" has ${ids.length} plans starting ${row.planStart}: give the Plan ID`,
  )
  return null
}

const distributionKey = (meetingId: string, professionalId: string, day: string) => `${meetingId}/${professionalId}/${day}`

/** Adds or replaces the tracker's meetings in one transaction (or only compares, for a dry run). */
export function writeTracker(db: CaseloadDb, tracker: TrackerFile, problems: Problems, dryRun: boolean): SyncResult {
  const { sqlite } = db
  const work = () => {
    const planned = planMeetings(sqlite, tracker, problems)
    problems.throwIfAny('tracker')
    const added = emptyIds()
    const changed = emptyIds()
    const removed = emptyIds()
    const newProfessionals = new Set<string>()
    for (const { meeting } of planned) {
      for (const id of [meeting.chairId, ...meeting.attended, ...meeting.apologies]) if (!professionalExists(sqlite, id)) newProfessionals.add(id)
    }
    for (const id of [...newProfessionals].sort()) {
      added.professionals.push(id)
      const p: Professional = { id, name: id, role: 'other', agency: '', email: null, phone: null }
      if (!dryRun) stores.professional.insert(sqlite, id, p)
    }
    for (const { meeting, sent } of planned) {
      const recipients = new Set<string>(sent === null ? [] : [...meeting.attended, ...meeting.apologies])
      if (sent !== null) for (const planId of meeting.planIds) for (const p of membersOn(sqlite, planId, meeting.date)) recipients.add(p)
      const wanted = [...recipients].sort().map((p) => distributionKey(meeting.id, p, sent!))
      const before = stores.meeting.read(sqlite, meeting.id)
      const had = before ? meetingDistributionRows(sqlite, meeting.id) : []
      const hadKeys = had.map((d) => distributionKey(d.meetingId, d.professionalId, d.date)).sort()
      if (before && JSON.stringify(before) === JSON.stringify(normalised(meeting)) && hadKeys.join('\n') === wanted.join('\n')) continue
      ;(before ? changed : added).meetings.push(meeting.id)
      for (const k of hadKeys) if (!wanted.includes(k)) removed.distributions.push(k)
      for (const k of wanted) if (!hadKeys.includes(k)) added.distributions.push(k)
      if (dryRun) continue
      if (before) {
        for (const d of had) stores.distribution.remove(sqlite, d.rowId)
        stores.meeting.remove(sqlite, meeting.id)
      }
      stores.meeting.insert(sqlite, meeting.id, meeting)
      for (const p of [...recipients].sort()) insertRow(sqlite, 'distribution', { meetingId: meeting.id, professionalId: p, date: sent! })
    }
    for (const ids of [added, changed, removed]) for (const list of Object.values(ids)) list.sort()
    return { source: 'tracker', added, changed, removed, conflicts: [], ignoredRows: tracker.ignoredRows, dryRun, firstImport: false } satisfies SyncResult
  }
  if (dryRun) return sqlite.transaction(work).deferred()
  return sqlite.transaction(work).immediate()
}

/** A meeting as the store reads it back (risk score null rather than undefined). */
function normalised(m: Meeting): Meeting {
  return { ...m, riskScore: m.riskScore ?? null }
}
