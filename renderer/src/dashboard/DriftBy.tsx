import { useMemo } from 'react'
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts'
import type { Overview } from '../../../shared/ipc-contract'
import type { Navigate } from '../nav'
import { ChartFigure } from './ChartFigure'
import { compareNames } from '../compare-names'

const SCORE_COLOUR = '#2f5d62'
const TOP_WORKERS = 15
/** The table's own words for "no team" (caseload/table-model.ts NO_TEAM). */
const TABLE_NO_TEAM = 'No team recorded'

const average = (score: number, children: number) => (children ? Math.round((score / children) * 10) / 10 : 0)

function averageBars(data: { label: string; average: number }[], onOpen: (label: string) => void) {
  return (
    <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
      <CartesianGrid horizontal={false} stroke="#e3e6ea" />
      <XAxis type="number" allowDecimals={false} domain={[0, (max: number) => Math.max(1, Math.ceil(max))]} tick={{ fontSize: 12, fill: '#3d4752' }} />
      <YAxis type="category" dataKey="label" width={200} tick={{ fontSize: 12, fill: '#1f2933' }} interval={0} />
      <Tooltip />
      <Bar
        dataKey="average"
        name="Drift score per child"
        fill={SCORE_COLOUR}
        isAnimationActive={false}
        cursor="pointer"
        onClick={(entry: unknown) => {
          const name = (entry as { payload?: { name?: string } }).payload?.name
          if (name) onOpen(name)
        }}
      />
    </BarChart>
  )
}

/**
 * Drift by allocated worker as the average per child (a bigger caseload does not look worse by
 * itself), the number of children beside each name; the table gives totals and how many children
 * have a high finding. A bar opens the caseload filtered to that worker.
 */
export function DriftByWorker({ overview, navigate }: { overview: Overview; navigate: Navigate }) {
  const sorted = useMemo(
    () =>
      overview.byWorker
        .map((w) => ({ ...w, name: w.workerName, average: average(w.score, w.children), label: `${w.workerName} (${w.children})` }))
        .sort((a, b) => b.average - a.average || b.withHigh - a.withHigh || compareNames(a.name, b.name)),
    [overview.byWorker],
  )
  const data = sorted.slice(0, TOP_WORKERS)
  return (
    <ChartFigure
      id="by-worker"
      title="Drift per child, by worker"
      description={`${sorted.length > TOP_WORKERS ? `The ${TOP_WORKERS} highest of ${sorted.length.toLocaleString('en-GB')} workers` : 'Each allocated worker'}: the average drift score of their children (in brackets, how many). Select a bar to list them.`}
      height={Math.max(160, data.length * 26 + 40)}
      chart={averageBars(data, (worker) => navigate.toTable({ worker }))}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Worker</th>
              <th scope="col">Children</th>
              <th scope="col">With findings</th>
              <th scope="col">With a high finding</th>
              <th scope="col">Total drift score</th>
              <th scope="col">Per child</th>
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, 200).map((w) => (
              <tr key={w.workerId ?? 'none'}>
                <th scope="row">{w.workerName}</th>
                <td>{w.children}</td>
                <td>{w.withFindings}</td>
                <td>{w.withHigh}</td>
                <td>{w.score}</td>
                <td>{w.average.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

export function DriftByTeam({ overview, navigate }: { overview: Overview; navigate: Navigate }) {
  const data = useMemo(
    () =>
      overview.byTeam
        .map((t) => ({ ...t, name: t.team === 'No team' ? TABLE_NO_TEAM : t.team, average: average(t.score, t.children), label: `${t.team} (${t.children})` }))
        .sort((a, b) => b.average - a.average || compareNames(a.name, b.name)),
    [overview.byTeam],
  )
  return (
    <ChartFigure
      id="by-team"
      title="Drift per child, by team"
      description="Each team: the average drift score of its children (in brackets, how many). Select a bar to list them."
      height={Math.max(160, data.length * 30 + 40)}
      chart={averageBars(data, (team) => navigate.toTable({ team }))}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Children</th>
              <th scope="col">Total drift score</th>
              <th scope="col">Per child</th>
            </tr>
          </thead>
          <tbody>
            {data.map((t) => (
              <tr key={t.team}>
                <th scope="row">{t.team}</th>
                <td>{t.children}</td>
                <td>{t.score}</td>
                <td>{t.average.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
