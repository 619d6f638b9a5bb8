import { useCallback, useEffect, useMemo, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { formatUK } from '../../shared/civil-date'
import { useLock, useSession } from './api/queries'
import { AsOfControl } from './components/AsOfControl'
import { ErrorNotice, Loading } from './components/Status'
import { CaseView } from './screens/CaseView'
import { CaseloadTable } from './screens/CaseloadTable'
import { Dashboard } from './screens/Dashboard'
import { LockingScreen, UnlockScreen } from './screens/Unlock'
import { NO_FILTERS, type Navigate, type TableFilters, type View } from './nav'
import { ChangesProvider, useChanges } from './forms/recording'
import { NewChildForm } from './forms/ChildForms'
import { SettingsScreen } from './screens/Settings'
import { SupervisionScreen } from './supervision/SupervisionScreen'
import { AuditScreen } from './supervision/AuditScreen'
import { DamagedScreen, useIntegrity } from './screens/Recovery'
import { useCaseloadWatch } from './api/watch'
import { ImportScreen } from './imports/ImportScreen'
import { BaselineScreen } from './imports/BaselineScreen'
import { UserNameBanner } from './settings/UserName'

/** The main navigation, in order. */
const NAV_ITEMS = [
  { screen: 'dashboard', label: 'Dashboard' },
  { screen: 'table', label: 'Caseload' },
  { screen: 'supervision', label: 'Supervision' },
  { screen: 'audit', label: 'Audit' },
  { screen: 'import', label: 'Import' },
  { screen: 'settings', label: 'Settings' },
] as const

export function App() {
  const session = useSession()
  if (session.isPending) return <Loading label="Starting Driftwatch" />
  if (session.isError) {
    return (
      <main className="centred">
        <ErrorNotice error={session.error} onRetry={() => void session.refetch()} />
      </main>
    )
  }
  if (session.data.state !== 'unlocked') return <UnlockScreen session={session.data} />
  return <Workspace today={session.data.today} location={session.data.location} />
}

function Workspace({ today, location }: { today: string; location: string }) {
  const [asOf, setAsOf] = useState(today)
  const [view, setView] = useState<View>({ screen: 'dashboard' })
  const [filters, setFilters] = useState<TableFilters>(NO_FILTERS)
  const [isDemo, setIsDemo] = useState(false)
  const lock = useLock()
  const queryClient = useQueryClient()
  const watch = useCaseloadWatch()

  // The demo caseload's teams are all called "Demo Team …"; once seen, say so on every screen.
  useEffect(() => {
    if (isDemo) return
    return queryClient.getQueryCache().subscribe((event) => {
      const data = event.query.state.data as { byTeam?: { team: string }[]; rows?: { team: string | null }[] } | undefined
      if (!data) return
      const teams = data.byTeam?.map((t) => t.team) ?? data.rows?.slice(0, 50).map((r) => r.team ?? '') ?? []
      if (teams.some((t) => t.startsWith('Demo'))) setIsDemo(true)
    })
  }, [isDemo, queryClient])

  const navigate: Navigate = useMemo(
    () => ({
      toDashboard: () => setView({ screen: 'dashboard' }),
      toTable: (next) => {
        if (next) setFilters({ ...NO_FILTERS, ...next })
        setView({ screen: 'table' })
      },
      toCase: (childId, record) =>
        setView((v) => ({
          screen: 'case',
          childId,
          from: v.screen === 'case' ? v.from : v.screen === 'table' || v.screen === 'supervision' || v.screen === 'audit' ? v.screen : 'dashboard',
          ...(record ? { record } : {}),
        })),
      toBaseline: () => setView({ screen: 'baseline' }),
    }),
    [],
  )
  const back = useCallback(() => setView((v) => (v.screen !== 'case' ? v : v.from === 'table' ? { screen: 'table', returnTo: v.childId } : { screen: v.from })), [])
  // The background check after unlock: on damage, the recovery screen first (saves are refused).
  const integrity = useIntegrity()
  const damaged = integrity.data?.state === 'damaged'
  const [readingDamaged, setReadingDamaged] = useState(false)

  // The caseload leaves the screen the moment it starts to lock (its backup comes first).
  if (lock.isPending || watch.locking) return <LockingScreen />

  if (damaged && !readingDamaged) {
    return (
      <DamagedScreen
        problems={integrity.data?.problems ?? []}
        location={location}
        onRestore={() => {
          setReadingDamaged(true)
          setView({ screen: 'settings' })
        }}
        onKeepReading={() => setReadingDamaged(true)}
        onLock={() => lock.mutate()}
      />
    )
  }

  return (
    <ChangesProvider>
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">Driftwatch</span>
          <span className="brand-sub">Child protection plan drift</span>
        </div>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV_ITEMS.map((item) => (
              <li key={item.screen}>
                <button
                  type="button"
                  className="nav-link"
                  aria-current={view.screen === item.screen ? 'page' : undefined}
                  onClick={() => setView({ screen: item.screen })}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <AsOfControl asOf={asOf} today={today} onChange={setAsOf} />
        <button type="button" className="button secondary lock-button" onClick={() => lock.mutate()} disabled={lock.isPending}>
          {lock.isPending ? 'Locking…' : 'Lock'}
        </button>
      </header>
      <div className="banners">
        {damaged && (
          <p className="banner banner-damaged" role="alert">
            <strong>This caseload is damaged: nothing is being saved.</strong> Restore the latest good backup from Settings.
          </p>
        )}
        <UserNameBanner />
        {isDemo && (
          <p className="banner banner-demo" role="note">
            <strong>Demo caseload.</strong> Every child, family and professional here is fictional.
          </p>
        )}
        {watch.changedElsewhere && (
          <p className="banner banner-past" role="status">
            Another program changed the caseload (an import or a restore). Every screen now shows the caseload as it is.{' '}
            <button type="button" className="link-button" onClick={watch.dismiss}>
              Dismiss
            </button>
          </p>
        )}
        {asOf !== today && (
          <p className="banner banner-past" role="status">
            {asOf < today ? (
              <>
                You are looking at the caseload as it stood on <strong>{formatUK(asOf)}</strong>, not today.{' '}
              </>
            ) : (
              <>
                You are looking ahead to <strong>{formatUK(asOf)}</strong>: the caseload as it will stand then if nothing more is recorded, not today.{' '}
              </>
            )}
            <button type="button" className="link-button" onClick={() => setAsOf(today)}>
              Back to today
            </button>
          </p>
        )}
      </div>
      <main id="main" className="app-main" tabIndex={-1}>
        {(view.screen === 'dashboard' || view.screen === 'table') && (
          <div className="page-actions">
            <AddChildButton today={today} onAdded={navigate.toCase} />
          </div>
        )}
        {view.screen === 'dashboard' && <Dashboard asOf={asOf} today={today} navigate={navigate} />}
        {view.screen === 'import' && <ImportScreen asOf={asOf} navigate={navigate} />}
        {view.screen === 'baseline' && <BaselineScreen asOf={asOf} today={today} onBack={() => setView({ screen: 'dashboard' })} />}
        {view.screen === 'settings' && <SettingsScreen />}
        {/* Kept mounted while a case opened from it is shown, so a session being recorded is not lost. */}
        {(view.screen === 'supervision' || (view.screen === 'case' && view.from === 'supervision')) && (
          <div hidden={view.screen !== 'supervision'}>
            <SupervisionScreen asOf={asOf} today={today} navigate={navigate} />
          </div>
        )}
        {view.screen === 'audit' && <AuditScreen asOf={asOf} navigate={navigate} />}
        {view.screen === 'table' && (
          <CaseloadTable asOf={asOf} today={today} filters={filters} onFiltersChange={setFilters} navigate={navigate} returnTo={view.returnTo ?? null} />
        )}
        {view.screen === 'case' && (
          <CaseView
            childId={view.childId}
            asOf={asOf}
            backLabel={BACK_LABELS[view.from]}
            onBack={back}
            navigate={navigate}
            record={view.record}
          />
        )}
      </main>
    </div>
    </ChangesProvider>
  )
}

const BACK_LABELS = {
  dashboard: 'Back to the dashboard',
  table: 'Back to the caseload',
  supervision: 'Back to the supervision session',
  audit: 'Back to the audit',
} as const

/** "Add a child": a child with their plan and its initial conference, then their case opens. */
function AddChildButton({ today, onAdded }: { today: string; onAdded(childId: string): void }) {
  const [open, setOpen] = useState(false)
  const changes = useChanges()
  return (
    <>
      <button type="button" className="button primary" onClick={() => setOpen(true)}>
        Add a child
      </button>
      {open && (
        <NewChildForm
          today={today}
          onClose={() => setOpen(false)}
          onSaved={(saved) => {
            setOpen(false)
            changes.saved(saved)
            if (saved.childId) onAdded(saved.childId)
          }}
        />
      )}
    </>
  )
}
