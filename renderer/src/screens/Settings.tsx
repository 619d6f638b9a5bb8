/**
 * Settings: the authority's drift timescales (each with its default, and a reset), the official
 * bank holidays file, the SSD extract's allocated-worker roles, and changing the passphrase.
 */
import { PASSPHRASE_MIN_LENGTH } from '../../../shared/passphrase-rules'
import { useState, type FormEvent } from 'react'
import { z } from 'zod'
import { driftPolicySchema, type DriftPolicy } from '../../../shared/drift-policy'
import { formatUK } from '../../../shared/civil-date'
import { contract } from '../../../shared/ipc-contract'
import { ApiError, isApiError } from '../api/client'
import { RecoveryCodePanel, RecoveryCodeShown } from './Recovery'
import { useChangePassphrase, usePolicy, useSettingsChange } from '../api/records'
import { ErrorNotice, Loading } from '../components/Status'
import { ConfirmDialog, ErrorSummary, TextField, useForm } from '../forms/form'
import { useHeadingFocus } from '../useHeadingFocus'
import { AccessLogPanel } from './AccessLogPanel'
import { UserNamePanel } from '../settings/UserName'
import { BackupsPanel } from './BackupsPanel'
import { SsdRolesPanel } from '../settings/SsdRoles'

type Flat = Record<string, string>

/** Every timescale of the policy, in plain words, by its path in the policy. */
const FIELDS: { key: string; label: string; unit: string; group: string }[] = [
  { key: 'firstCoreGroupWorkingDays', label: 'First core group within', unit: 'working days of the initial conference', group: 'Core groups' },
  { key: 'coreGroupIntervalDays', label: 'Core group interval', unit: 'days between core groups', group: 'Core groups' },
  { key: 'distributionWorkingDays', label: 'Decisions sent within', unit: 'working days of the meeting', group: 'Core groups' },
  { key: 'distributionLookbackDays', label: 'Check decisions of meetings in the last', unit: 'days', group: 'Core groups' },
  { key: 'reviewAfterInitialMonths', label: 'First review conference within', unit: 'months of the initial conference', group: 'Conferences and plans' },
  { key: 'reviewAfterReviewMonths', label: 'Later review conferences every', unit: 'months', group: 'Conferences and plans' },
  { key: 'longPlanMediumMonths', label: 'Long plan (medium) after', unit: 'months', group: 'Conferences and plans' },
  { key: 'longPlanHighMonths', label: 'Long plan (high) after', unit: 'months', group: 'Conferences and plans' },
  { key: 'staleActionDays', label: 'Action not reviewed after', unit: 'days without activity', group: 'Actions' },
  { key: 'visitWorkingDays', label: 'Statutory visit every', unit: 'working days', group: 'Visits and workers' },
  { key: 'workerChangeLookbackDays', label: 'Worker change counts for', unit: 'days', group: 'Visits and workers' },
  { key: 'workerChangeRepeatLookbackDays', label: 'Repeated changes looked for over', unit: 'days', group: 'Visits and workers' },
  { key: 'workerChangeRepeatCount', label: 'Repeated means at least', unit: 'changes', group: 'Visits and workers' },
  { key: 'disagreementStageWorkingDays.0', label: 'Disagreement stage 1 limit', unit: 'working days', group: 'Disagreements' },
  { key: 'disagreementStageWorkingDays.1', label: 'Stage 2 limit', unit: 'working days', group: 'Disagreements' },
  { key: 'disagreementStageWorkingDays.2', label: 'Stage 3 limit', unit: 'working days', group: 'Disagreements' },
  { key: 'disagreementStageWorkingDays.3', label: 'Stage 4 limit', unit: 'working days', group: 'Disagreements' },
  { key: 'disagreementCapWorkingDays', label: 'Resolved within overall', unit: 'working days of raising it', group: 'Disagreements' },
  { key: 'riskSafetyThreshold', label: 'Low safety score at or below', unit: 'out of 10', group: 'Risk' },
  { key: 'dueSoonWorkingDays.first-core-group-overdue', label: 'Warn of a first core group', unit: 'working days ahead', group: 'Due-soon warnings (0 = none)' },
  { key: 'dueSoonWorkingDays.core-group-overdue', label: 'Warn of a core group', unit: 'working days ahead', group: 'Due-soon warnings (0 = none)' },
  { key: 'dueSoonWorkingDays.review-conference-overdue', label: 'Warn of a review conference', unit: 'working days ahead', group: 'Due-soon warnings (0 = none)' },
  { key: 'dueSoonWorkingDays.action-overdue', label: 'Warn of an action due', unit: 'working days ahead', group: 'Due-soon warnings (0 = none)' },
  { key: 'dueSoonWorkingDays.visit-overdue', label: 'Warn of a visit due', unit: 'working days ahead', group: 'Due-soon warnings (0 = none)' },
]
const LABELS = Object.fromEntries(FIELDS.map((f) => [f.key, f.label]))

/** The policy's own names inside a reason ("must not be less than longPlanMediumMonths") in words. */
export function policyReasonInWords(reason: string): string {
  return reason.replace(/\b[a-z]+(?:[A-Z][a-z]+)+\b/g, (name) => {
    const f = FIELDS.find((x) => x.key === name)
    return f ? `“${f.label}”` : name
  })
}

/** Every field must hold a number: an emptied one is an error, never silently the default. */
function allFilled(defaults: DriftPolicy) {
  return z
    .any()
    .superRefine((values: Flat, ctx) => {
      for (const f of FIELDS) {
        if ((values[f.key] ?? '').trim() !== '') continue
        const [head, tail] = f.key.split('.') as [string, string | undefined]
        const path = tail === undefined ? [head] : head === 'disagreementStageWorkingDays' ? [head, Number(tail)] : [head, tail]
        ctx.addIssue({ code: 'custom', path, message: `is empty: type a number (the default is ${getPath(defaults, f.key)})` })
      }
      // The other fields' problems in the same round (an emptied field is left to its own message).
      const rest = driftPolicySchema.safeParse(unflatten(values))
      if (!rest.success) for (const i of rest.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message })
    })
    .transform((values: Flat) => unflatten(values))
    .pipe(driftPolicySchema)
}

function getPath(policy: DriftPolicy, key: string): number {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], policy) as number
}

function flatten(policy: DriftPolicy): Flat {
  return Object.fromEntries(FIELDS.map((f) => [f.key, String(getPath(policy, f.key))]))
}

function unflatten(values: Flat): unknown {
  const out: Record<string, unknown> = { disagreementStageWorkingDays: [], dueSoonWorkingDays: {} }
  for (const f of FIELDS) {
    const raw = values[f.key] ?? ''
    const n = raw.trim() === '' ? undefined : Number(raw)
    const [head, tail] = f.key.split('.') as [string, string | undefined]
    if (tail === undefined) out[head] = n
    else if (head === 'disagreementStageWorkingDays') (out[head] as unknown[])[Number(tail)] = n
    else (out[head] as Record<string, unknown>)[tail] = n
  }
  return out
}

export function SettingsScreen() {
  const heading = useHeadingFocus<HTMLHeadingElement>('settings')
  const policy = usePolicy()
  // Kept here: the panel is rebuilt from the saved policy after each save or reset.
  const [policyMessage, setPolicyMessage] = useState<string | null>(null)
  return (
    <div className="screen settings">
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          Settings
        </h1>
        <p className="lede">These apply to this caseload only and are kept inside it, encrypted.</p>
      </div>
      {policy.isPending && <Loading label="Reading the settings" />}
      {policy.isError && <ErrorNotice error={policy.error} onRetry={() => void policy.refetch()} />}
      {policy.data && <PolicyPanel key={JSON.stringify(policy.data.policy)} policy={policy.data.policy} defaults={policy.data.defaults} message={policyMessage} onMessage={setPolicyMessage} />}
      <UserNamePanel />
      <BackupsPanel />
      <BankHolidaysPanel />
      <SsdRolesPanel />
      <PassphrasePanel />
      <AccessLogPanel />
      <RecoveryCodePanel />
    </div>
  )
}

function PolicyPanel({ policy, defaults, message: saved, onMessage: setSaved }: { policy: DriftPolicy; defaults: DriftPolicy; message: string | null; onMessage(m: string | null): void }) {
  const form = useForm<Flat>(() => flatten(policy))
  const save = useSettingsChange('settings:policy-set')
  const reset = useSettingsChange('settings:policy-reset')
  const [confirmReset, setConfirmReset] = useState(false)
  const groups = [...new Set(FIELDS.map((f) => f.group))]
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSaved(null)
    const r = await form.submit(allFilled(defaults), form.values, (p) => save.mutateAsync({ policy: p }))
    // The policy's own paths (`coreGroupIntervalDays`, `policy.dueSoonWorkingDays.visit-overdue`) → field keys.
    if (r) setSaved('Saved. Every screen now uses these timescales.')
  }
  const resetFields = () => {
    for (const f of FIELDS) form.set(f.key, String(getPath(defaults, f.key)))
  }
  const changed = FIELDS.filter((f) => getPath(policy, f.key) !== getPath(defaults, f.key)).length
  return (
    <section className="panel" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Timescales</h2>
      <p className="panel-sub">
        The drift rules use these. Each shows the default in brackets. {changed === 0 ? 'All are the defaults.' : `${changed} differ from the defaults.`}
      </p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={{ ...form, errors: mapPolicyErrors(form.errors) } as never} labels={LABELS} />
        {groups.map((g) => (
          <fieldset key={g} className="choice-group">
            <legend>{g}</legend>
            <div className="policy-grid">
              {FIELDS.filter((f) => f.group === g).map((f) => (
                <TextField
                  key={f.key}
                  form={{ ...form, errorFor: (n: string) => mapPolicyErrors(form.errors)[n] } as never}
                  name={f.key}
                  label={f.label}
                  type="number"
                  hint={`${f.unit} (default ${getPath(defaults, f.key)})`}
                />
              ))}
            </div>
          </fieldset>
        ))}
        {saved && (
          <p className="notice notice-info" role="status">
            {saved}
          </p>
        )}
        <div className="settings-buttons">
          <button type="submit" className="button primary" disabled={form.busy}>
            {form.busy ? 'Saving…' : 'Save the timescales'}
          </button>
          <button type="button" className="button secondary" onClick={() => setConfirmReset(true)}>
            Reset to the defaults
          </button>
        </div>
      </form>
      {confirmReset && (
        <ConfirmDialog title="Reset every timescale?" confirmLabel="Yes, reset to the defaults" onClose={() => setConfirmReset(false)} onConfirm={() =>
            reset.mutateAsync({}).then(() => {
              resetFields()
              setSaved('Every timescale is back to its default.')
            })
          }
        >
          <p>Every timescale goes back to the default shown beside it. The findings change at once.</p>
        </ConfirmDialog>
      )}
    </section>
  )
}

/** zod paths for the tuple are numbers (`disagreementStageWorkingDays[1]`); fields use dots. */
function mapPolicyErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k.replace(/^policy\./, '').replace(/\[(\d+)\]/g, '.$1').replace(/\["?([^"\]]+)"?\]/g, '.$1'), policyReasonInWords(v)]),
  )
}

function BankHolidaysPanel() {
  const importIt = useSettingsChange('settings:bank-holidays-import')
  const [result, setResult] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const onFile = async (file: File | undefined) => {
    setResult(null)
    setError(null)
    if (!file) return
    const json = await file.text()
    const check = contract['settings:bank-holidays-import'].input.safeParse({ json })
    if (!check.success) {
      setError(`That file cannot be used: ${check.error.issues[0]?.message ?? 'it is not valid'}.`)
      return
    }
    try {
      const r = await importIt.mutateAsync({ json })
      setResult(`Imported ${r.holidays} bank holidays, known from ${formatUK(r.knownFrom)} to ${formatUK(r.knownUntil)}. Working days are counted with them from now on.`)
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That file could not be imported.')
    }
  }
  return (
    <section className="panel" aria-labelledby="holidays-heading">
      <h2 id="holidays-heading">Bank holidays</h2>
      <p className="panel-sub">
        Deadlines in working days skip England and Wales bank holidays. Driftwatch ships a list; when GOV.UK publishes new years, download bank-holidays.json from
        https://www.gov.uk/bank-holidays.json and choose it here.
      </p>
      <div className="field">
        <label htmlFor="bank-holidays-file">The bank-holidays.json file</label>
        <input
          id="bank-holidays-file"
          type="file"
          accept="application/json,.json"
          aria-describedby={error ? 'bank-holidays-error' : undefined}
          aria-invalid={error ? true : undefined}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </div>
      {error && (
        <p id="bank-holidays-error" className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p className="notice notice-info" role="status">
          {result}
        </p>
      )}
    </section>
  )
}

const PASSPHRASE_LABELS = { oldPassphrase: 'Current passphrase', newPassphrase: 'New passphrase', confirm: 'The new passphrase typed again' }

function PassphrasePanel() {
  const change = useChangePassphrase()
  const form = useForm({ oldPassphrase: '', newPassphrase: '', confirm: '' })
  const [done, setDone] = useState(false)
  // A caseload from before recovery codes gets one at its first passphrase change: shown once, here.
  const [newCode, setNewCode] = useState<string | null>(null)
  const schema = contract['session:change-passphrase'].input
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setDone(false)
    const v = form.values
    const input = { oldPassphrase: v.oldPassphrase, newPassphrase: v.newPassphrase }
    const r = await form.submit(
      schema.refine(() => v.confirm === v.newPassphrase, { message: 'is not the same as the new passphrase', path: ['confirm'] }),
      input,
      (i) =>
        change.mutateAsync(i).catch((e: unknown) => {
          // A wrong current passphrase belongs beside that field.
          if (isApiError(e, 'WRONG_PASSPHRASE')) throw new ApiError('VALIDATION', e.message, [{ path: '$.oldPassphrase', reason: 'is not right. Nothing has been changed' }])
          throw e
        }),
    )
    if (r) {
      setDone(true)
      setNewCode(r.recoveryCode)
      form.set('oldPassphrase', '')
      form.set('newPassphrase', '')
      form.set('confirm', '')
    }
  }
  return (
    <section className="panel" aria-labelledby="passphrase-heading">
      <h2 id="passphrase-heading">Change the passphrase</h2>
      <p className="panel-sub">The caseload's key is re-wrapped under the new passphrase; the caseload itself is not rewritten. The recovery code stays the same.</p>
      {newCode && <RecoveryCodeShown code={newCode} reason="upgraded" onDone={() => setNewCode(null)} />}
      <form onSubmit={submit} noValidate hidden={newCode !== null}>
        <ErrorSummary form={form as never} labels={PASSPHRASE_LABELS} />
        <TextField form={form as never} name="oldPassphrase" label="Current passphrase" type="password" autoComplete="current-password" />
        <TextField form={form as never} name="newPassphrase" label="New passphrase" type="password" autoComplete="new-password" hint={`At least ${PASSPHRASE_MIN_LENGTH} characters; a few unrelated words are best.`} />
        <TextField form={form as never} name="confirm" label="The new passphrase typed again" type="password" autoComplete="new-password" />
        {done && (
          <p className="notice notice-info" role="status">
            The passphrase has been changed. Use the new one next time you unlock.
          </p>
        )}
        <div className="settings-buttons">
          <button type="submit" className="button primary" disabled={form.busy}>
            {form.busy ? 'Changing…' : 'Change the passphrase'}
          </button>
        </div>
      </form>
    </section>
  )
}
