/**
 * Words for exports and notes, which go on a case record: no internal codes ("neglect",
 * "due-soon", plan ids), only what a chair would write.
 */
import type { Finding } from '../../../shared/drift-types'

export const CATEGORY_WORDS: Record<string, string> = {
  neglect: 'Neglect',
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  emotional: 'Emotional abuse',
  multiple: 'Multiple categories',
}

export const categoryWords = (code: string | null | undefined): string => (code ? (CATEGORY_WORDS[code] ?? code) : 'Not recorded')

const PRIORITY: Record<Finding['severity'], string> = { high: 'High priority', medium: 'Medium priority', low: 'Low priority' }

/**
 * One line per finding: its priority, then its sentence, which already says whether something is
 * overdue ("is overdue: it was due by …") or only due soon ("is due by …").
 */
export const findingLine = (f: Pick<Finding, 'severity' | 'message'>): string => `${PRIORITY[f.severity]}: ${f.message}`
