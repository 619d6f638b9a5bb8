/**
 * Channels of issue 12 items 7, 8 and 10: the renderer's watch (another program changed the
 * caseload; the browser host's idle lock counts activity through it) and the access log in
 * Settings (view, export as CSV). Spread into `createHandlers`.
 */
import { basename } from 'node:path'
import { accessLogCsv, listAccess } from '../queries/access-log'
import { writeFileAtomic } from '../files/write-file-atomic'
import type { Handlers } from './handlers'
import type { Session } from './session'
import type { HostCapabilities } from './supervision-handlers'

type AccessChannel = 'session:watch' | 'access:log' | 'access:log-export'

export function accessHandlers(session: Session, host: HostCapabilities): Pick<Handlers, AccessChannel> {
  return {
    // dispatch has already checked data_version (session.checkExternalChanges) for this request.
    'session:watch': async () => ({ state: (await session.settledStatus()).state, changes: session.external.count }),
    'access:log': ({ limit, before }) =>
      listAccess(session.database(), { ...(limit ? { limit } : {}), ...(before ? { before } : {}) }),
    'access:log-export': async () => {
      const fileName = `driftwatch-access-log-${session.today()}.csv`
      // Logged first, so the export itself is in the file it writes.
      // With a byte order mark, as the tracker template: without one Excel reads UTF-8 as the Windows
      // code page, and an actor "Zofia Łęcka" or a file "Łódź.pdf" comes out garbled.
      const bytes = () => Buffer.from(`\uFEFF${accessLogCsv(session.database())}`, 'utf8')
      if (host.chooseSavePath) {
        const path = await host.chooseSavePath({ suggestedName: fileName, format: 'csv' })
        if (!path) return { kind: 'cancelled' as const }
        session.logAccess({ event: 'access-log-export', fileName: path })
        writeFileAtomic(path, bytes())
        return { kind: 'saved' as const, fileName: basename(path), hash: '' }
      }
      session.logAccess({ event: 'access-log-export', fileName })
      return { kind: 'download' as const, fileName, mimeType: 'text/csv;charset=utf-8', base64: bytes().toString('base64'), hash: '' }
    },
  }
}
