/** A professional disagreement: raise it; then move it to the next stage or resolve it with an outcome. */
import { type FormEvent } from 'react'
import type { Disagreement } from '../../../shared/caseload-format'
import { DISAGREEMENT_CATEGORIES } from '../../../shared/caseload-format'
import { disagreementInputSchema } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { call } from '../api/client'
import { useInvalidateCaseload, useProfessionals } from '../api/records'
import { DISAGREEMENT_LABELS } from '../labels'
import { ChoiceGroup, DateField, Dialog, ErrorSummary, FormButtons, SelectField, TextField, orNull, orUndefined, useForm } from './form'
import { currentPlan, type CaseFormProps } from './recording'

const LABELS = {
  raisedById: 'Raised by',
  raisedDate: 'Raised on',
  category: 'What it is about',
  stages: 'The stage',
  stageDate: 'Date',
  resolvedDate: 'Resolved on',
  outcome: 'Outcome',
}

export function DisagreementForm({ detail, today, onClose, onSaved, disagreement }: CaseFormProps & { disagreement?: Disagreement | undefined }) {
  const plan = currentPlan(detail)!
  const professionals = useProfessionals()
  const invalidate = useInvalidateCaseload()
  const stages = disagreement ? (disagreement.stages.length ? disagreement.stages : [{ stage: 1, startDate: disagreement.raisedDate, respondedDate: null }]) : []
  const stage = stages.at(-1)?.stage ?? 1
  const form = useForm({
    raisedById: disagreement?.raisedById ?? '',
    raisedDate: disagreement?.raisedDate ?? today,
    category: disagreement?.category ?? '',
    step: stage < 4 ? 'next' : 'resolve',
    stageDate: today,
    resolvedDate: today,
    outcome: '',
  })
  const v = form.values
  const all = professionals.data?.professionals ?? detail.professionals
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    let input: unknown
    if (!disagreement) {
      input = { planId: plan.id, raisedById: orUndefined(v.raisedById), raisedDate: v.raisedDate, category: orUndefined(v.category), stages: [{ stage: 1, startDate: v.raisedDate }] }
    } else if (v.step === 'next') {
      input = { ...disagreement, stages: [...stages, { stage: stage + 1, startDate: v.stageDate, respondedDate: null }] }
    } else {
      input = { ...disagreement, stages, resolvedDate: v.resolvedDate, outcome: orNull(v.outcome) }
    }
    const saved = await form.submit(disagreementInputSchema, input, (i) => call('record:disagreement', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  // A problem with the new stage (the last one) belongs beside its date.
  const stageError = form.errorFor(`stages[${stages.length}]`) ?? form.errorFor('stages')
  return (
    <Dialog
      title={disagreement ? 'Move on or resolve a disagreement' : 'Raise a disagreement'}
      onClose={onClose}
      description={
        disagreement ? (
          <p>
            Raised on {formatUK(disagreement.raisedDate)} about {DISAGREEMENT_LABELS[disagreement.category] ?? disagreement.category}; now at stage {stage} (since {formatUK(stages.at(-1)?.startDate)}).
          </p>
        ) : (
          <p>Escalation goes through up to four stages, each with a time limit. Record the stage changes as they happen.</p>
        )
      }
    >
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={{ ...LABELS, [`stages[${stages.length}]`]: 'The new stage' }} />
        {!disagreement ? (
          <>
            <SelectField form={form as never} name="raisedById" label="Raised by" options={all.map((p) => ({ value: p.id, label: `${p.name} (${p.agency})` }))} />
            <DateField form={form as never} name="raisedDate" label="Raised on" max={today} />
            <SelectField form={form as never} name="category" label="What it is about" options={DISAGREEMENT_CATEGORIES.map((c) => ({ value: c, label: DISAGREEMENT_LABELS[c] ?? c }))} />
          </>
        ) : (
          <>
            <ChoiceGroup legend="What has happened?">
              {stage < 4 && (
                <label className="check-line">
                  <input type="radio" name="step" checked={v.step === 'next'} onChange={() => form.set('step', 'next')} /> It moved to stage {stage + 1}
                </label>
              )}
              <label className="check-line">
                <input type="radio" name="step" checked={v.step === 'resolve'} onChange={() => form.set('step', 'resolve')} /> It was resolved
              </label>
            </ChoiceGroup>
            {v.step === 'next' ? (
              <>
                <DateField form={form as never} name="stageDate" label={`Stage ${stage + 1} started on`} max={today} />
                {stageError && <p className="inline-error">The new stage {stageError}.</p>}
              </>
            ) : (
              <>
                <DateField form={form as never} name="resolvedDate" label="Resolved on" max={today} />
                <TextField form={form as never} name="outcome" label="Outcome" hint="What was agreed." multiline />
              </>
            )}
          </>
        )}
        <FormButtons busy={form.busy} saveLabel={disagreement ? 'Save' : 'Raise the disagreement'} onCancel={onClose} />
      </form>
    </Dialog>
  )
}
