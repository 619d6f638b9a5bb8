import { useEffect, useId, useState } from 'react'
import { formatUK, isCivilDate } from '../../../shared/civil-date'

/** "See the caseload as it stood on …": a date input and a Today button. */
export function AsOfControl({ asOf, today, onChange }: { asOf: string; today: string; onChange(date: string): void }) {
  const id = useId()
  const [draft, setDraft] = useState(asOf)
  useEffect(() => setDraft(asOf), [asOf])
  return (
    <form
      className="as-of"
      aria-label="Date to view the caseload on"
      onSubmit={(e) => {
        e.preventDefault()
        if (isCivilDate(draft)) onChange(draft)
      }}
    >
      <label htmlFor={id} className="as-of-label">
        Caseload as on
      </label>
      <input
        id={id}
        type="date"
        className="input as-of-input"
        value={draft}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setDraft(e.target.value)
          // A complete date from the picker applies at once; typing applies on Enter or when complete.
          if (isCivilDate(e.target.value)) onChange(e.target.value)
        }}
      />
      {/* The native input follows the system's date order; this always reads the UK way. */}
      <span className="as-of-uk" aria-hidden="true">
        {formatUK(asOf)}
      </span>
      <span id={`${id}-hint`} className="visually-hidden">
        Showing {formatUK(asOf)}. Every count and finding is worked out as it stood on this date.
      </span>
      <button type="button" className="button secondary" onClick={() => onChange(today)} disabled={asOf === today}>
        Today
      </button>
    </form>
  )
}
