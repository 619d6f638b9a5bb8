/** TanStack Query hooks, one per channel. Every caseload query keys on the as-of date. */
import { useEffect } from 'react'
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { SessionState } from '../../../shared/ipc-contract'
import { call, isApiError } from './client'

export const keys = {
  session: ['session'] as const,
  overview: (asOf: string) => ['caseload', 'overview', asOf] as const,
  table: (asOf: string) => ['caseload', 'table', asOf] as const,
  triage: (asOf: string, limit: number | null) => ['caseload', 'triage', asOf, limit] as const,
  detail: (childId: string, asOf: string) => ['caseload', 'case', childId, asOf] as const,
  planFindings: (planId: string, asOf: string) => ['caseload', 'plan-findings', planId, asOf] as const,
}

/** A LOCKED answer means the caseload was locked under us: refresh the session so the lock screen shows. */
function retry(queryClient: QueryClient) {
  return (count: number, error: unknown) => {
    if (isApiError(error, 'LOCKED')) {
      void queryClient.invalidateQueries({ queryKey: keys.session })
      return false
    }
    return !isApiError(error) && count < 1
  }
}

export function useSession() {
  return useQuery({
    queryKey: keys.session,
    queryFn: () => call('session:status', {}),
    staleTime: Infinity,
    retry: (count, error) => !isApiError(error) && count < 2,
  })
}

/**
 * A new session state (unlocked, locked, created, reset). Every cached query and mutation goes:
 * lock must leave nothing from the caseload in the page, and a finished unlock or reset must not
 * keep the passphrase or recovery code it was called with in the mutation cache.
 */
export function useSessionChange() {
  const queryClient = useQueryClient()
  return (state: SessionState) => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.session[0] })
    queryClient.getMutationCache().clear()
    queryClient.setQueryData(keys.session, state)
  }
}

export function useCreate() {
  const onSuccess = useSessionChange()
  return useMutation({
    mutationFn: (input: { passphrase: string; withDemo: boolean }) => call('session:create', input),
    // With a recovery code, the create form shows it first and moves on once it has been stored.
    onSuccess: (state) => {
      if (!state.recoveryCode) onSuccess(state)
    },
  })
}

export function useUnlock() {
  const onSuccess = useSessionChange()
  return useMutation({ mutationFn: (passphrase: string) => call('session:unlock', { passphrase }), onSuccess })
}

export function useLock() {
  const queryClient = useQueryClient()
  const onSuccess = useSessionChange()
  return useMutation({
    mutationFn: () => call('session:lock', {}),
    // The caseload's data goes at once, not when the lock's backup has been made.
    onMutate: () => queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.session[0] }),
    onSuccess,
  })
}

export function useOverview(asOf: string) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: keys.overview(asOf),
    queryFn: () => call('caseload:overview', { asOf }),
    retry: retry(queryClient),
    staleTime: 60_000,
  })
}

function caseTableQuery(asOf: string) {
  return {
    queryKey: keys.table(asOf),
    queryFn: () => call('caseload:table', { asOf }),
    staleTime: 60_000,
    // Columns of 50,000 entries: a refetch is a new caseload, not worth comparing deeply with the last.
    structuralSharing: false,
  }
}

export function useCaseTable(asOf: string) {
  const queryClient = useQueryClient()
  return useQuery({ ...caseTableQuery(asOf), retry: retry(queryClient) })
}

/**
 * Fetches the caseload table in the background once the dashboard is drawn, so that a tile's click
 * draws the table from the cache (at 50,000 children the core takes about half a second to send it).
 */
export function usePrefetchCaseTable(asOf: string, when: boolean) {
  const queryClient = useQueryClient()
  useEffect(() => {
    if (!when) return
    // Best effort: a failure here is shown, and retried, by the table itself if the chair opens it.
    const t = setTimeout(() => void queryClient.prefetchQuery({ ...caseTableQuery(asOf), retry: false }), 300)
    return () => clearTimeout(t)
  }, [asOf, when, queryClient])
}

export function useCaseDetail(childId: string, asOf: string) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: keys.detail(childId, asOf),
    queryFn: () => call('case:detail', { childId, asOf }),
    retry: retry(queryClient),
    staleTime: 60_000,
  })
}

/** "Start here": the first `limit` children of the triage (null: all of them), each finding with its next step. */
export function useTriage(asOf: string, limit: number | null) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: keys.triage(asOf, limit),
    queryFn: () => call('caseload:triage', limit === null ? { asOf } : { asOf, limit }),
    retry: retry(queryClient),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  })
}

/** One plan's findings in full (messages, due dates), for the table's score tooltip. */
export function usePlanFindings(planId: string, asOf: string) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: keys.planFindings(planId, asOf),
    queryFn: () => call('caseload:plan-findings', { planId, asOf }),
    retry: retry(queryClient),
    staleTime: 60_000,
  })
}
