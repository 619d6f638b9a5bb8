/**
 * Writes shared/caseload-format.schema.json, the JSON Schema of interchange format v1, generated
 * from the zod schemas so the two can never disagree (a test checks the committed file is current).
 * Run with `npm run json-schema`.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { caseloadJsonSchema } from '../shared/caseload-json-schema'

writeFileSync(join(__dirname, '..', 'shared', 'caseload-format.schema.json'), `${JSON.stringify(caseloadJsonSchema(), null, 2)}\n`)
console.log('Wrote shared/caseload-format.schema.json')
