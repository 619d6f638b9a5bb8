/**
 * The contract of issue 12's channels (items 7, 8, 10), spread into `contract`:
 * - `session:watch`: the renderer asks every few seconds. `active` says whether the user has used
 *   the page since the last call (the browser host locks after the same idle time as the app);
 *   `changes` goes up each time another program changed the caseload, and the renderer then
 *   refreshes every screen.
 * - `access:log` / `access:log-export`: the append-only access log in Settings.
 */
import { z } from 'zod'
import { exportOutputSchema } from './supervision'

export const ACCESS_EVENT_KINDS = ['unlock', 'case-opened', 'export', 'backup', 'restore', 'access-log-export'] as const

export const accessEntrySchema = z.strictObject({
  id: z.number().int().min(1),
  /** ISO 8601, UTC. */
  at: z.string().max(40),
  actor: z.string().max(200),
  event: z.enum(ACCESS_EVENT_KINDS),
  childId: z.string().max(200).nullable(),
  fileName: z.string().max(200).nullable(),
})
export type AccessEntryView = z.infer<typeof accessEntrySchema>

export const accessContract = {
  'session:watch': {
    input: z.strictObject({ active: z.boolean() }),
    output: z.strictObject({ state: z.enum(['no-caseload', 'locked', 'unlocked']), changes: z.number().int().min(0) }),
  },
  'access:log': {
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).optional(), before: z.number().int().min(1).optional() }),
    output: z.strictObject({ entries: z.array(accessEntrySchema), total: z.number().int().min(0) }),
  },
  'access:log-export': { input: z.strictObject({}), output: exportOutputSchema },
} as const
