/**
 * The quick baseline table (issue 10 item 5a): after an import, a chair records for each plan the
 * latest core group held before Driftwatch — its date, chair and who came — in one go. Each filled
 * row goes through the ordinary record API (records/meetings.ts), so it is checked exactly like a
 * meeting recorded from the case view; all rows are written in ONE transaction, or none.
 *
 * An SSD or Annex A caseload has no core group members (neither source holds them), and a meeting's
 * attendees must be members on its date. So someone ticked as present who has never been a member
 * of that plan's core group is first added as a member from the plan's start (records/members.ts):
 * they were at its core group, so they belong to it. Someone whose membership exists but does not
 * cover the date is left to the meeting's own check, which says so.
 */
import { DriftwatchError, type Problem } from '../../../shared/errors'
import { formatUK } from '../../../shared/civil-date'
import { baselineInputSchema, type BaselineResult } from '../../../shared/import-screen'
import type { CaseloadDb } from '../db/caseload-db'
import { planMemberRows, stores } from '../queries/records'
import { parseInput } from '../records/checks'
import type { RecordContext } from '../records/change'
import { recordMeeting } from '../records/meetings'
import { recordMember } from '../records/members'

/** `$.date` of row 3's meeting → `$.rows[3].date`; `$.planIds[0]` → `$.rows[3].planId`. */
function rowPath(row: number, path: string): string {
  const rest = path.replace(/^\$/, '').replace(/^\.planIds\[\d+\]/, '.planId')
  return `$.rows[${row}]${rest}`
}

export function recordBaseline(db: CaseloadDb, ctx: RecordContext, input: unknown): BaselineResult {
  const { rows } = parseInput(baselineInputSchema, input)
  const problems: Problem[] = []
  const firstRowOfPlan = new Map<string, number>()
  rows.forEach((r, i) => {
    const earlier = firstRowOfPlan.get(r.planId)
    if (earlier !== undefined) problems.push({ path: `$.rows[${i}].planId`, reason: `is already on row ${earlier + 1}: one baseline core group per plan` })
    else firstRowOfPlan.set(r.planId, i)
  })
  if (problems.length > 0) throw new DriftwatchError('VALIDATION', 'Some rows need correcting; nothing has been recorded.', problems)

  const write = db.sqlite.transaction((): BaselineResult => {
    let meetings = 0
    let membersAdded = 0
    rows.forEach((r, i) => {
      const fail = (e: unknown) => {
        if (!(e instanceof DriftwatchError) || (e.code !== 'VALIDATION' && e.code !== 'NOT_FOUND')) throw e
        const list = e.problems.length > 0 ? e.problems : [{ path: '$', reason: e.message }]
        for (const p of list) problems.push({ path: rowPath(i, p.path), reason: p.reason })
      }
      const plan = stores.plan.read(db.sqlite, r.planId)
      if (!plan) {
        problems.push({ path: `$.rows[${i}].planId`, reason: 'is not a plan in this caseload' })
        return
      }
      const attended = [...new Set(r.attended)]
      const everMember = new Set(planMemberRows(db.sqlite, r.planId).map((m) => m.professionalId))
      let rowOk = true
      for (const [k, professionalId] of attended.entries()) {
        if (everMember.has(professionalId)) continue
        try {
          recordMember(db, ctx, { planId: r.planId, professionalId, fromDate: plan.startDate, toDate: null })
          membersAdded += 1
        } catch (e) {
          rowOk = false
          fail(e instanceof DriftwatchError ? new DriftwatchError(e.code, e.message, e.problems.map((p) => ({ ...p, path: p.path === '$.professionalId' ? `$.attended[${k}]` : p.path }))) : e)
        }
      }
      if (!rowOk) return
      try {
        recordMeeting(db, ctx, {
          planIds: [r.planId],
          date: r.date,
          chairId: r.chairId,
          attended,
          apologies: [],
          planAvailable: r.planAvailable,
          childViewsRecorded: r.childViewsRecorded,
          riskReviewed: r.riskReviewed,
          riskScore: null,
        })
        meetings += 1
      } catch (e) {
        fail(e)
      }
    })
    if (problems.length > 0) {
      // Throwing rolls back every meeting and membership written above.
      const bad = new Set(problems.map((p) => /^\$\.rows\[(\d+)\]/.exec(p.path)?.[1])).size
      throw new DriftwatchError(
        'VALIDATION',
        `${bad === 1 ? 'One row needs' : `${bad} rows need`} correcting; nothing has been recorded.`,
        problems.slice(0, 200),
      )
    }
    const summary =
      `Recorded ${meetings === 1 ? 'one core group meeting' : `${meetings} core group meetings`} as the latest before Driftwatch` +
      (membersAdded > 0 ? `, and added ${membersAdded === 1 ? 'one attendee' : `${membersAdded} attendees`} to their plan's core group from the plan start` : '') +
      (meetings === 1 ? ` (${formatUK(rows[0]!.date)}).` : '.')
    return { meetings, membersAdded, summary }
  })
  return write.immediate()
}
