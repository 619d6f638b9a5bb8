import { afterEach, describe, expect, it, vi } from 'vitest'
import { IDLE_LOCK_SECONDS, startIdleLock } from '../../electron/main/idle-lock'

afterEach(() => {
  vi.useRealTimers()
})

describe('locking after inactivity', () => {
  it('locks once the system has been idle for 15 minutes, and not before', () => {
    vi.useFakeTimers()
    let idle = 0
    const lock = vi.fn()
    const stop = startIdleLock({ idleSeconds: () => idle, lock })
    expect(IDLE_LOCK_SECONDS).toBe(900)
    idle = IDLE_LOCK_SECONDS - 1
    vi.advanceTimersByTime(30_000)
    expect(lock).not.toHaveBeenCalled()
    idle = IDLE_LOCK_SECONDS
    vi.advanceTimersByTime(30_000)
    expect(lock).toHaveBeenCalledTimes(1)
    stop()
    vi.advanceTimersByTime(120_000)
    expect(lock).toHaveBeenCalledTimes(1)
  })
})
