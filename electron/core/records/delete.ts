/** Deleting a record entered by mistake (the UI asks for confirmation first; undo brings it back). */
import type { CaseloadDb } from '../db/caseload-db'
import { childOfPlan, meetingDistributionRows, stores } from '../queries/records'
import { deleteInputSchema, type Saved } from '../../../shared/record-inputs'
import { DriftwatchError } from '../../../shared/errors'
import { formatUK } from '../../../shared/civil-date'
import { parseInput } from './checks'
import { runChange, type RecordContext } from './change'

const WORDS = { action: 'an action', visit: 'a visit', meeting: 'a core group meeting', conference: 'a conference', disagreement: 'a disagreement' } as const

export function deleteRecord(db: CaseloadDb, ctx: RecordContext, input: unknown): Saved {
  const { kind, id } = parseInput(deleteInputSchema, input)
  const s = db.sqlite
  const record = stores[kind].read(s, id)
  if (!record) throw new DriftwatchError('NOT_FOUND', `There is no such record: it may have been deleted already.`)
  let childId: string | null
  let date: string
  switch (kind) {
    case 'visit': {
      const v = stores.visit.read(s, id)!
      childId = v.childId
      date = v.date
      break
    }
    case 'meeting': {
      const m = stores.meeting.read(s, id)!
      childId = childOfPlan(s, m.planIds[0]!)
      date = m.date
      break
    }
    case 'conference': {
      const c = stores.conference.read(s, id)!
      if (c.kind === 'initial') {
        throw new DriftwatchError('VALIDATION', 'The initial conference is part of the plan and cannot be deleted on its own.', [{ path: '$.id', reason: 'is the initial conference' }])
      }
      childId = childOfPlan(s, c.planId)
      date = c.date
      break
    }
    case 'action': {
      const a = stores.action.read(s, id)!
      childId = childOfPlan(s, a.planId)
      date = a.createdDate
      break
    }
    case 'disagreement': {
      const d = stores.disagreement.read(s, id)!
      childId = childOfPlan(s, d.planId)
      date = d.raisedDate
      break
    }
  }
  return runChange(db, ctx, { action: `delete-${kind}`, summary: `Deleted ${WORDS[kind]} dated ${formatUK(date)}.`, childId }, (w) => {
    if (kind === 'meeting') for (const d of meetingDistributionRows(s, id)) w.remove('distribution', d.rowId)
    w.remove(kind, id)
    return id
  })
}
