/**
 * Reading an SSD extract folder (source-formats.md §1): one CSV per SSD table, headers = SSD field
 * names. Files are read one after another, each streamed, in the order the selection of rows needs
 * (plans, then the persons they name, then what hangs off them); only imported rows are kept.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CHANGE_REASONS, MAX_NAME_LENGTH, type Allocation, type Child, type Conference, type Plan, type Professional } from '../../../shared/caseload-format'
import { DEFAULT_ALLOCATION_ROLES } from '../../../shared/source-import'
import type { ElementOf } from '../caseload/lists'
import { category, codeForm, collapse, date, ethnicity, gender, tooLong, value, yes, type Cell } from './cells'
import type { Problems } from './problems'
import type { ReadProgress, SourceDoc } from './source-doc'
import { csvBatches, FileError, headerIndex, isBlankRow, type SourceRow } from './table-reader'


const AGENCY = "Children's Social Care"
const REASONS = new Set<string>(CHANGE_REASONS)

interface TableSpec {
  file: string
  required: boolean
  columns: readonly string[]
  optional?: readonly string[]
}

const TABLES = {
  plans: {
    file: 'ssd_cp_plans',
    required: true,
    columns: ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date', 'cppl_cp_plan_initial_category'],
    optional: ['cppl_cp_plan_latest_category', 'cppl_cp_plan_ola', 'cppl_icpc_id'],
  },
  person: {
    file: 'ssd_person',
    required: true,
    columns: ['pers_person_id'],
    optional: ['pers_forename', 'pers_surname', 'pers_gender', 'pers_sex', 'pers_ethnicity', 'pers_dob'],
  },
  involvements: {
    file: 'ssd_involvements',
    required: false,
    columns: ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_person_id', 'invo_involvement_start_date', 'invo_involvement_end_date'],
    optional: ['invo_professional_team', 'invo_worker_change_reason'],
  },
  professionals: { file: 'ssd_professionals', required: false, columns: ['prof_professional_id'], optional: ['prof_professional_name', 'prof_professional_job_title'] },
  department: { file: 'ssd_department', required: false, columns: ['dept_team_id', 'dept_team_name'] },
  icpc: { file: 'ssd_initial_cp_conference', required: false, columns: ['icpc_icpc_id', 'icpc_icpc_date'], optional: ['icpc_cp_plan_id'] },
  reviews: { file: 'ssd_cp_reviews', required: false, columns: ['cppr_cp_review_id', 'cppr_cp_plan_id', 'cppr_cp_review_date'] },
  visits: {
    file: 'ssd_cp_visits',
    required: false,
    columns: ['cppv_cp_visit_id', 'cppv_person_id', 'cppv_cp_visit_date', 'cppv_cp_visit_seen_alone'],
    optional: ['cppv_cp_plan_id'],
  },
} as const satisfies Record<string, TableSpec>

/** One data row with its cells looked up by column name (a missing optional column reads blank). */
type Get = (column: string) => Cell

export interface SsdOptions {
  allocationRoles?: readonly string[]
  onProgress?: ReadProgress
  signal?: AbortSignal
}

export async function readSsd(dir: string, problems: Problems, options: SsdOptions = {}): Promise<SourceDoc> {
  const ignoredRows: Record<string, number> = {}
  const roles = new Set(options.allocationRoles ?? DEFAULT_ALLOCATION_ROLES)

  /** Streams one table; calls `row` for each non-blank data row. False when the file cannot be used. */
  async function table(spec: TableSpec, row: (get: Get, n: number, file: string) => void): Promise<boolean> {
    const file = `${spec.file}.csv`
    const path = join(dir, file)
    ignoredRows[file] = 0
    if (!existsSync(path)) {
      if (spec.required) problems.add(file, null, null, 'missing file')
      return false
    }
    let index: Map<string, number> | null = null
    let positions: Record<string, number> = {}
    try {
      for await (const batch of csvBatches(path, { signal: options.signal, onBytes: (d, t) => options.onProgress?.(`Reading ${file}`, d, t) })) {
        for (const r of batch) {
          if (!index) {
            index = headerIndex(r.cells)
            let missing = false
            for (const c of spec.columns) {
              if (!index.has(c)) {
                problems.add(file, 1, c, 'missing column')
                missing = true
              }
            }
            if (missing) return false
            positions = Object.fromEntries([...spec.columns, ...(spec.optional ?? [])].map((c) => [c, index!.get(c) ?? -1]))
            continue
          }
          if (isBlankRow(r.cells)) {
            ignoredRows[file]!++
            continue
          }
          const cells = r.cells
          // Every cell a reader uses becomes an id, a name, a team or a code: one too long to keep is a
          // problem of its row, said once (cells of rows the reader ignores are never looked at).
          let said: Set<string> | null = null
          const get = (c: string): Cell => {
            const cell = positions[c]! < 0 ? undefined : cells[positions[c]!]
            const reason = tooLong(cell)
            if (reason && !(said ??= new Set()).has(c)) {
              said.add(c)
              problems.add(file, r.n, c, reason)
            }
            return cell
          }
          row(get, r.n, file)
        }
      }
    } catch (e) {
      if (!(e instanceof FileError)) throw e
      problems.add(file, null, null, e.message)
      return false
    }
    if (!index) problems.add(file, null, null, 'is empty (no header row)')
    return index !== null
  }
  const ignore = (file: string) => ignoredRows[file]!++

  /** A required id: blank is a problem; a repeat names the row that had it first. */
  function id(seen: Map<string, number>, file: string, n: number, column: string, cell: Cell): string | null {
    const v = value(cell)
    if (v === null) {
      problems.add(file, n, column, 'must not be blank')
      return null
    }
    const first = seen.get(v)
    if (first !== undefined) {
      problems.add(file, n, column, `"${v}" is already on row ${first}`)
      return null
    }
    seen.set(v, n)
    return v
  }
  const dateCell = (file: string, n: number, column: string, cell: Cell, required: boolean): string | null | undefined => {
    const d = problems.cell(file, n, column, () => date(cell))
    if (d === null && required && value(cell) === null) {
      problems.add(file, n, column, 'must not be blank')
      return undefined
    }
    return d
  }

  // 1. Plans (other local authorities' plans left out).
  interface PlanRow {
    plan: Plan
    n: number
    icpcId: string | null
  }
  const plans = new Map<string, PlanRow>()
  const planChild = new Map<string, string>()
  const planByIcpc = new Map<string, string>()
  const planIds = new Map<string, number>()
  const plansOk = await table(TABLES.plans, (get, n, file) => {
    if (yes(get('cppl_cp_plan_ola'))) return ignore(file)
    const planId = id(planIds, file, n, 'cppl_cp_plan_id', get('cppl_cp_plan_id'))
    const childId = value(get('cppl_person_id'))
    if (childId === null) problems.add(file, n, 'cppl_person_id', 'must not be blank')
    const start = dateCell(file, n, 'cppl_cp_plan_start_date', get('cppl_cp_plan_start_date'), true)
    const end = dateCell(file, n, 'cppl_cp_plan_end_date', get('cppl_cp_plan_end_date'), false)
    if (start && end && end < start) problems.add(file, n, 'cppl_cp_plan_end_date', 'is before cppl_cp_plan_start_date')
    const initialCell = get('cppl_cp_plan_initial_category')
    const initial = problems.cell(file, n, 'cppl_cp_plan_initial_category', () => category(initialCell))
    if (initial === null && value(initialCell) === null) problems.add(file, n, 'cppl_cp_plan_initial_category', 'must not be blank')
    const latest = problems.cell(file, n, 'cppl_cp_plan_latest_category', () => category(get('cppl_cp_plan_latest_category')))
    // A plan row with problems is still imported, not ignored: what hangs off it is checked too.
    if (planId !== null && childId !== null) planChild.set(planId, childId)
    const icpcRef = value(get('cppl_icpc_id'))
    if (planId !== null && icpcRef !== null && !planByIcpc.has(icpcRef)) planByIcpc.set(icpcRef, planId)
    if (planId === null || childId === null || !start || end === undefined || initial === null) return
    plans.set(planId, {
      plan: { id: planId, childId, startDate: start, endDate: end, initialCategory: initial, latestCategory: latest, previousPlans: 0 },
      n,
      icpcId: value(get('cppl_icpc_id')),
    })
  })

  // 2. Children: the persons the imported plans name.
  const wanted = new Set<string>()
  for (const childId of planChild.values()) wanted.add(childId)
  const children = new Map<string, Child>()
  const personRows = new Map<string, number>()
  const personOk = await table(TABLES.person, (get, n, file) => {
    const personId = value(get('pers_person_id'))
    if (personId === null || !wanted.has(personId)) return ignore(file)
    const first = personRows.get(personId)
    if (first !== undefined) {
      problems.add(file, n, 'pers_person_id', `"${personId}" is already on row ${first}`)
      return
    }
    personRows.set(personId, n)
    const names = [value(get('pers_forename')), value(get('pers_surname'))].filter((s): s is string => s !== null)
    const name = names.length > 0 ? collapse(names.join(' ')) : personId
    const nameTooLong = tooLong(name, MAX_NAME_LENGTH)
    if (nameTooLong) problems.add(file, n, 'pers_surname', `with the forename, the child's name ${nameTooLong}`)
    const dob = problems.cell(file, n, 'pers_dob', () => date(get('pers_dob')))
    const genderCell = value(get('pers_gender')) === null ? get('pers_sex') : get('pers_gender')
    children.set(personId, {
      id: personId,
      name,
      dateOfBirth: dob,
      gender: gender(genderCell),
      ethnicity: ethnicity(get('pers_ethnicity')),
      complex: false,
      team: null,
    })
  })
  if (plansOk && personOk) {
    for (const p of plans.values()) {
      if (!personRows.has(p.plan.childId)) {
        problems.add(`${TABLES.plans.file}.csv`, p.n, 'cppl_person_id', `refers to person "${p.plan.childId}", which is not in ssd_person.csv`)
      }
    }
  }

  // 3. Allocations: the allocated worker's involvements with imported children.
  const allocations: (Allocation & { team: string | null })[] = []
  const involvementIds = new Map<string, number>()
  await table(TABLES.involvements, (get, n, file) => {
    const childId = value(get('invo_person_id'))
    const workerId = value(get('invo_professional_id'))
    if (!roles.has(codeForm(get('invo_professional_role_id'))) || childId === null || !personRows.has(childId) || workerId === null) return ignore(file)
    const allocationId = id(involvementIds, file, n, 'invo_involvements_id', get('invo_involvements_id'))
    const start = dateCell(file, n, 'invo_involvement_start_date', get('invo_involvement_start_date'), true)
    const end = dateCell(file, n, 'invo_involvement_end_date', get('invo_involvement_end_date'), false)
    if (start && end && end < start) problems.add(file, n, 'invo_involvement_end_date', 'is before invo_involvement_start_date')
    if (allocationId === null || !start || end === undefined) return
    const reason = codeForm(get('invo_worker_change_reason')).toUpperCase()
    allocations.push({
      id: allocationId,
      childId,
      professionalId: workerId,
      startDate: start,
      endDate: end,
      changeReason: REASONS.has(reason) ? (reason as Allocation['changeReason']) : null,
      team: value(get('invo_professional_team')),
    })
  })

  // 4. Professionals named by an allocation (a worker missing from the file still gets a record).
  const named = new Set(allocations.map((a) => a.professionalId))
  const professionals = new Map<string, Professional>()
  const professionalRows = new Map<string, number>()
  await table(TABLES.professionals, (get, n, file) => {
    const professionalId = value(get('prof_professional_id'))
    if (professionalId === null || !named.has(professionalId)) return ignore(file)
    const first = professionalRows.get(professionalId)
    if (first !== undefined) {
      problems.add(file, n, 'prof_professional_id', `"${professionalId}" is already on row ${first}`)
      return
    }
    professionalRows.set(professionalId, n)
    const name = value(get('prof_professional_name'))
    professionals.set(professionalId, {
      id: professionalId,
      name: name === null ? professionalId : collapse(name),
      role: roleOf(codeForm(get('prof_professional_job_title'))),
      agency: AGENCY,
      email: null,
      phone: null,
    })
  })
  for (const workerId of named) {
    if (!professionals.has(workerId)) {
      professionals.set(workerId, { id: workerId, name: workerId, role: 'social-worker', agency: AGENCY, email: null, phone: null })
    }
  }

  // Team names, only to name each child's team.
  const teams = new Map<string, string>()
  await table(TABLES.department, (get) => {
    const teamId = value(get('dept_team_id'))
    const name = value(get('dept_team_name'))
    if (teamId !== null && name !== null && !teams.has(teamId)) teams.set(teamId, name)
  })

  // 5. Conferences: ICPCs and reviews with a date, of imported plans.
  const conferences: Conference[] = []
  const icpcIds = new Map<string, number>()
  await table(TABLES.icpc, (get, n, file) => {
    const icpcCell = value(get('icpc_icpc_id'))
    const planId = value(get('icpc_cp_plan_id')) ?? (icpcCell === null ? undefined : planByIcpc.get(icpcCell))
    if (planId === undefined || !planChild.has(planId) || value(get('icpc_icpc_date')) === null) return ignore(file)
    const icpcId = id(icpcIds, file, n, 'icpc_icpc_id', get('icpc_icpc_id'))
    const d = dateCell(file, n, 'icpc_icpc_date', get('icpc_icpc_date'), true)
    if (icpcId !== null && d) conferences.push({ id: `ICPC-${icpcId}`, planId, kind: 'initial', date: d })
  })
  const reviewIds = new Map<string, number>()
  await table(TABLES.reviews, (get, n, file) => {
    const planId = value(get('cppr_cp_plan_id'))
    if (planId === null || !planChild.has(planId) || value(get('cppr_cp_review_date')) === null) return ignore(file)
    const reviewId = id(reviewIds, file, n, 'cppr_cp_review_id', get('cppr_cp_review_id'))
    const d = dateCell(file, n, 'cppr_cp_review_date', get('cppr_cp_review_date'), true)
    if (reviewId !== null && d) conferences.push({ id: `RCPC-${reviewId}`, planId, kind: 'review', date: d })
  })

  const strings = new Map<string, string>()
  const intern = (v: string): string => {
    const known = strings.get(v)
    if (known !== undefined) return known
    strings.set(v, v)
    return v
  }

  // 6. Visits with a date, to imported children.
  const visits: ElementOf<'visits'>[] = []
  const visitIds = new Map<string, number>()
  await table(TABLES.visits, (get, n, file) => {
    let childId = value(get('cppv_person_id'))
    if (childId === null) {
      const planId = value(get('cppv_cp_plan_id'))
      childId = planId === null ? null : (planChild.get(planId) ?? null)
    }
    if (childId === null || !personRows.has(childId) || value(get('cppv_cp_visit_date')) === null) return ignore(file)
    const visitId = id(visitIds, file, n, 'cppv_cp_visit_id', get('cppv_cp_visit_id'))
    const d = dateCell(file, n, 'cppv_cp_visit_date', get('cppv_cp_visit_date'), true)
    // The child's and the date's strings are shared, not one copy per visit: a million visits are held until written.
    if (visitId !== null && d) visits.push({ id: visitId, childId: children.get(childId)?.id ?? childId, date: intern(d), seenAlone: yes(get('cppv_cp_visit_seen_alone')) })
  })

  // Each child's team: from the allocation that ranks first ([AA]'s "latest allocated worker").
  const latest = new Map<string, Allocation & { team: string | null }>()
  for (const a of allocations) {
    const best = latest.get(a.childId)
    if (!best || ranksBefore(a, best)) latest.set(a.childId, a)
  }
  for (const [childId, a] of latest) {
    const child = children.get(childId)
    if (child && a.team !== null) child.team = teams.get(a.team) ?? a.team
  }

  // previousPlans: the child's imported plans that started earlier.
  const starts = new Map<string, string[]>()
  for (const p of plans.values()) {
    const list = starts.get(p.plan.childId)
    if (list) list.push(p.plan.startDate)
    else starts.set(p.plan.childId, [p.plan.startDate])
  }
  for (const p of plans.values()) p.plan.previousPlans = starts.get(p.plan.childId)!.filter((s) => s < p.plan.startDate).length

  return {
    source: 'ssd',
    lists: {
      children: [...children.values()],
      professionals: [...professionals.values()],
      allocations: allocations.map(({ team: _team, ...a }) => a),
      plans: [...plans.values()].map((p) => p.plan),
      conferences,
      visits,
    },
    sourceId: (list, recordId) => (list === 'conferences' ? recordId.slice(5) : recordId),
    ignoredRows,
  }
}

/** Blank end first, then the latest end, then the latest start, then the greatest id. */
function ranksBefore(a: Allocation, b: Allocation): boolean {
  if ((a.endDate == null) !== (b.endDate == null)) return a.endDate == null
  if (a.endDate != null && b.endDate != null && a.endDate !== b.endDate) return a.endDate > b.endDate
  if (a.startDate !== b.startDate) return a.startDate > b.startDate
  return a.id > b.id
}

function roleOf(title: string): Professional['role'] {
  if (title.includes('deputy')) return 'deputy-manager'
  if (title.includes('chair') || title.includes('independent reviewing')) return 'cp-chair'
  if (title.includes('manager')) return 'team-manager'
  return 'social-worker'
}

export type { SourceRow }
