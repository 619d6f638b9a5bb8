/**
 * Settings → the SSD extract's allocated-worker roles (source-formats.md §1.2 step 3: "The role list is
 * a local setting"). An authority whose system writes another code for the allocated social worker
 * (Eclipse's is unconfirmed) adds it here, or the SSD import finds no allocated worker.
 */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { contract } from '../../../shared/ipc-contract'
import { call } from '../api/client'
import { ConfirmDialog, ErrorSummary, TextField, useForm } from '../forms/form'

const ROLES_KEY = ['settings', 'ssd-roles'] as const

/** One role per line; blank lines are left out. Each problem names its line, as the chair sees them. */
const linesSchema = z
  .object({ roles: z.string() })
  .superRefine(({ roles }, ctx) => {
    const lines = roles.split(/\r?\n/)
    const given = lines.filter((l) => l.trim() !== '')
    if (given.length === 0) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'needs at least one role: with none, the SSD import finds no allocated worker for any child' })
    if (given.length > 50) ctx.addIssue({ code: 'custom', path: ['roles'], message: `has ${given.length} roles: 50 at most` })
    lines.forEach((l, i) => {
      if (l.length > 100) ctx.addIssue({ code: 'custom', path: ['roles'], message: `line ${i + 1} is too long (100 characters at most)` })
    })
  })
  .transform(({ roles }) => ({ roles: roles.split(/\r?\n/).filter((l) => l.trim() !== '') }))
  .pipe(contract['settings:ssd-roles-set'].input)

export function SsdRolesPanel() {
  const queryClient = useQueryClient()
  const state = useQuery({ queryKey: ROLES_KEY, queryFn: () => call('settings:ssd-roles-get', {}) })
  const onSuccess = (data: { roles: string[]; defaults: string[] }) => queryClient.setQueryData(ROLES_KEY, data)
  const save = useMutation({ mutationFn: (input: { roles: string[] }) => call('settings:ssd-roles-set', input), onSuccess })
  const reset = useMutation({ mutationFn: () => call('settings:ssd-roles-reset', {}), onSuccess })
  const [message, setMessage] = useState<string | null>(null)
  return (
    <section className="panel" aria-labelledby="ssd-roles-heading">
      <h2 id="ssd-roles-heading">SSD extract: allocated worker roles</h2>
      <p className="panel-sub">
        An SSD import takes a child's allocated social worker from the involvements whose role is one of these (compared without regard to capitals or extra spaces). If your
        system writes another code for the allocated worker, add it here before importing.
      </p>
      {state.data && <RolesForm key={state.data.roles.join('\n')} roles={state.data.roles} defaults={state.data.defaults} save={save.mutateAsync} reset={reset.mutateAsync} message={message} onMessage={setMessage} />}
    </section>
  )
}

function RolesForm({
  roles,
  defaults,
  save,
  reset,
  message,
  onMessage,
}: {
  roles: string[]
  defaults: string[]
  save(input: { roles: string[] }): Promise<{ roles: string[] }>
  reset(): Promise<unknown>
  message: string | null
  onMessage(m: string | null): void
}) {
  const form = useForm({ roles: roles.join('\n') })
  const [confirmReset, setConfirmReset] = useState(false)
  const isDefault = roles.length === defaults.length && roles.every((r, i) => r === defaults[i])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    onMessage(null)
    const r = await form.submit(linesSchema, form.values, (input) => save(input))
    if (r) onMessage(`Saved: the next SSD import takes the allocated worker from ${r.roles.length === 1 ? 'this role' : `these ${r.roles.length} roles`}.`)
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary form={form as never} labels={{ roles: 'Roles' }} />
      <TextField form={form as never} name="roles" label="Roles" multiline hint={`One per line. ${isDefault ? 'These are the defaults.' : `The defaults are: ${defaults.join(', ')}.`}`} />
      {message && (
        <p className="notice notice-info" role="status">
          {message}
        </p>
      )}
      <div className="settings-buttons">
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save the roles'}
        </button>
        {!isDefault && (
          <button type="button" className="button secondary" onClick={() => setConfirmReset(true)}>
            Reset to the defaults
          </button>
        )}
      </div>
      {confirmReset && (
        <ConfirmDialog
          title="Reset the allocated worker roles?"
          confirmLabel="Yes, reset to the defaults"
          onClose={() => setConfirmReset(false)}
          onConfirm={() => reset().then(() => onMessage('The roles are back to the defaults.'))}
        >
          <p>The next SSD import takes the allocated worker from the default roles only: {defaults.join(', ')}.</p>
        </ConfirmDialog>
      )}
    </form>
  )
}
