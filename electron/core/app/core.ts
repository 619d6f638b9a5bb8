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
import { AnalysisCache } from './analysis'
import { BackupService } from './backup-service'
import { backupJobs } from './backup-jobs'
import { explainBusy } from '../db/writer-lock'
import type { CaseloadDb } from '../db/caseload-db'

export interface Core {
  session: Session
  handlers: Handlers
  dispatch: Dispatch
  /** The Import screen's chosen files and uploads (the browser host's upload route writes through it). */
  imports: ImportJobs
  /** The automatic backups and the one backup job at a time (backupJobs(backups)). */
  backups: BackupService
}

/**
 * How long the core waits, after unlock, for a pause in the user's requests before work that would
 * hold them up (issue 13): the integrity check in its own thread (it takes a core's worth of CPU for
 * seconds at 50,000 children) waits until the first screens are drawn; the daily backup until the
 * user has paused (it runs in its own thread now, so it no longer holds up their requests, but it
 * still takes a core's worth of CPU for about 15 s at 50,000 children, and the disk). Background polls (the page's
 * watch, the integrity state) do not count as requests.
 */
export interface QuietTimes {
  checkMs: number
  dailyBackupMs: number
}
export const QUIET_TIMES: QuietTimes = { checkMs: 1000, dailyBackupMs: 20_000 }
const BACKGROUND_CHANNELS: readonly unknown[] = ['session:watch', 'session:integrity']

/**
 * The dashboard's first question, answered before it is asked: right after the unlock's answer has
 * gone, the core scans today (the dashboard's date after every unlock) while the page draws and
 * sends its first requests, which then find the analysis made. Anything that goes wrong is left for
 * the page's own request to meet and report.
 */
function warmToday(session: Session): void {
  if (!session.isUnlocked()) return
  try {
    AnalysisCache.of(session)?.overview(session.today())
  } catch {
    // The request that needs it will say what is wrong.
  }
}

export function createCore(
  options: SessionOptions & {
    log?: Logger
    host?: HostCapabilities & ImportHandlerHost
    quiet?: Partial<QuietTimes>
    /** Scan today just after each unlock (warmToday): the app's core worker does. */
    warmAfterUnlock?: boolean
  },
): Core {
  const quiet = { ...QUIET_TIMES, ...options.quiet }
  // The user's last request, as the time its answer went (or it came, while it runs), and how many
  // are running. A pause is counted from the last answer, not the last arrival: after unlock the
  // dashboard's first requests wait behind the scan of today (warmToday) for over a second at 50,000
  // children, and counted from their arrival the integrity check's thread started just as they were
  // answered, taking a core from Start here (140-300 ms against about 100 ms).
  let lastRequest = 0
  let running = 0
  /** Runs `work` once no request has come or run for `ms` (rescheduled while they keep coming). */
  const whenQuiet = (ms: number, work: () => void) => {
    const attempt = () => {
      const wait = running > 0 ? ms : lastRequest + ms - Date.now()
      if (wait > 0) setTimeout(attempt, wait).unref?.()
      else work()
    }
    setTimeout(attempt, ms).unref?.()
  }
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
  // A backup running in its own thread, or a restore not yet replacing the caseload, is cancelled on
  // any close (its thread ends, its files go); the lock's and the quit's own backups are then made here.
  // Its outcome is forgotten with the caseload (the page after the next unlock starts afresh).
  session.onClose((_db, why) => {
    // The restore's own close: it is replacing the caseload, and its outcome is shown after.
    if (why === 'restore') return
    const jobs = backupJobs(backups)
    const id = jobs.current()?.id
    void jobs.cancel().then(() => jobs.forget(id))
  })
  // Automatic backups on lock and on quit; not while the computer goes to sleep, nor for a restore
  // (it has made its own, with progress, before closing: app/backup-jobs.ts `restore`).
  // Registered after the import jobs', so a running import is stopped before the snapshot.
  session.onClose((db, why) => {
    if (db && why !== 'suspend' && why !== 'restore' && why !== 'replaced') backups.auto(db, why)
  })
  const scanner = Object.assign((db: CaseloadDb, { asOf }: { asOf: string }) => scanCaseload(db, { asOf }), {
    plans: (db: CaseloadDb, planIds: readonly string[], { asOf }: { asOf: string }) => scanPlans(db, planIds, { asOf }),
  })
  const handlers = createHandlers(session, scanner, host, backups, options.nativeBinding, imports)
  const unlock = handlers['session:unlock']
  handlers['session:unlock'] = async (input) => {
    const state = await unlock(input)
    if (state.state === 'unlocked') {
      if (options.warmAfterUnlock) {
        setImmediate(() => {
          warmToday(session)
          lastRequest = Date.now()
        })
      }
      whenQuiet(quiet.checkMs, () => {
        session.startDeferredCheck()
        // The check reads in its own thread; this thread meanwhile reads ahead for a past date.
        void session.warmHistoryPages()
      })
      whenQuiet(quiet.dailyBackupMs, () => backups.dailyIfDue(session))
    }
    return state
  }
  // Every half hour, for a caseload left open for days: also only in a pause.
  backups.startDaily({
    isUnlocked: () => session.isUnlocked() && Date.now() - lastRequest >= quiet.dailyBackupMs,
    database: () => session.database(),
    backupKeyCopy: () => session.backupKeyCopy(),
    nativeBinding: options.nativeBinding,
  })
  const inner = createDispatch({
    handlers,
    isUnlocked: () => session.isUnlocked(),
    beforeRequest: () => session.checkExternalChanges(),
    explain: (e) => explainBusy(session.path, session.explainRefused(e)),
    ...(options.log ? { log: options.log } : {}),
  })
  const dispatch: Dispatch = (channel, input) => {
    if (BACKGROUND_CHANNELS.includes(channel)) return inner(channel, input)
    lastRequest = Date.now()
    running++
    return inner(channel, input).finally(() => {
      running--
      lastRequest = Date.now()
    })
  }
  return { session, handlers, dispatch, imports, backups }
}
