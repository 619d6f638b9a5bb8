import { useMemo } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { daysBetween, formatUK } from '../../../shared/civil-date'
import type { Overview } from '../../../shared/ipc-contract'
import { useOverview } from '../api/queries'
import { FindingLine } from '../components/Severity'
import { ErrorNotice, Loading } from '../components/Status'
import { TILES, TILE_KEYS, plural, ruleLabel, type TileKey } from '../labels'
import type { Navigate } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { NoCoreGroupNotice } from '../imports/NoCoreGroupNotice'

export const SEVERITY_COLOURS = { high: '#b42318', medium: '#b54708', low: '#3e5c9a' } as const
const SCORE_COLOUR = '#2f5d62'
const TOP_WORKERS = 15

export function Dashboard({ asOf, navigate }: { asOf: string; navigate: Navigate }) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const overview = useOverview(asOf)
  return (
    <div className="screen">
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          Supervision dashboard
        </h1>
        {overview.data && (
          <p className="lede">
            {plural(overview.data.children, 'child', 'children')} with an open plan on {formatUK(overview.data.asOf)}
            {overview.data.children !== overview.data.openPlans && ` (${plural(overview.data.openPlans, 'open plan')})`}. Each count
            below opens the list of children behind it.
          </p>
        )}
      </div>
      <NoCoreGroupNotice asOf={asOf} onBaseline={navigate.toBaseline} />
      {overview.isPending && <Loading label="Checking every case" />}
      {overview.isError && <ErrorNotice error={overview.error} onRetry={() => void overview.refetch()} />}
      {overview.data && <DashboardBody overview={overview.data} navigate={navigate} />}
    </div>
  )
}

function DashboardBody({ overview, navigate }: { overview: Overview; navigate: Navigate }) {
  return (
    <>
      {overview.warnings.length > 0 && (
        <div className="notice notice-warning" role="status">
          <ul>
            {overview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <section aria-labelledby="tiles-heading">
        <h2 id="tiles-heading" className="visually-hidden">
          Headline counts
        </h2>
        <ul className="tiles">
          {TILE_KEYS.map((key) => (
            <li key={key}>
              <Tile tile={key} count={overview.tiles[key]} onOpen={() => navigate.toTable({ findings: `tile:${key}` })} />
            </li>
          ))}
        </ul>
      </section>
      <div className="dashboard-grid">
        <Upcoming overview={overview} navigate={navigate} />
        <FindingsByRule overview={overview} />
      </div>
      <div className="dashboard-grid">
        <ScoreByWorker overview={overview} />
        <ScoreByTeam overview={overview} />
      </div>
    </>
  )
}

function Tile({ tile, count, onOpen }: { tile: TileKey; count: { children: number; findings: number }; onOpen(): void }) {
  const def = TILES[tile]
  const calm = count.children === 0
  return (
    <button type="button" className={`tile${calm ? ' tile-calm' : ''}`} onClick={onOpen} data-tile={tile}>
      <span className="tile-title">{def.title}</span>
      <span className="tile-count">{count.children.toLocaleString('en-GB')}</span>
      <span className="tile-unit">{count.children === 1 ? 'child' : 'children'}</span>
      <span className="tile-explain">{def.explain}</span>
      <span className="tile-foot">
        {plural(count.findings, 'finding')} · <span className="tile-link">Show the list</span>
      </span>
    </button>
  )
}

function Upcoming({ overview, navigate }: { overview: Overview; navigate: Navigate }) {
  return (
    <section className="panel" aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">Deadlines in the next four weeks</h2>
      <p className="panel-sub">Soonest first, from {formatUK(overview.asOf)}.</p>
      {overview.upcoming.length === 0 ? (
        <p className="empty">No deadlines fall in the next four weeks.</p>
      ) : (
        <ol className="upcoming">
          {overview.upcoming.slice(0, 40).map(({ finding, childName }, i) => {
            const days = finding.dueDate ? daysBetween(overview.asOf, finding.dueDate) : null
            return (
              <li key={`${finding.childId}-${finding.ruleId}-${finding.subject.id}-${i}`} className="upcoming-item">
                <div className="upcoming-date">
                  <span className="upcoming-day">{formatUK(finding.dueDate)}</span>
                  <span className="upcoming-in">{days === null ? '' : days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`}</span>
                </div>
                <div className="upcoming-body">
                  <button type="button" className="link-button child-link" onClick={() => navigate.toCase(finding.childId)}>
                    {childName}
                  </button>
                  <FindingLine finding={finding} compact />
                </div>
              </li>
            )
          })}
        </ol>
      )}
      {overview.upcoming.length > 40 && (
        <p className="panel-sub">
          Showing the first 40 of {overview.upcoming.length.toLocaleString('en-GB')} deadlines. The caseload table lists them all.
        </p>
      )}
    </section>
  )
}

function ChartFigure({
  id,
  title,
  description,
  height,
  chart,
  table,
}: {
  id: string
  title: string
  description: string
  height: number
  chart: React.ReactNode
  table: React.ReactNode
}) {
  return (
    <section className="panel chart-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-desc`} className="panel-sub">
        {description}
      </p>
      <figure className="chart" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <div className="chart-box" style={{ height }}>
          <ResponsiveContainer width="100%" height="100%">
            {chart as React.ReactElement}
          </ResponsiveContainer>
        </div>
      </figure>
      <details className="chart-table">
        <summary>Show the figures as a table</summary>
        {table}
      </details>
    </section>
  )
}

function FindingsByRule({ overview }: { overview: Overview }) {
  const data = useMemo(
    () =>
      overview.byRule
        .map((r) => ({ ...r, label: ruleLabel(r.ruleId), total: r.high + r.medium + r.low }))
        .filter((r) => r.total > 0)
        .sort((a, b) => b.total - a.total),
    [overview.byRule],
  )
  const total = data.reduce((s, r) => s + r.total, 0)
  return (
    <ChartFigure
      id="by-rule"
      title="Findings by rule"
      description={`${plural(total, 'finding')} across the caseload, split by severity (high, medium, low).`}
      height={Math.max(160, data.length * 26 + 60)}
      chart={
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
          <CartesianGrid horizontal={false} stroke="#e3e6ea" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: '#3d4752' }} />
          <YAxis type="category" dataKey="label" width={230} tick={{ fontSize: 12, fill: '#1f2933' }} interval={0} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
          <Bar dataKey="high" name="High" stackId="s" fill={SEVERITY_COLOURS.high} isAnimationActive={false} />
          <Bar dataKey="medium" name="Medium" stackId="s" fill={SEVERITY_COLOURS.medium} isAnimationActive={false} />
          <Bar dataKey="low" name="Low" stackId="s" fill={SEVERITY_COLOURS.low} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">High</th>
              <th scope="col">Medium</th>
              <th scope="col">Low</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.ruleId}>
                <th scope="row">{r.label}</th>
                <td>{r.high}</td>
                <td>{r.medium}</td>
                <td>{r.low}</td>
                <td>{r.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

/** A horizontal bar per worker or team, longest first (the caller sorts). */
function scoreBars<T extends { score: number }>(data: T[], labelKey: string) {
  return (
    <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
      <CartesianGrid horizontal={false} stroke="#e3e6ea" />
      <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: '#3d4752' }} />
      <YAxis type="category" dataKey={labelKey} width={170} tick={{ fontSize: 12, fill: '#1f2933' }} interval={0} />
      <Tooltip />
      <Bar dataKey="score" name="Drift score" fill={SCORE_COLOUR} isAnimationActive={false} />
    </BarChart>
  )
}

function ScoreByWorker({ overview }: { overview: Overview }) {
  const sorted = useMemo(() => [...overview.byWorker].sort((a, b) => b.score - a.score), [overview.byWorker])
  const data = sorted.slice(0, TOP_WORKERS)
  const some = sorted.length > TOP_WORKERS
  return (
    <ChartFigure
      id="by-worker"
      title="Drift score by worker"
      description={`${some ? `The ${TOP_WORKERS} highest of ${sorted.length.toLocaleString('en-GB')} workers` : 'Each allocated worker'}: the sum of their children's drift scores (high 3, medium 2, low 1 per finding).`}
      height={Math.max(160, data.length * 26 + 40)}
      chart={scoreBars(data, 'workerName')}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Worker</th>
              <th scope="col">Children</th>
              <th scope="col">Drift score</th>
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, 200).map((w) => (
              <tr key={w.workerId ?? 'none'}>
                <th scope="row">{w.workerName}</th>
                <td>{w.children}</td>
                <td>{w.score}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

function ScoreByTeam({ overview }: { overview: Overview }) {
  const data = useMemo(() => [...overview.byTeam].sort((a, b) => b.score - a.score), [overview.byTeam])
  return (
    <ChartFigure
      id="by-team"
      title="Drift score by team"
      description="Each team: the sum of its children's drift scores."
      height={Math.max(160, data.length * 30 + 40)}
      chart={scoreBars(data, 'team')}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Children</th>
              <th scope="col">Drift score</th>
              <th scope="col">Average per child</th>
            </tr>
          </thead>
          <tbody>
            {data.map((t) => (
              <tr key={t.team}>
                <th scope="row">{t.team}</th>
                <td>{t.children}</td>
                <td>{t.score}</td>
                <td>{t.children ? (t.score / t.children).toFixed(1) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
