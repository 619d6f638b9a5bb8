/**
 * The core as every host uses it: a session, the handlers with the real drift engine and demo
 * loader, and the one dispatch wrapper. Electron main and the browser host each build one of
 * these and differ only in how requests reach `dispatch`.
 */
import { scanCaseload } from '../drift/scan'
import { loadDemoCaseload } from '../demo/load'
import { createDispatch, type Dispatch } from './dispatch'
import { createHandlers, type Handlers } from './handlers'
import type { HostCapabilities } from './supervision-handlers'
import type { Logger } from './log'
import { Session, type SessionOptions } from './session'
import { explainBusy } from '../db/writer-lock'

export interface Core {
  session: Session
  handlers: Handlers
  dispatch: Dispatch
}

export function createCore(options: SessionOptions & { log?: Logger; host?: HostCapabilities }): Core {
  const session = new Session({
    loadDemo: (db, demo) => loadDemoCaseload(db, demo),
    ...options,
  })
  const handlers = createHandlers(session, (db, { asOf }) => scanCaseload(db, { asOf }), options.host ?? {})
  const dispatch = createDispatch({
    handlers,
    isUnlocked: () => session.isUnlocked(),
    beforeRequest: () => session.checkExternalChanges(),
    explain: (e) => explainBusy(session.path, e),
    ...(options.log ? { log: options.log } : {}),
  })
  return { session, handlers, dispatch }
}
