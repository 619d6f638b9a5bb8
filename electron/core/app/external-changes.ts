/**
 * Notices when another program (the command line's import, a second window, a restore) has
 * committed a change to the open caseload, using SQLite's `PRAGMA data_version`: its value, read on
 * one connection, changes exactly when another connection has committed since the last read
 * (this connection's own writes never change it). Checked before every request, so the first
 * request after an outside change drops every cached scan and answers from the new data; the
 * renderer's watch (session:watch) sees the count go up and refreshes its screens.
 */
import type Database from 'better-sqlite3'
import { ownVersion } from '../db/own-changes'

export class ExternalChanges {
  private version: number | null = null
  /** How many outside changes have been noticed since this process started. */
  count = 0
  /** Whether the latest check found one (the request that found it must not save over it). */
  justChanged = false

  /** Starts watching a newly opened database. */
  reset(sqlite: Database.Database | null): void {
    this.version = sqlite ? this.read(sqlite) : null
    this.justChanged = false
  }

  /** True when another connection committed since the last check. */
  check(sqlite: Database.Database): boolean {
    const now = this.read(sqlite)
    this.justChanged = now !== null && this.version !== null && now !== this.version && now !== ownVersion(sqlite)
    if (now !== null) this.version = now
    if (this.justChanged) this.count++
    return this.justChanged
  }

  private read(sqlite: Database.Database): number | null {
    try {
      return sqlite.pragma('data_version', { simple: true }) as number
    } catch {
      // Busy or closed: the next request checks again.
      return null
    }
  }
}
