/** An action of the plan: add it, review it, complete or drop it. */
import type { FormEvent } from 'react'
import type { Action } from '../../../shared/caseload-format'
import { actionInputSchema } from '../../../shared/record-inputs'
import { call } from '../api/client'
import { useInvalidateCaseload, useProfessionals } from '../api/records'
import { ChoiceGroup, DateField, Dialog, ErrorSummary, FormButtons, SelectField, TextField, orNull, useForm } from './form'
import { currentPlan, type CaseFormProps } from './recording'

const LABELS = {
  description: 'What is to be done',
  outcome: 'Outcome wanted',
  ownerId: 'Owner',
  dueDate: 'Due by',
  createdDate: 'Agreed on',
  status: 'Status',
  closedDate: 'Done or dropped on',
  lastReviewedDate: 'Last reviewed on',
}

export function ActionForm({ detail, today, onClose, onSaved, action }: CaseFormProps & { action?: Action | undefined }) {
  const plan = currentPlan(detail)!
  const professionals = useProfessionals()
  const invalidate = useInvalidateCaseload()
  const form = useForm({
    description: action?.description ?? '',
    outcome: action?.outcome ?? '',
    ownerId: action?.ownerId ?? '',
    dueDate: action?.dueDate ?? '',
    createdDate: action?.createdDate ?? today,
    status: action?.status ?? 'open',
    closedDate: action?.closedDate ?? '',
    lastReviewedDate: action ? today : '',
  })
  const v = form.values
  // Members on the as-of date, a membership ending that day included (design brief §4), as action-owner-departed counts them.
  const memberIds = new Set(detail.view.currentMemberIds)
  const all = professionals.data?.professionals ?? detail.professionals
  const sorted = [...all].sort((a, b) => Number(memberIds.has(b.id)) - Number(memberIds.has(a.id)) || a.name.localeCompare(b.name))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const input = {
      ...(action ? { id: action.id } : {}),
      planId: action?.planId ?? plan.id,
      description: v.description,
      outcome: orNull(v.outcome),
      ownerId: orNull(v.ownerId),
      dueDate: orNull(v.dueDate),
      createdDate: v.createdDate,
      status: v.status,
      closedDate: v.status === 'open' ? null : v.closedDate || undefined,
      lastReviewedDate: orNull(v.lastReviewedDate),
    }
    const saved = await form.submit(actionInputSchema, input, (i) => call('record:action', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog title={action ? 'Update an action' : 'Add an action'} onClose={onClose} wide description={<p>A good action has an owner, a due date and a measurable outcome.</p>}>
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={LABELS} />
        <TextField form={form as never} name="description" label="What is to be done" multiline />
        <TextField form={form as never} name="outcome" label="Outcome wanted" hint="How everyone will know it has been done, for example 'Maya attends school at least 95% of days'." multiline />
        <div className="form-grid">
          <SelectField
            form={form as never}
            name="ownerId"
            label="Owner"
            placeholder="No owner yet"
            options={sorted.map((p) => ({ value: p.id, label: `${p.name} (${p.agency})${memberIds.has(p.id) ? '' : ' – not in the core group'}` }))}
          />
          <DateField form={form as never} name="dueDate" label="Due by" />
          <DateField form={form as never} name="createdDate" label="Agreed on" max={today} />
        </div>
        {action && (
          <>
            <DateField form={form as never} name="lastReviewedDate" label="Last reviewed on" hint="Set to today when you have checked on progress." max={today} />
            <ChoiceGroup legend="Status" error={form.errorFor('status')}>
              {(
                [
                  ['open', 'Still open'],
                  ['done', 'Done'],
                  ['dropped', 'Dropped (no longer needed)'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="check-line">
                  <input type="radio" name="status" checked={v.status === value} onChange={() => form.set('status', value)} /> {label}
                </label>
              ))}
            </ChoiceGroup>
            {v.status !== 'open' && <DateField form={form as never} name="closedDate" label="Done or dropped on" max={today} />}
          </>
        )}
        <FormButtons busy={form.busy} saveLabel={action ? 'Save the action' : 'Add the action'} onCancel={onClose} />
      </form>
    </Dialog>
  )
}
