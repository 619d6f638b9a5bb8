/**
 * Locks the caseload when the computer has had no keyboard or mouse input for a while, so a
 * caseload left open on an unattended desk does not stay readable. Electron's powerMonitor is
 * passed in (as `idleSeconds`), which keeps this testable without the Electron binary.
 */
import { IDLE_LOCK_SECONDS } from '../core/app/activity-lock'

export { IDLE_LOCK_SECONDS }
const CHECK_EVERY_MS = 30_000

export interface IdleLockOptions {
  /** Seconds since the last input anywhere on the system (powerMonitor.getSystemIdleTime). */
  idleSeconds: () => number
  lock: () => void
  limitSeconds?: number
  everyMs?: number
}

/** Starts checking; returns the function that stops it. */
export function startIdleLock(options: IdleLockOptions): () => void {
  const limit = options.limitSeconds ?? IDLE_LOCK_SECONDS
  const timer = setInterval(() => {
    if (options.idleSeconds() >= limit) options.lock()
  }, options.everyMs ?? CHECK_EVERY_MS)
  // Never keep the app alive just for this check.
  timer.unref?.()
  return () => clearInterval(timer)
}
