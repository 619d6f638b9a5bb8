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
  'caseload:professionals',
  'record:child',
  'record:plan',
  'record:plan-end',
  'record:professional',
  'record:member',
  'record:meeting',
  'record:distribution',
  'record:action',
  'record:allocation',
  'record:disagreement',
  'record:visit',
  'record:conference',
  'record:delete',
  'history:list',
  'history:undo',
  'settings:policy-get',
  'settings:policy-set',
  'settings:policy-reset',
  'settings:bank-holidays-import',
  'session:change-passphrase',
  'supervision:agenda',
  'supervision:save',
  'supervision:list',
  'supervision:action-status',
  'midway:prepare',
  'midway:save',
  'midway:list',
  'audit:indicators',
  'export:document',
  // Recovery code and damage (issue 12).
  'session:reset-passphrase',
  'session:integrity',
  'session:new-recovery-code',
] as const

export type ChannelName = (typeof CHANNEL_NAMES)[number]
