/** Older schemas for migration tests: a copy of the migrations folder cut after its first migrations. */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultMigrationsFolder } from '../../electron/core/db/migrations-folder'

const folder = defaultMigrationsFolder()
export const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] }

/** A copy of the migrations folder in `dir` that stops after the first `count` migrations. */
export function migrationsUpTo(dir: string, count: number): string {
  const out = join(dir, `migrations-${count}`)
  mkdirSync(join(out, 'meta'), { recursive: true })
  const entries = journal.entries.slice(0, count)
  for (const e of entries) cpSync(join(folder, `${e.tag}.sql`), join(out, `${e.tag}.sql`))
  writeFileSync(join(out, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }))
  return out
}
