import { readFileSync } from 'node:fs'
import { formatUK, isCivilDate, todayInLondon } from '../../../shared/civil-date'
import { parsePolicy, type DriftPolicy } from '../../../shared/drift-policy'
import { driftScore, type Finding } from '../../../shared/drift-types'
import { DriftwatchError } from '../../../shared/errors'
import { scanCaseload } from '../../core/drift/scan'
import type { Verb } from '../verb'

function readPolicyFile(file: string): DriftPolicy {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new DriftwatchError('BAD_INPUT', `Cannot read the policy file ${file}: ${(e as Error).message}`, [{ path: file, reason: 'cannot be read' }])
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new DriftwatchError('BAD_INPUT', `The policy file ${file} is not valid JSON: ${(e as Error).message}`, [{ path: file, reason: 'is not valid JSON' }])
  }
  return parsePolicy(json, `the policy file ${file}`)
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}

/** A readable table grouped by child (then plan), each with its drift score. */
export function formatDriftTable(asOf: string, findings: readonly Finding[]): string {
  const lines: string[] = [`Drift on ${formatUK(asOf)}: ${findings.length} finding${findings.length === 1 ? '' : 's'}.`]
  let i = 0
  while (i < findings.length) {
    const child = findings[i]!.childId
    let j = i
    while (j < findings.length && findings[j]!.childId === child) j++
    const group = findings.slice(i, j)
    const plans = [...new Set(group.map((f) => f.planId))]
    lines.push('', `Child ${child} (plan${plans.length > 1 ? 's' : ''} ${plans.join(', ')}) · drift score ${driftScore(group)}`)
    for (const f of group) {
      lines.push(`  ${pad(f.severity, 6)} ${pad(f.status, 8)} ${pad(f.dueDate ? formatUK(f.dueDate) : '', 11)} ${pad(f.ruleId, 26)} ${f.message}`)
    }
    i = j
  }
  return lines.join('\n') + '\n'
}

export const driftVerb: Verb = {
  name: 'drift',
  summary: 'Scan the caseload for drift on a date (default today in London); --json prints { asOf, policy, findings }.',
  usage: 'drift --db FILE [--as-of DATE] [--json] [--policy FILE]',
  options: { db: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' }, policy: { type: 'string' } },
  async run(ctx) {
    const rawAsOf = ctx.values['as-of']
    const asOf = typeof rawAsOf === 'string' ? rawAsOf : todayInLondon()
    if (!isCivilDate(asOf)) {
      throw new DriftwatchError('BAD_INPUT', `--as-of ${JSON.stringify(asOf)} is not a real date in the form YYYY-MM-DD.`, [
        { path: '--as-of', reason: 'is not a real date in the form YYYY-MM-DD' },
      ])
    }
    const policyFile = ctx.values.policy
    if (policyFile !== undefined && typeof policyFile !== 'string') {
      throw new DriftwatchError('BAD_INPUT', '--policy needs a file name.', [{ path: '--policy', reason: 'needs a file name' }])
    }
    const policy = policyFile !== undefined ? readPolicyFile(policyFile) : undefined
    const db = await ctx.openDb()
    try {
      const scan = scanCaseload(db, policy ? { asOf, policy } : { asOf })
      for (const w of scan.warnings) ctx.io.stderr.write(`Warning: ${w}\n`)
      if (ctx.values.json) {
        ctx.io.stdout.write(JSON.stringify({ asOf: scan.asOf, policy: scan.policy, findings: scan.findings }, null, 2) + '\n')
      } else {
        ctx.io.stdout.write(formatDriftTable(scan.asOf, scan.findings))
      }
    } finally {
      db.close()
    }
    return 0
  },
}
