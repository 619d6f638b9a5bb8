/**
 * What an import would do or did (ImportScreen.tsx): the records added, changed and removed per list,
 * the conflicts, the problems with their file, row and column, and the gaps left after an import.
 */
import type { ImportOutcome, ImportProblem, ImportStatus } from '../../../shared/import-screen'
import { plural } from '../labels'
import { useGapsSummary } from './api'
import { LIST_LABELS } from './labels'

export function OutcomeView({ outcome, status }: { outcome: ImportOutcome; status: ImportStatus }) {
  const applied = status.state === 'applied'
  const lists = outcome.lists.filter((l) => l.added + l.changed + l.removed > 0)
  const json = outcome.source === 'json'
  return (
    <div className="outcome">
      {applied ? (
        <div className="notice notice-info" role="status">
          <strong>Done.</strong> {lists.length === 0 ? 'Nothing needed to change.' : 'The caseload now follows the import below.'} The dashboard
          and every case show the result.
        </div>
      ) : (
        <p className="panel-sub">
          A dry run: the files have been read and checked, and nothing has been written. {json ? 'The file holds these records.' : ''}
        </p>
      )}
      {outcome.replaces && !applied && (
        <div className="notice notice-warning" role="note">
          <strong>This replaces the whole caseload.</strong> The caseload has {plural(status.caseloadChildren, 'child', 'children')}; a
          Driftwatch caseload file is imported whole, in their place. You will be asked to confirm.
        </div>
      )}
      {lists.length === 0 ? (
        <p className="empty">Nothing to do: the caseload already matches {status.name}.</p>
      ) : (
        <table className="data-table counts-table">
          <caption className="visually-hidden">Records {applied ? 'added, changed and removed' : 'the import would add, change and remove'}, per list</caption>
          <thead>
            <tr>
              <th scope="col">List</th>
              <th scope="col">{applied ? 'Added' : 'To add'}</th>
              <th scope="col">{applied ? 'Changed' : 'To change'}</th>
              <th scope="col">{applied ? 'Removed' : 'To remove'}</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((l) => (
              <tr key={l.list}>
                <th scope="row">{LIST_LABELS[l.list] ?? l.list}</th>
                <td>{l.added.toLocaleString('en-GB')}</td>
                <td>{l.changed.toLocaleString('en-GB')}</td>
                <td>{l.removed.toLocaleString('en-GB')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!json && lists.some((l) => l.changed + l.removed > 0) && (
        <details className="which-records">
          <summary>Which records change or go</summary>
          <ul>
            {lists
              .filter((l) => l.changed + l.removed > 0)
              .map((l) => (
                <li key={l.list}>
                  <strong>{LIST_LABELS[l.list] ?? l.list}</strong>
                  {l.changed > 0 && <> — changed: {idList(l.sample.changed, l.changed)}</>}
                  {l.removed > 0 && <> — removed: {idList(l.sample.removed, l.removed)}</>}
                </li>
              ))}
          </ul>
        </details>
      )}
      {outcome.conflicts.length > 0 && (
        <div className="conflicts">
          <h3>
            {plural(outcome.conflicts.length + outcome.conflictsOmitted, 'record')} kept that need{outcome.conflicts.length + outcome.conflictsOmitted === 1 ? 's' : ''}{' '}
            your decision
          </h3>
          <ul>
            {outcome.conflicts.map((c) => (
              <li key={`${c.list}:${c.id}`}>{c.message}</li>
            ))}
          </ul>
          {outcome.conflictsOmitted > 0 && <p className="hint">…and {outcome.conflictsOmitted.toLocaleString('en-GB')} more.</p>}
        </div>
      )}
      {outcome.ignoredRows.some((r) => r.rows > 0) && (
        <p className="hint ignored-rows">
          Rows left out on purpose (another authority&rsquo;s plans, people with no plan, other roles, rows with no date):{' '}
          {outcome.ignoredRows
            .filter((r) => r.rows > 0)
            .map((r) => `${r.file}: ${plural(r.rows, 'row')}`)
            .join('; ')}
          .
        </p>
      )}
    </div>
  )
}

/** After an import: the plans it left with no core group, and where to fill them in. */
export function GapsAfterImport({ asOf, onBaseline }: { asOf: string; onBaseline(): void }) {
  const gaps = useGapsSummary(asOf)
  const n = gaps.data?.plansWithoutCoreGroup ?? 0
  if (n === 0) return null
  return (
    <p className="gaps-after">
      {plural(n, 'plan')} {n === 1 ? 'has' : 'have'} no core group recorded yet.{' '}
      <button type="button" className="link-button" onClick={onBaseline}>
        Record the latest core groups
      </button>{' '}
      or use the tracker template below.
    </p>
  )
}

const idList = (ids: string[], total: number) => `${ids.join(', ')}${total > ids.length ? ` and ${(total - ids.length).toLocaleString('en-GB')} more` : ''}`

export function Problems({ error }: { error: NonNullable<ImportStatus['error']> }) {
  const total = error.problems.length + error.problemsOmitted
  return (
    <div className="problems">
      <div className="notice notice-error" role="alert">
        <strong>{error.message}</strong>
        {total > 0 && ` Correct ${total === 1 ? 'it' : 'them'} in the files, then choose them again.`}
      </div>
      {error.problems.length > 0 && (
        <div className="problems-scroll">
          <table className="data-table problems-table">
            <caption className="visually-hidden">Problems found in the files, by file, row and column</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {error.problems.map((p: ImportProblem, i) => (
                <tr key={i}>
                  <td>{p.file}</td>
                  <td>{p.row ?? '—'}</td>
                  <td>{p.column ?? '—'}</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error.problemsOmitted > 0 && <p className="hint">…and {error.problemsOmitted.toLocaleString('en-GB')} more problems, not listed.</p>}
    </div>
  )
}

/** The tracker template: the caseload's open plans, for the chair's own spreadsheet of core groups. */
