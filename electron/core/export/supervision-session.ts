/**
 * Exports of a recorded supervision session (the whole session, or the note for one child to put on
 * their case record) and of a mid-way review, as the shared document model that the Word, PDF and
 * plain-text renderers draw (each marked OFFICIAL-SENSITIVE with a content hash).
 */
import { formatUK } from '../../../shared/civil-date'
import {
  MIDWAY_DECISION_LABELS,
  RAG_LABELS,
  recordedOnlyWords,
  type Agenda,
  type AgendaChild,
  type MidwayReview,
  type SupervisionAction,
} from '../../../shared/supervision'
import type { DocSection, ExportDocument } from './document'
import { findingLine } from './plain-words'

const STATE = { open: 'Open', overdue: 'OVERDUE', done: 'Done', dropped: 'Dropped' } as const

const orNone = (t: string, none = 'None recorded.') => (t.trim() ? t.trim() : none)

function actionRows(list: readonly SupervisionAction[]): string[][] {
  return list.map((a) => [
    a.description,
    a.ownerName ?? 'No owner',
    formatUK(a.dueDate),
    a.state === 'done' || a.state === 'dropped' ? `${STATE[a.state]} ${formatUK(a.closedDate)}` : STATE[a.state],
  ])
}

/** What the session recorded for a child: discussion, decisions and the supervision actions set. */
function recordedSections(c: AgendaChild): DocSection[] {
  return [
    { heading: 'Discussion', level: 2, blocks: [{ kind: 'paragraph', text: orNone(c.discussion) }] },
    { heading: 'Decisions', level: 2, blocks: [{ kind: 'paragraph', text: orNone(c.decisions) }] },
    {
      heading: 'Supervision actions set',
      level: 2,
      blocks: c.actions.length
        ? [{ kind: 'table', columns: ['Supervision action', 'Owner', 'Due', 'Status'], widths: [4, 2, 1.3, 1.5], rows: actionRows(c.actions) }]
        : [{ kind: 'paragraph', text: 'None.' }],
    },
  ]
}

function childSections(c: AgendaChild, date: string): DocSection[] {
  // A child no longer in the group: why, then only what was recorded (AgendaChild.recordedOnly).
  if (c.recordedOnly) return [{ heading: `${c.childName} (${c.childId})`, level: 1, blocks: [{ kind: 'paragraph', text: recordedOnlyWords(c, date)! }] }, ...recordedSections(c)]
  const about = [
    `Child id ${c.childId}`,
    c.team ? `team ${c.team}` : null,
    c.complex ? 'complex case' : null,
    c.workerName ? `social worker ${c.workerName}` : 'no allocated social worker',
    `drift score ${c.score}`,
  ].filter((x): x is string => x !== null)
  const out: DocSection[] = [{ heading: `${c.childName} (${c.childId})`, level: 1, blocks: [{ kind: 'paragraph', text: `${about.join('; ')}.` }] }]
  out.push({
    heading: 'Findings',
    level: 2,
    blocks: c.findings.length ? [{ kind: 'bullets', items: c.findings.map(findingLine) }] : [{ kind: 'paragraph', text: `No drift found on ${formatUK(date)}.` }],
  })
  out.push({
    heading: c.sinceLastSupervision ? `What changed since the last supervision (${formatUK(c.since)})` : `What changed in the two months before (since ${formatUK(c.since)}; no earlier supervision recorded)`,
    level: 2,
    blocks: c.changes.length ? [{ kind: 'bullets', items: c.changes }] : [{ kind: 'paragraph', text: 'Nothing recorded.' }],
  })
  out.push({
    heading: 'Plan actions overdue or due within 28 days',
    level: 2,
    blocks: c.actionsDue.length
      ? [{ kind: 'table', columns: ['Action', 'Owner', 'Due'], widths: [4, 2, 1.4], rows: c.actionsDue.map((a) => [a.description, a.ownerName ?? 'No owner', `${formatUK(a.dueDate)}${a.overdue ? ' (OVERDUE)' : ''}`]) }]
      : [{ kind: 'paragraph', text: 'None.' }],
  })
  out.push({
    heading: 'Previous supervision',
    level: 2,
    blocks: [
      { kind: 'paragraph', text: c.previous ? `On ${formatUK(c.previous.date)}. Decisions: ${orNone(c.previous.decisions)}` : 'No earlier supervision of this child is recorded.' },
      ...(c.carriedForward.length
        ? [{ kind: 'table' as const, columns: ['Supervision action', 'Owner', 'Due', 'Done?'], widths: [4, 2, 1.3, 1.5], rows: actionRows(c.carriedForward) }]
        : []),
    ],
  })
  out.push(...recordedSections(c))
  return out
}

/** The whole session, or (with `childId`) the note for one child. */
export function sessionDocument(agenda: Agenda, childId?: string): ExportDocument {
  const kids = childId ? agenda.children.filter((c) => c.childId === childId) : agenda.children
  const meta = [
    `Supervision of ${agenda.scope.kind === 'worker' ? `${agenda.scopeName} (worker)` : agenda.scope.kind === 'team' ? `team ${agenda.scopeName}` : 'the whole caseload'} on ${formatUK(agenda.date)}`,
    agenda.session ? `Supervisor: ${agenda.session.supervisor}; recorded by ${agenda.session.recordedBy}` : 'Prepared agenda (not yet recorded)',
  ]
  const sections: DocSection[] = []
  const inGroup = kids.filter((c) => !c.recordedOnly)
  if (!childId) {
    sections.push({
      heading: 'Summary',
      level: 1,
      blocks: [
        { kind: 'paragraph', text: `${inGroup.length} ${inGroup.length === 1 ? 'child' : 'children'} with ${kids.reduce((n, c) => n + c.findings.length, 0)} drift findings; ${kids.reduce((n, c) => n + c.actions.length, 0)} supervision actions set.` },
        ...(kids.length > inGroup.length
          ? [{ kind: 'paragraph' as const, text: `Also recorded in this session: ${kids.length - inGroup.length} ${kids.length - inGroup.length === 1 ? 'child' : 'children'} no longer in the group or the caseload (what was recorded is below).` }]
          : []),
        ...(agenda.session?.notes.trim() ? [{ kind: 'paragraph' as const, text: `Session notes: ${agenda.session.notes.trim()}` }] : []),
        ...(kids.length ? [{ kind: 'table' as const, columns: ['Child', 'Id', 'Findings', 'Drift score'], widths: [3, 2, 1.2, 1.2], rows: kids.map((c) => [c.childName, c.childId, c.recordedOnly ? 'Not in the group' : String(c.findings.length), c.recordedOnly ? '—' : String(c.score)]) }] : []),
        ...agenda.warnings.map((w) => ({ kind: 'paragraph' as const, text: `Note: ${w}` })),
      ],
    })
  }
  for (const c of kids) sections.push(...childSections(c, agenda.date))
  const one = kids[0]
  return {
    title: childId && one ? `Supervision note: ${one.childName}` : `Supervision session: ${agenda.scopeName}`,
    meta,
    sections,
  }
}

export function midwayDocument(review: MidwayReview, childName: string): ExportDocument {
  const ch = review.changes
  const list = (items: string[], none = 'None.') => (items.length ? { kind: 'bullets' as const, items } : { kind: 'paragraph' as const, text: none })
  return {
    title: `Mid-way review: ${childName}`,
    meta: [`Child id ${review.childId}`, `Reviewed on ${formatUK(review.date)} by ${review.recordedBy}`, `Looking back to ${ch.sinceWhat}; review conference due ${formatUK(ch.reviewDue)}`],
    sections: [
      { heading: 'Rating', level: 1, blocks: [{ kind: 'paragraph', text: `${RAG_LABELS[review.rag]}.` }, { kind: 'paragraph', text: `Why: ${review.ragReason}` }] },
      { heading: 'Decision', level: 1, blocks: [{ kind: 'paragraph', text: `${MIDWAY_DECISION_LABELS[review.decision]}.` }, ...(review.decisionNote.trim() ? [{ kind: 'paragraph' as const, text: review.decisionNote.trim() }] : [])] },
      {
        heading: 'Core group attendance',
        level: 1,
        blocks: ch.attendance.length
          ? [
              {
                kind: 'table',
                columns: ['Core group', 'Attended', 'Apologies', 'Absent'],
                widths: [1.3, 3, 2, 2],
                rows: ch.attendance.map((a) => [formatUK(a.date), a.attended.join(', ') || 'Nobody', a.apologies.join(', '), a.absent.join(', ')]),
              },
            ]
          : [{ kind: 'paragraph', text: 'No core group since the conference.' }],
      },
      { heading: 'Actions added', level: 2, blocks: [list(ch.actions.added)] },
      { heading: 'Actions closed', level: 2, blocks: [list(ch.actions.closed)] },
      { heading: 'Actions overdue', level: 2, blocks: [list(ch.actions.overdue)] },
      { heading: 'Social worker', level: 1, blocks: [list(ch.workers)] },
      { heading: 'Risk scores', level: 1, blocks: [list(ch.risk.map((r) => r.text), 'No risk score recorded since the conference.')] },
      { heading: "The child's voice", level: 1, blocks: [list(ch.childVoice)] },
      { heading: 'Drift findings on the review date', level: 1, blocks: [list(ch.findings, 'No drift found.')] },
    ],
  }
}
