import { afterEach } from 'vitest'
import { runCliWith, type CliRun } from '../helpers/run-cli'
import { createCaseload, openCaseload, type CaseloadDb } from '../../electron/core/db/caseload-db'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'
import { join } from 'node:path'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

/** A temp folder removed after the test. */
export function folder(): string {
  const t = tempDir('driftwatch-sources-')
  cleanups.push(t.cleanup)
  return t.dir
}

/** A fresh encrypted caseload file (closed), for the CLI. */
export async function caseloadFile(dir: string): Promise<string> {
  const path = join(dir, 'caseload.db')
  const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
  db.close()
  return path
}

export async function open(path: string): Promise<CaseloadDb> {
  const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
  cleanups.push(() => db.close())
  return db
}

export async function cli(args: string[]): Promise<CliRun> {
  return runCliWith(args, TEST_PASSPHRASE)
}

/** The caseload as exported by the CLI (interchange format v1). */
export async function exported(db: string): Promise<Record<string, unknown>> {
  const r = await cli(['export', '--db', db])
  if (r.code !== 0) throw new Error(r.stderr)
  return JSON.parse(r.stdout) as Record<string, unknown>
}

export const EMPTY_LISTS = {
  children: [],
  professionals: [],
  allocations: [],
  plans: [],
  conferences: [],
  members: [],
  meetings: [],
  distributions: [],
  actions: [],
  disagreements: [],
  visits: [],
}
