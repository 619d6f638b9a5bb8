/**
 * The recovery code (shown once, at creation, after a reset, or when an old key file is upgraded),
 * "Forgotten your passphrase?" (a reset with the recovery code), and the screen shown when the
 * background check finds the caseload damaged.
 */
import { BusySubmit } from './busy-submit'
import { useId, useState, type FormEvent } from 'react'
import { PASSPHRASE_MIN_LENGTH } from '../../../shared/passphrase-rules'
import { useMutation, useQuery } from '@tanstack/react-query'
import type { OutputOf } from '../../../shared/ipc-contract'
import { call, isApiError } from '../api/client'
import { useSessionChange } from '../api/queries'
import { useHeadingFocus } from '../useHeadingFocus'
import './recovery.css'

type WithCode = OutputOf<'session:reset-passphrase'>

/** Where the user is told to keep the code: the same words at creation, reset and upgrade. */
export function RecoveryAdvice() {
  return (
    <ul className="recovery-advice">
      <li>
        Keep it where your team keeps such secrets: the authority&rsquo;s <strong>password manager</strong>, or a{' '}
        <strong>sealed envelope in the team&rsquo;s safe</strong>, with the name of this caseload on it.
      </li>
      <li>Never on this laptop, in an e-mail, or written down with the passphrase.</li>
      <li>Whoever has it can open the caseload without the passphrase, so treat it like the passphrase.</li>
    </ul>
  )
}

/** The new code, once, and a confirmation that it has been stored before going on. */
export function RecoveryCodeShown({ code, reason, onDone }: { code: string; reason: 'created' | 'reset' | 'upgraded' | 'replaced'; onDone: () => void }) {
  const id = useId()
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const [stored, setStored] = useState(false)
  const intro = {
    created: 'Your caseload has been created. If the passphrase is ever forgotten, this recovery code is the only way back into it.',
    reset: 'Your passphrase has been reset. The recovery code you used no longer works: here is its replacement.',
    upgraded: 'Your caseload now has a recovery code. If the passphrase is ever forgotten, it is the only way back into the caseload.',
    replaced: 'This is the new recovery code. The old one no longer opens the caseload.',
  }[reason]
  const inSettings = reason === 'upgraded' || reason === 'replaced'
  const Heading = inSettings ? 'h3' : 'h1'
  return (
    <div>
      <Heading ref={heading} tabIndex={-1}>
        Store your recovery code
      </Heading>
      <p className="muted">{intro}</p>
      <p className="recovery-code" aria-label={`Recovery code: ${code.split('').join(' ')}`} data-testid="recovery-code">
        {code.split('-').map((group, i) => (
          <span key={i}>{group}</span>
        ))}
      </p>
      <p>
        <strong>It is shown only this once.</strong> Write it down or save it now:
      </p>
      <RecoveryAdvice />
      <div className="field checkbox">
        <input id={`${id}-stored`} type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
        <label htmlFor={`${id}-stored`}>I have stored the recovery code somewhere safe, away from this computer</label>
      </div>
      <button type="button" className="button primary wide" disabled={!stored} onClick={onDone}>
        {inSettings ? 'Done' : 'Continue to the caseload'}
      </button>
    </div>
  )
}

/** Drops the one-time code before the state becomes the session's (it must not stay in the cache). */
function withoutCode(state: WithCode) {
  const { recoveryCode: _code, ...rest } = state
  return rest
}

export function ForgottenForm({ onCancel }: { onCancel: () => void }) {
  const id = useId()
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const setSession = useSessionChange()
  const [code, setCode] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [confirm, setConfirm] = useState('')
  const [tried, setTried] = useState(false)
  const reset = useMutation({ mutationFn: (input: { recoveryCode: string; newPassphrase: string }) => call('session:reset-passphrase', input) })
  const tooShort = passphrase.length < PASSPHRASE_MIN_LENGTH
  const mismatch = confirm !== passphrase
  const noCode = code.trim().length === 0

  if (reset.data?.recoveryCode) {
    const state = reset.data
    return (
      <RecoveryCodeShown
        code={state.recoveryCode!}
        reason="reset"
        onDone={() => {
          reset.reset()
          setSession(withoutCode(state))
        }}
      />
    )
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    if (noCode || tooShort || mismatch || reset.isPending) return
    reset.mutate({ recoveryCode: code, newPassphrase: passphrase })
  }
  const wrongCode = isApiError(reset.error, 'WRONG_RECOVERY_CODE') || isApiError(reset.error, 'BAD_INPUT')
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={reset.isPending}>
      <h1 ref={heading} tabIndex={-1}>
        Forgotten your passphrase?
      </h1>
      <p className="muted">
        Use the recovery code you were given when the caseload was created (in your team&rsquo;s password manager or sealed envelope) to choose a
        new passphrase. Nothing in the caseload changes.
      </p>
      <div className="field">
        <label htmlFor={`${id}-code`}>Recovery code</label>
        <span className="hint" id={`${id}-code-hint`}>
          30 letters and digits in groups of five. Spaces, dashes and lower case do not matter.
        </span>
        <input
          id={`${id}-code`}
          className="input"
          autoComplete="off"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={(tried && noCode) || wrongCode || undefined}
          aria-describedby={`${id}-code-hint`}
          disabled={reset.isPending}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-p`}>New passphrase</label>
        <input
          id={`${id}-p`}
          className="input"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-invalid={(tried && tooShort) || undefined}
          disabled={reset.isPending}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-c`}>Type it again</label>
        <input
          id={`${id}-c`}
          className="input"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          aria-invalid={(tried && mismatch) || undefined}
          disabled={reset.isPending}
        />
      </div>
      {tried && (noCode || tooShort || mismatch) && (
        <p className="field-error" role="alert">
          {noCode ? 'Enter the recovery code.' : tooShort ? `The new passphrase needs at least ${PASSPHRASE_MIN_LENGTH} characters.` : 'The two passphrases are not the same.'}
        </p>
      )}
      {reset.isError && (
        <p className="field-error" role="alert">
          {reset.error.message}
        </p>
      )}
      <BusySubmit busy={reset.isPending} label="Reset the passphrase" busyLabel="Resetting…" />
      <p className="forgotten">
        <button type="button" className="link-button" onClick={onCancel}>
          Back to unlocking with the passphrase
        </button>
      </p>
    </form>
  )
}

export function useIntegrity() {
  return useQuery({
    queryKey: ['integrity'],
    queryFn: () => call('session:integrity', {}),
    refetchInterval: (query) => (query.state.data?.state === 'damaged' || query.state.data?.state === 'sound' ? false : 1500),
    retry: false,
    staleTime: Infinity,
  })
}

/**
 * The caseload failed its check after unlock. Saves are refused in the core already; this screen
 * says what is damaged and the two ways on: restore the latest good backup, or save what can still
 * be read before anything else.
 */
export function DamagedScreen({
  problems,
  location,
  onRestore,
  onKeepReading,
  onLock,
}: {
  problems: string[]
  location: string
  onRestore: () => void
  onKeepReading: () => void
  onLock: () => void
}) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  return (
    <main id="main" className="damaged-page">
      <h1 ref={heading} tabIndex={-1}>
        This caseload is damaged
      </h1>
      <div className="notice notice-error" role="alert">
        <p>
          <strong>Driftwatch has stopped saving changes</strong> so that the damage does not spread or hide. What the check found:
        </p>
        <ul className="problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      </div>
      <p>
        Damage like this comes from the disk or from the file being copied or edited while in use, not from anything you recorded. Your
        passphrase is fine.
      </p>
      <div className="choices">
        <section className="panel choice" aria-labelledby="restore-heading">
          <h2 id="restore-heading">Restore the latest good backup</h2>
          <p>Driftwatch verifies every backup when it is made. Restoring puts the caseload back as it was then; anything recorded since needs recording again.</p>
          <button type="button" className="button primary" onClick={onRestore}>
            Go to backups in Settings
          </button>
        </section>
        <section className="panel choice" aria-labelledby="salvage-heading">
          <h2 id="salvage-heading">Or save what can still be read</h2>
          <p>
            If there is no backup, keep reading what is left (nothing will be saved), and ask your IT service to save every record that can
            still be read with <code>npm run cli -- salvage --db {location} --out salvaged.json</code>.
          </p>
          <button type="button" className="button secondary" onClick={onKeepReading}>
            Keep reading, without saving
          </button>
        </section>
      </div>
      <p>
        <button type="button" className="link-button" onClick={onLock}>
          Lock the caseload
        </button>
      </p>
    </main>
  )
}

/** Settings: a new recovery code when the old one is lost or may have been seen. */
export function RecoveryCodePanel() {
  const id = useId()
  const [passphrase, setPassphrase] = useState('')
  const make = useMutation({ mutationFn: (input: { passphrase: string }) => call('session:new-recovery-code', input) })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (passphrase.length === 0 || make.isPending) return
    make.mutate({ passphrase }, { onSettled: () => setPassphrase('') })
  }
  const code = make.data?.recoveryCode
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Recovery code</h2>
      <p className="panel-sub">
        The recovery code opens the caseload if the passphrase is forgotten. If it has been lost, or someone else may have seen it, make a new
        one: the old one stops working at once.
      </p>
      {code ? (
        <RecoveryCodeShown code={code} reason="replaced" onDone={() => make.reset()} />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-p`}>Current passphrase</label>
            <input
              id={`${id}-p`}
              className="input"
              type="password"
              autoComplete="current-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              aria-invalid={isApiError(make.error, 'WRONG_PASSPHRASE') || undefined}
              disabled={make.isPending}
            />
          </div>
          {make.isError && (
            <p className="field-error" role="alert">
              {isApiError(make.error, 'WRONG_PASSPHRASE') ? 'That passphrase is not right. Nothing has been changed.' : make.error.message}
            </p>
          )}
          <div className="settings-buttons">
            <button type="submit" className="button secondary" disabled={make.isPending || passphrase.length === 0}>
              {make.isPending ? 'Making a new code…' : 'Make a new recovery code'}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
