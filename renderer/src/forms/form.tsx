/**
 * A small form helper that runs the shared zod schemas (the same ones main validates with) and the
 * pieces every recording form uses: a modal dialog (focus moved in and given back, Esc closes),
 * labelled fields with their error beside them in plain English, and a confirmation dialog.
 * A failed save never clears the form: the values live here until the dialog closes.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import type { z } from 'zod'
import { plainReason } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { isApiError } from '../api/client'
import { outsideChangeCount } from '../api/watch'
import { CHANGED_ELSEWHERE_MESSAGE } from '../../../shared/errors'
import './forms.css'

/** `$.riskScore.score` or ['riskScore', 'score'] → 'riskScore.score'; `$.attended[1]` → 'attended[1]'. */
export function fieldKey(path: string | readonly PropertyKey[]): string {
  if (typeof path === 'string') return path.replace(/^\$\.?/, '')
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '')
}

export interface FormState<V> {
  values: V
  set<K extends keyof V>(key: K, value: V[K]): void
  errors: Record<string, string>
  /** The error for a field, or for anything inside it (`attended` also covers `attended[2]`). */
  errorFor(name: string): string | undefined
  formError: string | null
  busy: boolean
  /** Validates `input` with `schema`, then sends it; field errors from either land beside the fields. */
  submit<S extends z.ZodType, R>(schema: S, input: unknown, send: (input: z.output<S>) => Promise<R>): Promise<R | undefined>
}

export function useForm<V extends Record<string, unknown>>(initial: V | (() => V)): FormState<V> {
  const [values, setValues] = useState<V>(initial)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  /** The outside changes picked up when this form was drawn (or last refused): see api/watch.ts. */
  const drawnAt = useRef(outsideChangeCount())

  const showErrors = (list: { key: string; reason: string }[]) => {
    const out: Record<string, string> = {}
    for (const e of list) if (!(e.key in out)) out[e.key] = plainReason(e.reason)
    setErrors(out)
    // Move to the first field in error so keyboard and screen reader users land on it.
    requestAnimationFrame(() => {
      const first = document.querySelector<HTMLElement>('dialog[open] [aria-invalid="true"], .settings [aria-invalid="true"]')
      first?.focus()
    })
  }

  return {
    values,
    set(key, value) {
      setValues((v) => ({ ...v, [key]: value }))
      setErrors((e) => {
        const k = String(key)
        if (!Object.keys(e).some((x) => x === k || x.startsWith(`${k}.`) || x.startsWith(`${k}[`))) return e
        return Object.fromEntries(Object.entries(e).filter(([x]) => !(x === k || x.startsWith(`${k}.`) || x.startsWith(`${k}[`))))
      })
    },
    errors,
    errorFor(name) {
      if (errors[name]) return errors[name]
      const k = Object.keys(errors).find((x) => x.startsWith(`${name}.`) || x.startsWith(`${name}[`))
      return k ? errors[k] : undefined
    },
    formError,
    busy,
    async submit(schema, input, send) {
      setFormError(null)
      if (outsideChangeCount() !== drawnAt.current) {
        // Drawn before another program's change: refused once, with what was typed kept to check.
        drawnAt.current = outsideChangeCount()
        setErrors({})
        setFormError(CHANGED_ELSEWHERE_MESSAGE)
        return undefined
      }
      const parsed = schema.safeParse(input)
      if (!parsed.success) {
        showErrors(parsed.error.issues.map((i) => ({ key: fieldKey(i.path), reason: i.message })))
        return undefined
      }
      setErrors({})
      setBusy(true)
      try {
        return await send(parsed.data)
      } catch (e) {
        if (isApiError(e, 'VALIDATION') && e.problems.length > 0) {
          showErrors(e.problems.map((p) => ({ key: fieldKey(p.path), reason: p.reason })))
        } else {
          setFormError(e instanceof Error ? e.message : 'That could not be saved. Please try again.')
        }
        return undefined
      } finally {
        setBusy(false)
      }
    },
  }
}

/**
 * A modal dialog: focus goes to its first field, Esc or Cancel closes it, focus returns to the opener.
 * `closable` false (work under way that only its own Cancel stops): no close button, and Esc does nothing.
 */
export function Dialog({
  title,
  description,
  onClose,
  children,
  wide,
  closable = true,
}: {
  title: string
  description?: ReactNode
  onClose(): void
  children: ReactNode
  wide?: boolean
  closable?: boolean
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement as HTMLElement | null
    if (!dialog.open) dialog.showModal()
    const first = dialog.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button.primary')
    first?.focus()
    return () => {
      if (dialog.open) dialog.close()
      if (opener && document.contains(opener)) opener.focus()
    }
  }, [])
  // In a portal on the body, so that no screen's styles (the header's white text) leak into it.
  return createPortal(
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        if (closable) onClose()
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        {closable && (
          <button type="button" className="dialog-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        )}
      </div>
      {description && <div className="dialog-description">{description}</div>}
      {children}
    </dialog>,
    document.body,
  )
}

/** The errors at the top of a form, so nothing is missed, plus anything not tied to one field. */
export function ErrorSummary({ form, labels }: { form: FormState<Record<string, unknown>>; labels: Record<string, string> }) {
  const entries = Object.entries(form.errors)
  if (entries.length === 0 && !form.formError) return null
  return (
    <div className="notice notice-error error-summary" role="alert">
      <p>
        <strong>{form.formError ? 'That was not saved.' : 'Please correct this before saving:'}</strong> {form.formError}
      </p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([k, reason]) => (
            <li key={k}>{sentence(labelFor(k, labels), reason)}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

function labelFor(key: string, labels: Record<string, string>): string {
  if (labels[key]) return labels[key]
  const base = key.replace(/\[\d+\].*$/, '').replace(/\..*$/, '')
  return labels[base] ?? key
}

function sentence(label: string, reason: string): string {
  const s = `${label} ${reason}`
  return s.endsWith('.') ? s : `${s}.`
}

interface FieldProps {
  form: FormState<never>
  name: string
  label: string
  hint?: ReactNode
}

function useFieldIds(name: string) {
  const id = useId()
  return { inputId: `${id}-${name}`, hintId: `${id}-${name}-hint`, errorId: `${id}-${name}-error` }
}

function FieldError({ id, label, error }: { id: string; label: string; error: string | undefined }) {
  if (!error) return null
  return (
    <p id={id} className="inline-error">
      <span className="visually-hidden">Error: </span>
      {sentence(label, error)}
    </p>
  )
}

/** A field's label, its hint and its error, tied to the input by the ids from useFieldIds. */
function FieldLabel({ ids, label, hint, error }: { ids: ReturnType<typeof useFieldIds>; label: string; hint?: ReactNode; error: string | undefined }) {
  return (
    <>
      <label htmlFor={ids.inputId}>{label}</label>
      {hint && (
        <span id={ids.hintId} className="hint">
          {hint}
        </span>
      )}
      <FieldError id={ids.errorId} label={label} error={error} />
    </>
  )
}

function describedBy(hint: unknown, error: unknown, ids: { hintId: string; errorId: string }) {
  return [hint ? ids.hintId : null, error ? ids.errorId : null].filter(Boolean).join(' ') || undefined
}

type AnyForm = FormState<Record<string, unknown>>

export function TextField({ form, name, label, hint, multiline, type = 'text', autoComplete, list }: FieldProps & { multiline?: boolean; type?: string; autoComplete?: string; list?: string }) {
  const f = form as unknown as AnyForm
  const ids = useFieldIds(name)
  const error = f.errorFor(name)
  const common = {
    id: ids.inputId,
    className: 'input',
    value: (f.values[name] as string | undefined) ?? '',
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': describedBy(hint, error, ids),
    onChange: (e: { target: { value: string } }) => f.set(name, e.target.value),
  }
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <FieldLabel ids={ids} label={label} hint={hint} error={error} />
      {multiline ? <textarea rows={3} {...common} /> : <input type={type} autoComplete={autoComplete ?? 'off'} list={list} {...common} />}
    </div>
  )
}

/** A civil date (YYYY-MM-DD underneath); the browser shows it the UK way (dd/mm/yyyy). */
export function DateField({ form, name, label, hint, max }: FieldProps & { max?: string }) {
  const f = form as unknown as AnyForm
  const ids = useFieldIds(name)
  const error = f.errorFor(name)
  const value = (f.values[name] as string | undefined) ?? ''
  return (
    <div className={`field field-date${error ? ' field-invalid' : ''}`}>
      <FieldLabel ids={ids} label={label} hint={hint} error={error} />
      <span className="date-row">
        <input
          id={ids.inputId}
          type="date"
          className="input"
          value={value}
          max={max}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hint, error, ids)}
          onChange={(e) => f.set(name, e.target.value)}
        />
        {value && <span className="muted date-echo">{formatUK(value)}</span>}
      </span>
    </div>
  )
}

export function SelectField({ form, name, label, hint, options, placeholder = 'Choose…' }: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  const f = form as unknown as AnyForm
  const ids = useFieldIds(name)
  const error = f.errorFor(name)
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <FieldLabel ids={ids} label={label} hint={hint} error={error} />
      <select
        id={ids.inputId}
        className="input"
        value={(f.values[name] as string | undefined) ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, ids)}
        onChange={(e) => f.set(name, e.target.value)}
      >
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function CheckboxField({ form, name, label, hint }: FieldProps) {
  const f = form as unknown as AnyForm
  const ids = useFieldIds(name)
  const error = f.errorFor(name)
  return (
    <div className="field checkbox">
      <input
        id={ids.inputId}
        type="checkbox"
        checked={Boolean(f.values[name])}
        aria-describedby={describedBy(hint, error, ids)}
        onChange={(e) => f.set(name, e.target.checked)}
      />
      <div>
        <FieldLabel ids={ids} label={label} hint={hint} error={error} />
      </div>
    </div>
  )
}

/** A group of choices (radio buttons or checkboxes) in a fieldset with its legend and error. */
export function ChoiceGroup({ legend, hint, error, errorLabel, children }: { legend: string; hint?: ReactNode; error?: string | undefined; errorLabel?: string; children: ReactNode }) {
  const id = useId()
  return (
    <fieldset className={`field choice-group${error ? ' field-invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {hint && <span className="hint">{hint}</span>}
      {error && (
        <p id={`${id}-error`} className="inline-error">
          <span className="visually-hidden">Error: </span>
          {sentence(errorLabel ?? legend, error)}
        </p>
      )}
      {children}
    </fieldset>
  )
}

export function FormButtons({ busy, saveLabel = 'Save', onCancel, danger }: { busy: boolean; saveLabel?: string; onCancel(): void; danger?: boolean }) {
  return (
    <div className="dialog-buttons">
      <button type="submit" className={`button ${danger ? 'danger' : 'primary'}`} disabled={busy}>
        {busy ? 'Saving…' : saveLabel}
      </button>
      <button type="button" className="button secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  )
}

/** "Are you sure?" before anything that ends or removes. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose }: { title: string; children: ReactNode; confirmLabel: string; onConfirm(): Promise<unknown>; onClose(): void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-description">{children}</div>
      {error && (
        <div className="notice notice-error" role="alert">
          <strong>That did not work.</strong> {error}
        </div>
      )}
      <div className="dialog-buttons">
        <button
          type="button"
          className="button danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true)
            setError(null)
            try {
              await onConfirm()
              onClose()
            } catch (e) {
              setError(e instanceof Error ? e.message : 'Please try again.')
            } finally {
              setBusy(false)
            }
          }}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  )
}

/** Empty text → null, for optional fields. */
export const orNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null)
/** Empty text → undefined, so a required field reports "is required". */
export const orUndefined = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined)
