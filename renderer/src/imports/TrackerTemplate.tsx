/**
 * The core-group tracker template: a spreadsheet of the open plans for chairs to fill in and import
 * (the Import screen, and the notice on plans without a recorded core group).
 */
import { useState } from 'react'
import { downloadTrackerTemplate } from './api'

export function TrackerTemplatePanel({ asOf }: { asOf: string }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <section className="panel" aria-labelledby="tracker-template-heading">
      <h2 id="tracker-template-heading">Core-group tracker template</h2>
      <p className="panel-sub">
        A CSV with one row per open plan, the child and plan filled in. Fill in each plan&rsquo;s core group meetings (one row per meeting;
        copy a row for more, delete the rows you leave empty), then import it here as a core-group tracker.
      </p>
      <TemplateButton asOf={asOf} busy={busy} setBusy={setBusy} setMessage={setMessage} />
      <span role="status" className={message?.error ? 'export-message warn-text' : 'export-message'}>
        {message?.text ?? ''}
      </span>
    </section>
  )
}

export function TemplateButton({
  asOf,
  busy,
  setBusy,
  setMessage,
  className = 'button secondary',
}: {
  asOf: string
  busy: boolean
  setBusy(b: boolean): void
  setMessage(m: { text: string; error: boolean } | null): void
  className?: string
}) {
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      onClick={async () => {
        setBusy(true)
        setMessage(null)
        try {
          setMessage({ text: await downloadTrackerTemplate(asOf), error: false })
        } catch (e) {
          setMessage({ text: e instanceof Error ? e.message : 'The template could not be made.', error: true })
        } finally {
          setBusy(false)
        }
      }}
    >
      Download the tracker template (CSV)
    </button>
  )
}
