/**
 * Supervision actions added in a session before it is saved (SessionEditor.tsx, ChildAgenda.tsx),
 * and the half-typed ones: each child's draft is checked before saving, so nothing typed is lost.
 */
import { formatUK, isCivilDate } from '../../../shared/civil-date'
import type { Agenda } from '../../../shared/supervision'

export interface NewAction {
  key: number
  childId: string
  description: string
  ownerId: string
  dueDate: string
}

let nextKey = 1
/** A key for a new action in the page (React lists), never reused. */
export const newActionKey = () => nextKey++

export interface Draft {
  description: string
  ownerId: string
  dueDate: string
}
export const EMPTY_DRAFT: Draft = { description: '', ownerId: '', dueDate: '' }

/** Drafts with something typed: complete ones are saved with the session; the rest are named. */
export function pendingDrafts(drafts: Record<string, Draft>, agenda: Agenda): { complete: NewAction[]; problems: { childName: string; reason: string }[] } {
  const complete: NewAction[] = []
  const problems: { childName: string; reason: string }[] = []
  for (const c of agenda.children) {
    const d = drafts[c.childId]
    if (!d || (!d.description.trim() && !d.dueDate && !d.ownerId)) continue
    if (!d.description.trim()) problems.push({ childName: c.childName, reason: 'say what is to be done' })
    else if (!isCivilDate(d.dueDate)) problems.push({ childName: c.childName, reason: 'choose a due date' })
    else if (d.dueDate < agenda.date) problems.push({ childName: c.childName, reason: `the due date is before the session, ${formatUK(agenda.date)}` })
    else complete.push({ key: newActionKey(), childId: c.childId, ...d })
  }
  return { complete, problems }
}
