import { formatUK } from '../../../shared/civil-date'
import type { TriagedChild } from '../../../shared/triage-types'
import { triageCaseload } from '../../core/triage/triage'
import { asOfOption, wholeNumberOption } from '../args'
import type { Verb } from '../verb'

const SEVERITY_WORD = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' } as const
const STATUS_WORD = { overdue: 'overdue', 'due-soon': 'due soon', flag: 'flag' } as const

/** A readable list: which child first and why, each finding with its next step. */
export function formatTriage(asOf: string, total: number, children: readonly TriagedChild[]): string {
  if (total === 0) return `Nothing to act on: no child has a drift finding on ${formatUK(asOf)}.\n`
  const lines = [
    `Start here, ${formatUK(asOf)}: ${total} ${total === 1 ? 'child has' : 'children have'} drift findings, worst first${children.length < total ? ` (the first ${children.length} shown)` : ''}.`,
  ]
  children.forEach((c, i) => {
    lines.push(
      '',
      `${i + 1}. ${c.name} · worst ${SEVERITY_WORD[c.worst]} · drift score ${c.score} · ${c.worker ? `worker ${c.worker}` : 'no allocated worker'}${c.team ? ` · ${c.team}` : ''}`,
    )
    for (const f of c.findings) {
      const due = f.dueDate ? ` (due ${formatUK(f.dueDate)})` : ''
      lines.push(`   ${SEVERITY_WORD[f.severity]} ${STATUS_WORD[f.status]}${due}: ${f.message}`, `     Next: ${f.nextStep}`)
    }
  })
  return lines.join('\n') + '\n'
}

export const triageVerb: Verb = {
  name: 'triage',
  summary: 'Which child to act on first and why: children with findings, worst first, each finding with its next step; --json prints { asOf, children }.',
  usage: 'triage --db FILE [--as-of DATE] [--json] [--limit N]',
  options: { db: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } },
  async run(ctx) {
    const asOf = asOfOption(ctx.values)
    const limit = ctx.values.limit === undefined ? undefined : wholeNumberOption(ctx.values, 'limit', 0, { min: 1, max: 1_000_000 })
    const db = await ctx.openDb()
    try {
      const t = triageCaseload(db, asOf, limit === undefined ? {} : { limit })
      for (const w of t.warnings) ctx.io.stderr.write(`Warning: ${w}\n`)
      if (ctx.values.json) {
        // Exactly this shape and key order (issue 11): the readers of --json rely on it.
        const children = t.children.map((c) => ({
          childId: c.childId,
          name: c.name,
          planId: c.planId,
          score: c.score,
          worst: c.worst,
          worker: c.worker,
          team: c.team,
          findings: c.findings.map((f) => ({
            ruleId: f.ruleId,
            severity: f.severity,
            status: f.status,
            dueDate: f.dueDate,
            subject: f.subject,
            message: f.message,
            nextStep: f.nextStep,
          })),
        }))
        ctx.io.stdout.write(JSON.stringify({ asOf: t.asOf, children }, null, 2) + '\n')
      } else {
        ctx.io.stdout.write(formatTriage(t.asOf, t.total, t.children))
      }
    } finally {
      db.close()
    }
    return 0
  },
}
