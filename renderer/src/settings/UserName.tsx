/**
 * The user's own name, for "recorded by" and the change history: asked once (a banner after
 * unlocking, until it is given) and changed in Settings. It is kept inside the encrypted caseload.
 */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { contract } from '../../../shared/ipc-contract'
import { call } from '../api/client'
import { ErrorSummary, TextField, useForm } from '../forms/form'

const USER_KEY = ['settings', 'user'] as const

function useUser() {
  return useQuery({ queryKey: USER_KEY, queryFn: () => call('settings:user-get', {}) })
}

function useSaveUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name: string }) => call('settings:user-set', input),
    onSuccess: (data) => {
      queryClient.setQueryData(USER_KEY, data)
      void queryClient.invalidateQueries({ queryKey: ['caseload', 'history'] })
    },
  })
}

function NameForm({ initial, label, saveLabel, onSaved }: { initial: string; label: string; saveLabel: string; onSaved(name: string): void }) {
  const save = useSaveUser()
  const form = useForm({ name: initial })
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const r = await form.submit(contract['settings:user-set'].input, { name: form.values.name }, (i) => save.mutateAsync(i))
    if (r?.name) onSaved(r.name)
  }
  return (
    <form className="user-name-form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary form={form as never} labels={{ name: label }} />
      <TextField form={form as never} name="name" label={label} autoComplete="name" hint="As colleagues know you, for example “Ann Hale, CP chair”." />
      <button type="submit" className="button primary" disabled={form.busy}>
        {form.busy ? 'Saving…' : saveLabel}
      </button>
    </form>
  )
}

/** Shown under the header until the user has given their name. */
export function UserNameBanner() {
  const user = useUser()
  const [dismissed, setDismissed] = useState(false)
  if (!user.data || user.data.name !== null || dismissed) return null
  return (
    <section className="banner banner-user" aria-labelledby="user-name-banner">
      <h2 id="user-name-banner" className="banner-title">
        What is your name?
      </h2>
      <p>
        Records you make say who made them. Until you give your name they show the computer account “{user.data.account}”. You are asked once; change it later in
        Settings.
      </p>
      <NameForm initial="" label="Your name" saveLabel="Save my name" onSaved={() => undefined} />
      <button type="button" className="link-button" onClick={() => setDismissed(true)}>
        Not now
      </button>
    </section>
  )
}

/** The Settings panel. */
export function UserNamePanel() {
  const user = useUser()
  const [saved, setSaved] = useState<string | null>(null)
  return (
    <section className="panel" aria-labelledby="user-name-heading">
      <h2 id="user-name-heading">Your name</h2>
      <p className="panel-sub">
        Shown as “recorded by” on supervision sessions and mid-way reviews, and in each case's change history.{' '}
        {user.data && user.data.name === null ? `Not given yet: records show the computer account “${user.data.account}”.` : null}
      </p>
      {user.data && (
        <NameForm key={user.data.name ?? ''} initial={user.data.name ?? ''} label="Your name" saveLabel="Save the name" onSaved={(n) => setSaved(`Saved. New records say they were made by ${n}.`)} />
      )}
      {saved && (
        <p className="notice notice-info" role="status">
          {saved}
        </p>
      )}
    </section>
  )
}
