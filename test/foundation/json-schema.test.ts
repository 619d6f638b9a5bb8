import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { caseloadJsonSchema } from '../../shared/caseload-json-schema'

describe('the committed JSON Schema of format v1', () => {
  it('is the one generated from the zod schemas (run `npm run json-schema` after changing them)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'shared', 'caseload-format.schema.json'), 'utf8'))
    expect(committed).toEqual(caseloadJsonSchema())
  })

  it('forbids unknown fields and marks dates', () => {
    const schema = caseloadJsonSchema() as { additionalProperties: boolean; properties: Record<string, { items?: { additionalProperties: boolean; properties: Record<string, unknown> } }> }
    expect(schema.additionalProperties).toBe(false)
    expect(schema.properties.meetings!.items!.additionalProperties).toBe(false)
    expect(JSON.stringify(schema.properties.visits!.items!.properties.date)).toContain('"format":"date"')
  })
})
