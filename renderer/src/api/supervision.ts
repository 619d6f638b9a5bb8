/**
 * Hooks for supervision sessions, mid-way reviews and the audit screen (issue 6), and the one
 * export helper. Saving anything here refreshes the caseload queries too: an overdue supervision
 * action is a drift finding on the dashboard, the table and the case view.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InputOf } from '../../../shared/ipc-contract'
import type { ExportOutput } from '../../../shared/supervision'
import { call } from './client'
import { downloadFile } from './download'

export const supervisionKeys = {
  agenda: (input: InputOf<'supervision:agenda'>) => ['caseload', 'supervision', 'agenda', input] as const,
  sessions: ['caseload', 'supervision', 'sessions'] as const,
  midway: (childId: string) => ['caseload', 'midway', childId] as const,
  midwayPrepare: (childId: string, date: string) => ['caseload', 'midway', childId, 'prepare', date] as const,
  audit: (from: string, to: string) => ['caseload', 'audit', from, to] as const,
}

export function useAgenda(input: InputOf<'supervision:agenda'> | null) {
  return useQuery({
    queryKey: supervisionKeys.agenda(input ?? { scope: { kind: 'caseload', id: '' }, date: '' }),
    queryFn: () => call('supervision:agenda', input!),
    enabled: input !== null,
    staleTime: 30_000,
  })
}

export function useSessions() {
  return useQuery({ queryKey: supervisionKeys.sessions, queryFn: () => call('supervision:list', {}) })
}

function useRefreshing<I, O>(send: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: send, onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['caseload'] }) })
}

export const useSaveSession = () => useRefreshing((input: InputOf<'supervision:save'>) => call('supervision:save', input))
export const useActionStatus = () => useRefreshing((input: InputOf<'supervision:action-status'>) => call('supervision:action-status', input))
export const useSaveMidway = () => useRefreshing((input: InputOf<'midway:save'>) => call('midway:save', input))

export function useMidwayList(childId: string) {
  return useQuery({ queryKey: supervisionKeys.midway(childId), queryFn: () => call('midway:list', { childId }) })
}

export function useMidwayPrepare(childId: string, date: string | null) {
  return useQuery({
    queryKey: supervisionKeys.midwayPrepare(childId, date ?? ''),
    queryFn: () => call('midway:prepare', { childId, date: date! }),
    enabled: date !== null,
    retry: false,
  })
}

export function useAudit(period: { from: string; to: string } | null) {
  return useQuery({
    queryKey: supervisionKeys.audit(period?.from ?? '', period?.to ?? ''),
    queryFn: () => call('audit:indicators', period!),
    enabled: period !== null,
    staleTime: 60_000,
    retry: false,
  })
}

/**
 * Exports a document. In Electron, main asks where to save it (a save dialog); in a plain browser
 * the bytes come back and the page offers them as a download, so the browser asks where. With
 * 'clipboard', the plain text goes to the clipboard. Returns a sentence to show the user.
 */
export async function exportDocument(input: InputOf<'export:document'>): Promise<string> {
  const out: ExportOutput = await call('export:document', input)
  switch (out.kind) {
    case 'cancelled':
      return 'Not saved: you cancelled.'
    case 'saved':
      return `Saved as ${out.fileName} (content hash ${out.hash}). It is not encrypted: keep it as OFFICIAL-SENSITIVE.`
    case 'copied':
      return `Copied to the clipboard as plain text (content hash ${out.hash}). Paste it into the case record.`
    case 'text':
      await navigator.clipboard.writeText(out.text)
      return `Copied to the clipboard as plain text (content hash ${out.hash}). Paste it into the case record.`
    case 'download': {
      downloadFile(out)
      return `Downloaded ${out.fileName} (content hash ${out.hash}). It is not encrypted: keep it as OFFICIAL-SENSITIVE.`
    }
  }
}
