/** The submit button of the passphrase forms (unlock, create, reset): a spinner and a verb while it works. */
export function BusySubmit({ busy, label, busyLabel, disabled }: { busy: boolean; label: string; busyLabel: string; disabled?: boolean }) {
  return (
    <button type="submit" className="button primary wide" disabled={busy || disabled}>
      {busy ? (
        <>
          <span className="spinner small" aria-hidden="true" /> {busyLabel}
        </>
      ) : (
        label
      )}
    </button>
  )
}
