/**
 * Issue 12 item 9: every string the renderer can send has a maximum length (so a hostile page
 * cannot make main hold or store megabytes in one field). Walks each channel's input schema as
 * JSON Schema and names any string without one.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { contract } from '../../shared/ipc-contract'

function unbounded(schema: unknown, path: string, out: string[]): void {
  if (typeof schema !== 'object' || schema === null) return
  const s = schema as Record<string, unknown>
  if (s.type === 'string' && s.maxLength === undefined && s.enum === undefined && s.const === undefined) out.push(path)
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, p] of Object.entries(v)) unbounded(p, `${path}.${name}`, out)
    } else if (k === 'items') unbounded(v, `${path}[]`, out)
    else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) v.forEach((x) => unbounded(x, path, out))
    else if (k === 'additionalProperties') unbounded(v, `${path}.*`, out)
  }
}

describe('IPC contract', () => {
  it('bounds the length of every string input', () => {
    const found: string[] = []
    for (const [channel, spec] of Object.entries(contract)) {
      unbounded(z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }), channel, found)
    }
    expect(found).toEqual([])
  })
})
