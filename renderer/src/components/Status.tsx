import { isApiError } from '../api/client'

export function Loading({ label }: { label: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </div>
  )
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = isApiError(error) ? error.message : error instanceof Error ? error.message : 'Something went wrong.'
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>That did not work.</strong> {message}
      </p>
      {onRetry && (
        <button type="button" className="button secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}
