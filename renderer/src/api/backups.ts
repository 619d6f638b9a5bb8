/** Hooks for Settings → Backups. A restore replaces the whole caseload: every cached query goes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InputOf } from '../../../shared/ipc-contract'
import { call } from './client'
import { keys } from './queries'

export const backupKeys = { status: ['caseload', 'backups'] as const }

export function useBackupStatus() {
  return useQuery({ queryKey: backupKeys.status, queryFn: () => call('backup:status', {}) })
}

export function useBackupNow() {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: () => call('backup:now', {}), onSuccess: (data) => queryClient.setQueryData(backupKeys.status, data) })
}

export function useBackupFolder() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'backup:set-folder'>) => call('backup:set-folder', input),
    onSuccess: (data) => queryClient.setQueryData(backupKeys.status, data),
  })
}

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
