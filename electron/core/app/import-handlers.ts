/**
 * The handlers of issue 10's channels, spread into `createHandlers`: the Import screen (choose or
 * upload, preview, apply, status, cancel) and the gaps an import leaves (the "no core group
 * recorded" notice, the baseline table, the tracker template).
 */
import { basename } from 'node:path'
import { BASELINE_ROWS_SHOWN } from '../../../shared/import-screen'
import type { CaseloadDb } from '../db/caseload-db'
import { recordBaseline } from '../gaps/baseline'
import { trackerTemplate } from '../gaps/tracker-template'
import { writeFileAtomic } from '../files/write-file-atomic'
import { ImportJobs, type ImportHostCapabilities, type SourceRunner } from '../imports/import-jobs'
import { countPlansWithoutCoreGroup, plansWithoutCoreGroup, professionalsKnownFor } from '../queries/gaps'
import type { RecordContext } from '../records/change'
import { runSourceImport } from '../sources'
import type { Logger } from './log'
import type { Handlers } from './handlers'
import type { Session } from './session'

/** Asks where to save a CSV; null when the user cancels. Electron main only. */
export type ChooseCsvSavePath = (suggestedName: string) => Promise<string | null>

export interface ImportHandlerHost extends ImportHostCapabilities {
  chooseCsvSavePath?: ChooseCsvSavePath
}

export interface ImportDeps {
  session: Session
  change<T>(write: (db: CaseloadDb, ctx: RecordContext) => T): T
  host: ImportHandlerHost
  jobs: ImportJobs
}

/**
 * The one import registry of a core. Hosts that take uploads (the browser host) need it for their
 * upload route, so createCore makes it and hands it to the handlers.
 */
export function createImportJobs(session: Session, host: ImportHostCapabilities, options: { log?: Logger; runSource?: SourceRunner } = {}): ImportJobs {
  const jobs = new ImportJobs({
    database: () => session.database(),
    changed: () => session.invalidate(),
    runSource: options.runSource ?? runSourceImport,
    host,
    ...(options.log ? { log: options.log } : {}),
  })
  // Locking forgets the chosen files and deletes any upload: nothing waits on disk for the next unlock.
  session.onClose(() => jobs.dispose())
  return jobs
}

type ImportChannel =
  | 'import:choose'
  | 'import:upload-start'
  | 'import:preview'
  | 'import:apply'
  | 'import:status'
  | 'import:cancel'
  | 'gaps:summary'
  | 'gaps:baseline'
  | 'gaps:baseline-save'
  | 'gaps:tracker-template'

export function importHandlers(d: ImportDeps): Pick<Handlers, ImportChannel> {
  const jobs = d.jobs
  const db = () => d.session.database()

  return {
    'import:choose': ({ source }) => jobs.choose(source),
    'import:upload-start': ({ source, name }) => jobs.uploadStart(source, name),
    'import:preview': ({ handle }) => jobs.preview(handle),
    'import:apply': ({ handle, replace }) => {
      d.session.assertNotRestoring()
      return jobs.apply(handle, replace)
    },
    'import:status': ({ handle }) => jobs.status(handle),
    'import:cancel': ({ handle }) => jobs.cancel(handle),

    'gaps:summary': ({ asOf }) => ({ asOf, plansWithoutCoreGroup: countPlansWithoutCoreGroup(db().sqlite, asOf) }),
    'gaps:baseline': ({ asOf }) => {
      const sqlite = db().sqlite
      const total = countPlansWithoutCoreGroup(sqlite, asOf)
      const plans = plansWithoutCoreGroup(sqlite, asOf, BASELINE_ROWS_SHOWN)
      const known = new Map<string, { id: string; name: string; role: string; why: string }[]>()
      for (const k of professionalsKnownFor(sqlite, plans.map((p) => p.planId), asOf)) {
        const list = known.get(k.planId) ?? []
        list.push({ id: k.id, name: k.name, role: k.role, why: k.why === 'member' ? 'core group member' : 'allocated worker' })
        known.set(k.planId, list)
      }
      return {
        asOf,
        rows: plans.map((p) => ({ ...p, known: known.get(p.planId) ?? [] })),
        rowsOmitted: Math.max(0, total - plans.length),
      }
    },
    'gaps:baseline-save': (input) => d.change((database, ctx) => recordBaseline(database, ctx, input)),
    'gaps:tracker-template': async ({ asOf }) => {
      const template = trackerTemplate(db(), asOf)
      const fileName = `core-group-tracker-${asOf}.csv`
      if (d.host.chooseCsvSavePath) {
        const path = await d.host.chooseCsvSavePath(fileName)
        if (!path) return { kind: 'cancelled' as const }
        writeFileAtomic(path, template.csv)
        return { kind: 'saved' as const, fileName: basename(path), rows: template.rows }
      }
      return {
        kind: 'download' as const,
        fileName,
        mimeType: 'text/csv;charset=utf-8',
        base64: Buffer.from(template.csv, 'utf8').toString('base64'),
        rows: template.rows,
      }
    },
  }
}
