/**
 * The page's background watch (channel session:watch, every few seconds):
 * - when another program changed the caseload (an import or a restore from the command line),
 *   every screen's data is fetched again, and the page says so;
 * - when the caseload was locked under the page (the idle lock), or is being locked (the client
 *   answers so while the core makes the lock's backup: core-client.ts), the caseload leaves the
 *   screen at once and the lock screen follows;
 * - it tells the host whether the user has used the page since the last call, so that a host that
 *   cannot see the operating system's idle time (the browser host) locks after the same idle time.
 */
import { useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { call } from './client'
import { keys } from './queries'

export const WATCH_EVERY_MS = 3000

/**
 * Outside changes this page has picked up (the watch's notice). A form remembers the count when it
 * is drawn and refuses its first save after it changed (forms/form.tsx): the core refuses only when the
 * save itself is the first request after the change, and the watch, every 3 s, usually gets there first.
 */
let outsideChanges = 0
export const outsideChangeCount = (): number => outsideChanges
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const

/**
 * `changedElsewhere`: another program's change has been picked up (for a notice). `locking`: the
 * caseload is locked or being locked under the page (the workspace gives way to the locking screen).
 */
export function useCaseloadWatch(): { changedElsewhere: boolean; locking: boolean; dismiss(): void } {
  const queryClient = useQueryClient()
  const [changedElsewhere, setChanged] = useState(false)
  const [locking, setLocking] = useState(false)
  const active = useRef(false)
  const seen = useRef<number | null>(null)

  useEffect(() => {
    const mark = () => {
      active.current = true
    }
    for (const e of INPUT_EVENTS) window.addEventListener(e, mark, { passive: true, capture: true })
    let stopped = false
    const tick = async () => {
      const wasActive = active.current
      active.current = false
      try {
        const r = await call('session:watch', { active: wasActive })
        if (stopped) return
        if (r.state !== 'unlocked') {
          setLocking(true)
          queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.session[0] })
          void queryClient.invalidateQueries({ queryKey: keys.session })
          return
        }
        if (seen.current !== null && r.changes !== seen.current) {
          outsideChanges++
          setChanged(true)
          // Every screen's data, but not the session itself.
          void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== keys.session[0] })
        }
        seen.current = r.changes
      } catch {
        // The next tick tries again; a real failure shows on the screens' own requests.
      }
    }
    void tick()
    const timer = window.setInterval(() => void tick(), WATCH_EVERY_MS)
    return () => {
      stopped = true
      window.clearInterval(timer)
      for (const e of INPUT_EVENTS) window.removeEventListener(e, mark, { capture: true })
    }
  }, [queryClient])

  return { changedElsewhere, locking, dismiss: () => setChanged(false) }
}
