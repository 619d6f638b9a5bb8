import { useEffect, useRef } from 'react'

/** Moves focus to a screen's heading when the screen opens, so keyboard and screen reader users land on it. */
export function useHeadingFocus<T extends HTMLElement>(key?: unknown) {
  const ref = useRef<T>(null)
  useEffect(() => {
    ref.current?.focus({ preventScroll: false })
  }, [key])
  return ref
}
