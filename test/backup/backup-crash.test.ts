/**
 * Crashes during a backup and during a restore lose nothing: a backup killed (SIGKILL) while it
 * snapshots or while it writes leaves the previous backup byte for byte; a restore killed while it
 * checks the backup leaves the old caseload; a restore stopped after any one rename of its swap is
 * finished by the next open, so the caseload is the new one, complete. The kills are real (a CLI
 * process killed by SIGKILL, as in test/foundation/crash.test.ts); the swap's crash points are
 * made by stopping the swap after each rename in turn.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackup } from '../../electron/core/backup/create-backup'
import { restoreBackup } from '../../electron/core/backup/restore-backup'
import { markerPath } from '../../electron/core/backup/interrupted-restore'
import { exportCaseloadJson } from '../../electron/core/caseload/export'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { readKeyFile, unwrapDataKey } from '../../electron/core/db/key-file'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'

const ROOT = join(__dirname, '..', '..')
const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

const digest = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')

async function caseload(dir: string, children: number, seed: string): Promise<string> {
  const path = join(dir, 'caseload.db')
  const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
  loadDemoCaseload(db, { children, seed, asOf: '2026-11-26' })
  db.close()
  return path
}

async function exportOf(path: string): Promise<string> {
  const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
  try {
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    return exportCaseloadJson(db)
  } finally {
    db.close()
  }
}

/** Runs the CLI in its own process and kills it (SIGKILL) as soon as `when` sees a file appear in `dir`. */
async function killWhen(args: string[], dir: string, when: (name: string) => boolean): Promise<{ killed: boolean; seen: string | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DRIFTWATCH_PASSPHRASE: TEST_PASSPHRASE },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += String(d)))
  let seen: string | null = null
  const timer = setInterval(() => {
    if (seen || child.exitCode !== null) return
    const hit = readdirSync(dir).find(when)
    if (hit) {
      seen = hit
      child.kill('SIGKILL')
    }
  }, 1)
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)))
  clearInterval(timer)
  return { killed: signal === 'SIGKILL', seen, stderr }
}

describe('kill -9 during a backup', () => {
  it.each([
    ['while it takes the snapshot', (n: string) => /^\.b\.dwbackup\.\d+\.[0-9a-f]{8}\.snapshot$/.test(n)],
    ['while it writes the backup file', (n: string) => /^\.b\.dwbackup\.\d+\.[0-9a-f]{8}\.tmp$/.test(n)],
  ])('%s: the previous backup is intact and still restores', async (_when, when) => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = await caseload(t.dir, 1500, 'crash-backup')
    const out = join(t.dir, 'b.dwbackup')
    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    createBackup(db, out)
    // The caseload changes, so the next backup would differ.
    db.sqlite.prepare('DELETE FROM visits').run()
    db.close()
    const previous = digest(out)

    const r = await killWhen(['backup', '--db', path, '--out', out], t.dir, when)
    expect(r.killed, `the backup was not killed in time:\n${r.stderr}`).toBe(true)
    expect(digest(out)).toBe(previous)
    const restored = join(t.dir, 'r', 'caseload.db')
    await restoreBackup({ from: out, dbPath: restored, replace: false, unlockKey: (p) => unwrapDataKey(readKeyFile(p), TEST_PASSPHRASE) })
    expect(JSON.parse(await exportOf(restored)).visits.length).toBeGreaterThan(0)
    // The caseload itself is untouched by the killed backup.
    expect(JSON.parse(await exportOf(path)).visits).toEqual([])
    // Its temporary file (encrypted) is left, and the next backup into the folder removes it, with
    // no rotation needed (the command line has none).
    const leftovers = () => readdirSync(t.dir).filter((n) => /^\.b\.dwbackup\.\d+\.[0-9a-f]{8}\./.test(n))
    expect(leftovers().length).toBeGreaterThan(0)
    const again = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    try {
      createBackup(again, join(t.dir, 'next.dwbackup'))
    } finally {
      again.close()
    }
    expect(leftovers()).toEqual([])
  }, 180_000)
})

describe('kill -9 during a restore', () => {
  it.each([
    ['while it checks the backup', (n: string) => n.startsWith('.caseload.db.restore-') && n.endsWith('.key')],
    ['while it writes the copy beside the caseload', (n: string) => n.startsWith('..caseload.db.restore-') && n.endsWith('.tmp')],
  ])('%s: the old caseload is intact, and what the restore left is removed', async (_when, killAt) => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = await caseload(t.dir, 1500, 'old')
    const out = join(t.dir, 'b.dwbackup')
    {
      const other = tempDir()
      cleanups.push(other.cleanup)
      const newer = await caseload(other.dir, 1500, 'new')
      const db = await openCaseload({ path: newer, passphrase: TEST_PASSPHRASE })
      createBackup(db, out)
      db.close()
    }
    const before = await exportOf(path)
    const r = await killWhen(['restore', '--from', out, '--db', path, '--replace'], t.dir, killAt)
    expect(r.killed, `the restore was not killed in time:\n${r.stderr}`).toBe(true)
    expect(existsSync(markerPath(path))).toBe(false)
    expect(await exportOf(path)).toBe(before)
    // The dead restore's temporary files went with the next open.
    expect(readdirSync(t.dir).filter((n) => n.includes('.restore-'))).toEqual([])
  }, 180_000)

  it('after any rename of the swap: the next open finishes the restore, and the caseload is the new one, complete', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const path = await caseload(t.dir, 40, 'old')
    const oldExport = await exportOf(path)
    const out = join(t.dir, 'b.dwbackup')
    const other = tempDir()
    cleanups.push(other.cleanup)
    const newer = await caseload(other.dir, 25, 'new')
    const newExport = await exportOf(newer)
    const db = await openCaseload({ path: newer, passphrase: TEST_PASSPHRASE })
    createBackup(db, out)
    db.close()
    expect(newExport).not.toBe(oldExport)

    const renames: string[] = []
    await restoreBackup({
      from: out,
      dbPath: join(t.dir, 'probe.db'),
      replace: false,
      unlockKey: (p) => unwrapDataKey(readKeyFile(p), TEST_PASSPHRASE),
    })
    // Count the renames of a swap over an existing caseload, then stop after each in turn.
    const probe = join(t.dir, 'probe-over.db')
    await restoreBackup({ from: out, dbPath: probe, replace: false, unlockKey: (p) => unwrapDataKey(readKeyFile(p), TEST_PASSPHRASE) })
    await restoreBackup({ from: out, dbPath: probe, replace: true, unlockKey: (p) => unwrapDataKey(readKeyFile(p), TEST_PASSPHRASE), afterRename: (to) => renames.push(to) })
    expect(renames.length).toBe(4)

    const db2 = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    const oldBackup = join(t.dir, 'old.dwbackup')
    createBackup(db2, oldBackup)
    db2.close()
    for (let stopAfter = 1; stopAfter <= renames.length; stopAfter += 1) {
      // The old caseload back in place each time.
      await restoreBackup({ from: oldBackup, dbPath: path, replace: true, unlockKey: (p) => unwrapDataKey(readKeyFile(p), TEST_PASSPHRASE) })
      expect(await exportOf(path)).toBe(oldExport)

      let n = 0
      await expect(
        restoreBackup({
          from: out,
          dbPath: path,
          replace: true,
          unlockKey: (p) => unwrapDataKey(readKeyFile(p), TEST_PASSPHRASE),
          afterRename: () => {
            n += 1
            if (n === stopAfter) throw new Error(`crash after rename ${n}`)
          },
        }),
      ).rejects.toThrow(`crash after rename ${stopAfter}`)
      expect(existsSync(markerPath(path)), `marker after rename ${stopAfter}`).toBe(true)
      // The next open (the app's unlock, any CLI verb) finishes it.
      expect(await exportOf(path), `after rename ${stopAfter}`).toBe(newExport)
      expect(existsSync(markerPath(path))).toBe(false)
      expect(readdirSync(t.dir).filter((f) => f.includes('.restore-'))).toEqual([])
      // and the replaced caseload is whole under .previous
      expect(await exportOf(`${path}.previous`), `previous after rename ${stopAfter}`).toBe(oldExport)
    }
  }, 180_000)
})
