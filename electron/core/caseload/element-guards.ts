/**
 * Fast acceptance tests for the elements of interchange format v1, one per list.
 *
 * Why: zod's safeParse of 3.1 million elements (a 50,000-child import) cost about a quarter of the
 * import, most of it building copies of elements that are almost always valid. A guard here answers
 * only "certainly valid" (true) or "let zod decide" (false): when it returns true the element is
 * used as it is; when it returns false, import runs the zod schema as before, so every problem is
 * still reported by zod with exactly its path and reason. The guards must therefore never accept
 * anything the schemas in shared/caseload-format.ts reject (they may reject more, which only costs
 * time); test/foundation/element-guards.test.ts compares them with the schemas on mutated elements.
 * Change a guard together with its schema.
 */
import {
  ACTION_STATUSES,
  CATEGORIES,
  CHANGE_REASONS,
  CONFERENCE_KINDS,
  DISAGREEMENT_CATEGORIES,
  MAX_ID_LENGTH,
  MAX_LIST_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  PROFESSIONAL_ROLES,
  RISK_SCALES,
} from '../../../shared/caseload-format'
import { isCivilDate } from '../../../shared/civil-date'
import type { ListName } from './lists'

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
// The same length limits as the schemas (shared/caseload-format.ts).
const str = (v: unknown): boolean => typeof v === 'string' && v.length <= MAX_NAME_LENGTH
const id = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH
const name = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME_LENGTH
const freeText = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT_LENGTH
const optFreeText = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.length <= MAX_TEXT_LENGTH)
const bool = (v: unknown): boolean => typeof v === 'boolean'
const date = (v: unknown): boolean => isCivilDate(v)
const optStr = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.length <= MAX_NAME_LENGTH)
const optId = (v: unknown): boolean => v === undefined || v === null || id(v)
const optDate = (v: unknown): boolean => v === undefined || v === null || isCivilDate(v)
const oneOf = (values: readonly string[]) => {
  const set = new Set<unknown>(values)
  return (v: unknown): boolean => set.has(v)
}
const role = oneOf(PROFESSIONAL_ROLES)
const changeReason = oneOf(CHANGE_REASONS)
const category = oneOf(CATEGORIES)
const conferenceKind = oneOf(CONFERENCE_KINDS)
const actionStatus = oneOf(ACTION_STATUSES)
const riskScale = oneOf(RISK_SCALES)
const disagreementCategory = oneOf(DISAGREEMENT_CATEGORIES)

/**
 * True when `o` has no member outside `known`. Counting is enough: every guard below has already
 * looked up each known name, and `present` is how many of them `o` has.
 */
function onlyKnown(o: Obj, known: readonly string[]): boolean {
  let present = 0
  for (const k of known) if (k in o) present++
  let all = 0
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) return false
    all++
  }
  return all === present
}

const ids = (v: unknown): boolean => {
  if (!Array.isArray(v) || v.length > MAX_LIST_LENGTH) return false
  for (const x of v) if (!id(x)) return false
  return true
}

const CHILD = ['id', 'name', 'dateOfBirth', 'gender', 'ethnicity', 'complex', 'team'] as const
const PROFESSIONAL = ['id', 'name', 'role', 'agency', 'email', 'phone'] as const
const ALLOCATION = ['id', 'childId', 'professionalId', 'startDate', 'endDate', 'changeReason'] as const
const PLAN = ['id', 'childId', 'startDate', 'endDate', 'initialCategory', 'latestCategory', 'previousPlans'] as const
const CONFERENCE = ['id', 'planId', 'kind', 'date'] as const
const MEMBER = ['planId', 'professionalId', 'fromDate', 'toDate'] as const
const RISK = ['score', 'scale'] as const
const MEETING = [
  'id',
  'planIds',
  'date',
  'chairId',
  'attended',
  'apologies',
  'planAvailable',
  'childViewsRecorded',
  'riskReviewed',
  'riskScore',
] as const
const DISTRIBUTION = ['meetingId', 'professionalId', 'date'] as const
const ACTION = [
  'id',
  'planId',
  'createdDate',
  'description',
  'outcome',
  'ownerId',
  'dueDate',
  'status',
  'closedDate',
  'lastReviewedDate',
] as const
const STAGE = ['stage', 'startDate', 'respondedDate'] as const
const DISAGREEMENT = ['id', 'planId', 'raisedDate', 'raisedById', 'category', 'stages', 'resolvedDate', 'outcome'] as const
const VISIT = ['id', 'childId', 'date', 'seenAlone'] as const

const riskScore = (v: unknown): boolean => {
  if (v === undefined || v === null) return true
  if (!isObj(v)) return false
  const s = v.score
  return typeof s === 'number' && s >= 0 && s <= 10 && riskScale(v.scale) && onlyKnown(v, RISK)
}

const stage = (v: unknown): boolean => {
  if (!isObj(v)) return false
  const s = v.stage
  return (
    typeof s === 'number' && Number.isSafeInteger(s) && s >= 1 && s <= 4 && date(v.startDate) && optDate(v.respondedDate) && onlyKnown(v, STAGE)
  )
}

/** One guard per list: true only for an element its zod schema certainly accepts unchanged. */
export const elementGuards: Record<ListName, (v: unknown) => boolean> = {
  children: (v) =>
    isObj(v) &&
    id(v.id) &&
    name(v.name) &&
    optDate(v.dateOfBirth) &&
    optStr(v.gender) &&
    optStr(v.ethnicity) &&
    bool(v.complex) &&
    optStr(v.team) &&
    onlyKnown(v, CHILD),
  professionals: (v) =>
    isObj(v) && id(v.id) && name(v.name) && role(v.role) && str(v.agency) && optStr(v.email) && optStr(v.phone) && onlyKnown(v, PROFESSIONAL),
  allocations: (v) =>
    isObj(v) &&
    id(v.id) &&
    id(v.childId) &&
    id(v.professionalId) &&
    date(v.startDate) &&
    optDate(v.endDate) &&
    (v.changeReason === undefined || v.changeReason === null || changeReason(v.changeReason)) &&
    onlyKnown(v, ALLOCATION),
  plans: (v) => {
    if (!isObj(v)) return false
    const p = v.previousPlans
    return (
      id(v.id) &&
      id(v.childId) &&
      date(v.startDate) &&
      optDate(v.endDate) &&
      category(v.initialCategory) &&
      (v.latestCategory === undefined || v.latestCategory === null || category(v.latestCategory)) &&
      typeof p === 'number' &&
      Number.isSafeInteger(p) &&
      p >= 0 &&
      onlyKnown(v, PLAN)
    )
  },
  conferences: (v) => isObj(v) && id(v.id) && id(v.planId) && conferenceKind(v.kind) && date(v.date) && onlyKnown(v, CONFERENCE),
  members: (v) => isObj(v) && id(v.planId) && id(v.professionalId) && date(v.fromDate) && optDate(v.toDate) && onlyKnown(v, MEMBER),
  meetings: (v) =>
    isObj(v) &&
    id(v.id) &&
    ids(v.planIds) &&
    (v.planIds as unknown[]).length > 0 &&
    date(v.date) &&
    id(v.chairId) &&
    ids(v.attended) &&
    ids(v.apologies) &&
    bool(v.planAvailable) &&
    bool(v.childViewsRecorded) &&
    bool(v.riskReviewed) &&
    riskScore(v.riskScore) &&
    onlyKnown(v, MEETING),
  distributions: (v) => isObj(v) && id(v.meetingId) && id(v.professionalId) && date(v.date) && onlyKnown(v, DISTRIBUTION),
  actions: (v) =>
    isObj(v) &&
    id(v.id) &&
    id(v.planId) &&
    date(v.createdDate) &&
    freeText(v.description) &&
    optFreeText(v.outcome) &&
    optId(v.ownerId) &&
    optDate(v.dueDate) &&
    actionStatus(v.status) &&
    optDate(v.closedDate) &&
    optDate(v.lastReviewedDate) &&
    onlyKnown(v, ACTION),
  disagreements: (v) => {
    if (!isObj(v)) return false
    const stages = v.stages
    if (!Array.isArray(stages) || stages.length > MAX_LIST_LENGTH) return false
    for (const s of stages) if (!stage(s)) return false
    return (
      id(v.id) &&
      id(v.planId) &&
      date(v.raisedDate) &&
      id(v.raisedById) &&
      disagreementCategory(v.category) &&
      optDate(v.resolvedDate) &&
      optFreeText(v.outcome) &&
      onlyKnown(v, DISAGREEMENT)
    )
  },
  visits: (v) => isObj(v) && id(v.id) && id(v.childId) && date(v.date) && bool(v.seenAlone) && onlyKnown(v, VISIT),
}
