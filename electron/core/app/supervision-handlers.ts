/**
 * The handlers of issue 6's channels (supervision, mid-way reviews, the audit screen, exports),
 * spread into `createHandlers`. Exports: "in the app nothing is written without the user choosing
 * where". The host passes `chooseSavePath` (Electron main: a save dialog); the core never imports
 * electron. Without it (the browser host) the bytes go back to the page, which offers them as a
 * download, so the browser asks where.
 */
import { basename } from 'node:path'
import type { CivilDate } from '../../../shared/civil-date'
import type { Finding } from '../../../shared/drift-types'
import { DriftwatchError } from '../../../shared/errors'
import type { OutputOf } from '../../../shared/ipc-contract'
import type { ExportTarget } from '../../../shared/supervision'
import type { CaseloadDb } from '../db/caseload-db'
import { auditIndicators } from '../audit/indicators'
import { auditChildNames, auditReportDocument, DEFAULT_THRESHOLD } from '../export/audit-report'
import { contentHash, type ExportDocument, type ExportFormat } from '../export/document'
import { renderAs } from '../export/render'
import { fitsDataUrl, renderHtml, type PrintTemplates } from '../export/render-html'
import { renderText } from '../export/render-text'
import { midwayDocument, sessionDocument } from '../export/supervision-session'
import { writeFileAtomic } from '../files/write-file-atomic'
import { childNames, listSessions } from '../queries/supervision'
import type { RecordContext } from '../records/change'
import { buildAgenda } from '../supervision/agenda'
import { prepareMidway } from '../supervision/midway'
import { listMidwayReviews, midwayReview, saveMidwayReview, saveSession, setActionStatus } from '../supervision/record'
import type { Handlers } from './handlers'
import type { Session } from './session'

/** Asks the user where to save an export; null when they cancel. Given by the Electron host only. */
export type ChooseSavePath = (request: { suggestedName: string; format: ExportFormat | 'csv' }) => Promise<string | null>

/**
 * Prints a self-contained HTML page to PDF with Chromium's print engine (Electron main: a hidden,
 * locked-down window's `webContents.printToPDF`). Given by the Electron host only.
 */
export type PrintPdf = (html: string, templates: PrintTemplates) => Promise<Uint8Array>

export interface HostCapabilities {
  chooseSavePath?: ChooseSavePath
  /** PDF exports through the host's print engine; without it (CLI, browser host) pdf-lib draws them. */
  printPdf?: PrintPdf
  /** Puts plain text on the system clipboard (Electron main). Without it the text goes back to the page. */
  writeClipboard?: (text: string) => void
  /** Asks the user for the backup folder (Electron main: a folder dialog); null when they cancel. */
  chooseFolder?: (current: string) => Promise<string | null>
}

export interface SupervisionDeps {
  session: Session
  findingsOn(asOf: CivilDate): readonly Finding[]
  warningsOn(asOf: CivilDate): readonly string[]
  change<T>(write: (db: CaseloadDb, ctx: RecordContext) => T): T
  host: HostCapabilities
}

/** Cases listed per indicator on the audit screen (the counts always cover all of them). */
export const AUDIT_CASES_SHOWN = 3000

const MIME: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  txt: 'text/plain;charset=utf-8',
}

type SupervisionChannel =
  | 'supervision:agenda'
  | 'supervision:save'
  | 'supervision:list'
  | 'supervision:action-status'
  | 'midway:prepare'
  | 'midway:save'
  | 'midway:list'
  | 'audit:indicators'
  | 'export:document'

const safeName = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'export'

export function supervisionHandlers(d: SupervisionDeps): Pick<Handlers, SupervisionChannel> {
  const db = () => d.session.database()
  const agenda = (o: { scope: { kind: 'worker' | 'team' | 'caseload'; id: string }; date: string; sessionId?: string }) =>
    buildAgenda(db(), o, d.findingsOn, d.warningsOn(o.date))

  const audit = (from: CivilDate, to: CivilDate): OutputOf<'audit:indicators'> => {
    const result = auditIndicators(db(), { from, to, today: d.session.today() })
    const ids = new Set<string>()
    const indicators = result.indicators.map((i) => {
      // Not met first, so the cases to follow up are never the ones left out.
      const ordered = [...i.cases.filter((c) => !c.met), ...i.cases.filter((c) => c.met)]
      const cases = ordered.slice(0, AUDIT_CASES_SHOWN)
      for (const c of cases) for (const id of c.childIds) ids.add(id)
      return { ...i, cases, casesOmitted: ordered.length - cases.length }
    })
    return { from, to, scope: result.scope, threshold: DEFAULT_THRESHOLD, indicators, childNames: childNames(db().sqlite, [...ids]) }
  }

  const documentFor = (t: ExportTarget): { doc: ExportDocument; name: string; childId?: string } => {
    switch (t.kind) {
      case 'session':
      case 'session-child': {
        const a = agenda({ scope: { kind: 'caseload', id: '' }, date: '2000-01-01', sessionId: t.sessionId })
        if (t.kind === 'session-child') {
          if (!a.children.some((c) => c.childId === t.childId)) throw new DriftwatchError('NOT_FOUND', 'That child was not part of this supervision session.')
          return { doc: sessionDocument(a, t.childId), name: `supervision-note-${safeName(t.childId)}-${a.date}`, childId: t.childId }
        }
        return { doc: sessionDocument(a), name: `supervision-session-${safeName(a.scopeName)}-${a.date}` }
      }
      case 'midway': {
        const r = midwayReview(db(), t.reviewId)
        const names = childNames(db().sqlite, [r.childId])
        return { doc: midwayDocument(r, names[r.childId] ?? r.childId), name: `midway-review-${safeName(r.childId)}-${r.date}`, childId: r.childId }
      }
      case 'audit': {
        if (t.to < t.from) throw new DriftwatchError('BAD_INPUT', 'The audit period ends before it starts.', [{ path: '$.target.to', reason: 'is before from' }])
        const result = auditIndicators(db(), { from: t.from, to: t.to, today: d.session.today() })
        return { doc: auditReportDocument(result, { childNames: auditChildNames(db(), result) }), name: `core-group-audit-${t.from}-to-${t.to}` }
      }
    }
  }

  /** The export's bytes: PDF through the host's print engine when it has one, else the shared renderers. */
  const render = async (doc: ExportDocument, format: ExportFormat): Promise<Uint8Array | string> => {
    if (format !== 'pdf' || !d.host.printPdf) return renderAs(doc, format)
    const page = renderHtml(doc)
    // Chromium loads no data: URL over 2 MiB; a document that large is drawn by pdf-lib instead.
    if (!fitsDataUrl(page.html)) return renderAs(doc, format)
    const { headerTemplate, footerTemplate, margins } = page
    return d.host.printPdf(page.html, { headerTemplate, footerTemplate, margins })
  }

  return {
    'supervision:agenda': (input) => agenda(input),
    'supervision:save': (input) => d.change((database, ctx) => saveSession(database, ctx, input)),
    'supervision:list': () => ({
      sessions: listSessions(db().sqlite, 200).map((s) => ({
        id: s.id,
        date: s.date,
        scope: { kind: s.scopeKind, id: s.scopeId },
        scopeName: s.scopeName,
        supervisor: s.supervisor,
        children: s.children,
        actions: s.actions,
      })),
    }),
    'supervision:action-status': (input) => d.change((database, ctx) => setActionStatus(database, ctx, input)),
    'midway:prepare': ({ childId, date }) => prepareMidway(db(), childId, date, d.findingsOn(date)),
    'midway:save': (input) =>
      d.change((database, ctx) => saveMidwayReview(database, ctx, input, (childId, date) => prepareMidway(database, childId, date, d.findingsOn(date)))),
    'midway:list': ({ childId }) => ({ reviews: listMidwayReviews(db(), childId) }),
    'audit:indicators': ({ from, to }) => {
      if (to < from) throw new DriftwatchError('BAD_INPUT', 'The audit period ends before it starts.', [{ path: '$.to', reason: 'is before from' }])
      return audit(from, to)
    },
    'export:document': async ({ target, format, purpose }) => {
      const { doc, name, childId } = documentFor(target)
      // The access log (ids and file names only): the child an export is about, if it is about one.
      const exported = childId ?? null
      const hash = contentHash(doc)
      if (purpose === 'clipboard') {
        d.session.logAccess({ event: 'export', childId: exported, fileName: 'clipboard' })
        if (d.host.writeClipboard) {
          d.host.writeClipboard(renderText(doc))
          return { kind: 'copied' as const, hash }
        }
        return { kind: 'text' as const, text: renderText(doc), hash }
      }
      const fileName = `${name}.${format}`
      const data = await render(doc, format)
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)
      if (d.host.chooseSavePath) {
        const path = await d.host.chooseSavePath({ suggestedName: fileName, format })
        if (!path) return { kind: 'cancelled' as const }
        d.session.logAccess({ event: 'export', childId: exported, fileName: path })
        writeFileAtomic(path, bytes)
        return { kind: 'saved' as const, fileName: basename(path), hash }
      }
      d.session.logAccess({ event: 'export', childId: exported, fileName })
      return { kind: 'download' as const, fileName, mimeType: MIME[format], base64: bytes.toString('base64'), hash }
    },
  }
}
