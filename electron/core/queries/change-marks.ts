/**
 * What this connection has changed since the findings were last brought up to date, recorded by
 * TEMP triggers (connection-local, in memory: `temp_store = MEMORY`, never in the caseload file, so
 * no migration). They fire inside the writing transaction, whatever the write path (a record, an
 * undo, a delete, a supervision save), and roll back with it.
 *
 * - `touched_plans`: every plan the drift summary's triggers mark in drift_dirty (migration
 *   drift-summary-triggers). A BEFORE trigger, because the summary's marks are INSERT OR IGNORE: a
 *   plan already marked (no scan since) is still recorded here. The refresh before a scan empties
 *   drift_dirty but not this table, so the plans are known after it. A supervision action's plan
  too (its overdue finding is not in the summary).
 * - `touched_all`: a change that can alter any plan's findings — a professional (role, contact,
 *   name and agency are read at scan time by every plan that refers to them), the drift policy or
 *   the bank holidays. Rare, so the findings are then scanned in full.
 * Other programs' changes fire none of these (TEMP triggers are this connection's): those are
 * noticed by PRAGMA data_version (app/external-changes.ts) and drop every cached scan.
 */
import type Database from 'better-sqlite3'
import { prepared } from './prepared'

const INSTALL = `
CREATE TEMP TABLE IF NOT EXISTS touched_plans (plan_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS touched_all (why TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TRIGGER IF NOT EXISTS touched_plans_mark BEFORE INSERT ON main.drift_dirty
  BEGIN INSERT OR IGNORE INTO temp.touched_plans (plan_id) VALUES (NEW.plan_id); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_plans_supervision_ins AFTER INSERT ON main.supervision_actions
  BEGIN INSERT OR IGNORE INTO temp.touched_plans (plan_id) VALUES (NEW.plan_id); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_plans_supervision_upd AFTER UPDATE ON main.supervision_actions
  BEGIN INSERT OR IGNORE INTO temp.touched_plans (plan_id) VALUES (OLD.plan_id); INSERT OR IGNORE INTO temp.touched_plans (plan_id) VALUES (NEW.plan_id); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_plans_supervision_del AFTER DELETE ON main.supervision_actions
  BEGIN INSERT OR IGNORE INTO temp.touched_plans (plan_id) VALUES (OLD.plan_id); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_all_professionals_ins AFTER INSERT ON main.professionals
  BEGIN INSERT OR IGNORE INTO temp.touched_all (why) VALUES ('professionals'); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_all_professionals_upd AFTER UPDATE ON main.professionals
  BEGIN INSERT OR IGNORE INTO temp.touched_all (why) VALUES ('professionals'); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_all_professionals_del AFTER DELETE ON main.professionals
  BEGIN INSERT OR IGNORE INTO temp.touched_all (why) VALUES ('professionals'); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_all_settings_ins AFTER INSERT ON main.settings WHEN NEW.key IN ('drift-policy', 'bank-holidays')
  BEGIN INSERT OR IGNORE INTO temp.touched_all (why) VALUES ('settings'); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_all_settings_upd AFTER UPDATE ON main.settings WHEN NEW.key IN ('drift-policy', 'bank-holidays') OR OLD.key IN ('drift-policy', 'bank-holidays')
  BEGIN INSERT OR IGNORE INTO temp.touched_all (why) VALUES ('settings'); END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_all_settings_del AFTER DELETE ON main.settings WHEN OLD.key IN ('drift-policy', 'bank-holidays')
  BEGIN INSERT OR IGNORE INTO temp.touched_all (why) VALUES ('settings'); END;
`

const SQL_ANY = `SELECT EXISTS (SELECT 1 FROM temp.touched_plans) OR EXISTS (SELECT 1 FROM temp.touched_all)`
const SQL_ALL = `SELECT EXISTS (SELECT 1 FROM temp.touched_all)`
const SQL_PLANS = `SELECT plan_id FROM temp.touched_plans`

export interface ChangeMarks {
  /** A change that can alter every plan's findings (then scan in full). */
  all: boolean
  planIds: string[]
}

/**
 * Creates the marks on this connection (once; idempotent). False when they cannot be created (a
 * caseload from before the drift summary, or a connection that may not create them): then every
 * change drops the cached scans, as before.
 */
export function installChangeMarks(sqlite: Database.Database): boolean {
  try {
    if ((sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('drift_dirty', 'supervision_actions')`).pluck().get() as number) < 2) return false
    sqlite.exec(INSTALL)
    return true
  } catch {
    return false
  }
}

/** True when something was marked since the last `takeChangeMarks`/`clearChangeMarks` (cheap: every request asks). */
export function hasChangeMarks(sqlite: Database.Database): boolean {
  return prepared(sqlite, SQL_ANY).pluck(true).get() === 1
}

/** The marks so far, cleared. */
export function takeChangeMarks(sqlite: Database.Database): ChangeMarks {
  return sqlite.transaction((): ChangeMarks => {
    const all = prepared(sqlite, SQL_ALL).pluck(true).get() === 1
    const planIds = all ? [] : (prepared(sqlite, SQL_PLANS).pluck(true).all() as string[])
    clearChangeMarks(sqlite)
    return { all, planIds }
  })()
}

export function clearChangeMarks(sqlite: Database.Database): void {
  prepared(sqlite, 'DELETE FROM temp.touched_plans').run()
  prepared(sqlite, 'DELETE FROM temp.touched_all').run()
}
