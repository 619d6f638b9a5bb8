import { useId, useState, type FormEvent } from 'react'
import { PASSPHRASE_MIN_LENGTH } from '../../../shared/passphrase-rules'
import type { SessionState } from '../../../shared/ipc-contract'
import { isApiError } from '../api/client'
import { useCreate, useSessionChange, useUnlock } from '../api/queries'
import { useHeadingFocus } from '../useHeadingFocus'
import { ForgottenForm, RecoveryCodeShown } from './Recovery'
import { BusySubmit } from './busy-submit'
import { Loading } from '../components/Status'

export const WRONG_PASSPHRASE_MESSAGE = 'That passphrase is not right. Nothing has been changed.'

/** A rough guide from length and variety; it never blocks anything but the minimum length (shared/passphrase-rules.ts). */
export function passphraseStrength(p: string): { level: 0 | 1 | 2 | 3; text: string } {
  if (p.length === 0) return { level: 0, text: `Use at least ${PASSPHRASE_MIN_LENGTH} characters. A few unrelated words make a strong passphrase.` }
  if (p.length < PASSPHRASE_MIN_LENGTH) {
    const missing = PASSPHRASE_MIN_LENGTH - p.length
    return { level: 0, text: `Too short: ${missing} more character${missing === 1 ? '' : 's'} needed.` }
  }
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length
  const words = p.trim().split(/\s+/).length
  if (p.length >= 20 || (p.length >= 14 && (kinds >= 3 || words >= 3))) return { level: 3, text: 'Hard to guess.' }
  if (p.length >= 12 || (p.length >= 10 && kinds >= 3)) return { level: 2, text: 'Fair. Longer is stronger: add another word.' }
  return { level: 1, text: 'Weak. Make it longer, or mix in words, numbers and symbols.' }
}

const STRENGTH_NAMES = ['Too short', 'Weak', 'Fair', 'Strong'] as const

export function UnlockScreen({ session }: { session: SessionState }) {
  const creating = session.state === 'no-caseload'
  const [forgotten, setForgotten] = useState(false)
  return (
    <div className="unlock-page">
      <main id="main" className="unlock-card">
        <p className="brand-name large">Driftwatch</p>
        {creating ? (
          <CreateForm location={session.location} />
        ) : forgotten ? (
          <ForgottenForm onCancel={() => setForgotten(false)} />
        ) : (
          <UnlockForm location={session.location} onForgotten={() => setForgotten(true)} />
        )}
      </main>
    </div>
  )
}

function UnlockForm({ location, onForgotten }: { location: string; onForgotten: () => void }) {
  const id = useId()
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const [passphrase, setPassphrase] = useState('')
  const unlock = useUnlock()
  const wrong = isApiError(unlock.error, 'WRONG_PASSPHRASE')
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (passphrase.length > 0 && !unlock.isPending) unlock.mutate(passphrase)
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={unlock.isPending}>
      <h1 ref={heading} tabIndex={-1}>
        Unlock your caseload
      </h1>
      <p className="muted">The caseload on this computer is encrypted. Enter your passphrase to open it.</p>
      <div className="field">
        <label htmlFor={`${id}-p`}>Passphrase</label>
        <input
          id={`${id}-p`}
          className="input"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-invalid={wrong || undefined}
          aria-describedby={unlock.isError ? `${id}-err` : undefined}
          disabled={unlock.isPending}
          required
        />
      </div>
      {unlock.isError && (
        <p id={`${id}-err`} className="field-error" role="alert">
          {wrong ? WRONG_PASSPHRASE_MESSAGE : unlock.error.message}
        </p>
      )}
      <BusySubmit busy={unlock.isPending} disabled={passphrase.length === 0} label="Unlock" busyLabel="Unlocking…" />
      <p className="forgotten">
        <button type="button" className="link-button" onClick={onForgotten}>
          Forgotten your passphrase?
        </button>
      </p>
      <p className="location">
        Caseload file: <code>{location}</code>
      </p>
    </form>
  )
}

function CreateForm({ location }: { location: string }) {
  const id = useId()
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const [passphrase, setPassphrase] = useState('')
  const [confirm, setConfirm] = useState('')
  const [withDemo, setWithDemo] = useState(false)
  const [tried, setTried] = useState(false)
  const create = useCreate()
  const setSession = useSessionChange()
  const strength = passphraseStrength(passphrase)
  const tooShort = passphrase.length < PASSPHRASE_MIN_LENGTH
  const mismatch = confirm !== passphrase
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    if (tooShort || mismatch || create.isPending) return
    create.mutate({ passphrase, withDemo })
  }
  if (create.data?.recoveryCode) {
    const { recoveryCode, ...state } = create.data
    return (
      <RecoveryCodeShown
        code={recoveryCode}
        reason="created"
        onDone={() => {
          create.reset()
          setSession(state)
        }}
      />
    )
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={create.isPending}>
      <h1 ref={heading} tabIndex={-1}>
        Create your caseload
      </h1>
      <p className="muted">
        Driftwatch keeps your caseload on this computer, encrypted with a passphrase you choose. Next you will be given a recovery code:
        the only way back in if the passphrase is forgotten.
      </p>
      <div className="field">
        <label htmlFor={`${id}-p`}>Choose a passphrase</label>
        <input
          id={`${id}-p`}
          className="input"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-describedby={`${id}-strength`}
          aria-invalid={(tried && tooShort) || undefined}
          disabled={create.isPending}
        />
        <div className="strength" id={`${id}-strength`} aria-live="polite">
          <span className={`strength-meter level-${strength.level}`} aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>
            <strong>{STRENGTH_NAMES[strength.level]}</strong>
            {strength.level > 0 ? ` — ${strength.text}` : `. ${strength.text}`}
          </span>
        </div>
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
          aria-describedby={tried && mismatch ? `${id}-mismatch` : undefined}
          disabled={create.isPending}
        />
        {tried && mismatch && (
          <p id={`${id}-mismatch`} className="field-error">
            The two passphrases are not the same.
          </p>
        )}
      </div>
      <div className="field checkbox">
        <input
          id={`${id}-demo`}
          type="checkbox"
          checked={withDemo}
          onChange={(e) => setWithDemo(e.target.checked)}
          disabled={create.isPending}
        />
        <label htmlFor={`${id}-demo`}>
          Start with the demo caseload (fictional)
          <span className="hint">A made-up caseload to try Driftwatch with. Nothing in it is real.</span>
        </label>
      </div>
      {tried && tooShort && (
        <p className="field-error" role="alert">
          The passphrase needs at least {PASSPHRASE_MIN_LENGTH} characters.
        </p>
      )}
      {create.isError && (
        <p className="field-error" role="alert">
          {create.error.message}
        </p>
      )}
      <BusySubmit busy={create.isPending} label="Create caseload" busyLabel="Creating…" />
      <p className="location">
        It will be saved at <code>{location}</code>
      </p>
    </form>
  )
}

/**
 * Shown from the moment the caseload starts to lock (the Lock button, or the host's idle lock seen
 * by the page's watch) until it is locked. Why a screen of its own: the lock makes its automatic
 * backup first, which at an authority's size takes up to a minute, and the caseload must be off the
 * screen from the first moment, not when the backup ends.
 */
export function LockingScreen() {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  return (
    <div className="unlock-page">
      <main id="main" className="unlock-card" aria-busy="true">
        <p className="brand-name large">Driftwatch</p>
        <h1 ref={heading} tabIndex={-1}>
          Locking the caseload
        </h1>
        <p className="lede">Nothing from the caseload is shown now. It is being backed up before it locks: for a large caseload this can take up to a minute.</p>
        <Loading label="Backing up, then locking" />
      </main>
    </div>
  )
}
