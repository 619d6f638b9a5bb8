/**
 * The contract, the handlers, the preload and the IPC registration list the same channels, and
 * the preload exposes nothing but one function per channel that invokes that channel.
 */
import { describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  // Main answers with the core worker's JSON bytes (the preload parses them).
  invoke: vi.fn(async (channel: string, input: unknown) => new TextEncoder().encode(JSON.stringify({ channel, input }))),
}))
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: { invoke: electron.invoke },
}))

import { CHANNELS, contract } from '../../shared/ipc-contract'
import { CHANNEL_NAMES } from '../../shared/ipc-channels'
import { createHandlers } from '../../electron/core/app/handlers'
import { Session } from '../../electron/core/app/session'
import { fakeScanner } from './helpers'

describe('contract / handlers / preload parity', () => {
  it('lists the same channels everywhere', async () => {
    await import('../../electron/preload/index')
    expect([...electron.exposed.keys()]).toEqual(['driftwatch'])
    const api = electron.exposed.get('driftwatch') as Record<string, unknown>
    const handlers = createHandlers(new Session({ dbPath: '/nonexistent/caseload.db' }), fakeScanner)
    const sorted = (xs: Iterable<string>) => [...xs].sort()
    expect(sorted(Object.keys(contract))).toEqual(sorted(CHANNELS))
    expect(sorted(CHANNEL_NAMES)).toEqual(sorted(CHANNELS))
    expect(sorted(Object.keys(handlers))).toEqual(sorted(CHANNELS))
    expect(sorted(Object.keys(api))).toEqual(sorted(CHANNELS))
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('exposes only functions that invoke their own channel', async () => {
    await import('../../electron/preload/index')
    const api = electron.exposed.get('driftwatch') as Record<string, (input: unknown) => Promise<unknown>>
    for (const channel of CHANNELS) {
      expect(typeof api[channel]).toBe('function')
      expect(await api[channel]!({ probe: channel })).toEqual({ channel, input: { probe: channel } })
    }
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true)
    expect(api).not.toHaveProperty('ipcRenderer')
    expect(api).not.toHaveProperty('invoke')
  })

  it('names every channel feature:verb (kebab-case words)', () => {
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/)
  })
})
