/** The audit screen's answer (issue 6, item 4): electron/core/audit/indicators.ts's result over IPC. */
import { z } from 'zod'
import { isCivilDate } from './civil-date'

// Bounded first (issue 12): a date is 10 characters; a longer string is refused before any parsing.
const civilDate = z.string().max(10, { message: 'is not a real date in the form YYYY-MM-DD', abort: true }).refine(isCivilDate, { message: 'is not a real date in the form YYYY-MM-DD' })

const countShape = {
  numerator: z.number().int().min(0),
  denominator: z.number().int().min(0),
  percent: z.number().nullable(),
}

export const auditCaseSchema = z.strictObject({
  kind: z.enum(['plan', 'meeting', 'conference', 'action', 'disagreement', 'child']),
  id: z.string(),
  childIds: z.array(z.string()),
  planIds: z.array(z.string()),
  date: civilDate,
  met: z.boolean(),
})

export const auditIndicatorSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  definition: z.string(),
  auditPoint: z.number().int(),
  ...countShape,
  cases: z.array(auditCaseSchema),
  /** Cases left out of `cases` to keep the answer small (the counts include them). */
  casesOmitted: z.number().int().min(0),
  monthly: z.array(z.strictObject({ month: z.string(), from: civilDate, to: civilDate, ...countShape })),
})

export const auditScreenSchema = z.strictObject({
  from: civilDate,
  to: civilDate,
  scope: z.strictObject({ plans: z.number().int(), children: z.number().int() }),
  /** Percent at or above which an indicator is something "we did well". */
  threshold: z.number(),
  indicators: z.array(auditIndicatorSchema),
  /** Names of the children behind the cases listed, for links to the case view. */
  childNames: z.record(z.string(), z.string()),
})
export type AuditScreen = z.infer<typeof auditScreenSchema>
export type AuditIndicator = z.infer<typeof auditIndicatorSchema>

/** The words for a period in which no indicator had a case (an empty period, or one before any plan): never an all-clear. */
export const NOTHING_MEASURED = 'Nothing was measured in this period: no indicator had a case to count.'
