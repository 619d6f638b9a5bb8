/** Words for coded values that both the core (the case view's model) and the screens print. */
export const DISAGREEMENT_LABELS: Record<string, string> = {
  'plan-progress': 'Progress of the plan',
  threshold: 'Threshold decision',
  visits: 'Visits',
  'information-sharing': 'Information sharing',
  resources: 'Resources',
  'conference-decision': 'Conference decision',
  other: 'Other',
}
