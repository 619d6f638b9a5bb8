/** Recording a core group meeting, and to whom and when its decisions were sent. */
import type { FormEvent } from 'react'
import { distributionInputSchema, meetingInputSchema } from '../../../shared/record-inputs'
import { formatUK } from '../../../shared/civil-date'
import { memberOn } from '../../../shared/period'
import { call } from '../api/client'
import { useInvalidateCaseload, useProfessionals } from '../api/records'
import { ROLE_LABELS } from '../labels'
import { CheckboxField, ChoiceGroup, DateField, Dialog, ErrorSummary, FormButtons, SelectField, TextField, orUndefined, useForm } from './form'
import { currentPlan, type CaseFormProps } from './recording'

type Attendance = 'present' | 'apologies' | 'absent'

const MEETING_LABELS = {
  date: 'Date of the meeting',
  chairId: 'Chair',
  attended: 'Someone marked present',
  apologies: 'Someone marked as sending apologies',
  planIds: 'The plan',
  'riskScore.score': 'Risk score',
  'riskScore.scale': 'Scale',
  riskScore: 'Risk score',
}

export function MeetingForm({ detail, today, onClose, onSaved }: CaseFormProps) {
  const plan = currentPlan(detail)!
  const professionals = useProfessionals()
  const invalidate = useInvalidateCaseload()
  const form = useForm({
    date: today,
    chairId: '',
    attendance: {} as Record<string, Attendance>,
    planAvailable: false,
    childViewsRecorded: false,
    riskReviewed: false,
    riskScore: '',
    riskScale: '',
  })
  const v = form.values
  const people = new Map((professionals.data?.professionals ?? detail.professionals).map((p) => [p.id, p]))
  const members = detail.members.filter((m) => m.planId === plan.id && memberOn(m, v.date))
  const memberIds = [...new Set(members.map((m) => m.professionalId))]

  // The schema's paths (riskScore.score, riskScore.scale) belong beside these two fields.
  const riskForm = {
    ...form,
    errorFor: (n: string) => (n === 'riskScale' ? form.errors['riskScore.scale'] : n === 'riskScore' ? (form.errors['riskScore.score'] ?? form.errors.riskScore) : form.errorFor(n)),
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const attended = memberIds.filter((id) => v.attendance[id] === 'present')
    const apologies = memberIds.filter((id) => v.attendance[id] === 'apologies')
    const hasRisk = v.riskScore.trim() !== '' || v.riskScale !== ''
    const input = {
      planIds: [plan.id],
      date: v.date,
      chairId: orUndefined(v.chairId),
      attended,
      apologies,
      planAvailable: v.planAvailable,
      childViewsRecorded: v.childViewsRecorded,
      riskReviewed: v.riskReviewed,
      riskScore: hasRisk ? { score: v.riskScore.trim() === '' ? undefined : Number(v.riskScore), scale: orUndefined(v.riskScale) } : null,
    }
    const saved = await form.submit(meetingInputSchema, input, (i) => call('record:meeting', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }

  return (
    <Dialog title="Record a core group meeting" onClose={onClose} wide description={<p>For {detail.child.name}'s plan that started on {formatUK(plan.startDate)}. Then record when the decisions were sent.</p>}>
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={MEETING_LABELS} />
        <div className="form-grid">
          <DateField form={form as never} name="date" label="Date of the meeting" max={today} />
          <SelectField
            form={form as never}
            name="chairId"
            label="Chair"
            hint="Who chaired the meeting. For a complex case this should be a deputy manager."
            options={[...people.values()].map((p) => ({ value: p.id, label: `${p.name} (${ROLE_LABELS[p.role] ?? p.role}, ${p.agency})` }))}
          />
        </div>
        <ChoiceGroup
          legend="Who came"
          hint={`Members of the core group on ${formatUK(v.date)}.`}
          errorLabel={form.errorFor('attended') ? 'Someone marked present' : 'Someone marked as sending apologies'}
          error={form.errorFor('attended') ?? form.errorFor('apologies')}
        >
          {memberIds.length === 0 ? (
            <p className="empty">There are no core group members on this date. Add members first (Record → Core group member).</p>
          ) : (
            <table className="attendance">
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Present</th>
                  <th scope="col">Apologies</th>
                  <th scope="col">Absent</th>
                </tr>
              </thead>
              <tbody>
                {memberIds.map((id) => {
                  const p = people.get(id)
                  const name = p ? `${p.name}, ${p.agency}` : id
                  const current = v.attendance[id] ?? 'absent'
                  return (
                    <tr key={id}>
                      <th scope="row">{name}</th>
                      {(['present', 'apologies', 'absent'] as const).map((choice) => (
                        <td key={choice}>
                          <input
                            type="radio"
                            name={`attendance-${id}`}
                            aria-label={`${name}: ${choice}`}
                            checked={current === choice}
                            onChange={() => form.set('attendance', { ...v.attendance, [id]: choice })}
                          />
                        </td>
                      ))}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
        </ChoiceGroup>
        <fieldset className="field choice-group">
          <legend>At the meeting</legend>
          <CheckboxField form={form as never} name="planAvailable" label="The child protection plan was available" />
          <CheckboxField form={form as never} name="childViewsRecorded" label="The child's views were recorded" />
          <CheckboxField form={form as never} name="riskReviewed" label="Risk was reviewed" />
        </fieldset>
        <div className="form-grid">
          <TextField form={riskForm as never} name="riskScore" label="Risk score (0 to 10, if scored)" type="number" hint="Leave empty if no score was given." />
          <SelectField
            form={riskForm as never}
            name="riskScale"
            label="Scale"
            hint="Which way the score runs."
            placeholder="No score"
            options={[
              { value: 'safety', label: 'Safety scale: 10 means safe enough to close' },
              { value: 'danger', label: 'Danger scale: 10 means the highest risk' },
            ]}
          />
        </div>
        <FormButtons busy={form.busy} saveLabel="Save the meeting" onCancel={onClose} />
      </form>
    </Dialog>
  )
}

const DISTRIBUTION_LABELS = { meetingId: 'The meeting', professionalIds: 'The list of people', date: 'Date sent' }

export function DistributionForm({ detail, today, onClose, onSaved, meetingId }: CaseFormProps & { meetingId?: string | undefined }) {
  const meetings = [...detail.meetings].sort((a, b) => (a.date < b.date ? 1 : -1))
  const form = useForm({ meetingId: meetingId ?? meetings[0]?.id ?? '', date: today, people: [] as string[] })
  const invalidate = useInvalidateCaseload()
  const professionals = useProfessionals()
  const v = form.values
  const meeting = detail.meetings.find((m) => m.id === v.meetingId)
  const people = new Map((professionals.data?.professionals ?? detail.professionals).map((p) => [p.id, p]))
  const eligible = meeting
    ? [
        ...new Set([
          ...detail.members.filter((m) => meeting.planIds.includes(m.planId) && memberOn(m, meeting.date)).map((m) => m.professionalId),
          ...meeting.attended,
          ...meeting.apologies,
        ]),
      ]
    : []
  const sentOn = (id: string) => detail.distributions.filter((d) => d.meetingId === v.meetingId && d.professionalId === id).map((d) => formatUK(d.date))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const saved = await form.submit(distributionInputSchema, { meetingId: v.meetingId, professionalIds: v.people, date: v.date }, (i) => call('record:distribution', i))
    if (saved) {
      void invalidate()
      onSaved(saved)
    }
  }
  return (
    <Dialog title="Record that the decisions were sent" onClose={onClose} description={<p>Every member should receive the decisions, whether or not they came.</p>}>
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form as never} labels={DISTRIBUTION_LABELS} />
        <SelectField
          form={form as never}
          name="meetingId"
          label="The meeting"
          placeholder="Choose a meeting…"
          options={meetings.map((m) => ({ value: m.id, label: `Core group meeting of ${formatUK(m.date)}` }))}
        />
        <DateField form={form as never} name="date" label="Date sent" hint="On or after the day of the meeting." max={today} />
        <ChoiceGroup legend="Sent to" errorLabel="The list of people" error={form.errorFor('professionalIds')}>
          {eligible.length === 0 && <p className="empty">Nobody was a member of the core group at this meeting.</p>}
          {eligible.map((id) => {
            const p = people.get(id)
            const already = sentOn(id)
            return (
              <label key={id} className="check-line">
                <input
                  type="checkbox"
                  checked={v.people.includes(id)}
                  onChange={(e) => form.set('people', e.target.checked ? [...v.people, id] : v.people.filter((x) => x !== id))}
                />
                {p ? `${p.name}, ${p.agency}` : id}
                {already.length > 0 && <span className="muted"> — already sent {already.join(', ')}</span>}
              </label>
            )
          })}
        </ChoiceGroup>
        <FormButtons busy={form.busy} saveLabel="Save" onCancel={onClose} />
      </form>
    </Dialog>
  )
}
