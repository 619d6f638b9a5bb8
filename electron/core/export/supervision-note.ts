/**
 * The supervision note (issue 6): for one worker and an as-of date A, every child allocated to that
 * worker on A, each with the drift findings of the scan on A (their message sentences), the dates of
 * their open plans, the upcoming deadlines and the actions open on A. `supervisionNote` builds the
 * content model from the database; `supervisionNoteDocument` turns it into the shared document model
 * that the Word, PDF and plain-text renderers draw.
 */
import { addDays, addMonths, formatUK, isCivilDate, type CivilDate } from '../../../shared/civil-date'
import { compareChildFindings } from '../../../shared/finding-order'
import type { DriftPolicy } from '../../../shared/drift-policy'
import { driftScore, type Finding } from '../../../shared/drift-types'
import { DriftwatchError } from '../../../shared/errors'
import type { CaseloadDb } from '../db/caseload-db'
import type { WorkingDayCalendar } from '../drift/calendar'
import { scanCaseload } from '../drift/scan'
import { loadCalendar, loadPolicy } from '../queries/policy-settings'
import {
  actionsOpenOn,
  childrenAllocatedTo,
  openPlansOf,
  professionalById,
  professionalsNamed,
  type NoteActionRow,
  type NoteChildRow,
  type NotePlanRow,
  type NoteProfessional,
} from '../queries/supervision-note'
import type { DocSection, ExportDocument } from './document'
import { categoryWords, findingLine } from './plain-words'

export interface NoteDeadline {
  date: CivilDate
  planId: string
  what: string
}

export interface NotePlan extends NotePlanRow {
  /** First core group (no meeting yet) or next core group due date. */
  coreGroupDue: CivilDate
  reviewConferenceDue: CivilDate
  visitDue: CivilDate
}

export interface NoteChild extends NoteChildRow {
  plans: NotePlan[]
  findings: Finding[]
  driftScore: number
  /** Deadlines on or after A, earliest first (overdue ones are findings). */
  deadlines: NoteDeadline[]
  openActions: NoteActionRow[]
}

export interface SupervisionNote {
  worker: NoteProfessional
  asOf: CivilDate
  children: NoteChild[]
  /** Scan warnings (for example deadlines beyond the known bank holidays). */
  warnings: string[]
}

export interface NoteOptions {
  workerId: string
  asOf: CivilDate
  policy?: DriftPolicy
  calendar?: WorkingDayCalendar
}

/**
 * The worker a user means by `text`: an id, else a name (exactly, ignoring case; else the one name
 * that contains it). No match, or several, is BAD_INPUT listing who matched, so the user can choose.
 */
export function findWorker(db: CaseloadDb, text: string): NoteProfessional {
  const byId = professionalById(db.sqlite, text)
  if (byId) return byId
  const named = professionalsNamed(db.sqlite, text)
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase()
  const exact = named.filter((p) => norm(p.name) === norm(text))
  const matches = exact.length > 0 ? exact : named
  if (matches.length === 1) return matches[0]!
  if (matches.length === 0 || !text.trim()) {
    throw new DriftwatchError('BAD_INPUT', `There is no worker (professional) with id or name ${JSON.stringify(text)} in this caseload.`, [
      { path: 'worker', reason: 'no professional has this id or name' },
    ])
  }
  const list = matches.slice(0, 20).map((p) => `  ${p.name} (${ROLE_LABEL[p.role] ?? p.role}, ${p.agency}): --worker ${p.id}`)
  throw new DriftwatchError(
    'BAD_INPUT',
    `${matches.length} workers match ${JSON.stringify(text)}; give the id of the one you mean:\n${list.join('\n')}${matches.length > 20 ? `\n  and ${matches.length - 20} more` : ''}`,
    [{ path: 'worker', reason: 'matches more than one professional' }],
  )
}

/** Builds the note; an unknown worker or a bad date is BAD_INPUT. */
export function supervisionNote(db: CaseloadDb, o: NoteOptions): SupervisionNote {
  if (!isCivilDate(o.asOf)) {
    throw new DriftwatchError('BAD_INPUT', `The as-of date ${JSON.stringify(o.asOf)} is not a real date in the form YYYY-MM-DD.`, [
      { path: 'asOf', reason: 'is not a real date in the form YYYY-MM-DD' },
    ])
  }
  const worker = professionalById(db.sqlite, o.workerId)
  if (!worker) {
    throw new DriftwatchError('BAD_INPUT', `There is no worker (professional) with id ${JSON.stringify(o.workerId)} in this caseload.`, [
      { path: 'worker', reason: 'no professional has this id' },
    ])
  }
  const policy = o.policy ?? loadPolicy(db)
  const calendar = o.calendar ?? loadCalendar(db)
  const asOf = o.asOf
  const read = db.sqlite.transaction(() => {
    const kids = childrenAllocatedTo(db.sqlite, worker.id, asOf)
    const plans = openPlansOf(
      db.sqlite,
      kids.map((k) => k.id),
      asOf,
    )
    const actions = actionsOpenOn(
      db.sqlite,
      plans.map((p) => p.id),
      asOf,
    )
    return { kids, plans, actions }
  })
  const { kids, plans, actions } = read()
  const scan = scanCaseload(db, { asOf, policy, calendar })
  const wanted = new Set(kids.map((k) => k.id))
  const findingsByChild = new Map<string, Finding[]>()
  for (const f of scan.findings) {
    if (!wanted.has(f.childId)) continue
    const list = findingsByChild.get(f.childId)
    if (list) list.push(f)
    else findingsByChild.set(f.childId, [f])
  }
  const children: NoteChild[] = kids.map((k) => {
    const ps: NotePlan[] = plans
      .filter((p) => p.childId === k.id)
      .map((p) => {
        const conf = p.latestConference ?? { kind: 'initial' as const, date: p.startDate }
        return {
          ...p,
          coreGroupDue: p.latestMeetingDate
            ? addDays(p.latestMeetingDate, policy.coreGroupIntervalDays)
            : calendar.addWD(p.startDate, policy.firstCoreGroupWorkingDays),
          reviewConferenceDue: addMonths(conf.date, conf.kind === 'initial' ? policy.reviewAfterInitialMonths : policy.reviewAfterReviewMonths),
          visitDue: calendar.addWD(p.latestVisitDate ?? p.startDate, policy.visitWorkingDays),
        }
      })
    const planIds = new Set(ps.map((p) => p.id))
    const openActions = actions.filter((a) => planIds.has(a.planId))
    const deadlines: NoteDeadline[] = []
    for (const p of ps) {
      deadlines.push({ date: p.coreGroupDue, planId: p.id, what: p.latestMeetingDate ? 'Next core group' : 'First core group' })
      deadlines.push({ date: p.reviewConferenceDue, planId: p.id, what: 'Review conference' })
      deadlines.push({ date: p.visitDue, planId: p.id, what: 'Statutory visit' })
    }
    for (const a of openActions) if (a.dueDate) deadlines.push({ date: a.dueDate, planId: a.planId, what: `Action: ${a.description}` })
    const upcoming = deadlines.filter((d) => d.date >= asOf).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.what < b.what ? -1 : 1))
    // Worst first, as the agenda, the case view and the app's session note (shared/finding-order.ts).
    const findings = [...(findingsByChild.get(k.id) ?? [])].sort(compareChildFindings)
    return { ...k, plans: ps, findings, driftScore: driftScore(findings), deadlines: upcoming, openActions }
  })
  return { worker, asOf, children, warnings: scan.warnings }
}

const ROLE_LABEL: Record<string, string> = {
  'social-worker': 'Social worker',
  'team-manager': 'Team manager',
  'deputy-manager': 'Deputy manager',
  'cp-chair': 'Child protection chair',
  health: 'Health',
  education: 'Education',
  police: 'Police',
  other: 'Other',
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The note as the shared document model (UK dates, plain sentences). */
export function supervisionNoteDocument(note: SupervisionNote): ExportDocument {
  const all = note.children.flatMap((c) => c.findings)
  const count = (s: Finding['severity']) => all.filter((f) => f.severity === s).length
  const sections: DocSection[] = [
    {
      heading: 'Summary',
      level: 1,
      blocks: [
        {
          kind: 'paragraph',
          text:
            note.children.length === 0
              ? `No child is allocated to ${note.worker.name} on ${formatUK(note.asOf)}.`
              : `${plural(note.children.length, 'child', 'children')} allocated to ${note.worker.name} on ${formatUK(note.asOf)}, with ${plural(all.length, 'drift finding')} (${count('high')} high, ${count('medium')} medium, ${count('low')} low).`,
        },
        ...(note.children.length
          ? [
              {
                kind: 'table' as const,
                columns: ['Child', 'Id', 'Allocated since', 'Findings', 'Drift score'],
                widths: [3, 2, 2, 1.2, 1.2],
                rows: note.children.map((c) => [c.name, c.id, formatUK(c.allocatedFrom), String(c.findings.length), String(c.driftScore)]),
              },
            ]
          : []),
        ...note.warnings.map((w) => ({ kind: 'paragraph' as const, text: `Note: ${w}` })),
      ],
    },
  ]
  for (const c of note.children) {
    const about = [
      `Child id ${c.id}`,
      c.dateOfBirth ? `born ${formatUK(c.dateOfBirth)}` : null,
      c.team ? `team ${c.team}` : null,
      c.complex ? 'complex case' : null,
      `allocated to ${note.worker.name} since ${formatUK(c.allocatedFrom)}`,
      `drift score ${c.driftScore}`,
    ].filter((x): x is string => x !== null)
    sections.push({ heading: `${c.name} (${c.id})`, level: 1, blocks: [{ kind: 'paragraph', text: `${about.join('; ')}.` }] })
    sections.push({
      heading: 'Plan',
      level: 2,
      blocks: c.plans.length
        ? [
            {
              kind: 'table',
              columns: ['Plan started', 'Category', 'Last conference', 'Last core group', 'Last visit'],
              rows: c.plans.map((p) => [
                formatUK(p.startDate),
                categoryWords(p.category),
                p.latestConference ? `${p.latestConference.kind === 'initial' ? 'Initial' : 'Review'} ${formatUK(p.latestConference.date)}` : 'None recorded',
                p.latestMeetingDate ? formatUK(p.latestMeetingDate) : 'None yet',
                p.latestVisitDate ? formatUK(p.latestVisitDate) : 'None since the plan started',
              ]),
            },
          ]
        : [{ kind: 'paragraph', text: `No child protection plan is open on ${formatUK(note.asOf)}.` }],
    })
    sections.push({
      heading: 'Findings',
      level: 2,
      blocks: c.findings.length
        ? [{ kind: 'bullets', items: c.findings.map(findingLine) }]
        : [{ kind: 'paragraph', text: `No drift found on ${formatUK(note.asOf)}.` }],
    })
    sections.push({
      heading: 'Upcoming deadlines',
      level: 2,
      blocks: c.deadlines.length
        ? [{ kind: 'table', columns: ['Date', 'What'], widths: [1.2, 5], rows: c.deadlines.map((d) => [formatUK(d.date), d.what]) }]
        : [{ kind: 'paragraph', text: 'None.' }],
    })
    sections.push({
      heading: 'Open actions',
      level: 2,
      blocks: c.openActions.length
        ? [
            {
              kind: 'table',
              columns: ['Action', 'Owner', 'Due', 'Expected outcome', 'Last reviewed'],
              widths: [3, 1.6, 1.2, 2.5, 1.2],
              rows: c.openActions.map((a) => [
                a.description,
                a.ownerName ?? 'No owner',
                a.dueDate ? formatUK(a.dueDate) : 'No date',
                a.outcome && a.outcome.trim() ? a.outcome : 'Not stated',
                a.lastReviewedDate ? formatUK(a.lastReviewedDate) : 'Never',
              ]),
            },
          ]
        : [{ kind: 'paragraph', text: 'None.' }],
    })
  }
  return {
    title: `Supervision note: ${note.worker.name}`,
    meta: [
      `${ROLE_LABEL[note.worker.role] ?? note.worker.role}, ${note.worker.agency}`,
      `As of ${formatUK(note.asOf)}`,
    ],
    sections,
  }
}
