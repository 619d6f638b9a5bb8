/**
 * Names for the synthetic demo caseload. EVERYTHING HERE IS FICTIONAL.
 *
 * No demo record describes a real child, family or professional. To make that obvious to anyone who
 * sees a screen or an export:
 * - first names are plants, birds and stars ("Juniper", "Wren", "Orion") and surnames are compounds
 *   of nature words ("Fernbrook", "Ashvale"), so no name reads like a real register entry;
 * - teams are "Demo Team …" and agencies "Demo …";
 * - e-mail addresses end in `@example.invalid` (RFC 2606: can never be delivered);
 * - phone numbers are in Ofcom's drama range 07700 900000–900999 (never allocated to a real line).
 */
import type { Random } from './random'

export const FICTIONAL_FIRST_NAMES = [
  // plants
  'Juniper', 'Willow', 'Hazel', 'Rowan', 'Bramble', 'Clover', 'Fern', 'Sorrel', 'Heather', 'Laurel',
  'Yarrow', 'Basil', 'Sage', 'Linden', 'Aspen', 'Briar', 'Poppy', 'Tansy', 'Alder', 'Holly',
  'Thistle', 'Marigold', 'Cedar', 'Birch', 'Sweetpea', 'Teasel', 'Primrose', 'Elder', 'Larch', 'Myrtle',
  // birds
  'Wren', 'Robin', 'Linnet', 'Finch', 'Lark', 'Merlin', 'Kestrel', 'Plover', 'Dunlin', 'Swift',
  'Heron', 'Starling', 'Siskin', 'Dipper', 'Tern', 'Curlew', 'Kite', 'Jay', 'Osprey', 'Redstart',
  // stars and sky
  'Orion', 'Vega', 'Lyra', 'Altair', 'Rigel', 'Capella', 'Sirius', 'Nova', 'Cassia', 'Electra',
  'Atlas', 'Deneb', 'Mira', 'Castor', 'Pollux', 'Elnath', 'Aurora', 'Comet', 'Zenith', 'Halley',
] as const

const SURNAME_FIRST = [
  'Fern', 'Ash', 'Oak', 'Moss', 'Brook', 'Heath', 'Thorn', 'Elm', 'Reed', 'Hollow',
  'Bracken', 'Pebble', 'Willow', 'Briar', 'Stone', 'Marsh', 'Rush', 'Sedge', 'Wold', 'Tarn',
  'Gorse', 'Sloe', 'Hawthorn', 'Clay', 'Beck', 'Dew', 'Frost', 'Mist', 'Cloud', 'Ember',
] as const

const SURNAME_SECOND = [
  'brook', 'vale', 'field', 'combe', 'wood', 'mere', 'ridge', 'dale', 'ford', 'well',
  'holt', 'lea', 'stead', 'shaw', 'fell', 'burn', 'hurst', 'moor', 'bank', 'glen',
] as const

export const TEAM_NAMES = [
  'Demo Team North',
  'Demo Team South',
  'Demo Team East',
  'Demo Team West',
  'Demo Team Central',
  'Demo Team Riverside',
  'Demo Team Hillside',
  'Demo Team Coastal',
] as const

/** Agencies by professional role; all prefixed "Demo" so no real service is named. */
export const AGENCIES = {
  'social-worker': ["Demo Children's Social Care"],
  'team-manager': ["Demo Children's Social Care"],
  'deputy-manager': ['Demo Safeguarding and Quality Assurance'],
  'cp-chair': ['Demo Safeguarding and Quality Assurance'],
  health: ['Demo Health Visiting', 'Demo School Nursing', 'Demo GP Practice', 'Demo Community Midwifery', 'Demo CAMHS'],
  education: ['Demo Primary School', 'Demo Academy', 'Demo Nursery', 'Demo High School', 'Demo Early Years Setting'],
  police: ['Demo Police Public Protection Unit'],
  other: [
    'Demo Housing Services',
    'Demo Substance Misuse Service',
    'Demo Domestic Abuse Service',
    'Demo Adult Mental Health',
    'Demo Probation Service',
    'Demo Family Support Service',
  ],
} as const

export function surname(random: Random): string {
  const first = random.pick(SURNAME_FIRST)
  let second = random.pick(SURNAME_SECOND)
  // Avoid a doubled letter that reads badly ("Brookbrook" cannot happen; "Reedd…" style joins can).
  if (first.toLowerCase().endsWith(second)) second = 'stead'
  return first + second
}

export function firstName(random: Random): string {
  return random.pick(FICTIONAL_FIRST_NAMES)
}

export function personName(random: Random, familyName?: string): string {
  return `${firstName(random)} ${familyName ?? surname(random)}`
}

export function fictionalEmail(name: string, serial: number): string {
  const local = name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')
  return `${local}.${serial}@example.invalid`
}

/** A number in Ofcom's drama range 07700 900000–900999. */
export function fictionalPhone(random: Random): string {
  return `07700 900${String(random.int(0, 999)).padStart(3, '0')}`
}
