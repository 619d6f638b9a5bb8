import { useEffect, useState } from 'react'
import { formatUK } from '../../../shared/civil-date'
import type { Overview } from '../../../shared/ipc-contract'
import { useOverview, usePrefetchCaseTable, useTriage } from '../api/queries'
import { ErrorNotice, Loading } from '../components/Status'
import { DriftByTeam, DriftByWorker } from '../dashboard/DriftBy'
import { EmptyCaseload } from '../dashboard/EmptyCaseload'
import { NoOpenPlans } from '../dashboard/NoOpenPlans'
import { FindingsByGroup } from '../dashboard/FindingsByGroup'
import { GroupTiles } from '../dashboard/GroupTiles'
import { START_HERE_FIRST, StartHere } from '../dashboard/StartHere'
import { plural } from '../labels'
import type { Navigate } from '../nav'
import { useHeadingFocus } from '../useHeadingFocus'
import { NoCoreGroupNotice } from '../imports/NoCoreGroupNotice'


/**
 * The first screen (issue 11): "Start here" — which child to act on first and why — then the
 * headline counts by kind of finding and, beside them, the chart of the very same counts; then
 * drift per child by worker and by team.
 */
export function Dashboard({ asOf, today, navigate }: { asOf: string; today: string; navigate: Navigate }) {
  const heading = useHeadingFocus<HTMLHeadingElement>()
  const overview = useOverview(asOf)
  // Asked now, not once the overview has drawn Start here: both read the one cached scan, and the
  // core answers the second as soon as the first has made it.
  const triage = useTriage(asOf, START_HERE_FIRST)
  const o = overview.data
  usePrefetchCaseTable(asOf, Boolean(o && o.openPlans > 0 && triage.data))
  // The charts are drawn once Start here and the tiles are on screen: at authority scale drawing them
  // took longer than the rest of the page, and the chair reads the list first.
  const chartsNow = usePaintedAfter(Boolean(o) && !triage.isPending)
  return (
    <div className="screen">
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          Supervision dashboard
        </h1>
        {o && o.children > 0 && (
          <p className="lede">
            {plural(o.children, 'child', 'children')} with an open plan on {formatUK(o.asOf)}
            {o.children !== o.openPlans && ` (${plural(o.openPlans, 'open plan')})`}. Start with the children at the top of the list; each count
            below opens the children behind it.
          </p>
        )}
      </div>
      <NoCoreGroupNotice asOf={asOf} onBaseline={navigate.toBaseline} />
      {overview.isPending && <Loading label="Checking every case" />}
      {overview.isError && <ErrorNotice error={overview.error} onRetry={() => void overview.refetch()} />}
      {o && (o.openPlans === 0 ? asOf === today ? <EmptyCaseload /> : <NoOpenPlans asOf={asOf} today={today} /> : <DashboardBody overview={o} asOf={asOf} navigate={navigate} charts={chartsNow} />)}
    </div>
  )
}

/** True from the first frame painted after `ready` became true (and from then on). */
function usePaintedAfter(ready: boolean): boolean {
  const [painted, setPainted] = useState(false)
  useEffect(() => {
    if (!ready || painted) return
    let timer: ReturnType<typeof setTimeout> | undefined
    // The frame is painted after its animation frame callbacks: a task queued from one runs after it.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [ready, painted])
  return painted
}

function DashboardBody({ overview, asOf, navigate, charts }: { overview: Overview; asOf: string; navigate: Navigate; charts: boolean }) {
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
      <StartHere asOf={asOf} navigate={navigate} />
      <GroupTiles groups={overview.groups} navigate={navigate} />
      {charts ? (
        <>
          <div className="dashboard-grid">
            <FindingsByGroup groups={overview.groups} navigate={navigate} />
            <DriftByWorker overview={overview} navigate={navigate} />
          </div>
          <div className="dashboard-grid">
            <DriftByTeam overview={overview} navigate={navigate} />
          </div>
        </>
      ) : (
        // Their place kept, so the page below does not jump when they appear.
        <div className="dashboard-charts-pending" aria-hidden="true" />
      )}
    </>
  )
}
