/**
 * Encrypted backups (issue 12, item 2), on real encrypted caseloads through the CLI: a round trip
 * gives back the same caseload; a backup taken while another program writes is consistent; no
 * plaintext in the backup; wrong passphrase exit 2; no restore over a caseload without --replace;
 * a damaged or cut-off backup is refused before anything is replaced.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/main'
import { exportCaseloadJson } from '../../electron/core/caseload/export'
import { importCaseload } from '../../electron/core/caseload/import'
import { createCaseload, openCaseload } from '../../electron/core/db/caseload-db'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { recordCounts } from '../../electron/core/queries/backup-checks'
import { listAccess } from '../../electron/core/queries/access-log'
import { createBackup } from '../../electron/core/backup/create-backup'
import { emptyCaseload } from '../../shared/caseload-format'
import { RESTORE_STEPS } from '../../shared/backup-types'
import { captureStream } from '../helpers/capture'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../helpers/temp-db'

const ROOT = join(__dirname, '..', '..')
const SENTINEL = 'Ottoline Brackenbury-Sentinel'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

function newDir(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

const digest = (p: string) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent')

async function cli(args: string[], passphrase = TEST_PASSPHRASE) {
  process.env.DRIFTWATCH_PASSPHRASE = passphrase
  const out = captureStream()
  const err = captureStream()
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream })
  return { code, stdout: out.text(), stderr: err.text() }
}

/** A demo caseload plus one child whose name the byte searches look for. */
async function demoCaseload(dir: string, children = 120, name = 'caseload.db'): Promise<string> {
  const path = join(dir, name)
  const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
  loadDemoCaseload(db, { children, seed: 'backup', asOf: '2026-11-26' })
  db.sqlite.prepare('INSERT INTO children (id, name, complex, team) VALUES (?, ?, 0, ?)').run('CS', SENTINEL, `${SENTINEL} team`)
  db.close()
  return path
}

/** A demo caseload of `children` in a new folder, backed up there by the CLI as `b.dwbackup`. */
async function backedUpCaseload(children: number): Promise<{ dir: string; path: string; out: string }> {
  const dir = newDir()
  const path = await demoCaseload(dir, children)
  const out = join(dir, 'b.dwbackup')
  expect((await cli(['backup', '--db', path, '--out', out])).code).toBe(0)
  return { dir, path, out }
}

async function exportOf(path: string, passphrase = TEST_PASSPHRASE): Promise<{ json: string; counts: Record<string, number> }> {
  const db = await openCaseload({ path, passphrase })
  try {
    return { json: exportCaseloadJson(db), counts: recordCounts(db.sqlite) }
  } finally {
    db.close()
  }
}

async function accessEvents(path: string): Promise<[string, string | null][]> {
  const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
  try {
    return listAccess(db, { limit: 100 })
      .entries.reverse()
      .map((e) => [e.event, e.fileName])
  } finally {
    db.close()
  }
}

describe('backup and restore on the command line', () => {
  it('round trip: the restored caseload has the same records and the same export', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir)
    const before = await exportOf(path)
    const b = await cli(['backup', '--db', path, '--out', join(dir, 'monday.dwbackup')])
    expect(b.stderr).toBe('')
    expect(b.code).toBe(0)
    expect(b.stdout).toMatch(/Wrote .*monday\.dwbackup .*checked: integrity ok, 121 children/)

    const restored = join(dir, 'restored', 'caseload.db')
    const r = await cli(['restore', '--from', join(dir, 'monday.dwbackup'), '--db', restored])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('121 children')
    const after = await exportOf(restored)
    // The same records, plus the access log's two entries: the backup (in the snapshot, logged
    // before it was taken) and the restore (written into the restored caseload only).
    expect(after.counts).toEqual({ ...before.counts, access_log: before.counts.access_log! + 2 })
    expect(after.json).toBe(before.json)
    expect(await accessEvents(restored)).toEqual([
      ['backup', 'monday.dwbackup'],
      ['restore', 'monday.dwbackup'],
    ])
    expect(await accessEvents(path)).toEqual([['backup', 'monday.dwbackup']])
    // Nothing left over beside the restored caseload.
    expect(readdirSync(join(dir, 'restored')).sort()).toEqual(['caseload.db', 'caseload.db.key'])
  }, 60_000)

  it('the backup is encrypted: no name in UTF-8 or UTF-16, no SQLite header, not a bare SQLite file; no plaintext left beside it', async () => {
    const { dir, out } = await backedUpCaseload(20)
    const bytes = readFileSync(out)
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('DWBACKUP')
    for (const encoding of ['utf8', 'utf16le'] as const) {
      expect(bytes.includes(Buffer.from(SENTINEL, encoding)), encoding).toBe(false)
      expect(bytes.includes(Buffer.from('Brackenbury', encoding)), encoding).toBe(false)
      expect(bytes.includes(Buffer.from('Demo Team', encoding)), encoding).toBe(false)
    }
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false)
    // Only the caseload, its key file and the backup: the snapshot was encrypted and is gone.
    expect(readdirSync(dir).sort()).toEqual(['b.dwbackup', 'caseload.db', 'caseload.db.key'])
  }, 60_000)

  it('a wrong passphrase exits 2 and creates nothing', async () => {
    const { dir, out } = await backedUpCaseload(10)
    const target = join(dir, 'elsewhere.db')
    const r = await cli(['restore', '--from', out, '--db', target], 'not the passphrase at all')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('That passphrase does not open this backup. A backup needs the passphrase that was in use when it was made.')
    expect(readdirSync(dir).sort()).toEqual(['b.dwbackup', 'caseload.db', 'caseload.db.key'])
  }, 60_000)

  it('refuses to restore over a caseload without --replace; with it, keeps the old one as .previous', async () => {
    const { path, out } = await backedUpCaseload(30)
    const original = await exportOf(path)

    // The caseload changes after the backup: a new child.
    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    db.sqlite.prepare('INSERT INTO children (id, name, complex, team) VALUES (?, ?, 0, NULL)').run('CNEW', 'Added after the backup')
    db.close()
    const changed = [digest(path), digest(`${path}.key`)]

    const refused = await cli(['restore', '--from', out, '--db', path])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('A caseload already exists')
    expect(refused.stderr).toContain('--replace')
    expect([digest(path), digest(`${path}.key`)]).toEqual(changed)

    const replaced = await cli(['restore', '--from', out, '--db', path, '--replace'])
    expect(replaced.stderr).toBe('')
    expect(replaced.code).toBe(0)
    expect(replaced.stdout).toContain('caseload.db.previous')
    expect((await exportOf(path)).json).toBe(original.json)
    // The replaced caseload is whole, and opens, under its new name.
    const previous = await exportOf(`${path}.previous`)
    expect(previous.json).toContain('Added after the backup')
  }, 60_000)

  it('refuses to restore while another program holds the writer lock, and changes nothing', async () => {
    const { path, out } = await backedUpCaseload(10)
    const before = digest(path)
    // Another live process (this one's parent) on this machine, taking "an import".
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({ pid: process.ppid, program: 'the command line', purpose: 'an import', startedAt: new Date().toISOString(), host: hostname() }),
    )
    const r = await cli(['restore', '--from', out, '--db', path, '--replace'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/being changed by another program: an import/)
    expect(digest(path)).toBe(before)
    expect(existsSync(`${path}.previous`)).toBe(false)
    expect(readFileSync(`${path}.lock`, 'utf8')).toContain('an import')
    rmSync(`${path}.lock`)
    expect((await cli(['restore', '--from', out, '--db', path, '--replace'])).code).toBe(0)
  }, 60_000)

  it('refuses to restore a backup over itself', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 5)
    const r = await cli(['restore', '--from', path, '--db', path, '--replace'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('over itself')
    // nor to the key file (or WAL) of a caseload
    expect((await cli(['backup', '--db', path, '--out', join(dir, 'b.dwbackup')])).code).toBe(0)
    const before = [digest(path), digest(`${path}.key`)]
    for (const target of [`${path}.key`, `${path}-wal`]) {
      const k = await cli(['restore', '--from', join(dir, 'b.dwbackup'), '--db', target, '--replace'])
      expect(k.code).toBe(1)
      expect(k.stderr).toContain('is one of the files of the caseload')
    }
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
  }, 30_000)

  it.each([
    ['a byte flipped in the database section', (b: Buffer) => b[Math.floor(b.length / 2)]! ^= 0x01, /checksum does not match/],
    ['a byte flipped in the header', (b: Buffer) => b[40]! ^= 0x20, /checksum does not match/],
    ['a byte flipped in the checksum', (b: Buffer) => b[b.length - 1]! ^= 0xff, /checksum does not match/],
    ['the magic changed', (b: Buffer) => b.write('SQLite f', 0, 'latin1'), /not a Driftwatch backup/],
  ])('%s: refused with a clear message, exit 2, the current caseload untouched', async (_what, damage, message) => {
    const { dir, path, out } = await backedUpCaseload(30)
    const bytes = readFileSync(out)
    damage(bytes)
    writeFileSync(out, bytes)
    const before = [digest(path), digest(`${path}.key`)]
    const r = await cli(['restore', '--from', out, '--db', path, '--replace'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/The backup .* cannot be used/)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toContain('Nothing has been changed')
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
    expect(readdirSync(dir).sort()).toEqual(['b.dwbackup', 'caseload.db', 'caseload.db.key'])
  }, 60_000)

  it('on a terminal, the restore says its steps in order on stderr, then clears the line for its result', async () => {
    const { dir, out } = await backedUpCaseload(10)
    process.env.DRIFTWATCH_PASSPHRASE = TEST_PASSPHRASE
    const stdout = captureStream()
    const stderr = captureStream()
    Object.assign(stderr.stream, { isTTY: true })
    expect(await runCli(['restore', '--from', out, '--db', join(dir, 'restored.db')], { stdout: stdout.stream, stderr: stderr.stream })).toBe(0)
    const labels = stderr
      .text()
      .split('\r\x1b[K')
      .filter((part) => part !== '')
      .map((part) => part.slice(0, part.indexOf('…')))
    expect([...new Set(labels)]).toEqual([RESTORE_STEPS.unlocking, RESTORE_STEPS.verifying, RESTORE_STEPS.writing, RESTORE_STEPS.checking])
    expect(stderr.text().endsWith('\r\x1b[K')).toBe(true)
    expect(stdout.text()).toMatch(/^Restored .*restored\.db from the backup of /)
  }, 60_000)

  it("a byte changed in the header's key file (the passphrase then fails as if wrong) is told as damage: the file's checks speak first", async () => {
    const { dir, path, out } = await backedUpCaseload(10)
    const bytes = readFileSync(out)
    // A character of the key's salt, inside the header's JSON: still a well-formed header and key file.
    let at = bytes.indexOf('salt') + 4
    while (!/[A-Za-z0-9]/.test(String.fromCharCode(bytes[at]!))) at++
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41
    writeFileSync(out, bytes)
    const before = [digest(path), digest(`${path}.key`)]
    const r = await cli(['restore', '--from', out, '--db', path, '--replace'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/cannot be used: it is damaged or cut off \(its checksum does not match\)/)
    expect(r.stderr).not.toMatch(/passphrase/i)
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
    expect(readdirSync(dir).sort()).toEqual(['b.dwbackup', 'caseload.db', 'caseload.db.key'])
  }, 60_000)

  it.each([
    ['cut in the middle', (n: number) => Math.floor(n / 2)],
    ['missing its last byte', (n: number) => n - 1],
    ['cut to 10 bytes', () => 10],
    ['empty', () => 0],
  ])('a truncated backup (%s) is refused, the caseload untouched', async (_what, length) => {
    const { path, out } = await backedUpCaseload(10)
    const bytes = readFileSync(out)
    writeFileSync(out, bytes.subarray(0, length(bytes.length)))
    const before = [digest(path), digest(`${path}.key`)]
    const r = await cli(['restore', '--from', out, '--db', path, '--replace'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/cannot be used: .*(cut off|too short|checksum)/)
    expect([digest(path), digest(`${path}.key`)]).toEqual(before)
  }, 60_000)

  it('a backup taken while another program writes is a consistent snapshot', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 800)
    const writer = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    cleanups.push(() => writer.close())
    const startCount = writer.sqlite.prepare('SELECT count(*) FROM children').pluck().get() as number
    const insert = writer.sqlite.prepare('INSERT INTO children (id, name, complex, team) VALUES (?, ?, 0, NULL)')

    // The backup runs in its own process; this one commits a child every few milliseconds meanwhile.
    const out = join(dir, 'busy.dwbackup')
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'cli', 'main.ts'), 'backup', '--db', path, '--out', out], {
      cwd: ROOT,
      env: { ...process.env, DRIFTWATCH_PASSPHRASE: TEST_PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += String(d)))
    let written = 0
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    let finished = false
    void done.then(() => (finished = true))
    while (!finished) {
      insert.run(`CW${written}`, `Written during the backup ${written}`)
      written += 1
      await new Promise((r) => setTimeout(r, 3))
    }
    expect(await done, stderr).toBe(0)
    expect(written).toBeGreaterThan(10)

    const restored = join(dir, 'r', 'caseload.db')
    expect((await cli(['restore', '--from', out, '--db', restored])).code).toBe(0)
    const db = await openCaseload({ path: restored, passphrase: TEST_PASSPHRASE })
    try {
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
      const n = db.sqlite.prepare('SELECT count(*) FROM children').pluck().get() as number
      // Some of the children written meanwhile, and exactly a prefix of them: one moment's view.
      expect(n).toBeGreaterThanOrEqual(startCount)
      expect(n).toBeLessThanOrEqual(startCount + written)
      const ids = db.sqlite.prepare("SELECT id FROM children WHERE id LIKE 'CW%'").pluck().all() as string[]
      expect(ids.map((id) => Number(id.slice(2))).sort((a, b) => a - b)).toEqual([...Array(ids.length).keys()])
    } finally {
      db.close()
    }
  }, 120_000)

  it('the VACUUM INTO snapshot (taken when another program keeps the WAL busy) restores the same caseload, encrypted', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 40)
    const before = await exportOf(path)
    const db = await openCaseload({ path, passphrase: TEST_PASSPHRASE })
    const out = join(dir, 'vacuum.dwbackup')
    try {
      createBackup(db, out, { snapshot: 'vacuum' })
    } finally {
      db.close()
    }
    const bytes = readFileSync(out)
    for (const encoding of ['utf8', 'utf16le'] as const) expect(bytes.includes(Buffer.from(SENTINEL, encoding))).toBe(false)
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false)
    const restored = join(dir, 'r', 'caseload.db')
    expect((await cli(['restore', '--from', out, '--db', restored])).code).toBe(0)
    expect((await exportOf(restored)).json).toBe(before.json)
  }, 60_000)

  it('backs up and restores an empty caseload', async () => {
    const dir = newDir()
    const path = join(dir, 'empty.db')
    const db = await createCaseload({ path, passphrase: TEST_PASSPHRASE, kdf: TEST_KDF })
    importCaseload(db, emptyCaseload())
    db.close()
    expect((await cli(['backup', '--db', path, '--out', join(dir, 'e.dwbackup')])).code).toBe(0)
    const r = await cli(['restore', '--from', join(dir, 'e.dwbackup'), '--db', join(dir, 'again.db')])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('0 children')
  }, 30_000)

  it('refuses a backup name that does not end in .dwbackup', async () => {
    const dir = newDir()
    const path = await demoCaseload(dir, 5)
    const r = await cli(['backup', '--db', path, '--out', join(dir, 'b.db')])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('must end in .dwbackup')
  }, 30_000)
})
