/**
 * A crash mid-write loses nothing: an import killed (SIGKILL, no chance to clean up) while it is
 * writing leaves the caseload exactly as it was before, and the database intact. Imports write with
 * a rollback journal (withRollbackJournal in caseload-db.ts), so this is also the hot-journal case.
 */
import { spawn } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exportCaseloadJson } from '../../electron/core/caseload/export'
import { importCaseloadFile } from '../../electron/core/caseload/import'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { demoCaseloadDocument } from '../../electron/core/demo/generate'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'

const ROOT = join(__dirname, '..', '..')
const FIXTURE = join(ROOT, 'test', 'fixtures', 'small-caseload.json')

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

describe('a crash during an import', () => {
  it('leaves the previous caseload untouched and the database intact', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = join(t.dir, 'caseload.db')
    const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
    importCaseloadFile(db, FIXTURE)
    const before = exportCaseloadJson(db)
    db.close()

    const big = join(t.dir, 'big.json')
    writeFileSync(big, JSON.stringify(demoCaseloadDocument({ children: 4000, seed: 3, asOf: '2026-11-26' })))

    // Kill it without warning while it is inside its transaction, writing: that is while the
    // import's rollback journal exists (it is made at the first write and deleted at the commit).
    // Watching for the journal, not for the CLI's progress lines, does not depend on how fast the
    // machine is: a fast CI runner imported all 4,000 children before the first progress line.
    // Node itself runs the CLI (with tsx's loader), not the tsx command: that one runs it in a
    // child process of its own, which a SIGKILL to tsx leaves running, still writing, so the
    // "crash" would not be one.
    const journalPath = `${path}-journal`
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'cli', 'main.ts'), 'import', '--db', path, '--replace', big], {
      cwd: ROOT, // where `--import tsx` is resolved from
      env: { ...process.env, DRIFTWATCH_PASSPHRASE: TEST_PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const outcome = await new Promise<{ killed: boolean; stderr: string }>((resolve) => {
      let stderr = ''
      child.stderr.on('data', (d) => (stderr += String(d)))
      const watch = setInterval(() => {
        if (child.exitCode === null && (statSync(journalPath, { throwIfNoEntry: false })?.size ?? 0) > 0) child.kill('SIGKILL')
      }, 1)
      child.on('exit', (_code, signal) => {
        clearInterval(watch)
        resolve({ killed: signal === 'SIGKILL', stderr })
      })
    })
    expect(outcome.killed, `the import finished before it could be killed:\n${outcome.stderr}`).toBe(true)
    // It died mid-write: the import's rollback journal is left behind, hot, for the next open to roll back.
    const journal = readFileSync(journalPath)
    expect(journal.length).toBeGreaterThan(0)
    // It holds pages of the previous caseload, encrypted like the database itself.
    expect(journal.includes(Buffer.from('Fictional Child'))).toBe(false)

    const reopened = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(reopened.sqlite.pragma('foreign_key_check')).toEqual([])
    expect(exportCaseloadJson(reopened)).toBe(before)
    // and the caseload still takes an import afterwards
    importCaseloadFile(reopened, big, { replace: true })
    expect(JSON.parse(exportCaseloadJson(reopened)).children).toHaveLength(4000)
    // back in WAL mode once the import's rollback journal is no longer needed
    expect(reopened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    reopened.close()
  }, 120_000)
})
