import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import { RULE_GROUPS, type GroupCount, type GroupStatus } from '../../../shared/rule-groups'
import { GROUP_STATUS_LABELS, plural } from '../labels'
import type { Navigate } from '../nav'
import { ChartFigure } from './ChartFigure'

export const STATUS_COLOURS: Record<GroupStatus, string> = { overdue: '#b42318', flag: '#b54708', 'due-soon': '#3e5c9a' }

/** Findings by rule group and status: the very numbers of the tiles (the same GroupCount list). A bar opens the table filtered to it. */
export function FindingsByGroup({ groups, navigate }: { groups: readonly GroupCount[]; navigate: Navigate }) {
  const data = groups.map((g) => ({
    key: g.key,
    label: RULE_GROUPS[g.key].title,
    overdue: g.overdue.findings,
    flag: g.flag.findings,
    'due-soon': g['due-soon'].findings,
  }))
  const total = data.reduce((s, d) => s + d.overdue + d.flag + d['due-soon'], 0)
  const open = (status: GroupStatus) => (entry: unknown) => {
    const key = (entry as { payload?: { key?: string } }).payload?.key
    if (key) navigate.toTable({ findings: `group:${key}:${status}` })
  }
  return (
    <ChartFigure
      id="by-group"
      title="Findings by kind"
      description={`${plural(total, 'finding')}: overdue, flagged and due soon, the same counts as the tiles. Select a bar to list its children.`}
      height={Math.max(200, data.length * 34 + 60)}
      chart={
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
          <CartesianGrid horizontal={false} stroke="#e3e6ea" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: '#3d4752' }} />
          <YAxis type="category" dataKey="label" width={140} tick={{ fontSize: 12, fill: '#1f2933' }} interval={0} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
          {(['overdue', 'flag', 'due-soon'] as const).map((st) => (
            <Bar key={st} dataKey={st} name={GROUP_STATUS_LABELS[st]} stackId="s" fill={STATUS_COLOURS[st]} isAnimationActive={false} cursor="pointer" onClick={open(st)} />
          ))}
        </BarChart>
      }
      table={
        <table className="data-table" data-figures="by-group">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Overdue</th>
              <th scope="col">Flagged</th>
              <th scope="col">Due soon</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.key} data-group={d.key}>
                <th scope="row">{d.label}</th>
                {(['overdue', 'flag', 'due-soon'] as const).map((st) => (
                  <td key={st} data-status={st}>
                    {d[st] > 0 ? (
                      <button type="button" className="link-button" onClick={() => navigate.toTable({ findings: `group:${d.key}:${st}` })}>
                        {d[st]}
                      </button>
                    ) : (
                      0
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
