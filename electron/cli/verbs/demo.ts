import { loadDemoCaseload } from '../../core/demo/load'
import { asOfOption, requireDb, wholeNumberOption } from '../args'
import { lockForWriting } from '../access'
import type { Verb } from '../verb'

export const demoVerb: Verb = {
  name: 'demo',
  summary: 'Fill a caseload with a synthetic, clearly fictional caseload (default 80 children, seed 1, as of today).',
  usage: 'demo --db FILE [--children N] [--seed S] [--as-of DATE] [--replace]',
  options: {
    db: { type: 'string' },
    children: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    replace: { type: 'boolean' },
  },
  async run(ctx) {
    const children = wholeNumberOption(ctx.values, 'children', 80, { min: 1, max: 200_000 })
    const seed = typeof ctx.values.seed === 'string' ? ctx.values.seed : '1'
    const asOf = asOfOption(ctx.values)
    const lock = lockForWriting(requireDb(ctx.values, 'demo --db FILE'), 'the demo caseload being generated')
    const db = await ctx.openDb().catch((e: unknown) => {
      lock.release()
      throw e
    })
    try {
      const progress = ctx.progress('Generating the demo caseload', children)
      const summary = loadDemoCaseload(db, {
        children,
        seed: /^\d+$/.test(seed) ? Number(seed) : seed,
        asOf,
        replace: ctx.values.replace === true,
        onProgress: (n) => progress.tick(n),
      })
      progress.done(`${summary.counts.children} children`)
      ctx.io.stdout.write(
        `Filled ${db.path} with a fictional demo caseload as of ${asOf}: ${Object.entries(summary.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}.\n`,
      )
    } finally {
      db.close()
      lock.release()
    }
    return 0
  },
}
