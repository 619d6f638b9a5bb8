/**
 * The demo's tuning: how often things slip for a family of each practice quality, and the national
 * shares (categories, ethnicity, SSD change reasons) the draws follow. Changing a number here changes
 * every seeded demo (test/demo/generate-fingerprint.test.ts).
 */
import type { Category, ChangeReason } from '../../../../shared/caseload-format'

export type Quality = 'good' | 'fair' | 'poor'

export interface QualityProfile {
  firstCoreGroup: [number, number]
  coreGroupInterval: [number, number]
  visitInterval: [number, number]
  conferenceLate: number
  distributionMissed: number
  distributionDays: [number, number]
  planAvailable: number
  childViews: number
  riskReviewed: number
  actionOnTime: number
  actionLateClose: number
  actionLateDays: number
  actionSloppy: number
  actionReviewed: number
  reassignOnLeave: number
  workerChangesPerYear: number
  noCurrentWorker: number
  disagreementsPerYear: number
  attendance: number
  seenAloneOlder: number
}

export const PROFILES: Record<Quality, QualityProfile> = {
  good: {
    firstCoreGroup: [3, 13],
    coreGroupInterval: [24, 28],
    visitInterval: [12, 14],
    conferenceLate: 0.02,
    distributionMissed: 0.015,
    distributionDays: [1, 7],
    planAvailable: 0.98,
    childViews: 0.95,
    riskReviewed: 0.98,
    actionOnTime: 0.975,
    actionLateClose: 0.85,
    actionLateDays: 20,
    actionSloppy: 0.008,
    actionReviewed: 0.97,
    reassignOnLeave: 0.95,
    workerChangesPerYear: 0.35,
    noCurrentWorker: 0.005,
    disagreementsPerYear: 0.2,
    attendance: 0.92,
    seenAloneOlder: 0.88,
  },
  fair: {
    firstCoreGroup: [5, 16],
    coreGroupInterval: [25, 35],
    visitInterval: [13, 20],
    conferenceLate: 0.08,
    distributionMissed: 0.08,
    distributionDays: [1, 12],
    planAvailable: 0.9,
    childViews: 0.82,
    riskReviewed: 0.9,
    actionOnTime: 0.88,
    actionLateClose: 0.7,
    actionLateDays: 40,
    actionSloppy: 0.03,
    actionReviewed: 0.85,
    reassignOnLeave: 0.75,
    workerChangesPerYear: 0.7,
    noCurrentWorker: 0.02,
    disagreementsPerYear: 0.5,
    attendance: 0.85,
    seenAloneOlder: 0.72,
  },
  poor: {
    firstCoreGroup: [7, 28],
    coreGroupInterval: [26, 48],
    visitInterval: [14, 28],
    conferenceLate: 0.2,
    distributionMissed: 0.25,
    distributionDays: [2, 20],
    planAvailable: 0.78,
    childViews: 0.65,
    riskReviewed: 0.8,
    actionOnTime: 0.7,
    actionLateClose: 0.6,
    actionLateDays: 60,
    actionSloppy: 0.08,
    actionReviewed: 0.6,
    reassignOnLeave: 0.4,
    workerChangesPerYear: 1.0,
    noCurrentWorker: 0.06,
    disagreementsPerYear: 0.9,
    attendance: 0.75,
    seenAloneOlder: 0.5,
  },
}

export const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['neglect', 50],
  ['emotional', 37],
  ['physical', 7],
  ['sexual', 4],
  ['multiple', 2],
]

export const ETHNICITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['WBRI', 66], ['WIRI', 1], ['WOTH', 5], ['WROM', 1], ['MWBC', 4], ['MWBA', 2], ['MWAS', 2],
  ['MOTH', 3], ['AIND', 2], ['APKN', 4], ['ABAN', 2], ['AOTH', 1], ['BCRB', 1], ['BAFR', 3],
  ['BOTH', 1], ['OOTH', 1], ['NOBT', 1],
]

export const CHANGE_REASON_WEIGHTS: readonly (readonly [ChangeReason, number])[] = [
  ['LEFTRL', 34],
  ['MANAGE', 18],
  ['TSPROC', 15],
  ['ORGRST', 9],
  ['ABSENC', 10],
  ['CHCHAN', 5],
  ['PCCHAN', 4],
  ['FCONTA', 2],
  ['OTHERS', 3],
]

/** Days before asOf that a current plan started: spread over ~2 years, most under a year. */
export const PLAN_AGE_BUCKETS: readonly (readonly [[number, number], number])[] = [
  [[0, 14], 5],
  [[15, 90], 20],
  [[91, 180], 24],
  [[181, 365], 31],
  [[366, 545], 13],
  [[546, 730], 7],
]

export const DISAGREEMENT_OUTCOMES = [
  'Agreed at manager level; plan updated',
  'Resolved after a professionals meeting',
  'Escalation accepted; additional resources agreed',
  'Agreed to bring the review conference forward',
  'Not upheld; reasons recorded and shared',
]
