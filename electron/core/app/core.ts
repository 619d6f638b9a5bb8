/**
 * The core as every host uses it: a session, the handlers with the real drift engine and demo
 * loader, and the one dispatch wrapper. Electron main and the browser host each build one of
 * these and differ only in how requests reach `dispatch`.
 */
import { scanCaseload, scanPlans } from '../drift/scan'
import { loadDemoCaseload } from '../demo/load'
import { createDispatch, type Dispatch } from './dispatch'
import { createHandlers, type Handlers } from './handlers'
import type { HostCapabilities } from './supervision-handlers'
import { createImportJobs, type ImportHandlerHost } from './import-handlers'
import type { ImportJobs } from '../imports/import-jobs'
import type { Logger } from './log'
import { Session, type SessionOptions } from './session'
import { BackupService } from './backup-service'
import { explainBusy } from '../db/writer-lock'
import type { CaseloadDb } from '../db/caseload-db'

export interface Core {
  session: Session
  handlers: Handlers
  dispatch: Dispatch
  /** The Import screen's chosen files and uploads (the browser host's upload route writes through it). */
  imports: ImportJobs
}

export function createCore(options: SessionOptions & { log?: Logger; host?: HostCapabilities & ImportHandlerHost }): Core {
  const backups = new BackupService({
    dbPath: options.dbPath,
    actor: (db) => session.actorOf(db),
    ...(options.log ? { log: options.log } : {}),
  })
  const session = new Session({
    loadDemo: (db, demo) => loadDemoCaseload(db, demo),
    ...options,
  })
  const host = options.host ?? {}
  const imports = createImportJobs(session, host, options.log ? { log: options.log } : {})
  // Automatic backups on lock, on quit and before a restore; not while the computer goes to sleep.
  // Registered after the import jobs', so a running import is stopped before the snapshot.
  session.onClose((db, why) => {
    if (db && why !== 'suspend') backups.auto(db, why)
  })
  const scanner = Object.assign((db: CaseloadDb, { asOf }: { asOf: string }) => scanCaseload(db, { asOf }), {
    plans: (db: CaseloadDb, planIds: readonly string[], { asOf }: { asOf: string }) => scanPlans(db, planIds, { asOf }),
  })
  const handlers = createHandlers(session, scanner, host, backups, options.nativeBinding, imports)
  const unlock = handlers['session:unlock']
  handlers['session:unlock'] = async (input) => {
    const state = await unlock(input)
    backups.dailyIfDue(session)
    return state
  }
  backups.startDaily(session)
  const dispatch = createDispatch({
    handlers,
    isUnlocked: () => session.isUnlocked(),
    beforeRequest: () => session.checkExternalChanges(),
    explain: (e) => explainBusy(session.path, e),
    ...(options.log ? { log: options.log } : {}),
  })
  return { session, handlers, dispatch, imports }
}
