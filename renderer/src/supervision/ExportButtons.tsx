import { useState } from 'react'
import type { ExportTarget } from '../../../shared/supervision'
import { exportDocument } from '../api/supervision'

const LABELS = { docx: 'Word', pdf: 'PDF', txt: 'Plain text' } as const

/** Export buttons for one document: each format, and plain text to the clipboard. The result is announced. */
export function ExportButtons({
  target,
  formats = ['docx', 'pdf', 'txt'],
  clipboard = true,
  what,
}: {
  target: ExportTarget
  formats?: readonly ('docx' | 'pdf' | 'txt')[]
  clipboard?: boolean
  /** What is exported, for the buttons' accessible names ("the session", "Ash's note"). */
  what: string
}) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (format: 'docx' | 'pdf' | 'txt', purpose: 'file' | 'clipboard') => {
    setBusy(true)
    setMessage(null)
    try {
      setMessage({ text: await exportDocument({ target, format, purpose }), error: false })
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : 'The export failed.', error: true })
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="export-buttons">
      <span className="export-label">Export {what}:</span>
      {formats.map((f) => (
        <button key={f} type="button" className="button secondary small" disabled={busy} onClick={() => void run(f, 'file')} aria-label={`Export ${what} as ${LABELS[f]}`}>
          {LABELS[f]}
        </button>
      ))}
      {clipboard && (
        <button type="button" className="button secondary small" disabled={busy} onClick={() => void run('txt', 'clipboard')} aria-label={`Copy to clipboard: ${what} as plain text`}>
          Copy to clipboard
        </button>
      )}
      <span role="status" className={message?.error ? 'export-message warn-text' : 'export-message'}>
        {message?.text ?? ''}
      </span>
    </div>
  )
}
