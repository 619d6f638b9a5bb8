/** Runs `f` once: its value with wall and CPU milliseconds (CPU is the steadier figure on a loaded machine). */
export function timed<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c = process.cpuUsage()
  const t = performance.now()
  const value = f()
  const wallMs = performance.now() - t
  const u = process.cpuUsage(c)
  return { value, wallMs, cpuMs: (u.user + u.system) / 1000 }
}
