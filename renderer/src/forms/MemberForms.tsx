/** Core group membership (add a member, end a membership) and a professional's details. */
import type { FormEvent } from 'react'
import type { Member, Professional } from '../../../shared/caseload-format'
import { PROFESSIONAL_ROLES } from '../../../shared/caseload-format'
import { memberInputSchema, professionalInputSchema } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { call } from '../api/client'
import { useInvalidateCaseload, useProfessionals } from '../api/records'
import { ROLE_LABELS } from '../labels'
import { DateField, Dialog, ErrorSummary, FormButtons, SelectField, TextField, orNull, orUndefined, useForm } from './form'
import { currentPlan, type CaseFormProps } from './recording'

const MEMBER_LABELS = { professionalId: 'The professional', fromDate: 'Member from', toDate: 'Membership ends on', planId: 'The plan' }

export function MemberForm({ detail, today, onClose, onSaved, member }: CaseFormProps & { member?: Member | undefined }) {
  const plan = currentPlan(detail)!
  const professionals = useProfessionals()
  const invalidate = useInvalidateCaseload()
  const form = useForm({ professionalId: member?.professionalId ?? '', fromDate: member?.fromDate ?? today, toDate: member ? today : '' })
  const v = form.values
  const all = professionals.data?.professionals ?? detail.professionals
  const person = all.find((p) => p.id === (member?.professionalId ?? ''))
  // Members on the as-of date, a membership ending that day included (design brief §4): adding them again would overlap.
  const currentIds = new Set(detail.view.currentMemberIds)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const input = { planId: plan.id, professionalId: orUndefined(v.professionalId), fromDate: v.fromDate, toDate: member ? v.toDate : null }
    const saved = await form.submit(memberInputSchema, input, (i) => call('record:member', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog
      title={member ? 'End a core group membership' : 'Add a core group member'}
      onClose={onClose}
      description={
        member ? (
          <p>
            {person?.name ?? 'This professional'} has been a member since {formatUK(member.fromDate)}. From the day after the end date they no longer count as a member.
          </p>
        ) : (
          <p>Core group members are the professionals working with the family. Not in the list? Close this and use Record → New professional first.</p>
        )
      }
    >
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={MEMBER_LABELS} />
        {member ? (
          <DateField form={form as never} name="toDate" label="Membership ends on" max={today} />
        ) : (
          <>
            <SelectField
              form={form as never}
              name="professionalId"
              label="The professional"
              options={all.filter((p) => !currentIds.has(p.id)).map((p) => ({ value: p.id, label: `${p.name} (${ROLE_LABELS[p.role] ?? p.role}, ${p.agency})` }))}
            />
            <DateField form={form as never} name="fromDate" label="Member from" hint={`On or after the start of the plan (${formatUK(plan.startDate)}).`} />
          </>
        )}
        <FormButtons busy={form.busy} saveLabel={member ? 'End the membership' : 'Add to the core group'} onCancel={onClose} danger={Boolean(member)} />
      </form>
    </Dialog>
  )
}

const PROFESSIONAL_LABELS = { name: 'Name', role: 'Role', agency: 'Agency', email: 'Email', phone: 'Phone' }

export function ProfessionalForm({ onClose, onSaved, professional }: Omit<CaseFormProps, 'detail' | 'today'> & { professional?: Professional | undefined }) {
  const invalidate = useInvalidateCaseload()
  const form = useForm({
    name: professional?.name ?? '',
    role: professional?.role ?? '',
    agency: professional?.agency ?? '',
    email: professional?.email ?? '',
    phone: professional?.phone ?? '',
  })
  const v = form.values
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const input = { ...(professional ? { id: professional.id } : {}), name: v.name, role: orUndefined(v.role), agency: v.agency, email: orNull(v.email), phone: orNull(v.phone) }
    const saved = await form.submit(professionalInputSchema, input, (i) => call('record:professional', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog
      title={professional ? `Contact details: ${professional.name}` : 'Add a professional'}
      onClose={onClose}
      description={<p>Everyone in the core group needs an email or phone number, so decisions reach them.</p>}
    >
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={PROFESSIONAL_LABELS} />
        <TextField form={form as never} name="name" label="Name" autoComplete="off" />
        <SelectField form={form as never} name="role" label="Role" options={PROFESSIONAL_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }))} />
        <TextField form={form as never} name="agency" label="Agency" hint="For example Children's Social Care, Health Visiting, a school." />
        <TextField form={form as never} name="email" label="Email" type="email" />
        <TextField form={form as never} name="phone" label="Phone" type="tel" />
        <FormButtons busy={form.busy} saveLabel={professional ? 'Save the details' : 'Add the professional'} onCancel={onClose} />
      </form>
    </Dialog>
  )
}
