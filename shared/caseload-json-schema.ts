import { z } from 'zod'
import { caseloadSchema } from './caseload-format'

/**
 * The JSON Schema (draft 2020-12) of interchange format v1. Date fields carry `format: date`; the
 * "real calendar date" check (no 2026-02-30) is stricter than JSON Schema can say and is enforced
 * by Driftwatch on import.
 */
export function caseloadJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(caseloadSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as { type?: string; checks?: unknown[] }
      // Our dates are strings refined by isCivilDate; say so in the schema.
      if (def.type === 'string' && Array.isArray(def.checks) && def.checks.length > 0 && !ctx.jsonSchema.minLength) {
        ctx.jsonSchema.format = 'date'
        ctx.jsonSchema.pattern = '^\\d{4}-\\d{2}-\\d{2}$'
      }
    },
  })
  return {
    $id: 'https://driftwatch.invalid/schema/caseload-v1.json',
    title: 'Driftwatch caseload interchange format, version 1',
    ...schema,
  }
}
