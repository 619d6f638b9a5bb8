/**
 * Writing a source extract into the caseload (source-formats.md §4). Into an empty caseload: a bulk
 * import, every record marked as the source's. Otherwise a sync: the source's records follow the
 * source (added, changed, removed), local records are never changed or removed, and what cannot be
 * done is kept and reported as a conflict, one sentence each. The comparison runs inside the write
 * transaction, so what is reported is what is written.
 */
import type Database from 'better-sqlite3'
import {
  allocationSchema,
  childSchema,
  conferenceSchema,
  planSchema,
  professionalSchema,
  visitSchema,
} from '../../../shared/caseload-format'
import { DriftwatchError } from '../../../shared/errors'
import { emptyIds, SOURCE_LABELS, type IdsByList, type SyncConflict, type SyncResult } from '../../../shared/source-import'
import { elementGuards } from '../caseload/element-guards'
import { LIST_NAMES, type ElementOf } from '../caseload/lists'
import { withRollbackJournal, type CaseloadDb } from '../db/caseload-db'
import { readList } from '../queries/caseload-read'
import { createDbSink, deferIndexes, isCaseloadEmpty } from '../queries/caseload-write'
import { deferDriftSummary } from '../queries/drift-summary'
import { provenanceRows, referencesTo, REFERENCES, sourceParents, sourceWriters } from '../queries/source-sync'
import { changedRecordKeys, localChanges } from '../queries/change-log'
import { formatUK } from '../../../shared/civil-date'
import { SOURCE_LIST_NAMES, type SourceDoc, type SourceListName } from './source-doc'

const SCHEMAS = {
  children: childSchema,
  professionals: professionalSchema,
  allocations: allocationSchema,
  plans: planSchema,
  conferences: conferenceSchema,
  visits: visitSchema,
}

/** Records written in one sync above which the drift summary is rebuilt once instead of row by row. */
const BULK_CHANGES = 20_000

/**
 * The latest change made here to one of the fields in which the source's record differs from the
 * caseload's, or null: fields the chair did not change (or changed back) follow the source as usual.
 */
function changedHereToo<E extends object>(sqlite: Database.Database, kind: string, id: string, row: E, source: E, signatureOf: (e: E) => string): { summary: string; at: string } | null {
  // Only the fields the source fills (those of the sync's signature: not `complex` or contact details).
  const mine = signatureOf(row)
  const differing = Object.keys(source).filter((k) => signatureOf({ ...row, [k]: (source as Record<string, unknown>)[k] }) !== mine)
  if (differing.length === 0) return null
  for (const c of localChanges(sqlite, kind, id)) {
    const before = (c.before ? JSON.parse(c.before) : {}) as Record<string, unknown>
    const after = (c.after ? JSON.parse(c.after) : {}) as Record<string, unknown>
    if (differing.some((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))) return c
  }
  return null
}

/** The record kind of each source list, as the change log names it. */
const KIND: Record<SourceListName, string> = { children: 'child', professionals: 'professional', allocations: 'allocation', plans: 'plan', conferences: 'conference', visits: 'visit' }

const LABEL: Record<SourceListName, string> = {
  children: 'Child',
  professionals: 'Professional',
  allocations: 'Allocation',
  plans: 'Plan',
  conferences: 'Conference',
  visits: 'Visit',
}

/**
 * What the comparison looks at: only the fields the source fills (a child's `complex` and a
 * professional's agency and contact details are the caseload's own).
 */
const SIGNATURE: { [L in SourceListName]: (e: ElementOf<L>, source: string) => string } = {
  children: (e, source) => JSON.stringify([source === 'annex-a' ? '' : e.name, e.dateOfBirth ?? null, e.gender ?? null, e.ethnicity ?? null, e.team ?? null]),
  professionals: (e) => JSON.stringify([e.name, e.role]),
  allocations: (e) => JSON.stringify([e.childId, e.professionalId, e.startDate, e.endDate ?? null, e.changeReason ?? null]),
  plans: (e) => JSON.stringify([e.childId, e.startDate, e.endDate ?? null, e.initialCategory, e.latestCategory ?? null, e.previousPlans]),
  conferences: (e) => JSON.stringify([e.planId, e.kind, e.date]),
  visits: (e) => `${e.childId}\u0000${e.date}\u0000${e.seenAlone ? 1 : 0}`,
}

/** Every element must be one a JSON import would accept (the readers should never make another). */
function checkElements(doc: SourceDoc): void {
  for (const list of SOURCE_LIST_NAMES) {
    for (const e of doc.lists[list]) {
      if (elementGuards[list](e)) continue
      const parsed = SCHEMAS[list].safeParse(e)
      if (!parsed.success) {
        throw new DriftwatchError('INTERNAL', `The ${SOURCE_LABELS[doc.source]} gave a ${list} record Driftwatch cannot store (${parsed.error.issues[0]?.message ?? 'invalid'}); nothing has been imported.`)
      }
    }
  }
}

interface Diff {
  added: Record<SourceListName, ElementOf<SourceListName>[]>
  changed: Record<SourceListName, ElementOf<SourceListName>[]>
  removed: Record<SourceListName, string[]>
  conflicts: SyncConflict[]
}

function compare(sqlite: Database.Database, doc: SourceDoc): Diff {
  const source = doc.source
  const label = SOURCE_LABELS[source]
  const added = {} as Diff['added']
  const changed = {} as Diff['changed']
  const removed = {} as Diff['removed']
  const conflicts: SyncConflict[] = []
  const candidates = {} as Record<SourceListName, Set<string>>
  // The records changed here at some time (most source records never are: no query for them).
  const touched = changedRecordKeys(sqlite)
  for (const list of SOURCE_LIST_NAMES) {
    const signatureOf = SIGNATURE[list] as (e: ElementOf<SourceListName>, source: string) => string
    // One map of the source's records; the caseload's are streamed past it (a million visits are not held twice).
    const pending = new Map<string, ElementOf<SourceListName>>()
    for (const e of doc.lists[list] as (ElementOf<SourceListName> & { id: string })[]) pending.set(e.id, e)
    changed[list] = []
    candidates[list] = new Set()
    const provenance = provenanceRows(sqlite, list)
    try {
    for (const row of readList(sqlite, list) as Iterable<ElementOf<SourceListName> & { id: string }>) {
      const [id, from] = provenance.next().value as [string, string | null]
      if (id !== row.id) throw new DriftwatchError('INTERNAL', 'The caseload changed while it was being compared; nothing has been imported.')
      const e = pending.get(id)
      if (e === undefined) {
        if (from === source) candidates[list].add(id)
        continue
      }
      pending.delete(id)
      if (from !== source) {
        conflicts.push({
          list,
          id,
          message:
            from === null
              ? `${LABEL[list]} ${id} is in the ${label} but a ${LABEL[list].toLowerCase()} with that id was recorded here by hand, so it has been left as it is: delete the one recorded here if the ${label}'s should replace it.`
              : `${LABEL[list]} ${id} is in the ${label} but is already held here from the ${SOURCE_LABELS[from as 'ssd']}, so it has been left as it is.`,
        })
      } else if (signatureOf(row, source) !== signatureOf(e, source)) {
        // A field the source would change that the chair changed here (the extract has not caught up):
        // the chair's change stays, and is reported.
        const local = touched.has(`${KIND[list]}\0${id}`) ? changedHereToo(sqlite, KIND[list], id, row, e, (x) => signatureOf(x, source)) : null
        if (local) {
          conflicts.push({
            list,
            id,
            message: `${LABEL[list]} ${id} was changed here ("${local.summary}", ${formatUK(local.at.slice(0, 10))}) and the ${label} still has it as it was, so it has been left as changed here: when the ${label} catches up this stops; to take the ${label}'s version instead, undo or correct the change here.`,
          })
        } else changed[list].push(e)
      }
    }
    } finally {
      // Ends the statement (it is cached) even when the loop stopped early.
      provenance.return?.()
    }
    added[list] = [...pending.values()]
  }

  // A record the source no longer has stays while a local record refers to it (a kept plan keeps its child).
  const kept = new Map<string, Map<string, string[]>>()
  const keep = (list: SourceListName, id: string, what: string, count: number) => {
    let byId = kept.get(list)
    if (!byId) kept.set(list, (byId = new Map()))
    const reasons = byId.get(id) ?? []
    reasons.push(`${count} ${what}`)
    byId.set(id, reasons)
  }
  for (const list of ['plans', 'professionals', 'children'] as const) {
    for (const ref of REFERENCES[list] ?? []) {
      for (const [id, holders] of referencesTo(sqlite, ref, source, candidates[list])) {
        keep(list, id, ref.what[holders.length === 1 ? 0 : 1], holders.length)
      }
    }
    if (list === 'plans') {
      const { planChild } = sourceParents(sqlite, source)
      const keptPlansByChild = new Map<string, number>()
      for (const planId of kept.get('plans')?.keys() ?? []) {
        const child = planChild.get(planId)
        if (child !== undefined && candidates.children.has(child)) keptPlansByChild.set(child, (keptPlansByChild.get(child) ?? 0) + 1)
      }
      for (const [child, count] of keptPlansByChild) keep('children', child, `kept plan${count === 1 ? '' : 's'}`, count)
    }
  }
  const advice: Partial<Record<SourceListName, string>> = {
    plans: 'end the plan or delete it',
    children: "end or delete the child's records here, then delete the child",
    professionals: 'reassign that work, or keep them as a professional recorded here',
  }
  for (const list of SOURCE_LIST_NAMES) {
    const byId = kept.get(list)
    removed[list] = [...candidates[list]].filter((id) => !byId?.has(id))
    for (const [id, reasons] of byId ?? []) {
      conflicts.push({
        list,
        id,
        message: `${LABEL[list]} ${id} is no longer in the ${label} but has ${joinList(reasons)} recorded here: ${advice[list] ?? 'delete it'}.`,
      })
    }
  }
  conflicts.sort((a, b) => LIST_NAMES.indexOf(a.list) - LIST_NAMES.indexOf(b.list) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { added, changed, removed, conflicts }
}

function joinList(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
}

const sortedIds = (elements: readonly { id: string }[]): string[] => elements.map((e) => e.id).sort(compareIds)
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function result(doc: SourceDoc, diff: Diff, dryRun: boolean, firstImport: boolean): SyncResult {
  const added: IdsByList = emptyIds()
  const changed: IdsByList = emptyIds()
  const removed: IdsByList = emptyIds()
  for (const list of SOURCE_LIST_NAMES) {
    added[list] = sortedIds(diff.added[list] as { id: string }[])
    changed[list] = sortedIds(diff.changed[list] as { id: string }[])
    removed[list] = [...diff.removed[list]].sort(compareIds)
  }
  return { source: doc.source, added, changed, removed, conflicts: diff.conflicts, ignoredRows: doc.ignoredRows, dryRun, firstImport }
}

/** Everything in the source is new: the diff of a first import, without reading the (empty) caseload. */
function allAdded(doc: SourceDoc): Diff {
  const empty = (): unknown => Object.fromEntries(SOURCE_LIST_NAMES.map((l) => [l, []]))
  return { added: doc.lists as unknown as Diff['added'], changed: empty() as Diff['changed'], removed: empty() as Diff['removed'], conflicts: [] }
}

/** Imports (empty caseload) or synchronises (otherwise) in one transaction; a dry run writes nothing. */
export function writeSource(db: CaseloadDb, doc: SourceDoc, dryRun: boolean): SyncResult {
  checkElements(doc)
  const { sqlite } = db
  if (dryRun) {
    return sqlite.transaction(() => {
      const first = isCaseloadEmpty(sqlite)
      return result(doc, first ? allAdded(doc) : compare(sqlite, doc), true, first)
    }).deferred()
  }
  return withRollbackJournal(sqlite, () =>
    sqlite
      .transaction(() => {
        if (isCaseloadEmpty(sqlite)) {
          bulkImport(sqlite, doc)
          return result(doc, allAdded(doc), false, true)
        }
        const diff = compare(sqlite, doc)
        applyDiff(sqlite, doc, diff)
        return result(doc, diff, false, false)
      })
      .immediate(),
  )
}

function bulkImport(sqlite: Database.Database, doc: SourceDoc): void {
  const rebuildDriftSummary = deferDriftSummary(sqlite)
  sqlite.pragma('defer_foreign_keys = ON')
  const rebuildIndexes = deferIndexes(sqlite)
  const sink = createDbSink(sqlite, { source: doc.source, sourceId: doc.sourceId })
  for (const list of SOURCE_LIST_NAMES) for (const e of doc.lists[list]) sink.add(list, e as never)
  sink.flush()
  rebuildIndexes()
  rebuildDriftSummary()
}

function applyDiff(sqlite: Database.Database, doc: SourceDoc, diff: Diff): void {
  let total = 0
  for (const list of SOURCE_LIST_NAMES) total += diff.added[list].length + diff.changed[list].length + diff.removed[list].length
  if (total === 0) return
  const rebuildDriftSummary = total > BULK_CHANGES ? deferDriftSummary(sqlite) : null
  sqlite.pragma('defer_foreign_keys = ON')
  const order: SourceListName[] = ['children', 'professionals', 'plans', 'allocations', 'conferences', 'visits']
  for (const list of order) {
    const w = sourceWriters[list](sqlite) as ReturnType<(typeof sourceWriters)['visits']>
    for (const e of diff.added[list] as ElementOf<'visits'>[]) w.insert(e, doc.source, doc.sourceId(list, e.id))
    for (const e of diff.changed[list] as ElementOf<'visits'>[]) w.update(e, doc.sourceId(list, e.id), doc.source)
  }
  for (const list of [...order].reverse()) {
    const w = sourceWriters[list](sqlite)
    for (const id of diff.removed[list]) w.remove(id)
  }
  rebuildDriftSummary?.()
}
