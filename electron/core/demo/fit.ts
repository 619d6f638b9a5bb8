/**
 * What makes the demo believable to a chair: a service fits the child's age (no nursery for a
 * 15-year-old, no health visitor for a teenager), and each action is owned by the agency that would
 * do it (a GP action by the GP practice, a school action by the school). EVERYTHING IS FICTIONAL.
 */
import type { ProfessionalRole } from '../../../shared/caseload-format'
import type { Random } from './random'

export interface DemoPro {
  id: string
  role: ProfessionalRole
  agency: string
}

/** Ages (in years, [from, to)) each partner agency works with. */
const AGENCY_AGES: Record<string, readonly [number, number]> = {
  'Demo Health Visiting': [0, 5],
  'Demo Community Midwifery': [0, 1],
  'Demo School Nursing': [5, 19],
  'Demo GP Practice': [0, 19],
  'Demo CAMHS': [5, 19],
  'Demo Nursery': [2, 5],
  'Demo Early Years Setting': [2, 5],
  'Demo Primary School': [4, 11],
  'Demo Academy': [11, 19],
  'Demo High School': [11, 19],
}

export function agencyFitsAge(agency: string, age: number): boolean {
  const range = AGENCY_AGES[agency]
  return !range || (age >= range[0] && age < range[1])
}

/** A colleague who could take over from `was`: the same agency, or one working with the same ages. */
export function canReplace(was: DemoPro, next: DemoPro): boolean {
  if (next === was || next.role !== was.role) return false
  if (next.agency === was.agency) return true
  const a = AGENCY_AGES[was.agency]
  const b = AGENCY_AGES[next.agency]
  return !a || !b || (a[0] < b[1] && b[0] < a[1])
}

/** One of the pool whose agency works with a child of this age (any of them when none does). */
export function pickForAge(random: Random, pool: readonly DemoPro[], age: number): DemoPro {
  const fitting = pool.filter((p) => agencyFitsAge(p.agency, age))
  return random.pick(fitting.length > 0 ? fitting : pool)
}

interface ActionTemplate {
  description: string
  outcome: string
  /** Who does it: the social worker, or a partner of this role, from one of these agencies (any when absent). */
  owner: ProfessionalRole
  agencies?: readonly string[]
  /** The child's age in years when the action is agreed, [from, to). */
  ages: readonly [number, number]
}

const ANY_AGE = [0, 19] as const

export const ACTION_TEMPLATES: readonly ActionTemplate[] = [
  { description: 'Health visitor to complete a developmental review and share the findings with the core group', outcome: 'Development checked and any delay referred on', owner: 'health', agencies: ['Demo Health Visiting'], ages: [0, 5] },
  { description: 'School to send weekly attendance figures to the social worker', outcome: 'Attendance above 95% for four consecutive weeks', owner: 'education', agencies: ['Demo Primary School', 'Demo Academy', 'Demo High School'], ages: [5, 19] },
  { description: 'Substance misuse service to support the mother weekly and share test results', outcome: 'Negative tests for three months', owner: 'other', agencies: ['Demo Substance Misuse Service'], ages: ANY_AGE },
  { description: "Social worker to complete direct work sessions to gather the child's wishes and feelings", outcome: "Child's views recorded and shared at core group", owner: 'social-worker', ages: [4, 19] },
  { description: 'Family support worker to deliver a parenting programme with the parents', outcome: 'Programme completed and learning seen in home conditions', owner: 'other', agencies: ['Demo Family Support Service'], ages: ANY_AGE },
  { description: 'Housing to assess the family for a move to suitable accommodation', outcome: 'Family living in safe, uncrowded housing', owner: 'other', agencies: ['Demo Housing Services'], ages: ANY_AGE },
  { description: "GP to review the child's missed immunisations", outcome: 'Immunisations up to date', owner: 'health', agencies: ['Demo GP Practice'], ages: [0, 6] },
  { description: 'Police to share information on any domestic incidents within 24 hours', outcome: 'All incidents shared with the social worker the next day', owner: 'police', ages: ANY_AGE },
  { description: 'Domestic abuse service to engage the father in the perpetrator programme', outcome: 'Programme attended and risk reassessed', owner: 'other', agencies: ['Demo Domestic Abuse Service'], ages: ANY_AGE },
  { description: 'Social worker to carry out unannounced visits to check home conditions', outcome: 'Home conditions consistently safe and clean', owner: 'social-worker', ages: ANY_AGE },
  { description: 'Family support worker to help with a bedtime and morning routine', outcome: 'Child arrives at school on time and fed', owner: 'other', agencies: ['Demo Family Support Service'], ages: [4, 12] },
  { description: 'School nurse to complete a health assessment and dental referral', outcome: 'Dental treatment under way', owner: 'health', agencies: ['Demo School Nursing'], ages: [5, 19] },
  { description: "Adult mental health service to review the mother's treatment and attendance", outcome: 'Attending appointments and medication reviewed', owner: 'other', agencies: ['Demo Adult Mental Health'], ages: ANY_AGE },
  { description: 'Social worker to complete a family network meeting and safety plan', outcome: 'Named safe adults agreed with the family', owner: 'social-worker', ages: ANY_AGE },
  { description: "CAMHS to assess the child's emotional wellbeing", outcome: 'Assessment completed and support in place', owner: 'health', agencies: ['Demo CAMHS'], ages: [5, 19] },
  { description: "Nursery to monitor and record the child's presentation daily", outcome: 'No unexplained marks; concerns shared the same day', owner: 'education', agencies: ['Demo Nursery', 'Demo Early Years Setting'], ages: [2, 5] },
  { description: 'Social worker to agree the safety plan around contact with the named adult and check it is kept', outcome: 'No unsupervised contact for three months', owner: 'social-worker', ages: ANY_AGE },
  { description: 'Social worker to complete the child and family assessment update', outcome: 'Updated assessment shared before review conference', owner: 'social-worker', ages: ANY_AGE },
  { description: 'School to meet the parents about attendance and agree an attendance plan', outcome: 'Attendance plan agreed', owner: 'education', agencies: ['Demo Primary School', 'Demo Academy', 'Demo High School'], ages: [5, 16] },
  { description: 'Midwife to share the birth plan and pre-birth assessment', outcome: 'Birth plan agreed with the core group', owner: 'health', agencies: ['Demo Community Midwifery'], ages: [0, 0.25] },
  { description: 'Social worker to support the young person to attend a college or training taster', outcome: 'Education or training place agreed for September', owner: 'social-worker', ages: [15, 19] },
  { description: 'School to refer the young person for mentoring and a safe trusted adult in school', outcome: 'Weekly mentoring in place and attended', owner: 'education', agencies: ['Demo Academy', 'Demo High School'], ages: [11, 19] },
]

const ownerFits = (t: ActionTemplate, p: DemoPro): boolean => p.role === t.owner && (!t.agencies || t.agencies.includes(p.agency))

/**
 * An action for a child of this age, owned by someone who would do it: a current core group member
 * of the right agency, or the allocated social worker. Only actions someone present can own are drawn.
 */
export function pickAction<M extends { pro: DemoPro }>(
  random: Random,
  age: number,
  members: readonly M[],
  worker: DemoPro | null,
): { description: string; outcome: string; member: M | null; owner: DemoPro | null } {
  const choices = ACTION_TEMPLATES.filter(
    (t) => age >= t.ages[0] && age < t.ages[1] && (t.owner === 'social-worker' ? worker !== null : members.some((m) => ownerFits(t, m.pro))),
  )
  const fallback = ACTION_TEMPLATES.filter((t) => t.owner === 'social-worker' && t.ages === ANY_AGE)
  const t = random.pick(choices.length > 0 ? choices : fallback)
  if (t.owner === 'social-worker') {
    const member = members.find((m) => m.pro === worker) ?? null
    return { description: t.description, outcome: t.outcome, member, owner: worker }
  }
  const member = random.pick(members.filter((m) => ownerFits(t, m.pro)))
  return { description: t.description, outcome: t.outcome, member, owner: member.pro }
}
