import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../electron/core/app/dispatch'
import { DriftwatchError } from '../../shared/errors'
import { capturingLogger, recordingHandlers, TODAY } from './helpers'

const status = { state: 'unlocked', location: '/tmp/x.db', today: TODAY }

function setup(options: { unlocked?: boolean; impl?: Parameters<typeof recordingHandlers>[0] } = {}) {
  const { handlers, calls } = recordingHandlers(options.impl)
  const log = capturingLogger()
  let unlocked = options.unlocked ?? true
  const dispatch = createDispatch({ handlers, isUnlocked: () => unlocked, log })
  return { dispatch, calls, log, setUnlocked: (v: boolean) => (unlocked = v) }
}

describe('dispatch', () => {
  it('refuses unknown channels with FORBIDDEN, including prototype names', async () => {
    const { dispatch, calls } = setup()
    for (const name of ['nope', 'session:evil', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 42, null, undefined, {}]) {
      const r = await dispatch(name, {})
      expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    expect(calls).toEqual([])
  })

  it('refuses caseload channels with LOCKED while locked, but session channels work', async () => {
    const { dispatch, calls } = setup({ unlocked: false })
    expect(await dispatch('caseload:overview', { asOf: TODAY })).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await dispatch('caseload:table', { asOf: TODAY })).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await dispatch('case:detail', { childId: 'c1', asOf: TODAY })).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(calls).toEqual([])
    expect(await dispatch('session:status', {})).toEqual({ ok: true, data: status })
  })

  it('checks LOCKED before validating, so a locked app says nothing about input shapes', async () => {
    const { dispatch } = setup({ unlocked: false })
    expect(await dispatch('caseload:overview', { wrong: 1 })).toMatchObject({ code: 'LOCKED' })
  })

  it('rejects invalid input with VALIDATION and JSON-path problems, without calling the handler', async () => {
    const { dispatch, calls } = setup()
    const bad = await dispatch('caseload:overview', { asOf: '2026-02-30' })
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', problems: [{ path: '$.asOf' }] })
    const extra = await dispatch('case:detail', { childId: 'c1', asOf: TODAY, sneaky: true })
    expect(extra.ok).toBe(false)
    if (!extra.ok) expect(extra.problems?.[0]?.reason).toMatch(/sneaky/)
    const short = await dispatch('session:create', { passphrase: 'short', withDemo: false })
    expect(short).toMatchObject({ code: 'VALIDATION', problems: [{ path: '$.passphrase', reason: 'must be at least 8 characters' }] })
    expect(await dispatch('caseload:table', 'x')).toMatchObject({ code: 'VALIDATION', problems: [{ path: '$' }] })
    expect(calls).toEqual([])
  })

  it('treats a missing input as {} for channels without input', async () => {
    const { dispatch } = setup()
    expect(await dispatch('session:status', undefined)).toEqual({ ok: true, data: status })
    expect(await dispatch('session:status', null)).toMatchObject({ code: 'VALIDATION' })
  })

  it('passes parsed input to the handler and returns its validated output', async () => {
    const { dispatch, calls } = setup()
    expect(await dispatch('session:unlock', { passphrase: 'pw' })).toEqual({ ok: true, data: status })
    expect(calls).toEqual([{ channel: 'session:unlock', input: { passphrase: 'pw' } }])
  })

  it('turns output that breaks the contract into INTERNAL and logs paths, never values', async () => {
    const { dispatch, log } = setup({ impl: { 'session:status': () => ({ state: 'unlocked', location: 'Jane Doe secret', today: 'not a date' }) } })
    const r = await dispatch('session:status', {})
    expect(r).toEqual({ ok: false, code: 'INTERNAL', message: expect.any(String) })
    expect(log.lines.join('\n')).toContain('$.today')
    expect(log.lines.join('\n')).not.toContain('Jane Doe')
    expect(log.lines.join('\n')).not.toContain('not a date')
  })

  it('maps DriftwatchError to its code and message', async () => {
    const { dispatch } = setup({
      impl: {
        'session:unlock': () => {
          throw new DriftwatchError('WRONG_PASSPHRASE', 'That passphrase does not open this caseload.')
        },
      },
    })
    expect(await dispatch('session:unlock', { passphrase: 'nope' })).toEqual({
      ok: false,
      code: 'WRONG_PASSPHRASE',
      message: 'That passphrase does not open this caseload.',
    })
  })

  it('hides unexpected errors: INTERNAL, no stack, no message, nothing sensitive logged', async () => {
    const { dispatch, log } = setup({
      impl: {
        'case:detail': async () => {
          throw new Error('SQLITE_CONSTRAINT: child "Jane Doe" at /secret/path')
        },
      },
    })
    const r = await dispatch('case:detail', { childId: 'c1', asOf: TODAY })
    expect(r).toMatchObject({ ok: false, code: 'INTERNAL' })
    const text = JSON.stringify(r) + log.lines.join('\n')
    expect(text).not.toMatch(/Jane|secret|SQLITE|at \//)
    expect(log.lines.join('\n')).toContain('case:detail')
  })

  it('never throws, even when the handler throws a non-error', async () => {
    const { dispatch } = setup({
      impl: {
        'session:lock': () => {
          throw 'boom'
        },
      },
    })
    await expect(dispatch('session:lock', {})).resolves.toMatchObject({ ok: false, code: 'INTERNAL' })
  })
})
