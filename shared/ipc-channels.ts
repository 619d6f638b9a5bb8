/**
 * The names of the IPC channels, and nothing else. The contract (`ipc-contract.ts`) is checked at
 * compile time to have exactly these keys, so this list is not a second source of truth but the
 * first: it exists so that the sandboxed preload can expose one function per channel without
 * bundling zod and the schemas.
 */
export const CHANNEL_NAMES = [
  'session:status',
  'session:create',
  'session:unlock',
  'session:lock',
  'caseload:overview',
  'caseload:table',
  'case:detail',
] as const

export type ChannelName = (typeof CHANNEL_NAMES)[number]
