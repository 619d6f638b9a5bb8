/**
 * The Import screen's and the gap-filling hooks. An import is a handle the core keeps: chosen with
 * main's dialog in the desktop app, or uploaded from this page in a browser; its preview and apply
 * run in the core while the page asks for the status.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ImportSource, ImportStatus, TrackerTemplateOutput } from '../../../shared/import-screen'
import type { InputOf } from '../../../shared/ipc-contract'
import { call, hasNativeDialogs, uploadImportFile } from '../api/client'
import { useInvalidateCaseload } from '../api/records'
import { downloadFile } from '../api/download'

export const gapsKeys = {
  summary: (asOf: string) => ['caseload', 'gaps', 'summary', asOf] as const,
  baseline: (asOf: string) => ['caseload', 'gaps', 'baseline', asOf] as const,
}

export function useGapsSummary(asOf: string) {
  return useQuery({ queryKey: gapsKeys.summary(asOf), queryFn: () => call('gaps:summary', { asOf }), staleTime: 60_000 })
}

export function useBaselineTable(asOf: string) {
  return useQuery({ queryKey: gapsKeys.baseline(asOf), queryFn: () => call('gaps:baseline', { asOf }), staleTime: 0, retry: false })
}

export function useSaveBaseline() {
  const invalidate = useInvalidateCaseload()
  return useMutation({
    mutationFn: (rows: InputOf<'gaps:baseline-save'>['rows']) => call('gaps:baseline-save', { rows }),
    onSuccess: () => invalidate(),
  })
}

/** Saves (desktop: main's dialog) or downloads (browser) the tracker template; returns a sentence. */
export async function downloadTrackerTemplate(asOf: string): Promise<string> {
  const out: TrackerTemplateOutput = await call('gaps:tracker-template', { asOf })
  const rows = (n: number) => (n === 1 ? 'one open plan' : `${n.toLocaleString('en-GB')} open plans`)
  switch (out.kind) {
    case 'cancelled':
      return 'Not saved: you cancelled.'
    case 'saved':
      return `Saved ${out.fileName} with ${rows(out.rows)}. It is not encrypted: keep it as OFFICIAL-SENSITIVE.`
    case 'download': {
      downloadFile(out)
      return `Downloaded ${out.fileName} with ${rows(out.rows)}. It is not encrypted: keep it as OFFICIAL-SENSITIVE.`
    }
  }
}

export { hasNativeDialogs }

/** Desktop: main's dialog chooses the file or folder. Null when the chair cancelled. */
export async function chooseWithDialog(source: ImportSource): Promise<{ handle: string; name: string } | null> {
  const r = await call('import:choose', { source })
  return r.kind === 'chosen' ? { handle: r.handle, name: r.name } : null
}

/** Browser: uploads the chosen files into a private folder of the host; returns the handle. */
export async function uploadFiles(source: ImportSource, files: readonly File[], name: string, onFile?: (done: number) => void): Promise<string> {
  const { handle } = await call('import:upload-start', { source, name })
  let done = 0
  for (const file of files) {
    await uploadImportFile(handle, file)
    onFile?.(++done)
  }
  return handle
}

export const previewImport = (handle: string) => call('import:preview', { handle })
export const applyImport = (handle: string, replace: boolean) => call('import:apply', { handle, replace })
export const importStatus = (handle: string) => call('import:status', { handle })
export const cancelImport = (handle: string) => call('import:cancel', { handle })

/** True while the core is still working on the import. */
export const isRunning = (s: ImportStatus | null) => s !== null && (s.state === 'previewing' || s.state === 'applying')

/** Refreshes every caseload query after an import was applied. */
export function useAfterImport() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: ['caseload'] })
}
