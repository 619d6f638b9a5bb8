/**
 * Names for the rules' sentences. The facts the rules decide on carry ids and dates only (the drift
 * summary stays small and fast); a finding's message, which a chair reads, names the action by its
 * description and people by name. The scan passes a `FindingNames` in the rule context that looks
 * each one up only when a finding needs it. Without one (rule unit tests) the sentences fall back to
 * dates alone. Names never change which findings there are: only their words.
 */
import type { RuleContext } from './common'

export interface FindingNames {
  action(id: string): { description: string; ownerId: string | null } | null
  professional(id: string): { name: string; agency: string } | null
  disagreement(id: string): { raisedById: string } | null
}

/** “Arrange a nursery place” — the action's own words (trimmed, one line, at most 80 characters). */
export function actionWords(ctx: RuleContext, id: string): string | null {
  const a = ctx.names?.action(id)
  if (!a) return null
  const text = a.description.replace(/\s+/g, ' ').trim()
  if (!text) return null
  return `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`
}

/** "Ann Hale (Health Visiting)", or null when not known. */
export function personWords(ctx: RuleContext, id: string | null): string | null {
  if (!id) return null
  const p = ctx.names?.professional(id)
  return p ? `${p.name} (${p.agency})` : null
}

/** "The action “Arrange a nursery place”, owned by Ann Hale (Health Visiting) and set on 2 Nov 2026," or "The action set on 2 Nov 2026". */
export function theAction(ctx: RuleContext, id: string, created: string, o: { owner?: boolean } = {}): string {
  const words = actionWords(ctx, id)
  if (!words) return `The action set on ${created}`
  const ownerId = o.owner ? ctx.names?.action(id)?.ownerId ?? null : null
  const owner = personWords(ctx, ownerId)
  return `The action ${words}, ${owner ? `owned by ${owner} and ` : ''}set on ${created},`
}
