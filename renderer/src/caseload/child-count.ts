/**
 * Children, not rows: the table has a row per open plan, and a child with two open plans (a second
 * plan before the first is ended, or siblings' records moved) is one child in every count it shows.
 */
export function childCount(rows: Iterable<{ childId: string }>): number {
  const seen = new Set<string>()
  for (const r of rows) seen.add(r.childId)
  return seen.size
}
