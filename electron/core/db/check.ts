/**
 * Is the caseload sound? `checkCaseload(db)` reads every page in use and runs SQLite's own checks,
 * and says what is damaged in words a chair can pass on. Used by the `check` verb, by the app in
 * the background after unlock (`checkCaseloadStepwise`), and before every backup (h12a's backup
 * calls `checkCaseload`, so a damaged caseload is never rotated over the last good backup).
 *
 * What "reads every page" means here: with SQLite3 Multiple Ciphers (SQLCipher 4 scheme) each page
 * carries an HMAC, and a page whose HMAC fails cannot be read at all (SQLITE_CORRUPT, "unable to get
 * the page"). `PRAGMA integrity_check` walks every b-tree (tables and indexes), their overflow
 * chains and the free-list, and checks that every page is accounted for; `dbstat` then reads every
 * b-tree page again through the pager. This driver has no `PRAGMA cipher_integrity_check`
 * (SQLCipher's own, not in SQLite3 Multiple Ciphers) and no `sqlite_dbpage`, so free-list leaf pages
 * (which hold no data: `secure_delete` wipes them) are counted but not decrypted.
 * `PRAGMA foreign_key_check` finds records that refer to records that are not there.
 */
import { statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import type { CaseloadDb } from './caseload-db'

export interface CheckReport {
  sound: boolean
  /** What is damaged, one sentence each; empty when sound. Ids and table names only, never case data. */
  problems: string[]
  /** Pages read through the cipher by dbstat (b-tree pages, including overflow pages). */
  pagesRead: number
  /** Pages in the file (PRAGMA page_count). */
  pageCount: number
  checkedAt: string
}

const PAGE_SIZE = 4096
const MAX_PROBLEMS = 50

interface Tree {
  name: string
  table: string
  kind: 'table' | 'index'
}

/** What each b-tree root page is, to name it in words. */
function treesByRoot(sqlite: Database.Database): Map<number, Tree> {
  const trees = new Map<number, Tree>()
  const rows = sqlite.prepare(`SELECT type, name, tbl_name AS tbl, rootpage FROM sqlite_master WHERE rootpage > 0`).all() as {
    type: string
    name: string
    tbl: string
    rootpage: number
  }[]
  for (const r of rows) trees.set(r.rootpage, { name: r.name, table: r.tbl, kind: r.type === 'index' ? 'index' : 'table' })
  return trees
}

function describeTree(tree: Tree | undefined, root: number): string {
  if (!tree) return `the b-tree at page ${root}`
  if (tree.kind === 'table') return `the table "${tree.table}"`
  return `the index "${tree.name}" of the table "${tree.table}" (an index can be rebuilt from its table)`
}

/** Turns integrity_check's lines into sentences, one per damaged table or index. */
function describeIntegrity(lines: string[], trees: Map<number, Tree>): string[] {
  const byTree = new Map<number, { unreadable: number[]; other: string[] }>()
  const loose: string[] = []
  for (const line of lines) {
    if (line === 'ok' || /^\*\*\* in database/.test(line)) continue
    const m = /^Tree (\d+) page (\d+)(?: cell \d+)?: (.*)$/.exec(line)
    if (!m) {
      loose.push(line)
      continue
    }
    const root = Number(m[1])
    let entry = byTree.get(root)
    if (!entry) byTree.set(root, (entry = { unreadable: [], other: [] }))
    if (/unable to get the page|error code=11|error code=26/.test(m[3]!)) entry.unreadable.push(Number(m[2]))
    else entry.other.push(`page ${m[2]}: ${m[3]}`)
  }
  const out: string[] = []
  for (const [root, entry] of byTree) {
    const what = describeTree(trees.get(root), root)
    if (entry.unreadable.length > 0) {
      const pages = [...new Set(entry.unreadable)].sort((a, b) => a - b)
      const shown = pages.slice(0, 8).join(', ') + (pages.length > 8 ? ` and ${pages.length - 8} more` : '')
      out.push(
        `${capitalise(what)} is damaged: ${pages.length === 1 ? 'page' : 'pages'} ${shown} cannot be read (${pages.length === 1 ? 'it fails' : 'they fail'} the encryption's integrity check, so ${pages.length === 1 ? 'its' : 'their'} records are lost from this copy).`,
      )
    }
    if (entry.other.length > 0) out.push(`${capitalise(what)} is damaged: ${entry.other.slice(0, 3).join('; ')}.`)
  }
  for (const line of loose) {
    const index = /(?:missing from|wrong # of entries in|NULL value in|non-unique entry in) index (\S+)/.exec(line)
    if (index) out.push(`The index "${index[1]}" does not match its table (${line}); it can be rebuilt from the table.`)
    else if (/^Page \d+: never used|^Page \d+ is never used/.test(line)) out.push(`The file has pages that belong to nothing (${line}).`)
    else out.push(`SQLite reports damage: ${line}.`)
  }
  return out
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

function sqliteReason(e: unknown): string {
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' ? code : e instanceof Error ? e.message : 'an unknown error'
}

function describeForeignKeys(rows: { table: string; rowid: number | null; parent: string }[]): string[] {
  const groups = new Map<string, { table: string; parent: string; rowids: (number | null)[] }>()
  for (const r of rows) {
    const key = `${r.table}\u0000${r.parent}`
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { table: r.table, parent: r.parent, rowids: [] }))
    g.rowids.push(r.rowid)
  }
  return [...groups.values()].map(
    (g) =>
      `${g.rowids.length} ${g.rowids.length === 1 ? 'record' : 'records'} of "${g.table}" ${g.rowids.length === 1 ? 'refers' : 'refer'} to "${g.parent}" records that are not there (row ${g.rowids
        .slice(0, 8)
        .join(', ')}${g.rowids.length > 8 ? ', …' : ''}).`,
  )
}

/** One step of the check, on one table (and its indexes) or on the whole file. */
type Step = (sqlite: Database.Database, trees: Map<number, Tree>, report: CheckReport) => void

function integrityStep(table: string | null): Step {
  return (sqlite, trees, report) => {
    const pragma = table === null ? 'integrity_check' : `integrity_check(${quoteIdent(table)})`
    try {
      const lines = (sqlite.pragma(pragma) as { integrity_check: string }[]).flatMap((r) => r.integrity_check.split('\n'))
      report.problems.push(...describeIntegrity(lines, trees))
    } catch (e) {
      // A page that fails its HMAC can stop the check outright (SQLITE_CORRUPT). Find which of the
      // table's b-trees cannot be read, one by one, to name them.
      const named = table === null ? [] : unreadableTrees(sqlite, [...trees.values()].filter((t) => t.table === table))
      if (named.length > 0) report.problems.push(...named)
      else report.problems.push(`${table === null ? 'The database' : capitalise(describeTree({ name: table, table, kind: 'table' }, 0))} cannot be checked: SQLite stopped with ${sqliteReason(e)}.`)
    }
  }
}

function unreadableTrees(sqlite: Database.Database, trees: Tree[]): string[] {
  const out: string[] = []
  for (const tree of trees) {
    try {
      sqlite.prepare('SELECT count(*) FROM dbstat WHERE name = ?').get(tree.name)
      // dbstat reads only b-tree pages; the rows themselves (and their overflow pages) too:
      if (tree.kind === 'table') for (const _row of sqlite.prepare(`SELECT * FROM ${quoteIdent(tree.name)}`).raw().iterate()) void _row
    } catch (e) {
      out.push(
        `${capitalise(describeTree(tree, 0))} is damaged: some of its pages cannot be read (${sqliteReason(e)}: they fail the encryption's integrity check, so their records are lost from this copy).`,
      )
    }
  }
  return out
}

function pagesStep(names: string[] | null): Step {
  return (sqlite, trees, report) => {
    try {
      const row =
        names === null
          ? (sqlite.prepare('SELECT count(*) AS n FROM dbstat').get() as { n: number })
          : (sqlite.prepare(`SELECT count(*) AS n FROM dbstat WHERE name IN (${names.map(() => '?').join(', ')})`).get(...names) as { n: number })
      report.pagesRead += row.n
    } catch (e) {
      // integrity_check has already named the damaged tree when it could; say so only if it did not.
      if (report.problems.length === 0) {
        const what = names === null ? 'the database' : describeTree([...trees.values()].find((t) => t.name === names[0]), 0)
        report.problems.push(`${capitalise(what)} has pages that cannot be read (${sqliteReason(e)}).`)
      }
    }
  }
}

function foreignKeyStep(table: string | null): Step {
  return (sqlite, _trees, report) => {
    try {
      const rows = sqlite.pragma(table === null ? 'foreign_key_check' : `foreign_key_check(${quoteIdent(table)})`) as {
        table: string
        rowid: number | null
        parent: string
      }[]
      report.problems.push(...describeForeignKeys(rows))
    } catch (e) {
      if (report.problems.length === 0) report.problems.push(`The links between records cannot be checked: SQLite stopped with ${sqliteReason(e)}.`)
    }
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function fileStep(path: string): Step {
  return (_sqlite, _trees, report) => {
    try {
      const size = statSync(path).size
      if (size % PAGE_SIZE !== 0) {
        report.problems.push(`The database file has been cut short (${size} bytes, not a whole number of ${PAGE_SIZE}-byte pages).`)
      }
    } catch (e) {
      report.problems.push(`The database file cannot be examined: ${sqliteReason(e)}.`)
    }
  }
}

function startReport(sqlite: Database.Database): CheckReport {
  let pageCount = 0
  try {
    pageCount = sqlite.pragma('page_count', { simple: true }) as number
  } catch {
    // reported by the steps
  }
  return { sound: false, problems: [], pagesRead: 0, pageCount, checkedAt: new Date().toISOString() }
}

function finish(report: CheckReport): CheckReport {
  if (report.problems.length > MAX_PROBLEMS) {
    const more = report.problems.length - MAX_PROBLEMS
    report.problems = [...report.problems.slice(0, MAX_PROBLEMS), `… and ${more} more.`]
  }
  report.sound = report.problems.length === 0
  return report
}

function readTrees(sqlite: Database.Database, report: CheckReport): Map<number, Tree> | null {
  try {
    return treesByRoot(sqlite)
  } catch (e) {
    report.problems.push(`The list of tables cannot be read (${sqliteReason(e)}): the first pages of the database are damaged.`)
    return null
  }
}

/** The per-table steps: integrity (table and its indexes), pages read, links to other records. */
function tableSteps(trees: Map<number, Tree>): Step[] {
  const tables = [...new Set([...trees.values()].map((t) => t.table))].sort()
  const steps: Step[] = []
  for (const table of tables) {
    const names = [...trees.values()].filter((t) => t.table === table).map((t) => t.name)
    steps.push(integrityStep(table), pagesStep(names), foreignKeyStep(table))
  }
  return steps
}

/**
 * The whole check at once (the `check` verb, and before a backup). Synchronous: a few seconds for
 * 50,000 children, during which this connection does nothing else. Table by table first (a page
 * that fails its HMAC stops a check, and after that every page of that check reads as damaged, so
 * one check of the whole file would blame every table), then, when every table is sound, the whole
 * file: pages that belong to nothing and the free-list.
 */
export function checkCaseload(db: Pick<CaseloadDb, 'path' | 'sqlite'>): CheckReport {
  const report = startReport(db.sqlite)
  const trees = readTrees(db.sqlite, report)
  if (!trees) return finish(report)
  for (const step of [fileStep(db.path), ...tableSteps(trees)]) step(db.sqlite, trees, report)
  if (report.problems.length === 0) integrityStep(null)(db.sqlite, trees, report)
  return finish(report)
}

/**
 * The same check, giving way to other work between tables: the app runs it after unlock so the
 * first screens are not held up. It leaves out the whole-file step (pages that belong to no table,
 * the free-list), which would hold the app up for seconds on a large caseload; the `check` verb and
 * the check before a backup include it. Stops (returning null) when `stillWanted` says the caseload
 * was locked meanwhile.
 */
export async function checkCaseloadStepwise(
  db: Pick<CaseloadDb, 'path' | 'sqlite'>,
  options: { pause?: () => Promise<void>; stillWanted?: () => boolean } = {},
): Promise<CheckReport | null> {
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)))
  const wanted = () => db.sqlite.open && (options.stillWanted ?? (() => true))()
  const report = startReport(db.sqlite)
  const trees = readTrees(db.sqlite, report)
  if (!trees) return finish(report)
  for (const step of [fileStep(db.path), ...tableSteps(trees)]) {
    if (!wanted()) return null
    step(db.sqlite, trees, report)
    await pause()
  }
  return wanted() ? finish(report) : null
}
