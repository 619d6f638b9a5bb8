/**
 * One function per channel of the contract, independent of the host. Inputs arrive already
 * validated (dispatch.ts); outputs are validated there too. Every SQL query lives in
 * `electron/core/queries/`; the drift scan comes in as a function so that the handlers can be
 * tested with the real engine or a fixed list of findings.
 */
import type { z } from 'zod'
import type { Channel, Contract, OutputOf } from '../../../shared/ipc-contract'
import { driftScore } from '../../../shared/drift-types'
import { DriftwatchError } from '../../../shared/errors'
import type { CaseloadDb } from '../db/caseload-db'
import { AnalysisCache, type Scanner } from './analysis'
import { caseRecords } from '../queries/case-detail'
import { caseViewModel } from '../case-view/model'
import { recordsAsOf } from './case-as-of'
import { allProfessionals, knownTeams } from '../queries/records'
import { importBankHolidays, loadPolicy, resetPolicy, savePolicy } from '../queries/policy-settings'
import { DEFAULT_POLICY } from '../../../shared/drift-policy'
import type { RecordContext } from '../records/change'
import { checkPlanEnd, endPlan, recordChild, recordPlan } from '../records/children'
import { loadUserName, saveUserName } from '../queries/user-settings'
import { loadAllocationRoles, resetAllocationRoles, saveAllocationRoles } from '../queries/source-settings'
import { DEFAULT_ALLOCATION_ROLES } from '../../../shared/source-import'
import { recordProfessional } from '../records/professionals'
import { recordMember } from '../records/members'
import { recordDistribution, recordMeeting } from '../records/meetings'
import { recordAction } from '../records/actions'
import { allocateWorker } from '../records/allocations'
import { recordDisagreement } from '../records/disagreements'
import { recordVisit } from '../records/visits'
import { recordConference } from '../records/conferences'
import { deleteRecord } from '../records/delete'
import { listHistory, undoableChange, undoLast } from '../records/history'
import type { Session } from './session'
import { supervisionHandlers, type HostCapabilities } from './supervision-handlers'
import { backupHandlers } from './backup-handlers'
import { BackupService } from './backup-service'
import { accessHandlers } from './access-handlers'
import { createImportJobs, importHandlers, type ImportHandlerHost } from './import-handlers'
import type { ImportJobs } from '../imports/import-jobs'
import { triageHandlers } from './triage-handlers'
import { tableHandlers } from './table-handlers'

export type Handlers = {
  [C in Channel]: (input: z.output<Contract[C]['input']>) => Promise<OutputOf<C>> | OutputOf<C>
}

export type { Scanner, ScanOutcome } from './analysis'

/** `host`: what only the host can do (Electron main passes a save dialog for exports). */
export function createHandlers(
  session: Session,
  scan: Scanner,
  host: HostCapabilities & ImportHandlerHost = {},
  backups: BackupService = new BackupService({ dbPath: session.path }),
  nativeBinding?: string,
  imports: ImportJobs = createImportJobs(session, host),
): Handlers {
  /** Scan and table rows for one as-of date, shared by all screens and patched after each change (analysis.ts). */
  const analysis = new AnalysisCache(session, scan)
  const analyse = (asOf: string) => analysis.get(asOf)

  /** Runs one change to the caseload; the cached scans follow it at once (patched, or dropped where they cannot be). */
  const change = <T>(write: (db: CaseloadDb, ctx: RecordContext) => T): T => {
    const db = session.database()
    session.assertWritable()
    try {
      // The writer lock (writer-lock.ts): one writer at a time across the app, hosts and the CLI.
      return session.write(() => write(db, { actor: session.actor(), today: session.today() }))
    } finally {
      analysis.changed()
    }
  }
  const policyState = (policy: OutputOf<'settings:policy-get'>['policy']) => ({ policy, defaults: DEFAULT_POLICY })
  const rolesState = (roles: string[]) => ({ roles, defaults: [...DEFAULT_ALLOCATION_ROLES] })

  return {
    'session:status': () => session.settledStatus(),
    'session:create': ({ passphrase, withDemo }) => session.create(passphrase, withDemo),
    'session:unlock': ({ passphrase }) => session.unlock(passphrase),
    'session:lock': () => session.lock(),

    'caseload:overview': ({ asOf }) => analysis.overview(asOf),

    ...tableHandlers({ analysisOn: analyse }),

    'case:detail': ({ childId, asOf }) => {
      const db = session.database()
      const records = caseRecords(db.sqlite, childId)
      if (!records) throw new DriftwatchError('NOT_FOUND', 'There is no child with that id in this caseload.')
      session.caseOpened(childId)
      const { findings: all } = analyse(asOf)
      const findings = all.filter((f) => f.childId === childId)
      const asItWas = recordsAsOf(records, asOf)
      return { asOf, ...asItWas, findings, score: driftScore(findings), view: caseViewModel(asItWas, findings, asOf) }
    },

    'caseload:professionals': () => ({ professionals: allProfessionals(session.database().sqlite) }),
    'caseload:teams': () => ({ teams: knownTeams(session.database().sqlite) }),
    'record:child': (input) => change((db, ctx) => recordChild(db, ctx, input)),
    'record:plan': (input) => change((db, ctx) => recordPlan(db, ctx, input)),
    'record:plan-end': (input) => change((db, ctx) => endPlan(db, ctx, input)),
    'record:plan-end-check': (input) => ({ endDate: checkPlanEnd(session.database(), session.today(), input).endDate }),
    'record:professional': (input) => change((db, ctx) => recordProfessional(db, ctx, input)),
    'record:member': (input) => change((db, ctx) => recordMember(db, ctx, input)),
    'record:meeting': (input) => change((db, ctx) => recordMeeting(db, ctx, input)),
    'record:distribution': (input) => change((db, ctx) => recordDistribution(db, ctx, input)),
    'record:action': (input) => change((db, ctx) => recordAction(db, ctx, input)),
    'record:allocation': (input) => change((db, ctx) => allocateWorker(db, ctx, input)),
    'record:disagreement': (input) => change((db, ctx) => recordDisagreement(db, ctx, input)),
    'record:visit': (input) => change((db, ctx) => recordVisit(db, ctx, input)),
    'record:conference': (input) => change((db, ctx) => recordConference(db, ctx, input)),
    'record:delete': (input) => change((db, ctx) => deleteRecord(db, ctx, input)),
    'history:list': ({ childId, limit }) => {
      const db = session.database()
      return { entries: listHistory(db, { childId: childId ?? null, ...(limit ? { limit } : {}) }), undoable: undoableChange(db) }
    },
    'history:undo': ({ changeId }) => change((db, ctx) => undoLast(db, ctx, changeId)),
    'settings:policy-get': () => policyState(loadPolicy(session.database())),
    'settings:policy-set': ({ policy }) => change((db) => policyState(savePolicy(db, policy))),
    'settings:policy-reset': () => change((db) => policyState(resetPolicy(db))),
    'settings:bank-holidays-import': ({ json }) =>
      change((db) => {
        let parsed: unknown
        try {
          parsed = JSON.parse(json)
        } catch {
          throw new DriftwatchError('VALIDATION', 'That file is not JSON. Choose the bank-holidays.json file downloaded from GOV.UK.', [
            { path: '$.json', reason: 'is not valid JSON' },
          ])
        }
        return importBankHolidays(db, parsed)
      }),
    'settings:ssd-roles-get': () => rolesState(loadAllocationRoles(session.database())),
    'settings:ssd-roles-set': ({ roles }) => change((db) => rolesState(saveAllocationRoles(db, roles))),
    'settings:ssd-roles-reset': () => change((db) => rolesState(resetAllocationRoles(db))),
    'settings:user-get': () => ({ name: loadUserName(session.database()), account: session.account() }),
    'settings:user-set': ({ name }) => change((db) => ({ name: saveUserName(db, name), account: session.account() })),
    'session:change-passphrase': ({ oldPassphrase, newPassphrase }) => session.changePassphrase(oldPassphrase, newPassphrase),
    'session:reset-passphrase': ({ recoveryCode, newPassphrase }) => session.resetPassphrase(recoveryCode, newPassphrase),
    'session:integrity': () => session.integrityState(),
    ...triageHandlers({ session, analysisOn: analyse }),
    'session:new-recovery-code': ({ passphrase }) => session.newRecoveryCode(passphrase),
    ...supervisionHandlers({
      session,
      findingsOn: (asOf) => analyse(asOf).findings,
      warningsOn: (asOf) => analyse(asOf).warnings,
      change,
      host,
    }),
    ...backupHandlers(session, backups, host),
    ...accessHandlers(session, host),
    ...importHandlers({ session, change, host, jobs: imports }),
  }
}
