/**
 * The audit report screen (issue 6, item 4): the 2014 core group audit's measures over 100% of the
 * caseload for a period. Each indicator with its numerator, denominator and percent, the cases
 * behind it (expand, then open a case), a bar chart and the trend by month (each chart with a table
 * as its text alternative), and the audit's own shape: what we did well, areas for development.
 */
import { Fragment, useId, useMemo, useState } from 'react'
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { addMonths, formatUK, isCivilDate } from '../../../shared/civil-date'
import { NOTHING_MEASURED, type AuditIndicator, type AuditScreen as AuditData } from '../../../shared/audit-types'
import { useAudit } from '../api/supervision'
import { ErrorNotice, Loading } from '../components/Status'
import type { Navigate } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { ExportButtons } from './ExportButtons'
import './supervision.css'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(2, 4)}`
const pct = (p: number | null) => (p === null ? '—' : `${p.toFixed(1)}%`)
const LINE_COLOURS = ['#2f5d62', '#b54708', '#3e5c9a', '#7a2e8e', '#1d6b3a', '#8f1d12', '#5c5c5c', '#0b7285', '#a61e4d', '#5f3dc4', '#2b8a3e']
const WELL = '#2f7d4f'
const DEV = '#b42318'

/** Short names for chart axes (the table gives the full titles). */
const SHORT: Record<string, string> = {
  'first-core-group': 'First core group',
  'core-group-interval': 'Core group interval',
  'decisions-distributed': 'Decisions sent',
  'plan-available': 'Plan available',
  'child-views-recorded': "Child's views",
  'risk-reviewed': 'Risk reviewed',
  'actions-smart': 'Actions SMART',
  'complex-case-chair': 'Complex: DM chair',
  'review-conference-on-time': 'Review on time',
  'disagreement-resolved': 'Disagreement resolved',
  'worker-stability': 'Same worker',
}
const short = (i: AuditIndicator) => SHORT[i.id] ?? i.title

function verdict(i: AuditIndicator, threshold: number): 'well' | 'dev' | 'none' {
  return i.percent === null ? 'none' : i.percent >= threshold ? 'well' : 'dev'
}

export function AuditScreen({ asOf, navigate }: { asOf: string; navigate: Navigate }) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const [from, setFrom] = useState(() => addMonths(`${asOf.slice(0, 7)}-01`, -11))
  const [to, setTo] = useState(asOf)
  const [period, setPeriod] = useState<{ from: string; to: string }>({ from, to })
  const [problem, setProblem] = useState<string | null>(null)
  const audit = useAudit(period)
  const ids = { from: useId(), to: useId() }
  const apply = () => {
    if (!isCivilDate(from) || !isCivilDate(to)) return setProblem('Enter both dates.')
    if (to < from) return setProblem('The period ends before it starts.')
    setProblem(null)
    setPeriod({ from, to })
  }
  return (
    <div className="screen screen-audit">
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          Core group audit
        </h1>
        <p className="lede">
          The measures of the multi-agency core group audit, checked for every child in the caseload (not a 5% sample), with the cases behind each number.
        </p>
      </div>
      <form
        className="panel audit-period"
        aria-label="Audit period"
        onSubmit={(e) => {
          e.preventDefault()
          apply()
        }}
      >
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <span className="date-row">
            <input id={ids.from} type="date" className="input" value={from} onChange={(e) => setFrom(e.target.value)} />
            {isCivilDate(from) && <span className="muted">{formatUK(from)}</span>}
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <span className="date-row">
            <input id={ids.to} type="date" className="input" value={to} onChange={(e) => setTo(e.target.value)} />
            {isCivilDate(to) && <span className="muted">{formatUK(to)}</span>}
          </span>
        </div>
        <button type="submit" className="button">
          Show the audit
        </button>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </form>
      {audit.isPending && <Loading label="Measuring every case" />}
      {audit.isError && <ErrorNotice error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.data && <AuditBody data={audit.data} navigate={navigate} />}
    </div>
  )
}

function AuditBody({ data, navigate }: { data: AuditData; navigate: Navigate }) {
  const well = data.indicators.filter((i) => verdict(i, data.threshold) === 'well')
  const dev = data.indicators.filter((i) => verdict(i, data.threshold) === 'dev')
  const none = data.indicators.filter((i) => verdict(i, data.threshold) === 'none')
  return (
    <>
      <div className="panel">
        <p>
          <strong>
            {formatUK(data.from)} to {formatUK(data.to)}
          </strong>
          : {data.scope.plans} plans of {data.scope.children} children in scope. &quot;What we did well&quot; means {data.threshold}% or more; &quot;Areas
          for development&quot; means below {data.threshold}%.
        </p>
        <ExportButtons target={{ kind: 'audit', from: data.from, to: data.to }} formats={['docx', 'pdf']} clipboard={false} what="the audit report" />
      </div>
      <div className="audit-columns">
        <section className="panel" aria-labelledby="well-heading">
          <h2 id="well-heading">What we did well</h2>
          {well.length === 0 ? (
            <p className="empty">{dev.length === 0 ? NOTHING_MEASURED : `No indicator reached ${data.threshold}% in this period.`}</p>
          ) : (
            <ol className="audit-list">
              {well.map((i) => (
                <li key={i.id}>
                  {i.title}: <strong>{pct(i.percent)}</strong> ({i.numerator} of {i.denominator}).
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="panel" aria-labelledby="dev-heading">
          <h2 id="dev-heading">Areas for development</h2>
          {dev.length === 0 ? (
            <p className="empty">{well.length === 0 ? NOTHING_MEASURED : `Every measured indicator reached ${data.threshold}%.`}</p>
          ) : (
            <ol className="audit-list">
              {dev.map((i) => (
                <li key={i.id}>
                  {i.title}: <strong>{pct(i.percent)}</strong> ({i.numerator} of {i.denominator}); {i.denominator - i.numerator} not met.
                </li>
              ))}
            </ol>
          )}
          {none.length > 0 && <p className="muted">Not measured (no cases in the period): {none.map((i) => i.title).join('; ')}.</p>}
        </section>
      </div>
      <IndicatorChart data={data} />
      <IndicatorTable data={data} navigate={navigate} />
      <TrendChart data={data} />
    </>
  )
}

function IndicatorChart({ data }: { data: AuditData }) {
  const rows = data.indicators.map((i) => ({ name: short(i), percent: i.percent ?? 0, measured: i.percent !== null, v: verdict(i, data.threshold) }))
  return (
    <section className="panel" aria-labelledby="bars-heading">
      <h2 id="bars-heading">Each indicator for the period</h2>
      <figure className="chart" role="img" aria-label={`Bar chart of the percent met for each indicator; ${rows.filter((r) => r.v === 'well').length} reached ${data.threshold}%. The table below gives the numbers.`}>
        <div className="chart-box" style={{ height: 380 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ left: 20, right: 30, top: 24, bottom: 10 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" domain={[0, 100]} unit="%" />
              <YAxis type="category" dataKey="name" width={170} interval={0} />
              <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
              <ReferenceLine x={data.threshold} stroke="#333" strokeDasharray="4 4" label={{ value: `${data.threshold}%`, position: 'top' }} />
              <Bar dataKey="percent" name="Met" isAnimationActive={false}>
                {rows.map((r) => (
                  <Cell key={r.name} fill={r.v === 'well' ? WELL : r.v === 'dev' ? DEV : '#c8d0d8'} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <figcaption className="muted">
          Green bars reached {data.threshold}% (the dashed line), red bars did not. The same numbers, with words, are in the table below.
        </figcaption>
      </figure>
    </section>
  )
}

function IndicatorTable({ data, navigate }: { data: AuditData; navigate: Navigate }) {
  const [open, setOpen] = useState<string | null>(null)
  return (
    <section className="panel" aria-labelledby="table-heading">
      <h2 id="table-heading">Indicators and the cases behind them</h2>
      <table className="data-table indicator-table">
        <thead>
          <tr>
            <th scope="col">Indicator</th>
            <th scope="col">Met</th>
            <th scope="col">Percent</th>
            <th scope="col">Verdict</th>
            <th scope="col">Cases</th>
          </tr>
        </thead>
        <tbody>
          {data.indicators.map((i) => {
            const v = verdict(i, data.threshold)
            const isOpen = open === i.id
            return (
              <Fragment key={i.id}>
                <tr>
                  <th scope="row">
                    {i.title}
                    <p className="indicator-def">{i.definition}</p>
                  </th>
                  <td className="num">
                    {i.numerator} of {i.denominator}
                  </td>
                  <td className="num">{pct(i.percent)}</td>
                  <td className={v === 'well' ? 'verdict-well' : v === 'dev' ? 'verdict-dev' : 'muted'}>
                    {v === 'well' ? 'Did well' : v === 'dev' ? 'Area for development' : 'Not measured'}
                  </td>
                  <td>
                    {i.denominator > 0 && (
                      <button type="button" className="link-button" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : i.id)}>
                        {isOpen ? 'Hide cases' : `Show ${i.denominator} (${i.denominator - i.numerator} not met)`}
                      </button>
                    )}
                  </td>
                </tr>
                {isOpen && (
                  <tr>
                    <td colSpan={5}>
                      <CaseList indicator={i} names={data.childNames} navigate={navigate} />
                    </td>
                  </tr>
                )}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

const KIND: Record<string, string> = { plan: 'Plan', meeting: 'Core group', conference: 'Conference', action: 'Action', disagreement: 'Disagreement', child: 'Child' }

function CaseList({ indicator, names, navigate }: { indicator: AuditIndicator; names: Record<string, string>; navigate: Navigate }) {
  return (
    <>
      <ul className="indicator-cases" aria-label={`Cases behind ${indicator.title}`}>
        {indicator.cases.map((c) => (
          <li key={`${c.kind}-${c.id}-${c.date}`}>
            <strong className={c.met ? 'yes' : 'no'}>{c.met ? 'Met' : 'Not met'}</strong> · {formatUK(c.date)} · {KIND[c.kind] ?? c.kind}{' '}
            {c.kind !== 'child' && <span className="muted">{c.id}</span>} ·{' '}
            {c.childIds.map((id, k) => (
              <Fragment key={id}>
                {k > 0 && ', '}
                <button type="button" className="link-button" onClick={() => navigate.toCase(id)}>
                  {names[id] ?? id}
                </button>
              </Fragment>
            ))}
          </li>
        ))}
      </ul>
      {indicator.casesOmitted > 0 && <p className="muted">And {indicator.casesOmitted} more met cases not listed here (they are counted).</p>}
    </>
  )
}

function TrendChart({ data }: { data: AuditData }) {
  const months = data.indicators[0]?.monthly ?? []
  const initial = useMemo(() => {
    const dev = data.indicators.filter((i) => verdict(i, data.threshold) === 'dev').map((i) => i.id)
    return (dev.length ? dev : data.indicators.map((i) => i.id)).slice(0, 4)
  }, [data])
  const [shown, setShown] = useState<string[]>(initial)
  const rows = months.map((m, k) => {
    const row: Record<string, string | number | null> = { month: monthLabel(m.month) }
    for (const i of data.indicators) row[i.id] = i.monthly[k]?.percent ?? null
    return row
  })
  return (
    <section className="panel" aria-labelledby="trend-heading">
      <h2 id="trend-heading">Trend by month</h2>
      <fieldset className="trend-pick">
        <legend>Show these indicators on the chart</legend>
        {data.indicators.map((i) => (
          <label key={i.id} className="trend-option">
            <input
              type="checkbox"
              checked={shown.includes(i.id)}
              onChange={(e) => setShown((s) => (e.target.checked ? [...s, i.id] : s.filter((x) => x !== i.id)))}
            />{' '}
            {short(i)}
          </label>
        ))}
      </fieldset>
      <figure className="chart" role="img" aria-label="Line chart of the percent met in each month for the indicators chosen above. The table below gives every month.">
        <div className="chart-box" style={{ height: 320 }}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart accessibilityLayer={false} data={rows} margin={{ left: 10, right: 30, top: 10, bottom: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis domain={[0, 100]} unit="%" />
              <Tooltip formatter={(v) => (v === null ? '—' : `${Number(v).toFixed(1)}%`)} />
              <Legend />
              <ReferenceLine y={data.threshold} stroke="#333" strokeDasharray="4 4" />
              {data.indicators
                .filter((i) => shown.includes(i.id))
                .map((i) => (
                  <Line key={i.id} type="monotone" dataKey={i.id} name={short(i)} stroke={LINE_COLOURS[data.indicators.indexOf(i) % LINE_COLOURS.length]} strokeWidth={2} connectNulls isAnimationActive={false} />
                ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <figcaption className="muted">Percent met in each month (the dashed line is {data.threshold}%). The table below gives every month in words and numbers.</figcaption>
      </figure>
      <details className="chart-table">
        <summary>Trend by month as a table</summary>
        <div className="table-scroll">
          <table className="data-table indicator-table">
            <thead>
              <tr>
                <th scope="col">Indicator</th>
                {months.map((m) => (
                  <th scope="col" key={m.month}>
                    {monthLabel(m.month)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.indicators.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.title}</th>
                  {i.monthly.map((m) => (
                    <td key={m.month} className="num">
                      {m.denominator ? `${pct(m.percent)} (${m.numerator}/${m.denominator})` : '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  )
}

