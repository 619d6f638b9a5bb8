import type { ReactElement, ReactNode } from 'react'
import { ResponsiveContainer } from 'recharts'

/** A chart with its title, a sentence saying what it shows, and the same figures as a table. */
export function ChartFigure({
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
  chart: ReactNode
  table: ReactNode
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
            {chart as ReactElement}
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

