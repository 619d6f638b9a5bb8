/**
 * The authority's professionals, built before any family (the only thing the generator holds in
 * memory): teams sized to the caseload, each with workers, managers and partner agencies, and a pool
 * of CP chairs.
 */
import type { ProfessionalRole } from '../../../../shared/caseload-format'
import type { Random } from '../random'
import { AGENCIES, TEAM_NAMES, fictionalEmail, fictionalPhone, personName } from '../names'
import { pad } from './days'
import type { Emitter } from './emitter'
import type { Pro, TeamPool } from './types'

/** Team count grows with the caseload: 4 for a chair's caseload, up to 8 for a large authority. */
function teamCount(children: number): number {
  if (children <= 100) return 4
  if (children <= 400) return 5
  if (children <= 1_000) return 6
  if (children <= 5_000) return 7
  return 8
}

export function buildProfessionals(children: number, random: Random, out: Emitter): { teams: TeamPool[]; chairs: Pro[]; count: number } {
  let serial = 0
  // No two professionals share a name (a chair would take two "Wren Ashvale"s for one person). The
  // pool holds about 42,000 names; past that a middle initial keeps them apart.
  const used = new Set<string>()
  const uniqueName = (): string => {
    for (let i = 0; i < 40; i++) {
      const name = personName(random)
      if (!used.has(name)) {
        used.add(name)
        return name
      }
    }
    for (;;) {
      const [first, last] = personName(random).split(' ') as [string, string]
      const name = `${first} ${String.fromCharCode(65 + random.int(0, 25))}. ${last}`
      if (!used.has(name)) {
        used.add(name)
        return name
      }
    }
  }
  /** `nth`: agencies taken in turn (so every team has each health and education service for every age); else at random. */
  const make = (role: ProfessionalRole, agencyChoices: readonly string[], contactGaps: boolean, nth?: number): Pro => {
    serial++
    const id = `P${pad(serial, 5)}`
    const name = uniqueName()
    const agency = nth === undefined ? random.pick(agencyChoices) : (agencyChoices[nth % agencyChoices.length] as string)
    // A few partner-agency professionals have no contact details on record (contact-details-missing).
    let email: string | null = fictionalEmail(name, serial)
    let phone: string | null = fictionalPhone(random)
    if (contactGaps) {
      const r = random.next()
      if (r < 0.03) {
        email = null
        phone = null
      } else if (r < 0.1) {
        email = null
      } else if (r < 0.2) {
        phone = null
      }
    }
    out.add('professionals', { id, name, role, agency, email, phone })
    return { id, role, agency }
  }
  const n = teamCount(children)
  const weights = Array.from({ length: n }, () => 0.6 + random.next() * 0.8)
  const total = weights.reduce((a, b) => a + b, 0)
  const teams: TeamPool[] = []
  for (let t = 0; t < n; t++) {
    const weight = weights[t] ?? 1
    const kids = (children * weight) / total
    const count = (per: number, min: number) => Math.max(min, Math.ceil(kids / per))
    const times = (k: number, f: (i: number) => Pro) => Array.from({ length: k }, (_, i) => f(i))
    const sw = count(9, 3)
    teams.push({
      name: TEAM_NAMES[t] ?? `Demo Team ${t + 1}`,
      weight,
      socialWorkers: times(sw, () => make('social-worker', AGENCIES['social-worker'], false)),
      teamManagers: times(Math.max(1, Math.ceil(sw / 7)), () => make('team-manager', AGENCIES['team-manager'], false)),
      deputyManagers: times(count(250, 1), () => make('deputy-manager', AGENCIES['deputy-manager'], false)),
      health: times(count(20, AGENCIES.health.length), (i) => make('health', AGENCIES.health, true, i)),
      education: times(count(12, AGENCIES.education.length), (i) => make('education', AGENCIES.education, true, i)),
      police: times(count(70, 1), () => make('police', AGENCIES.police, true)),
      other: times(count(35, 2), () => make('other', AGENCIES.other, true)),
    })
  }
  const chairs = Array.from({ length: Math.max(2, Math.ceil(children / 70)) }, () =>
    make('cp-chair', AGENCIES['cp-chair'], false),
  )
  return { teams, chairs, count: serial }
}

export function pickOther(random: Random, pool: readonly Pro[], not: Pro | null): Pro {
  if (pool.length < 2 || not === null) return random.pick(pool)
  for (;;) {
    const p = random.pick(pool)
    if (p !== not) return p
  }
}
