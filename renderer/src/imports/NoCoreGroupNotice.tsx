/**
 * The dashboard's one notice about plans with no core group recorded (issue 10 item 5): an SSD or
 * Annex A caseload has none, and saying so once — with the two ways to fill the gap — beats the
 * same finding on every plan being the first thing a chair reads.
 */
import { useState } from 'react'
import { plural } from '../labels'
import { useGapsSummary } from './api'
import { TemplateButton } from './TrackerTemplate'

export function NoCoreGroupNotice({ asOf, onBaseline }: { asOf: string; onBaseline(): void }) {
  const summary = useGapsSummary(asOf)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const n = summary.data?.plansWithoutCoreGroup ?? 0
  if (n === 0) return null
  return (
    <section className="notice notice-info gaps-notice" aria-labelledby="gaps-notice-heading">
      <h2 id="gaps-notice-heading">
        {plural(n, 'plan')} {n === 1 ? 'has' : 'have'} no core group recorded yet
      </h2>
      <p>
        The SSD extract and Annex A hold no core groups, so {n === 1 ? 'this plan shows' : 'each of these plans shows'} &ldquo;first core group
        overdue&rdquo; until one is recorded. Fill the gap once: record each plan&rsquo;s latest core group in one table, or fill in the tracker
        template in your spreadsheet and import it.
      </p>
      <div className="gaps-buttons">
        <button type="button" className="button primary" onClick={onBaseline}>
          Record the latest core groups
        </button>
        <TemplateButton asOf={asOf} busy={busy} setBusy={setBusy} setMessage={setMessage} />
        <span role="status" className={message?.error ? 'export-message warn-text' : 'export-message'}>
          {message?.text ?? ''}
        </span>
      </div>
    </section>
  )
}
