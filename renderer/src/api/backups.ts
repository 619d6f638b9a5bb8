/** Hooks for Settings → Backups. A restore replaces the whole caseload: every cached query goes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InputOf } from '../../../shared/ipc-contract'
import { call } from './client'
import { keys } from './queries'

export const backupKeys = { status: ['caseload', 'backups'] as const }

/** While a backup runs in its own thread, the status (its step) is asked for twice a second. */
export const BACKUP_POLL_MS = 500

/** `follow`: asked for twice a second whatever the last answer said (a restore just asked for). */
export function useBackupStatus({ follow = false }: { follow?: boolean } = {}) {
  return useQuery({
    queryKey: backupKeys.status,
    queryFn: () => call('backup:status', {}),
    refetchInterval: (query) => {
      const state = query.state.data?.job?.state
      return follow || state === 'running' || state === 'cancelling' ? BACKUP_POLL_MS : false
    },
  })
}

/** Starts a backup; the core answers at once with the job running, and the status follows it. */
export function useBackupNow() {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: () => call('backup:now', {}), onSuccess: (data) => queryClient.setQueryData(backupKeys.status, data) })
}

/** Cancels the running backup; answers once its thread has ended and its files are gone. */
export function useCancelBackup() {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: () => call('backup:cancel', {}), onSuccess: (data) => queryClient.setQueryData(backupKeys.status, data) })
}

export function useBackupFolder() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'backup:set-folder'>) => call('backup:set-folder', input),
    onSuccess: (data) => queryClient.setQueryData(backupKeys.status, data),
  })
}

/**
 * Restores a backup: the core answers once it has ended (the caseload replaced, or the restore
 * cancelled), and the status shows its steps meanwhile. Either way every cached query goes.
 */
export function useRestoreBackup() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'backup:restore'>) => call('backup:restore', input),
    onSuccess: (state) => {
      queryClient.removeQueries({ queryKey: ['caseload'] })
      queryClient.setQueryData(keys.session, state)
    },
  })
}
