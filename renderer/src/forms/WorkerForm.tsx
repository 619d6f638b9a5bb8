/** Allocating a new social worker: the current allocation ends the day before; the reason uses the SSD codes. */
import type { FormEvent } from 'react'
import { CHANGE_REASONS, CHANGE_REASON_LABELS } from '../../../shared/caseload-format'
import { allocationInputSchema } from '../../../shared/record-inputs'
import { addDays, formatUK } from '../../../shared/civil-date'
import { END_RULES, notEndedBy } from '../../../shared/period'
import { call } from '../api/client'
import { useInvalidateCaseload, useProfessionals } from '../api/records'
import { ROLE_LABELS } from '../labels'
import { DateField, Dialog, ErrorSummary, FormButtons, SelectField, orUndefined, useForm } from './form'
import type { CaseFormProps } from './recording'

const LABELS = { professionalId: 'New social worker', startDate: 'Allocated from', changeReason: 'Reason for the change' }

export function WorkerForm({ detail, today, onClose, onSaved }: CaseFormProps) {
  const professionals = useProfessionals()
  const invalidate = useInvalidateCaseload()
  const form = useForm({ professionalId: '', startDate: today, changeReason: '' })
  const v = form.values
  const all = professionals.data?.professionals ?? detail.professionals
  const byName = new Map(all.map((p) => [p.id, p.name]))
  // The allocation the change will end: not yet over on the new start date (an allocation's end date is its last day).
  const current = detail.allocations.find((a) => notEndedBy(a.endDate, v.startDate, END_RULES.allocation))
  const isChange = detail.allocations.length > 0
  const sorted = [...all].sort((a, b) => Number(b.role === 'social-worker') - Number(a.role === 'social-worker') || a.name.localeCompare(b.name))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const input = { childId: detail.child.id, professionalId: orUndefined(v.professionalId), startDate: v.startDate, changeReason: v.changeReason === '' ? null : v.changeReason }
    const saved = await form.submit(allocationInputSchema, input, (i) => call('record:allocation', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog
      // Named for what the save will do, in the same words as its errors: a change ends the current allocation.
      title={current ? 'Change the social worker' : 'Allocate a social worker'}
      onClose={onClose}
      description={
        current ? (
          <p>
            {byName.get(current.professionalId) ?? 'The current worker'} is allocated now. Their allocation will end on {v.startDate ? formatUK(addDays(v.startDate, -1)) : 'the day before'}.
          </p>
        ) : (
          <p>Nobody is allocated at the moment.{isChange ? ' The child had a social worker before, so the reason for the change is asked.' : ''}</p>
        )
      }
    >
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={LABELS} />
        <SelectField
          form={form as never}
          name="professionalId"
          label="New social worker"
          hint={
            all.length === 0
              ? 'No professionals are recorded yet: close this, use Record → New professional to add the social worker, then come back here.'
              : 'Not in the list? Close this and add them with Record → New professional first.'
          }
          options={sorted.map((p) => ({ value: p.id, label: `${p.name} (${ROLE_LABELS[p.role] ?? p.role}, ${p.agency})` }))}
        />
        <DateField form={form as never} name="startDate" label="Allocated from" max={today} />
        {isChange && (
          <SelectField
            form={form as never}
            name="changeReason"
            label="Reason for the change"
            hint="As recorded for the SSD return."
            options={CHANGE_REASONS.map((r) => ({ value: r, label: `${CHANGE_REASON_LABELS[r]} (${r})` }))}
          />
        )}
        <FormButtons busy={form.busy} saveLabel={current ? 'Change the worker' : 'Allocate'} onCancel={onClose} />
      </form>
    </Dialog>
  )
}
