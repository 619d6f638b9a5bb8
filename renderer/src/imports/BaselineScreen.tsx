/**
 * The quick baseline table (issue 10 item 5a): one row per plan with no core group recorded. For
 * each, the chair enters the latest core group held before Driftwatch — its date, its chair, who
 * came — and records every filled row at once (one transaction; the core checks each row as it
 * checks a meeting recorded from the case view, and an error comes back beside its row).
 */
import { useMemo, useState } from 'react'
import { formatUK } from '../../../shared/civil-date'
import { baselineInputSchema, type BaselineTable } from '../../../shared/import-screen'
import { fieldKey } from '../forms/form'
import { isApiError } from '../api/client'
import { useProfessionals, useSave } from '../api/records'
import { ErrorNotice, Loading } from '../components/Status'
import { plural, ROLE_LABELS } from '../labels'
import { useHeadingFocus } from '../useHeadingFocus'
import { useBaselineTable, useSaveBaseline } from './api'
import './imports.css'

interface RowValues {
  date: string
  chairId: string
  attended: string[]
  planAvailable: boolean
  childViewsRecorded: boolean
  riskReviewed: boolean
}
const EMPTY: RowValues = { date: '', chairId: '', attended: [], planAvailable: false, childViewsRecorded: false, riskReviewed: false }
const CHAIR_ROLES = new Set(['cp-chair', 'deputy-manager', 'team-manager'])

export function BaselineScreen({ asOf, today, onBack }: { asOf: string; today: string; onBack(): void }) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const table = useBaselineTable(asOf)
  return (
    <div className="screen baseline-screen">
      <button type="button" className="link-button back-link" onClick={onBack}>
        ← Back to the dashboard
      </button>
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          Record the latest core groups
        </h1>
        <p className="lede">
          One row per plan with no core group recorded on {formatUK(asOf)}. For each plan you know about, enter its latest core group before
          Driftwatch: the date, who chaired it and who came. Leave a row empty to skip it. Tick what the meeting covered: an unticked box is
          recorded as not done, and the case shows it.
        </p>
      </div>
      {table.isPending && <Loading label="Finding the plans" />}
      {table.isError && <ErrorNotice error={table.error} onRetry={() => void table.refetch()} />}
      {table.data && <BaselineForm table={table.data} today={today} />}
    </div>
  )
}

function BaselineForm({ table, today }: { table: BaselineTable; today: string }) {
  const professionals = useProfessionals()
  const save = useSaveBaseline()
  const [values, setValues] = useState<Record<string, RowValues>>({})
  const [defaultChair, setDefaultChair] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const chairOptions = useMemo(() => {
    const all = professionals.data?.professionals ?? []
    return { chairs: all.filter((p) => CHAIR_ROLES.has(p.role)), others: all.filter((p) => !CHAIR_ROLES.has(p.role)) }
  }, [professionals.data])

  const row = (planId: string) => values[planId] ?? EMPTY
  const set = (planId: string, patch: Partial<RowValues>) => {
    setValues((v) => ({ ...v, [planId]: { ...(v[planId] ?? EMPTY), ...patch } }))
    // A row's errors go as soon as it is changed; the others stay until the next save.
    setErrors((e) => (Object.keys(e).some((k) => k.startsWith(`${planId}:`)) ? Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`${planId}:`))) : e))
    setDone(null)
  }
  const filled = table.rows.filter((r) => row(r.planId).date !== '')

  const submit = async () => {
    setFormError(null)
    setDone(null)
    const rows = filled.map((r) => {
      const v = row(r.planId)
      return { planId: r.planId, date: v.date, chairId: v.chairId || defaultChair, attended: v.attended, planAvailable: v.planAvailable, childViewsRecorded: v.childViewsRecorded, riskReviewed: v.riskReviewed }
    })
    // Errors come back as $.rows[i].field, i counting filled rows only: key them by plan instead.
    const byPlan = (list: { path: string; reason: string }[]) => {
      const out: Record<string, string> = {}
      for (const p of list) {
        const m = /^rows\[(\d+)\]\.?([A-Za-z]*)/.exec(fieldKey(p.path))
        const planId = m ? rows[Number(m[1])]?.planId : undefined
        if (!planId) continue
        const key = `${planId}:${m![2] || 'date'}`
        if (!(key in out)) out[key] = p.reason
      }
      return out
    }
    const local: { path: string; reason: string }[] = rows.flatMap((r, i) => (r.chairId ? [] : [{ path: `$.rows[${i}].chairId`, reason: 'choose who chaired it' }]))
    const parsed = baselineInputSchema.safeParse({ rows })
    if (!parsed.success || local.length > 0) {
      const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: fieldKey(i.path), reason: i.message }))
      setErrors(byPlan([...local, ...issues]))
      setFormError(rows.length === 0 ? 'Enter the date of at least one core group; nothing has been recorded.' : 'Some rows need correcting; nothing has been recorded.')
      return
    }
    setErrors({})
    try {
      const result = await save.mutateAsync(parsed.data.rows)
      setValues({})
      setDone(result.summary)
    } catch (e) {
      if (isApiError(e, 'VALIDATION') && e.problems.length > 0) {
        setErrors(byPlan(e.problems))
        setFormError(e.message)
      } else setFormError(e instanceof Error ? e.message : 'That could not be saved. Please try again.')
    }
  }

  if (table.rows.length === 0) {
    return (
      <div className="notice notice-info" role="status">
        {done ? <strong>{done} </strong> : null}Every open plan has a core group recorded.
      </div>
    )
  }

  return (
    <form
      className="panel baseline-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
      noValidate
    >
      <div className="baseline-top">
        <div className="field">
          <label htmlFor="baseline-default-chair">Chair, for every row you fill</label>
          <span className="hint" id="baseline-default-chair-hint">
            Usually you. A row&rsquo;s own choice wins.
          </span>
          <ChairSelect id="baseline-default-chair" value={defaultChair} onChange={setDefaultChair} options={chairOptions} describedBy="baseline-default-chair-hint" />
        </div>
        <AddChair onAdded={setDefaultChair} />
        <p className="hint">
          {plural(table.rows.length, 'plan')} listed{table.rowsOmitted > 0 ? `, and ${table.rowsOmitted.toLocaleString('en-GB')} more after these are recorded` : ''}.{' '}
          {filled.length > 0 ? `${plural(filled.length, 'row')} filled.` : ''}
        </p>
      </div>
      <div className="baseline-scroll">
        <table className="data-table baseline-table">
          <caption className="visually-hidden">Plans with no core group recorded: enter each one&rsquo;s latest core group</caption>
          <thead>
            <tr>
              <th scope="col">Child</th>
              <th scope="col">Plan start</th>
              <th scope="col">Latest core group</th>
              <th scope="col">Chair</th>
              <th scope="col">Who attended</th>
              <th scope="col">The meeting covered</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => {
              const v = row(r.planId)
              const err = (f: string) => errors[`${r.planId}:${f}`]
              const dateId = `bl-date-${r.planId}`
              const rowError = err('date') ?? err('planId') ?? err('')
              return (
                <tr key={r.planId} className={v.date ? 'filled' : undefined}>
                  <th scope="row">
                    {r.childName}
                    <span className="hint">Plan {r.planId}</span>
                  </th>
                  <td>{formatUK(r.planStart)}</td>
                  <td>
                    <input
                      id={dateId}
                      type="date"
                      className="input"
                      value={v.date}
                      min={r.planStart}
                      max={today}
                      aria-label={`Date of ${r.childName}'s latest core group`}
                      aria-invalid={rowError ? true : undefined}
                      aria-describedby={rowError ? `${dateId}-error` : undefined}
                      onChange={(e) => set(r.planId, { date: e.target.value })}
                    />
                    {v.date && !rowError && <span className="hint date-echo">{formatUK(v.date)}</span>}
                    {rowError && (
                      <p className="inline-error" id={`${dateId}-error`}>
                        {rowError}
                      </p>
                    )}
                  </td>
                  <td>
                    <ChairSelect
                      id={`bl-chair-${r.planId}`}
                      value={v.chairId}
                      onChange={(chairId) => set(r.planId, { chairId })}
                      options={chairOptions}
                      label={`Chair of ${r.childName}'s latest core group`}
                      placeholder={defaultChair ? 'As above' : 'Choose…'}
                      invalid={err('chairId')}
                    />
                  </td>
                  <td>
                    {r.known.length === 0 ? (
                      <span className="hint">No worker or member known</span>
                    ) : (
                      <fieldset className="choice-group baseline-people">
                        <legend className="visually-hidden">Who attended {r.childName}&rsquo;s latest core group</legend>
                        {r.known.map((p) => (
                          <label key={p.id} className="check-line">
                            <input
                              type="checkbox"
                              checked={v.attended.includes(p.id)}
                              onChange={(e) =>
                                set(r.planId, { attended: e.target.checked ? [...v.attended, p.id] : v.attended.filter((x) => x !== p.id) })
                              }
                            />
                            <span>
                              {p.name} <span className="hint inline">{ROLE_LABELS[p.role] ?? p.role}, {p.why}</span>
                            </span>
                          </label>
                        ))}
                        {err('attended') && <p className="inline-error">{err('attended')}</p>}
                      </fieldset>
                    )}
                  </td>
                  <td>
                    <fieldset className="choice-group baseline-covered">
                      <legend className="visually-hidden">What {r.childName}&rsquo;s latest core group covered</legend>
                      {(
                        [
                          ['planAvailable', 'Plan available'],
                          ['childViewsRecorded', 'Child’s views recorded'],
                          ['riskReviewed', 'Risk reviewed'],
                        ] as const
                      ).map(([key, label]) => (
                        <label key={key} className="check-line">
                          <input type="checkbox" checked={v[key]} onChange={(e) => set(r.planId, { [key]: e.target.checked })} />
                          <span>{label}</span>
                        </label>
                      ))}
                    </fieldset>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {formError && (
        <div className="notice notice-error" role="alert">
          <strong>{formError}</strong>
        </div>
      )}
      <div className="import-buttons">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Recording…' : filled.length > 0 ? `Record ${plural(filled.length, 'core group')}` : 'Record core groups'}
        </button>
        <span role="status" className="export-message">
          {done ?? ''}
        </span>
      </div>
    </form>
  )
}

function ChairSelect({
  id,
  value,
  onChange,
  options,
  label,
  placeholder = 'Choose…',
  describedBy,
  invalid,
}: {
  id: string
  value: string
  onChange(v: string): void
  options: { chairs: { id: string; name: string; role: string }[]; others: { id: string; name: string; role: string }[] }
  label?: string
  placeholder?: string
  describedBy?: string
  invalid?: string | undefined
}) {
  return (
    <>
      <select
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-label={label}
        aria-describedby={invalid ? `${id}-error` : describedBy}
        aria-invalid={invalid ? true : undefined}
      >
        <option value="">{placeholder}</option>
        {options.chairs.length > 0 && (
          <optgroup label="Chairs and managers">
            {options.chairs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({ROLE_LABELS[p.role] ?? p.role})
              </option>
            ))}
          </optgroup>
        )}
        {options.others.length > 0 && (
          <optgroup label="Others">
            {options.others.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({ROLE_LABELS[p.role] ?? p.role})
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {invalid && (
        <p className="inline-error" id={`${id}-error`}>
          {invalid}
        </p>
      )}
    </>
  )
}

/**
 * An SSD or Annex A caseload holds only the allocated workers, so the chair is often not in it yet:
 * add them (a professional with the role CP chair) without leaving the table.
 */
function AddChair({ onAdded }: { onAdded(id: string): void }) {
  const add = useSave('record:professional')
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [added, setAdded] = useState<string | null>(null)
  const submit = async () => {
    setError(null)
    setAdded(null)
    if (name.trim() === '') {
      setError('Enter the chair’s name.')
      return
    }
    try {
      const saved = await add.mutateAsync({ name: name.trim(), role: 'cp-chair', agency: "Children's Social Care", email: null, phone: null })
      onAdded(saved.id)
      setAdded(`Added ${name.trim()} and chose them as the chair.`)
      setName('')
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The chair could not be added.')
    }
  }
  return (
    <div className="field add-chair">
      <label htmlFor="baseline-new-chair">Not in the list? Add a chair</label>
      <div className="add-chair-row">
        <input
          id="baseline-new-chair"
          className="input"
          value={name}
          autoComplete="name"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'baseline-new-chair-error' : undefined}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            // Enter adds the chair here instead of submitting the whole table.
            if (e.key === 'Enter') {
              e.preventDefault()
              void submit()
            }
          }}
        />
        <button type="button" className="button secondary" disabled={add.isPending} onClick={() => void submit()}>
          Add
        </button>
      </div>
      {error && (
        <p className="inline-error" id="baseline-new-chair-error">
          {error}
        </p>
      )}
      <span role="status" className="hint">
        {added ?? ''}
      </span>
    </div>
  )
}
