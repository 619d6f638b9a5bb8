/**
 * Hooks for recording (issue 5): saving records, the change history and undo, and settings. After
 * every change the caseload queries are invalidated, so the findings, the table and the dashboard
 * show its effect at once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Channel, InputOf, OutputOf } from '../../../shared/ipc-contract'
import { call } from './client'

export const recordKeys = {
  professionals: ['caseload', 'professionals'] as const,
  history: (childId: string | null) => ['caseload', 'history', childId ?? '*'] as const,
  policy: ['settings', 'policy'] as const,
}

/** Everything that may change when a record is saved or undone (all under 'caseload'). */
export function useInvalidateCaseload() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: ['caseload'] })
}

export function useProfessionals() {
  return useQuery({ queryKey: recordKeys.professionals, queryFn: () => call('caseload:professionals', {}), staleTime: 30_000 })
}

export function useHistory(childId: string | null) {
  return useQuery({
    queryKey: recordKeys.history(childId),
    queryFn: () => call('history:list', childId ? { childId, limit: 50 } : { limit: 50 }),
  })
}

type SaveChannel = Extract<Channel, `record:${string}` | 'history:undo'>

/** A mutation for one record channel; on success the caseload queries are refreshed. */
export function useSave<C extends SaveChannel>(channel: C) {
  const invalidate = useInvalidateCaseload()
  return useMutation({
    mutationFn: (input: InputOf<C>) => call(channel, input) as Promise<OutputOf<C>>,
    onSuccess: () => invalidate(),
  })
}

export function usePolicy() {
  return useQuery({ queryKey: recordKeys.policy, queryFn: () => call('settings:policy-get', {}) })
}

export function useSettingsChange<C extends 'settings:policy-set' | 'settings:policy-reset' | 'settings:bank-holidays-import'>(channel: C) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<C>) => call(channel, input) as Promise<OutputOf<C>>,
    onSuccess: (data) => {
      if (channel !== 'settings:bank-holidays-import') queryClient.setQueryData(recordKeys.policy, data)
      void queryClient.invalidateQueries({ queryKey: ['caseload'] })
    },
  })
}

export function useChangePassphrase() {
  return useMutation({ mutationFn: (input: InputOf<'session:change-passphrase'>) => call('session:change-passphrase', input) })
}
