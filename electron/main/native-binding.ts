/**
 * Which native database driver the app loads. `npm start` builds an Electron-ABI copy of the driver
 * and names it in DRIFTWATCH_NATIVE_BINDING. A packaged app never honours it: an environment
 * variable must not be able to make an installed Driftwatch load (and hand the data key to) a
 * native library of someone else's choosing.
 */
export function nativeBindingFor(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined
  const path = env.DRIFTWATCH_NATIVE_BINDING
  return path ? path : undefined
}
