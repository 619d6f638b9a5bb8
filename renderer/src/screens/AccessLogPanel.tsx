/**
 * Settings → Access log: who unlocked the caseload, opened which case, exported, backed up or
 * restored what, newest first (ids and file names only: the log never holds case content). It
 * cannot be edited or cleared; it can be exported as CSV for an auditor.
 */
import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { formatUK } from '../../../shared/civil-date'
import type { AccessEntryView } from '../../../shared/access-log'
import { call } from '../api/client'
import { ErrorNotice, Loading } from '../components/Status'
import { downloadFile } from '../api/download'

const EVENT_LABELS: Record<AccessEntryView['event'], string> = {
  unlock: 'Unlocked the caseload',
  'case-opened': 'Opened a case',
  export: 'Exported',
  backup: 'Backed up',
  restore: 'Restored',
  'access-log-export': 'Exported the access log',
}

const PAGE = 50

/** "14 Mar 2026, 10:42" in Europe/London. */
function when(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false }).format(d)
  return `${formatUK(day)}, ${time}`
}

async function downloadCsv(): Promise<string> {
  const out = await call('access:log-export', {})
  switch (out.kind) {
    case 'cancelled':
      return 'Not saved: you cancelled.'
    case 'saved':
      return `Saved as ${out.fileName}.`
    case 'download': {
      downloadFile(out)
      return `Downloaded ${out.fileName}.`
    }
    default:
      return 'Exported.'
  }
}

export function AccessLogPanel() {
  const [limit, setLimit] = useState(PAGE)
  const [message, setMessage] = useState<string | null>(null)
  const log = useQuery({ queryKey: ['access-log', limit], queryFn: () => call('access:log', { limit }) })
  return (
    <section className="panel" aria-labelledby="access-log-heading">
      <h2 id="access-log-heading">Access log</h2>
      <p>
        Every unlock, case opened, export, backup and restore, with who and when. It is kept inside the encrypted caseload, holds
        ids and file names only (never case content), and cannot be changed or cleared.
      </p>
      <p>
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setMessage(null)
            downloadCsv().then(setMessage, (e: unknown) => setMessage(e instanceof Error ? e.message : 'The access log could not be exported.'))
          }}
        >
          Export the access log (CSV)
        </button>
      </p>
      {message && <p role="status">{message}</p>}
      {log.isPending && <Loading label="Reading the access log" />}
      {log.isError && <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && (
        <>
          <table className="data-table access-log">
            <caption>
              Newest first: {log.data.entries.length} of {log.data.total} entries
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Child</th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {log.data.entries.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{EVENT_LABELS[e.event]}</td>
                  <td>{e.childId ?? '—'}</td>
                  <td>{e.fileName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.data.total > log.data.entries.length && (
            <p>
              <button type="button" className="button secondary" onClick={() => setLimit((n) => Math.min(n + PAGE * 4, 1000))}>
                Show older entries
              </button>
            </p>
          )}
        </>
      )}
    </section>
  )
}
