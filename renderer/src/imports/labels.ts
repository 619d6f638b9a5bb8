import type { ImportSource } from '../../../shared/import-screen'

/** What each source is, in a chair's words, and how it is chosen. */
export const SOURCES: Record<
  ImportSource,
  { title: string; short: string; hint: string; choose: string; filesLabel: string; filesHint: string; accept: string }
> = {
  ssd: {
    title: 'SSD extract',
    short: 'SSD extract',
    hint: 'The folder of ssd_*.csv tables your case management system (LCS, Mosaic, Eclipse) produces: children, plans, reviews, visits and workers. Importing it again brings the caseload up to date.',
    choose: 'Choose the SSD folder…',
    filesLabel: 'The SSD tables (.csv)',
    filesHint: 'Select every ssd_*.csv file of the extract: at least ssd_cp_plans.csv and ssd_person.csv.',
    accept: '.csv,text/csv',
  },
  'annex-a': {
    title: 'Ofsted Annex A, List 7',
    short: 'Annex A List 7',
    hint: 'The inspection return\'s list of children with a child protection plan, as .xlsx or .csv. It holds no names: children are shown by their id.',
    choose: 'Choose the Annex A file…',
    filesLabel: 'The Annex A return (.xlsx or .csv)',
    filesHint: 'The workbook with a "List 7" sheet, or List 7 saved as CSV.',
    accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  tracker: {
    title: 'Core-group tracker',
    short: 'Core-group tracker',
    hint: 'Your own record of core group meetings, in Driftwatch\'s template (download it below). Adds the meetings to the plans already here.',
    choose: 'Choose the tracker file…',
    filesLabel: 'The tracker (.csv)',
    filesHint: 'The template filled in: one row per meeting of each plan.',
    accept: '.csv,text/csv',
  },
  json: {
    title: 'Driftwatch caseload file',
    short: 'Caseload file',
    hint: 'A whole caseload exported from Driftwatch (.json, interchange format v1). It replaces the caseload, after you confirm.',
    choose: 'Choose the caseload file…',
    filesLabel: 'The caseload file (.json)',
    filesHint: 'A file written by Driftwatch\'s Export or by another system in the same format.',
    accept: '.json,application/json',
  },
}

/** The interchange lists, as a chair would name them. */
export const LIST_LABELS: Record<string, string> = {
  children: 'Children',
  professionals: 'Professionals',
  allocations: 'Allocated workers',
  plans: 'Plans',
  conferences: 'Conferences',
  members: 'Core group members',
  meetings: 'Core group meetings',
  distributions: 'Decisions sent',
  actions: 'Actions',
  disagreements: 'Disagreements',
  visits: 'Visits',
}
