/** A statutory visit (seen alone or not) and a review conference. */
import type { FormEvent } from 'react'
import { conferenceInputSchema, visitInputSchema } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { call } from '../api/client'
import { useInvalidateCaseload } from '../api/records'
import { ChoiceGroup, DateField, Dialog, ErrorSummary, FormButtons, useForm } from './form'
import { currentPlan, type CaseFormProps } from './recording'

export function VisitForm({ detail, today, onClose, onSaved }: CaseFormProps) {
  const invalidate = useInvalidateCaseload()
  const form = useForm({ date: today, seenAlone: '' })
  const v = form.values
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const input = { childId: detail.child.id, date: v.date, seenAlone: v.seenAlone === '' ? undefined : v.seenAlone === 'yes' }
    const saved = await form.submit(visitInputSchema, input, (i) => call('record:visit', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog title="Record a visit" onClose={onClose} description={<p>A statutory visit to {detail.child.name} by the social worker.</p>}>
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={{ date: 'Date of the visit', seenAlone: 'Whether the child was seen alone' }} />
        <DateField form={form as never} name="date" label="Date of the visit" max={today} />
        <ChoiceGroup legend="Was the child seen alone?" errorLabel="Whether the child was seen alone" error={form.errorFor('seenAlone')}>
          <label className="check-line">
            <input type="radio" name="seenAlone" checked={v.seenAlone === 'yes'} onChange={() => form.set('seenAlone', 'yes')} /> Yes, seen alone
          </label>
          <label className="check-line">
            <input type="radio" name="seenAlone" checked={v.seenAlone === 'no'} onChange={() => form.set('seenAlone', 'no')} /> No
          </label>
        </ChoiceGroup>
        <FormButtons busy={form.busy} saveLabel="Save the visit" onCancel={onClose} />
      </form>
    </Dialog>
  )
}

export function ConferenceForm({ detail, today, onClose, onSaved }: CaseFormProps) {
  const plan = currentPlan(detail)!
  const invalidate = useInvalidateCaseload()
  const form = useForm({ date: today })
  const latest = detail.conferences.filter((c) => c.planId === plan.id).at(-1)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const saved = await form.submit(conferenceInputSchema, { planId: plan.id, kind: 'review', date: form.values.date }, (i) => call('record:conference', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog
      title="Record a review conference"
      onClose={onClose}
      description={<p>The last conference was {latest ? `the ${latest.kind} conference on ${formatUK(latest.date)}` : `at the start of the plan (${formatUK(plan.startDate)})`}. If the conference ended the plan, use “End the plan” as well.</p>}
    >
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={{ date: 'Date of the conference', kind: 'The kind of conference' }} />
        <DateField form={form as never} name="date" label="Date of the conference" max={today} />
        <FormButtons busy={form.busy} saveLabel="Save the conference" onCancel={onClose} />
      </form>
    </Dialog>
  )
}
