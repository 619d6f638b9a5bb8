import { afterEach } from 'vitest'
import { runCli } from '../../electron/cli/main'
import { createCaseload, openCaseload, type CaseloadDb } from '../../electron/core/db/caseload-db'
import { captureStream } from '../helpers/capture'
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

export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const previous = process.env.DRIFTWATCH_PASSPHRASE
  process.env.DRIFTWATCH_PASSPHRASE = TEST_PASSPHRASE
  const out = captureStream()
  const err = captureStream()
  try {
    const code = await runCli(args, { stdout: out.stream, stderr: err.stream })
    return { code, stdout: out.text(), stderr: err.text() }
  } finally {
    if (previous === undefined) delete process.env.DRIFTWATCH_PASSPHRASE
    else process.env.DRIFTWATCH_PASSPHRASE = previous
  }
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
