import { Fragment, useEffect, useState, type ReactNode } from 'react'
import { formatUK } from '../../../shared/civil-date'
import { anchorOf, PLAN_ANCHOR, VISITS_ANCHOR, WORKER_ANCHOR, type TimelineEntry } from '../../../shared/case-view'
import type { Finding } from '../../../shared/drift-types'
import type { CaseDetail } from '../../../shared/ipc-contract'
import { useCaseDetail } from '../api/queries'
import { FindingLine, ScoreValue } from '../components/Severity'
import { ErrorNotice, Loading } from '../components/Status'
import { CATEGORY_LABELS, ROLE_LABELS, plural } from '../labels'
import type { Navigate, RecordRef } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { MidwayPanel } from '../supervision/MidwayPanel'
import { CaseRecordingProvider, HistoryPanel, MemberItemActions, RecordItemActions, RecordToolbar } from '../forms/recording'

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

const KIND_LABELS: Record<TimelineEntry['kind'], string> = {
  conference: 'Conference',
  meeting: 'Core group',
  action: 'Action',
  allocation: 'Worker',
  disagreement: 'Disagreement',
  visit: 'Visit',
}

function CaseBody({ detail, record }: { detail: CaseDetail; record?: RecordRef | undefined }) {
  const heading = useHeadingFocus<HTMLHeadingElement>(detail.child.id)
  const [showLater, setShowLater] = useState(false)
  // The model is built in the core (electron/core/case-view/model.ts); this screen only draws it.
  const model = detail.view
  // Opened at a finding's record: bring it into view and focus it once (after the heading's focus).
  const anchor = record && record.subject.kind !== 'supervision-action' ? anchorOf(record as Finding) : null
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
  const plan = detail.plans.find((p) => p.id === model.currentPlanId)
  const visible = showLater ? model.timeline : model.timeline.filter((e) => e.date <= asOf)
  const later = model.timeline.length - model.timeline.filter((e) => e.date <= asOf).length

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
              <dd>{model.worker ? model.worker.name : <span className="warn-text">No allocated worker</span>}</dd>
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
          {model.attention.length === 0 ? (
            <p className="empty">Nothing is drifting on this date.</p>
          ) : (
            <ul className="finding-list">
              {model.attention.map((a, i) => (
                <li key={i}>
                  <FindingLine finding={a.finding} />
                  {a.anchor && (
                    <a className="jump" href={`#${a.anchor}`}>
                      {a.see}
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
          <section className="panel" aria-labelledby="plan-heading" id={PLAN_ANCHOR}>
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

          <MidwayPanel childId={child.id} childName={child.name} asOf={asOf} hasOpenPlan={model.planOpen} />
          <section className="panel" aria-labelledby="worker-heading" id={WORKER_ANCHOR}>
            <h2 id="worker-heading">Allocated worker</h2>
            <Fact findings={model.workerFindings}>
              <p>
                {model.worker
                  ? `${model.worker.name} (${model.worker.agency}) is allocated on ${formatUK(asOf)}.`
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
                  <li key={`${m.professional.id}-${m.member.fromDate}`} id={m.anchor}>
                    <Fact findings={m.findings}>
                      <span className="member-name">{m.professional.name}</span>{' '}
                      <span className="muted">
                        {ROLE_LABELS[m.professional.role]}, {m.professional.agency}
                      </span>
                      <span className="member-dates">{m.dates}</span>
                      <MemberItemActions member={m.member} professional={m.professional} />
                    </Fact>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="panel" aria-labelledby="visits-heading" id={VISITS_ANCHOR}>
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
                    <EntryBody entry={e} />
                    <RecordItemActions detail={detail} kind={e.kind} id={e.recordId} />
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

/** A record's details as the core wrote them: `no` marks what is missing or not done. */
function EntryBody({ entry: e }: { entry: TimelineEntry }) {
  const toned = (text: string, tone: 'plain' | 'yes' | 'no') => (tone === 'plain' ? text : <span className={tone}>{text}</span>)
  return (
    <>
      {e.details.length > 0 && (
        <dl className="kv">
          {e.details.map((d) => (
            <Fragment key={d.label}>
              <dt>{d.label}</dt>
              <dd>{toned(d.text, d.tone)}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      {e.stages.length > 0 && (
        <ol className="stages">
          {e.stages.map((s) => (
            <li key={s.stage}>
              <strong>Stage {s.stage}</strong> {s.text}
            </li>
          ))}
        </ol>
      )}
      {e.resolution && <p>{toned(e.resolution.text, e.resolution.tone)}</p>}
    </>
  )
}
