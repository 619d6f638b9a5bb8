/**
 * Locks the caseload after a time without use, for hosts that cannot ask the operating system how
 * long the user has been idle (the browser host). The Electron app uses the system's idle time
 * (electron/main/idle-lock.ts) with the same limit.
 */
export const IDLE_LOCK_SECONDS = 15 * 60

export interface ActivityLock {
  /** The user did something (a request other than the background watch, or input on the page). */
  touch(): void
  stop(): void
}

export function startActivityLock(options: { limitMs: number; lock: () => void; everyMs?: number; now?: () => number }): ActivityLock {
  const now = options.now ?? Date.now
  let last = now()
  const timer = setInterval(
    () => {
      if (now() - last >= options.limitMs) options.lock()
    },
    options.everyMs ?? Math.min(30_000, Math.max(250, Math.floor(options.limitMs / 4))),
  )
  timer.unref?.()
  return {
    touch: () => {
      last = now()
    },
    stop: () => clearInterval(timer),
  }
}

/** The idle limit from DRIFTWATCH_IDLE_LOCK_SECONDS (tests shorten it), else 15 minutes. */
export function idleLockMsFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.DRIFTWATCH_IDLE_LOCK_SECONDS
  const n = raw === undefined ? NaN : Number(raw)
  return Number.isFinite(n) && n > 0 ? n * 1000 : IDLE_LOCK_SECONDS * 1000
}
