import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { formatUK } from '../../../shared/civil-date'
import { CHANGE_REASON_LABELS, type ChangeReason, type Meeting, type Professional } from '../../../shared/caseload-format'
import type { Finding } from '../../../shared/drift-types'
import { compareChildFindings } from '../../../shared/finding-order'
import type { CaseDetail } from '../../../shared/ipc-contract'
import { useCaseDetail } from '../api/queries'
import { FindingLine, ScoreValue } from '../components/Severity'
import { ErrorNotice, Loading } from '../components/Status'
import { CATEGORY_LABELS, DISAGREEMENT_LABELS, ROLE_LABELS, plural } from '../labels'
import type { Navigate, RecordRef } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { MidwayPanel } from '../supervision/MidwayPanel'
import { CaseRecordingProvider, HistoryPanel, MemberItemActions, RecordItemActions, RecordToolbar } from '../forms/recording'

const PLAN_VISIT_RULES = new Set(['visit-overdue', 'not-seen-alone'])
const PLAN_WORKER_RULES = new Set(['no-allocated-worker'])

export function CaseView({
  childId,
  asOf,
  backLabel,
  onBack,
  record,
}: {
  childId: string
  asOf: string
  backLabel: string
  onBack(): void
  navigate: Navigate
  /** Open at the record behind this finding (from "Start here"). */
  record?: RecordRef | undefined
}) {
  const query = useCaseDetail(childId, asOf)
  return (
    <div className="screen screen-case">
      <button type="button" className="link-button back-link" onClick={onBack}>
        ← {backLabel}
      </button>
      {query.isPending && <Loading label="Opening the case" />}
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && (
        <CaseRecordingProvider detail={query.data}>
          <CaseBody detail={query.data} record={record} />
        </CaseRecordingProvider>
      )}
    </div>
  )
}

type Subject = `${Finding['subject']['kind']}:${string}`

interface TimelineEntry {
  key: string
  anchor: string
  date: string
  kind: 'conference' | 'meeting' | 'action' | 'allocation' | 'disagreement' | 'visit'
  title: string
  body: ReactNode
  findings: Finding[]
}

const KIND_LABELS: Record<TimelineEntry['kind'], string> = {
  conference: 'Conference',
  meeting: 'Core group',
  action: 'Action',
  allocation: 'Worker',
  disagreement: 'Disagreement',
  visit: 'Visit',
}

function anchorFor(kind: string, id: string) {
  return `fact-${kind}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`
}

function CaseBody({ detail, record }: { detail: CaseDetail; record?: RecordRef | undefined }) {
  const heading = useHeadingFocus<HTMLHeadingElement>(detail.child.id)
  const [showLater, setShowLater] = useState(false)
  const model = useMemo(() => buildModel(detail), [detail])
  // Opened at a finding's record: bring it into view and focus it once (after the heading's focus).
  const anchor = record && record.subject.kind !== 'supervision-action' ? model.anchorOf(record as Finding) : null
  useEffect(() => {
    if (!anchor) return
    const t = setTimeout(() => {
      const el = document.getElementById(anchor)
      if (!el) return
      el.scrollIntoView({ block: 'center' })
      if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1')
      el.focus({ preventScroll: true })
      el.classList.add('record-highlight')
    }, 50)
    return () => clearTimeout(t)
  }, [anchor])
  const { child, asOf } = detail
  const plan = model.currentPlan
  const visible = showLater ? model.timeline : model.timeline.filter((e) => e.date <= asOf)
  const later = model.timeline.length - model.timeline.filter((e) => e.date <= asOf).length
  const sortedFindings = [...detail.findings].sort(compareChildFindings)

  return (
    <article className="case" aria-labelledby="case-title">
      <header className="case-header">
        <div className="case-title-block">
          <h1 id="case-title" ref={heading} tabIndex={-1}>
            {child.name}
            {child.complex && <span className="tag tag-complex">Complex case</span>}
          </h1>
          <dl className="facts">
            <div>
              <dt>Plan</dt>
              <dd>
                {plan
                  ? `${CATEGORY_LABELS[plan.latestCategory ?? plan.initialCategory] ?? plan.initialCategory}, since ${formatUK(plan.startDate)}`
                  : 'No open plan on this date'}
                {plan && plan.previousPlans > 0 && ` (${plural(plan.previousPlans, 'previous plan')})`}
              </dd>
            </div>
            <div>
              <dt>Social worker</dt>
              <dd>{model.currentWorker ? model.currentWorker.name : <span className="warn-text">No allocated worker</span>}</dd>
            </div>
            <div>
              <dt>Team</dt>
              <dd>{child.team ?? '—'}</dd>
            </div>
            <div>
              <dt>Date of birth</dt>
              <dd>{formatUK(child.dateOfBirth)}</dd>
            </div>
          </dl>
        </div>
        <div className="case-score" aria-label={`Drift score ${detail.score}`}>
          <ScoreValue score={detail.score} findings={detail.findings} />
          <span className="case-score-label">drift score</span>
          <span className="case-score-sub">{plural(detail.findings.length, 'finding')} on {formatUK(asOf)}</span>
        </div>
      </header>

      <div className="case-layout">
        <section className="panel case-summary" aria-labelledby="attention-heading">
          <h2 id="attention-heading">What needs attention</h2>
          {sortedFindings.length === 0 ? (
            <p className="empty">Nothing is drifting on this date.</p>
          ) : (
            <ul className="finding-list">
              {sortedFindings.map((f, i) => (
                <li key={i}>
                  <FindingLine finding={f} />
                  {f.subject.kind !== 'supervision-action' && (
                    <a className="jump" href={`#${model.anchorOf(f)}`}>
                      See the {subjectWord(f)}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )}
          <p className="hint">Score: high 3, medium 2, low 1 for each finding.</p>
        </section>

        <div className="case-main">
          <RecordToolbar detail={detail} />
          <section className="panel" aria-labelledby="plan-heading" id={model.planAnchor}>
            <h2 id="plan-heading">The plan</h2>
            <Fact findings={model.planFindings}>
              {plan ? (
                <dl className="kv">
                  <dt>Started</dt>
                  <dd>{formatUK(plan.startDate)}</dd>
                  <dt>Category</dt>
                  <dd>
                    {CATEGORY_LABELS[plan.initialCategory]}
                    {plan.latestCategory && plan.latestCategory !== plan.initialCategory && `, now ${CATEGORY_LABELS[plan.latestCategory]}`}
                  </dd>
                  <dt>Ended</dt>
                  <dd>{plan.endDate ? formatUK(plan.endDate) : 'Still open'}</dd>
                </dl>
              ) : (
                <p>No plan is open on {formatUK(asOf)}.</p>
              )}
            </Fact>
          </section>

          <MidwayPanel childId={child.id} childName={child.name} asOf={asOf} hasOpenPlan={plan !== null && plan !== undefined} />
          <section className="panel" aria-labelledby="worker-heading" id={model.workerAnchor}>
            <h2 id="worker-heading">Allocated worker</h2>
            <Fact findings={model.workerFindings}>
              <p>
                {model.currentWorker
                  ? `${model.currentWorker.name} (${model.currentWorker.agency}) is allocated on ${formatUK(asOf)}.`
                  : `No social worker is allocated on ${formatUK(asOf)}.`}
              </p>
            </Fact>
          </section>

          <section className="panel" aria-labelledby="members-heading">
            <h2 id="members-heading">Core group members</h2>
            {model.members.length === 0 ? (
              <p className="empty">No core group members recorded.</p>
            ) : (
              <ul className="members">
                {model.members.map((m) => (
                  <li key={`${m.professional.id}-${m.fromDate}`} id={anchorFor('professional', m.professional.id)}>
                    <Fact findings={model.bySubject.get(`professional:${m.professional.id}`) ?? []}>
                      <span className="member-name">{m.professional.name}</span>{' '}
                      <span className="muted">
                        {ROLE_LABELS[m.professional.role]}, {m.professional.agency}
                      </span>
                      <span className="member-dates">
                        Member from {formatUK(m.fromDate)}
                        {m.toDate ? ` to ${formatUK(m.toDate)}` : ''}
                        {!m.professional.email && !m.professional.phone && ' · no email or phone recorded'}
                      </span>
                      <MemberItemActions member={m} professional={m.professional} />
                    </Fact>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="panel" aria-labelledby="visits-heading" id={model.visitsAnchor}>
            <h2 id="visits-heading">Visits</h2>
            <Fact findings={model.visitFindings}>
              <p>
                {model.lastVisit
                  ? `Last visit ${formatUK(model.lastVisit.date)}: ${model.lastVisit.seenAlone ? 'seen alone' : 'not seen alone'}. `
                  : 'No visits recorded since the plan started. '}
                {plural(model.visitCount, 'visit')} on this plan up to {formatUK(asOf)}.
              </p>
            </Fact>
          </section>

          <section className="panel" aria-labelledby="timeline-heading">
            <div className="panel-head">
              <h2 id="timeline-heading">Timeline</h2>
              <p className="panel-sub">Newest first. Findings sit beside the record they are about.</p>
            </div>
            {later > 0 && (
              <p className="notice notice-info">
                {plural(later, 'record')} dated after {formatUK(asOf)} {later === 1 ? 'is' : 'are'} {showLater ? 'shown greyed out' : 'hidden'}.{' '}
                <button type="button" className="link-button" onClick={() => setShowLater((v) => !v)}>
                  {showLater ? 'Hide them' : 'Show them'}
                </button>
              </p>
            )}
            <ol className="timeline">
              {visible.map((e) => (
                <li key={e.key} id={e.anchor} className={`timeline-item kind-${e.kind}${e.date > asOf ? ' later' : ''}`} tabIndex={-1}>
                  <div className="timeline-date">
                    <span>{formatUK(e.date)}</span>
                    <span className={`kind-tag kind-tag-${e.kind}`}>{KIND_LABELS[e.kind]}</span>
                  </div>
                  <Fact findings={e.findings}>
                    <h3 className="timeline-title">{e.title}</h3>
                    {e.body}
                    <RecordItemActions detail={detail} kind={e.kind} id={e.key.slice(2)} />
                  </Fact>
                </li>
              ))}
            </ol>
          </section>
          <HistoryPanel childId={child.id} />
        </div>
      </div>
    </article>
  )
}

/** A fact with the findings about it beside it. */
function Fact({ findings, children }: { findings: Finding[]; children: ReactNode }) {
  return (
    <div className={`fact${findings.length ? ' has-findings' : ''}`}>
      <div className="fact-body">{children}</div>
      {findings.length > 0 && (
        <ul className="fact-findings" aria-label="Findings about this">
          {findings.map((f, i) => (
            <li key={i}>
              <FindingLine finding={f} compact />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function subjectWord(f: Finding): string {
  switch (f.subject.kind) {
    case 'meeting':
      return 'core group'
    case 'conference':
      return 'conference'
    case 'action':
      return 'action'
    case 'allocation':
      return 'allocation'
    case 'disagreement':
      return 'disagreement'
    case 'professional':
      return 'member'
    default:
      return PLAN_VISIT_RULES.has(f.ruleId) ? 'visits' : PLAN_WORKER_RULES.has(f.ruleId) ? 'worker' : 'plan'
  }
}

function yesNo(v: boolean, yes = 'Yes', no = 'No') {
  return <span className={v ? 'yes' : 'no'}>{v ? yes : no}</span>
}

function riskText(m: Meeting): string {
  if (!m.riskScore) return 'No score recorded'
  const { score, scale } = m.riskScore
  return scale === 'safety'
    ? `${score} out of 10 on a safety scale (0 = not safe, 10 = safe)`
    : `${score} out of 10 on a danger scale (0 = no danger, 10 = greatest danger)`
}

function buildModel(d: CaseDetail) {
  const people = new Map(d.professionals.map((p) => [p.id, p]))
  const person = (id: string | null | undefined): Professional | undefined => (id ? people.get(id) : undefined)
  const name = (id: string | null | undefined) => {
    const p = person(id)
    return p ? p.name : 'someone not recorded'
  }
  const nameWithAgency = (id: string) => {
    const p = person(id)
    return p ? `${p.name} (${p.agency})` : id
  }

  const bySubject = new Map<Subject, Finding[]>()
  for (const f of d.findings) {
    const key: Subject = `${f.subject.kind}:${f.subject.id}`
    const list = bySubject.get(key) ?? []
    list.push(f)
    bySubject.set(key, list)
  }
  const get = (kind: Finding['subject']['kind'], id: string) => bySubject.get(`${kind}:${id}`) ?? []

  const openPlans = d.plans.filter((p) => p.startDate <= d.asOf && (!p.endDate || p.endDate > d.asOf))
  const currentPlan = [...openPlans].sort((a, b) => (a.startDate < b.startDate ? 1 : -1))[0] ?? [...d.plans].sort((a, b) => (a.startDate < b.startDate ? 1 : -1))[0]
  const planFindingsAll = d.findings.filter((f) => f.subject.kind === 'plan')
  const planFindings = planFindingsAll.filter((f) => !PLAN_VISIT_RULES.has(f.ruleId) && !PLAN_WORKER_RULES.has(f.ruleId))
  const visitFindings = planFindingsAll.filter((f) => PLAN_VISIT_RULES.has(f.ruleId))
  const workerFindings = planFindingsAll.filter((f) => PLAN_WORKER_RULES.has(f.ruleId))

  const currentAllocation = d.allocations.find((a) => a.startDate <= d.asOf && (!a.endDate || a.endDate >= d.asOf))
  const currentWorker = currentAllocation ? person(currentAllocation.professionalId) : undefined

  const members = d.members
    .map((m) => ({ ...m, professional: person(m.professionalId) }))
    .filter((m): m is typeof m & { professional: Professional } => Boolean(m.professional))
    .sort((a, b) => (a.toDate ? 1 : 0) - (b.toDate ? 1 : 0) || a.professional.name.localeCompare(b.professional.name))

  const visitsOnPlan = d.visits.filter((v) => v.date <= d.asOf && (!currentPlan || v.date >= currentPlan.startDate))
  const lastVisit = [...visitsOnPlan].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0]

  const timeline: TimelineEntry[] = []
  for (const c of d.conferences) {
    timeline.push({
      key: `c-${c.id}`,
      anchor: anchorFor('conference', c.id),
      date: c.date,
      kind: 'conference',
      title: c.kind === 'initial' ? 'Initial child protection conference' : 'Review child protection conference',
      body: null,
      findings: get('conference', c.id),
    })
  }
  for (const m of d.meetings) {
    const current = d.members.filter((mem) => mem.fromDate <= m.date && (!mem.toDate || mem.toDate >= m.date))
    const absent = current.map((x) => x.professionalId).filter((id) => !m.attended.includes(id) && !m.apologies.includes(id))
    const sentTo = new Set(d.distributions.filter((x) => x.meetingId === m.id && x.date <= d.asOf).map((x) => x.professionalId))
    const notSent = current.map((x) => x.professionalId).filter((id) => !sentTo.has(id))
    timeline.push({
      key: `m-${m.id}`,
      anchor: anchorFor('meeting', m.id),
      date: m.date,
      kind: 'meeting',
      title: `Core group meeting, chaired by ${name(m.chairId)}`,
      body: (
        <dl className="kv">
          <dt>Attended</dt>
          <dd>{m.attended.length ? m.attended.map(nameWithAgency).join(', ') : 'Nobody recorded'}</dd>
          <dt>Apologies</dt>
          <dd>{m.apologies.length ? m.apologies.map(nameWithAgency).join(', ') : 'None'}</dd>
          {absent.length > 0 && (
            <>
              <dt>Absent without apology</dt>
              <dd>{absent.map(nameWithAgency).join(', ')}</dd>
            </>
          )}
          <dt>Plan available</dt>
          <dd>{yesNo(m.planAvailable)}</dd>
          <dt>Child's views recorded</dt>
          <dd>{yesNo(m.childViewsRecorded)}</dd>
          <dt>Risk reviewed</dt>
          <dd>{yesNo(m.riskReviewed)}</dd>
          <dt>Risk score</dt>
          <dd>{riskText(m)}</dd>
          <dt>Decisions sent</dt>
          <dd>
            {current.length === 0
              ? 'No members recorded'
              : notSent.length === 0
                ? `To all ${current.length} members`
                : `To ${current.length - notSent.length} of ${current.length} members; not to ${notSent.map(name).join(', ')}`}
          </dd>
        </dl>
      ),
      findings: get('meeting', m.id),
    })
  }
  for (const a of d.actions) {
    const status =
      a.status === 'open' || (a.closedDate && a.closedDate > d.asOf)
        ? 'Open'
        : a.status === 'done'
          ? `Done${a.closedDate ? ` on ${formatUK(a.closedDate)}` : ''}`
          : `Dropped${a.closedDate ? ` on ${formatUK(a.closedDate)}` : ''}`
    timeline.push({
      key: `a-${a.id}`,
      anchor: anchorFor('action', a.id),
      date: a.createdDate,
      kind: 'action',
      title: `Action agreed: ${a.description}`,
      body: (
        <dl className="kv">
          <dt>Status</dt>
          <dd>{status}</dd>
          <dt>Owner</dt>
          <dd>{a.ownerId ? nameWithAgency(a.ownerId) : <span className="no">No owner</span>}</dd>
          <dt>Due</dt>
          <dd>{a.dueDate ? formatUK(a.dueDate) : <span className="no">No due date</span>}</dd>
          <dt>Last reviewed</dt>
          <dd>{formatUK(a.lastReviewedDate)}</dd>
          <dt>Outcome wanted</dt>
          <dd>{a.outcome?.trim() ? a.outcome : <span className="no">Not written down</span>}</dd>
        </dl>
      ),
      findings: get('action', a.id),
    })
  }
  const sortedAllocations = [...d.allocations].sort((a, b) => (a.startDate < b.startDate ? -1 : 1))
  sortedAllocations.forEach((a, i) => {
    const reason = a.changeReason ? CHANGE_REASON_LABELS[a.changeReason as ChangeReason] : null
    timeline.push({
      key: `w-${a.id}`,
      anchor: anchorFor('allocation', a.id),
      date: a.startDate,
      kind: 'allocation',
      title: `${i === 0 ? 'Social worker allocated' : 'Social worker changed to'} ${name(a.professionalId)}`,
      body: (
        <dl className="kv">
          <dt>Allocated</dt>
          <dd>
            {formatUK(a.startDate)} to {a.endDate ? formatUK(a.endDate) : 'now'}
          </dd>
          {i > 0 && (
            <>
              <dt>Reason for the change</dt>
              <dd>{reason ?? 'Not recorded'}</dd>
            </>
          )}
          {i === 0 && reason && (
            <>
              <dt>Reason recorded</dt>
              <dd>{reason}</dd>
            </>
          )}
        </dl>
      ),
      findings: get('allocation', a.id),
    })
  })
  for (const g of d.disagreements) {
    const resolved = g.resolvedDate && g.resolvedDate <= d.asOf
    timeline.push({
      key: `d-${g.id}`,
      anchor: anchorFor('disagreement', g.id),
      date: g.raisedDate,
      kind: 'disagreement',
      title: `Disagreement raised by ${nameWithAgency(g.raisedById)}: ${DISAGREEMENT_LABELS[g.category] ?? g.category}`,
      body: (
        <>
          <ol className="stages">
            {(g.stages.length ? g.stages : [{ stage: 1, startDate: g.raisedDate, respondedDate: null }]).map((s) => (
              <li key={s.stage}>
                <strong>Stage {s.stage}</strong> from {formatUK(s.startDate)}
                {s.respondedDate ? `, answered ${formatUK(s.respondedDate)}` : ', no answer yet'}
              </li>
            ))}
          </ol>
          <p>
            {resolved ? (
              <>
                Resolved on {formatUK(g.resolvedDate)}
                {g.outcome ? `: ${g.outcome}` : '.'}
              </>
            ) : (
              <span className="no">Not resolved.</span>
            )}
          </p>
        </>
      ),
      findings: get('disagreement', g.id),
    })
  }
  for (const v of d.visits) {
    timeline.push({
      key: `v-${v.id}`,
      anchor: anchorFor('visit', v.id),
      date: v.date,
      kind: 'visit',
      title: v.seenAlone ? 'Visit: child seen alone' : 'Visit: child not seen alone',
      body: null,
      findings: [],
    })
  }
  timeline.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.key < b.key ? 1 : -1))

  const planAnchor = 'fact-plan'
  const visitsAnchor = 'fact-visits'
  const workerAnchor = 'fact-worker'
  return {
    bySubject,
    currentPlan,
    currentWorker,
    planFindings,
    visitFindings,
    workerFindings,
    members,
    lastVisit,
    visitCount: visitsOnPlan.length,
    timeline,
    planAnchor,
    visitsAnchor,
    workerAnchor,
    anchorOf(f: Finding): string {
      if (f.subject.kind === 'plan') {
        return PLAN_VISIT_RULES.has(f.ruleId) ? visitsAnchor : PLAN_WORKER_RULES.has(f.ruleId) ? workerAnchor : planAnchor
      }
      return anchorFor(f.subject.kind, f.subject.id)
    },
  }
}
