/**
 * No open plan on a date other than today: the caseload is not empty (that is EmptyCaseload's "No
 * children yet"), the date is simply before any plan opened, after they all ended, or ahead.
 */
import { formatUK } from '../../../shared/civil-date'

export function noOpenPlansSentence(asOf: string, today: string): string {
  return asOf > today
    ? `No child has an open plan on ${formatUK(asOf)} as the caseload stands now.`
    : `No child had an open plan on ${formatUK(asOf)}.`
}

export function NoOpenPlans({ asOf, today }: { asOf: string; today: string }) {
  return (
    <section className="panel empty-caseload" aria-labelledby="no-open-plans-heading">
      <h2 id="no-open-plans-heading">{noOpenPlansSentence(asOf, today)}</h2>
      <p>Choose another date above, or Today to see the caseload as it is now.</p>
    </section>
  )
}
