/** A new child with their plan and its initial conference; a new plan; ending a plan; deleting a record. */
import { useId, useState, type FormEvent } from 'react'
import { useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import { CATEGORIES } from '../../../shared/caseload-format'
import { childInputSchema, planEndInputSchema, planInputSchema, type Saved } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { call } from '../api/client'
import { useInvalidateCaseload, useProfessionals } from '../api/records'
import { CATEGORY_LABELS, ROLE_LABELS } from '../labels'
import { CheckboxField, ConfirmDialog, DateField, Dialog, ErrorSummary, FormButtons, SelectField, TextField, orNull, orUndefined, useForm } from './form'
import { currentPlan, type CaseFormProps } from './recording'

const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] ?? c }))

const CHILD_LABELS = {
  name: "Child's name",
  dateOfBirth: 'Date of birth',
  team: 'Team',
  'plan.startDate': 'Initial conference date',
  'plan.initialCategory': 'Category of the plan',
  'plan.previousPlans': 'Previous plans',
  'plan.socialWorkerId': 'Social worker',
  plan: 'The plan',
}

const NO_WORKER = 'none'

/**
 * The form asks for the worker every time: a person, or "No social worker yet" on purpose. Checked
 * beside the shared schema's own problems, so an empty form shows them all at once.
 */
const newChildSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    const r = childInputSchema.safeParse(v)
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message })
    const plan = (v as { plan?: { socialWorkerId?: unknown } }).plan
    if (plan && plan.socialWorkerId === undefined) ctx.addIssue({ code: 'custom', path: ['plan', 'socialWorkerId'], message: 'is needed: choose who is allocated, or “No social worker yet”' })
  })
  .pipe(childInputSchema)

/** Opened from the header: a child, their plan and the initial conference, in one change. */
export function NewChildForm({ today, onClose, onSaved }: { today: string; onClose(): void; onSaved(s: Saved): void }) {
  const invalidate = useInvalidateCaseload()
  const form = useForm({ name: '', dateOfBirth: '', gender: '', team: '', complex: false, startDate: today, initialCategory: '', previousPlans: '0', socialWorkerId: '' })
  const v = form.values
  const professionals = useProfessionals()
  const teams = useQuery({ queryKey: ['caseload', 'teams'], queryFn: () => call('caseload:teams', {}) })
  const all = professionals.data?.professionals ?? []
  const workers = [...all].sort((a, b) => Number(b.role === 'social-worker') - Number(a.role === 'social-worker') || a.name.localeCompare(b.name))
  const teamListId = useId()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const input = {
      name: v.name.trim(),
      dateOfBirth: orNull(v.dateOfBirth),
      gender: orNull(v.gender),
      team: orNull(v.team),
      complex: v.complex,
      plan: {
        startDate: v.startDate,
        initialCategory: orUndefined(v.initialCategory),
        previousPlans: v.previousPlans.trim() === '' ? 0 : Number(v.previousPlans),
        socialWorkerId: v.socialWorkerId === '' ? undefined : v.socialWorkerId === NO_WORKER ? null : v.socialWorkerId,
      },
    }
    const saved = await form.submit(newChildSchema, input, (i) => call('record:child', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog title="Add a child" onClose={onClose} wide description={<p>A child with a child protection plan. The plan starts on the date of the initial conference.</p>}>
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={CHILD_LABELS} />
        <div className="form-grid">
          <TextField form={form as never} name="name" label="Child's name" />
          <DateField form={form as never} name="dateOfBirth" label="Date of birth" hint="Leave empty if not known (unborn)." max={today} />
          <TextField form={form as never} name="team" label="Team" hint="The social work team: choose one already used, or type a new one." list={teamListId} />
          <datalist id={teamListId}>
            {(teams.data?.teams ?? []).map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <SelectField
            form={{ ...form, errorFor: (n: string) => form.errorFor(n === 'socialWorkerId' ? 'plan.socialWorkerId' : n) } as never}
            name="socialWorkerId"
            label="Social worker"
            hint={
              all.length === 0
                ? 'No professionals are recorded yet. Choose “No social worker yet”, then add one from the child’s case: Record → New professional.'
                : 'Allocated from the initial conference. Not listed? Choose “No social worker yet” and add them from the case.'
            }
            options={[{ value: NO_WORKER, label: 'No social worker yet' }, ...workers.map((p) => ({ value: p.id, label: `${p.name} (${ROLE_LABELS[p.role] ?? p.role}, ${p.agency})` }))]}
          />
          <TextField form={form as never} name="gender" label="Gender" hint="Optional." />
        </div>
        <CheckboxField form={form as never} name="complex" label="Complex case" hint="A complex case's core groups should be chaired by a deputy manager." />
        <h3 className="form-section">The plan</h3>
        <div className="form-grid">
          <DateField form={{ ...form, errorFor: (n: string) => form.errorFor(n === 'startDate' ? 'plan.startDate' : n) } as never} name="startDate" label="Initial conference date" max={today} />
          <SelectField form={{ ...form, errorFor: (n: string) => form.errorFor(n === 'initialCategory' ? 'plan.initialCategory' : n) } as never} name="initialCategory" label="Category of the plan" options={CATEGORY_OPTIONS} />
          <TextField form={{ ...form, errorFor: (n: string) => form.errorFor(n === 'previousPlans' ? 'plan.previousPlans' : n) } as never} name="previousPlans" label="Previous plans" type="number" hint="How many child protection plans the child had before." />
        </div>
        <FormButtons busy={form.busy} saveLabel="Add the child" onCancel={onClose} />
      </form>
    </Dialog>
  )
}

/** A new plan for a child whose previous plan has ended. */
export function NewPlanForm({ detail, today, onClose, onSaved }: CaseFormProps) {
  const invalidate = useInvalidateCaseload()
  const form = useForm({ startDate: today, initialCategory: '', previousPlans: String(detail.plans.length) })
  const v = form.values
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const input = { childId: detail.child.id, startDate: v.startDate, initialCategory: orUndefined(v.initialCategory), previousPlans: Number(v.previousPlans || '0'), endDate: null, latestCategory: null }
    const saved = await form.submit(planInputSchema, input, (i) => call('record:plan', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog title="Start a new plan" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={{ startDate: 'Initial conference date', initialCategory: 'Category of the plan', previousPlans: 'Previous plans' }} />
        <DateField form={form as never} name="startDate" label="Initial conference date" max={today} />
        <SelectField form={form as never} name="initialCategory" label="Category of the plan" options={CATEGORY_OPTIONS} />
        <TextField form={form as never} name="previousPlans" label="Previous plans" type="number" />
        <FormButtons busy={form.busy} saveLabel="Start the plan" onCancel={onClose} />
      </form>
    </Dialog>
  )
}

/** Ending a plan: the date, then a confirmation. */
export function EndPlanDialog({ detail, today, onClose, onSaved }: CaseFormProps) {
  const plan = currentPlan(detail)!
  const invalidate = useInvalidateCaseload()
  const form = useForm({ endDate: today })
  const [confirming, setConfirming] = useState(false)
  const send = async () => {
    const saved = await form.submit(planEndInputSchema, { planId: plan.id, endDate: form.values.endDate }, (i) => call('record:plan-end', i))
    setConfirming(false)
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  // The core checks the date first (same checks as the save), so a wrong date shows at the field
  // and "Are you sure?" is asked only about an end that can be saved.
  const check = async (e: FormEvent) => {
    e.preventDefault()
    const ok = await form.submit(planEndInputSchema, { planId: plan.id, endDate: form.values.endDate }, (i) => call('record:plan-end-check', i))
    if (ok) setConfirming(true)
  }
  return (
    <Dialog title="End the plan" onClose={onClose} description={<p>{detail.child.name}'s plan started on {formatUK(plan.startDate)}. Ending it is the decision of a review conference.</p>}>
      {!confirming ? (
        <form onSubmit={(e) => void check(e)} noValidate>
          <ErrorSummary form={form as never} labels={{ endDate: 'End date', planId: 'The plan' }} />
          <DateField form={form as never} name="endDate" label="End date" hint="The date of the conference that ended the plan." max={today} />
          <FormButtons busy={form.busy} saveLabel="Continue" onCancel={onClose} />
        </form>
      ) : (
        <div role="alertdialog" aria-labelledby="end-plan-confirm">
          <p id="end-plan-confirm" className="notice notice-warning">
            <strong>Are you sure?</strong> The plan will end on {formatUK(form.values.endDate)}. From that day (a plan is no longer open on the day it ends) {detail.child.name} no longer appears among the open plans and no findings are shown. You can undo this straight afterwards.
          </p>
          <div className="dialog-buttons">
            <button type="button" className="button danger" disabled={form.busy} onClick={() => void send()}>
              {form.busy ? 'Ending…' : 'Yes, end the plan'}
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
              Go back
            </button>
          </div>
        </div>
      )}
    </Dialog>
  )
}

export function DeleteDialog({ onClose, onSaved, record, id, what }: CaseFormProps & { record: 'action' | 'visit' | 'meeting' | 'conference' | 'disagreement'; id: string; what: string }) {
  const invalidate = useInvalidateCaseload()
  return (
    <ConfirmDialog
      title="Delete this record?"
      confirmLabel="Yes, delete it"
      onClose={onClose}
      onConfirm={async () => {
        const saved = await call('record:delete', { kind: record, id })
        void invalidate()
        onSaved(saved)
      }}
    >
      <p>
        This deletes {what}. Delete only something entered by mistake: to close an action, update it instead. You can undo this straight afterwards.
      </p>
    </ConfirmDialog>
  )
}
